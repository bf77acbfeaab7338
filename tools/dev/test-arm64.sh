#!/usr/bin/env bash
# The arm64 CI stage (docs/arm64.md): installs the cross toolchain, the :arm64 libraries and
# qemu-user-static, cross-builds with the `arm64` preset (warnings as errors) and runs the test
# suite on the arm64 binaries under qemu-aarch64-static. Exit code 0 only when all pass.
# Usage: tools/dev/test-arm64.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
tools/dev/install-deps-arm64.sh
cmake --workflow --preset arm64
