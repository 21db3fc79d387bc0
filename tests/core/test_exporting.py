"""The export service: the open project's timeline → one film. Shots without a take are named
and left out (or played by their animatic card when asked), the order is the timeline's, each
shot's transition joins it to the next, a cancel leaves nothing behind, and Tellers' project
export goes through its adapter."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import imageio_ffmpeg
import pytest

from app.domain import Take
from app.domain.cut import transition_overlap
from app.domain.enums import Transition
from app.media.probe import probe
from app.providers.base import ProviderConfig
from app.providers.tellers.adapter import Tellers
from app.services.commands import MoveShots, UpdateShot
from app.services.exporting import (
    ExportCancelled,
    ExportError,
    collect,
    export_film,
    export_to_tellers,
)
from tests.fakes.tellers import KEY, VIDEO_BYTES
from tests.fakes.tellers import create as create_tellers

FFMPEG = imageio_ffmpeg.get_ffmpeg_exe()
COLOURS = {"red": (255, 0, 0), "green": (0, 255, 0), "blue": (0, 0, 255)}
CARD = (0x15, 0x17, 0x1C)  # the animatic card's background


def ff(*args: str) -> bytes:
    return subprocess.run([FFMPEG, "-hide_banner", "-nostdin", "-y", "-loglevel", "error",
                           *args], check=True, capture_output=True).stdout


@pytest.fixture(scope="module")
def clips(tmp_path_factory) -> dict[str, Path]:
    """One-second solid-colour clips (the green one silent) to tell shots apart in the film."""
    folder = tmp_path_factory.mktemp("clips")
    out = {}
    for name in COLOURS:
        path = folder / f"{name}.mp4"
        audio = [] if name == "green" else ["-f", "lavfi", "-i", "sine=r=48000:d=1",
                                             "-c:a", "aac", "-shortest"]
        hexa = "0x" + "".join(f"{v:02X}" for v in COLOURS[name])
        ff("-f", "lavfi", "-i", f"color=c={hexa}:s=64x36:r=8:d=1", *audio,
           "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(path))
        out[name] = path
    return out


def colour_at(path: Path, seconds: float) -> str:
    """The named colour closest to the film's top-right corner at `seconds` (plain ffmpeg;
    the corner, because an animatic card has text elsewhere)."""
    raw = ff("-ss", f"{seconds:.3f}", "-i", str(path), "-frames:v", "1", "-vf",
             "crop=8:8:iw-16:8,scale=1:1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-")
    rgb = tuple(raw[:3])
    known = {**COLOURS, "card": CARD}
    return min(known, key=lambda c: sum((a - b) ** 2 for a, b in zip(known[c], rgb,
                                                                     strict=True)))


def film(studio, clips, takes: list[str | None], *, fps: float = 8.0):
    """A project with one shot per entry: a colour's clip as its take, or None (no take)."""
    project = studio.create_project("Colours", fps=fps)
    doc = studio.open_project(project.id)
    doc.insert_shots(0, [doc.new_shot(title=(c or "empty").title(), prompt=f"a {c} frame",
                                      duration=1.0) for c in takes])
    for shot, colour in zip(doc.shots, takes, strict=True):
        if colour is not None:
            doc.add_take(Take(shot_id=shot.id, provider="animatic",
                              media_path=str(clips[colour]), duration=1.0))
    return doc


def test_the_summary_names_shots_without_a_take_in_timeline_order(studio, clips):
    doc = film(studio, clips, ["red", None, "blue"])
    summary = collect(doc)
    assert [c.number for c in summary.shots] == [1, 2, 3]
    assert [c.number for c in summary.ready] == [1, 3]
    assert [c.label for c in summary.missing] == ["shot 2 “Empty”"]
    assert "shot 2 “Empty” has no take and will be left out" in summary.missing_message()
    assert "animatic card stands in" in summary.missing_message(fill_missing=True)
    assert summary.running_time() == pytest.approx(2.0)
    assert summary.running_time(fill_missing=True) == pytest.approx(3.0)
    UpdateShot(doc, doc.shots[0].id, transition=Transition.DISSOLVE).do(doc)
    assert collect(doc).running_time() == pytest.approx(2.0 - 0.4)  # red→blue now overlaps


def test_a_deleted_take_file_is_reported_not_exported(studio, clips, tmp_path):
    doc = film(studio, clips, ["red"])
    gone = tmp_path / "gone.mp4"
    doc.add_take(Take(shot_id=doc.shots[0].id, media_path=str(gone), duration=1.0))
    UpdateShot(doc, doc.shots[0].id, selected_take_id=doc.takes(doc.shots[0].id)[-1].id).do(doc)
    [clip] = collect(doc).missing
    assert "file is missing" in clip.problem and "gone.mp4" in clip.problem


def test_transitions_never_eat_more_than_a_share_of_short_clips():
    assert transition_overlap("cut", 4, 4) == 0
    assert transition_overlap("dissolve", 4, 4) == 0.5
    assert transition_overlap("wipe", 1, 4) == 0.4
    assert transition_overlap("fade", 0.05, 4) == 0  # too short for any: a cut


async def test_export_follows_the_timeline_and_each_shots_transition(studio, clips, tmp_path):
    doc = film(studio, clips, ["red", "green", "blue"])
    MoveShots([doc.shots[2].id], 0).do(doc)  # blue first: blue, red, green
    UpdateShot(doc, doc.shots[1].id, transition=Transition.DISSOLVE).do(doc)  # red → green
    events = []
    done = await export_film(doc, tmp_path / "film.mp4", preset="480p",
                             on_progress=events.append)
    assert done.result.plan.overlaps == (0.0, 0.4)
    assert done.duration == pytest.approx(3.0 - 0.4, abs=0.1)
    assert (done.width, done.height) == (854, 480) and done.has_audio
    info = await probe(done.path)
    assert info.duration == pytest.approx(2.6, abs=0.1) and info.has_audio
    assert [colour_at(done.path, t) for t in (0.3, 1.2, 2.4)] == ["blue", "red", "green"]
    assert events[-1].fraction == 1.0 and done.skipped == () and done.filled == ()


