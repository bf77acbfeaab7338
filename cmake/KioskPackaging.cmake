# Debian packages with CPack (issue 7; docs/raspberry-pi.md). Built by
# tools/dev/package.sh [amd64|arm64], which configures a Release tree and runs cpack:
#
#   stadtteilkompass        the kiosk for the device: /usr/bin/kiosk, the default
#                           configuration /etc/stadtteilkompass/kiosk.json (conffile),
#                           the systemd units (cage on tty1; KMS/DRM variant), the PAM
#                           session, the USB udev rule + mount unit + helper, and maintainer
#                           scripts that create the "kiosk" system user and /var/lib/stadtteilkompass
#   stadtteilkompass-tools  the desktop tools: /usr/bin/kiosk-pack
#
# Depends come from dpkg-shlibdeps (the libraries the binaries link) plus what the
# kiosk needs at run time that no linker sees (fonts, cage, PAM, udev). The
# architecture is the target's (CMAKE_SYSTEM_PROCESSOR, so a cross build with
# cmake/toolchain-aarch64.cmake makes arm64 packages), not the build machine's.
# The executables' install() rules live beside their targets (kiosk/, tools/).

set(KIOSK_PACKAGING_DIR ${PROJECT_SOURCE_DIR}/packaging)

# ---- the kiosk package's files (component "kiosk")
install(FILES ${KIOSK_PACKAGING_DIR}/config/kiosk.json
        DESTINATION /etc/stadtteilkompass COMPONENT kiosk)
install(FILES ${KIOSK_PACKAGING_DIR}/pam/stadtteilkompass
        DESTINATION /etc/pam.d COMPONENT kiosk)
install(FILES ${KIOSK_PACKAGING_DIR}/systemd/stadtteilkompass.service
              ${KIOSK_PACKAGING_DIR}/systemd/stadtteilkompass-kms.service
              ${KIOSK_PACKAGING_DIR}/systemd/stadtteilkompass-usb-mount@.service
        DESTINATION /lib/systemd/system COMPONENT kiosk)
install(FILES ${KIOSK_PACKAGING_DIR}/udev/99-stadtteilkompass-usb.rules
        DESTINATION /lib/udev/rules.d COMPONENT kiosk)
install(PROGRAMS ${KIOSK_PACKAGING_DIR}/usb/usb-mount
        DESTINATION libexec/stadtteilkompass COMPONENT kiosk)
install(FILES ${PROJECT_SOURCE_DIR}/docs/raspberry-pi.md ${PROJECT_SOURCE_DIR}/docs/watchdog.md
              ${PROJECT_SOURCE_DIR}/docs/usb.md ${PROJECT_SOURCE_DIR}/docs/kiosk-config.md
              ${PROJECT_SOURCE_DIR}/docs/install.md ${PROJECT_SOURCE_DIR}/docs/web-refresh.md
              ${PROJECT_SOURCE_DIR}/docs/usage-stats.md
        DESTINATION share/doc/stadtteilkompass COMPONENT kiosk)

# copyright and a (native package's) changelog.gz in each package's doc folder, as Debian asks.
set(KIOSK_DEB_MAINTAINER "Stadtteilkompass maintainers <maintainers@users.noreply.h-seed-5fca611b.example>"
    CACHE STRING "Maintainer field of the Debian packages")
string(TIMESTAMP KIOSK_DEB_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC) # honours SOURCE_DATE_EPOCH
foreach(pkg stadtteilkompass stadtteilkompass-tools)
  set(PACKAGE_VERSION ${PROJECT_VERSION})
  set(PACKAGE_MAINTAINER ${KIOSK_DEB_MAINTAINER})
  set(PACKAGE_DATE ${KIOSK_DEB_DATE})
  configure_file(${KIOSK_PACKAGING_DIR}/debian/changelog.in ${CMAKE_CURRENT_BINARY_DIR}/packaging/${pkg}/changelog @ONLY)
  file(READ ${CMAKE_CURRENT_BINARY_DIR}/packaging/${pkg}/changelog body)
  string(REPLACE "stadtteilkompass (" "${pkg} (" body "${body}")
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/packaging/${pkg}/changelog "${body}")
  # gzip -n: no name or time stamp in the header, so the package is reproducible.
  execute_process(COMMAND gzip -9nc ${CMAKE_CURRENT_BINARY_DIR}/packaging/${pkg}/changelog
                  OUTPUT_FILE ${CMAKE_CURRENT_BINARY_DIR}/packaging/${pkg}/changelog.gz)
  if(pkg STREQUAL "stadtteilkompass")
    set(component kiosk)
  else()
    set(component tools)
  endif()
  install(FILES ${CMAKE_CURRENT_BINARY_DIR}/packaging/${pkg}/changelog.gz ${KIOSK_PACKAGING_DIR}/debian/copyright
          DESTINATION share/doc/${pkg} COMPONENT ${component})
