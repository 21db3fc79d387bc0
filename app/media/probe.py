"""What a media file is, read from `ffmpeg -i` (imageio-ffmpeg ships no ffprobe).

A video's length is its picture's: where its last frame ends, from its video packets (listed in
the same ffmpeg run, copied and nothing decoded), not the container's duration, which is its
longest stream's: a generated clip whose sound runs 60 ms past its last frame says 3.06 s for a
3.00 s picture. The timeline, the cut and both export paths read this one length, and a take's
sound is cut or padded to it."""

from __future__ import annotations

import asyncio
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from app.media.errors import MediaError
from app.media.ffmpeg import BAD_INPUT, execute, meaningful_lines, run_capture
from app.media.picture_length import parse_framecrc
from app.media.probe_cache import probe_cache

Kind = Literal["video", "image", "audio"]

_INPUT = re.compile(r"^Input #0, (?P<fmt>[^,]+(?:,[^,\s]+)*), from ", re.M)
_DURATION = re.compile(r"Duration: (?:(?P<h>\d+):(?P<m>\d+):(?P<s>[\d.]+)|N/A)")
_STREAM = re.compile(
    r"^\s*Stream #0:(?P<idx>\d+)\S*?: "
    r"(?P<type>Video|Audio|Subtitle|Data|Attachment): (?P<rest>.*)$",
    re.M,
)
_SIZE = re.compile(r"^(\d{1,5})x(\d{1,5})\b")
_RATE = re.compile(r"^([\d.]+)(k?) (fps|tbr)$")
_HZ = re.compile(r"^(\d+) Hz$")
# Single-picture demuxers: stills decode as one frame, whatever duration ffmpeg invents.
_IMAGE_FORMATS = re.compile(r"(_pipe|^image2$|^image$)")
_IMAGE_CODECS = {"png", "mjpeg", "webp", "bmp", "tiff", "jpegls", "jpeg2000", "qoi", "pam"}


@dataclass(frozen=True)
class MediaInfo:
    path: Path
    kind: Kind
    # seconds: a video's picture length (see the module's docstring), a sound's own; 0.0 for
    # still images
    duration: float
    width: int | None
    height: int | None
    fps: float | None
    video_codec: str | None
    pixel_format: str | None
    audio_codec: str | None
    sample_rate: int | None
    channels: str | None  # ffmpeg's layout name: mono, stereo, 5.1(side), ...
    frame_count: int | None  # stills: 1; videos: their packets (None when not listed)
    size_bytes: int
    container: str
    container_duration: float = 0.0  # the container's own (its longest stream's), seconds

    @property
    def has_audio(self) -> bool:
        return self.audio_codec is not None

    @property
    def has_video(self) -> bool:
        return self.video_codec is not None

    @property
    def sound_duration(self) -> float:
        """How long the file's sound lasts as a sound item (a track's clip): a sound's own
        length; a video's container duration, its longest stream's, the sound's where it
        runs past the picture (a take's sound is cut to its picture only as a take)."""
        return self.duration if self.kind == "audio" else self.container_duration


def _split_top(text: str) -> list[str]:
    """Split ffmpeg's stream description on commas outside parentheses/brackets."""
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        if ch == "," and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur).strip())
    return parts


def _rate(parts: list[str]) -> float | None:
    found: dict[str, float] = {}
    for p in parts:
        if m := _RATE.match(p):
            found.setdefault(m.group(3), float(m.group(1)) * (1000 if m.group(2) else 1))
    return found.get("fps") or found.get("tbr")


def _picture(listing: str | None, fps: float | None) -> tuple[float, int] | None:
    """(where the last picture ends, how many pictures) from a framecrc listing of the first
    video stream, or None when it lists none."""
    if not listing:
        return None
    packets = parse_framecrc(listing).get(0)
    if packets is None or not packets.times:
        return None
    return packets.picture_end(fps), len(packets.times)


