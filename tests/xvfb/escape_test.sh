#!/usr/bin/env bash
# Escape test (issue 6, item 5): the REAL kiosk binary in kiosk mode, full screen
# (no --windowed) under Xvfb, gets every key combination and close request a
# visitor could try, sent with xdotool. After each one the kiosk must still run,
# its window must still exist, be mapped and cover the whole screen, and a tap must
# still change the screen. Then the staff PIN: wrong PINs lock the keypad for
# 1 s, 2 s, 4 s, measured from outside by hammering the keypad until the kiosk
# takes the next PIN. See docs/escape-test.md.
#
# At the end SIGTERM, which the system (not a visitor) sends, must end it at once, cleanly.
#
# Control runs first (the same kiosk with --no-kiosk-mode quits on Escape and on
# a close request), so a pass cannot come from keys that never reached the window.
#
# The kiosk reports what it shows on stdout (KIOSK_LOG_SCREENS=1) and, once a
# screen has settled, where its tappable elements are (KIOSK_LOG_ITEMS=1).
# Exit 77 (CTest: skipped) when Xvfb, xdotool, xwininfo or python3 is missing.
# Usage: escape_test.sh KIOSK PACK PUBKEY
set -euo pipefail
kiosk="$1" pack="$2" pubkey="$3"
for tool in Xvfb xdotool xwininfo python3; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool not installed"; exit 77; }
done

# Not 1280x800: that is the kiosk's default window size, so a window that ignored
# "full screen" would still pass a 1280x800 check. 1024x600 is a common 7" panel.
SW=1024 SH=600
PIN=4711 WRONG=2580

work=$(mktemp -d)
xpid="" kpid=""
cleanup() {
  [ -n "$kpid" ] && kill "$kpid" 2>/dev/null || true
  [ -n "$xpid" ] && kill "$xpid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*"
  [ -f "$work/kiosk.log" ] && { echo "--- kiosk output (without item lines)"; grep -v '^item ' "$work/kiosk.log" | tail -40; }
  exit 1
}

# Xvfb picks a free display itself and writes its number to fd 3.
Xvfb -displayfd 3 -screen 0 "${SW}x${SH}x24" -nolisten tcp 3>"$work/display" >"$work/xvfb.log" 2>&1 &
xpid=$!
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
[ -s "$work/display" ] || { cat "$work/xvfb.log"; fail "Xvfb did not start"; }
DISPLAY=":$(head -n1 "$work/display")"
export DISPLAY
for _ in $(seq 100); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done
[ "$(xdotool getdisplaygeometry)" = "$SW $SH" ] || fail "display is $(xdotool getdisplaygeometry), not $SW $SH"

hash=$("$kiosk" --hash-pin "$PIN")
[[ "$hash" == '$argon2'* ]] || fail "kiosk --hash-pin printed '$hash'"
mkdir -p "$work/data"
# Long idle and attract times: a slow run must not drift into the slideshow. No USB, no statistics.
cat >"$work/kiosk.json" <<EOF
{
  "data_dir": "$work/data",
  "staff_pin_hash": "$hash",
  "idle_seconds": 3600,
  "attract_seconds": 7200,
  "usb_roots": [],
  "usage_statistics": false,
  "kiosk_mode": true
}
EOF

