#!/usr/bin/env bash
# The running kiosk and a real web server (Debian's nginx-light on 127.0.0.1, started in a
# temporary folder, serving what `kiosk-pack publish` wrote), proven from nginx's access log:
#  1. an empty kiosk installs the published pack at its first check and shows it;
#  2. staff press "Jetzt aktualisieren": nothing new -> the manifest costs one 304 with 0 bytes;
#  3. a newer version is published; "Jetzt aktualisieren" downloads and installs it, and the
#     running kiosk shows it without a restart;
#  4. a second channel ("laden", the shop's own pack) is published into the same folder; the
#     kiosk subscribed to both installs it on its own and shows both packs' content together;
#  5. the server goes away: the kiosk keeps showing its content and says why on the staff screen;
#     staff restore the previous version of one channel, the other stays as it is.
# Exit 77 (skipped) when nginx is not installed.
# Usage: web_refresh_journey.sh KIOSK KIOSK_PACK HTTP_GET SOURCE_DIR
set -euo pipefail
kiosk="$1" kpack="$2" http_get="$3" src="$4"
. "$src/tools/dev/local-nginx.sh"
if [ -z "$(local_nginx_bin)" ]; then echo "SKIPPED: nginx is not installed (apt-get install nginx-light)"; exit 77; fi
pub="$src/content/demo-keys/demo.pub" key="$src/content/demo-keys/demo.key"

work=$(mktemp -d)
cleanup() {
    local_nginx_stop
    rm -rf "$work"
}
trap cleanup EXIT
fail() {
    echo "FAIL: $*"
    echo "--- access.log"; cat "$work/access.log" 2>/dev/null || true
    echo "--- kiosk.log"; cat "$work/data/kiosk.log" 2>/dev/null || true
    exit 1
}

mkdir -p "$work/www"
cp -r "$src/content/sample" "$work/src2"
sed -i 's/"de": "Stadtteilkompass Beispiel"/"de": "Stadtteilkompass Netz"/' "$work/src2/pack.json"
"$kpack" build "$src/content/sample" -o "$work/v100.kpack" --sign "$key" --version 100 --today 2026-08-01 --quiet
"$kpack" build "$work/src2" -o "$work/v200.kpack" --sign "$key" --version 200 --today 2026-08-01 --quiet
"$kpack" publish "$work/v100.kpack" --to "$work/www" --pubkey "$pub" >/dev/null
# The shop's own channel: one theme and one entry of its own.
mkdir -p "$work/laden/entries"
cat >"$work/laden/pack.json" <<'JSON'
{"format": 1, "channel": "laden", "title": {"de": "Eigene Angebote des Ladens"},
 "languages": ["de"], "site": {"name": {"de": "StadtTeilLaden Test"}},
 "themes": [{"id": "laden", "title": {"de": "Im Laden"}, "icon": "store", "colour": "#7A3E9D", "order": 1}]}
JSON
cat >"$work/laden/entries/elterncafe.json" <<'JSON'
{"id": "laden-elterncafe", "theme": ["laden"], "kind": "offer",
 "title": {"de": "Elterncafé im Laden"}, "summary": {"de": "Jeden Dienstag, offen für alle."}}
JSON
"$kpack" build "$work/laden" -o "$work/laden-1.kpack" --sign "$key" --version 1 --today 2026-08-01 --quiet
port=""
for _ in 1 2 3 4 5; do
    candidate=$("$http_get" --free-port)
    if local_nginx_start "$work/nginx" "$candidate" "$work/access.log" '$request_uri $status $body_bytes_sent' \
        "root $work/www;"; then port="$candidate"; break; fi
done
[ -n "$port" ] || fail "nginx did not start"
: >"$work/access.log"

