#!/usr/bin/env bash
# Builds the Debian packages in one command (docs/raspberry-pi.md):
#   build/packages/stadtteilkompass_<version>_<arch>.deb        the kiosk for the device
#   build/packages/stadtteilkompass-tools_<version>_<arch>.deb  kiosk-pack for the office PC
# Usage: tools/dev/package.sh [amd64|arm64]     (default: this machine's architecture)
#   arm64 cross-compiles with cmake/toolchain-aarch64.cmake (crossbuild-essential-arm64 and the
#   :arm64 -dev packages, tools/dev/install-deps-arm64.sh); a Raspberry Pi 3/4/5 with a 64-bit
#   Raspberry Pi OS takes the arm64 package.
# Environment: JOBS (parallel compile jobs, default: all cores), KIOSK_PACKAGE_BUILD_DIR (the
#   build tree, default build/package-<arch>).
set -euo pipefail
cd "$(dirname "$0")/../.."
arch="${1:-$(dpkg --print-architecture)}"
host="$(dpkg --print-architecture)"
jobs="${JOBS:-$(nproc)}"
build="${KIOSK_PACKAGE_BUILD_DIR:-build/package-$arch}"
out="build/packages"
args=(-G Ninja -DCMAKE_BUILD_TYPE=Release -DKIOSK_BUILD_TESTS=OFF -DKIOSK_BUILD_BENCH=OFF -DKIOSK_WERROR=OFF)
# No -Werror here: GCC 12 at -O3 warns falsely inside std::string (-Wrestrict); the ci preset checks warnings.

if [ "$arch" != "$host" ]; then
    case "$arch" in
        arm64) toolchain=cmake/toolchain-aarch64.cmake ;; # the `arm64` preset's (docs/arm64.md)
        *) echo "package.sh: cannot build $arch packages on $host (only amd64 and arm64)" >&2; exit 2 ;;
    esac
    [ -f "$toolchain" ] || { echo "package.sh: $toolchain is missing" >&2; exit 2; }
    args+=(-DCMAKE_TOOLCHAIN_FILE="$PWD/$toolchain")
    # dpkg-shlibdeps looks for the target's libraries and objdump by the host architecture it is told.
    export DEB_HOST_ARCH="$arch"
    DEB_HOST_GNU_TYPE="$(dpkg-architecture -a"$arch" -qDEB_HOST_GNU_TYPE 2>/dev/null)"
    DEB_HOST_MULTIARCH="$(dpkg-architecture -a"$arch" -qDEB_HOST_MULTIARCH 2>/dev/null)"
    export DEB_HOST_GNU_TYPE DEB_HOST_MULTIARCH
fi

for tool in dpkg-deb dpkg-shlibdeps; do
    command -v "$tool" >/dev/null || { echo "package.sh: $tool not found (apt-get install dpkg-dev)" >&2; exit 2; }
done

cmake -S . -B "$build" "${args[@]}" >/dev/null
cmake --build "$build" -j"$jobs" --target kiosk kiosk-pack
mkdir -p "$out"
rm -f "$out"/stadtteilkompass*_"$arch".deb
out_abs="$PWD/$out"
(cd "$build" && cpack -G DEB -B "$out_abs" >/dev/null)
rm -rf "$out/_CPack_Packages"
ls -1 "$out"/stadtteilkompass*_"$arch".deb
