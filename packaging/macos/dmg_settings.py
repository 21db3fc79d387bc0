# dmgbuild settings: Reelroom.app beside a link to /Applications, as Mac users expect.
#   python -m dmgbuild -s packaging/macos/dmg_settings.py -D app=build/dist/Reelroom.app \
#       "Reelroom <version>" build/Reelroom-<version>.dmg
# (packaging/build.sh dmg runs this; dmgbuild passes `defines` in.)
import os.path

application = defines.get("app", "build/dist/Reelroom.app")  # noqa: F821 - given by dmgbuild
appname = os.path.basename(application)

format = "UDZO"
files = [application]
symlinks = {"Applications": "/Applications"}
icon_locations = {appname: (140, 160), "Applications": (420, 160)}
window_rect = ((200, 200), (560, 340))
default_view = "icon-view"
icon_size = 96
