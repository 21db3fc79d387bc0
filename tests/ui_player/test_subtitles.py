from pathlib import Path

import pytest

from ui.player.subtitles import (
    SubtitleError,
    load_subtitles,
    parse_srt,
    parse_subtitles,
    parse_vtt,
)
from ui.player.timefmt import format_timecode

VTT = """WEBVTT - generated

NOTE this block is a comment
and spans two lines

intro
00:00.500 --> 00:01.500 align:center
<v Narrator>Hello <b>there</b></v>

00:00:02.000 --> 00:00:04.250
Second cue
on two lines

01:00:00.000 --> 01:00:01.000
An hour in
"""

SRT = (
    "1\r\n00:00:01,000 --> 00:00:02,500\r\nFirst <i>line</i>\r\n\r\n"
    "2\r\n00:00:02,500 --> 00:00:03,000\r\nSecond\r\n\r\n"
    "3\r\n00:00:05,00 --> 00:00:06,1\r\nShort fractions\r\n"
)


def test_vtt_cues_are_parsed_with_tags_stripped_and_notes_skipped() -> None:
    track = parse_vtt(VTT)
    assert [(c.start_ms, c.end_ms) for c in track.cues] == [
        (500, 1500),
        (2000, 4250),
        (3_600_000, 3_601_000),
    ]
    assert track.cues[0].text == "Hello there"
    assert track.cues[1].text == "Second cue\non two lines"


@pytest.mark.parametrize(
    ("ms", "text"),
    [(0, ""), (499, ""), (500, "Hello there"), (1499, "Hello there"), (1500, ""),
     (3000, "Second cue\non two lines"), (3_600_500, "An hour in")],
)
def test_vtt_cue_at_time(ms: int, text: str) -> None:
    assert parse_vtt(VTT).text_at(ms) == text


def test_srt_cues_with_crlf_and_adjacent_cues() -> None:
    track = parse_srt(SRT)
    assert len(track) == 3
    # End is exclusive: at 2500 ms only the second cue shows, never both.
    assert track.text_at(2499) == "First line"
    assert track.text_at(2500) == "Second"
    # "00:00:05,00" is 5 s + 0.00 and ",1" is 100 ms: fractions are decimal places.
    assert (track.cues[2].start_ms, track.cues[2].end_ms) == (5000, 6100)
    assert track.text_at(4000) == ""


def test_overlapping_vtt_cues_both_show() -> None:
    track = parse_vtt("WEBVTT\n\n00:01.000 --> 00:05.000\nA\n\n00:02.000 --> 00:03.000\nB\n")
    assert track.text_at(2500) == "A\nB"
    assert track.text_at(4000) == "A"


def test_format_is_sniffed_and_bad_input_rejected(tmp_path: Path) -> None:
    assert len(parse_subtitles(VTT)) == 3
    assert len(parse_subtitles(SRT)) == 3
    with pytest.raises(SubtitleError):
        parse_vtt(SRT)
    with pytest.raises(SubtitleError):
        parse_subtitles("this is not a subtitle file")
    bom = tmp_path / "bom.srt"
    bom.write_bytes(b"\xef\xbb\xbf" + SRT.encode())
    assert load_subtitles(bom).text_at(1000) == "First line"
    latin = tmp_path / "latin.srt"
    latin.write_bytes("1\n00:00:00,000 --> 00:00:01,000\nCaf\xe9\n".encode("latin-1"))
    assert load_subtitles(latin).text_at(10) == "Café"


@pytest.mark.parametrize(
    ("ms", "fps", "label"),
    [(0, 30, "00:00.00"), (1033, 30, "00:01.00"), (1034, 30, "00:01.01"),
     (61_500, 30, "01:01.15"), (2999, 30, "00:02.29"), (500, 24, "00:00.12"),
     (500, None, "00:00.15")],
)
def test_timecode_counts_frames(ms: int, fps: float | None, label: str) -> None:
    assert format_timecode(ms, fps) == label
