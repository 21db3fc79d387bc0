from __future__ import annotations

import asyncio
from pathlib import Path

import psutil
import pytest

from app.media import operations as op
from app.media.errors import MediaCancelled, MediaError
from app.media.ffmpeg import run_ffmpeg
from app.media.progress import ProgressInfo


def _ffmpeg_children() -> list[psutil.Process]:
    return [
        p
        for p in psutil.Process().children(recursive=True)
        if "ffmpeg" in p.name() and p.status() != psutil.STATUS_ZOMBIE
    ]


async def test_progress_reports_and_atomic_output(media: dict[str, Path], tmp_path: Path) -> None:
    seen: list[ProgressInfo] = []
    out = tmp_path / "out.mp4"
    await op.resize(media["c"], out, 640, 360, on_progress=seen.append)
    assert seen and seen[-1].done and seen[-1].fraction == 1.0
    times = [p.out_time for p in seen]
    assert times == sorted(times)
    assert [p.name for p in tmp_path.iterdir()] == ["out.mp4"]


async def test_cancel_event_kills_and_cleans_up(media: dict[str, Path], tmp_path: Path) -> None:
    cancel = asyncio.Event()
    out = tmp_path / "big.mp4"
    seen: list[ProgressInfo] = []

    def progress(info: ProgressInfo) -> None:
        seen.append(info)
        cancel.set()  # cancel as soon as ffmpeg is demonstrably under way

    loop = asyncio.get_running_loop()
    start = loop.time()
    # Upscaling 10 s to 4K takes far longer than the test: only a real cancel finishes it.
    with pytest.raises(MediaCancelled, match="big.mp4"):
        await op.resize(media["long"], out, 3840, 2160, on_progress=progress, cancel=cancel)
    assert loop.time() - start < 15
    assert seen and not seen[-1].done
    assert list(tmp_path.iterdir()) == []  # neither the output nor the hidden temporary
    assert _ffmpeg_children() == []


async def test_task_cancel_kills_and_cleans_up(media: dict[str, Path], tmp_path: Path) -> None:
    started = asyncio.Event()
    task = asyncio.create_task(
        op.resize(
            media["long"], tmp_path / "big.mp4", 3840, 2160, on_progress=lambda _: started.set()
        )
    )
    await asyncio.wait_for(started.wait(), 20)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert list(tmp_path.iterdir()) == []
    assert _ffmpeg_children() == []


async def test_failure_keeps_existing_output_and_names_input(
    media: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "keep.mp4"
    out.write_bytes(b"previous export")
    with pytest.raises(MediaError) as err:
        await run_ffmpeg(["-i", str(media["corrupt"]), "-c", "copy"], output=out)
    assert str(err.value).startswith("clip.mp4 is not a readable media file")
    assert "Invalid data found when processing input" in str(err.value)
    assert out.read_bytes() == b"previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.mp4"]


async def test_failure_message_carries_ffmpeg_reason(
    media: dict[str, Path], tmp_path: Path
) -> None:
    with pytest.raises(MediaError) as err:
        await run_ffmpeg(
            ["-i", str(media["a"]), "-vf", "nosuchfilter=1"], output=tmp_path / "x.mp4"
        )
    assert "a.mp4" in str(err.value) and "nosuchfilter" in str(err.value)
    assert list(tmp_path.iterdir()) == []


async def test_runs_concurrently_without_blocking_the_loop(
    media: dict[str, Path], tmp_path: Path
) -> None:
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    t = asyncio.create_task(ticker())
    await op.resize(media["c"], tmp_path / "r.mp4", 640, 360)
    t.cancel()
    assert ticks >= 5  # the loop kept running while ffmpeg worked


async def test_failure_names_the_real_output_not_the_temporary(
    media: dict[str, Path], tmp_path: Path
) -> None:
    with pytest.raises(MediaError) as err:
        await run_ffmpeg(["-i", str(media["a"])], output=tmp_path / "film.nosuchformat")
    assert "film.nosuchformat" in str(err.value) and ".tmp-" not in str(err.value)