# ESCAPE_KIOSK_ARGS: more kiosk arguments for a diagnosis, e.g. "--size 1024x600".
read -r -a extra_args <<<"${ESCAPE_KIOSK_ARGS:-}"
start_kiosk() { # extra arguments
  : >"$work/kiosk.log"
  # Under the asan preset: no leak report at exit. SDL 2.26 on X11 talks to D-Bus and leaves a
  # libdbus message buffer (1 KiB, allocated inside libdbus) unfreed when the kiosk ends, which
  # only this test's SIGTERM exit reaches; our own code's leaks are checked by every other run.
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
  KIOSK_LOG_SCREENS=1 KIOSK_LOG_ITEMS=1 "$kiosk" --config "$work/kiosk.json" --pack "$pack" \
    --trust-pubkey "$pubkey" --now 2026-08-17T10:00 ${extra_args[@]+"${extra_args[@]}"} "$@" >>"$work/kiosk.log" 2>&1 &
  kpid=$!
}
alive() { kill -0 "$kpid" 2>/dev/null; }
count() { grep -c -E "$1" "$work/kiosk.log" || true; }
wait_count() { # regex, count to reach, timeout in tenths of a second
  for _ in $(seq "${3:-150}"); do
    [ "$(count "$1")" -ge "$2" ] && return 0
    alive || fail "kiosk exited while waiting for '$1'"
    sleep 0.1
  done
  fail "'$1' did not appear $2 times"
}
last_screen() { grep '^screen ' "$work/kiosk.log" | tail -n1 | cut -d' ' -f2; }
# Centre of an element from the last "item ID X0 Y0 X1 Y1" line for it.
item_xy() {
  local line
  line=$(grep "^item $1 " "$work/kiosk.log" | tail -n1) || fail "no element $1 logged"
  awk '{ printf "%d %d\n", ($3 + $5) / 2, ($4 + $6) / 2 }' <<<"$line"
}
# A tap: press and release in separate frames, like a finger.
tap() {
  xdotool mousemove "$1" "$2" mousedown 1
  sleep 0.04
  xdotool mouseup 1
  sleep 0.04
}
kiosk_window() {
  xdotool search --onlyvisible --name '^Stadtteilkompass$' 2>/dev/null | head -n1
}
# A close request as a window manager sends it (the title bar's X, Alt+F4): WM_DELETE_WINDOW.
# Debian's xdotool has no "windowquit" (its "windowclose" is XDestroyWindow, not a request).
close_request() {
  python3 - "$1" <<'PY'
import ctypes, sys
x = ctypes.CDLL("libX11.so.6")
x.XOpenDisplay.restype = ctypes.c_void_p
x.XOpenDisplay.argtypes = [ctypes.c_char_p]
x.XInternAtom.restype = ctypes.c_ulong
x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
x.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long, ctypes.c_void_p]
x.XFlush.argtypes = [ctypes.c_void_p]
x.XCloseDisplay.argtypes = [ctypes.c_void_p]
class ClientMessage(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                ("display", ctypes.c_void_p), ("window", ctypes.c_ulong), ("message_type", ctypes.c_ulong),
                ("format", ctypes.c_int), ("data", ctypes.c_long * 5)]
class XEvent(ctypes.Union):
    _fields_ = [("xclient", ClientMessage), ("pad", ctypes.c_long * 24)]
d = x.XOpenDisplay(None)
if not d:
    sys.exit("cannot open display")
wid = int(sys.argv[1])
ev = XEvent()
ev.xclient.type = 33  # ClientMessage
ev.xclient.window = wid
ev.xclient.message_type = x.XInternAtom(d, b"WM_PROTOCOLS", 0)
ev.xclient.format = 32
ev.xclient.data[0] = x.XInternAtom(d, b"WM_DELETE_WINDOW", 0)
ev.xclient.data[1] = 0  # CurrentTime
if not x.XSendEvent(d, wid, 0, 0, ctypes.byref(ev)):
    sys.exit("XSendEvent failed")
x.XFlush(d)
x.XCloseDisplay(d)
PY
}
wait_exit() { # what was sent
  for _ in $(seq 100); do alive || { wait "$kpid" || true; kpid=""; return 0; }; sleep 0.1; done
  fail "control: the kiosk with --no-kiosk-mode did not quit on $1, so the test cannot tell whether it reaches the window"
}

# ---------------------------------------------------------------- control runs
# Without kiosk mode the same input ends the kiosk: the input does reach it.
start_kiosk --no-kiosk-mode
wait_count '^items home$' 1 300
xdotool mousemove $((SW / 2)) $((SH / 2)) # focus follows the pointer without a window manager
xdotool key Escape
wait_exit Escape
start_kiosk --no-kiosk-mode
wait_count '^items home$' 1 300
wid=$(kiosk_window)
[ -n "$wid" ] || fail "control: no kiosk window"
close_request "$wid"
wait_exit "a close request (WM_DELETE_WINDOW)"
echo "control: --no-kiosk-mode quits on Escape and on a close request"