async def test_missing_shots_are_left_out_or_filled_with_their_card(studio, clips, tmp_path):
    doc = film(studio, clips, ["red", None, "blue"])
    skipped = await export_film(doc, tmp_path / "skip.mp4", preset="480p")
    assert [c.number for c in skipped.skipped] == [2]
    assert skipped.duration == pytest.approx(2.0, abs=0.1)
    assert [colour_at(skipped.path, t) for t in (0.5, 1.5)] == ["red", "blue"]

    stages = []
    filled = await export_film(doc, tmp_path / "fill.mp4", preset="480p", fill_missing=True,
                               on_progress=lambda p: stages.append(p.stage))
    assert [c.number for c in filled.filled] == [2] and filled.skipped == ()
    assert filled.duration == pytest.approx(3.0, abs=0.1)
    assert stages[0] == "cards" and stages[-1] == "encoding"
    assert [colour_at(filled.path, t) for t in (0.5, 1.5, 2.5)] == ["red", "card", "blue"]


async def test_cancel_leaves_no_file_and_no_scratch(studio, clips, tmp_path):
    doc = film(studio, clips, ["red", "green", "blue"])
    cancel = asyncio.Event()
    work = tmp_path / "work"
    work.mkdir()

    def stop_on_encoding(p) -> None:
        if p.stage == "encoding":
            cancel.set()

    out = tmp_path / "out" / "film.mp4"
    with pytest.raises(ExportCancelled, match="nothing was written"):
        await export_film(doc, out, preset="480p", fill_missing=True, work_dir=work,
                          on_progress=stop_on_encoding, cancel=cancel)
    assert not out.exists() and not list(out.parent.glob("*")) and not list(work.iterdir())


async def test_what_cannot_be_exported_is_said_plainly(studio, clips, tmp_path):
    empty = studio.open_project(studio.create_project("Empty").id)
    with pytest.raises(ExportError, match="has no shots; add shots first"):
        await export_film(empty, tmp_path / "x.mp4")
    doc = film(studio, clips, [None, None])
    with pytest.raises(ExportError, match="no shot of 'Colours' has a take"):
        await export_film(doc, tmp_path / "x.mp4")
    with pytest.raises(ExportError, match="ending in .mp4"):
        await export_film(doc, tmp_path / "x.avi", fill_missing=True)
    with pytest.raises(ExportError, match="preset must be one of 480p, 720p, 1080p, 4k"):
        await export_film(doc, tmp_path / "x.mp4", preset="8k", fill_missing=True)
    red = film(studio, clips, ["red"])
    with pytest.raises(ExportError, match="choose another file"):
        await export_film(red, clips["red"])


async def test_tellers_project_export_goes_through_its_adapter(tmp_path):
    from app.providers.http import RetryPolicy

    retry = RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=0.02, jitter=0.0)
    with create_tellers(export_polls=2) as svc:
        adapter = Tellers(ProviderConfig(name="tellers", base_url=svc.base_url, api_key=KEY,
                                         poll_interval=0.0), retry=retry)
        try:
            with pytest.raises(ExportError, match="Tellers project id"):
                await export_to_tellers(adapter, " ", tmp_path / "t.mp4")
            events = []
            done = await export_to_tellers(adapter, "proj_7", tmp_path / "t.mp4",
                                           preset="1080p", on_progress=events.append)
        finally:
            await adapter.aclose()
    assert svc.requests_to("POST", "/project/{project_id}/export")[0].json() == ["1080p"]
    assert done.path.read_bytes() == VIDEO_BYTES
    assert events[-1].fraction == 1.0


def cli(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "REELROOM_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "app.cli.main", *args], capture_output=True,
                          text=True, env=env, timeout=120)


@pytest.mark.slow
async def test_animatic_film_end_to_end_with_the_cli(reelroom_home, tmp_path):
    """No keys, no network: a project of three shots, generated by the offline animatic
    through the queue, exported to a playable film of the right length."""
    steps = [
        ("project", "new", "Night walk"),
        ("shot", "add", "Night walk", "--title", "Door", "--prompt", "a door opens",
         "--duration", "1"),
        ("shot", "add", "Night walk", "--title", "Street", "--prompt", "wet street",
         "--duration", "1.5"),
        ("shot", "add", "Night walk", "--title", "Moon", "--prompt", "the moon",
         "--duration", "1"),
        ("queue", "add", "Night walk", "--all-without-take"),
        ("queue", "run"),
    ]
    for step in steps:
        out = cli(reelroom_home, *step)
        assert out.returncode == 0, (step, out.stdout, out.stderr)
    film_path = tmp_path / "night walk.mp4"
    out = cli(reelroom_home, "--json", "export", "Night walk", "--out", str(film_path),
              "--preset", "480p")
    assert out.returncode == 0, out.stderr
    assert "Encoding" in out.stderr and "100.0%" in out.stderr  # progress on stderr
    report = json.loads(out.stdout)
    assert report["path"] == str(film_path) and report["skipped"] == []
    info = await probe(film_path)
    assert info.duration == pytest.approx(3.5, abs=0.15)
    assert (info.width, info.height) == (854, 480) and info.has_audio

    out = cli(reelroom_home, "export", "Night walk", "--out", str(tmp_path / "x.avi"))
    assert out.returncode == 1 and "ending in .mp4" in out.stderr
