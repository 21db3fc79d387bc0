"""Render resources/icons/reelroom.svg to the PNG sizes a desktop wants, with Qt's SVG renderer
(no other tool needed at build time).

    python packaging/render_icons.py OUT_DIR [SIZE ...]     -> OUT_DIR/<size>.png
    python packaging/render_icons.py --platform-icons        -> resources/icons/reelroom.ico, .icns

The .ico (Windows programs and installer) and .icns (the macOS app) are committed, made by the
second form whenever the SVG changes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SVG = Path(__file__).resolve().parents[1] / "resources" / "icons" / "reelroom.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _image(renderer, size: int):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter

    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def _renderer():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtSvg import QSvgRenderer

    global _app
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"{SVG} is not a valid SVG")
    return renderer


def platform_icons() -> list[Path]:
    renderer = _renderer()
    written = []
    for name, size in (("reelroom.ico", 256), ("reelroom.icns", 512)):
        path = SVG.with_name(name)
        if not _image(renderer, size).save(str(path)):
            raise SystemExit(f"could not write {path} (Qt's imageformats plugins missing?)")
        written.append(path)
    return written


def render(out_dir: Path, sizes=SIZES) -> list[Path]:
    renderer = _renderer()
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for size in sizes:
        path = out_dir / f"{size}.png"
        if not _image(renderer, size).save(str(path)):
            raise SystemExit(f"could not write {path}")
        written.append(path)
    return written


_app = None  # the QGuiApplication must outlive the renderer

if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    if sys.argv[1] == "--platform-icons":
        for p in platform_icons():
            print(p)
        raise SystemExit(0)
    sizes = tuple(int(s) for s in sys.argv[2:]) or SIZES
    for p in render(Path(sys.argv[1]), sizes):
        print(p)
