from __future__ import annotations

import asyncio
import importlib
import os
from pathlib import Path

import pytest

from app.media.errors import MediaCancelled
from app.media.export import ExportClip, build_filtergraph, export_project, plan_export
from app.media.export_settings import ExportSettings, size_for
from app.media.probe import probe

from .conftest import stream_duration

# the module, not the function app.media re-exports under the same name
export_module = importlib.import_module("app.media.export")


async def test_mixed_clips_with_transitions(media, tmp_path, unchanged) -> None:
    clips = [
        ExportClip(media["a"]),
        ExportClip(media["b"], "dissolve", 0.5),  # 160x120, 25 fps, no audio
        ExportClip(media["c"], "wipe", 0.4),
        ExportClip(media["a2"], "fade", 0.3),
        ExportClip(media["b"]),
    ]
    settings = ExportSettings.from_preset("480p")
    plan = await plan_export(clips, settings)
    assert not plan.stream_copy and "transition" in plan.reason
    expected = 2 + 2 + 3 + 2 + 2 - (0.5 + 0.4 + 0.3)
    assert plan.expected_duration == pytest.approx(expected, abs=0.05)
    graph = build_filtergraph(plan)
    assert "xfade=transition=fade:" in graph and "transition=wipeleft" in graph
    assert "transition=fadeblack" in graph

    result = await export_project(plan, tmp_path / "film.mp4")
    assert not result.stream_copy
    assert (result.width, result.height) == (854, 480)
    assert result.duration == pytest.approx(expected, abs=2 / 30)
    info = await probe(result.path)
    assert info.has_audio and info.fps == pytest.approx(30)
    video, audio = stream_duration(result.path, "v"), stream_duration(result.path, "a")
    assert video == pytest.approx(expected, abs=2 / 30)
    assert audio == pytest.approx(video, abs=0.05)
    assert [p.name for p in tmp_path.iterdir()] == ["film.mp4"]
    unchanged()


async def test_matching_clips_with_cuts_are_stream_copied(media, tmp_path, unchanged) -> None:
    clips = [ExportClip(media["a"]), ExportClip(media["a2"]), ExportClip(media["c"])]
    plan = await plan_export(clips)
    assert plan.stream_copy
    seen = []
    result = await export_project(clips, tmp_path / "copy.mp4", on_progress=seen.append)
    assert result.stream_copy
    info = await probe(result.path)
    assert info.video_codec == "h264" and info.has_audio
    assert (info.width, info.height) == (320, 180)
    assert info.duration == pytest.approx(7.0, abs=2 / 30)
    assert seen and seen[-1].done
    assert [p.name for p in tmp_path.iterdir()] == ["copy.mp4"]  # concat list removed
    unchanged()


async def test_cuts_between_different_clips_reencode_with_concat(media, tmp_path) -> None:
    clips = [ExportClip(media["a"]), ExportClip(media["b"])]
    plan = await plan_export(clips)
    assert not plan.stream_copy and "differs" in plan.reason
    assert "concat=n=2" in build_filtergraph(plan)
    result = await export_project(plan, tmp_path / "cuts.mp4")
    assert result.duration == pytest.approx(4.0, abs=2 / 30)
    assert stream_duration(result.path, "a") == pytest.approx(4.0, abs=0.05)


async def test_stream_copy_can_be_refused(media, tmp_path) -> None:
    clips = [ExportClip(media["a"]), ExportClip(media["a2"])]
    result = await export_project(clips, tmp_path / "re.mp4", allow_stream_copy=False)
    assert not result.stream_copy
    assert result.duration == pytest.approx(4.0, abs=2 / 30)


async def test_settings_that_differ_from_clips_force_reencode(media) -> None:
    clips = [ExportClip(media["a"]), ExportClip(media["a2"])]
    plan = await plan_export(clips, ExportSettings.from_preset("720p"))
    assert not plan.stream_copy and "size or frame rate" in plan.reason


async def test_transition_longer_than_clip_is_refused(media) -> None:
    clips = [ExportClip(media["a"], "dissolve", 2.5), ExportClip(media["c"])]
    with pytest.raises(ValueError, match="transition_seconds after clip 1"):
        await plan_export(clips)


async def test_stills_are_refused(media) -> None:
    with pytest.raises(ValueError, match="logo.png is a image"):
        await plan_export([ExportClip(media["logo"])])


def test_clip_validation() -> None:
    with pytest.raises(ValueError, match="transition_to_next must be one of"):
        ExportClip(Path("x.mp4"), "spin")  # type: ignore[arg-type]


def test_presets_and_aspects() -> None:
    assert size_for("720p") == (1280, 720)
    assert size_for("1080p", "9:16") == (1080, 1920)
    assert size_for("4k") == (3840, 2160)
    assert size_for("480p") == (854, 480)
    assert size_for("720p", "1:1") == (720, 720)
    with pytest.raises(ValueError, match="preset must be one of"):
        size_for("8k")
    with pytest.raises(ValueError, match="width must be an even number"):
        ExportSettings(width=101, height=100)


async def test_export_cancel_leaves_nothing(media, tmp_path) -> None:
    cancel = asyncio.Event()
    clips = [
        ExportClip(media["long"]),
        ExportClip(media["long"], "dissolve", 1.0),
        ExportClip(media["long"]),
    ]
    with pytest.raises(MediaCancelled, match="film.mp4"):
        await export_project(
            clips,
            tmp_path / "film.mp4",
            ExportSettings.from_preset("1080p"),
            on_progress=lambda _: cancel.set(),
            cancel=cancel,
        )
    assert list(tmp_path.iterdir()) == []


async def test_a_reencode_reports_the_written_film_without_reading_it_back(
    media, tmp_path, monkeypatch
) -> None:
    clips = [ExportClip(media["c"], "wipe", 0.4, start=0.3), ExportClip(media["b"])]
    plan = await plan_export(clips, ExportSettings(width=320, height=180, fps=30))
    probed: list[Path] = []
    real = export_module.probe

    async def watched(path):
        probed.append(Path(path))
        return await real(path)

    monkeypatch.setattr(export_module, "probe", watched)
    for name in ("film.mp4", "film.mkv", "picture.mov"):
        result = await export_project(plan, tmp_path / name, intermediate=name.endswith(".mov"))
        info = await real(result.path)
        assert (result.width, result.height, result.has_audio) == (320, 180, True)
        assert result.duration == pytest.approx(info.duration, abs=1 / 30)
        assert result.duration == pytest.approx(stream_duration(result.path, "v"), abs=1e-3)
    assert probed == []


async def test_planning_a_long_film_probes_a_few_files_at_a_time(media, monkeypatch) -> None:
    info = await probe(media["a"])
    running, most = 0, 0

    async def slow_probe(path):
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.001)
        running -= 1
        return info

    monkeypatch.setattr(export_module, "probe", slow_probe)
    plan = await plan_export([ExportClip(media["a"])] * 300)
    assert len(plan.infos) == 300
    assert 1 < most <= max(4, os.cpu_count() or 1)
