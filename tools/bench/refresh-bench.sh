#!/usr/bin/env bash
# Web refresh benchmark (issue 5): the real `kiosk --refresh` (one check, exactly as the
# running kiosk's worker makes it) against Debian's nginx-light on 127.0.0.1, serving what
# `kiosk-pack publish` wrote (with the nginx-kiosk.conf snippet it writes included). Bytes
# come from nginx's access log ($status $body_bytes_sent $bytes_sent per request) and from
# the engine's own count (`bytes=` of `kiosk --refresh`); wall time is the median of RUNS.
#
#  (a) no change: `kiosk --refresh` when the installed version is the published one and the
#      last check saw this manifest: target one request, 0 body bytes (a 304);
#  (b) a new MB pack: body bytes of the whole check (manifest + pack + signature) / pack
#      size: target <= 1.02;
#  (c) resume after a cut at 50%: `kiosk --refresh --max-kbps` killed when its partial file
#      in DATA/incoming reaches half the pack (SIGKILL: a power cut; and SIGTERM: a clean
#      stop), then `kiosk --refresh` again: body bytes of both runs / pack size: target <= 1.1;
#      the second run must report resumed=1 and nginx must have answered 206.
# See tools/bench/README.md, section "Web refresh".
#
# Usage: tools/bench/refresh-bench.sh BUILD_DIR [RUNS] [MB] [WORK_DIR]
#   BUILD_DIR  a build with the kiosk and kiosk-pack binaries (Release: build/bench)
#   RUNS       runs of (a), (b) and each (c) (default 3); MB: pack size (default 50)
#   WORK_DIR   where packs, web folder and data directories go (default: a new folder in /tmp)
# Exit 77 when nginx is not installed (apt-get install nginx-light), 1 when a target is missed
# or a run fails, 2 on usage errors. Needs sqlite3; uses ss (iproute2) for the bytes that really
# crossed the wire before the cut, curl (optional) to show the Cache-Control nginx sends.
set -euo pipefail

BUILD=${1:?usage: refresh-bench.sh BUILD_DIR [RUNS] [MB] [WORK_DIR]}
RUNS=${2:-3}
MB=${3:-50}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
KIOSK=$BUILD/kiosk/kiosk
PACKTOOL=$BUILD/tools/kiosk-pack
for exe in "$KIOSK" "$PACKTOOL"; do
    [ -x "$exe" ] || { echo "refresh-bench: $exe not built" >&2; exit 2; }
done
command -v sqlite3 >/dev/null || { echo "refresh-bench: needs sqlite3" >&2; exit 2; }
. "$SRC/tools/dev/local-nginx.sh"
nginx=$(local_nginx_bin)
if [ -z "$nginx" ]; then echo "SKIPPED: nginx is not installed (apt-get install nginx-light)"; exit 77; fi

WORK=${4:-$(mktemp -d "${TMPDIR:-/tmp}/refresh-bench-XXXXXX")}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
KEY=$SRC/content/demo-keys/demo.key
PUB=$SRC/content/demo-keys/demo.pub
. "$SRC/tools/bench/padded-pack.sh"
WWW=$WORK/www
LOG=$WORK/nginx/access.log
cleanup() {
    local_nginx_stop
    rm -rf "$WORK/data" "$WORK/data-base" "$WORK/nginx" "$WWW"
}
trap cleanup EXIT
die() { echo "refresh-bench: $*" >&2; echo "--- access.log" >&2; cat "$LOG" >&2 2>/dev/null || true; exit 1; }

# --- packs: the sample source (version 100), and the same padded to MB with random 1 MiB
# blobs in its images table (version 200), signed again and verified (as install-bench.sh).
SMALL=$WORK/small.kpack
BIG=$WORK/big-$MB.kpack
[ -f "$SMALL" ] || "$PACKTOOL" build "$SRC/content/sample" -o "$SMALL" --sign "$KEY" -q --version 100 >/dev/null 2>&1
if [ ! -f "$BIG" ]; then
    make_padded_pack "$PACKTOOL" "$SRC" "$BIG" 200 "$MB" "$KEY" "$PUB"
fi
SIZE=$(stat -c %s "$BIG")

# --- nginx as the current user, everything in $WORK/nginx; the publish folder is its root.
rm -rf "$WWW" "$WORK/nginx"
mkdir -p "$WWW" "$WORK/nginx/tmp"
"$PACKTOOL" publish "$SMALL" --to "$WWW" --pubkey "$PUB" >/dev/null
start_nginx() {
    local_nginx_start "$WORK/nginx" "$1" "$LOG" '$request_uri $status $body_bytes_sent $bytes_sent $request_length' \
        "root $WWW; include $WWW/nginx-kiosk.conf;" # the cache headers kiosk-pack publish wrote
}
port=""
for _ in 1 2 3 4 5; do
    candidate=$((20000 + RANDOM % 40000))
    if start_nginx "$candidate"; then port=$candidate; break; fi
