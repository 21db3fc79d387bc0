"""A take explains itself on hover: the prompt, what the service said (an agent's final
answer), the project it built and what it was remixed from."""

from __future__ import annotations

from app.domain import Take
from ui.inspector.take_model import take_tooltip


def test_the_tooltip_carries_what_the_service_kept_with_the_take():
    take = Take(shot_id="s", provider="tellers", prompt="a walk in the forest",
                message="Here is your nature video.",
                remote_ids={"chat_id": "chat_7", "project_ids": ["proj_chat_7"]})
    assert take_tooltip(take) == (
        "a walk in the forest\ntellers said: Here is your nature video.\n"
        "Project: proj_chat_7 (File → Export Film… → Tellers renders it)")
    remix = Take(shot_id="s", provider="openai", prompt="in the snow",
                 remote_ids={"remixed_from": "video_1"})
    assert take_tooltip(remix) == "in the snow\nRemixed from video_1"
    assert take_tooltip(Take(shot_id="s")) is None
