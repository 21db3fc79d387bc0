"""Landing the results of sound and words jobs: an audio file becomes a clip on its track at
the film time the user chose, timed text becomes cues on a subtitle track (moved from the
take's time to the film's), and any other file (an EDL, a narrated film) is saved beside the
project. Each landing happens once: a clip is keyed by its job (app.services.soundtrack finds
a clip that job already placed), cues are written in the same transaction as the job's `done`,
and a file is found where it was saved."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable
from pathlib import Path

from app.interchange.subtitle_files import SubtitleFileError
from app.interchange.timed_text import parse_timed_text, place
from app.paths import Paths
from app.services.project_document import ProjectDocument
from app.services.queue.job_store import JobStore
from app.services.queue.jobs import Job, JobState
from app.storage.database import Database

CLIP_SOURCE = {"tts": "tts", "viddyscribe": "description"}


class LandingError(ValueError):
    """The result cannot be placed as asked; the message says why in the user's terms."""


class SoundLanding:
    def __init__(self, db: Database, paths: Paths,
                 document: Callable[[], ProjectDocument | None]) -> None:
        self.db = db
        self.paths = paths
        self.document = document

    def _doc(self, project_id: str) -> ProjectDocument | None:
        doc = self.document()
        return doc if doc is not None and doc.project.id == project_id else None

    async def land(self, store: JobStore, job: Job, media: Path, *,
                   owner: str | None) -> Job:
        """Place `media` where `job.landing` says and mark the job done."""
        from app.services import soundtrack

        landing = job.landing
        done = {"finished": None, "percent": 100.0, "last_error": None, "as_owner": owner}
        if landing.kind == "audio":
            source = "tts" if job.model == "tts" else CLIP_SOURCE.get(job.provider, "generated")
            try:
                clip = await soundtrack.add_audio_clip(
                    self.db, self.paths, job.project_id, landing.track or "Music", media,
                    landing.at_seconds, name=landing.label or None, source=source,
                    job_id=job.id, document=self._doc(job.project_id))
            except soundtrack.SoundError as exc:
                raise LandingError(str(exc)) from exc
            self._trim(job, clip)
            return await self.db.write(_done, store, job, clip.media_path, done)
        if landing.kind == "subtitles":
            text = await asyncio.to_thread(media.read_text, "utf-8", "replace")
            try:
                cues = place(parse_timed_text(text), landing.at_seconds, landing.source_in,
                             landing.source_out)
            except SubtitleFileError as exc:
                raise LandingError(f"its subtitles could not be read: {exc}") from exc
            with self.db.transaction():  # the cues and `done` together, or neither
                try:
                    soundtrack.add_subtitle_cues(
                        self.db, job.project_id, cues, landing.track or soundtrack.SUBTITLES,
                        replace=landing.replace, document=self._doc(job.project_id))
                except soundtrack.SoundError as exc:
                    raise LandingError(str(exc)) from exc
                return _done(store, job, str(media), done)
        if landing.kind == "file":
            dest = await asyncio.to_thread(self._file, job, media)
            return await self.db.write(_done, store, job, str(dest), done)
        raise LandingError(f"a {landing.kind} result is not placed here")

    def _trim(self, job: Job, clip) -> None:
        """A description of a whole take plays only the part of it the cut plays."""
        landing = job.landing
        if landing.source_in <= 0 and landing.source_out is None:
            return
        src_out = landing.source_out
        if clip.media_duration is not None and src_out is not None:
            src_out = min(src_out, clip.media_duration)
        if src_out is not None and src_out <= landing.source_in:
            return  # the file is shorter than the cut's in point: leave it whole
        if (clip.src_in, clip.src_out) == (landing.source_in, src_out):
            return
        trimmed = clip.model_copy(update={"src_in": landing.source_in, "src_out": src_out})
        doc = self._doc(job.project_id)
        if doc is not None:
            doc.sound.put_clips([trimmed])
        else:
            from app.storage.sound_tracks import SoundTrackRepository

            SoundTrackRepository(self.db).put_clips([trimmed])

    def _file(self, job: Job, media: Path) -> Path:
        folder = self.paths.project(job.project_id)
        folder.mkdir(parents=True, exist_ok=True)
        dest = folder / Path(job.landing.file_name or media.name).name  # never outside it
        if dest.exists() and dest.stat().st_size == media.stat().st_size:
            return dest  # saved by an earlier attempt
        part = dest.with_name(dest.name + ".part")
        shutil.copyfile(media, part)
        part.replace(dest)
        return dest


def _done(store: JobStore, job: Job, media_path: str, fields: dict) -> Job:
    from app.domain.ids import now

    owner = fields.pop("as_owner")
    return store.transition(job.id, JobState.DONE, media_path=media_path, as_owner=owner,
                            **{**fields, "finished": now()})