done
[ -n "$port" ] || die "nginx did not start: $(cat "$WORK/nginx/error.log" 2>/dev/null)"
URL=http://127.0.0.1:$port/manifest.json
if command -v curl >/dev/null; then
    echo "served with: manifest.json $(curl -sI "$URL" | tr -d '\r' | grep -i '^cache-control:' || echo 'no Cache-Control')"
fi

DATA=$WORK/data
refresh() { # extra args...; prints the kiosk's stdout line, stderr to $WORK/refresh.err
    "$KIOSK" --refresh "$URL" --channel beispiel --data-dir "$DATA" --trust-pubkey "$PUB" "$@" 2>"$WORK/refresh.err"
}
field() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<"$2"; }
log_sum() { awk -v c="$1" '{s += $c} END {print s + 0}' "$LOG"; }
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
now_ms() { date +%s%3N; }
ROWS=()
row() { ROWS+=("$(printf '| %s | %s | %s | %s |' "$1" "$2" "$3" "$4")"); }
FAILED=0
met() { if awk "BEGIN {exit !($1)}"; then echo yes; else FAILED=1; echo "**no**"; fi; }

# The starting state of every run: version 100 installed by a first check, and a second check
# (unchanged) so the state holds the manifest's ETag.
rm -rf "$DATA"
line=$(refresh) || die "first install failed: $line $(cat "$WORK/refresh.err")"
[[ $line == installed* ]] || die "first check: $line"

# (a) no change
: >"$WORK/a.ms"
for i in $(seq 1 "$RUNS"); do
    : >"$LOG"
    t0=$(now_ms)
    line=$(refresh) || die "(a) failed: $line $(cat "$WORK/refresh.err")"
    echo $(($(now_ms) - t0)) >>"$WORK/a.ms"
    [[ $line == unchanged* ]] || die "(a) expected unchanged: $line"
    a_requests=$(wc -l <"$LOG"); a_body=$(log_sum 3); a_wire=$(log_sum 4); a_engine=$(field bytes "$line")
    a_status=$(awk '{print $2}' "$LOG" | tr '\n' ' ')
done
A_MS=$(median <"$WORK/a.ms")
echo "(a) no change: $a_requests request(s), status $a_status, body $a_body B (engine $a_engine B), $a_wire B with headers, $A_MS ms median of $RUNS (kiosk --refresh, process start to exit)"
row "(a) no change: requests / body bytes" "$a_requests / $a_body (engine $a_engine; status $a_status; $a_wire B with headers; $A_MS ms)" "1 / 0" \
    "$(met "$a_requests == 1 && $a_body == 0 && $a_engine == 0")"
rm -rf "$WORK/data-base"
cp -a "$DATA" "$WORK/data-base"

# (b) a new MB pack
"$PACKTOOL" publish "$BIG" --to "$WWW" --pubkey "$PUB" >/dev/null
: >"$WORK/b.ms"
for i in $(seq 1 "$RUNS"); do
    rm -rf "$DATA"; cp -a "$WORK/data-base" "$DATA"; sync
    : >"$LOG"
    t0=$(now_ms)
    line=$(refresh) || die "(b) failed: $line $(cat "$WORK/refresh.err")"
    echo $(($(now_ms) - t0)) >>"$WORK/b.ms"
    [[ $line == installed* ]] || die "(b) expected installed: $line"
    b_requests=$(wc -l <"$LOG"); b_body=$(log_sum 3); b_wire=$(log_sum 4); b_engine=$(field bytes "$line")
    b_check_ms=$(field ms "$line")
done
B_MS=$(median <"$WORK/b.ms")
B_RATIO=$(awk -v a="$b_body" -v s="$SIZE" 'BEGIN {printf "%.4f", a / s}')
echo "(b) new pack of $SIZE B: $b_requests requests ($(awk '{print $1, $2}' "$LOG" | tr '\n' ';')), body $b_body B (engine $b_engine B), $b_wire B with headers, ratio $B_RATIO; $B_MS ms median of $RUNS (download + sha256 + install copy + verify)"
row "(b) new ${MB} MB pack: body bytes / pack size" "$B_RATIO ($b_body B of $SIZE; engine $b_engine; $b_requests requests; $B_MS ms)" "<= 1.02" \
    "$(met "$B_RATIO <= 1.02 && $b_engine == $b_body")"

