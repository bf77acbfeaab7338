#!/usr/bin/env bash
# One journey through the REAL windowed kiosk binary under Xvfb, with real X11
# clicks from xdotool: home -> a theme tile -> back. In kiosk mode the system
# shortcuts a visitor might try (Alt+F4, Escape, Ctrl+Q, Alt+Tab) must leave it
# running and full screen. The kiosk reports what it shows on stdout
# (KIOSK_LOG_SCREENS=1). Exit 77 (CTest: skipped) when Xvfb or xdotool is missing.
# Usage: windowed_journey.sh KIOSK PACK PUBKEY
set -euo pipefail
kiosk="$1" pack="$2" pubkey="$3"
for tool in Xvfb xdotool; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool not installed"; exit 77; }
done

work=$(mktemp -d)
display=":$((100 + RANDOM % 400))"
xpid="" kpid=""
cleanup() {
  [ -n "$kpid" ] && kill "$kpid" 2>/dev/null || true
  [ -n "$xpid" ] && kill "$xpid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xpid=$!
export DISPLAY="$display"
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done

KIOSK_LOG_SCREENS=1 "$kiosk" --pack "$pack" --trust-pubkey "$pubkey" --now 2026-08-17T10:00 >"$work/kiosk.log" 2>&1 &
kpid=$!

expect_screen() { # key, timeout in tenths of a second
  for _ in $(seq "${2:-100}"); do
    grep -qx "screen $1" "$work/kiosk.log" && return 0
    kill -0 "$kpid" 2>/dev/null || { echo "FAIL: kiosk exited while waiting for '$1'"; cat "$work/kiosk.log"; exit 1; }
    sleep 0.1
  done
  echo "FAIL: screen '$1' never shown"; cat "$work/kiosk.log"; exit 1
}
click() { xdotool mousemove "$1" "$2" click 1; }

expect_screen home
# Full screen: the window covers the whole 1280x800 display.
geometry=$(xdotool search --name Stadtteilkompass getwindowgeometry 2>/dev/null | grep Geometry || true)
echo "window ${geometry:-not found}"
[[ "$geometry" == *"1280x800"* ]] || { echo "FAIL: kiosk window is not full screen"; exit 1; }

# The "Patenschaften" tile is the first tile (left, below the clock row) at 1280x800.
click 160 300
expect_screen "theme:patenschaften"

# What a curious visitor tries. None of it may end or leave the kiosk.
for keys in alt+F4 Escape ctrl+q ctrl+w alt+Tab ctrl+alt+BackSpace super F11; do
  xdotool key "$keys" || true
  sleep 0.2
done
kill -0 "$kpid" 2>/dev/null || { echo "FAIL: a shortcut ended the kiosk"; cat "$work/kiosk.log"; exit 1; }
geometry=$(xdotool search --name Stadtteilkompass getwindowgeometry 2>/dev/null | grep Geometry || true)
[[ "$geometry" == *"1280x800"* ]] || { echo "FAIL: kiosk no longer full screen after shortcuts"; exit 1; }

# The back button, top left.
click 90 55
expect_screen home
echo "PASS: windowed journey under Xvfb"
