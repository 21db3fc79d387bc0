"""The film vocabulary a shot is described with. Values are stored; labels are shown and are
also how the final prompt phrases them."""

from __future__ import annotations

from enum import StrEnum


class ShotType(StrEnum):
    NONE = ""
    WIDE = "wide"
    MEDIUM = "medium"
    CLOSE_UP = "close-up"
    EXTREME_CLOSE_UP = "extreme close-up"
    OVER_THE_SHOULDER = "over-the-shoulder"
    POV = "POV"
    AERIAL = "aerial"
    INSERT = "insert"
    TWO_SHOT = "two-shot"
    ESTABLISHING = "establishing"


class CameraMove(StrEnum):
    NONE = ""
    STATIC = "static"
    PAN = "pan"
    TILT = "tilt"
    DOLLY_IN = "dolly in"
    DOLLY_OUT = "dolly out"
    TRUCK = "truck"
    CRANE = "crane"
    HANDHELD = "handheld"
    ORBIT = "orbit"
    ZOOM = "zoom"


class Transition(StrEnum):
    CUT = "cut"
    DISSOLVE = "dissolve"
    FADE = "fade"
    WIPE = "wipe"
