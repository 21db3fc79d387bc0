"""The re-encode conforms only what a clip needs (app.media.conform): a clip that already has
the export's size, rate and pixel format passes through untouched, and the film comes out the
same as with every filter applied."""

from __future__ import annotations

import array
import dataclasses
import hashlib
import importlib
import subprocess
from pathlib import Path

import pytest

from app.media import conform
from app.media.conform import conform_filters, decoder_threads, input_args
from app.media.export import (
    ExportClip,
    build_filtergraph,
    export_project,
    plan_export,
    reencode_args,
)
from app.media.export_settings import ExportSettings
from app.media.probe import probe

from .conftest import FFMPEG

SMALL = ExportSettings(width=320, height=180, fps=30)
# the module, not the function app.media re-exports under the same name
export_module = importlib.import_module("app.media.export")


def _chain(graph: str, label: str) -> str:
    return next(c for c in graph.split(";") if c.startswith(f"[{label}]"))


def _graph_md5(plan, tmp_path: Path) -> str:
    """A checksum of every frame and sample the re-encode's graph hands the encoders, decoded
    as the export decodes them. The claims below are about those frames: comparing two x264
    encodes instead was not repeatable (one CI run's encode of the same frames differed)."""
    args = reencode_args(plan, tmp_path / "unused.mp4")
    cmd = [FFMPEG, "-hide_banner", "-nostdin", "-loglevel", "error",
           *args[:args.index("-c:v")], "-f", "framemd5", "-"]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    frames = sorted(line for line in out.splitlines() if line and not line.startswith("#"))
    assert frames, out
    return hashlib.md5("\n".join(frames).encode()).hexdigest()


def _boxes(path: Path) -> list[str]:
    """The MP4's top-level box types, in file order."""
    data, names, at = path.read_bytes(), [], 0
    while at + 8 <= len(data):
        size = int.from_bytes(data[at:at + 4], "big")
        names.append(data[at + 4:at + 8].decode("latin-1"))
        if size == 1:
            size = int.from_bytes(data[at + 8:at + 16], "big")
        if size < 8:
            break
        at += size
    return names


async def test_a_matching_clip_gets_no_scale_fps_or_format_and_another_does(media) -> None:
    plan = await plan_export([ExportClip(media["a"]), ExportClip(media["b"])], SMALL)
    graph = build_filtergraph(plan)
    matching, other = _chain(graph, "0:v"), _chain(graph, "1:v")  # 320x180@30 vs 160x120@25
    for name in ("scale=", ",pad=", "fps=", "format="):  # (tpad= stays: it holds the end)
        assert name not in matching
    assert "setsar=1" in matching
    assert "scale=320:180:" in other and ",pad=320:180:" in other and "fps=30," in other


async def test_with_a_transition_every_clip_keeps_the_fps_filter(media) -> None:
    plan = await plan_export([ExportClip(media["a"], "dissolve", 0.5), ExportClip(media["b"])],
                             SMALL)
    matching = _chain(build_filtergraph(plan), "0:v")
    assert "fps=30," in matching and "scale=" not in matching


async def test_pixel_format_and_size_are_conformed_when_the_probe_says_so(media) -> None:
    info = await probe(media["a"])
    assert conform_filters(info, SMALL, keep_fps=False) == ["setsar=1"]
    full_range = dataclasses.replace(info, pixel_format="yuvj420p")
    assert conform_filters(full_range, SMALL, keep_fps=False) == ["setsar=1", "format=yuv420p"]
    unknown_rate = dataclasses.replace(info, fps=None)
    assert conform_filters(unknown_rate, SMALL, keep_fps=False) == ["setsar=1", "fps=30"]
    bigger = ExportSettings(width=640, height=360, fps=30)
    assert conform_filters(info, bigger, keep_fps=False)[0].startswith("scale=640:360:")


async def test_the_film_is_the_same_with_or_without_the_skipped_filters(
    media, tmp_path, monkeypatch
) -> None:
    clips = [ExportClip(media["a"]), ExportClip(media["a2"])]
    plan = await plan_export(clips, SMALL)
    lean = await export_project(plan, tmp_path / "lean.mp4", allow_stream_copy=False)
    lean_frames = _graph_md5(plan, tmp_path)
    monkeypatch.setattr(conform, "picture_matches", lambda _info, _s: (False, False, False))
    assert "scale=320:180:" in _chain(build_filtergraph(plan), "0:v")
    full = await export_project(plan, tmp_path / "full.mp4", allow_stream_copy=False)
    a, b = await probe(lean.path), await probe(full.path)
    assert (a.width, a.height, a.fps, a.pixel_format) == (b.width, b.height, b.fps,
                                                         b.pixel_format) == (320, 180, 30,
                                                                             "yuv420p")
    assert a.duration == pytest.approx(b.duration, abs=1e-3)
    assert _graph_md5(plan, tmp_path) == lean_frames


