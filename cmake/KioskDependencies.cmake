# All dependencies come from Debian 12 packages (see tools/dev/install-deps.sh);
# nothing is downloaded at build time and no third-party source is vendored.
find_package(PkgConfig REQUIRED)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3>=3.40)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium>=1.0.18)
pkg_check_modules(STB REQUIRED IMPORTED_TARGET stb)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(Threads REQUIRED)
if(KIOSK_BUILD_TESTS)
  find_package(doctest REQUIRED)
  include(doctest)
endif()