# (c) resume after a cut at 50%, with SIGKILL (power cut) and SIGTERM (clean stop).
# The cap makes the cut land near half: 50 MB at 80 Mbit/s takes about 5 s.
KBPS=${CUT_KBPS:-80000}
PARTIAL=$DATA/incoming/beispiel-200.kpack
for sig in KILL TERM; do
    : >"$WORK/c.ms"
    : >"$WORK/c.ratio"; : >"$WORK/c.wire"; : >"$WORK/c.kept"
    for i in $(seq 1 "$RUNS"); do
        rm -rf "$DATA"; cp -a "$WORK/data-base" "$DATA"; sync
        : >"$LOG"
        "$KIOSK" --refresh "$URL" --channel beispiel --data-dir "$DATA" --trust-pubkey "$PUB" --max-kbps "$KBPS" \
            >"$WORK/cut.out" 2>"$WORK/cut.err" &
        kpid=$!
        while kill -0 "$kpid" 2>/dev/null; do
            have=$(stat -c %s "$PARTIAL" 2>/dev/null || echo 0)
            [ "$have" -ge $((SIZE / 2)) ] && break
            sleep 0.02
        done
        # What crossed the wire before the cut: bytes the kiosk's kernel acknowledged on nginx's
        # connection(s) (ss), as opposed to what nginx had handed to its socket ($bytes_sent).
        acked=$(ss -tinH state established "( sport = :$port )" 2>/dev/null |
            sed -n 's/.*bytes_acked:\([0-9]*\).*/\1/p' | awk '{s += $1} END {print s + 0}')
        kill -s "$sig" "$kpid" 2>/dev/null || true
        wait "$kpid" 2>/dev/null || true
        cut_at=$(stat -c %s "$PARTIAL" 2>/dev/null || echo 0)
        [ "$cut_at" -lt "$SIZE" ] || die "(c) the capped run finished before the cut"
        cut_engine=$(field bytes "$(cat "$WORK/cut.out")") # empty after SIGKILL: no line printed
        sleep 0.3 # nginx logs the cut request once it notices the closed connection
        first_lines=$(wc -l <"$LOG")
        t0=$(now_ms)
        line=$(refresh) || die "(c) second run failed: $line $(cat "$WORK/refresh.err")"
        echo $(($(now_ms) - t0)) >>"$WORK/c.ms"
        [[ $line == installed* ]] || die "(c) expected installed: $line"
        c_resumed=$(field resumed "$line"); c_engine2=$(field bytes "$line")
        c_body=$(log_sum 3); c_wire=$(log_sum 4)
        second_wire=$(awk -v n="$first_lines" 'NR > n {s += $4} END {print s + 0}' "$LOG")
        c_206=$(awk '$1 ~ /\.kpack$/ && $2 == 206' "$LOG" | wc -l)
        c_statuses=$(awk '$1 ~ /\.kpack$/ {print $2 "(" $3 ")"}' "$LOG" | tr '\n' ' ')
        awk -v a="$c_body" -v s="$SIZE" 'BEGIN {printf "%.4f\n", a / s}' >>"$WORK/c.ratio"
        awk -v a="$acked" -v b="$second_wire" -v s="$SIZE" 'BEGIN {printf "%.4f\n", (a + b) / s}' >>"$WORK/c.wire"
        awk -v a="$cut_at" -v b="$c_engine2" -v s="$SIZE" 'BEGIN {printf "%.4f\n", (a + b) / s}' >>"$WORK/c.kept"
        echo "(c/SIG$sig run $i) cut at $cut_at B ($(awk -v a="$cut_at" -v s="$SIZE" 'BEGIN {printf "%.1f", 100 * a / s}')%) in the file, $acked B acked by the kiosk's kernel, first run engine bytes ${cut_engine:-(killed, no line)}; second: $line; pack requests: $c_statuses; nginx body total $c_body B, $c_wire B with headers"
        if [ "$c_resumed" != 1 ] || [ "$c_206" -lt 1 ]; then c_ok=0; break; else c_ok=1; fi
    done
    C_MS=$(median <"$WORK/c.ms")
    C_RATIO=$(sort -n "$WORK/c.ratio" | tail -1)
    C_WIRE=$(sort -n "$WORK/c.wire" | tail -1)
    C_KEPT=$(sort -n "$WORK/c.kept" | tail -1)
    if command -v ss >/dev/null; then
        row "(c) cut at 50% (SIG$sig), resumed: bytes on the wire (acked before the cut + second run) / pack size" \
            "$C_WIRE worst of $RUNS (resumed=$c_resumed, $c_206 x 206: $c_statuses; second run $C_MS ms)" \
            "<= 1.1, resumed=1, a 206" "$(met "$C_WIRE <= 1.1 && $c_ok == 1")"
    else # without ss (iproute2) only nginx's figure, which over-counts (see README)
        row "(c) cut at 50% (SIG$sig), resumed: nginx body bytes / pack size (no ss: wire figure unknown)" \
            "$C_RATIO worst of $RUNS (resumed=$c_resumed, $c_206 x 206: $c_statuses; second run $C_MS ms)" \
            "<= 1.1, resumed=1, a 206" "$(met "$C_RATIO <= 1.1 && $c_ok == 1")"
    fi
    row "(c) SIG$sig: nginx \$body_bytes_sent of both runs / pack size" \
        "$C_RATIO worst of $RUNS (counts what sat unsent in nginx's socket buffer at the cut)" "(<= 1.1)" \
        "$(awk "BEGIN {print ($C_RATIO <= 1.1) ? \"yes\" : \"no (see README)\"}")"
    row "(c) SIG$sig: in the kiosk's file at the cut + second run's bytes / pack size" "$C_KEPT worst of $RUNS" "-" "-"
done

echo
echo "pack $SIZE B ($((SIZE >> 20)) MiB), nginx $("$nginx" -v 2>&1 | sed 's/.*nginx\///'), loopback, load $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
echo "| figure | measured | target | met |"
echo "|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
exit "$FAILED"