def test_decoder_threads_grow_with_the_cores_from_one() -> None:
    assert [decoder_threads(n) for n in (1, 2, 4, 8, 16)] == [1, 1, 1, 2, 4]


async def test_every_input_is_given_its_decoder_threads(media, tmp_path) -> None:
    plan = await plan_export([ExportClip(media["a"]), ExportClip(media["b"])], SMALL)
    args = reencode_args(plan, tmp_path / "x.mp4")
    inputs = [i for i, a in enumerate(args) if a == "-i"]
    assert len(inputs) == 2
    assert all(args[i - 3:i - 1] == ["-threads", str(decoder_threads())] for i in inputs)


async def test_an_mp4_the_probe_described_is_not_analysed_again_and_others_are(media) -> None:
    info = await probe(media["a"])
    assert info.container.startswith("mov,mp4")
    assert "-nofind_stream_info" in input_args(info, "file:a.mp4")
    for unsure in (
        dataclasses.replace(info, container="matroska,webm"),
        dataclasses.replace(info, container="mpegts"),
        dataclasses.replace(info, pixel_format=None),
        dataclasses.replace(info, fps=None),
        dataclasses.replace(info, sample_rate=None),
    ):
        args = input_args(unsure, "file:a.mp4")
        assert "-nofind_stream_info" not in args and args[-2:] == ["-i", "file:a.mp4"]


async def test_the_film_is_the_same_when_ffmpeg_analyses_every_input_again(
    media, tmp_path, monkeypatch
) -> None:
    # a fragmented MP4 (as streamed services write) has no samples in its header at all
    fragmented = tmp_path / "fragmented.mp4"
    subprocess.run([FFMPEG, "-hide_banner", "-nostdin", "-loglevel", "error", "-i",
                    str(media["a2"]), "-c", "copy", "-movflags", "frag_keyframe+empty_moov",
                    str(fragmented)], check=True)
    clips = [ExportClip(media["c"], "dissolve", 0.5, start=0.4, length=2.0),
             ExportClip(media["b"]), ExportClip(fragmented), ExportClip(media["a"], start=0.5)]
    plan = await plan_export(clips, SMALL)
    lean_args = reencode_args(plan, tmp_path / "x.mp4")
    assert lean_args.count("-nofind_stream_info") == 4
    lean = await export_project(plan, tmp_path / "lean.mp4")
    lean_frames = _graph_md5(plan, tmp_path)
    real = conform.input_args
    monkeypatch.setattr(export_module, "input_args", lambda info, path, **cut: [
        a for a in real(info, path, **cut) if a != "-nofind_stream_info"])
    assert "-nofind_stream_info" not in reencode_args(plan, tmp_path / "x.mp4")
    full = await export_project(plan, tmp_path / "full.mp4")
    assert (await probe(full.path)).duration == pytest.approx((await probe(lean.path)).duration,
                                                              abs=1e-3)
    assert _graph_md5(plan, tmp_path) == lean_frames  # every frame and sample


async def test_an_intermediate_picture_keeps_its_index_last_and_its_sound_exact(
    media, tmp_path
) -> None:
    clips = [ExportClip(media["a"]), ExportClip(media["b"])]
    film = await export_project(clips, tmp_path / "film.mp4", SMALL)
    picture = await export_project(clips, tmp_path / "pic.mov", SMALL, intermediate=True)
    copied = await export_project([ExportClip(media["a"]), ExportClip(media["a2"])],
                                  tmp_path / "copy.mov", intermediate=True)
    assert copied.stream_copy and not picture.stream_copy
    first = _boxes(film.path)
    assert first.index("moov") < first.index("mdat")  # faststart: players start at once
    for path in (picture.path, copied.path):
        boxes = _boxes(path)
        assert boxes.index("mdat") < boxes.index("moov")
    assert (await probe(film.path)).audio_codec == "aac"
    assert (await probe(picture.path)).audio_codec == "pcm_f32le"
    # the copy's pictures are copied; its sound is made anew to fit them, exact for the mix
    assert (await probe(copied.path)).audio_codec == "pcm_f32le"
    a, b = await probe(film.path), await probe(picture.path)
    assert (a.width, a.height, a.fps) == (b.width, b.height, b.fps)
    assert a.duration == pytest.approx(b.duration, abs=0.05)


