"""How a shot's framing and camera move are said in a prompt. Services read plain film language
best, so each value gets a short natural sentence; NONE adds nothing."""

from __future__ import annotations

from app.domain import CameraMove, ShotType

SHOT_TYPE_PHRASES: dict[ShotType, str] = {
    ShotType.NONE: "",
    ShotType.WIDE: "Wide shot.",
    ShotType.MEDIUM: "Medium shot.",
    ShotType.CLOSE_UP: "Close-up shot.",
    ShotType.EXTREME_CLOSE_UP: "Extreme close-up shot.",
    ShotType.OVER_THE_SHOULDER: "Over-the-shoulder shot.",
    ShotType.POV: "Point-of-view shot.",
    ShotType.AERIAL: "Aerial shot.",
    ShotType.INSERT: "Insert shot of a detail.",
    ShotType.TWO_SHOT: "Two-shot with both subjects in frame.",
    ShotType.ESTABLISHING: "Establishing shot.",
}

CAMERA_MOVE_PHRASES: dict[CameraMove, str] = {
    CameraMove.NONE: "",
    CameraMove.STATIC: "Static camera.",
    CameraMove.PAN: "The camera pans slowly.",
    CameraMove.TILT: "The camera tilts slowly.",
    CameraMove.DOLLY_IN: "Slow dolly in.",
    CameraMove.DOLLY_OUT: "Slow dolly out.",
    CameraMove.TRUCK: "The camera trucks sideways.",
    CameraMove.CRANE: "Crane shot, the camera rising.",
    CameraMove.HANDHELD: "Handheld camera.",
    CameraMove.ORBIT: "The camera orbits the subject.",
    CameraMove.ZOOM: "Slow zoom in.",
}


def framing_phrase(shot_type: ShotType, camera_move: CameraMove) -> str:
    """"Close-up shot. Slow dolly in." — or "" when neither is set."""
    parts = (SHOT_TYPE_PHRASES[shot_type], CAMERA_MOVE_PHRASES[camera_move])
    return " ".join(p for p in parts if p)
