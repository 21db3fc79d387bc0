"""A project's audio and subtitle tracks, their audio clips and subtitle cues."""

from __future__ import annotations

from collections.abc import Iterable

from app.domain.soundtrack import AudioClip, SoundTrack, SubtitleCue
from app.storage.database import Database


class SoundTrackRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- tracks ---------------------------------------------------------------------------
    def tracks(self, project_id: str) -> list[SoundTrack]:
        rows = self.db.conn.execute(
            "SELECT data FROM sound_tracks WHERE project_id = ? ORDER BY position, rowid",
            (project_id,)).fetchall()
        return [SoundTrack.model_validate_json(r[0]) for r in rows]

    def track(self, track_id: str) -> SoundTrack | None:
        row = self.db.conn.execute("SELECT data FROM sound_tracks WHERE id = ?",
                                   (track_id,)).fetchone()
        return SoundTrack.model_validate_json(row[0]) if row else None

    def put_track(self, track: SoundTrack) -> None:
        with self.db.transaction() as c:
            c.execute(
                "INSERT INTO sound_tracks (id, project_id, kind, name, position, data)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name,"
                " position = excluded.position, data = excluded.data",
                (track.id, track.project_id, track.kind, track.name, track.position,
                 track.model_dump_json()))

    def delete_track(self, track_id: str) -> None:
        """The track and (by cascade) its clips and cues; callers keep them for undo."""
        with self.db.transaction() as c:
            c.execute("DELETE FROM sound_tracks WHERE id = ?", (track_id,))

    # -- audio clips ----------------------------------------------------------------------
    def clips(self, track_id: str) -> list[AudioClip]:
        rows = self.db.conn.execute(
            "SELECT data FROM audio_clips WHERE track_id = ? ORDER BY start, rowid",
            (track_id,)).fetchall()
        return [AudioClip.model_validate_json(r[0]) for r in rows]

    def clip(self, clip_id: str) -> AudioClip | None:
        row = self.db.conn.execute("SELECT data FROM audio_clips WHERE id = ?",
                                   (clip_id,)).fetchone()
        return AudioClip.model_validate_json(row[0]) if row else None

    def put_clips(self, clips: Iterable[AudioClip]) -> None:
        with self.db.transaction() as c:
            c.executemany(
                "INSERT INTO audio_clips (id, track_id, start, data) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET track_id = excluded.track_id,"
                " start = excluded.start, data = excluded.data",
                [(k.id, k.track_id, k.start, k.model_dump_json()) for k in clips])

    def delete_clips(self, clip_ids: Iterable[str]) -> None:
        with self.db.transaction() as c:
            c.executemany("DELETE FROM audio_clips WHERE id = ?", [(i,) for i in clip_ids])

    # -- subtitle cues --------------------------------------------------------------------
    def cues(self, track_id: str) -> list[SubtitleCue]:
        rows = self.db.conn.execute(
            "SELECT data FROM subtitle_cues WHERE track_id = ? ORDER BY start, rowid",
            (track_id,)).fetchall()
        return [SubtitleCue.model_validate_json(r[0]) for r in rows]

    def put_cues(self, cues: Iterable[SubtitleCue]) -> None:
        with self.db.transaction() as c:
            c.executemany(
                "INSERT INTO subtitle_cues (id, track_id, start, data) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET track_id = excluded.track_id,"
                " start = excluded.start, data = excluded.data",
                [(k.id, k.track_id, k.start, k.model_dump_json()) for k in cues])

    def delete_cues(self, cue_ids: Iterable[str]) -> None:
        with self.db.transaction() as c:
            c.executemany("DELETE FROM subtitle_cues WHERE id = ?", [(i,) for i in cue_ids])
