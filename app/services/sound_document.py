"""An open project's sound and words, in memory, with every change written to the library
first and a signal after (like ProjectDocument for shots). The commands in
app.services.commands.sound are its only callers of the mutating methods in the studio; the
module functions in app.services.soundtrack call them for the CLI and the queue."""

from __future__ import annotations

from collections.abc import Sequence

from psygnal import Signal

from app.domain.soundtrack import (
    DEFAULT_TRACKS,
    AudioClip,
    SoundTrack,
    SubtitleCue,
    TrackKind,
)
from app.storage.database import Database
from app.storage.sound_tracks import SoundTrackRepository


def ensure_default_tracks(db: Database, project_id: str) -> list[SoundTrack]:
    """A project with no sound tracks yet gets the default ones (Music, Narration, Audio
    description; Subtitles, Audio description). Returns the project's tracks."""
    repo = SoundTrackRepository(db)
    with db.transaction():
        tracks = repo.tracks(project_id)
        if tracks:
            return tracks
        for n, (kind, name) in enumerate(DEFAULT_TRACKS):
            repo.put_track(SoundTrack(project_id=project_id, kind=kind, name=name,
                                      position=float(n)))
        return repo.tracks(project_id)


class SoundDocument:
    tracks_changed = Signal()  # added, removed, renamed, muted, soloed, reordered
    clips_changed = Signal(str)  # track id: its audio clips changed
    cues_changed = Signal(str)  # track id: its subtitle cues changed

    def __init__(self, db: Database, project_id: str) -> None:
        self.db = db
        self.project_id = project_id
        self.repo = SoundTrackRepository(db)
        self._tracks = ensure_default_tracks(db, project_id)
        self._clips = {t.id: self.repo.clips(t.id) for t in self._tracks if t.kind == "audio"}
        self._cues = {t.id: self.repo.cues(t.id) for t in self._tracks if t.kind == "subtitle"}

    # -- reading --------------------------------------------------------------------------
    @property
    def tracks(self) -> list[SoundTrack]:
        return list(self._tracks)

    def of_kind(self, kind: TrackKind) -> list[SoundTrack]:
        return [t for t in self._tracks if t.kind == kind]

    def track(self, track_id: str) -> SoundTrack | None:
        return next((t for t in self._tracks if t.id == track_id), None)

    def clips(self, track_id: str) -> list[AudioClip]:
        return list(self._clips.get(track_id, ()))

    def clip(self, clip_id: str) -> AudioClip | None:
        return next((c for cs in self._clips.values() for c in cs if c.id == clip_id), None)

    def cues(self, track_id: str) -> list[SubtitleCue]:
        return list(self._cues.get(track_id, ()))

    def audible(self) -> list[SoundTrack]:
        """The audio tracks the mix plays: any soloed ones, otherwise every unmuted one."""
        audio = self.of_kind("audio")
        soloed = [t for t in audio if t.solo]
        return soloed if soloed else [t for t in audio if not t.muted]

    def duration(self) -> float:
        ends = [c.end for cs in self._clips.values() for c in cs]
        ends += [q.end for qs in self._cues.values() for q in qs]
        return max(ends, default=0.0)

    # -- tracks ---------------------------------------------------------------------------
    def put_track(self, track: SoundTrack) -> None:
        self.repo.put_track(track)
        self._reload_tracks()

    def remove_track(self, track_id: str) -> tuple[SoundTrack, list[AudioClip],
                                                   list[SubtitleCue]]:
        """Delete a track with its clips/cues; returns them, for undo."""
        track = self.track(track_id)
        if track is None:
            raise KeyError(f"no track {track_id}")
        kept = (track, self.clips(track_id), self.cues(track_id))
        self.repo.delete_track(track_id)
        self._reload_tracks()
        return kept

    def restore_track(self, track: SoundTrack, clips: Sequence[AudioClip],
                      cues: Sequence[SubtitleCue]) -> None:
        with self.db.transaction():
            self.repo.put_track(track)
            self.repo.put_clips(clips)
            self.repo.put_cues(cues)
        self._reload_tracks()

    def _reload_tracks(self) -> None:
        self._tracks = self.repo.tracks(self.project_id)
        ids = {t.id for t in self._tracks}
        for t in self._tracks:
            if t.kind == "audio":
                self._clips[t.id] = self.repo.clips(t.id)
            else:
                self._cues[t.id] = self.repo.cues(t.id)
        for gone in set(self._clips) - ids:
            del self._clips[gone]
        for gone in set(self._cues) - ids:
            del self._cues[gone]
        self.tracks_changed.emit()

    # -- clips ----------------------------------------------------------------------------
    def put_clips(self, clips: Sequence[AudioClip]) -> None:
        """Add or replace clips (a clip may move between tracks)."""
        was_on = {t for t in (self._track_of(c.id) for c in clips) if t}
        self.repo.put_clips(clips)
        touched = {c.track_id for c in clips} | was_on
        for track_id in touched:
            self._clips[track_id] = self.repo.clips(track_id)
            self.clips_changed.emit(track_id)

    def remove_clips(self, clip_ids: Sequence[str]) -> list[AudioClip]:
        gone = [c for c in (self.clip(i) for i in clip_ids) if c is not None]
        self.repo.delete_clips([c.id for c in gone])
        for track_id in {c.track_id for c in gone}:
            self._clips[track_id] = self.repo.clips(track_id)
            self.clips_changed.emit(track_id)
        return gone

    def _track_of(self, clip_id: str) -> str | None:
        clip = self.clip(clip_id)
        return clip.track_id if clip else None

    # -- cues -----------------------------------------------------------------------------
    def put_cues(self, cues: Sequence[SubtitleCue]) -> None:
        """Add or replace cues (a cue may move between subtitle tracks)."""
        ids = {c.id for c in cues}
        was_on = {t for t, qs in self._cues.items() if any(q.id in ids for q in qs)}
        self.repo.put_cues(cues)
        for track_id in {c.track_id for c in cues} | was_on:
            self._cues[track_id] = self.repo.cues(track_id)
            self.cues_changed.emit(track_id)

    def remove_cues(self, track_id: str, cue_ids: Sequence[str]) -> list[SubtitleCue]:
        wanted = set(cue_ids)
        gone = [q for q in self.cues(track_id) if q.id in wanted]
        self.repo.delete_cues([q.id for q in gone])
        self._cues[track_id] = self.repo.cues(track_id)
        self.cues_changed.emit(track_id)
        return gone

    # -- changes made by another process ----------------------------------------------------
    def sync_from_library(self) -> bool:
        """Re-read everything; emit for what differs. True when anything did."""
        tracks = self.repo.tracks(self.project_id)
        changed = False
        if tracks != self._tracks:
            self._reload_tracks()
            return True
        for t in tracks:
            if t.kind == "audio":
                fresh = self.repo.clips(t.id)
                if fresh != self._clips.get(t.id):
                    self._clips[t.id] = fresh
                    self.clips_changed.emit(t.id)
                    changed = True
            else:
                fresh_cues = self.repo.cues(t.id)
                if fresh_cues != self._cues.get(t.id):
                    self._cues[t.id] = fresh_cues
                    self.cues_changed.emit(t.id)
                    changed = True
        return changed
