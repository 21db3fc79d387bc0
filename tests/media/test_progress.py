from __future__ import annotations

import pytest

from app.media.progress import ProgressParser

BLOCK = """frame=30
fps=0.00
stream_0_0_q=-0.0
bitrate=N/A
total_size=N/A
out_time_us=1000000
out_time_ms=1000000
out_time=00:00:01.000000
dup_frames=0
drop_frames=0
speed=2.5x
progress=continue
"""


def test_block_gives_fraction_speed_and_eta() -> None:
    parser = ProgressParser(duration_hint=4.0)
    infos = [i for line in BLOCK.splitlines() if (i := parser.feed(line, elapsed=2.0))]
    assert len(infos) == 1
    info = infos[0]
    assert info.out_time == pytest.approx(1.0)
    assert info.fraction == pytest.approx(0.25)
    assert info.speed == pytest.approx(2.5)
    assert info.eta == pytest.approx(6.0)  # 2 s for the first quarter → 6 s for the rest
    assert info.frame == 30 and not info.done


def test_end_block_and_unknown_duration() -> None:
    parser = ProgressParser(duration_hint=None)
    text = BLOCK.replace("speed=2.5x", "speed=N/A").replace("continue", "end")
    infos = [i for line in text.splitlines() if (i := parser.feed(line, elapsed=1.0))]
    assert infos[0].done and infos[0].fraction is None and infos[0].speed is None


def test_negative_time_at_start_falls_back() -> None:
    parser = ProgressParser(duration_hint=2.0)
    text = BLOCK.replace("out_time_us=1000000", "out_time_us=-9223372036854775807").replace(
        "out_time_ms=1000000", "out_time_ms=N/A"
    )
    info = [i for line in text.splitlines() if (i := parser.feed(line, elapsed=1.0))][0]
    assert info.out_time == pytest.approx(1.0)  # taken from the hh:mm:ss form


def test_progress_never_steps_back_when_ffmpeg_reports_an_earlier_timestamp() -> None:
    # seen from a real resize: out_time 2.005, then 1.967 (audio muxed behind video), then 3.0
    parser = ProgressParser(duration_hint=4.0)
    seen = []
    for us in (2_005_000, 1_967_000, 3_000_000):
        for line in (f"out_time_us={us}", "progress=continue"):
            if info := parser.feed(line, elapsed=1.0):
                seen.append(info)
    assert [i.out_time for i in seen] == pytest.approx([2.005, 2.005, 3.0])
    assert [i.fraction for i in seen] == sorted(i.fraction for i in seen)
