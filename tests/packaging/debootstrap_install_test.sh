#!/usr/bin/env bash
# `apt install ./stadtteilkompass_*.deb` into a clean Debian 12 root (debootstrap --variant=minbase
# bookworm): apt must pull in every dependency, the maintainer scripts must create the kiosk user
# (groups video, render, input where they exist), /var/lib/stadtteilkompass owned by it and enable
# stadtteilkompass.service; both binaries must run there (all their libraries present). Then
# remove and purge: the unit is masked/purged, the data directory gone, the user stays.
# The clean root and the downloaded .debs are cached outside the repository
# ($STADTTEILKOMPASS_CACHE, default ~/.cache/stadtteilkompass): the first run downloads (~2-4 min),
# later runs need no network and take well under a minute.
# Exit 77 (skipped) without root, debootstrap, chroot or a reachable mirror (first run only).
# Usage: debootstrap_install_test.sh DEB_DIR     (the folder deb_test.sh kept, with both .debs)
set -euo pipefail
debs="$1"
skip() { echo "SKIPPED: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "needs root (debootstrap and chroot)"
command -v chroot >/dev/null || skip "chroot not found"
kiosk_deb=$(ls "$debs"/stadtteilkompass_*_"$(dpkg --print-architecture)".deb 2>/dev/null | head -n 1)
tools_deb=$(ls "$debs"/stadtteilkompass-tools_*_"$(dpkg --print-architecture)".deb 2>/dev/null | head -n 1)
[ -n "$kiosk_deb" ] && [ -n "$tools_deb" ] || { echo "FAIL: no packages in $debs"; exit 1; }

cache="${STADTTEILKOMPASS_CACHE:-${HOME:-/root}/.cache/stadtteilkompass}"
base="$cache/bookworm-minbase.tar"
archives="$cache/apt-archives"
mirror=$(sed -n 's/^URIs: *\(http[^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
mirror="${mirror:-http://deb.debian.org/debian}"
mkdir -p "$archives/partial"

if [ ! -f "$base" ]; then
    command -v debootstrap >/dev/null || skip "debootstrap not installed (apt-get install debootstrap) and no cached root at $base"
    timeout 15 bash -c 'exec 3<>"/dev/tcp/$1/80"' _ "$(echo "$mirror" | sed -E 's#^https?://([^/]+).*#\1#')" 2>/dev/null ||
        skip "the Debian mirror $mirror is not reachable and no cached root at $base"
    tmproot=$(mktemp -d)
    echo "debootstrap --variant=minbase bookworm from $mirror (cached afterwards in $base)"
    debootstrap --variant=minbase --cache-dir="$archives" bookworm "$tmproot" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
        { tail -n 20 "$cache/debootstrap.log"; rm -rf "$tmproot"; echo "FAIL: debootstrap"; exit 1; }
    printf 'deb %s bookworm main\ndeb %s bookworm-updates main\n' "$mirror" "$mirror" >"$tmproot/etc/apt/sources.list"
    chroot "$tmproot" apt-get update -q >/dev/null || { rm -rf "$tmproot"; skip "apt-get update in the new root failed"; }
    tar -C "$tmproot" -cf "$base.tmp" . && mv "$base.tmp" "$base"
    rm -rf "$tmproot"
fi

root=$(mktemp -d)
cleanup() {
    for m in "$root/var/cache/apt/archives" "$root/proc" "$root/dev"; do umount "$m" 2>/dev/null || true; done
    rm -rf --one-file-system "$root"
}
trap cleanup EXIT
tar -C "$root" -xf "$base"
mount --bind "$archives" "$root/var/cache/apt/archives"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
cp "$kiosk_deb" "$tools_deb" "$root/tmp/"
fail() { echo "FAIL: $*"; exit 1; }
in_root() { chroot "$root" env DEBIAN_FRONTEND=noninteractive LC_ALL=C "$@"; }

# No services start in a chroot (policy-rc.d), as on a Debian build daemon.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d" && chmod +x "$root/usr/sbin/policy-rc.d"
start=$(date +%s)
in_root apt-get install -y -q --no-install-recommends -o DPkg::Options::=--force-unsafe-io \
    "/tmp/$(basename "$kiosk_deb")" "/tmp/$(basename "$tools_deb")" >"$root/tmp/apt.log" 2>&1 ||
    { tail -n 30 "$root/tmp/apt.log"; fail "apt-get install of the packages"; }
echo "ok: apt-get install pulled $(grep -c '^Setting up ' "$root/tmp/apt.log") packages in $(( $(date +%s) - start )) s"

in_root dpkg-query -W -f='${Status}\n' stadtteilkompass | grep -qx 'install ok installed' || fail "stadtteilkompass not installed"
in_root dpkg-query -W -f='${Status}\n' cage | grep -qx 'install ok installed' || fail "cage was not pulled in"
in_root getent passwd kiosk | grep -q ':/var/lib/stadtteilkompass:/usr/sbin/nologin$' || fail "kiosk user: $(in_root getent passwd kiosk)"
groups=$(in_root id -nG kiosk)
for g in video input; do case " $groups " in *" $g "*) ;; *) fail "kiosk is not in group $g: $groups" ;; esac; done
[ "$(in_root stat -c '%U:%G %a' /var/lib/stadtteilkompass)" = "kiosk:kiosk 750" ] ||
    fail "/var/lib/stadtteilkompass: $(in_root stat -c '%U:%G %a' /var/lib/stadtteilkompass)"
[ -L "$root/etc/systemd/system/multi-user.target.wants/stadtteilkompass.service" ] || fail "stadtteilkompass.service not enabled"
[ -e "$root/etc/systemd/system/multi-user.target.wants/stadtteilkompass-kms.service" ] && fail "the KMS/DRM variant got enabled"
in_root test -x /usr/bin/cage || fail "/usr/bin/cage missing"
in_root /usr/bin/kiosk --help >/dev/null || fail "kiosk does not run in the clean root (a missing library?)"
in_root /usr/bin/kiosk-pack --help >/dev/null || fail "kiosk-pack does not run in the clean root"
in_root /usr/bin/kiosk --hash-pin 4711 | grep -q '^\$argon2id\$' || fail "kiosk --hash-pin"

in_root apt-get purge -y -q stadtteilkompass stadtteilkompass-tools >"$root/tmp/purge.log" 2>&1 ||
    { tail -n 20 "$root/tmp/purge.log"; fail "purge"; }
[ -e "$root/var/lib/stadtteilkompass" ] && fail "purge left /var/lib/stadtteilkompass"
[ -e "$root/etc/systemd/system/multi-user.target.wants/stadtteilkompass.service" ] && fail "purge left the unit enabled"
[ -e "$root/etc/stadtteilkompass/kiosk.json" ] && fail "purge left the configuration"
in_root getent passwd kiosk >/dev/null || fail "purge removed the kiosk user (Debian keeps system users)"
echo "PASS: installed into a clean Debian 12 root, ran, purged"
