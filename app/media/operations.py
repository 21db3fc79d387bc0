"""Single-clip edits. Each reads `src`, writes `dst` atomically and never touches `src`;
each accepts `on_progress` and `cancel` like run_ffmpeg."""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import shutil
from pathlib import Path
from typing import Literal

from app.media.encoding import audio_args, container_args, src_arg, video_args
from app.media.errors import MediaCancelled, MediaError
from app.media.ffmpeg import ProgressCallback, execute, run_ffmpeg
from app.media.filters import check_colour, check_position, escape_path, escape_value, place
from app.media.fonts import font_file
from app.media.probe import MediaInfo, probe

ResizeMode = Literal["pad", "fit", "stretch"]
AudioMode = Literal["mix", "replace"]
_EXPR = re.compile(r"^[\w\s+\-*/().]+$")  # drawtext x/y expressions: arithmetic on names


def _check_range(name: str, value: float, low: float, high: float) -> None:
    if not (low <= value <= high):
        raise ValueError(f"{name} must be between {low:g} and {high:g} (got {value:g})")


def _check_even(name: str, value: int) -> None:
    if value <= 0 or value % 2:
        raise ValueError(f"{name} must be a positive even number for H.264 video (got {value})")


async def _source(src: Path, dst: Path, *, need_video: bool = True) -> MediaInfo:
    src, dst = Path(src), Path(dst)
    if src.resolve() == dst.resolve():
        raise ValueError(f"output must be a different file from the input ({src.name})")
    info = await probe(src)
    if need_video and not info.has_video:
        raise MediaError(f"{src.name} has no video stream", path=str(src))
    if info.kind == "image":
        raise ValueError(f"{src.name} is a still image; this operation takes a video clip")
    return info


# Audio codecs every container we write (MP4/MOV/MKV) accepts as they are.
_COPYABLE_AUDIO = {"aac", "mp3"}


def _av_out(info: MediaInfo, dst: Path, *, copy_audio: bool = False) -> list[str]:
    """Video is always re-encoded; audio is copied untouched when the edit leaves it alone
    and the codec fits the output container."""
    if not info.has_audio:
        audio = ["-an"]
    elif copy_audio and info.audio_codec in _COPYABLE_AUDIO:
        audio = ["-c:a", "copy"]
    else:
        audio = audio_args()
    return [*video_args(), *audio, *container_args(Path(dst))]


async def trim(
    src: Path,
    dst: Path,
    in_s: float,
    out_s: float,
    *,
    on_progress: ProgressCallback | None = None,
    cancel: asyncio.Event | None = None,
) -> Path:
    """Keep `in_s`..`out_s` seconds, frame-accurately (re-encoded, not cut on keyframes)."""
    info = await _source(src, dst)
    if in_s < 0:
        raise ValueError(f"in_s must be 0 or more (got {in_s:g})")
    if out_s <= in_s:
        raise ValueError(f"out_s must be after in_s (got in_s={in_s:g}, out_s={out_s:g})")
    if info.duration and in_s >= info.duration:
        raise ValueError(
            f"in_s must be before the clip's end at {info.duration:g} s (got {in_s:g})"
        )
    length = out_s - in_s
    if info.duration:
        length = min(length, info.duration - in_s)
    # -ss before -i seeks fast, and with re-encoding ffmpeg decodes from the previous keyframe
    # and drops frames up to in_s, so the cut is exact.
    args = ["-ss", f"{in_s:.6f}", "-i", src_arg(src), "-t", f"{length:.6f}", *_av_out(info, dst)]
    return await run_ffmpeg(
        args, output=dst, duration_hint=length, on_progress=on_progress, cancel=cancel
    )


def atempo_chain(factor: float) -> str:
    """atempo steps each within 0.5..2 (the range every ffmpeg version accepts)."""
    steps = []
    while factor > 2.0:
        steps.append(2.0)
        factor /= 2.0
    while factor < 0.5:
        steps.append(0.5)
        factor /= 0.5
    steps.append(factor)
    return ",".join(f"atempo={s:.6g}" for s in steps)


async def speed(
    src: Path,
    dst: Path,
    factor: float,
    *,
    on_progress: ProgressCallback | None = None,
    cancel: asyncio.Event | None = None,
) -> Path:
    """Play `factor` times as fast (0.25–4); audio keeps its pitch."""
    _check_range("speed", factor, 0.25, 4)
    info = await _source(src, dst)
    fps = info.fps or 30
    # fps= after setpts keeps the source frame rate: frames are dropped or repeated rather
    # than the clip turning into 120 fps or 7.5 fps.
    vf = f"setpts=PTS/{factor:.6g},fps={fps:.6g}"
    args = ["-i", src_arg(src), "-vf", vf]
    if info.has_audio:
        args += ["-af", atempo_chain(factor)]
    args += _av_out(info, dst)
    return await run_ffmpeg(
        args,
        output=dst,
        duration_hint=info.duration / factor,
        on_progress=on_progress,
        cancel=cancel,
    )


