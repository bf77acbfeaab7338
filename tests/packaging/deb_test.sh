#!/usr/bin/env bash
# The Debian packages (cmake/KioskPackaging.cmake): cpack builds them from this build tree,
# then dpkg-deb checks files, modes, conffiles, Depends and maintainer scripts; lintian finds
# no errors and no warning outside tests/packaging/lintian-accepted.txt; systemd-analyze verify
# accepts every unit. Prints the packages' folder as "packages: DIR" (kept when KEEP_DEBS=DIR).
# Exit 77 (skipped) without dpkg-deb or cpack.
# Usage: deb_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
bin="$1" src="$2"
command -v dpkg-deb >/dev/null || { echo "SKIPPED: dpkg-deb not installed"; exit 77; }
command -v cpack >/dev/null || { echo "SKIPPED: cpack not installed"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

out="${KEEP_DEBS:-$work/debs}"
(cd "$bin" && cpack -G DEB -B "$out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; echo "FAIL: cpack"; exit 1; }
version=$(sed -n 's/^project(stadtteilkompass VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
arch=$(dpkg --print-architecture)
kiosk_deb="$out/stadtteilkompass_${version}_${arch}.deb"
tools_deb="$out/stadtteilkompass-tools_${version}_${arch}.deb"
[ -f "$kiosk_deb" ] && [ -f "$tools_deb" ] || { ls -la "$out"; echo "FAIL: expected $kiosk_deb and $tools_deb"; exit 1; }
echo "packages: $out"

# 1. Files, owners and modes (dpkg-deb -c: "mode owner size date time path").
dpkg-deb -c "$kiosk_deb" | awk '{print $1, $2, $6}' >"$work/kiosk.contents"
expect_file() { # mode path
    grep -qxF -- "$1 root/root ./$2" "$work/kiosk.contents" || fail "stadtteilkompass lacks $1 $2"
}
expect_file -rwxr-xr-x usr/bin/kiosk
expect_file -rw-r--r-- etc/stadtteilkompass/kiosk.json
expect_file -rw-r--r-- etc/pam.d/stadtteilkompass
expect_file -rw-r--r-- lib/systemd/system/stadtteilkompass.service
expect_file -rw-r--r-- lib/systemd/system/stadtteilkompass-kms.service
expect_file -rw-r--r-- lib/systemd/system/stadtteilkompass-usb-mount@.service
expect_file -rw-r--r-- lib/udev/rules.d/99-stadtteilkompass-usb.rules
expect_file -rwxr-xr-x usr/libexec/stadtteilkompass/usb-mount
expect_file -rw-r--r-- usr/share/doc/stadtteilkompass/copyright
expect_file -rw-r--r-- usr/share/doc/stadtteilkompass/changelog.gz
expect_file -rw-r--r-- usr/share/doc/stadtteilkompass/raspberry-pi.md
grep -v ' root/root ' "$work/kiosk.contents" && fail "files not owned by root (above)"
grep -q 'kiosk-pack' "$work/kiosk.contents" && fail "kiosk-pack belongs to stadtteilkompass-tools"
dpkg-deb -c "$tools_deb" | awk '{print $1, $2, $6}' >"$work/tools.contents"
grep -qxF -- "-rwxr-xr-x root/root ./usr/bin/kiosk-pack" "$work/tools.contents" || fail "stadtteilkompass-tools lacks usr/bin/kiosk-pack"
grep -qxF -- "-rw-r--r-- root/root ./usr/share/doc/stadtteilkompass-tools/copyright" "$work/tools.contents" ||
    fail "stadtteilkompass-tools lacks its copyright file"
grep -q './usr/bin/kiosk$' "$work/tools.contents" && fail "the kiosk binary belongs to stadtteilkompass"

# 2. Control fields.
field() { dpkg-deb -f "$1" "$2"; }
[ "$(field "$kiosk_deb" Version)" = "$version" ] || fail "Version $(field "$kiosk_deb" Version), expected $version"
[ "$(field "$kiosk_deb" Architecture)" = "$arch" ] || fail "Architecture $(field "$kiosk_deb" Architecture)"
depends=$(field "$kiosk_deb" Depends)
for dep in "cage" "fonts-dejavu-core | fonts-noto-core" "fonts-material-design-icons-iconfont" "adduser" \
    "libpam-systemd" "systemd" "udev" "libsdl2-2.0-0 (>=" "libsqlite3-0 (>=" "libsodium23 (>=" "libcurl4" \
    "libqrcodegencpp1 (>=" "libstdc++6 (>=" "libc6 (>="; do
    case ", $depends," in *", $dep"*) ;; *) fail "stadtteilkompass Depends lacks '$dep': $depends" ;; esac
done
tools_depends=$(field "$tools_deb" Depends)
for dep in "libsodium23 (>=" "libsqlite3-0 (>=" "libc6 (>="; do
    case ", $tools_depends," in *", $dep"*) ;; *) fail "stadtteilkompass-tools Depends lacks '$dep': $tools_depends" ;; esac
done
case "$tools_depends" in *cage* | *libsdl2*) fail "stadtteilkompass-tools must not need the kiosk's display stack: $tools_depends" ;; esac

