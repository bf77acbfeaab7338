#!/bin/sh
# Install benchmark (issue 4): `kiosk --install` of a ~200 MB signed pack into a
# fresh data directory, against `cp pack dir/ && sha256sum dir/pack` of the same
# file on the same file system. Prints the median of N runs of each and the ratio
# (target: install within 1.5x). See tools/bench/README.md, section "Install".
#
# Usage: tools/bench/install-bench.sh BUILD_DIR [RUNS] [MB] [WORK_DIR]
#   BUILD_DIR  a build with the kiosk and kiosk-pack binaries (e.g. build/bench)
#   RUNS       runs of each (default 5); MB: pack size (default 200)
#   WORK_DIR   where pack and data directories go (default: a new folder in $TMPDIR or /tmp);
#              put it on the file system you want to measure (the kiosk's SD card)
#
# The pack: the sample source built by kiosk-pack, padded with MB random 1 MiB
# blobs in its images table (sqlite3), image_count updated, signed again with the
# demo key and checked with `kiosk-pack verify`. Random bytes: nothing compresses.
#
# Cache: the source pack is in the page cache for both (it was just written and is
# read again each run), so both measure "stick already read once" — a cold USB stick
# is slower for both alike. `cp` does not fsync; the install does (twice: file and
# folder), so on a real SD card the install pays the write-back that `cp` leaves to
# the kernel. Set DROP_CACHES=1 (root) to drop caches before every run instead.
set -eu

BUILD=${1:?usage: install-bench.sh BUILD_DIR [RUNS] [MB] [WORK_DIR]}
RUNS=${2:-5}
MB=${3:-200}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
KIOSK=$BUILD/kiosk/kiosk
PACKTOOL=$BUILD/tools/kiosk-pack
for exe in "$KIOSK" "$PACKTOOL"; do
    [ -x "$exe" ] || { echo "install-bench: $exe not built" >&2; exit 2; }
done
command -v sqlite3 >/dev/null || { echo "install-bench: needs sqlite3" >&2; exit 2; }

WORK=${4:-$(mktemp -d "${TMPDIR:-/tmp}/install-bench-XXXXXX")}
mkdir -p "$WORK"
trap 'rm -rf "$WORK/data" "$WORK/cp" "$WORK/media"' EXIT
PACK=$WORK/bench.kpack
KEY=$SRC/content/demo-keys/demo.key
PUB=$SRC/content/demo-keys/demo.pub
. "$SRC/tools/bench/padded-pack.sh"

if [ ! -f "$PACK" ] || [ "$(($(stat -c %s "$PACK") >> 20))" -lt "$MB" ]; then
    make_padded_pack "$PACKTOOL" "$SRC" "$PACK" 202611210800 "$MB" "$KEY" "$PUB"
fi
SIZE=$(stat -c %s "$PACK")
echo "pack: $PACK, $((SIZE >> 20)) MiB; work dir on $(df -P "$WORK" | awk 'NR==2 {print $1}') ($(stat -f -c %T "$WORK"))"

now_ms() { date +%s%3N; }
drop() {
    if [ "${DROP_CACHES:-0}" = 1 ]; then sync; echo 3 > /proc/sys/vm/drop_caches; fi
}
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }

: > "$WORK/install.ms"
: > "$WORK/cp.ms"
: > "$WORK/b2.ms"
i=0
while [ "$i" -lt "$RUNS" ]; do
    rm -rf "$WORK/data" "$WORK/cp"
    mkdir -p "$WORK/cp"
    sync
    drop
    t0=$(now_ms)
    "$KIOSK" --install "$PACK" --data-dir "$WORK/data" --trust-pubkey "$PUB" >/dev/null
    t1=$(now_ms)
    echo $((t1 - t0)) >> "$WORK/install.ms"
    sync
    drop
    t0=$(now_ms)
    cp "$PACK" "$WORK/cp/" && sha256sum "$WORK/cp/bench.kpack" >/dev/null
    t1=$(now_ms)
    echo $((t1 - t0)) >> "$WORK/cp.ms"
    # The same with BLAKE2b (the hash minisign signatures use), for a like-for-like hash cost.
    rm -rf "$WORK/cp" && mkdir -p "$WORK/cp"
    sync
    drop
    t0=$(now_ms)
    cp "$PACK" "$WORK/cp/" && b2sum "$WORK/cp/bench.kpack" >/dev/null
    t1=$(now_ms)
    echo $((t1 - t0)) >> "$WORK/b2.ms"
    i=$((i + 1))
done
INSTALL=$(median < "$WORK/install.ms")
CP=$(median < "$WORK/cp.ms")
B2=$(median < "$WORK/b2.ms")
echo "caches: $([ "${DROP_CACHES:-0}" = 1 ] && echo "dropped before every run" || echo "warm (source pack in the page cache)")"
echo "install-ms median $INSTALL (runs: $(tr '\n' ' ' < "$WORK/install.ms"))"
echo "cp+sha256sum-ms median $CP (runs: $(tr '\n' ' ' < "$WORK/cp.ms"))"
echo "cp+b2sum-ms median $B2 (runs: $(tr '\n' ' ' < "$WORK/b2.ms"))"
awk -v a="$INSTALL" -v b="$CP" 'BEGIN {printf "ratio %.2f (install / cp+sha256sum; target <= 1.50)\n", a / b}'
awk -v a="$INSTALL" -v b="$B2" 'BEGIN {printf "ratio-b2 %.2f (install / cp+b2sum)\n", a / b}'

# The visible frame gap while the running kiosk installs the same pack from a "stick" and
# switches to it (target: no frame over 50 ms). The headless kiosk (software renderer,
# SWAP_SIZE, default 1280x800) starts on the small sample pack, finds the big pack under its
# USB root, installs it on its worker thread and swaps; KIOSK_BENCH=1 prints the wall time of
# every frame drawn meanwhile ("install-frame-wall-ms median p99 max") and of the frame that
# swapped ("swap-frame-wall-ms"). Headless frames come every ~20 ms while the script waits.
rm -rf "$WORK/data" "$WORK/media"
mkdir -p "$WORK/media/STICK"
"$PACKTOOL" build "$SRC/content/sample" -o "$WORK/small.kpack" --sign "$KEY" -q --version 1 >/dev/null 2>&1
"$KIOSK" --install "$WORK/small.kpack" --data-dir "$WORK/data" --trust-pubkey "$PUB" >/dev/null
# findPackFiles never follows symlinks on a stick: a hard link (same file system) or a copy.
ln "$PACK" "$WORK/media/STICK/bench.kpack" 2>/dev/null || cp "$PACK" "$WORK/media/STICK/bench.kpack"
cp "$PACK.minisig" "$WORK/media/STICK/bench.kpack.minisig"
cat > "$WORK/swap.json" <<JSON
{"data_dir": "$WORK/data", "trusted_keys": ["$PUB"], "usb_roots": ["$WORK/media"],
 "usb_require_mount_point": false, "usage_statistics": false}
JSON
printf 'wait-install 300s\nexpect-text "Neue Inhalte installiert"\n' > "$WORK/swap.script"
KIOSK_BENCH=1 "$KIOSK" --headless --size "${SWAP_SIZE:-1280x800}" --config "$WORK/swap.json" \
    --script "$WORK/swap.script" 2>/dev/null > "$WORK/swap.out" || { cat "$WORK/swap.out"; echo "install-bench: swap run failed" >&2; exit 1; }
grep -E '^(renderer|install-frame-wall-ms|swap-frame-wall-ms)' "$WORK/swap.out"
rm -rf "$WORK/media" "$WORK/small.kpack"*
