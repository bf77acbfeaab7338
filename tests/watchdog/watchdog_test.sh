#!/usr/bin/env bash
# The systemd watchdog, without systemd: a notify socket (a small python3 listener) stands in
# for systemd, the real kiosk runs headless with NOTIFY_SOCKET and WATCHDOG_USEC=400000 (so it
# pings every 200 ms) and a script that hangs its UI thread for 2 s in the middle. Proves:
# READY=1 after the first frame; WATCHDOG=1 pings while the loop runs; no ping during the hang
# (a gap of about 2 s, where systemd would restart the kiosk); pings again afterwards.
# Exit 77 (skipped) when python3 is missing.
# Usage: watchdog_test.sh KIOSK PACK PUBKEY
set -euo pipefail
kiosk="$1" pack="$2" pubkey="$3"
command -v python3 >/dev/null || { echo "SKIPPED: python3 not installed"; exit 77; }
work=$(mktemp -d)
listener=""
cleanup() {
    [ -n "$listener" ] && kill "$listener" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# The listener writes "<monotonic seconds> <message>" per datagram.
python3 - "$work/notify" "$work/messages" <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "w", buffering=1) as out:
    while True:
        data = s.recv(4096).decode()
        out.write(f"{time.monotonic():.3f} {data}\n")
PY
listener=$!
for _ in $(seq 50); do [ -S "$work/notify" ] && break; sleep 0.1; done
[ -S "$work/notify" ] || { echo "FAIL: the notify listener did not start"; exit 1; }

# A kiosk that works: a frame after every 150 ms of real time (script frames are otherwise
# as fast as the machine), so a ping is due every other frame. Then the 2 s hang, then work again.
{
    for _ in 1 2 3 4 5 6 7 8; do printf 'hang 150\nwait 16\n'; done
    printf 'hang 2s\n'
    for _ in 1 2 3 4 5 6 7 8; do printf 'hang 150\nwait 16\n'; done
} >"$work/hang.script"
NOTIFY_SOCKET="$work/notify" WATCHDOG_USEC=400000 "$kiosk" --headless --size 800x480 --pack "$pack" \
    --trust-pubkey "$pubkey" --now 2026-08-17T10:00 --script "$work/hang.script" >"$work/kiosk.log" 2>&1 ||
    { cat "$work/kiosk.log"; echo "FAIL: kiosk run"; exit 1; }
sleep 0.3

python3 - "$work/messages" <<'PY'
import sys
lines = [l.split(" ", 1) for l in open(sys.argv[1]).read().splitlines() if l]
msgs = [(float(t), m) for t, m in lines]
fail = lambda why: sys.exit(f"FAIL: {why}\n" + "\n".join(f"{t:.3f} {m}" for t, m in msgs))
if not msgs or msgs[0][1] != "READY=1": fail("READY=1 was not the first message")
pings = [t for t, m in msgs if m == "WATCHDOG=1"]
if len(pings) < 4: fail(f"only {len(pings)} WATCHDOG=1 pings")
gaps = [b - a for a, b in zip(pings, pings[1:])]
longest = max(gaps)
i = gaps.index(longest)
if not 1.9 <= longest <= 4.0: fail(f"the longest gap between pings is {longest:.2f} s, expected the 2 s hang")
if i < 2 or i > len(gaps) - 3: fail("expected several pings both before and after the hang")
normal = sorted(g for j, g in enumerate(gaps) if j != i)
if normal and normal[len(normal) // 2] > 0.6: fail(f"median gap {normal[len(normal) // 2]:.2f} s: pings should come every ~0.2 s")
print(f"PASS: READY=1, {len(pings)} pings, median gap {normal[len(normal) // 2]:.2f} s, the hang left a gap of {longest:.2f} s")
PY
