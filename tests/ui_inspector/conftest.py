"""An inspector on a real studio and project, with the model catalog on real adapters (the
static catalogs need no network) and asyncio running on Qt's loop."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack

from app.domain import Element
from app.services.studio import Studio
from ui.inspector.panel import ShotInspector
from ui.undo import UndoController
from ui.wiring.storyboard import make_catalog, template_placeholders

pytestmark = pytest.mark.gui


class Setup:
    def __init__(self, studio: Studio, qtbot) -> None:
        self.studio = studio
        project = studio.create_project("Film")
        self.doc = studio.open_project(project.id)
        self.doc.put_element(Element(project_id=project.id, name="Mara",
                                     description="a tall woman in a red coat"))
        self.doc.put_element(Element(project_id=project.id, name="Lighthouse", kind="location",
                                     description="a white lighthouse on black rocks"))
        self.stack = QUndoStack()
        self.undo = UndoController(self.stack)
        self.undo.set_document(self.doc)
        self.inspector = ShotInspector(self.undo)
        qtbot.addWidget(self.inspector)
        self.catalog = make_catalog(studio)
        self.inspector.set_services(
            catalog=self.catalog,
            history=lambda text: studio.prompt_history.recent(containing=text),
            template_placeholders=lambda: template_placeholders(studio))
        self.inspector.set_document(self.doc)
        self.inspector.resize(460, 1100)

    def add_shot(self, **fields):
        self.doc.insert_shots(len(self.doc.shots), [self.doc.new_shot(**fields)])
        shot = self.doc.shots[len(self.doc.shots) - 1]
        self.inspector.show_shot(shot.id)
        return shot.id

    def shot(self, shot_id: str):
        return self.doc.shots.get(shot_id)


@pytest.fixture
def setup(qtbot, qasync_loop, reelroom_home):
    studio = Studio.open()
    s = Setup(studio, qtbot)
    yield s
    # let model lists that are still loading finish, so no task outlives its loop
    qtbot.waitUntil(lambda: not s.inspector.picker._tasks, timeout=5000)
    studio.close()
