#!/usr/bin/env bash
# Install the .deb as a user would (dpkg -i, then apt-get -f install for its dependencies),
# run packaging/smoke.sh on the installed app from /tmp with no venv on PATH, then remove it
# with dpkg -r and check that it went cleanly and left the user's library alone.
#   bash packaging/deb-smoke.sh build/reelroom_<version>_<arch>.deb
set -euo pipefail
DEB=$(realpath "${1:?usage: deb-smoke.sh PACKAGE.deb}")
HERE=$(cd "$(dirname "$0")" && pwd)
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
VERSION=$(dpkg-deb -f "$DEB" Version)
fail() { echo "DEB SMOKE FAILED: $*" >&2; exit 1; }

# what the smoke test itself uses (not the package's dependencies: apt-get -f brings those)
need=()
command -v xdotool >/dev/null || need+=(xdotool)
command -v Xvfb >/dev/null || need+=(xvfb)
[ -x /usr/bin/update-mime-database ] || need+=(shared-mime-info)
[ -x /usr/bin/update-desktop-database ] || need+=(desktop-file-utils)
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

echo "== dpkg -i $(basename "$DEB")"
if ! $SUDO dpkg -i "$DEB"; then
  $SUDO apt-get -f install -y -qq
fi
[ "$(dpkg-query -W -f='${Status}' reelroom)" = "install ok installed" ] || fail "not installed"
desktop-file-validate /usr/share/applications/reelroom.desktop || fail "the .desktop file is invalid"
grep -q '\*\.reelroom' /usr/share/mime/globs2 || fail ".reelroom is not a registered MIME type"

HOME_DIR=$(mktemp -d /tmp/reelroom-user.XXXXXX)
env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
  MENU_ENTRY=/usr/share/applications/reelroom.desktop \
  bash "$HERE/smoke.sh" "$VERSION" "$HOME_DIR"
LIBRARY=$(cat "$HOME_DIR/library-path")
[ -s "$LIBRARY" ] || fail "the smoke test left no library at $LIBRARY"
before=$(sha256sum "$LIBRARY" | cut -d' ' -f1)

echo "== dpkg -r reelroom"
$SUDO dpkg -r reelroom
[ "$(dpkg-query -W -f='${Status}' reelroom 2>/dev/null || true)" != "install ok installed" ] \
  || fail "still installed"
for path in /opt/reelroom /usr/bin/reelroom /usr/bin/reelroom-cli \
            /usr/share/applications/reelroom.desktop /usr/share/mime/packages/reelroom.xml \
            /usr/share/icons/hicolor/scalable/apps/reelroom.svg; do
  [ ! -e "$path" ] || fail "$path is left behind"
done
! grep -q '\*\.reelroom' /usr/share/mime/globs2 || fail "the MIME type is still registered"
[ "$(sha256sum "$LIBRARY" | cut -d' ' -f1)" = "$before" ] || fail "the user's library changed"
rm -rf "$HOME_DIR"
echo "== the .deb installs, works and removes cleanly; the user's library stays ($LIBRARY)"
