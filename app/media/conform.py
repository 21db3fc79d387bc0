"""Bringing a clip's picture to the export's size, frame rate and pixel format, with only the
filters the probe says the clip needs, and how each input is opened (its decoder threads, and
no second analysis of a file the probe has already described)."""

from __future__ import annotations

import os

from app.media.export_settings import ExportSettings
from app.media.probe import MediaInfo

TARGET_PIX_FMT = "yuv420p"


def picture_matches(info: MediaInfo, settings: ExportSettings) -> tuple[bool, bool, bool]:
    """(size, frame rate, pixel format) of `info` already equal the export's."""
    size = (info.width, info.height) == (settings.width, settings.height)
    rate = info.fps is not None and abs(info.fps - settings.fps) <= 0.01
    pix = info.pixel_format == TARGET_PIX_FMT
    return size, rate, pix


def conform_filters(info: MediaInfo, settings: ExportSettings, *, keep_fps: bool) -> list[str]:
    """The video filters that make one clip look like the export, in order.

    A clip that already has the size gets no scale/pad and one already in yuv420p no format
    conversion: each would copy every frame to change nothing. `setsar=1` is metadata only
    and always set (concat and xfade insist on one aspect). `keep_fps` keeps the fps filter
    even on a clip at the right rate: xfade compares its inputs' frame-rate fractions, and a
    decoder's 30000/1001 is not the fps filter's 2997/100, so graphs with transitions
    conform every clip's rate the same way; a graph of cuts leaves it to the encoder's `-r`.
    """
    w, h = settings.width, settings.height
    size, rate, pix = picture_matches(info, settings)
    filters: list[str] = []
    if not size:
        filters += [
            f"scale={w}:{h}:force_original_aspect_ratio=decrease:force_divisible_by=2",
            f"pad={w}:{h}:(ow-iw)/2:(oh-ih)/2:color=black",
        ]
    filters.append("setsar=1")
    if keep_fps or not rate:
        filters.append(f"fps={settings.fps:.6g}")
    if not pix:
        filters.append(f"format={TARGET_PIX_FMT}")
    return filters


def decoder_threads(cpus: int | None = None) -> int:
    """Threads for each input's decoder: one per four cores, at least one.

    The encoder is the slow end (x264 spends several times a decoder's time on a frame) and
    has every core; concat reads one input at a time, each decoder in a thread of its own
    beside the encoder. Frame-threaded decoding on every input only adds copies and
    hand-offs, yet a many-core machine encoding 4K still needs a decoder that keeps up.
    """
    cpus = cpus or os.cpu_count() or 1
    return max(1, cpus // 4)


# ffmpeg's mov/mp4 demuxer: every stream's codec, size, rate and sample format is in the
# header (the moov atom), so reading and decoding packets to guess them finds nothing new.
_HEADER_DESCRIBED = "mov,mp4"


def input_args(info: MediaInfo, path: str, *, start: float = 0.0,
               length: float | None = None) -> list[str]:
    """The options and `-i` for one clip of the re-encode, playing `length` seconds (None: to
    the end) from `start`.

    ffmpeg analyses every input before the graph starts (reads and decodes its first packets,
    one input after another) to fill in what a container might leave out. An MP4/MOV the
    probe has fully described leaves nothing out, so that pass is skipped: the decoded frames
    are the same, and a many-shot film starts encoding sooner.

    A trimmed take is cut where it is read: `-ss` seeks to the keyframe before its in-point
    and `-t` stops reading after its out-point, so neither the unplayed head nor the tail is
    decoded (a trim filter in the graph only drops those frames after decoding every one).
    ffmpeg's accurate seek still starts on the exact frame and sample, so the cut is the same."""
    args = ["-threads", str(decoder_threads())]
    if start > 1e-6:
        args += ["-ss", f"{start:.6f}"]
    if length is not None:
        args += ["-t", f"{length:.6f}"]
    described = info.container.startswith(_HEADER_DESCRIBED) and None not in (
        info.width,
        info.height,
        info.fps,
        info.video_codec,
        info.pixel_format,
    )
    if described and info.has_audio:
        described = info.sample_rate is not None and info.channels is not None
    if described:
        args.append("-nofind_stream_info")
    return [*args, "-i", path]
