# One INTERFACE target carries the project's warning and sanitizer flags; every
# first-party target links it, third-party code never sees it.
add_library(kiosk_warnings INTERFACE)
target_compile_options(kiosk_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align
  -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough
  $<$<BOOL:${KIOSK_WERROR}>:-Werror>)

if(KIOSK_SANITIZE)
  target_compile_options(kiosk_warnings INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(kiosk_warnings INTERFACE -fsanitize=address,undefined)
endif()

# Preset `fuzz` (clang): coverage instrumentation for libFuzzer on every
# first-party target, with ASan + UBSan; the fuzzers link -fsanitize=fuzzer
# (tests/fuzz/CMakeLists.txt). Third-party libraries stay uninstrumented.
option(KIOSK_FUZZ "Build the libFuzzer targets in tests/fuzz (clang only)" OFF)
if(KIOSK_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "KIOSK_FUZZ needs clang (cmake --preset fuzz)")
  endif()
  target_compile_options(kiosk_warnings INTERFACE
    -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(kiosk_warnings INTERFACE -fsanitize=address,undefined)
endif()