endforeach()

# ---- CPack
# The Debian architecture of the target: from the (cross) compiler's processor, not dpkg on the build machine.
string(TOLOWER "${CMAKE_SYSTEM_PROCESSOR}" kiosk_processor)
if(kiosk_processor MATCHES "^(x86_64|amd64)$")
  set(KIOSK_DEB_ARCH amd64)
elseif(kiosk_processor MATCHES "^(aarch64|arm64)$")
  set(KIOSK_DEB_ARCH arm64)
elseif(kiosk_processor MATCHES "^armv?[67]")
  set(KIOSK_DEB_ARCH armhf)
elseif(kiosk_processor MATCHES "^i[3-6]86$")
  set(KIOSK_DEB_ARCH i386)
else()
  execute_process(COMMAND dpkg --print-architecture OUTPUT_VARIABLE KIOSK_DEB_ARCH OUTPUT_STRIP_TRAILING_WHITESPACE)
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME stadtteilkompass)
set(CPACK_PACKAGE_VENDOR "Stadtteilkompass")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${KIOSK_DEB_MAINTAINER})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/packages)
set(CPACK_COMPONENTS_ALL kiosk tools)
set(CPACK_DEB_COMPONENT_INSTALL ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # <name>_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${KIOSK_DEB_ARCH})
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${KIOSK_DEB_MAINTAINER})
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_KIOSK_PACKAGE_NAME stadtteilkompass)
set(CPACK_DEBIAN_KIOSK_PACKAGE_SECTION misc)
# What no linker sees: the fonts the kiosk loads, the compositor its unit starts, the PAM
# module of its session, adduser for the maintainer script (deb-systemd-helper is essential), systemd-mount and udev for sticks,
# and libcurl4, which the kiosk loads with dlopen for the web refresh (platform/http_client.h).
set(CPACK_DEBIAN_KIOSK_PACKAGE_DEPENDS
    "libcurl4, cage, fonts-dejavu-core | fonts-noto-core, fonts-material-design-icons-iconfont, adduser, libpam-systemd, systemd, udev")
set(CPACK_DEBIAN_KIOSK_PACKAGE_RECOMMENDS "fonts-noto-core")
set(CPACK_DEBIAN_KIOSK_PACKAGE_CONTROL_EXTRA
    ${KIOSK_PACKAGING_DIR}/debian/postinst ${KIOSK_PACKAGING_DIR}/debian/prerm
    ${KIOSK_PACKAGING_DIR}/debian/postrm ${KIOSK_PACKAGING_DIR}/debian/conffiles)
# CPack indents the continuation lines itself.
set(CPACK_COMPONENT_KIOSK_DESCRIPTION "touch kiosk for neighbourhood information (Stadtteilkompass)
Stadtteilkompass shows the offers of a family centre or neighbourhood on a
touch screen: themes, opening hours, events and search, in several languages.
Content comes as signed packs from a USB stick or a web address.
.
This package runs the kiosk full screen on boot under the cage Wayland
compositor on tty1 (or directly on KMS/DRM) as the system user kiosk, with a
systemd watchdog, a crash-loop fall-back to the previous pack, and read-only
automounting of USB sticks.")

set(CPACK_DEBIAN_TOOLS_PACKAGE_NAME stadtteilkompass-tools)
set(CPACK_DEBIAN_TOOLS_PACKAGE_SECTION utils)
set(CPACK_COMPONENT_TOOLS_DESCRIPTION "desktop tools for Stadtteilkompass content packs
Stadtteilkompass shows the offers of a family centre or neighbourhood on a
touch kiosk. This package holds kiosk-pack, which turns the office's
spreadsheets and photos into signed content packs, checks and compares packs,
makes signing keys and publishes packs for the kiosks' web refresh.")

include(CPack)