async def crop(
    src: Path,
    dst: Path,
    x: int,
    y: int,
    w: int,
    h: int,
    *,
    on_progress: ProgressCallback | None = None,
    cancel: asyncio.Event | None = None,
) -> Path:
    """Keep the w×h rectangle whose top-left corner is (x, y)."""
    info = await _source(src, dst)
    _check_even("w", w)
    _check_even("h", h)
    assert info.width and info.height
    _check_range("w", w, 2, info.width)
    _check_range("h", h, 2, info.height)
    _check_range("x", x, 0, info.width - w)
    _check_range("y", y, 0, info.height - h)
    args = [
        "-i",
        src_arg(src),
        "-vf",
        f"crop={w}:{h}:{x}:{y},setsar=1",
        *_av_out(info, dst, copy_audio=True),
    ]
    return await run_ffmpeg(
        args, output=dst, duration_hint=info.duration, on_progress=on_progress, cancel=cancel
    )


def scale_filter(width: int, height: int, mode: ResizeMode) -> str:
    """pad: letterbox to exactly width×height; fit: fit inside keeping the aspect (even sizes);
    stretch: exactly width×height, distorted."""
    if mode == "stretch":
        return f"scale={width}:{height},setsar=1"
    fit = f"scale={width}:{height}:force_original_aspect_ratio=decrease:force_divisible_by=2"
    if mode == "fit":
        return f"{fit},setsar=1"
    if mode == "pad":
        return f"{fit},pad={width}:{height}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1"
    raise ValueError(f"mode must be one of pad, fit, stretch (got {mode!r})")


async def resize(
    src: Path,
    dst: Path,
    width: int,
    height: int,
    mode: ResizeMode = "pad",
    *,
    on_progress: ProgressCallback | None = None,
    cancel: asyncio.Event | None = None,
) -> Path:
    _check_even("width", width)
    _check_even("height", height)
    vf = scale_filter(width, height, mode)
    info = await _source(src, dst)
    args = ["-i", src_arg(src), "-vf", vf, *_av_out(info, dst, copy_audio=True)]
    return await run_ffmpeg(
        args, output=dst, duration_hint=info.duration, on_progress=on_progress, cancel=cancel
    )


def _coord(name: str, value: int | str) -> str:
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"{name} must be 0 or more (got {value})")
        return str(value)
    if not _EXPR.match(value):
        raise ValueError(
            f"{name} must be pixels or an expression like '(w-text_w)/2' (got {value!r})"
        )
    return escape_value(value)


async def _drawtext(
    text: str,
    *,
    x: str,
    y: str,
    size: int,
    colour: str,
    opacity: float = 1.0,
    enable: tuple[float, float | None] | None = None,
    box: bool = False,
) -> str:
    if not text:
        raise ValueError("text must not be empty")
    _check_range("size", size, 4, 1000)
    _check_range("opacity", opacity, 0, 1)
    check_colour(colour)
    font = await font_file()
    parts = [
        f"fontfile={escape_path(font)}",
        f"text={escape_value(text)}",
        "expansion=none",  # the user's % and \ are text, not drawtext's strftime codes
        f"fontsize={size}",
        f"fontcolor={colour}@{opacity:.3g}",
        f"x={x}",
        f"y={y}",
    ]
    if box:
        parts += ["box=1", f"boxcolor=black@{opacity * 0.4:.3g}", "boxborderw=6"]
    if enable is not None:
        start, end = enable
        cond = f"gte(t,{start:g})" if end is None else f"between(t,{start:g},{end:g})"
        parts.append(f"enable={escape_value(cond)}")
    return "drawtext=" + ":".join(parts)


