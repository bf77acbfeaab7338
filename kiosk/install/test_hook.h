#pragma once
// Crash-test hook of the install path (internal to kiosk_install).
//
// KIOSK_INSTALL_CRASH_AT=N makes the process raise(SIGKILL) at its N-th step
// boundary: every mkdir, copied chunk, fsync, rename and link change of
// install(), recover() and rollBack() counts as one step. N=0 never kills but
// counts, so a test can learn the number of steps (stepCount()).
// KIOSK_INSTALL_CHUNK_BYTES=B copies in chunks of B bytes (default 8 MiB), so
// a small test pack still has many chunk boundaries. Without the variables a
// step costs one branch. tests/install/test_crash.cpp drives it.

#include <cstddef>
#include <cstdint>

namespace kiosk::install::detail {

void step();                     // one step boundary
std::uint64_t stepCount();       // steps passed so far in this process
std::size_t copyChunkBytes();    // 8 MiB or KIOSK_INSTALL_CHUNK_BYTES

} // namespace kiosk::install::detail
