# All dependencies come from Debian 12 packages (see tools/dev/install-deps.sh);
# nothing is downloaded at build time and no third-party source is vendored.
find_package(PkgConfig REQUIRED)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3>=3.40)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium>=1.0.18)
pkg_check_modules(STB REQUIRED IMPORTED_TARGET stb)
pkg_check_modules(CURL REQUIRED IMPORTED_TARGET libcurl>=7.85)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(Threads REQUIRED)
if(KIOSK_BUILD_TESTS)
  find_package(doctest REQUIRED)
  include(doctest)
endif()

if(KIOSK_BUILD_KIOSK)
  # SDL2 and Debian's Dear ImGui 1.86 (libimgui.a with the SDL2 platform backend);
  # the SDL_Renderer backend ships as source in the same package and is compiled here.
  find_package(SDL2 CONFIG REQUIRED)
  pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
  pkg_check_modules(QRCODEGEN REQUIRED IMPORTED_TARGET qrcodegencpp)
  set(KIOSK_IMGUI_SDLRENDERER_SOURCE
      /usr/share/doc/libimgui-dev/examples/backends/imgui_impl_sdlrenderer.cpp
      CACHE FILEPATH "imgui_impl_sdlrenderer.cpp from libimgui-dev")
  if(NOT EXISTS ${KIOSK_IMGUI_SDLRENDERER_SOURCE})
    message(FATAL_ERROR "imgui_impl_sdlrenderer.cpp not found at ${KIOSK_IMGUI_SDLRENDERER_SOURCE} (package libimgui-dev)")
  endif()
endif()
