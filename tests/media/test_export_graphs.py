"""The re-encode's picture and sound run in two filtergraphs (app.media.export
build_filtergraphs), each on a thread of its own: the film's every frame and sample is what the
one graph whose concat joined both streams made, for cuts, transitions, trims, clips of other
sizes, rates and aspect, and sound that is mono, 44.1 kHz or missing."""

from __future__ import annotations

import array
import re
import subprocess
from pathlib import Path

import pytest

from app.media.export import (
    ExportClip,
    build_filtergraph,
    build_filtergraphs,
    export_project,
    plan_export,
    reencode_args,
)
from app.media.export_settings import ExportSettings

from .conftest import FFMPEG, ff, stream_duration

SMALL = ExportSettings(width=320, height=180, fps=30)


@pytest.fixture(scope="module")
def odd(tmp_path_factory) -> dict[str, Path]:
    """Clips the export must conform: mono 44.1 kHz sound, an NTSC rate, a non-square pixel."""
    d = tmp_path_factory.mktemp("odd")
    x264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    made = {
        "mono44": (["-f", "lavfi", "-i", "testsrc2=s=320x180:r=30:d=2", "-f", "lavfi", "-i",
                    "sine=f=500:r=44100:d=2", "-ac", "1", "-ar", "44100", "-c:a", "aac",
                    "-shortest"]),
        "ntsc": (["-f", "lavfi", "-i", "testsrc=s=320x180:r=30000/1001:d=2.5", "-f", "lavfi",
                  "-i", "sine=f=700:r=48000:d=2.5", "-ac", "2", "-c:a", "aac", "-shortest"]),
        "wide": (["-f", "lavfi", "-i", "smptebars=s=240x180:r=24:d=2", "-f", "lavfi", "-i",
                  "sine=f=900:r=48000:d=2", "-ac", "2", "-c:a", "aac", "-shortest",
                  "-vf", "setsar=4/3"]),
    }
    out = {}
    for name, args in made.items():
        out[name] = d / f"{name}.mp4"
        ff(*args, *x264, str(out[name]))
    return out


def _one_graph(picture: str, sound: str) -> str:
    """The graph as it was before the split: each run of cuts joined by one concat of both
    streams."""
    chains = sound.split(";")
    joined = []
    for chain in picture.split(";"):
        m = re.fullmatch(r"((?:\[v\d+\])+)concat=n=(\d+):v=1:a=0\[gv(\d+)\]", chain)
        if m is None:
            joined.append(chain)
            continue
        ins, n, g = m.groups()
        audio = next(c for c in chains if c.endswith(f"concat=n={n}:v=0:a=1[ga{g}]"))
        chains.remove(audio)
        pairs = "".join(f"[v{i}][a{i}]" for i in re.findall(r"\[v(\d+)\]", ins))
        assert audio == "".join(f"[a{i}]" for i in re.findall(r"\[v(\d+)\]", ins)) + (
            f"concat=n={n}:v=0:a=1[ga{g}]")
        joined.append(f"{pairs}concat=n={n}:v=1:a=1[gv{g}][ga{g}]")
    return ";".join(joined + chains)


def _streams(inputs: list[str], graphs: list[str], tmp: Path) -> tuple[bytes, array.array]:
    """What the graphs hand the encoders: the picture's frame md5s (with their timestamps) and
    the sound's samples."""
    cmd = [FFMPEG, "-hide_banner", "-nostdin", "-y", "-loglevel", "error", *inputs]
    for g in graphs:
        cmd += ["-filter_complex", g]
    frames, sound = tmp / "frames.txt", tmp / "sound.f32"
    subprocess.run([*cmd, "-map", "[vout]", "-f", "framemd5", str(frames),
                    "-map", "[aout]", "-f", "f32le", str(sound)], check=True)
    samples = array.array("f")
    samples.frombytes(sound.read_bytes())
    lines = frames.read_bytes().splitlines()
    return b"\n".join(ln for ln in lines if not ln.startswith(b"#")), samples


CASES = {
    "cuts of matching clips": lambda m, o: [ExportClip(m["a"]), ExportClip(m["a2"]),
                                            ExportClip(m["c"])],
    "cuts of other sizes, rates and sound": lambda m, o: [
        ExportClip(m["a"]), ExportClip(m["b"]), ExportClip(o["mono44"]), ExportClip(o["ntsc"]),
        ExportClip(o["wide"])],
    "transitions": lambda m, o: [ExportClip(m["a"], "dissolve", 0.5), ExportClip(m["b"], "wipe",
                                 0.4), ExportClip(o["ntsc"], "fade", 0.3),
                                 ExportClip(m["a2"]), ExportClip(o["mono44"])],
    "trims": lambda m, o: [ExportClip(m["c"], start=0.4, length=1.3),
                           ExportClip(o["ntsc"], start=0.5), ExportClip(m["a"], length=1.0),
                           ExportClip(o["wide"], start=0.25, length=1.5)],
}


@pytest.mark.parametrize("case", list(CASES))
async def test_two_graphs_make_every_frame_and_sample_one_graph_made(media, odd, tmp_path,
                                                                     case) -> None:
    plan = await plan_export(CASES[case](media, odd), SMALL)
    picture, sound = build_filtergraphs(plan)
    assert build_filtergraph(plan) == f"{picture};{sound}"
    assert ":a]" not in picture and "[a" not in picture and ":v]" not in sound
    args = reencode_args(plan, tmp_path / "x.mp4")
    assert [args[i + 1] for i, a in enumerate(args) if a == "-filter_complex"] == [picture,
                                                                                   sound]
    inputs = args[:args.index("-filter_complex")]
    frames, samples = _streams(inputs, [picture, sound], tmp_path)
    ref_frames, ref_samples = _streams(inputs, [_one_graph(picture, sound)], tmp_path)
    assert frames == ref_frames and frames.count(b"\n") + 1 >= 30
    assert len(samples) == len(ref_samples) > 0
    assert samples == ref_samples
    # the sound is the picture's length to the sample: 48 kHz stereo
    seconds = len(frames.splitlines()) / SMALL.fps
    assert len(samples) / 2 / 48000 == pytest.approx(seconds, abs=1 / 48000 + 1e-9)


async def test_a_film_from_two_graphs_plays_its_picture_and_sound_to_the_same_end(
    media, odd, tmp_path
) -> None:
    clips = CASES["trims"](media, odd)
    film = await export_project(clips, tmp_path / "film.mp4", SMALL, allow_stream_copy=False)
    video, audio = stream_duration(film.path, "v"), stream_duration(film.path, "a")
    assert video == pytest.approx(film.duration, abs=1e-3)
    assert audio == pytest.approx(video, abs=0.03)
