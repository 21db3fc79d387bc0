from __future__ import annotations

import pytest

from app.media.animatic import BACKGROUND, AnimaticCard, render_card
from app.media.probe import count_frames, probe

from .conftest import frame_rgb, stream_duration

PROMPT = (
    "A lone rider crosses a frozen lake at dawn, breath visible, the camera low over the ice "
    "as cracks spiral outward toward the horizon where a red sun rises over the mountains."
)


async def test_card_has_exact_duration_size_and_silent_audio(tmp_path) -> None:
    card = AnimaticCard(
        3, "Arrival", PROMPT, duration=2.5, shot_type="Wide", camera_move="Dolly in"
    )
    out = await render_card(card, tmp_path / "card.mp4", width=320, height=180, fps=24)
    info = await probe(out)
    assert (info.width, info.height) == (320, 180)
    assert info.video_codec == "h264" and info.audio_codec == "aac"
    assert info.duration == pytest.approx(2.5, abs=1 / 24)
    assert await count_frames(out) == 60
    assert stream_duration(out, "a") == pytest.approx(2.5, abs=1 / 24)
    frame = frame_rgb(out, 1.0)
    bg = bytes.fromhex(BACKGROUND[2:])
    near_bg = sum(
        1 for i in range(0, len(frame), 3) if all(abs(frame[i + k] - bg[k]) <= 4 for k in range(3))
    )
    # Mostly the dark background (YUV rounding moves it a little), with text drawn on it.
    assert near_bg > 320 * 180 * 0.5
    assert max(frame) > 200


async def test_card_with_reference_image_shows_it_in_a_corner(media, tmp_path) -> None:
    card = AnimaticCard("12A", "", "short", duration=1.0, reference_image=media["logo"])
    out = await render_card(card, tmp_path / "ref.mp4", width=320, height=180, fps=25)
    frame = frame_rgb(out, 0.5)
    # The red 64×64 logo scaled to ~102 px wide, bottom-right with a 13 px margin.
    x, y = 320 - 13 - 50, 180 - 13 - 30
    r, g, b = frame[(y * 320 + x) * 3 : (y * 320 + x) * 3 + 3]
    assert r > 200 and g < 60 and b < 60
    assert (await probe(out)).duration == pytest.approx(1.0, abs=1 / 25)


def test_card_validation() -> None:
    with pytest.raises(ValueError, match="duration must be between"):
        AnimaticCard(1, "x", "y", duration=0)
