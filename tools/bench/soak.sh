#!/usr/bin/env bash
# The full soak run (docs/soak.md): 1,000,000 random visitor events through the headless kiosk of
# a Release build, swapping between two packs of one channel every 20,000 events, RSS and open
# descriptors sampled every 5,000 events. Prints the kiosk's samples and summary, and keeps the
# CSV. Exit status: the kiosk's verdict (1 if descriptors grew, or RSS grew more than 2 MB after
# the warm-up).
# Usage: tools/bench/soak.sh [BUILD_DIR (default build/bench)] [EVENTS (default 1000000)] [extra kiosk options]
#   e.g. tools/bench/soak.sh build/bench 1000000 --soak-render-every 16 --seed 7
# Environment: SOAK_OUT=DIR keeps the packs, config, output and CSV there (default: a temp dir, removed).
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$here/build/bench}" && pwd)
events=${2:-1000000}
shift $(( $# > 2 ? 2 : $# ))
kiosk="$build/kiosk/kiosk" kpack="$build/tools/kiosk-pack"
[ -x "$kiosk" ] && [ -x "$kpack" ] || { echo "build first: cmake --preset bench && cmake --build build/bench" >&2; exit 2; }
if [ -n "${SOAK_OUT:-}" ]; then work=$SOAK_OUT; mkdir -p "$work"; else work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; fi
rm -rf "$work/b" "$work/data" "$work/usb"
mkdir -p "$work/b" "$work/data" "$work/usb"
"$kpack" build "$here/content/sample" -o "$work/a.kpack" --sign "$here/content/demo-keys/demo.key" \
    --version 202608010000 --today 2026-08-01 --quiet
cp -r "$here/tests/data/sources/good-full/." "$work/b/"
sed -i 's/"channel": *"[^"]*"/"channel": "beispiel"/' "$work/b/pack.json"
"$kpack" build "$work/b" -o "$work/b.kpack" --sign "$here/content/demo-keys/demo.key" \
    --version 202608020000 --today 2026-08-01 --quiet
pin_hash=$("$kiosk" --hash-pin 90817263)
cat >"$work/config.json" <<JSON
{"data_dir": "$work/data", "usb_roots": ["$work/usb"], "usb_require_mount_point": false,
 "screen_on_hours": "Mo-Sa 07:00-20:00", "staff_pin_hash": "$pin_hash"}
JSON
echo "soak: $events events, build $build, work dir $work, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s)
rc=0
( cd "$work" && /usr/bin/time -f 'soak-process cpu-user-s %U cpu-sys-s %S wall-s %e max-rss-kib %M' \
    "$kiosk" --headless --size 800x480 --config config.json --pack a.kpack --soak-pack b.kpack \
    --trust-pubkey "$here/content/demo-keys/demo.pub" --now 2026-08-17T10:00 \
    --soak "$events" --seed 20260817 --soak-swap-every 20000 --soak-report-every 5000 \
    --soak-max-rss-growth-kib 2048 --soak-report "$work/soak.csv" "$@" ) 2> >(grep -v 'wrong staff PIN' >&2) || rc=$?
echo "soak: exit $rc after $(( $(date +%s) - start )) s; samples in $work/soak.csv"
exit $rc
