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
