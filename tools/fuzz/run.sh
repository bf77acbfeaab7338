#!/usr/bin/env bash
# Runs the libFuzzer targets of tests/fuzz (docs/fuzzing.md).
# Usage: tools/fuzz/run.sh [--seconds N] [--no-build] [TARGET...]
#   TARGET: csv json_source opening_hours manifest minisign pack (default: all, one after another)
#   --seconds N   per target (default 30: the short run; the README's figures come from longer runs)
# Builds the `fuzz` preset (clang, ASan + UBSan + libFuzzer), makes the seed corpora from the
# tests (tools/fuzz/seeds.sh), and keeps what each fuzzer learns in build/fuzz/corpus/<target>
# so later runs go on from there. A crash, leak or timeout (10 s per input) stops that target,
# leaves the input in build/fuzz/crashes/<target>/ and makes the exit code 1. Every run is
# appended to build/fuzz/history.tsv (date, target, seconds, executions, result).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
seconds=30
build=1
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(csv json_source opening_hours manifest minisign pack)

b="$root/build/fuzz"
if [ "$build" = 1 ]; then
  for p in clang libclang-rt-14-dev; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="${missing:-} $p"
  done
  if [ -n "${missing:-}" ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
  fi
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz
fi
rm -rf "$b/seeds"
KIOSK_PACK="$b/tools/kiosk-pack" tools/fuzz/seeds.sh "$b/seeds" >/dev/null

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
status=0
printf '%-14s %8s %12s %10s %8s  %s\n' target seconds executions exec/s corpus result
for t in "${targets[@]}"; do
  exe="$b/tests/fuzz/fuzz_$t"
  [ -x "$exe" ] || { echo "run.sh: no fuzzer $exe" >&2; exit 2; }
  mkdir -p "$b/corpus/$t" "$b/crashes/$t" "$b/logs"
  log="$b/logs/$t-$(date -u +%Y%m%dT%H%M%SZ).log"
  set +e
  "$exe" "$b/corpus/$t" "$b/seeds/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$b/crashes/$t/" >"$log" 2>&1
  rc=$?
  set -e
  execs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)"
  per="$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)"
  n="$(find "$b/corpus/$t" -type f | wc -l)"
  result=ok
  if [ $rc -ne 0 ]; then
    result="FAILED (exit $rc, see $log)"
    status=1
    grep -E '^==[0-9]+==ERROR|SUMMARY|^\s+#[0-9] ' "$log" | head -20 >&2 || true
  fi
  printf '%-14s %8s %12s %10s %8s  %s\n' "$t" "$seconds" "${execs:-0}" "${per:-0}" "$n" "$result"
  printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$t" "$seconds" "${execs:-0}" "$result" >>"$b/history.tsv"
done
exit $status
