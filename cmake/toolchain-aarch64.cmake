# Cross build for 64-bit ARM (the Raspberry Pi 4/5 running Debian 12 arm64) on a Debian 12 amd64
# machine with multiarch: the compiler from crossbuild-essential-arm64, the :arm64 -dev packages
# installed beside the amd64 ones (tools/dev/install-deps-arm64.sh), no separate sysroot.
# Test binaries run under qemu-aarch64-static (CMAKE_CROSSCOMPILING_EMULATOR): CTest, doctest's
# test discovery and the end-to-end scripts call it explicitly, so no binfmt_misc is needed.
# Used by the `arm64` preset (CMakePresets.json); see docs/arm64.md.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(KIOSK_CROSS_TRIPLE aarch64-linux-gnu)
set(CMAKE_C_COMPILER ${KIOSK_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${KIOSK_CROSS_TRIPLE}-g++)
# Debian's multiarch layout: libraries and CMake packages under lib/aarch64-linux-gnu.
set(CMAKE_LIBRARY_ARCHITECTURE ${KIOSK_CROSS_TRIPLE})

# pkg-config must see only the arm64 .pc files (and the architecture-independent ones, e.g. stb's
# headers): with the default search path it would hand out the amd64 libraries. Set for every
# process CMake starts while configuring; the build itself does not call pkg-config.
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/${KIOSK_CROSS_TRIPLE}/pkgconfig:/usr/share/pkgconfig)
set(ENV{PKG_CONFIG_PATH} "")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "")

# Host programs (pkg-config, the fonts' tools) from the host; libraries, headers and CMake
# packages from the target's multiarch directories first (CMAKE_LIBRARY_ARCHITECTURE above keeps
# the amd64 ones out of the search).
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)

# The arm64 loader (/lib/ld-linux-aarch64.so.1) and libraries come from the multiarch packages,
# so qemu needs no -L prefix. Deliberately the plain name found on PATH: the same CMake cache
# then works wherever qemu-user-static put it.
find_program(KIOSK_QEMU_AARCH64 qemu-aarch64-static)
if(NOT KIOSK_QEMU_AARCH64)
  message(FATAL_ERROR "qemu-aarch64-static not found: run tools/dev/install-deps-arm64.sh")
endif()
set(CMAKE_CROSSCOMPILING_EMULATOR ${KIOSK_QEMU_AARCH64})
