"""The studio's windows carry Reelroom's icon (the SVG in resources/icons, drawn by Qt)."""

from __future__ import annotations

from ui.main import _set_app_icon


def test_the_app_icon_is_the_reelroom_svg(qapp):
    _set_app_icon(qapp)
    pixmap = qapp.windowIcon().pixmap(48, 48)
    assert not pixmap.isNull()
    image = pixmap.toImage()
    assert image.pixelColor(24, 24).alpha() == 255 and image.pixelColor(0, 0).alpha() == 0
