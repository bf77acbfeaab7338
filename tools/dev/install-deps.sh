#!/usr/bin/env bash
# Installs the Debian 12 packages this project builds, tests and runs with.
# Safe to run again: it only calls apt-get when something is missing.
# Usage: tools/dev/install-deps.sh        (as root, or with sudo available)
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libsqlite3-dev libsodium-dev nlohmann-json3-dev libstb-dev doctest-dev
  libsdl2-dev libimgui-dev libcurl4-openssl-dev libqrcodegencpp-dev
  fonts-dejavu-core fonts-noto-core fonts-material-design-icons-iconfont
  minisign sqlite3 xvfb xdotool x11-utils python3 nginx-light ca-certificates
  dosfstools mtools udev
  lintian debootstrap systemd
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing: ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