# ---------------------------------------------------------------- kiosk mode
start_kiosk
wait_count '^items home$' 1 300
wid=$(kiosk_window)
[ -n "$wid" ] || fail "no kiosk window"
read -r tile_x tile_y < <(item_xy 'theme:[^ ]*')
xdotool mousemove $((SW / 2)) $((SH / 2))

check_window() { # after what
  alive || fail "the kiosk ended after $1"
  xwininfo -id "$wid" >"$work/win" 2>&1 || fail "the kiosk window is gone after $1"
  grep -q 'Map State: IsViewable' "$work/win" || fail "the kiosk window is not visible after $1"
  local geo
  geo=$(xdotool getwindowgeometry "$wid" | tr -s ' \n' ' ')
  [[ "$geo" == *"Position: 0,0 "*"Geometry: ${SW}x${SH}"* ]] || fail "the kiosk window is not full screen after $1: $geo"
  [ "$(kiosk_window)" = "$wid" ] || fail "the visible Stadtteilkompass window changed after $1"
}
# The screen shown last has settled: its elements were logged after its "screen" line.
wait_settled() {
  for _ in $(seq 150); do
    [[ "$(grep -E '^(screen|items) ' "$work/kiosk.log" | tail -n1)" == "items $(last_screen)" ]] && return 0
    alive || fail "the kiosk exited while a screen settled"
    sleep 0.1
  done
  fail "screen $(last_screen) never settled"
}
# One tap that must change the screen: home -> the first theme, a theme -> home (back).
check_answers() { # after what
  local before target
  wait_settled
  before=$(count '^screen ')
  if [ "$(last_screen)" = home ]; then
    target="theme:"
    tap "$tile_x" "$tile_y"
  else
    target="home"
    read -r bx by < <(item_xy 'nav:back')
    tap "$bx" "$by"
  fi
  for _ in $(seq 150); do
    [ "$(count '^screen ')" -gt "$before" ] && break
    alive || fail "the kiosk ended after a tap following $1"
    sleep 0.1
  done
  [[ "$(last_screen)" == "$target"* ]] || fail "a tap after $1 did not change the screen (shows $(last_screen))"
}

combos=(alt+F4 alt+Tab)
for n in $(seq 12); do combos+=("ctrl+alt+F$n"); done
combos+=(ctrl+c ctrl+q ctrl+w Escape F11 super super+d super+l alt+space)
tried=0
check_window "start"
for keys in "${combos[@]}"; do
  xdotool key "$keys"
  sleep 0.3
  check_window "$keys"
  check_answers "$keys"
  tried=$((tried + 1))
done
# The same keys as synthetic events addressed to the window (XSendEvent).
for keys in alt+F4 ctrl+q Escape; do
  xdotool key --window "$wid" "$keys"
  sleep 0.3
  check_window "$keys sent to the window"
  check_answers "$keys sent to the window"
  tried=$((tried + 1))
done
for n in 1 2 3; do
  close_request "$wid"
  sleep 0.3
  check_window "close request $n"
  check_answers "close request $n"
  tried=$((tried + 1))
done
echo "kiosk mode: $tried key combinations and close requests, still running full screen (${SW}x${SH}) and answering taps"

# ---------------------------------------------------------------- staff PIN back-off
[ "$(last_screen)" = home ] || check_answers "the last close request"
read -r title_x title_y < <(item_xy 'nav:title')
xdotool mousemove "$title_x" "$title_y" mousedown 1
sleep 3.5
xdotool mouseup 1
wait_count '^screen pin$' 1
wait_count '^items pin$' 1
declare -A keyxy
for d in 0 1 2 3 4 5 6 7 8 9; do
  keyxy[$d]=$(item_xy "pin:$d")
  [ -n "${keyxy[$d]}" ] || fail "no position for PIN key $d"
