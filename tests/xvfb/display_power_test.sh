#!/usr/bin/env bash
# Screen power and rotation through the REAL windowed kiosk under Xvfb (docs/display-power.md):
# screen.rotation 90 on a 1280x800 display, so a real X11 click on the panel must land on the
# turned UI; a Sunday outside screen_on_hours, so the kiosk goes dark once idle_seconds pass,
# runs the configured display_off_command (a script that records its arguments), uses no CPU
# while dark, and the next click wakes it (display_on_command) without opening what it hit.
# Exit 77 (CTest: skipped) when Xvfb or xdotool is missing.
# Usage: display_power_test.sh KIOSK PACK PUBKEY
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

cat >"$work/panel" <<SH
#!/bin/sh
echo "panel \$*" >> "$work/panel.log"
SH
chmod +x "$work/panel"
cat >"$work/config.json" <<JSON
{"data_dir": "$work/data", "usb_roots": [], "usage_statistics": false, "idle_seconds": 10,
 "screen_on_hours": "Mo-Sa 07:00-20:00", "screen": {"rotation": 90},
 "display_off_command": ["$work/panel", "off"], "display_on_command": ["$work/panel", "on"]}
JSON

Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xpid=$!
export DISPLAY="$display"
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done

# Sunday noon: outside the screen hours, but a kiosk that just started stays on for idle_seconds.
KIOSK_LOG_SCREENS=1 "$kiosk" --config "$work/config.json" --pack "$pack" --trust-pubkey "$pubkey" \
  --now 2026-08-16T12:00 >"$work/kiosk.log" 2>&1 &
kpid=$!

fail() { echo "FAIL: $*"; cat "$work/kiosk.log"; [ -f "$work/panel.log" ] && cat "$work/panel.log"; exit 1; }
expect_screen() { # key, timeout in tenths of a second
  for _ in $(seq "${2:-100}"); do
    grep -qx "screen $1" "$work/kiosk.log" && return 0
    kill -0 "$kpid" 2>/dev/null || fail "kiosk exited while waiting for '$1'"
    sleep 0.1
  done
  fail "screen '$1' never shown"
}
expect_panel() { # the whole log expected, timeout in tenths
  for _ in $(seq "${2:-50}"); do
    [ "$(cat "$work/panel.log" 2>/dev/null)" = "$1" ] && return 0
    sleep 0.1
  done
  fail "display commands were '$(cat "$work/panel.log" 2>/dev/null)', expected '$1'"
}
click() { xdotool mousemove "$1" "$2" click 1; }

expect_screen home
grep -q "display power: configured commands" "$work/kiosk.log" || fail "the display power method was not logged"
# The UI is 800x1280, turned clockwise onto the panel: UI point (200, 420) on the "Patenschaften"
# tile is panel point (1280 - 420, 200).
click 860 200
expect_screen "theme:patenschaften"
# At start the display is switched on (a restart at night may find it off), and nothing else.
expect_panel "panel on"

# Ten seconds without a touch: back home, dark, and the display switched off.
expect_screen night 150
expect_panel "panel on
panel off"
# Dark means no frames: the process sleeps.
read -r -a s1 <"/proc/$kpid/stat"
sleep 3
read -r -a s2 <"/proc/$kpid/stat"
ticks=$(((s2[13] + s2[14]) - (s1[13] + s1[14])))
echo "CPU while dark: $ticks ticks in 3 s"
[ "$ticks" -le 6 ] || fail "the dark kiosk used $ticks CPU ticks in 3 s"

# A click on the same tile wakes the screen and does nothing else.
lines=$(wc -l <"$work/kiosk.log")
click 860 200
expect_panel "panel on
panel off
panel on"
expect_screen home
sleep 0.5
tail -n +"$((lines + 1))" "$work/kiosk.log" | grep -q "^screen theme" && fail "the waking touch also opened the theme"
echo "PASS: display power and rotation under Xvfb"
