"""The film's AAC sound put together from the clips' own AAC frames, each clip's frames placed
so that its sound starts on its cut, without decoding or encoding anything.

An MP4 sound track is one unbroken run of 1024-sample frames, so clips copied end to end each
bring their encoder's priming frame and end padding, and every cut's sound lands later than the
one before (20–45 ms a cut). Here the run is laid out against the cuts' sample positions: each
clip's frames are taken from where its sound should be at that moment, those past its picture
are left out and a sound shorter than its picture (or a clip without sound) is filled with
silent frames. Every cut's sound then starts within half a frame (11 ms at 48 kHz) of its
picture, whatever the number of cuts. Encoding the film's sound anew would be exact to the
sample, but costs a quarter of a full re-encode (ffmpeg's AAC encoder runs at ~30× real time)
and would take the copy's speed with it; app.media.stream_copy does that only when the clips'
sound cannot be spliced (another codec, sample rate or channel layout).

At each cut the next clip's first frame (its encoder's priming, near silence) takes the place
of the last ~21 ms of the clip before, so that the new clip's sound itself starts intact on
its cut."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

FRAME = 1024
RATES = (96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000,
         7350)
LAYOUTS = {1: "mono", 2: "stereo"}  # channel configurations a silent frame is made for


@dataclass(frozen=True)
class AdtsStream:
    config: tuple[int, int, int]  # (profile, sampling-rate index, channel configuration)
    frames: tuple[bytes, ...]  # each with its ADTS header

    @property
    def rate(self) -> int:
        return RATES[self.config[1]]


def parse_adts(data: bytes) -> AdtsStream | None:
    """The frames of an ADTS stream, or None when it is not one plain AAC stream (one raw
    block a frame, one configuration throughout)."""
    frames, config, at = [], None, 0
    while at + 7 <= len(data):
        h = data[at:at + 7]
        if h[0] != 0xFF or h[1] & 0xF6 != 0xF0:
            return None
        cfg = (h[2] >> 6, (h[2] >> 2) & 0xF, ((h[2] & 1) << 2) | (h[3] >> 6))
        length = ((h[3] & 3) << 11) | (h[4] << 3) | (h[5] >> 5)
        if h[6] & 3 or length < 7 or at + length > len(data) or cfg[1] >= len(RATES):
            return None
        if config is not None and cfg != config:
            return None
        config = cfg
        frames.append(data[at:at + length])
        at += length
    if config is None or at != len(data):
        return None
    return AdtsStream(config, tuple(frames))


@dataclass(frozen=True)
class ClipSound:
    first: int  # where the clip's first frame starts, in samples from its picture's start
    # (negative: the encoder's priming, which the file's edit list skips)
    stream: AdtsStream


def regular(starts: Sequence[int], durations: Sequence[int]) -> bool:
    """The frames follow each other without a gap or an overlap (only the last may be cut
    short by the file's edit list)."""
    return all(b - a == FRAME for a, b in zip(starts, starts[1:], strict=False)) and all(
        d == FRAME for d in durations[:-1])


def splice(sounds: Sequence[ClipSound | None], cuts: Sequence[int], end: int,
           silent: bytes) -> tuple[list[bytes], int]:
    """The film's frames and where the first one starts (samples, negative for priming).

    `cuts[i]` is where clip i's picture starts and `end` where the last one ends, in samples.
    Clip i fills the film up to where clip i+1's first frame belongs (its priming before its
    cut), to within half a frame, so the misplacement never adds up from cut to cut."""
    first = sounds[0].first if sounds[0] is not None else 0
    at, out = first, []
    for i, sound in enumerate(sounds):
        if i + 1 < len(sounds):
            nxt = sounds[i + 1]
            until = cuts[i + 1] + (nxt.first if nxt is not None else 0)
        else:
            until = end
        while at < until - FRAME // 2:
            frame = silent
            if sound is not None:
                j = (at - cuts[i] - sound.first + FRAME // 2) // FRAME
                if 0 <= j < len(sound.stream.frames):
                    frame = sound.stream.frames[j]
            out.append(frame)
            at += FRAME
    return out, first
