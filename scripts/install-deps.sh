#!/usr/bin/env bash
# Debian packages Switchboard needs. Building and testing need none today: eframe loads
# X11 / Wayland / GL at run time, and nothing links a system library at build time.
#
#   scripts/install-deps.sh               what the build and tests need (nothing yet)
#   scripts/install-deps.sh --screenshots  Xvfb, xterm, xdotool and ImageMagick, for
#                                          taking the screenshots in docs/ under a
#                                          virtual display
set -euo pipefail

packages=()
if [[ "${1:-}" == "--screenshots" ]]; then
  packages+=(xvfb xterm xdotool imagemagick x11-utils fonts-dejavu-core mesa-vulkan-drivers libvulkan1 xauth)
fi

if [[ ${#packages[@]} -eq 0 ]]; then
  echo "No Debian packages are needed to build and test Switchboard."
  exit 0
fi

sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${packages[@]}"
