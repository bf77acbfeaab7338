#!/usr/bin/env bash
# Checks the USB auto-mount packaging (packaging/udev, packaging/systemd,
# packaging/usb): the rule parses and matches only USB file systems, the unit
# verifies, and the helper mounts read-only with nosuid,nodev,noexec under a
# safe folder name. Parts that need tools or root this machine lacks are
# skipped with a message; the rest still runs.
# Usage: check_usb_packaging.sh <source dir>
set -euo pipefail

src=${1:?usage: check_usb_packaging.sh <source dir>}
rule=$src/packaging/udev/99-stadtteilkompass-usb.rules
unit=$src/packaging/systemd/stadtteilkompass-usb-mount@.service
helper=$src/packaging/usb/usb-mount
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
expect_line() { grep -qxF -- "$2" "$1" || fail "$(basename "$1") lacks the line: $2"; }

# 1. The rule's matches, line by line (a typo here mounts the wrong disks).
expect_line "$rule" 'ACTION!="add", GOTO="stadtteilkompass_usb_end"'
expect_line "$rule" 'SUBSYSTEM!="block", GOTO="stadtteilkompass_usb_end"'
expect_line "$rule" 'ENV{ID_BUS}!="usb", GOTO="stadtteilkompass_usb_end"'
expect_line "$rule" 'ENV{ID_FS_USAGE}!="filesystem", GOTO="stadtteilkompass_usb_end"'
expect_line "$rule" 'TAG+="systemd", ENV{SYSTEMD_WANTS}+="stadtteilkompass-usb-mount@%k.service"'
expect_line "$rule" 'LABEL="stadtteilkompass_usb_end"'
grep -v '^#' "$rule" | grep -q 'RUN' && fail "the rule must not mount from RUN (udev kills it and has its own mount namespace)"

# 2. udev parses the rule: udevadm 252 has no "verify" (it came in 254), so
#    run "udevadm test" on any device with the rule placed in /etc/udev/rules.d
#    of a private mount namespace; parse errors name the file and line.
if ! command -v udevadm >/dev/null; then
  echo "SKIP rule parse: udevadm not installed (apt-get install udev)"
elif [ "$(id -u)" -ne 0 ] || ! unshare -m true 2>/dev/null; then
  echo "SKIP rule parse: needs root and unshare -m for a private /etc/udev/rules.d"