async def text_overlay(
    src: Path,
    dst: Path,
    text: str,
    *,
    x: int | str = 10,
    y: int | str = 10,
    size: int = 24,
    colour: str = "white",
    start: float = 0.0,
    end: float | None = None,
    on_progress: ProgressCallback | None = None,
    cancel: asyncio.Event | None = None,
) -> Path:
    """Draw `text` at (x, y) from `start` to `end` seconds (None: to the end)."""
    if start < 0:
        raise ValueError(f"start must be 0 or more (got {start:g})")
    if end is not None and end <= start:
        raise ValueError(f"end must be after start (got start={start:g}, end={end:g})")
    info = await _source(src, dst)
    vf = await _drawtext(
        text, x=_coord("x", x), y=_coord("y", y), size=size, colour=colour, enable=(start, end)
    )
    args = ["-i", src_arg(src), "-vf", vf, *_av_out(info, dst, copy_audio=True)]
    return await run_ffmpeg(
        args, output=dst, duration_hint=info.duration, on_progress=on_progress, cancel=cancel
    )


async def watermark_text(
    src: Path,
    dst: Path,
    text: str,
    *,
    position: str = "bottom-right",
    size: int = 24,
    colour: str = "white",
    opacity: float = 0.6,
    margin: int = 16,
    on_progress: ProgressCallback | None = None,
    cancel: asyncio.Event | None = None,
) -> Path:
    """A translucent text mark in a corner (or the centre) for the whole clip."""
    check_position(position)
    _check_range("margin", margin, 0, 10000)
    info = await _source(src, dst)
    x, y = place(position, margin, outer=("w", "h"), inner=("text_w", "text_h"))
    vf = await _drawtext(text, x=x, y=y, size=size, colour=colour, opacity=opacity, box=True)
    args = ["-i", src_arg(src), "-vf", vf, *_av_out(info, dst, copy_audio=True)]
    return await run_ffmpeg(
        args, output=dst, duration_hint=info.duration, on_progress=on_progress, cancel=cancel
    )