pin_hash=$("$kiosk" --hash-pin 2468)
configure() { # channels...: the kiosk subscribes to these, each from the same manifest
    local channels="" refresh=""
    for c in "$@"; do
        channels+="${channels:+, }\"$c\""
        refresh+="${refresh:+, }{\"channel\": \"$c\", \"url\": \"http://127.0.0.1:$port/manifest.json\"}"
    done
    cat >"$work/kiosk.json" <<JSON
{"data_dir": "$work/data", "trusted_keys": ["$pub"], "channels": [$channels], "usb_roots": [],
 "refresh": [$refresh], "refresh_interval_minutes": 60, "staff_pin_hash": "$pin_hash", "kiosk_mode": true}
JSON
}
configure beispiel
run() { # name, script text
    printf '%s\n' "$2" >"$work/$1.script"
    "$kiosk" --headless --size 1280x800 --config "$work/kiosk.json" --now 2026-08-17T10:00 \
        --script "$work/$1.script" >"$work/$1.log" 2>&1 || { cat "$work/$1.log"; fail "kiosk run '$1'"; }
}
staff='hold #nav:title 3500
tap #pin:2
tap #pin:4
tap #pin:6
tap #pin:8
tap #pin:ok
expect-screen staff
expect-text "Aktualisierung aus dem Netz"
drag 640,700 640,300'

# 1. First start: nothing installed; the first check installs the published pack.
run first 'wait-install 60s
expect-text "Neue Inhalte installiert: 35 Einträge"
expect-text "Stadtteilkompass Beispiel"'
grep -q "^/beispiel-100.kpack 200 " "$work/access.log" || fail "the pack was not downloaded"

# 2. Restart, staff checks now: the manifest is unchanged -> 304 with no body.
: >"$work/access.log"
run unchanged "$staff
tap #staff:refresh-now
wait-install 30s
expect-text \"unverändert\""
[ "$(cat "$work/access.log")" = "/manifest.json 304 0" ] || fail "expected exactly one 304 with 0 bytes"

# 3. A newer version is published; staff checks now; the running kiosk shows it.
"$kpack" publish "$work/v200.kpack" --to "$work/www" --pubkey "$pub" >/dev/null
: >"$work/access.log"
run newer "$staff
tap #staff:refresh-now
wait-install 60s
expect-text \"Neue Inhalte installiert: 35 Einträge\"
tap #nav:home
expect-text \"Stadtteilkompass Netz\""
size=$(stat -c %s "$work/www/beispiel-200.kpack")
grep -q "^/beispiel-200.kpack 200 $size$" "$work/access.log" || fail "the new pack was not downloaded whole once"

# 4. The shop publishes its own channel and the kiosk subscribes to it too; it shows both together.
"$kpack" publish "$work/laden-1.kpack" --to "$work/www" --pubkey "$pub" >/dev/null
configure beispiel laden
# The new channel has never been checked: the kiosk checks it right at start.
run second_channel "wait-install 60s
expect-text \"Neue Inhalte installiert: 1 Eintrag\"
tap #install:close
expect-text \"Stadtteilkompass Netz\"
expect-text \"Im Laden\"
tap #theme:laden
expect-text \"Elterncafé im Laden\"
tap #nav:home
tap #theme:patenschaften
expect-text \"Netzwerk Patenschaften Bochum\"
"
[ -L "$work/data/packs/laden/current" ] || fail "the laden channel was not installed on its own"

# 5. The server is gone: the content stays, the staff screen says why.
local_nginx_stop
run offline "expect-text \"Stadtteilkompass Netz\"
expect-text \"Im Laden\"
$staff
tap #staff:refresh-now
wait-install 60s
expect-text \"keine Verbindung zum Server\"
tap #nav:home
expect-text \"Stadtteilkompass Netz\"
$staff
drag 640,200 640,700
tap #staff:roll-back:beispiel
wait-install 30s
expect-text \"Vorherige Version wiederhergestellt: 35 Einträge\"
tap #nav:home
expect-text \"Stadtteilkompass Beispiel\"
expect-text \"Im Laden\""
# Each channel is rolled back on its own: beispiel is back at 100, laden still at 1.
[ "$(readlink "$work/data/packs/beispiel/current")" = "$(ls "$work/data/packs/beispiel" | grep '^v100-')" ] ||
    fail "beispiel was not rolled back to version 100"
[ "$(readlink "$work/data/packs/laden/current" | cut -d- -f1)" = v1 ] || fail "laden changed"
echo PASS
