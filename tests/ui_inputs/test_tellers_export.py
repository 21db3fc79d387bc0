"""Export → Tellers offers the project the Tellers agent built for a take (captured when the
run finished), and `reelroom-cli export --to tellers` renders that same project by default."""

from __future__ import annotations

import contextlib
import io

import pytest

from app.cli.main import main
from app.domain import Take
from tests.fakes.tellers import KEY, FakeTellers
from tests.support.qt_loop import studio_window

pytestmark = [pytest.mark.gui, pytest.mark.timeout(90)]


@pytest.fixture
def tellers(monkeypatch, sample_clip):
    fake = FakeTellers(export_polls=1)
    fake.result_media = sample_clip.read_bytes()
    with fake:
        monkeypatch.setenv("REELROOM_TELLERS_BASE_URL", fake.base_url)
        monkeypatch.setenv("REELROOM_TELLERS_API_KEY", KEY)
        yield fake


@pytest.fixture
def window(qtbot, running_loop, reelroom_home, tellers):
    yield from studio_window(qtbot)


def _film_with_agent_take(studio, sample_clip):
    project = studio.create_project("Forest")
    doc = studio.open_project(project.id)
    doc.insert_shots(0, [doc.new_shot(title="Walk", prompt="a walk in the forest",
                                      provider="tellers", model="agent")])
    doc.add_take(Take(shot_id=doc.shots[0].id, provider="tellers", model="agent",
                      media_path=str(sample_clip), duration=1.0,
                      remote_ids={"remote_id": "chat_7", "chat_id": "chat_7",
                                  "project_ids": ["proj_chat_7"]},
                      message="Here is your nature video."))
    return doc


def test_export_to_tellers_offers_the_captured_project(window, qtbot, tellers, sample_clip,
                                                       tmp_path):
    doc = _film_with_agent_take(window.studio, sample_clip)
    window.open_project(doc.project.id)
    window.actions.export_film.trigger()
    dialog = window.features.export.export_dialog
    dialog.destination.setCurrentIndex(dialog.destination.findData("tellers"))
    assert dialog.tellers_project.isVisible()
    assert dialog.tellers_project.text() == "proj_chat_7"
    assert "Project proj_chat_7 was built for take 1 of shot 1." in dialog.summary.text()
    out = tmp_path / "forest.mp4"
    dialog.output.set_path(out)
    dialog.export_btn.click()
    qtbot.waitUntil(lambda: dialog.result is not None or not dialog.running, timeout=20_000)
    assert dialog.result is not None, dialog.status.text()
    assert tellers.exported == ["proj_chat_7"]
    assert out.read_bytes() == sample_clip.read_bytes()


def test_cli_export_to_tellers_uses_the_captured_project(reelroom_home, tellers, sample_clip,
                                                        tmp_path):
    from app.services.studio import Studio

    studio = Studio.open()
    doc = _film_with_agent_take(studio, sample_clip)
    studio.close()
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["export", doc.project.name, "--out", str(tmp_path / "f.mp4"),
                     "--to", "tellers"])
    assert code == 0, err.getvalue()
    assert tellers.exported == ["proj_chat_7"]
    assert "Tellers project proj_chat_7 (from take 1 of shot 1)" in err.getvalue()
    assert "rendered by tellers" in out.getvalue()
    assert (tmp_path / "f.mp4").read_bytes() == sample_clip.read_bytes()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["export", doc.project.name, "--out", str(tmp_path / "g.mp4"),
                     "--to", "platform", "--tellers-project", "x"])
    assert code == 1 and "error: --tellers-project goes with --to tellers" in err.getvalue()