async def watermark_image(
    src: Path,
    dst: Path,
    image: Path,
    *,
    position: str = "bottom-right",
    opacity: float = 0.8,
    scale: float = 0.2,
    margin: int = 16,
    on_progress: ProgressCallback | None = None,
    cancel: asyncio.Event | None = None,
) -> Path:
    """Overlay `image` (a logo, PNG transparency kept) at `scale` × the video's width."""
    check_position(position)
    _check_range("opacity", opacity, 0, 1)
    _check_range("scale", scale, 0.01, 1)
    _check_range("margin", margin, 0, 10000)
    info = await _source(src, dst)
    logo = await probe(image)
    if not logo.has_video:
        raise MediaError(f"{Path(image).name} is not an image", path=str(image))
    assert info.width
    logo_w = max(2, int(info.width * scale) // 2 * 2)
    x, y = place(position, margin, outer=("W", "H"), inner=("w", "h"))
    graph = (
        f"[1:v]scale={logo_w}:-2,format=rgba,colorchannelmixer=aa={opacity:.3g}[wm];"
        f"[0:v][wm]overlay=x={x}:y={y}:format=auto,format=yuv420p[v]"
    )
    args = [
        "-i",
        src_arg(src),
        "-i",
        src_arg(Path(image)),
        "-filter_complex",
        graph,
        "-map",
        "[v]",
        "-map",
        "0:a?",
        *_av_out(info, dst, copy_audio=True),
    ]
    return await run_ffmpeg(
        args, output=dst, duration_hint=info.duration, on_progress=on_progress, cancel=cancel
    )


async def burn_subtitles(
    src: Path,
    dst: Path,
    subtitles: Path,
    *,
    on_progress: ProgressCallback | None = None,
    cancel: asyncio.Event | None = None,
) -> Path:
    """Render an .srt/.vtt/.ass file into the picture (libass, system fonts via fontconfig)."""
    subtitles = Path(subtitles)
    if subtitles.suffix.lower() not in (".srt", ".vtt", ".ass", ".ssa"):
        raise ValueError(f"subtitles must be an .srt, .vtt or .ass file (got {subtitles.name})")
    if not subtitles.is_file():
        raise MediaError(f"{subtitles.name} does not exist ({subtitles})", path=str(subtitles))
    info = await _source(src, dst)
    vf = f"subtitles=filename={escape_path(subtitles.resolve())}"
    args = ["-i", src_arg(src), "-vf", vf, *_av_out(info, dst, copy_audio=True)]
    return await run_ffmpeg(
        args, output=dst, duration_hint=info.duration, on_progress=on_progress, cancel=cancel
    )


async def add_audio(
    src: Path,
    dst: Path,
    audio: Path,
    *,
    mode: AudioMode = "mix",
    volume: float = 1.0,
    on_progress: ProgressCallback | None = None,
    cancel: asyncio.Event | None = None,
) -> Path:
    """Put `audio` under the clip: `mix` with its own sound or `replace` it. The result is
    exactly as long as the video: longer audio is cut, shorter audio is padded with silence."""
    if mode not in ("mix", "replace"):
        raise ValueError(f"mode must be 'mix' or 'replace' (got {mode!r})")
    _check_range("volume", volume, 0, 4)
    info = await _source(src, dst)
    track = await probe(audio)
    if not track.has_audio:
        raise MediaError(f"{Path(audio).name} has no audio stream", path=str(audio))
    dur = f"{info.duration:.6f}"
    conform = "aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo"
    added = f"[1:a]{conform},volume={volume:g}"
    if mode == "mix" and info.has_audio:
        graph = (
            f"{added}[add];[0:a]{conform}[own];"
            f"[own][add]amix=inputs=2:duration=longest:normalize=0,"
            f"apad,atrim=duration={dur}[a]"
        )
    else:
        graph = f"{added},apad,atrim=duration={dur}[a]"
    args = [
        "-i",
        src_arg(src),
        "-i",
        src_arg(Path(audio)),
        "-filter_complex",
        graph,
        "-map",
        "0:v:0",
        "-map",
        "[a]",
        "-c:v",
        "copy",
        *audio_args(),
        *container_args(Path(dst)),
    ]
    return await run_ffmpeg(
        args, output=dst, duration_hint=info.duration, on_progress=on_progress, cancel=cancel
    )


async def extract_frames(
    src: Path,
    out_dir: Path,
    *,
    fps: float | None = None,
    count: int | None = None,
    prefix: str = "frame",
    on_progress: ProgressCallback | None = None,
    cancel: asyncio.Event | None = None,
) -> list[Path]:
    """PNG stills into `out_dir`: `fps` per second, or `count` evenly spaced over the clip."""
    if (fps is None) == (count is None):
        raise ValueError("give exactly one of fps or count")
    if fps is not None:
        _check_range("fps", fps, 0.01, 120)
    if count is not None:
        _check_range("count", count, 1, 10000)
    if not re.match(r"^[\w-]+$", prefix):
        raise ValueError(f"prefix must be letters, digits, - or _ (got {prefix!r})")
    out_dir = Path(out_dir)
    info = await _source(src, out_dir / f"{prefix}.png")
    if count is not None:
        # A rate of count/duration samples the clip at 0, d/count, 2·d/count, ...; the
        # frame cap guards against rounding adding one more at the very end.
        rate = count / info.duration
        vf = f"fps={rate:.9g}:start_time=0"
        limit = ["-frames:v", str(count)]
    else:
        vf = f"fps={fps:.9g}"
        limit = []
    # Frames land in a hidden folder first so a cancel or failure leaves out_dir untouched.
    out_dir.mkdir(parents=True, exist_ok=True)
    work = out_dir / f".frames.tmp-{secrets.token_hex(4)}"
    work.mkdir()
    try:
        await execute(
            [
                "-i",
                src_arg(src),
                "-vf",
                vf,
                *limit,
                "-fps_mode",
                "passthrough",
                str(work / f"{prefix}_%05d.png"),
            ],
            duration_hint=info.duration,
            on_progress=on_progress,
            cancel=cancel,
        )
        made = sorted(work.glob(f"{prefix}_*.png"))
        final = []
        for f in made:
            target = out_dir / f.name
            os.replace(f, target)
            final.append(target)
        return final
    except MediaCancelled as exc:
        raise MediaCancelled(
            f"{Path(src).name}: frame extraction cancelled", path=str(src)
        ) from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)


async def to_gif(
    src: Path,
    dst: Path,
    *,
    fps: float = 12,
    width: int = 480,
    on_progress: ProgressCallback | None = None,
    cancel: asyncio.Event | None = None,
) -> Path:
    """An animated GIF with a palette made for this clip (palettegen → paletteuse)."""
    if Path(dst).suffix.lower() != ".gif":
        raise ValueError(f"dst must end in .gif (got {Path(dst).name})")
    _check_range("fps", fps, 1, 50)
    _check_range("width", width, 16, 4096)
    info = await _source(src, dst)
    graph = (
        f"[0:v]fps={fps:g},scale={width}:-1:flags=lanczos,split[a][b];"
        "[a]palettegen=stats_mode=diff[p];[b][p]paletteuse=dither=bayer:bayer_scale=4"
    )
    args = ["-i", src_arg(src), "-filter_complex", graph, "-an", "-loop", "0"]
    return await run_ffmpeg(
        args, output=dst, duration_hint=info.duration, on_progress=on_progress, cancel=cancel
    )
