"""The film's sound and words for callers without an undo stack: the CLI, queue jobs that land
a clip or cues (platform music, TTS, subtitles, audio description), and tests. Qt-free.

Every function takes the library database (`studio.db`) and a project id. When `document` is
given and is that project's open ProjectDocument, the change goes through `document.sound`,
so the studio's views follow at once; otherwise it is written to the library directly (and an
open studio picks it up through LiveRefresh → ProjectDocument.sync_from_library). The studio's
own edits use the reversible commands in app.services.commands.sound instead.

Tracks are named, and a name is matched without regard to case; a word of a track's name
works too when only one track has it (`description` → "Audio description").

    tracks(db, project_id) -> list[SoundTrack]
        every track, top to bottom (the defaults are created on first use)
    find_track(db, project_id, name, kind=None) -> SoundTrack | None
        kind: "audio" | "subtitle" | None (None: audio tracks are preferred)
    require_track(db, project_id, name, kind) -> SoundTrack
        the same, or TrackNotFound (a ValueError whose message lists the tracks there are)
    add_track(db, project_id, name, kind, document=None) -> SoundTrack
    async add_audio_clip(db, paths, project_id, track_name, file_path, at_seconds=0.0, *,
                         volume=1.0, name=None, source="imported", job_id=None,
                         document=None) -> AudioClip
        imports the file into the project's media bin first (a library-owned copy, deduplicated
        by content: nothing is lost when the original moves), then places a clip on the track
        starting `at_seconds` into the film. With `job_id`, a clip that job already landed is
        returned instead of adding a second one (exactly once after a crash).
        Raises SoundError (a ValueError) with a one-line message for a file that is not audio,
        cannot be read, or a track that does not exist.
    add_subtitle_cues(db, project_id, cues, track_name="Subtitles", *, replace=False,
                      document=None) -> list[SubtitleCue]
        cues: SubtitleCue-like items with .start, .end, .text (CueText tuples are fine);
        replace=True clears the track first (a re-generated or translated track).
    import_subtitles(db, project_id, path, track_name="Subtitles", *, replace=False,
                     document=None) -> list[SubtitleCue]       (.srt / .vtt)
    cues(db, project_id, track_name="Subtitles") -> list[SubtitleCue]
    export_subtitles(db, project_id, out_path, track_name="Subtitles") -> Path
        .vtt → WebVTT, anything else SubRip
    list_audio(db, project_id) -> list[tuple[SoundTrack, list[AudioClip]]]
        every audio track with its clips in start order
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.soundtrack import (
    SUBTITLES,
    AudioClip,
    SoundTrack,
    SubtitleCue,
    TrackKind,
)
from app.interchange.subtitle_files import CueText, read_subtitles, write_subtitles
from app.services.sound_document import SoundDocument, ensure_default_tracks
from app.storage.database import Database
from app.storage.sound_tracks import SoundTrackRepository

if TYPE_CHECKING:
    from app.paths import Paths
    from app.services.project_document import ProjectDocument


_GROUP = {"audio": "audio", "subtitle": "subtitles"}


class SoundError(ValueError):
    """A one-line message for the user."""


class TrackNotFound(SoundError):
    pass


def _sound(db: Database, project_id: str,
           document: ProjectDocument | None) -> SoundDocument | None:
    if document is not None and document.project.id == project_id:
        return document.sound
    return None


def tracks(db: Database, project_id: str) -> list[SoundTrack]:
    return ensure_default_tracks(db, project_id)


def match_track(candidates: Iterable[SoundTrack], name: str) -> SoundTrack | None:
    """Exact name (any case), else the one track with that word in its name."""
    wanted = " ".join(name.split()).casefold()
    pool = list(candidates)
    exact = [t for t in pool if t.name.casefold() == wanted]
    if exact:
        return exact[0]
    partial = [t for t in pool if wanted and (wanted in t.name.casefold().split()
                                              or t.name.casefold().startswith(wanted))]
    return partial[0] if len(partial) == 1 else None


def find_track(db: Database, project_id: str, name: str,
               kind: TrackKind | None = None) -> SoundTrack | None:
    pool = tracks(db, project_id)
    if kind is not None:
        return match_track([t for t in pool if t.kind == kind], name)
    return (match_track([t for t in pool if t.kind == "audio"], name)
            or match_track([t for t in pool if t.kind == "subtitle"], name))


def require_track(db: Database, project_id: str, name: str, kind: TrackKind) -> SoundTrack:
    track = find_track(db, project_id, name, kind)
    if track is None:
        names = ", ".join(t.name for t in tracks(db, project_id) if t.kind == kind)
        raise TrackNotFound(f"no {kind} track named {name!r}; the {kind} tracks are: {names} "
                            f"(add one in the timeline, or with `reelroom-cli {_GROUP[kind]} "
                            "add-track`)")
    return track


def add_track(db: Database, project_id: str, name: str, kind: TrackKind,
              document: ProjectDocument | None = None) -> SoundTrack:
    name = " ".join(name.split())
    existing = tracks(db, project_id)
    if any(t.kind == kind and t.name.casefold() == name.casefold() for t in existing):
        raise SoundError(f"there is already a {kind} track named {name!r}")
    last = max((t.position for t in existing), default=-1.0)
    track = SoundTrack(project_id=project_id, kind=kind, name=name, position=last + 1)
    sound = _sound(db, project_id, document)
    if sound is not None:
        sound.put_track(track)
    else:
        SoundTrackRepository(db).put_track(track)
    return track


def _clip_by_job(db: Database, project_id: str, job_id: str) -> AudioClip | None:
    row = db.conn.execute(
        "SELECT a.data FROM audio_clips a JOIN sound_tracks t ON t.id = a.track_id"
        " WHERE t.project_id = ? AND json_extract(a.data, '$.job_id') = ?",
        (project_id, job_id)).fetchone()
    return AudioClip.model_validate_json(row[0]) if row else None


async def add_audio_clip(db: Database, paths: Paths, project_id: str, track_name: str,
                         file_path: str | Path, at_seconds: float = 0.0, *,
                         volume: float = 1.0, name: str | None = None,
                         source: str = "imported", job_id: str | None = None,
                         document: ProjectDocument | None = None) -> AudioClip:
    from app.media.probe import probe
    from app.services.media_library import MediaLibrary

    if at_seconds < 0:
        raise SoundError(f"--at must be 0 or more seconds (got {at_seconds:g})")
    track = require_track(db, project_id, track_name, "audio")
    if job_id is not None and (landed := _clip_by_job(db, project_id, job_id)) is not None:
        return landed
    library = MediaLibrary(db, paths.project_media(project_id), project_id)
    result = await library.import_file(file_path)
    if result.item is None:
        raise SoundError(result.error or f"{Path(file_path).name} could not be imported")
    item = result.item
    if item.kind != "audio" and not item.audio_codec:
        raise SoundError(f"{item.name} has no sound (it is {item.kind}); an audio track takes "
                         "wav, mp3, m4a, flac or ogg")
    length = item.duration
    if item.kind == "video":  # the bin's length is the picture's; a sound clip lasts its sound's
        length = (await probe(Path(item.path))).sound_duration
    clip = clip_for(track, item.path, item.name if name is None else name, at_seconds,
                    length, volume=volume, source=source, job_id=job_id)
    sound = _sound(db, project_id, document)
    if sound is not None:
        sound.put_clips([clip])
    else:
        SoundTrackRepository(db).put_clips([clip])
    return clip


def clip_for(track: SoundTrack, media_path: str, name: str, at_seconds: float,
             duration: float | None, **fields) -> AudioClip:
    return AudioClip(track_id=track.id, media_path=media_path, name=name,
                     start=round(max(0.0, at_seconds), 6),
                     media_duration=duration if duration and duration > 0 else None, **fields)


def add_subtitle_cues(db: Database, project_id: str, cues: Iterable, track_name: str = SUBTITLES,
                      *, replace: bool = False,
                      document: ProjectDocument | None = None) -> list[SubtitleCue]:
    track = require_track(db, project_id, track_name, "subtitle")
    made = [SubtitleCue(track_id=track.id, start=float(c.start), end=float(c.end),
                        text=str(c.text)) for c in cues]
    repo = SoundTrackRepository(db)
    sound = _sound(db, project_id, document)
    with db.transaction():
        if replace:
            old = [q.id for q in repo.cues(track.id)]
            if sound is not None:
                sound.remove_cues(track.id, old)
            else:
                repo.delete_cues(old)
        if sound is not None:
            sound.put_cues(made)
        else:
            repo.put_cues(made)
    return made


def import_subtitles(db: Database, project_id: str, path: str | Path,
                     track_name: str = SUBTITLES, *, replace: bool = False,
                     document: ProjectDocument | None = None) -> list[SubtitleCue]:
    try:
        parsed = read_subtitles(path)
    except ValueError as exc:
        raise SoundError(str(exc)) from exc
    return add_subtitle_cues(db, project_id, parsed, track_name, replace=replace,
                             document=document)


def cues(db: Database, project_id: str, track_name: str = SUBTITLES) -> list[SubtitleCue]:
    return SoundTrackRepository(db).cues(require_track(db, project_id, track_name,
                                                       "subtitle").id)


def export_subtitles(db: Database, project_id: str, out_path: str | Path,
                     track_name: str = SUBTITLES) -> Path:
    found = cues(db, project_id, track_name)
    if not found:
        raise SoundError(f"the {track_name!r} track has no cues to export")
    try:
        return write_subtitles(out_path, [CueText(q.start, q.end, q.text) for q in found])
    except OSError as exc:
        raise SoundError(f"{Path(out_path).name} cannot be written: "
                         f"{exc.strerror or exc}") from exc


def list_audio(db: Database, project_id: str) -> list[tuple[SoundTrack, list[AudioClip]]]:
    repo = SoundTrackRepository(db)
    return [(t, repo.clips(t.id)) for t in tracks(db, project_id) if t.kind == "audio"]
