"""What a video service offers and what a generation costs, as the studio shows them: plain
data shared by the provider adapters and the UI (the parameter form, the queue's prices)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pydantic import BaseModel


class Capability(StrEnum):
    TEXT_TO_VIDEO = "text_to_video"
    IMAGE_TO_VIDEO = "image_to_video"
    FIRST_LAST_FRAME = "first_last_frame"
    VIDEO_TO_VIDEO = "video_to_video"
    SOUND_TO_VIDEO = "sound_to_video"
    PORTRAIT_ANIMATION = "portrait_animation"  # a portrait moved by a driving video
    EXTEND = "extend"
    REMIX = "remix"
    IMAGE = "image"
    AUDIO_DESCRIPTION = "audio_description"
    UPLOAD = "upload"
    EXPORT = "export"
    HISTORY = "history"  # list/delete previous generations (also used to reconcile)
    CANCEL = "cancel"
    COST_QUOTE = "cost_quote"
    AGENT = "agent"  # prompt-to-video agent with live text (Tellers)


@dataclass(frozen=True)
class ModelInfo:
    """A model a provider offers. `params` is the pydantic model that validates a request's
    parameters before any request is sent, and that the inspector renders as a form."""

    id: str
    name: str
    params: type[BaseModel]
    kind: str = "video"  # video | image | audio | description
    capabilities: frozenset[Capability] = frozenset()
    prompt_max: int | None = None
    description: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class CostEstimate(BaseModel):
    amount: float | None  # None: the service bills but publishes no price
    currency: str = "USD"  # USD | credits
    basis: str = ""  # how it was worked out, shown to the user ("$0.12/s × 8 s")
    billed_by_service: bool = False

    def describe(self) -> str:
        if self.amount is None:
            return "billed by the service"
        if self.currency == "USD":
            return f"${self.amount:.2f}"
        return f"{self.amount:g} {self.currency}"
