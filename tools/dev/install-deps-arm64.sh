#!/usr/bin/env bash
# Installs what the arm64 cross build (CMake preset `arm64`, docs/arm64.md) needs on a Debian 12
# amd64 machine: the arm64 architecture in dpkg, the cross compiler, qemu-user-static to run the
# arm64 test binaries, and the :arm64 variant of every architecture-specific -dev package that
# tools/dev/install-deps.sh installs for amd64 (that list is read from install-deps.sh, so the
# two cannot drift apart). Header-only packages (Architecture: all) serve both builds as they are.
# Safe to run again: it only calls apt-get when something is missing.
# Usage: tools/dev/install-deps-arm64.sh        (as root, or with sudo available)
# Note: multiarch needs the amd64 and arm64 copies of a library at the same version, so apt may
# upgrade some amd64 packages to the archive's current version while installing their :arm64 twin.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive

# The amd64 side first: cmake, ninja, fonts, the headers-only packages and the native tools.
"$here/install-deps.sh"

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

updated=0
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  echo "Adding the arm64 architecture to dpkg" >&2
  $SUDO dpkg --add-architecture arm64
  $SUDO apt-get update -q
  updated=1
fi

# Every *-dev word inside the PACKAGES=( ... ) list of install-deps.sh.
mapfile -t dev_packages < <(sed -n '/^PACKAGES=(/,/^)/p' "$here/install-deps.sh" | tr -s ' \t' '\n' | grep -- '-dev$' || true)
[ ${#dev_packages[@]} -gt 0 ] || { echo "install-deps-arm64.sh: no -dev packages found in install-deps.sh" >&2; exit 1; }

wanted=(crossbuild-essential-arm64 qemu-user-static)
for p in "${dev_packages[@]}"; do
  arch=$(apt-cache show --no-all-versions "$p" 2>/dev/null | awk '/^Architecture:/ { print $2; exit }')
  if [ -z "$arch" ] && [ "$updated" = 0 ]; then
    # No package lists yet (a fresh container): read them once and ask again.
    $SUDO apt-get update -q
    updated=1
    arch=$(apt-cache show --no-all-versions "$p" 2>/dev/null | awk '/^Architecture:/ { print $2; exit }')
  fi
  [ -n "$arch" ] || { echo "install-deps-arm64.sh: apt knows no package '$p'" >&2; exit 1; }
  if [ "$arch" = all ]; then
    continue # headers only: the amd64 install already serves the cross build
  fi
  wanted+=("$p:arm64")
done

missing=()
for p in "${wanted[@]}"; do
  installed "$p" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing: ${missing[*]}" >&2
[ "$updated" = 1 ] || $SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
