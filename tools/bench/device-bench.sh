#!/usr/bin/env bash
# device-bench.sh: the kiosk on amd64 and as the arm64 binary under qemu-aarch64-static, side by
# side (docs/arm64.md):
#   size   file size of kiosk and kiosk-pack, as built and stripped
#   rss    peak RSS of a headless first-frame run on the sample pack, and of kiosk-bench's RSS
#          session on a generated 2,000-entry pack (theme of 500 scrolled, entries opened),
#          software renderer. For arm64 the figure of the qemu process is printed, and beside it
#          the arm64 program's own share (the process less qemu's translator and heap; see below)
#   insn   instructions executed from exec to exit of `kiosk --headless`, which exits right
#          after its first frame: amd64 counted by valgrind --tool=callgrind (total Ir), arm64 by
#          qemu itself (-d in_asm,exec,nochain: every translated block's length, summed over
#          every block executed). Counts, not seconds: they hold on a busy machine.
# The packs come from tools/bench/kiosk-bench.sh (--only rss --keep), so both scripts measure the
# same 2,000 entries and the same session; its own amd64 Release figure is printed as a check.
# Exit status 1 only when a measurement could not be taken; a missed target is a figure.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: tools/bench/device-bench.sh [options]

  --amd64 DIR         amd64 build folder with kiosk/kiosk and tools/kiosk-pack (default build/ci)
  --arm64 DIR         arm64 cross build folder (default build/arm64: cmake --workflow --preset arm64)
  --entries N         entries in the generated pack (default 2000)
  --photos N          distinct photos in it (default 200)
  --size WxH          screen size (default 1920x1080, as kiosk-bench)
  --only LIST         size,rss,insn (default: all)
  --insn-big          also count instructions to the first frame on the 2,000-entry pack (slow under qemu)
  --tmpdir DIR        where the work folder goes (default: system temp)
  --keep              keep the work folder and print where it is
  -h, --help          this help
EOF
}

root=$(cd "$(dirname "$0")/../.." && pwd)
amd64_dir=$root/build/ci arm64_dir=$root/build/arm64
entries=2000 photos=200 size=1920x1080 only=size,rss,insn insn_big=0 tmpbase=${TMPDIR:-/tmp} keep=0
while [ $# -gt 0 ]; do
    case $1 in
    --amd64) amd64_dir=$2; shift ;;
    --arm64) arm64_dir=$2; shift ;;
    --entries) entries=$2; shift ;;
    --photos) photos=$2; shift ;;
    --size) size=$2; shift ;;
    --only) only=$2; shift ;;
    --insn-big) insn_big=1 ;;
    --tmpdir) tmpbase=$2; shift ;;
    --keep) keep=1 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "device-bench.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
    shift
done
wants() { [[ ",$only," == *",$1,"* ]]; }
die() { echo "device-bench.sh: $*" >&2; exit 1; }
note() { printf '# %s\n' "$*"; }
qemu=$(command -v qemu-aarch64-static) || die "qemu-aarch64-static missing: tools/dev/install-deps-arm64.sh"
command -v aarch64-linux-gnu-strip >/dev/null || die "aarch64-linux-gnu-strip missing: tools/dev/install-deps-arm64.sh"
if wants insn; then command -v valgrind >/dev/null || die "valgrind missing (apt-get install valgrind)"; fi

