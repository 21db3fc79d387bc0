#!/usr/bin/env bash
# System libraries Reelroom needs on Debian/Ubuntu: Qt's xcb/EGL/fontconfig/dbus/pulse
# libraries, libvlc with its video output modules (without vlc-plugin-video-output libvlc
# plays a black picture), Xvfb to run without a display.
set -euo pipefail
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3 libpulse0 \
  libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 \
  libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 \
  libxcb-xkb1 libxcb-xfixes0 libxrender1 libxi6 libsm6 libice6 \
  libvlc5 vlc-plugin-base vlc-plugin-video-output fontconfig fonts-dejavu-core xvfb xauth curl
