"""The local media engine: ffmpeg as an async subprocess with progress and cancel, probing,
thumbnails, single-clip operations, project export and animatic cards. No Qt here."""

from app.media.animatic import AnimaticCard, render_card
from app.media.errors import MediaCancelled, MediaError
from app.media.export import (
    ExportClip,
    ExportPlan,
    ExportResult,
    export_project,
    plan_export,
)
from app.media.export_settings import PRESETS, ExportSettings, size_for
from app.media.ffmpeg import ffmpeg_exe, run_ffmpeg
from app.media.probe import MediaInfo, count_frames, probe
from app.media.progress import ProgressInfo
from app.media.thumbnails import make_thumbnail

__all__ = [
    "PRESETS",
    "AnimaticCard",
    "ExportClip",
    "ExportPlan",
    "ExportResult",
    "ExportSettings",
    "MediaCancelled",
    "MediaError",
    "MediaInfo",
    "ProgressInfo",
    "count_frames",
    "export_project",
    "ffmpeg_exe",
    "make_thumbnail",
    "plan_export",
    "probe",
    "render_card",
    "run_ffmpeg",
    "size_for",
]
