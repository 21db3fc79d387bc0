#!/usr/bin/env bash
# Build Reelroom's installers. Needs no network once the venv has the `packaging` extra.
#   bash packaging/build.sh frozen   # PyInstaller one-folder build -> build/dist/reelroom/
#   bash packaging/build.sh deb      # frozen build + .deb          -> build/reelroom_<v>_<arch>.deb
#   bash packaging/build.sh dmg      # macOS: Reelroom.app + .dmg  -> build/Reelroom-<v>.dmg
#   bash packaging/build.sh depends  # the .deb's Depends: line, from scripts/system-deps.sh
# REELROOM_REUSE_FROZEN=1 skips PyInstaller when build/dist/reelroom exists (iterating on the
# package itself). See packaging/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -x .venv/bin/python ]; then PY=.venv/bin/python; else PY=.venv/Scripts/python.exe; fi
VERSION=$("$PY" packaging/pyinstaller/app_version.py)
NICE=""
if command -v nice >/dev/null; then NICE="nice -n 10"; fi

frozen() {
  if [ "${REELROOM_REUSE_FROZEN:-}" = 1 ] && [ -d build/dist/reelroom ]; then
    echo "reusing build/dist/reelroom"; return
  fi
  if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
    "$PY" -m pip install -q -e ".[packaging]"
  fi
  rm -rf build/dist/reelroom build/dist/Reelroom.app
  $NICE "$PY" -m PyInstaller --noconfirm --log-level WARN --distpath build/dist \
    --workpath build/work packaging/pyinstaller/reelroom.spec
  # Every module of Reelroom's own packages is in the folder (the CLI, the provider registry
  # and the studio import many by name, which PyInstaller cannot see).
  local internal=build/dist/reelroom/_internal missing
  if [ -d build/dist/Reelroom.app ]; then internal=build/dist/Reelroom.app/Contents/Frameworks; fi
  missing=$(find app ui resources -name '*.py' -not -path '*/__pycache__/*' | while read -r py; do
    [ -e "$internal/${py%.py}.pyc" ] || echo "$py"; done)
  if [ -n "$missing" ]; then echo "not in the frozen folder: $missing" >&2; exit 1; fi
  # The version is bundled as the installed metadata: a venv installed before pyproject's
  # version changed would freeze the old one.
  local exe=build/dist/reelroom/reelroom-cli
  if [ -d build/dist/Reelroom.app ]; then exe=build/dist/Reelroom.app/Contents/MacOS/reelroom-cli; fi
  local got; got=$("$exe" --version)
  if [ "$got" != "reelroom $VERSION" ]; then
    echo "the frozen app says '$got', pyproject says $VERSION: run pip install -e . first" >&2
    exit 1
  fi
}

# The runtime libraries are the ones scripts/system-deps.sh installs for running from source,
# less what only developers and CI need.
DEV_ONLY="xvfb xauth curl"
runtime_depends() {
  local deps
  # the words of its `apt-get install` command that are package names (not options)
  deps=$(sed -n '/apt-get install/,/^$/p' scripts/system-deps.sh | tr -d '\\' | tr ' ' '\n' \
    | grep -E '^[a-z0-9][a-z0-9.+-]+$' | grep -vxE 'apt-get|install' || true)
  for d in $deps; do
    case " $DEV_ONLY " in *" $d "*) ;; *) echo "$d" ;; esac
  done | sort -u | paste -sd, | sed 's/,/, /g'
}

deb() {
  frozen
  local arch stage pkg
  arch=$(dpkg --print-architecture)
  stage=build/deb/reelroom_${VERSION}_${arch}
  pkg=build/reelroom_${VERSION}_${arch}.deb
  rm -rf "$stage" && mkdir -p "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" \
    "$stage/usr/share/applications" "$stage/usr/share/mime/packages" \
    "$stage/usr/share/icons/hicolor/scalable/apps" "$stage/usr/share/icons/hicolor/scalable/mimetypes"
  cp -a build/dist/reelroom "$stage/opt/reelroom"
  for exe in reelroom reelroom-cli; do
    printf '#!/bin/sh\nexec /opt/reelroom/%s "$@"\n' "$exe" > "$stage/usr/bin/$exe"
    chmod 755 "$stage/usr/bin/$exe"
  done
  install -m 644 packaging/linux/reelroom.desktop "$stage/usr/share/applications/"
  install -m 644 packaging/linux/reelroom-mime.xml "$stage/usr/share/mime/packages/reelroom.xml"
  install -m 644 resources/icons/reelroom.svg "$stage/usr/share/icons/hicolor/scalable/apps/"
  install -m 644 resources/icons/reelroom.svg \
    "$stage/usr/share/icons/hicolor/scalable/mimetypes/application-x-reelroom.svg"
  QT_QPA_PLATFORM=offscreen "$PY" packaging/render_icons.py build/icons >/dev/null
  for png in build/icons/*.png; do
    local size; size=$(basename "$png" .png)
    install -D -m 644 "$png" "$stage/usr/share/icons/hicolor/${size}x${size}/apps/reelroom.png"
    install -D -m 644 "$png" \
      "$stage/usr/share/icons/hicolor/${size}x${size}/mimetypes/application-x-reelroom.png"
  done
  sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$arch/" \
      -e "s/@DEPENDS@/$(runtime_depends)/" \
      -e "s/@SIZE@/$(du -sk --exclude=DEBIAN "$stage" | cut -f1)/" \
      packaging/linux/control.in > "$stage/DEBIAN/control"
  # 0755 directories, no group/other write, whatever the umask of the build
  find "$stage" -type d -exec chmod 755 {} +
  chmod -R go-w "$stage"
  dpkg-deb --root-owner-group -Zgzip -z6 --build "$stage" "$pkg" >/dev/null
  echo "built $pkg ($(du -h "$pkg" | cut -f1); installs $(du -sh "$stage/opt/reelroom" | cut -f1) in /opt/reelroom)"
}

dmg() {
  frozen
  local out=build/Reelroom-${VERSION}.dmg
  rm -f "$out"
  "$PY" -m dmgbuild -s packaging/macos/dmg_settings.py -D app=build/dist/Reelroom.app \
    "Reelroom $VERSION" "$out"
  echo "built $out"
}

case "${1:-}" in
  frozen) frozen ;;
  deb) deb ;;
  dmg) dmg ;;
  depends) runtime_depends ;;
  *) echo "usage: bash packaging/build.sh frozen|deb|dmg|depends" >&2; exit 2 ;;
esac
