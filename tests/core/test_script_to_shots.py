"""Script to shots: the local splitter on screenplays, outlines, markdown and prose; the
platform breakdown against its fake with the local fallback; the insert as one undoable
command."""

from __future__ import annotations

import pytest

from app.domain import CameraMove, ShotType
from app.providers.http import RetryPolicy
from app.services.history import History
from app.services.prompt_tools import PromptTools
from app.services.script_split import EMPTY_SCRIPT, estimate_duration, split_script
from app.services.script_to_shots import LOCAL, PLATFORM, insert_command, propose_shots
from tests.fakes.platform import API_KEY, create

FAST = RetryPolicy(max_attempts=3, base_delay=0.001, max_delay=0.002, jitter=0.0)

SCREENPLAY = """FADE IN:

EXT. HARBOUR - DAWN

Fog rolls over the water. A lone fishing boat drifts past the lighthouse.

CLOSE ON Mara's hands as she coils a wet rope.

CUT TO:

INT. KITCHEN - NIGHT
The kettle whistles. Mara turns, startled. Slow push in on her face.

EST. CITY SKYLINE - NIGHT

A drone glides over the lights of the city, panning to the river.
"""


def rows(shots):
    return [(s.title, s.prompt, s.shot_type, s.camera_move) for s in shots]


def test_screenplay_scene_headings_start_shots_and_carry_the_setting():
    shots = split_script(SCREENPLAY)
    assert rows(shots) == [
        ("EXT. HARBOUR - DAWN",
         "HARBOUR - DAWN. Fog rolls over the water. A lone fishing boat drifts past the "
         "lighthouse.", ShotType.NONE, CameraMove.NONE),
        ("CLOSE ON Mara's hands as she coils a wet rope",
         "HARBOUR - DAWN. CLOSE ON Mara's hands as she coils a wet rope.",
         ShotType.CLOSE_UP, CameraMove.NONE),
        ("INT. KITCHEN - NIGHT",
         "KITCHEN - NIGHT. The kettle whistles. Mara turns, startled. Slow push in on her face.",
         ShotType.NONE, CameraMove.DOLLY_IN),
        ("EST. CITY SKYLINE - NIGHT",
         "CITY SKYLINE - NIGHT. A drone glides over the lights of the city, panning to the "
         "river.", ShotType.ESTABLISHING, CameraMove.PAN),
    ]


def test_numbered_outline_items_are_shots_with_camera_hints():
    shots = split_script("1. Wide shot of a messy desk\n2) Close-up of a tangled cable, "
                         "the camera pans left\n3. Drone over the office park")
    assert rows(shots) == [
        ("Wide shot of a messy desk", "Wide shot of a messy desk", ShotType.WIDE,
         CameraMove.NONE),
        ("Close-up of a tangled cable, the camera pans left",
         "Close-up of a tangled cable, the camera pans left", ShotType.CLOSE_UP,
         CameraMove.PAN),
        ("Drone over the office park", "Drone over the office park", ShotType.AERIAL,
         CameraMove.NONE),
    ]


def test_markdown_headings_name_their_paragraph_and_bare_sections_are_dropped():
    text = ("# Launch video\n\n## Opening\n\nA phone on a plinth; a light sweeps across it.\n\n"
            "It starts to glow.\n\n## Problem\n- A cluttered desk, handheld\n")
    shots = split_script(text)
    assert [(s.title, s.prompt, s.camera_move) for s in shots] == [
        ("Opening", "A phone on a plinth; a light sweeps across it.", CameraMove.NONE),
        ("It starts to glow", "It starts to glow.", CameraMove.NONE),
        ("A cluttered desk, handheld", "A cluttered desk, handheld", CameraMove.HANDHELD),
    ]


def test_scene_n_headings_and_plain_paragraphs():
    shots = split_script("SCENE 1: The lab\nDr. Ito checks the readings.\n\n"
                         "Scene 2 - The street\nRain. She runs out.\n\nA final quiet beat "
                         "by the window as the sun comes up over the rooftops.")
    assert [(s.title, s.prompt) for s in shots] == [
        ("The lab", "Dr. Ito checks the readings."),
        ("The street", "Rain. She runs out."),
        ("A final quiet beat by the window as the sun comes up over…",  # long: cut at a word
         "A final quiet beat by the window as the sun comes up over the rooftops."),
    ]


def test_durations_follow_the_words_within_bounds():
    assert estimate_duration("one two") == 2.0
    assert estimate_duration(" ".join(["word"] * 15)) == 6.0
    assert estimate_duration(" ".join(["word"] * 200)) == 12.0
    long, short = split_script(" ".join(["word"] * 20) + ".\n\nA cat.")
    assert long.duration == 8.0 and short.duration == 2.0


@pytest.mark.parametrize("text", ["", "   \n\n  ", "CUT TO:\n\nFADE OUT."])
def test_empty_script_is_a_clear_message(text):
    with pytest.raises(ValueError) as err:
        split_script(text)
    assert str(err.value) == EMPTY_SCRIPT
    assert "paste a screenplay" in EMPTY_SCRIPT


