"""A probe is remembered by the file's stat: an unchanged file is not read by ffmpeg again,
and any rewrite (in place, renamed over, or only touched) is probed afresh."""

from __future__ import annotations

import importlib
import os
import shutil

import pytest

from app.media.errors import MediaError
from app.media.probe import probe
from app.media.probe_cache import StatCache, forget_probes

# the module, not the function app.media re-exports under the same name
probe_module = importlib.import_module("app.media.probe")


@pytest.fixture
def ffmpeg_reads(monkeypatch) -> list[str]:
    """The files ffmpeg was started on to probe, in order."""
    reads: list[str] = []
    real = probe_module.run_capture

    async def counting(args, **kwargs):
        reads.append(args[args.index("-i") + 1].removeprefix("file:"))
        return await real(args, **kwargs)

    monkeypatch.setattr(probe_module, "run_capture", counting)
    forget_probes()
    return reads


async def test_an_unchanged_file_is_probed_once(media, tmp_path, ffmpeg_reads) -> None:
    clip = tmp_path / "clip.mp4"
    shutil.copyfile(media["a"], clip)
    first, second = await probe(clip), await probe(clip)
    assert first == second and (first.width, first.height) == (320, 180)
    assert ffmpeg_reads == [str(clip)]
    forget_probes()
    assert await probe(clip) == first
    assert ffmpeg_reads == [str(clip)] * 2


async def test_a_file_written_again_is_probed_again(media, tmp_path, ffmpeg_reads) -> None:
    clip = tmp_path / "clip.mp4"
    shutil.copyfile(media["a"], clip)
    assert (await probe(clip)).width == 320
    shutil.copyfile(media["b"], clip)  # rewritten in place: the same inode, other bytes
    assert ((await probe(clip)).width, (await probe(clip)).fps) == (160, 25)
    other = tmp_path / "other.mp4"
    shutil.copyfile(media["a"], other)
    os.replace(other, clip)  # renamed over it, as an atomic download or render does
    assert (await probe(clip)).width == 320
    stat = clip.stat()
    os.utime(clip, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # only touched
    assert (await probe(clip)).width == 320
    assert ffmpeg_reads == [str(clip)] * 4


async def test_a_file_that_was_not_media_is_read_again_once_it_is(
    media, tmp_path, ffmpeg_reads
) -> None:
    clip = tmp_path / "clip.mp4"
    shutil.copyfile(media["corrupt"], clip)
    for _ in range(2):
        with pytest.raises(MediaError, match="clip.mp4 is not a readable media file"):
            await probe(clip)
    assert len(ffmpeg_reads) == 2  # a failure is not remembered
    shutil.copyfile(media["a"], clip)
    assert (await probe(clip)).has_audio


def test_the_cache_keeps_the_newest_entries_within_its_size(tmp_path) -> None:
    cache: StatCache[str] = StatCache(size=2)
    files = []
    for name in "abc":
        f = tmp_path / name
        f.write_text(name)
        files.append((f, f.stat()))
        cache.put(f, f.stat(), name)
    assert len(cache) == 2
    assert [cache.get(f, st) for f, st in files] == [None, "b", "c"]
