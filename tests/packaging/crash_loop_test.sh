#!/usr/bin/env bash
# The crash-loop fall-back with the real binaries (install/crash_loop.h, docs/raspberry-pi.md):
# versions 5 and 6 of the sample pack installed with `kiosk --install` (6 current, 5 previous);
# the configured kiosk is started and killed with SIGSEGV five times before its good minute, as
# systemd's Restart=always would restart a kiosk that crashes on a bad pack. The sixth start
# rolls back: it says so on stderr (the journal), shows version 5, and `kiosk --recover` lists
# version 5 as current. A seventh start that ends on its own clears the score file.
# Usage: crash_loop_test.sh KIOSK KIOSK_PACK SOURCE_DIR
set -euo pipefail
kiosk="$1" kpack="$2" src="$3"
pub="$src/content/demo-keys/demo.pub" key="$src/content/demo-keys/demo.key"
work=$(mktemp -d)
pid=""
cleanup() {
    [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

# Version 6 carries another site name, so the screen shows which version is on.
cp -r "$src/content/sample" "$work/src6"
sed -i 's/"de": "Stadtteilkompass Beispiel"/"de": "Stadtteilkompass Sechs"/' "$work/src6/pack.json"
grep -q "Stadtteilkompass Sechs" "$work/src6/pack.json" || fail "could not change the site name"
"$kpack" build "$src/content/sample" -o "$work/v5.kpack" --sign "$key" --version 5 --today 2026-08-01 --quiet >/dev/null
"$kpack" build "$work/src6" -o "$work/v6.kpack" --sign "$key" --version 6 --today 2026-08-01 --quiet >/dev/null
"$kiosk" --install "$work/v5.kpack" --data-dir "$work/data" --trust-pubkey "$pub" >/dev/null || fail "install v5"
"$kiosk" --install "$work/v6.kpack" --data-dir "$work/data" --trust-pubkey "$pub" >/dev/null || fail "install v6"

cat >"$work/kiosk.json" <<JSON
{"data_dir": "$work/data", "trusted_keys": ["$pub"], "channels": ["beispiel"],
 "usb_roots": [], "usage_statistics": false}
JSON
printf 'hang 30s\n' >"$work/hang.script"
printf 'expect-text "Stadtteilkompass Beispiel"\nexpect-no-text "Stadtteilkompass Sechs"\n' >"$work/v5.script"

starts() { grep -c '^start ' "$work/data/crash-loop" 2>/dev/null || true; }

# Five starts that crash: each is killed once it has recorded its start (before any good minute).
for i in 1 2 3 4 5; do
    "$kiosk" --headless --size 800x480 --config "$work/kiosk.json" --now 2026-08-17T10:00 \
        --script "$work/hang.script" >"$work/run$i.log" 2>&1 &
    pid=$!
    for _ in $(seq 100); do [ "$(starts)" = "$i" ] && break; sleep 0.05; done
    [ "$(starts)" = "$i" ] || { cat "$work/run$i.log"; fail "start $i was not recorded: $(cat "$work/data/crash-loop" 2>/dev/null)"; }
    kill -SEGV "$pid"
    wait "$pid" 2>/dev/null || true
    pid=""
    grep -q "crash loop" "$work/run$i.log" && fail "start $i already saw a crash loop: $(cat "$work/run$i.log")"
done
"$kiosk" --recover --data-dir "$work/data" --trust-pubkey "$pub" | grep -q '^beispiel 6 ' || fail "version 6 should still be current"

# The sixth start: rolled back before the pack is opened, and shows version 5.
"$kiosk" --headless --size 800x480 --config "$work/kiosk.json" --now 2026-08-17T10:00 \
    --script "$work/v5.script" >"$work/run6.log" 2>&1 || { cat "$work/run6.log"; fail "sixth start"; }
grep -Eq '^kiosk: crash loop: 5 starts in [0-9]+ s without a good minute; channel beispiel rolled back from version 6 to version 5$' \
    "$work/run6.log" || { cat "$work/run6.log"; fail "no roll-back message on stderr"; }
"$kiosk" --recover --data-dir "$work/data" --trust-pubkey "$pub" >"$work/recover.out"
grep -q '^beispiel 5 ' "$work/recover.out" || fail "version 5 is not current after the roll-back: $(cat "$work/recover.out")"
grep -q 'crash-loop.*rolled back from version 6 to version 5' "$work/data/kiosk.log" ||
    fail "the kiosk's log lacks the roll-back: $(tail -n 5 "$work/data/kiosk.log")"
# That start ended on its own (the script passed): no crash, so the score is gone.
[ -e "$work/data/crash-loop" ] && fail "the score file survived a start that ended on its own: $(cat "$work/data/crash-loop")"
echo "PASS: five crashed starts, the sixth rolled back to version 5 and showed it"