def parse_probe(path: Path, stderr: str, size_bytes: int,
                pictures: str | None = None) -> MediaInfo:
    """Parse `ffmpeg -hide_banner -i path` output; raise MediaError if it is not media.
    `pictures`: the first video stream's packets as a framecrc listing (see `probe`)."""
    # what follows the input's description is the listing's own output and its streams
    stderr = re.split(r"^(?:Output #0|Stream mapping:)", stderr, maxsplit=1, flags=re.M)[0]
    m_input = _INPUT.search(stderr)
    if not m_input:
        lines = [ln for ln in stderr.splitlines() if not BAD_INPUT.search(ln.strip())]
        detail = "; ".join(meaningful_lines(lines)) or "not recognised by ffmpeg"
        detail = detail.replace("Error opening input: ", "")
        raise MediaError(f"{path.name} is not a readable media file: {detail}", path=str(path))
    container = m_input.group("fmt")
    duration = 0.0
    if (m := _DURATION.search(stderr)) and m.group("h") is not None:
        duration = int(m.group("h")) * 3600 + int(m.group("m")) * 60 + float(m.group("s"))

    v: dict[str, object] = {}
    a: dict[str, object] = {}
    for sm in _STREAM.finditer(stderr):
        rest = sm.group("rest")
        parts = _split_top(rest)
        codec = parts[0].split()[0] if parts and parts[0] else "unknown"
        if sm.group("type") == "Video" and not v and "attached pic" not in rest:
            size = next((_SIZE.match(p) for p in parts if _SIZE.match(p)), None)
            pix = parts[1].split("(")[0].strip() if len(parts) > 1 else None
            v = {
                "codec": codec,
                "pix": pix if pix and not _SIZE.match(pix) else None,
                "w": int(size.group(1)) if size else None,
                "h": int(size.group(2)) if size else None,
                "fps": _rate(parts),
            }
        elif sm.group("type") == "Audio" and not a:
            hz = next((int(m.group(1)) for p in parts if (m := _HZ.match(p))), None)
            layout = None
            if len(parts) > 2 and hz is not None:
                layout = parts[2]
            a = {"codec": codec, "rate": hz, "layout": layout}
    if not v and not a:
        raise MediaError(
            f"{path.name} is not a readable media file: it has no video or audio stream",
            path=str(path),
        )
    if v:
        still = bool(_IMAGE_FORMATS.search(container)) or (
            v["codec"] in _IMAGE_CODECS and duration <= 0.05 and not a
        )
        kind: Kind = "image" if still else "video"
    else:
        kind = "audio"
    length, frames = duration, 1 if kind == "image" else None
    if kind == "video" and (picture := _picture(pictures, v.get("fps"))) is not None:  # type: ignore[arg-type]
        length, frames = picture
    return MediaInfo(
        path=path,
        kind=kind,
        duration=0.0 if kind == "image" else length,
        width=v.get("w"),  # type: ignore[arg-type]
        height=v.get("h"),  # type: ignore[arg-type]
        fps=None if kind == "image" else v.get("fps"),  # type: ignore[arg-type]
        video_codec=v.get("codec"),  # type: ignore[arg-type]
        pixel_format=v.get("pix"),  # type: ignore[arg-type]
        audio_codec=a.get("codec"),  # type: ignore[arg-type]
        sample_rate=a.get("rate"),  # type: ignore[arg-type]
        channels=a.get("layout"),  # type: ignore[arg-type]
        frame_count=frames,
        size_bytes=size_bytes,
        container=container,
        container_duration=duration,
    )


async def probe(path: str | Path) -> MediaInfo:
    """Describe a media file. A missing, empty, corrupt or non-media file raises MediaError
    naming the file. A file unchanged since it was last probed is not read again."""
    path = Path(path)
    try:
        st = await asyncio.to_thread(path.stat)
    except FileNotFoundError:
        raise MediaError(f"{path.name} does not exist ({path})", path=str(path)) from None
    if stat.S_ISDIR(st.st_mode):
        raise MediaError(f"{path.name} is a folder, not a media file", path=str(path))
    if st.st_size == 0:
        raise MediaError(f"{path.name} is empty (0 bytes)", path=str(path))
    if (known := probe_cache.get(path, st)) is not None:
        return known
    # `file:` stops a name like "concat:x|y" or "http:..." being read as a protocol. The
    # first video stream's packets are listed to stdout (copied, not decoded: the file is
    # read, nothing is decoded); a file without one lists nothing, its description stands.
    _, listing, stderr = await run_capture(
        ["-i", f"file:{path}", "-map", "0:v:0?", "-c", "copy", "-f", "framecrc", "pipe:1"],
        stdout=True)
    info = parse_probe(path, stderr, st.st_size, listing)
    probe_cache.put(path, st, info)
    return info


async def count_frames(path: str | Path, *, cancel: asyncio.Event | None = None) -> int:
    """Decode the first video stream to the null muxer and return how many frames it had."""
    path = Path(path)
    info = await probe(path)
    if not info.has_video:
        raise MediaError(f"{path.name} has no video stream to count", path=str(path))
    last = await execute(
        ["-i", f"file:{path}", "-map", "0:v:0", "-f", "null", "-"],
        duration_hint=info.duration,
        cancel=cancel,
    )
    if last is None or last.frame is None:
        raise MediaError(f"{path.name}: ffmpeg reported no frame count", path=str(path))
    return last.frame