else
  dev=$(ls -d /sys/class/block/* /sys/class/mem/null 2>/dev/null | head -n 1)
  unshare -m sh -c 'mount -t tmpfs tmpfs /etc/udev/rules.d && cp "$1" /etc/udev/rules.d/ && udevadm test "$2" 2>&1' \
    sh "$rule" "$dev" >"$tmp/udev.out" || true
  grep -q 'Reading rules file: /etc/udev/rules.d/99-stadtteilkompass-usb.rules' "$tmp/udev.out" ||
    fail "udevadm test did not read the rule: $(head -n 5 "$tmp/udev.out")"
  if grep '99-stadtteilkompass-usb.rules:' "$tmp/udev.out"; then fail "udev reports problems in the rule (above)"; fi
  echo "ok: udevadm test parsed the rule without complaint ($dev)"
fi

# 3. The unit verifies (instance sda1, helper path pointed at the source tree).
if command -v systemd-analyze >/dev/null; then
  sed "s#/usr/libexec/stadtteilkompass/usb-mount#$helper#" "$unit" >"$tmp/stadtteilkompass-usb-mount@sda1.service"
  if ! systemd-analyze verify "$tmp/stadtteilkompass-usb-mount@sda1.service" >"$tmp/verify.out" 2>&1 ||
    [ -s "$tmp/verify.out" ]; then
    cat "$tmp/verify.out" >&2
    fail "systemd-analyze verify complains about the unit"
  else
    echo "ok: systemd-analyze verify"
  fi
else
  echo "SKIP unit verify: systemd-analyze not installed"
fi

# 4. The helper, with udevadm, mountpoint and systemd-mount replaced by stubs
#    that print what they were asked (no device needed).
mkdir -p "$tmp/bin"
cat >"$tmp/bin/udevadm" <<'STUB'
#!/bin/sh
printf 'DEVNAME=%s\nID_FS_LABEL=%s\nID_FS_TYPE=%s\nID_FS_USAGE=filesystem\nID_BUS=usb\n' "$4" "$FAKE_LABEL" "$FAKE_TYPE"
STUB
cat >"$tmp/bin/systemd-mount" <<'STUB'
#!/bin/sh
for a in "$@"; do printf '%s\n' "$a"; last=$a; done
# A stick prepared for the statistics export: what the mount would show.
if [ -n "${FAKE_EXPORT:-}" ]; then mkdir -p "$last/KIOSK" && : >"$last/KIOSK/Export-Stats"; fi
STUB
cat >"$tmp/bin/mount" <<'STUB'
#!/bin/sh
printf 'mount %s\n' "$*"
STUB
cat >"$tmp/bin/logger" <<'STUB'
#!/bin/sh
printf 'logger %s\n' "$*" >>"$LOGGER_OUT"
STUB
cat >"$tmp/bin/mountpoint" <<'STUB'
#!/bin/sh
[ "$2" = "$FAKE_MOUNTED" ]
STUB
chmod +x "$tmp/bin/"*
run_helper() { # label type mounted-path device
  FAKE_LABEL=$1 FAKE_TYPE=$2 FAKE_MOUNTED=$3 STADTTEILKOMPASS_USB_BASE=$tmp/mnt/usb PATH="$tmp/bin:$PATH" \
    LOGGER_OUT=$tmp/logger.out \
    sh "$helper" "$4"
}
check_helper() { # expected-args-file label type mounted device
  run_helper "$2" "$3" "$4" "$5" >"$tmp/got" || fail "helper failed for label '$2'"
  diff -u "$1" "$tmp/got" || fail "helper arguments for label '$2' differ (above)"
}
printf '%s\n' --automount=no --collect --fsck=no --type=vfat --options=ro,nosuid,nodev,noexec,utf8 \
  '--description=Stadtteilkompass USB stick KIOSKSTICK' /dev/sda1 "$tmp/mnt/usb/KIOSKSTICK" >"$tmp/want1"
check_helper "$tmp/want1" KIOSKSTICK vfat "" /dev/sda1
printf '%s\n' --automount=no --collect --fsck=no --type=exfat --options=ro,nosuid,nodev,noexec \
  '--description=Stadtteilkompass USB stick Fotos/2026 Mai' /dev/sdb1 "$tmp/mnt/usb/Fotos_2026_Mai" >"$tmp/want2"
check_helper "$tmp/want2" 'Fotos/2026 Mai' exfat "" /dev/sdb1
printf '%s\n' --automount=no --collect --fsck=no --type=vfat --options=ro,nosuid,nodev,noexec,utf8 \
  '--description=Stadtteilkompass USB stick ..' /dev/sdc "$tmp/mnt/usb/sdc" >"$tmp/want3"
check_helper "$tmp/want3" '..' vfat "" /dev/sdc
printf '%s\n' --automount=no --collect --fsck=no --type=ntfs3 --options=ro,nosuid,nodev,noexec \
  '--description=Stadtteilkompass USB stick sdd1' /dev/sdd1 "$tmp/mnt/usb/sdd1" >"$tmp/want4"
check_helper "$tmp/want4" '' ntfs3 "" /dev/sdd1
# Only vfat, exfat, ntfs and ntfs3 are mounted: an ext4 stick (FIFOs, symlinks,
# device nodes), or one whose type udev could not tell, gets no systemd-mount
# call, exit 0, and one line in the journal (logger) and on stderr.
for t in ext4 ''; do
  rm -f "$tmp/logger.out"
  if ! run_helper LINUXSTICK "$t" "" /dev/sdg1 >"$tmp/got" 2>"$tmp/err"; then fail "helper failed for type '$t'"; fi
  [ -s "$tmp/got" ] && fail "a '$t' stick was mounted: $(tr '\n' ' ' <"$tmp/got")"
  want="not mounting /dev/sdg1: file system '${t:-unknown}' is not one of vfat, exfat, ntfs, ntfs3 (docs/usb.md)"
  [ "$(cat "$tmp/logger.out" 2>/dev/null)" = "logger -t stadtteilkompass-usb -- $want" ] ||
    fail "no journal line for a '$t' stick: $(cat "$tmp/logger.out" 2>/dev/null)"
  [ "$(cat "$tmp/err")" = "usb-mount: $want" ] || fail "stderr for a '$t' stick: $(cat "$tmp/err")"
done
printf '%s\n' --automount=no --collect --fsck=no --type=vfat --options=ro,nosuid,nodev,noexec,utf8 \
  '--description=Stadtteilkompass USB stick STICK' /dev/sde1 "$tmp/mnt/usb/STICK-sde1" >"$tmp/want5"
check_helper "$tmp/want5" STICK vfat "$tmp/mnt/usb/STICK" /dev/sde1
# A stick with kiosk/export-stats (any case) is remounted writable, still nosuid,nodev,noexec.
printf '%s\n' --automount=no --collect --fsck=no --type=vfat --options=ro,nosuid,nodev,noexec,utf8 \
  '--description=Stadtteilkompass USB stick STATS' /dev/sdf1 "$tmp/mnt/usb/STATS" \
  "mount -o remount,rw,nosuid,nodev,noexec,flush $tmp/mnt/usb/STATS" >"$tmp/want6"
FAKE_EXPORT=1 check_helper "$tmp/want6" STATS vfat "" /dev/sdf1

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "ok: USB packaging checks passed"