# 3. Conffiles and maintainer scripts.
mkdir "$work/control"
dpkg-deb -e "$kiosk_deb" "$work/control"
printf '/etc/stadtteilkompass/kiosk.json\n/etc/pam.d/stadtteilkompass\n' >"$work/conffiles.want"
diff -u "$work/conffiles.want" "$work/control/conffiles" || fail "conffiles differ (above)"
for s in postinst prerm postrm; do
    [ -x "$work/control/$s" ] || fail "$s missing or not executable"
    sh -n "$work/control/$s" || fail "$s: shell syntax"
done
grep -q 'adduser --system --group --quiet --home "$data" --no-create-home' "$work/control/postinst" ||
    fail "postinst does not create the kiosk system user"
grep -q "deb-systemd-helper enable 'stadtteilkompass.service'" "$work/control/postinst" || fail "postinst does not enable the unit"
grep -q "deb-systemd-helper enable 'stadtteilkompass-kms.service'" "$work/control/postinst" &&
    fail "postinst must not enable the KMS/DRM variant"
grep -q 'rm -rf /var/lib/stadtteilkompass' "$work/control/postrm" || fail "postrm purge keeps the data directory"
# The shipped configuration is JSON the kiosk reads without notes (checked with its own parser below).
mkdir "$work/root"
dpkg-deb -x "$kiosk_deb" "$work/root"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/root/etc/stadtteilkompass/kiosk.json" 2>/dev/null ||
    fail "etc/stadtteilkompass/kiosk.json is not JSON"
"$work/root/usr/bin/kiosk" --help >/dev/null || fail "the packaged kiosk does not run (--help)"

# 4. lintian: no errors; warnings only those accepted, each with its reason.
if command -v lintian >/dev/null; then
    lintian --tag-display-limit 0 "$kiosk_deb" "$tools_deb" >"$work/lintian.out" 2>&1 || true
    grep -E '^E: ' "$work/lintian.out" && fail "lintian errors (above)"
    grep -E '^W: ' "$work/lintian.out" | while read -r line; do
        tag=$(printf '%s\n' "$line" | sed -E 's/^W: ([^:]+): ([^ ]+).*/\1 \2/')
        grep -qE "^$tag( |$)" "$src/tests/packaging/lintian-accepted.txt" || echo "$line"
    done >"$work/lintian.new"
    if [ -s "$work/lintian.new" ]; then cat "$work/lintian.new" >&2; fail "lintian warnings not in lintian-accepted.txt (above)"; fi
    echo "ok: lintian: $(grep -c '^E: ' "$work/lintian.out" || true) errors, $(grep -c '^W: ' "$work/lintian.out" || true) accepted warnings"
else
    echo "SKIP lintian: not installed (apt-get install lintian)"
fi

# 5. systemd-analyze verify of every packaged unit. cage is not installed on a build machine: it
#    stands in as /bin/true; the kiosk and the helper are the packaged ones.
if command -v systemd-analyze >/dev/null; then
    mkdir "$work/units"
    for unit in "$work"/root/lib/systemd/system/*.service; do
        name=$(basename "$unit")
        [ "$name" = "stadtteilkompass-usb-mount@.service" ] && name="stadtteilkompass-usb-mount@sda1.service"
        sed -e "s#/usr/bin/cage #/bin/true #" -e "s#/usr/bin/kiosk #$work/root/usr/bin/kiosk #" \
            -e "s#/usr/libexec/stadtteilkompass/#$work/root/usr/libexec/stadtteilkompass/#" "$unit" >"$work/units/$name"
    done
    if ! systemd-analyze verify "$work"/units/*.service >"$work/verify.out" 2>&1 || [ -s "$work/verify.out" ]; then
        cat "$work/verify.out" >&2
        fail "systemd-analyze verify complains (above)"
    else
        echo "ok: systemd-analyze verify: $(ls "$work/units" | tr '\n' ' ')"
    fi
else
    echo "SKIP unit verify: systemd-analyze not installed"
fi

# 6. The settings the watchdog and the crash-loop fall-back rely on, in both kiosk units.
for unit in stadtteilkompass.service stadtteilkompass-kms.service; do
    f="$work/root/lib/systemd/system/$unit"
    for line in Type=notify WatchdogSec=30 Restart=always StartLimitIntervalSec=0 User=kiosk TTYPath=/dev/tty1 \
        Conflicts=getty@tty1.service; do
        grep -qxF "$line" "$f" || fail "$unit lacks $line"
    done
done
grep -qxF NotifyAccess=all "$work/root/lib/systemd/system/stadtteilkompass.service" ||
    fail "stadtteilkompass.service: the kiosk is cage's child and needs NotifyAccess=all"
grep -q -- '-- /usr/bin/env -u WATCHDOG_PID /usr/bin/kiosk ' "$work/root/lib/systemd/system/stadtteilkompass.service" ||
    fail "stadtteilkompass.service: WATCHDOG_PID (cage's pid) must be removed for the kiosk"

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed" >&2
    exit 1
fi
echo "PASS: packages, lintian and units"
