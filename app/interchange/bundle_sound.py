"""The sound and words of a project in its `.reelroom` bundle: `sound.json` holds the audio
and subtitle tracks, the audio clips and the cues (their media travel with the rest). A bundle
from before sound tracks has no `sound.json`; the imported project then starts with the
default tracks like any new one."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.domain.ids import new_id
from app.domain.soundtrack import AudioClip, SoundTrack, SubtitleCue
from app.storage.database import Database
from app.storage.sound_tracks import SoundTrackRepository

ENTRY = "sound.json"


class SoundRows(BaseModel):
    model_config = ConfigDict(extra="ignore")

    tracks: list[SoundTrack] = Field(default_factory=list)
    clips: list[AudioClip] = Field(default_factory=list)
    cues: list[SubtitleCue] = Field(default_factory=list)

    @model_validator(mode="after")
    def _items_belong_to_tracks(self) -> SoundRows:
        kinds = {t.id: t.kind for t in self.tracks}
        if any(kinds.get(c.track_id) != "audio" for c in self.clips):
            raise ValueError("an audio clip belongs to no audio track")
        if any(kinds.get(q.track_id) != "subtitle" for q in self.cues):
            raise ValueError("a subtitle cue belongs to no subtitle track")
        return self

    def paths(self) -> list[str]:
        return [c.media_path for c in self.clips]


def collect_sound(db: Database, project_id: str) -> SoundRows:
    repo = SoundTrackRepository(db)
    tracks = repo.tracks(project_id)
    return SoundRows(tracks=tracks,
                     clips=[c for t in tracks if t.kind == "audio" for c in repo.clips(t.id)],
                     cues=[q for t in tracks if t.kind == "subtitle" for q in repo.cues(t.id)])


def renumbered(rows: SoundRows, project_id: str,
               moved: Callable[[str], str]) -> SoundRows:
    """The rows with new ids, under the new project, playing the unpacked media."""
    ids = {t.id: new_id() for t in rows.tracks}
    return SoundRows(
        tracks=[t.model_copy(update={"id": ids[t.id], "project_id": project_id})
                for t in rows.tracks],
        clips=[c.model_copy(update={"id": new_id(), "track_id": ids[c.track_id],
                                    "media_path": moved(c.media_path)}) for c in rows.clips],
        cues=[q.model_copy(update={"id": new_id(), "track_id": ids[q.track_id]})
              for q in rows.cues])


def write_sound(db: Database, rows: SoundRows) -> None:
    repo = SoundTrackRepository(db)
    with db.transaction():
        for track in rows.tracks:
            repo.put_track(track)
        repo.put_clips(rows.clips)
        repo.put_cues(rows.cues)
