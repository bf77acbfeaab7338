#!/usr/bin/env bash
# The README's test command: installs what is missing, builds with warnings as
# errors and runs every test (CTest). Exit code 0 only when all pass.
# Usage: tools/dev/test.sh [preset]     (default preset: ci; also: dev, asan)
set -euo pipefail
cd "$(dirname "$0")/../.."
preset="${1:-ci}"
tools/dev/install-deps.sh
cmake --workflow --preset "$preset"
