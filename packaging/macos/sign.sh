#!/usr/bin/env bash
# Sign Reelroom.app (hardened runtime) and, given the .dmg, notarise and staple it. Run by the
# workflow only when the secrets are set; unsigned builds still install (right-click → Open).
#   MACOS_SIGN_IDENTITY="Developer ID Application: …" bash packaging/macos/sign.sh app build/dist/Reelroom.app
#   APPLE_ID=… APPLE_TEAM_ID=… APPLE_APP_PASSWORD=… bash packaging/macos/sign.sh dmg build/Reelroom-X.dmg
set -euo pipefail
what=$1 path=$2
case "$what" in
  app)
    # inside out: every library and plugin (libvlc's too), then the programs, then the bundle
    find "$path/Contents" -type f \( -name '*.dylib' -o -name '*.so' \) -print0 |
      xargs -0 codesign --force --timestamp --options runtime --sign "$MACOS_SIGN_IDENTITY"
    for exe in "$path"/Contents/MacOS/*; do
      codesign --force --timestamp --options runtime \
        --entitlements "$(dirname "$0")/entitlements.plist" --sign "$MACOS_SIGN_IDENTITY" "$exe"
    done
    codesign --force --timestamp --options runtime \
      --entitlements "$(dirname "$0")/entitlements.plist" --sign "$MACOS_SIGN_IDENTITY" "$path"
    codesign --verify --deep --strict "$path"
    ;;
  dmg)
    xcrun notarytool submit "$path" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
      --password "$APPLE_APP_PASSWORD" --wait
    xcrun stapler staple "$path"
    ;;
  *) echo "usage: sign.sh app|dmg PATH" >&2; exit 2 ;;
esac
