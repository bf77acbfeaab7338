#!/usr/bin/env bash
# Regenerates the README's screenshots (docs/screenshots/*.png) with the
# kiosk's headless script mode on the sample pack. The wall clock is fixed so
# the sample's event (2026-08-19) is upcoming and the images are repeatable.
# Usage: tools/dev/screenshots.sh [build-dir]   (default: build/release)
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build/release}"
if [ ! -x "$build/kiosk/kiosk" ]; then
  cmake --preset release >/dev/null && cmake --build --preset release
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/tools/kiosk-pack" build content/sample -o "$work/beispiel.kpack" \
  --sign content/demo-keys/demo.key --version 202608010000 --today 2026-08-01 --quiet
out="$PWD/docs/screenshots"
mkdir -p "$out"

shoot() { # size script-text
  local size="$1" script="$work/s.script"
  printf '%s\n' "$2" > "$script"
  (cd "$out" && "$OLDPWD/$build/kiosk/kiosk" --headless --size "$size" --pack "$work/beispiel.kpack" \
    --trust-pubkey "$OLDPWD/content/demo-keys/demo.pub" --now 2026-08-17T10:00 --script "$script" >/dev/null)
}

shoot 1280x800 'screenshot home-1280x800.png
tap #theme:patenschaften
screenshot list-1280x800.png
tap #entry:bochum-netzwerk-patenschaften
screenshot detail-1280x800.png
tap #nav:home
tap #nav:search
type "kita"
screenshot search-1280x800.png
tap #nav:home
tap #home:events
screenshot events-1280x800.png
tap #nav:home
tap #theme:familie
tap #list:filters
tap #filter:age:0
screenshot filters-1280x800.png
tap #nav:home
tap #nav:language
tap #lang:tr
screenshot home-tr-1280x800.png
advance 200s
screenshot attract-1280x800.png'
shoot 800x480 'screenshot home-800x480.png
tap #theme:patenschaften
tap #entry:bochum-netzwerk-patenschaften
screenshot detail-800x480.png'
shoot 1080x1920 'screenshot home-1080x1920.png
tap #theme:patenschaften
tap #entry:bochum-netzwerk-patenschaften
screenshot detail-1080x1920.png'

# USB sticks: the kiosk runs on version 100 from its data directory and finds a stick.
"$build/tools/kiosk-pack" build content/sample -o "$work/v200.kpack" \
  --sign content/demo-keys/demo.key --version 202608020000 --today 2026-08-01 --quiet
usb() { # size stick-pack screenshot-name extra-script
  rm -rf "$work/data" "$work/media"
  mkdir -p "$work/media/STICK/kiosk"
  "$build/kiosk/kiosk" --install "$work/beispiel.kpack" --data-dir "$work/data" \
    --trust-pubkey content/demo-keys/demo.pub >/dev/null
  cp "$2" "$2.minisig" "$work/media/STICK/kiosk/"
  printf '{"data_dir": "%s", "trusted_keys": ["%s"], "usb_roots": ["%s"], "usb_require_mount_point": false,
    "staff_pin_hash": "%s"}\n' "$work/data" "$PWD/content/demo-keys/demo.pub" \
    "$work/media" "$("$build/kiosk/kiosk" --hash-pin 1234)" > "$work/usb.json"
  { echo "wait-install 60s"; [ -n "$3" ] && echo "screenshot $3"; echo "$4"; } > "$work/usb.script"
  (cd "$out" && "$OLDPWD/$build/kiosk/kiosk" --headless --size "$1" --config "$work/usb.json" \
    --now 2026-08-17T10:00 --script "$work/usb.script" >/dev/null 2>&1)
}
usb 1280x800 "$work/v200.kpack" usb-installed-1280x800.png ''
usb 800x480 "$work/beispiel.kpack" usb-refused-800x480.png ''
usb 1280x800 "$work/v200.kpack" '' 'tap #install:close
hold #nav:title 3500
tap #pin:1
tap #pin:2
tap #pin:3
tap #pin:4
tap #pin:ok
drag 640,600 640,420
screenshot staff-usb-1280x800.png'
echo "Screenshots written to $out"
ls "$out"
