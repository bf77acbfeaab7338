#!/usr/bin/env bash
# The watchdog test (tests/watchdog/watchdog_test.sh) against the unit's own settings: the kiosk
# is started by the ExecStart= line of packaging/systemd/stadtteilkompass.service, with cage
# replaced by a stand-in that behaves as systemd + cage do for it: WATCHDOG_PID names the main
# process (cage), and the kiosk runs as cage's child. The test's notify socket, WATCHDOG_USEC and
# script are watchdog_test.sh's (the unit's WatchdogSec=30 scaled down to 0.4 s).
# Proves READY=1 and the pings arrive through that process tree; and, as a control, that the same
# line without `env -u WATCHDOG_PID` sends no pings (the kiosk sees a watchdog meant for cage).
# Usage: unit_watchdog_test.sh KIOSK PACK PUBKEY SOURCE_DIR
set -euo pipefail
kiosk="$1" pack="$2" pubkey="$3" src="$4"
unit="$src/packaging/systemd/stadtteilkompass.service"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

grep -qxF 'Type=notify' "$unit" && grep -qxF 'NotifyAccess=all' "$unit" && grep -qE '^WatchdogSec=[0-9]+$' "$unit" ||
    { echo "FAIL: $unit needs Type=notify, NotifyAccess=all (the kiosk is cage's child) and WatchdogSec="; exit 1; }
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
case "$exec_start" in
    "/usr/bin/cage "*" -- "*"/usr/bin/kiosk --config /etc/stadtteilkompass/kiosk.json") ;;
    *) echo "FAIL: unexpected ExecStart=$exec_start"; exit 1 ;;
esac

# The stand-in for cage: systemd sets WATCHDOG_PID to the main process; cage runs the command
# after "--" as its child and waits for it.
cat >"$work/cage" <<'STUB'
#!/usr/bin/env bash
export WATCHDOG_PID=$$
while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do shift; done
shift
"$@" &
wait $!
STUB
chmod +x "$work/cage"
# The "kiosk" watchdog_test.sh runs: the unit's command line, the configuration left out (a test
# must not use /etc or /var/lib), watchdog_test.sh's arguments appended.
make_wrapper() { # name command-line
    local line=${2/\/usr\/bin\/cage /$work/cage }
    line=${line/\/usr\/bin\/kiosk /$kiosk }
    line=${line% --config /etc/stadtteilkompass/kiosk.json}
    printf '#!/usr/bin/env bash\nexec %s "$@"\n' "$line" >"$work/$1"
    chmod +x "$work/$1"
}
make_wrapper unit-kiosk "$exec_start"
make_wrapper no-unset-kiosk "${exec_start/\/usr\/bin\/env -u WATCHDOG_PID /}"
grep -q "env -u WATCHDOG_PID $kiosk" "$work/unit-kiosk" || { cat "$work/unit-kiosk"; echo "FAIL: wrapper"; exit 1; }

"$src/tests/watchdog/watchdog_test.sh" "$work/unit-kiosk" "$pack" "$pubkey" ||
    { echo "FAIL: the watchdog test fails with the unit's ExecStart"; exit 1; }
if "$src/tests/watchdog/watchdog_test.sh" "$work/no-unset-kiosk" "$pack" "$pubkey" >"$work/control.out" 2>&1; then
    cat "$work/control.out"
    echo "FAIL: control: without 'env -u WATCHDOG_PID' the kiosk should not ping a watchdog meant for cage"
    exit 1
fi
grep -q 'WATCHDOG=1 pings\|READY=1 was not' "$work/control.out" || { cat "$work/control.out"; echo "FAIL: control failed for another reason"; exit 1; }
echo "PASS: READY=1 and the pings arrive through the unit's cage -> env -> kiosk chain; without env -u, none"
