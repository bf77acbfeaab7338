#!/usr/bin/env bash
# The README's run command: installs what is missing, builds (release), builds
# and signs the bundled sample pack with the demo key, verifies it like a kiosk
# does, and runs the kiosk on it: in a window where there is a display,
# otherwise headless, saving a screenshot of the home screen.
# Usage: tools/dev/run.sh [extra kiosk options, e.g. --size 800x480]
set -euo pipefail
cd "$(dirname "$0")/../.."
tools/dev/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
out=build/sample
mkdir -p "$out"
pack="$out/beispiel.kpack"
kp=build/release/tools/kiosk-pack
"$kp" build content/sample -o "$pack" --sign content/demo-keys/demo.key --quiet
"$kp" verify "$pack" --pubkey content/demo-keys/demo.pub
config=content/demo-keys/kiosk-demo.json
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "Starting the kiosk in a window (Escape closes it; staff PIN of the demo: 1234)."
  exec build/release/kiosk/kiosk --config "$config" --windowed --size 1280x800 "$@"
else
  shot="$out/home.png"
  build/release/kiosk/kiosk --config "$config" --headless --size 1280x800 --screenshot "$shot" "$@"
  echo "No display here: the kiosk ran headless and saved its home screen to $shot"
fi
