"""Render the studio window with a sample project to docs/screenshot-main.png (offscreen)."""

from __future__ import annotations

import os
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["REELROOM_HOME"] = tempfile.mkdtemp(prefix="reelroom-shot-")

from PySide6.QtWidgets import QApplication  # noqa: E402

from app.domain import CameraMove, ShotType  # noqa: E402
from app.services.commands import AddShots  # noqa: E402
from app.services.studio import Studio  # noqa: E402
from ui.main import create_window  # noqa: E402

SHOTS = [
    ("Harbour at dawn", "Aerial drone glide over a fishing harbour at dawn", ShotType.AERIAL,
     CameraMove.DOLLY_IN, 6),
    ("Mara arrives", "@Mara steps off the ferry, scanning the crowd", ShotType.MEDIUM,
     CameraMove.HANDHELD, 4),
    ("The parcel", "Close-up of a parcel tied with red string", ShotType.CLOSE_UP,
     CameraMove.STATIC, 3),
    ("Market run", "Tracking shot through the fish market", ShotType.WIDE, CameraMove.TRUCK, 5),
    ("Hands", "Extreme close-up of hands untying the string", ShotType.EXTREME_CLOSE_UP,
     CameraMove.STATIC, 2),
    ("Reveal", "The parcel opens: a glowing compass", ShotType.INSERT, CameraMove.DOLLY_IN, 4),
    ("Reaction", "Mara's face lit by the compass glow", ShotType.CLOSE_UP, CameraMove.ORBIT, 3),
    ("Chase", "Two figures push through the crowd", ShotType.WIDE, CameraMove.HANDHELD, 5),
    ("Rooftops", "Mara runs across tiled rooftops", ShotType.AERIAL, CameraMove.CRANE, 6),
    ("Dead end", "She stops at the roof's edge", ShotType.OVER_THE_SHOULDER, CameraMove.STATIC, 3),
    ("Jump", "Slow-motion leap to the next roof", ShotType.WIDE, CameraMove.PAN, 4),
    ("Title card", "Logo sting: THE COMPASS", ShotType.NONE, CameraMove.ZOOM, 3),
]


def main(out: str) -> None:
    app = QApplication.instance() or QApplication([])
    studio = Studio.open()
    project = studio.create_project("The Compass")
    studio.settings.last_project = project.id
    window = create_window(studio)
    doc = studio.document
    AddShots(doc, 0, [{"title": t, "prompt": p, "shot_type": st, "camera_move": cm,
                       "duration": d} for t, p, st, cm, d in SHOTS]).do(doc)
    window.show()
    window.timeline.select_ids([doc.shots[1].id])
    window.timeline.view.horizontalScrollBar().setValue(0)
    app.processEvents()
    window.grab().save(out)
    studio.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot-main.png")
