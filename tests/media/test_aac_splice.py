"""The spliced sound's layout (app.media.aac_splice), frame by frame: every clip's sound starts
within half a frame of its cut however many cuts come before it, a sound that runs past its
picture is cut there, and one that is shorter or missing is filled with silence."""

from __future__ import annotations

import pytest

from app.media.aac_splice import FRAME, AdtsStream, ClipSound, parse_adts, regular, splice

SILENT = b"silent"


def _sound(clip: int, frames: int, priming: int = FRAME) -> ClipSound:
    return ClipSound(-priming, AdtsStream((1, 3, 2), tuple(
        f"{clip}:{j}".encode() for j in range(frames))))


def _placed(frames: list[bytes], first: int, clip: int) -> int:
    """Where the clip's first frame (its priming) landed, in samples of film time."""
    return first + frames.index(f"{clip}:0".encode()) * FRAME


@pytest.mark.parametrize("length", [48000, 48000 + 2880, 48000 - 4800, 44100, 71071])
def test_every_cut_starts_within_half_a_frame_without_drift(length) -> None:
    # 50 clips whose sound is 1 s (47 frames + priming + padding) and pictures `length` long
    sounds = [_sound(c, 48) for c in range(50)]
    cuts = [c * length for c in range(50)]
    frames, first = splice(sounds, cuts, 50 * length, SILENT)
    assert first == -FRAME
    for c in range(50):
        assert abs(_placed(frames, first, c) + FRAME - cuts[c]) <= FRAME // 2
    end = first + len(frames) * FRAME
    assert abs(end - 50 * length) <= FRAME // 2  # the sound is as long as the pictures


def test_a_long_sound_is_cut_and_a_short_or_missing_one_filled() -> None:
    sounds = [_sound(0, 60), None, _sound(2, 10)]  # 1.26 s, none, 0.19 s of sound
    cuts = [0, 48000, 96000]
    frames, first = splice(sounds, cuts, 144000, SILENT)
    clip0 = [f for f in frames if f.startswith(b"0:")]
    assert clip0 == [f"0:{j}".encode() for j in range(len(clip0))]  # in order, none twice
    assert len(clip0) < 60 and abs(first + len(clip0) * FRAME - 48000) <= FRAME // 2
    between = frames[len(clip0):frames.index(b"2:0")]
    assert between and set(between) == {SILENT}
    assert frames[frames.index(b"2:9") + 1:] and set(frames[frames.index(b"2:9") + 1:]) == {
        SILENT}


def test_a_film_without_sound_is_silent_throughout() -> None:
    frames, first = splice([None, None], [0, 48000], 96000, SILENT)
    assert first == 0 and set(frames) == {SILENT}
    assert abs(len(frames) * FRAME - 96000) <= FRAME // 2


def test_only_plain_regular_aac_is_spliced() -> None:
    # an ADTS header (AAC-LC, 48 kHz, stereo, 9 bytes with its 2-byte payload, one block)
    frame = bytes([0xFF, 0xF1, 0x4C, 0x80, 9 >> 3, ((9 & 7) << 5) | 0x1F, 0xFC]) + b"ab"
    stream = parse_adts(frame * 3)
    assert stream is not None and stream.config == (1, 3, 2) and stream.rate == 48000
    assert len(stream.frames) == 3
    assert parse_adts(frame * 2 + b"\x00junk") is None
    assert parse_adts(b"") is None
    assert regular([-1024, 0, 1024], [1024, 1024, 448])
    assert not regular([-1024, 0, 2048], [1024, 1024, 1024])