def _decoded(stream: str, *args: str) -> bytes:
    """One stream of a run, decoded: the video's frame md5s, or the sound as float samples."""
    out = ["-an", "-f", "framemd5", "-"] if stream == "v" else ["-vn", "-f", "f32le", "-"]
    return subprocess.run([FFMPEG, "-hide_banner", "-nostdin", "-loglevel", "error", *args,
                           *out], check=True, capture_output=True).stdout

@pytest.fixture(scope="module")
def take(tmp_path_factory) -> Path:
    """A take as generators deliver them: B-frames, a keyframe every 12 frames, AAC sound."""
    out = tmp_path_factory.mktemp("take") / "take.mp4"
    subprocess.run([FFMPEG, "-hide_banner", "-nostdin", "-loglevel", "error",
                    "-f", "lavfi", "-i", "testsrc2=s=320x180:r=30:d=3",
                    "-f", "lavfi", "-i", "sine=f=330:r=48000:d=3",
                    "-c:v", "libx264", "-preset", "veryfast", "-g", "12", "-pix_fmt", "yuv420p",
                    "-c:a", "aac", "-ar", "48000", "-ac", "2", "-shortest", str(out)], check=True)
    return out


async def test_a_trimmed_take_is_cut_where_it_is_read_and_only_there(media, take,
                                                                     tmp_path) -> None:
    plan = await plan_export([ExportClip(take, start=1.1, length=1.2), ExportClip(media["a"]),
                              ExportClip(media["c"], start=0.5)], SMALL)
    args = reencode_args(plan, tmp_path / "x.mp4")
    inputs = [i for i, a in enumerate(args) if a == "-i"]
    opts = [args[(inputs[n - 1] + 2 if n else 0):i] for n, i in enumerate(inputs)]
    cuts = [{k: o[o.index(k) + 1] for k in ("-ss", "-t") if k in o} for o in opts]
    # read a frame past the out-point: the cut on the film's frame grid may end there
    frame = 1 / 30
    assert cuts == [{"-ss": "1.100000", "-t": f"{1.2 + frame:.6f}"}, {},
                    {"-ss": "0.500000", "-t": f"{plan.durations[2] + frame:.6f}"}]
    graph = build_filtergraph(plan)
    assert "trim=start" not in graph  # nothing is decoded only to be dropped
    film = await export_project(plan, tmp_path / "film.mp4", allow_stream_copy=False)
    assert film.duration == pytest.approx(1.2 + 2.0 + 2.5, abs=1 / 30 + 1e-6)
    assert (await probe(film.path)).duration == pytest.approx(film.duration, abs=0.05)


@pytest.mark.parametrize(("start", "length"), [(1.1, 1.2), (0.5, None), (0.0, 1.0)])
async def test_cutting_a_take_where_it_is_read_keeps_every_frame_and_sample(
    take, start, length
) -> None:
    """The frames and sound a cut input gives the graph are those a trim filter keeps from the
    whole take."""
    info = await probe(take)
    span = length if length is not None else info.duration - start
    cut = input_args(info, str(take), start=start, length=length)
    whole = ["-i", str(take), "-vf", f"trim=start={start}:duration={span},setpts=PTS-STARTPTS",
             "-af", f"atrim=start={start}:duration={span},asetpts=PTS-STARTPTS"]
    read_cut = [*cut, "-vf", f"setpts=PTS-STARTPTS,trim=duration={span}",
                "-af", f"asetpts=PTS-STARTPTS,atrim=duration={span}"]
    frames = _decoded("v", *whole)
    assert _decoded("v", *read_cut) == frames
    assert sum(ln.startswith(b"0,") for ln in frames.splitlines()) == round(span * 30)
    # The same samples, but for AAC's noise substitution: the bands it fills with noise come
    # from the decoder's random generator, which a decode starting at the cut has not run
    # through the packets before it (differences below -90 dBFS; a take encoded without it decodes bit-identically).
    ref, got = (array.array("f", _decoded("a", *a)) for a in (whole, read_cut))
    assert len(got) == len(ref) == round(span * 48000) * 2
    assert max(abs(x - y) for x, y in zip(ref, got, strict=True)) < 1e-3
