#!/usr/bin/env bash
# The arm64 CI stage (docs/arm64.md): installs the cross toolchain, the :arm64 libraries and
# qemu-user-static, cross-builds with the `arm64` preset (warnings as errors) and runs the test
# suite on the arm64 binaries under qemu-aarch64-static. Exit code 0 only when all pass.
# Usage: tools/dev/test-arm64.sh [--ci]
#   --ci  leaves out the three slowest end-to-end runs under emulation (the 200-step SIGKILL
#         install test, the USB and web refresh journeys: ~6 min under qemu); the amd64 and
#         ASan stages run them, and the plain command runs everything. Keeps CI under 30 min.
set -euo pipefail
cd "$(dirname "$0")/../.."
tools/dev/install-deps-arm64.sh
if [ "${1:-}" = "--ci" ]; then
  cmake --preset arm64
  cmake --build --preset arm64
  ctest --preset arm64-ci
else
  cmake --workflow --preset arm64
fi
