"""Offline animatic cards: a shot's text (and reference image) as a real clip of the shot's
length, so a storyboard can be cut and exported before anything is generated."""

from __future__ import annotations

import asyncio
import textwrap
from dataclasses import dataclass
from pathlib import Path

from app.media.encoding import audio_args, container_args, src_arg, video_args
from app.media.errors import MediaError
from app.media.ffmpeg import ProgressCallback, run_ffmpeg
from app.media.filters import escape_path, escape_value
from app.media.fonts import font_file
from app.media.probe import probe

BACKGROUND = "0x15171c"
# Average glyph advance of a sans font as a fraction of its size: enough to wrap by characters.
_ADVANCE = 0.52


@dataclass(frozen=True)
class AnimaticCard:
    shot_number: int | str
    title: str
    prompt: str
    duration: float
    shot_type: str = ""
    camera_move: str = ""
    reference_image: Path | None = None

    def __post_init__(self) -> None:
        if not 0.1 <= self.duration <= 600:
            raise ValueError(
                f"duration must be between 0.1 and 600 seconds (got {self.duration:g})"
            )


def _wrap(text: str, chars: int, max_lines: int) -> list[str]:
    lines = textwrap.wrap(" ".join(text.split()), width=max(8, chars)) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(0, chars - 1)].rstrip() + "…"
    return lines


def _text(font: Path, text: str, x: int, y: int, size: int, colour: str) -> str:
    return (
        f"drawtext=fontfile={escape_path(font)}:text={escape_value(text)}:expansion=none:"
        f"fontsize={size}:fontcolor={colour}:x={x}:y={y}"
    )


def card_layout(
    card: AnimaticCard, width: int, height: int, font: Path, ref_width: int
) -> list[str]:
    """drawtext filters for the card's text, laid out relative to the frame height."""
    margin = round(height * 0.07)
    title_size = max(10, round(height * 0.075))
    meta_size = max(8, round(height * 0.042))
    body_size = max(8, round(height * 0.046))
    text_w = width - 2 * margin - (ref_width + margin if ref_width else 0)

    title = f"SHOT {card.shot_number}" + (f" — {card.title}" if card.title.strip() else "")
    title = _wrap(title, int(text_w / (title_size * _ADVANCE)), 1)[0]
    meta = " · ".join(p for p in (card.shot_type, card.camera_move, f"{card.duration:g} s") if p)
    y = margin
    out = [_text(font, title, margin, y, title_size, "white")]
    y += round(title_size * 1.5)
    out.append(_text(font, meta, margin, y, meta_size, "0x9aa4b2"))
    y += round(meta_size * 2.2)
    line_h = round(body_size * 1.4)
    max_lines = max(1, (height - y - margin * 2) // line_h)
    for line in _wrap(card.prompt, int(text_w / (body_size * _ADVANCE)), max_lines):
        if line:
            out.append(_text(font, line, margin, y, body_size, "0xd8dde6"))
        y += line_h
    label_size = max(8, round(height * 0.03))
    out.append(
        _text(font, "ANIMATIC", margin, height - margin - label_size, label_size, "0x5c6370")
    )
    return out


async def render_card(
    card: AnimaticCard,
    out: Path,
    *,
    width: int = 1280,
    height: int = 720,
    fps: float = 24,
    on_progress: ProgressCallback | None = None,
    cancel: asyncio.Event | None = None,
) -> Path:
    """Write an H.264 MP4 exactly `card.duration` long with a silent AAC track."""
    for name, v in (("width", width), ("height", height)):
        if not (16 <= v <= 8192) or v % 2:
            raise ValueError(f"{name} must be an even number between 16 and 8192 (got {v})")
    if not 1 <= fps <= 120:
        raise ValueError(f"fps must be between 1 and 120 (got {fps:g})")
    font = await font_file()
    d = f"{card.duration:.6f}"
    frames = max(1, round(card.duration * fps))
    args = [
        "-f",
        "lavfi",
        "-i",
        f"color=c={BACKGROUND}:s={width}x{height}:r={fps:g}:d={d}",
        "-f",
        "lavfi",
        "-i",
        "anullsrc=r=48000:cl=stereo",
    ]
    ref_width = 0
    chain = "[0:v]"
    graph: list[str] = []
    if card.reference_image is not None:
        ref = await probe(card.reference_image)
        if not ref.has_video:
            raise MediaError(
                f"{Path(card.reference_image).name} is not an image", path=str(card.reference_image)
            )
        ref_width = round(width * 0.32) // 2 * 2
        margin = round(height * 0.07)
        args += ["-i", src_arg(Path(card.reference_image))]
        # A video reference shows its first frame; overlay holds it for the whole card.
        graph.append(
            f"[2:v]trim=end_frame=1,scale={ref_width}:-2:force_original_aspect_ratio=decrease,"
            f"setsar=1[ref]"
        )
        graph.append(f"[0:v][ref]overlay=x=W-w-{margin}:y=H-h-{margin}:eof_action=repeat[bg]")
        chain = "[bg]"
    texts = card_layout(card, width, height, font, ref_width)
    graph.append(f"{chain}{','.join(texts)},format=yuv420p[v]")
    out = Path(out)
    args += [
        "-filter_complex",
        ";".join(graph),
        "-map",
        "[v]",
        "-map",
        "1:a",
        "-frames:v",
        str(frames),
        "-t",
        d,
        *video_args(),
        *audio_args("96k"),
        "-ar",
        "48000",
        *container_args(out),
    ]
    return await run_ffmpeg(
        args, output=out, duration_hint=card.duration, on_progress=on_progress, cancel=cancel
    )
