#!/usr/bin/env bash
# The README's run command: installs what is missing, builds (release), builds
# and signs the bundled sample pack with the demo key, verifies it like a kiosk
# does, and shows what is in it.
# Usage: tools/dev/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
tools/dev/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
out=build/sample
mkdir -p "$out"
pack="$out/beispiel.kpack"
kp=build/release/tools/kiosk-pack
"$kp" build content/sample -o "$pack" --sign content/demo-keys/demo.key
"$kp" verify "$pack" --pubkey content/demo-keys/demo.pub
echo
"$kp" info "$pack" --pubkey content/demo-keys/demo.pub
echo
for q in kita spielpl paten; do
  echo "kiosk-pack search $pack $q:"
  "$kp" search "$pack" "$q" --limit 5 | sed 's/^/  /'
done
echo
echo "Sample pack: $pack (signed with the DEMO key; see content/demo-keys/README.md)"