# -- the platform and the fallback ------------------------------------------------------------


async def test_platform_proposes_shots_when_connected(studio, platform_fake):
    async with PromptTools.connect(studio, retry=FAST) as tools:
        proposal = await propose_shots("A harbour at dawn.\n\nClose on the rope, push in.",
                                       tools)
    assert proposal.source == PLATFORM
    assert [(s.title, s.prompt, s.duration, s.shot_type, s.camera_move)
            for s in proposal.shots] == [
        ("Beat 1", "A harbour at dawn.", 5.0, ShotType.WIDE, CameraMove.STATIC),
        ("Beat 2", "Close on the rope, push in.", 5.0, ShotType.CLOSE_UP, CameraMove.DOLLY_IN),
    ]


async def test_platform_failure_falls_back_to_local_with_a_notice(studio, platform_fake):
    platform_fake.fail(500, times=10, path="/api/studio/script-to-shots")
    async with PromptTools.connect(studio, retry=FAST) as tools:
        proposal = await propose_shots(SCREENPLAY, tools)
    assert proposal.source == LOCAL
    assert "could not split the script" in proposal.notice
    assert "split locally instead" in proposal.notice
    assert rows(proposal.shots) == rows(split_script(SCREENPLAY))


async def test_without_the_platform_the_local_splitter_answers(studio):
    proposal = await propose_shots(SCREENPLAY)
    assert proposal.source == LOCAL and len(proposal.shots) == 4
    with pytest.raises(ValueError, match="script is empty"):
        await propose_shots("  ")


# -- inserting -------------------------------------------------------------------------------


def test_insert_keeps_checked_shots_in_one_undoable_command(studio):
    doc = studio.open_project(studio.create_project("Film").id)
    history = History(doc)
    from app.services.commands import AddShots

    history.execute(AddShots(doc, 0, [{"title": "first"}, {"title": "last"}]))
    shots = split_script(SCREENPLAY)
    shots[1].include = False
    shots[0].title, shots[0].duration = "Harbour", 6.5
    history.execute(insert_command(doc, 1, shots))
    assert [s.title for s in doc.shots] == [
        "first", "Harbour", "INT. KITCHEN - NIGHT", "EST. CITY SKYLINE - NIGHT", "last"]
    assert doc.shots[1].duration == 6.5 and doc.shots[3].shot_type is ShotType.ESTABLISHING
    assert history.undo_text == "Insert 3 shots from script"
    history.undo()
    assert [s.title for s in doc.shots] == ["first", "last"]
    history.redo()
    assert len(doc.shots) == 5


def test_insert_refuses_nothing_checked_and_empty_prompts(studio):
    doc = studio.open_project(studio.create_project("Film").id)
    shots = split_script("One.\n\nTwo.")
    for s in shots:
        s.include = False
    with pytest.raises(ValueError, match="no shots are checked"):
        insert_command(doc, 0, shots)
    shots[1].include, shots[1].prompt = True, " "
    with pytest.raises(ValueError, match="empty prompt"):
        insert_command(doc, 0, shots)
    assert len(doc.shots) == 0


# -- the CLI ---------------------------------------------------------------------------------


def test_cli_script_to_shots_inserts_locally_and_through_the_platform(
        reelroom_home, tmp_path, capsys, monkeypatch):
    from app.cli.main import main
    from app.services.studio import Studio

    script = tmp_path / "script.txt"
    script.write_text(SCREENPLAY, encoding="utf-8")
    assert main(["project", "new", "Film"]) == 0
    assert main(["shot", "add", "Film", "--title", "Cold open"]) == 0
    capsys.readouterr()
    assert main(["script-to-shots", "Film", str(script), "--at", "1"]) == 0
    out = capsys.readouterr()
    assert "4 shots found by the local splitter" in out.err
    assert "EST. CITY SKYLINE - NIGHT" in out.out
    assert main(["script-to-shots", "Film", str(tmp_path / "missing.txt")]) == 1
    assert "cannot read" in capsys.readouterr().err

    with create() as fake:
        monkeypatch.setenv("REELROOM_PLATFORM_BASE_URL", fake.base_url)
        monkeypatch.setenv("REELROOM_PLATFORM_API_KEY", API_KEY)
        script.write_text("One beat.\n\nAnother beat.", encoding="utf-8")
        assert main(["script-to-shots", "Film", str(script), "--dry-run"]) == 0
        assert "2 shots proposed by the studio platform" in capsys.readouterr().err
        assert main(["script-to-shots", "Film", str(script)]) == 0

    studio = Studio.open()
    try:
        doc = studio.open_project(studio.find_project("Film").id)
        assert [s.title for s in doc.shots] == [
            "EXT. HARBOUR - DAWN", "CLOSE ON Mara's hands as she coils a wet rope",
            "INT. KITCHEN - NIGHT", "EST. CITY SKYLINE - NIGHT", "Cold open", "Beat 1",
            "Beat 2"]
    finally:
        studio.close()