work=$(mktemp -d "$tmpbase/device-bench-XXXXXX")
declare -a pids=()
cleanup() {
    local p
    for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
    if [ "$keep" = 1 ]; then echo "# work folder kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- binaries (copied: other builds may relink them meanwhile)

arches=(amd64 arm64)
declare -A dir=([amd64]=$amd64_dir [arm64]=$arm64_dir) strip=([amd64]=strip [arm64]=aarch64-linux-gnu-strip)
declare -A machine=([amd64]="X86-64" [arm64]="AArch64")
for a in "${arches[@]}"; do
    mkdir -p "$work/$a"
    for b in kiosk/kiosk tools/kiosk-pack; do
        [ -x "${dir[$a]}/$b" ] || die "${dir[$a]}/$b missing (build it first, see docs/arm64.md)"
        cp "${dir[$a]}/$b" "$work/$a/"
    done
    readelf -h "$work/$a/kiosk" | grep -q "Machine:.*${machine[$a]}" || die "${dir[$a]}/kiosk/kiosk is not an $a binary"
done
build_type() { sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$1/CMakeCache.txt" 2>/dev/null || echo "?"; }
note "amd64: ${dir[amd64]} ($(build_type "${dir[amd64]}")), arm64: ${dir[arm64]} ($(build_type "${dir[arm64]}")), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
run_prefix() { [ "$1" = arm64 ] && echo "$qemu" || true; }

declare -A fig=()
row() { # KEY AMD64 ARM64 UNIT NOTE
    printf '%-34s %14s %14s  %-5s %s\n' "$1" "$2" "$3" "$4" "${5:-}"
}

# ---------------------------------------------------------------- packs (kiosk-bench's generator)

pubkey=$root/content/demo-keys/demo.pub
if wants rss || wants insn; then
    note "generating the packs with kiosk-bench.sh --only rss --keep (its amd64 release figure follows)"
    "$root/tools/bench/kiosk-bench.sh" --only rss --keep --tmpdir "$work" --entries "$entries" --photos "$photos" \
        --size "$size" >"$work/kiosk-bench.out" 2>"$work/kiosk-bench.err" ||
        { tail -20 "$work/kiosk-bench.err" >&2; die "kiosk-bench.sh failed"; }
    grep -E '^(rss|#)' "$work/kiosk-bench.out" | sed 's/^/#   kiosk-bench: /'
    kb=$(sed -n 's/^# work folder kept: //p' "$work/kiosk-bench.err")
    [ -d "$kb" ] && [ -f "$kb/big.kpack" ] && [ -f "$kb/sample.kpack" ] && [ -f "$kb/rss.script" ] ||
        die "kiosk-bench.sh left no packs (see $work/kiosk-bench.err)"
    sample_pack=$kb/sample.kpack big_pack=$kb/big.kpack rss_script=$kb/rss.script
    # The same configuration file kiosk-bench runs with (languages, channels, kiosk mode).
    kiosk_args=(--config "$kb/kiosk.json" --size "$size" --trust-pubkey "$pubkey" --now 2026-05-20T10:00)
fi

# ---------------------------------------------------------------- size

if wants size; then
    for a in "${arches[@]}"; do
        for b in kiosk kiosk-pack; do
            "${strip[$a]}" -o "$work/$a/$b.stripped" "$work/$a/$b"
            fig[size.$b.$a]=$(stat -c %s "$work/$a/$b")
            fig[stripped.$b.$a]=$(stat -c %s "$work/$a/$b.stripped")
        done
    done
fi

# ---------------------------------------------------------------- peak RSS

# The arm64 program's own share of the qemu process: qemu-user maps the guest's memory 1:1 into
# its own address space, so the guest is every mapping except qemu's own: the qemu binary's
# image and [heap] (qemu's malloc: translation-block metadata, page tables of the guest),
# its translated-code buffer (the one anonymous rwx mapping) and its thread stacks ([stack]).
# Sampled from /proc/PID/smaps every 50 ms: a peak between two samples can be missed.
guest_rss_kb() { # PID
    awk -v qemu="$qemu" '
        /^[0-9a-f]+-[0-9a-f]+ / { skip = ($2 ~ /rwx/ && $6 == "") || $6 == qemu || $6 == "[heap]" || $6 ~ /^\[stack/; next }
        /^Rss:/ { if (!skip) s += $2 }
        END { print s + 0 }' "/proc/$1/smaps" 2>/dev/null || echo 0
}
peak_rss() { # ARCH LABEL kiosk-args... -> sets peak_kb (process) and guest_kb (arm64 program only)
    local a=$1 label=$2 pid v g max=0
    shift 2
    local -a prefix=()
    [ "$a" = arm64 ] && prefix=("$qemu")
    KIOSK_BENCH=1 /usr/bin/time -f 'peak-rss-kb %M' -o "$work/$a-$label.time" \
        "${prefix[@]}" "$work/$a/kiosk" "$@" >"$work/$a-$label.out" 2>"$work/$a-$label.err" &
    pid=$!
    pids+=("$pid")
    if [ "$a" = arm64 ]; then
        # /usr/bin/time's child is qemu.
        local child=""
        while kill -0 "$pid" 2>/dev/null; do
            [ -n "$child" ] || child=$(pgrep -P "$pid" | head -1 || true)
            if [ -n "$child" ]; then
                g=$(guest_rss_kb "$child")
                [ "$g" -gt "$max" ] && max=$g
            fi
            sleep 0.05
        done
    fi
    wait "$pid" || { tail -5 "$work/$a-$label.err" >&2; die "$a kiosk failed ($label): $*"; }
    peak_kb=$(awk '$1 == "peak-rss-kb" { print $2 }' "$work/$a-$label.time")
    guest_kb=$max
}
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k * 1024 / 1e6 }'; }

if wants rss; then
    for a in "${arches[@]}"; do
        peak_rss "$a" rss-sample --headless "${kiosk_args[@]}" --pack "$sample_pack"
        fig[rss.sample.$a]=$(mb "$peak_kb") fig[rss.sample_guest.$a]=$(mb "$guest_kb")
        peak_rss "$a" rss-big --headless "${kiosk_args[@]}" --pack "$big_pack" --script "$rss_script"
        fig[rss.big.$a]=$(mb "$peak_kb") fig[rss.big_guest.$a]=$(mb "$guest_kb")
        note "$a rss runs done ($(awk '$1 == "renderer" { print $2; exit }' "$work/$a-rss-big.out") renderer)"
    done
fi

# ---------------------------------------------------------------- instructions to the first frame

# qemu's log: in_asm prints each translated block (one line per guest instruction) when it is
# made, exec (with nochain, so no block jumps straight into the next) one line per block run.
# The sum of the lengths of the blocks run is the number of guest instructions executed;
# checked against -singlestep (one instruction per block) on a small program: equal.
count_awk='
/^IN:/ { inblk = 1; start = ""; n = 0; next }
inblk && /^0x[0-9a-f]+:/ { if (start == "") start = substr($1, 3, length($1) - 3); n++; next }
inblk { if (start != "") size[start] = n; inblk = 0 }
/^Trace / { split($4, f, "/"); pc = f[2]; sub(/^0+/, "", pc); if (pc in size) total += size[pc]; else missing++ }
END { printf "%d %d\n", total, missing }'
insn_arm64() { # LABEL kiosk-args... -> prints the count
    local label=$1 fifo=$work/qemu-$1.log
    shift
    rm -f "$fifo"
    mkfifo "$fifo"
    awk "$count_awk" <"$fifo" >"$work/arm64-insn-$label.count" &
    local apid=$!
    KIOSK_BENCH=1 "$qemu" -d in_asm,exec,nochain -D "$fifo" "$work/arm64/kiosk" "$@" \
        >"$work/arm64-insn-$label.out" 2>"$work/arm64-insn-$label.err" ||
        { tail -5 "$work/arm64-insn-$label.err" >&2; die "arm64 kiosk failed under qemu -d ($label)"; }
    wait "$apid"
    read -r total missing <"$work/arm64-insn-$label.count"
    [ "$missing" = 0 ] || note "arm64 $label: $missing executed blocks had no length (not counted)"
    echo "$total"
}
insn_amd64() { # LABEL kiosk-args...
    local label=$1
    shift
    KIOSK_BENCH=1 valgrind --tool=callgrind --callgrind-out-file="$work/amd64-$label.callgrind" \
        --log-file="$work/amd64-insn-$label.vg" "$work/amd64/kiosk" "$@" >"$work/amd64-insn-$label.out" 2>&1 ||
        { tail -5 "$work/amd64-insn-$label.vg" >&2; die "amd64 kiosk failed under callgrind ($label)"; }
    awk '/Collected :/ { print $NF }' "$work/amd64-insn-$label.vg"
}
if wants insn; then
    labels=(sample)
    [ "$insn_big" = 1 ] && labels+=(big)
    for l in "${labels[@]}"; do
        pack=$sample_pack
        [ "$l" = big ] && pack=$big_pack
        fig[insn.$l.amd64]=$(insn_amd64 "$l" --headless "${kiosk_args[@]}" --pack "$pack")
        fig[insn.$l.arm64]=$(insn_arm64 "$l" --headless "${kiosk_args[@]}" --pack "$pack")
        for a in "${arches[@]}"; do
            grep -q '^first-frame-ms' "$work/$a-insn-$l.out" || die "$a: no first frame in the counted run ($l)"
        done
    done
fi

# ---------------------------------------------------------------- table

echo
row figure amd64 arm64 unit
get() { echo "${fig[$1]:--}"; }
if wants size; then
    row kiosk.bytes "$(get size.kiosk.amd64)" "$(get size.kiosk.arm64)" B "as built (with debug info when the build type has it)"
    row kiosk.stripped_bytes "$(get stripped.kiosk.amd64)" "$(get stripped.kiosk.arm64)" B "strip(1)"
    row kiosk-pack.bytes "$(get size.kiosk-pack.amd64)" "$(get size.kiosk-pack.arm64)" B
    row kiosk-pack.stripped_bytes "$(get stripped.kiosk-pack.amd64)" "$(get stripped.kiosk-pack.arm64)" B
fi
if wants rss; then
    row rss.sample_first_frame_mb "$(get rss.sample.amd64)" "$(get rss.sample.arm64)" MB "peak RSS (arm64: the qemu process)"
    row rss.sample_first_frame_own_mb "$(get rss.sample.amd64)" "$(get rss.sample_guest.arm64)" MB "arm64: the program's own mappings, sampled"
    row rss.big_peak_mb "$(get rss.big.amd64)" "$(get rss.big.arm64)" MB "$entries entries, kiosk-bench's session; target < 64 (software renderer)"
    row rss.big_peak_own_mb "$(get rss.big.amd64)" "$(get rss.big_guest.arm64)" MB "arm64: the program's own mappings, sampled"
fi
if wants insn; then
    for l in sample big; do
        [ -n "${fig[insn.$l.amd64]:-}" ] || continue
        row "insn.first_frame_$l" "${fig[insn.$l.amd64]}" "${fig[insn.$l.arm64]}" insn \
            "exec to exit after the first frame, all threads (callgrind Ir / qemu guest instructions)"
    done
fi
