#!/usr/bin/env bash
# Seed corpora for the fuzzers, made from the tests' own inputs (docs/fuzzing.md).
# Usage: tools/fuzz/seeds.sh OUT_DIR               every target: OUT_DIR/<target>/...
#        tools/fuzz/seeds.sh --packs-only OUT_DIR  only the seed packs (CTest's replay)
# Needs kiosk-pack: $KIOSK_PACK, else build/fuzz/tools/kiosk-pack, else build/ci/tools/kiosk-pack.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
packs_only=0
if [ "${1:-}" = "--packs-only" ]; then packs_only=1; shift; fi
out="${1:?usage: seeds.sh [--packs-only] OUT_DIR}"
kp="${KIOSK_PACK:-}"
for c in "$kp" "$root/build/fuzz/tools/kiosk-pack" "$root/build/ci/tools/kiosk-pack"; do
  if [ -n "$c" ] && [ -x "$c" ]; then kp="$c"; break; fi
done
[ -x "$kp" ] || { echo "seeds.sh: kiosk-pack not found (set KIOSK_PACK)" >&2; exit 1; }
data="$root/tests/data"
key="$root/content/demo-keys/demo.key"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Packs: every test source that builds (warnings are fine), signed with the demo key.
mkdir -p "$out/pack"
for src in "$data"/sources/good-*; do
  name="$(basename "$src")"
  "$kp" build "$src" -o "$out/pack/$name.kpack" --sign "$key" --version 1 --today 2026-11-21 -q >"$tmp/build.log" 2>&1 ||
    { cat "$tmp/build.log" >&2; echo "seeds.sh: $name does not build" >&2; exit 1; }
  mv "$out/pack/$name.kpack.minisig" "$tmp/$name.kpack.minisig"
  cp "$out/pack/$name.kpack" "$tmp/$name.kpack"
done
[ "$packs_only" = 1 ] && exit 0

# Spreadsheets: every dialect the test sources hold (UTF-8, UTF-16 with tabs, Windows-1252 ...).
mkdir -p "$out/csv" "$out/json_source" "$out/opening_hours" "$out/manifest" "$out/minisign"
for f in "$data"/sources/*/*.csv "$data"/evil/*/*.csv; do
  cp "$f" "$out/csv/$(basename "$(dirname "$f")")-$(basename "$f")"
done
# JSON sources: pack.json files and entries files.
for f in "$data"/sources/*/pack.json "$data"/sources/*/entries/*.json "$data"/evil/*/pack.json \
         "$data"/evil/*/entries/*.json "$root"/content/sample/pack.json; do
  [ -f "$f" ] || continue
  rel="${f#"$root"/}"
  cp "$f" "$out/json_source/${rel//\//_}"
done
# Opening hours: every string literal of the parser's tests, and the spreadsheets' opening_hours cells.
python3 - "$root/tests/content/test_opening_hours.cpp" "$out/opening_hours" <<'PY'
import re, sys, pathlib
src = pathlib.Path(sys.argv[1]).read_text(encoding="utf-8")
out = pathlib.Path(sys.argv[2])
lits = sorted(set(m.group(1) for m in re.finditer(r'"((?:[^"\\\n]|\\.)*)"', src)))
for i, s in enumerate(lits):
    (out / f"test-{i:03d}.txt").write_text(s.encode().decode("unicode_escape") if "\\" in s else s, encoding="utf-8")
PY
# Manifests: what publish writes for the seed packs, and the manifest tests' texts.
"$kp" publish "$tmp/good-minimal.kpack" --to "$tmp/pub" --pubkey "$root/content/demo-keys/demo.pub" >/dev/null
"$kp" publish "$tmp/good-full.kpack" --to "$tmp/pub" --pubkey "$root/content/demo-keys/demo.pub" >/dev/null
cp "$tmp/pub/manifest.json" "$out/manifest/publish-two-channels.json"
# Keys and signatures: the demo pair, bare key lines, the seed packs' signatures.
cp "$root/content/demo-keys/demo.pub" "$root/content/demo-keys/demo.key" "$out/minisign/"
tail -n 1 "$root/content/demo-keys/demo.pub" > "$out/minisign/demo-pub-line"
cp "$tmp"/*.minisig "$out/minisign/"
# Every input that once crashed a fuzzer is a seed too.
for d in "$root"/tests/fuzz/corpus/*/; do
  t="$(basename "$d")"
  mkdir -p "$out/$t"
  cp "$d"* "$out/$t/" 2>/dev/null || true
done
for d in "$out"/*/; do echo "seeds: $(basename "$d"): $(find "$d" -type f | wc -l) files"; done
