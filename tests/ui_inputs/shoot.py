"""docs/screenshots/inputs.png: the Shot inspector with its input slots, on a first–last-frame
shot whose first frame is set and whose last frame waits for a drop.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui_inputs.shoot docs/screenshots/inputs.png
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QScrollArea

from tests.support.screenshots import wait_until


def _still(out: Path, colour: str) -> Path:
    from app.media.ffmpeg import ffmpeg_exe

    subprocess.run([ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    f"gradients=s=320x180:c0={colour}:c1=black:seed=3", "-frames:v", "1",
                    str(out)], check=True)
    return out


def shoot(out: Path) -> Path:
    from app.services.shot_inputs import input_from_file
    from app.services.studio import Studio
    from tests.fakes.platform import API_KEY, create
    from tests.support.qt_loop import running_qasync_loop
    from ui.main import create_window

    with tempfile.TemporaryDirectory() as home, create() as fake:
        os.environ.update(REELROOM_HOME=home, REELROOM_PLATFORM_BASE_URL=fake.base_url,
                          REELROOM_PLATFORM_API_KEY=API_KEY)
        app = QApplication.instance() or QApplication(sys.argv[:1])
        with running_qasync_loop(app):
            studio = Studio.open()
            window = create_window(studio)
            window.resize(QSize(1600, 1000))
            window.show()
            project = studio.create_project("Harbour at dusk")
            doc = window.open_project(project.id)
            doc.insert_shots(0, [doc.new_shot(
                title="The harbour lights come on",
                prompt="The harbour at golden hour; the light fades to blue dusk and the "
                       "lamps along the quay switch on one by one",
                provider="platform", model="ltx-flf", duration=4.0)])
            shot_id = doc.shots[0].id
            window.timeline.select_ids([shot_id])
            slots = window.inspector.inputs
            wait_until(lambda: set(slots.slots) == {"first_frame", "last_frame"})
            library = window.features.media.controller.library
            first = _still(Path(home) / "golden-hour.png", "orange")
            task = asyncio.get_event_loop().create_task(
                input_from_file(doc, library, shot_id, "first_frame", first))
            wait_until(task.done)
            window.undo.push(task.result().command)
            wait_until(lambda: slots.slots["first_frame"].value is not None)
            window.docks["inspector"].raise_()
            scroll = slots.parentWidget()
            while scroll is not None and not isinstance(scroll, QScrollArea):
                scroll = scroll.parentWidget()
            if scroll is not None:
                scroll.ensureWidgetVisible(slots, 0, 40)
            QTest.qWait(200)
            out.parent.mkdir(parents=True, exist_ok=True)
            window.docks["inspector"].grab().save(str(out))
            window.close()
            studio.close()
    return out


if __name__ == "__main__":
    print(shoot(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots/inputs.png")))