done
# OK and backspace are tappable only with digits typed: the bottom row (as 0), right and left column.
keyxy[ok]="${keyxy[3]%% *} ${keyxy[0]##* }"
keyxy[back]="${keyxy[1]%% *} ${keyxy[0]##* }"
# One xdotool call per PIN (each tap held 30 ms), so a try is short and the lock is measured finely.
taps() { # key names
  local k xy cmd=()
  for k in "$@"; do
    read -r -a xy <<<"${keyxy[$k]}"
    cmd+=(mousemove "${xy[@]}" mousedown 1 sleep 0.03 mouseup 1 sleep 0.03)
  done
  xdotool "${cmd[@]}"
}
enter_pin() {
  local i keys=()
  for ((i = 0; i < ${#1}; i++)); do keys+=("${1:i:1}"); done
  taps "${keys[@]}" ok
}
fails() { count '^kiosk: wrong staff PIN'; }
# Type PIN over and over until the kiosk reacts (regex, count): while the keypad is locked the
# taps must change nothing; returns the time the reaction was seen.
hammer() {
  for _ in $(seq 200); do
    # Digits that got in as the lock ended (the cycle was half through) would spoil the next PIN.
    [ "$1" = "$PIN" ] && taps back back back back
    enter_pin "$1"
    [ "$(count "$2")" -ge "$3" ] && return 0
    alive || fail "the kiosk ended while entering PINs"
  done
  fail "the kiosk never took PIN $1"
}
ms_since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%d", (b - a) * 1000 }'; }

enter_pin "$WRONG"
wait_count '^kiosk: wrong staff PIN \(1 in a row\)' 1
t=$EPOCHREALTIME
measured=()
for n in 2 3; do
  hammer "$WRONG" "^kiosk: wrong staff PIN \\($n in a row\\)" 1
  measured+=("$(ms_since "$t")")
  t=$EPOCHREALTIME
done
hammer "$PIN" '^screen staff$' 1
measured+=("$(ms_since "$t")")
[ "$(fails)" -eq 3 ] || fail "expected exactly 3 wrong PINs, the kiosk counted $(fails)"
for n in 1 2 3; do
  s=$((1 << (n - 1)))
  [ "$(count "^kiosk: wrong staff PIN \\($n in a row\\), locked for $s s$")" -eq 1 ] ||
    fail "wrong PIN $n was not logged as locked for $s s"
done
echo "PIN back-off: next PIN taken after ${measured[0]} ms, ${measured[1]} ms, ${measured[2]} ms (locks 1 s, 2 s, 4 s)"
# Each lock held (the hammering never got a PIN through early; 300 ms for polling) and was not
# much longer than announced (generous: a loaded machine, an Argon2 check per PIN). A try is
# about 0.3 s, and one cut by the unlock is lost, so a gap is the lock plus up to ~0.8 s.
for n in 1 2 3; do
  lock=$((1000 << (n - 1))) got=${measured[$((n - 1))]}
  [ "$got" -ge $((lock - 300)) ] || fail "lock $n let a PIN through after $got ms (announced $lock ms)"
  [ "$got" -le $((lock + 6000)) ] || fail "lock $n lasted $got ms (announced $lock ms)"
done
# Measured growth with room for a slow machine: the third lock outlasts the first by over a second.
[ "${measured[2]}" -gt $((measured[0] + 1000)) ] ||
  fail "the delay did not grow: ${measured[0]} ms after the 1st wrong PIN, ${measured[2]} ms after the 3rd"
check_window "the staff PIN"

# What a visitor cannot do, the system can: SIGTERM (systemctl stop, a shutdown) ends the kiosk in
# kiosk mode at once and cleanly (exit 0), where SDL would have made it a quit request it ignores.
t=$EPOCHREALTIME
kill -TERM "$kpid"
for _ in $(seq 50); do alive || break; sleep 0.1; done
alive && fail "the kiosk still runs 5 s after SIGTERM"
set +e
wait "$kpid"
rc=$?
set -e
kpid=""
[ "$rc" -eq 0 ] || fail "the kiosk exited with $rc after SIGTERM, not 0"
[ "$(count '^kiosk: stopped by signal: Terminated$')" -eq 1 ] || fail "no 'stopped by signal: Terminated' line"
echo "SIGTERM in kiosk mode: exited 0 after $(ms_since "$t") ms"
echo "PASS: escape test under Xvfb"
