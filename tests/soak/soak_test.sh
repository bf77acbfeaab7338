#!/usr/bin/env bash
# The soak test in CI (docs/soak.md): the real kiosk, headless, a seeded random visitor for
# EVENTS events, swapping between the sample pack and a second pack of the same channel
# (tests/data/sources/good-full, rebuilt as channel "beispiel") every EVENTS/8 events through the
# app's content swap, with a configuration that enables the staff PIN, night hours, the log,
# the statistics and the installer worker. Fails when open descriptors grow after the warm-up,
# when RSS grows more than MAX_KIB after the warm-up (the kiosk checks both and exits 1), when a
# swap fails, or when the run did not reach the screens it must reach.
# SANITIZE=1 (CMake's KIOSK_SANITIZE): the kiosk must say it skipped the RSS bound itself
# (it sees __SANITIZE_ADDRESS__); descriptors, swaps and ASan's own findings still fail the run.
# Usage: soak_test.sh KIOSK KIOSK_PACK SOURCE_DIR EVENTS MAX_KIB SANITIZE
set -euo pipefail
kiosk="$1" kpack="$2" src="$3" events="$4" max_kib="$5" sanitize="$6"
swap_every=$((events / 8))
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/b" "$work/data" "$work/usb"
"$kpack" build "$src/content/sample" -o "$work/a.kpack" --sign "$src/content/demo-keys/demo.key" \
    --version 202608010000 --today 2026-08-01 --quiet
cp -r "$src/tests/data/sources/good-full/." "$work/b/"
sed -i 's/"channel": *"[^"]*"/"channel": "beispiel"/' "$work/b/pack.json"
"$kpack" build "$work/b" -o "$work/b.kpack" --sign "$src/content/demo-keys/demo.key" \
    --version 202608020000 --today 2026-08-01 --quiet
# A PIN the visitor's random digits practically never type: the PIN pad sees wrong PINs only.
pin_hash=$("$kiosk" --hash-pin 90817263)
cat >"$work/config.json" <<JSON
{"data_dir": "$work/data", "usb_roots": ["$work/usb"], "usb_require_mount_point": false,
 "screen_on_hours": "Mo-Sa 07:00-20:00", "staff_pin_hash": "$pin_hash"}
JSON

rc=0
( cd "$work" && "$kiosk" --headless --size 800x480 --config config.json --pack a.kpack --soak-pack b.kpack \
    --trust-pubkey "$src/content/demo-keys/demo.pub" --now 2026-08-17T10:00 \
    --soak "$events" --seed 20260817 --soak-swap-every "$swap_every" --soak-report-every 250 --soak-render-every 8 \
    --soak-max-rss-growth-kib "$max_kib" --soak-report "$work/soak.csv" ) >"$work/out.txt" 2>"$work/err.txt" || rc=$?
grep -v '^soak events ' "$work/out.txt" || true
echo "stderr: $(wc -l <"$work/err.txt") lines ($(grep -c 'wrong staff PIN' "$work/err.txt" || true) wrong PINs)"
grep -v 'wrong staff PIN' "$work/err.txt" | head -20 || true
fail() { echo "FAIL: $*"; exit 1; }
[ "$rc" = 0 ] || fail "the soak run exited $rc"
summary=$(grep '^soak-summary ' "$work/out.txt") || fail "no summary line"
field() { echo "$summary" | awk -v k="$1" '{for (i = 1; i < NF; i++) if ($i == k) print $(i + 1)}'; }
[ "$(field events)" = "$events" ] || fail "summary counts $(field events) events, not $events"
[ "$(field swaps)" = 8 ] || fail "$(field swaps) swaps, expected 8"
if [ "$sanitize" = 1 ]; then
    [ "$(field rss-check)" = skipped ] || fail "sanitizer build, but the kiosk did not skip the RSS bound"
else
    [ "$(field rss-check)" = on ] || fail "the RSS bound was not checked (rss-check $(field rss-check))"
fi
[ "$(wc -l <"$work/soak.csv")" -ge $((events / 250 + 2)) ] || fail "the CSV report is short"
# The run went deep: every screen a visitor can reach, and the PIN pad refused PINs.
screens=$(grep '^soak-screens ' "$work/out.txt")
for s in home theme detail search pin attract night; do
    echo "$screens" | grep -q " $s [0-9]" || fail "the run never left the kiosk on the $s screen"
done
grep -q 'wrong staff PIN' "$work/err.txt" || fail "no wrong PIN was ever typed"
echo "soak passed: $summary"
