#!/usr/bin/env bash
# The running kiosk and a USB stick, end to end with the real binaries:
#  1. `kiosk --install` puts version 100 of the sample pack into a fresh data directory;
#  2. a "stick" (a folder under a mount root given in the configuration) holds version 200
#     (with another site name), an older pack, a pack without signature and a broken one;
#  3. the headless kiosk starts on version 100, sees the stick, installs version 200 and shows
#     it without a restart (the banner says "Neue Inhalte installiert: 35 Einträge");
#     a visitor opens a theme, an entry and searches; staff writes the statistics to the stick;
#  4. a restarted kiosk shows version 200 from the data directory and refuses the stick's packs
#     as not newer, with the reason on screen; staff are offered to install the older pack anyway
#     and restore the previous version, which the kiosk then shows.
# Usage: usb_journey.sh KIOSK KIOSK_PACK SOURCE_DIR
set -euo pipefail
kiosk="$1" kpack="$2" src="$3"
pub="$src/content/demo-keys/demo.pub" key="$src/content/demo-keys/demo.key"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# Two versions of the sample; the newer one has another site name, so the screen shows which is on.
cp -r "$src/content/sample" "$work/src2"
sed -i 's/"de": "Stadtteilkompass Beispiel"/"de": "Stadtteilkompass Neu"/' "$work/src2/pack.json"
grep -q "Stadtteilkompass Neu" "$work/src2/pack.json" || fail "could not change the site name"
"$kpack" build "$src/content/sample" -o "$work/v100.kpack" --sign "$key" --version 100 --today 2026-08-01 --quiet
"$kpack" build "$work/src2" -o "$work/v200.kpack" --sign "$key" --version 200 --today 2026-08-01 --quiet
"$kpack" build "$src/content/sample" -o "$work/v150.kpack" --sign "$key" --version 150 --today 2026-08-01 --quiet

"$kiosk" --install "$work/v100.kpack" --data-dir "$work/data" --trust-pubkey "$pub" || fail "kiosk --install v100"

stick="$work/media/STICK"
mkdir -p "$stick/kiosk"
cp "$work/v200.kpack" "$work/v200.kpack.minisig" "$stick/kiosk/"
cp "$work/v150.kpack" "$work/v150.kpack.minisig" "$stick/"                 # older: the newest valid one wins
cp "$work/v150.kpack" "$stick/ohne-signatur.kpack"                          # no .minisig
head -c 5000 "$work/v200.kpack" >"$stick/kaputt.kpack"                      # truncated
cp "$work/v200.kpack.minisig" "$stick/kaputt.kpack.minisig"

pin_hash=$("$kiosk" --hash-pin 2468)
cat >"$work/kiosk.json" <<JSON
{"data_dir": "$work/data", "trusted_keys": ["$pub"], "channels": ["beispiel"],
 "usb_roots": ["$work/media"], "usb_require_mount_point": false,
 "staff_pin_hash": "$pin_hash", "kiosk_mode": true}
JSON

cat >"$work/first.script" <<'SCRIPT'
wait-install 60s
expect-text "Neue Inhalte installiert: 35 Einträge"
expect-text "Stadtteilkompass Neu"
expect-no-text "Stadtteilkompass Beispiel"
tap #install:close
expect-no-text "Neue Inhalte installiert"
# A visitor: a theme, an entry, a search (counted anonymously, per day).
tap #theme:patenschaften
expect-screen theme
tap "Patenschaften"
expect-screen detail
tap #nav:home
tap #nav:search
type "kita"
tap #nav:home
# Staff writes the statistics to the stick.
hold #nav:title 3500
tap #pin:2
tap #pin:4
tap #pin:6
tap #pin:8
tap #pin:ok
expect-screen staff
expect-text "200"
expect-text "eingesteckt"
drag 540,1700 540,700
tap #staff:export-stats
wait-install 20s
expect-text "Statistik gespeichert"
SCRIPT
"$kiosk" --headless --size 1080x1920 --config "$work/kiosk.json" --now 2026-08-17T10:00 \
  --script "$work/first.script" >"$work/first.log" 2>&1 || { cat "$work/first.log"; fail "first run"; }

csv=$(ls "$stick"/kiosk/statistik-*.csv 2>/dev/null | head -1)
[ -n "$csv" ] || { ls -R "$stick"; fail "no statistics file on the stick"; }
grep -q "2026-08-17;Thema;patenschaften;Patenschaften;1" "$csv" || { cat "$csv"; fail "theme view not in the statistics"; }
grep -q "2026-08-17;Eintrag;" "$csv" || { cat "$csv"; fail "entry view not in the statistics"; }
grep -q "2026-08-17;Suche;kita;;1" "$csv" || { cat "$csv"; fail "search term not in the statistics"; }

# The log says what happened to each file on the stick.
log="$work/data/kiosk.log"
grep -q "installed beispiel v200" "$log" || { cat "$log"; fail "install not logged"; }
grep -q "ohne-signatur.kpack" "$log" || { cat "$log"; fail "pack without signature not logged"; }
grep -q "kaputt.kpack" "$log" || { cat "$log"; fail "broken pack not logged"; }

cat >"$work/second.script" <<'SCRIPT'
wait-install 60s
expect-text "Stadtteilkompass Neu"
expect-text "Nicht installiert"
expect-text "nicht neuer als die installierten (Version 200)"
tap #install:close
# Staff: the older pack on the stick may be installed on purpose, and the previous version restored.
hold #nav:title 3500
tap #pin:2
tap #pin:4
tap #pin:6
tap #pin:8
tap #pin:ok
expect-screen staff
drag 640,700 640,300
expect-text "Trotzdem installieren"
tap #staff:roll-back
wait-install 30s
expect-text "Vorherige Version wiederhergestellt: 35 Einträge"
tap #nav:home
expect-text "Stadtteilkompass Beispiel"
expect-no-text "Stadtteilkompass Neu"
SCRIPT
"$kiosk" --headless --size 1280x800 --config "$work/kiosk.json" --now 2026-08-17T10:00 \
  --script "$work/second.script" >"$work/second.log" 2>&1 || { cat "$work/second.log"; fail "second run"; }

grep -q "rolled back" "$work/data/kiosk.log" || { cat "$work/data/kiosk.log"; fail "roll-back not logged"; }

# Exactly two packs are kept (current and previous); no leftovers.
ls "$work/data/packs/beispiel" | sort >"$work/left"
[ "$(grep -c '^v' "$work/left")" = 2 ] || { cat "$work/left"; fail "expected two version folders"; }
if grep -q incoming "$work/left"; then fail "leftover incoming folder"; fi
echo "PASS"
