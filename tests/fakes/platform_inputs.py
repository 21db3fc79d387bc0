"""What the fake platform requires of a generation's input media, by model kind, in the
platform's own field names: images by the name /api/upload-image (or /api/extend-video) gave
them, videos and audio by the server file names of the platform's own results (the seed
documents `video_filename` and `audio_filename` for those, and no upload for either)."""

from __future__ import annotations

from typing import Any

# model id → (kind, the fields it must carry)
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "wan-i2v": ("i2v", ("image_filename",)),
    "ltx-flf": ("flf", ("image_filename", "last_image_filename")),
    "wan-flf": ("flf", ("image_filename", "last_image_filename")),
    "wan-s2v": ("s2v", ("image_filename", "audio_filename")),
    "echomimic": ("s2v", ("image_filename", "audio_filename")),
    "liveportrait": ("portrait", ("image_filename", "video_filename")),
}
_IMAGE_FIELDS = ("image_filename", "last_image_filename")


def input_problem(fake: Any, body: dict[str, Any]) -> str | None:
    """The platform's error for a /api/generate body whose inputs do not fit its model."""
    model = body.get("model", "wan-t2v")
    kind, needed = KINDS.get(model, ("t2v", ()))
    for field in needed:
        if not body.get(field):
            return f"{model} requires {field}"
    for field in _IMAGE_FIELDS:
        if body.get(field) and body[field] not in fake.uploads:
            return f"Input image not found: {body[field]}"
    for field in ("video_filename", "audio_filename"):
        if body.get(field) and body[field] not in fake.files:
            return f"File not found: {body[field]}"
    if kind == "t2v":
        extra = [f for f in (*_IMAGE_FIELDS, "video_filename", "audio_filename") if f in body]
        if extra and model.endswith("-t2v"):
            return f"{model} takes no {', '.join(extra)}"
    return None
