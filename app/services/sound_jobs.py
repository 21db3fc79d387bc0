"""Sound and words as queue jobs, for the studio and the CLI alike: platform music/SFX, TTS
narration, Whisper subtitles (of a take or of the whole film), their translation, burning them
into a take; and ViddyScribe audio description of a take or of the film.

Each maker returns a JobSpec: what to send, and where its result lands (a clip on an audio
track at a film time, cues on a subtitle track, a new take, or a file beside the project).
`quote` prices specs without sending anything; `send` queues them (priced, budget-checked,
written before anything is sent — the queue's rules for every paid job).

"Where" is a Placement: at the playhead, or under a shot (its start in the cut). For a take's
subtitles or description the result is timed in the take, so it is moved to the shot's start
and cut to the part of the take the film plays."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.domain import Shot, Take
from app.domain.soundtrack import DESCRIPTION, MUSIC, NARRATION, SUBTITLES
from app.providers.base import CostEstimate, GenerationRequest, MediaInput
from app.services import soundtrack
from app.services.project_document import ProjectDocument
from app.services.queue import Job, JobSpec, JobState, Queue
from app.services.queue.landing import Landing

PLATFORM = "platform"
VIDDYSCRIBE = "viddyscribe"
DESCRIBE_KINDS = ("text", "audio", "video")


class SoundJobError(ValueError):
    """Something to fix before anything is sent; one line that says what and how."""


@dataclass(frozen=True)
class Placement:
    """Where a clip goes in film time: at `seconds` (the playhead), or under `shot_id`."""

    seconds: float = 0.0
    shot_id: str | None = None

    def resolve(self, doc: ProjectDocument | None) -> float:
        if self.shot_id is None:
            if self.seconds < 0:
                raise SoundJobError(f"the time must be 0 or more seconds (got {self.seconds:g})")
            return round(self.seconds, 6)
        if doc is None:
            raise SoundJobError("open the project to place a clip under a shot")
        return shot_start(doc, self.shot_id)


def shot_start(doc: ProjectDocument, shot_id: str) -> float:
    ids = doc.shots.ids()
    if shot_id not in ids:
        raise SoundJobError("that shot is no longer in the project")
    return round(doc.cut_starts()[ids.index(shot_id)], 6)


def shot_number(doc: ProjectDocument, number: int) -> Shot:
    """The `number`-th shot (1-based), or a message naming the range."""
    count = len(doc.shots)
    if not count:
        raise SoundJobError(f"project {doc.project.name!r} has no shots")
    if not 1 <= number <= count:
        raise SoundJobError(f"shot number must be between 1 and {count} (got {number})")
    return doc.shots[number - 1]


def take_of(doc: ProjectDocument, shot: Shot) -> Take:
    """The take that plays `shot` in the cut, with its file; a message when there is none."""
    from app.services.exporting import playable_take

    take, problem = playable_take(doc, shot)
    if take is None or not take.media_path:
        title = f" “{shot.title}”" if shot.title.strip() else ""
        raise SoundJobError(f"shot{title} has {problem or 'no take'}: generate or import a take "
                            "first")
    return take


def _track(db, project_id: str, name: str, kind: str) -> str:
    try:
        return soundtrack.require_track(db, project_id, name, kind).name  # type: ignore[arg-type]
    except soundtrack.SoundError as exc:
        raise SoundJobError(str(exc)) from exc


class SoundJobs:
    def __init__(self, queue: Queue) -> None:
        self.queue = queue
        self.db = queue.studio.db
        self.studio = queue.studio

    # -- platform music and speech ----------------------------------------------------------
    def music(self, doc: ProjectDocument, prompt: str, seconds: float, *, tags: str = "",
              track: str = MUSIC, where: Placement = Placement()) -> JobSpec:
        name = _track(self.db, doc.project.id, track, "audio")
        request = GenerationRequest(model="audio", prompt=prompt,
                                    params={"duration_seconds": seconds, "tags": tags})
        landing = Landing(kind="audio", track=name, at_seconds=where.resolve(doc),
                          label=f"Music: {_short(prompt)}")
        return JobSpec(doc.project.id, where.shot_id, PLATFORM, request, landing)

    def speech(self, doc: ProjectDocument, text: str, voice: str, *, speed: float = 1.0,
               track: str = NARRATION, where: Placement = Placement()) -> JobSpec:
        name = _track(self.db, doc.project.id, track, "audio")
        request = GenerationRequest(model="tts", prompt=text,
                                    params={"voice_id": voice, "speed": speed})
        landing = Landing(kind="audio", track=name, at_seconds=where.resolve(doc),
                          label=f"TTS: {_short(text)}")
        return JobSpec(doc.project.id, where.shot_id, PLATFORM, request, landing)

    async def voices(self) -> list[tuple[str, str]]:
        """The platform's TTS voices (id, description), for a picker."""
        adapter = self.queue.provider(PLATFORM)
        return await adapter.sound.voices()  # type: ignore[attr-defined]

    # -- platform subtitles -----------------------------------------------------------------
    async def subtitles_for_shot(self, doc: ProjectDocument, shot: Shot, *,
                                 language: str = "en", track: str = SUBTITLES) -> JobSpec:
        take = take_of(doc, shot)
        name = _track(self.db, doc.project.id, track, "subtitle")
        span = doc.cut_span(shot)
        video = await self._platform_video(take)
        request = GenerationRequest(model="subtitles", params={"language": language},
                                    inputs=[video])
        landing = Landing(kind="subtitles", track=name, at_seconds=shot_start(doc, shot.id),
                          source_in=span.start, source_out=span.end,
                          label=f"Subtitles of {_shot_label(doc, shot)}")
        return JobSpec(doc.project.id, shot.id, PLATFORM, request, landing)

    def subtitles_for_film(self, doc: ProjectDocument, film: Path, *, language: str = "en",
                           track: str = SUBTITLES) -> JobSpec:
        name = _track(self.db, doc.project.id, track, "subtitle")
        request = GenerationRequest(model="subtitles", params={"language": language},
                                    inputs=[MediaInput(role="video", path=str(film))])
        landing = Landing(kind="subtitles", track=name, label="Subtitles of the film")
        return JobSpec(doc.project.id, None, PLATFORM, request, landing)

    def last_subtitles(self, project_id: str, shot_id: str | None = None) -> tuple[Job, str]:
        """The newest finished platform subtitle job of the project (of `shot_id`, when
        given) and the subtitle file the platform holds for it."""
        jobs = [j for j in self.queue.store.list(project_id=project_id, states=[JobState.DONE])
                if j.provider == PLATFORM and j.model in ("subtitles", "subtitles-translate")
                and (shot_id is None or j.shot_id == shot_id) and j.handle is not None
                and j.handle.extra.get("file")]
        if not jobs:
            where = "this shot" if shot_id else "this project"
            raise SoundJobError(f"the platform has made no subtitles for {where} yet: run "
                                "`subtitles generate` (Sound → Subtitles from the Platform…) "
                                "first")
        newest = max(jobs, key=lambda j: j.finished or j.updated)
        return newest, str(newest.handle.extra["file"])  # type: ignore[union-attr]

    def translation(self, doc: ProjectDocument, to: str, *, shot_id: str | None = None
                    ) -> JobSpec:
        source, srt = self.last_subtitles(doc.project.id, shot_id)
        track = f"{SUBTITLES} ({to})"
        existing = soundtrack.find_track(self.db, doc.project.id, track, "subtitle")
        if existing is None or existing.name.casefold() != track.casefold():
            soundtrack.add_track(self.db, doc.project.id, track, "subtitle", document=doc)
        request = GenerationRequest(model="subtitles-translate",
                                    params={"srt_filename": srt, "target_language": to})
        landing = source.landing.model_copy(update={
            "track": track, "replace": True, "label": f"Subtitles translated into {to}"})
        return JobSpec(doc.project.id, source.shot_id, PLATFORM, request, landing)

    async def burn(self, doc: ProjectDocument, shot: Shot, *, style: str = "default"
                   ) -> JobSpec:
        take = take_of(doc, shot)
        _, srt = self.last_subtitles(doc.project.id, shot.id)
        video = await self._platform_video(take)
        request = GenerationRequest(model="subtitles-burn", prompt=take.prompt,
                                    params={"srt_filename": srt, "style": style},
                                    inputs=[video])
        return JobSpec(doc.project.id, shot.id, PLATFORM, request,
                       Landing(label=f"Subtitles burned into {_shot_label(doc, shot)}"))

    async def _platform_video(self, take: Take) -> MediaInput:
        """The take as a video input: the file the platform holds when it made the take,
        else the local file (uploaded when the job is sent)."""
        name = take.remote_ids.get("platform_filename")
        if not name and take.provider == PLATFORM and take.remote_ids.get("remote_id"):
            with contextlib.suppress(Exception):  # unreachable now: the file is uploaded
                adapter = self.queue.provider(PLATFORM)
                name = await adapter.edit_tools.source_name(  # type: ignore[attr-defined]
                    take.remote_ids, take.provider, "the take")
        return MediaInput(role="video", path=take.media_path, remote_id=name or None)

    # -- ViddyScribe audio description ------------------------------------------------------
    def describe_shot(self, doc: ProjectDocument, shot: Shot, kind: str,
                      options: dict[str, Any]) -> JobSpec:
        take = take_of(doc, shot)
        return self._describe(doc, shot, MediaInput(role="video", path=take.media_path), kind,
                              options, label=_shot_label(doc, shot))

    def describe_film(self, doc: ProjectDocument, film: Path | str, kind: str,
                      options: dict[str, Any]) -> JobSpec:
        source = str(film)
        video = (MediaInput(role="video", url=source) if source.startswith("https://")
                 else MediaInput(role="video", path=source))
        return self._describe(doc, None, video, kind, options, label="the film")

    def _describe(self, doc: ProjectDocument, shot: Shot | None, video: MediaInput, kind: str,
                  options: dict[str, Any], *, label: str) -> JobSpec:
        if kind not in DESCRIBE_KINDS:
            raise SoundJobError(f"the output must be one of {', '.join(DESCRIBE_KINDS)}")
        params = {k: v for k, v in options.items() if v not in (None, "")}
        fmt = str(params.get("format") or "vtt")
        at, src_in, src_out = 0.0, 0.0, None
        if shot is not None:
            span = doc.cut_span(shot)
            at, src_in, src_out = shot_start(doc, shot.id), span.start, span.end
        stamp = time.strftime("%Y%m%d-%H%M%S")
        stem = f"description-{'shot' + str(doc.shots.ids().index(shot.id) + 1) if shot else 'film'}"
        if kind == "text" and fmt == "edl":
            landing = Landing(kind="file", output="text", file_name=f"{stem}-{stamp}.edl",
                              label=f"Description EDL of {label}")
        elif kind == "text":
            landing = Landing(kind="subtitles",
                              track=_track(self.db, doc.project.id, DESCRIPTION, "subtitle"),
                              at_seconds=at, source_in=src_in, source_out=src_out,
                              label=f"Description text of {label}")
        elif kind == "audio":
            landing = Landing(kind="audio",
                              track=_track(self.db, doc.project.id, DESCRIPTION, "audio"),
                              at_seconds=at, source_in=src_in, source_out=src_out,
                              label=f"Description audio of {label}")
        elif shot is not None:
            landing = Landing(label=f"Narrated {label}")  # a new take of that shot
        else:
            landing = Landing(kind="file", output="video",
                              file_name=f"{stem}-narrated-{stamp}.mp4",
                              label="Narrated film")
        request = GenerationRequest(model=kind, params=params, inputs=[video])
        return JobSpec(doc.project.id, shot.id if shot else None, VIDDYSCRIBE, request, landing)

    # -- pricing and sending ---------------------------------------------------------------
    async def quote(self, specs: Sequence[JobSpec]) -> list[CostEstimate]:
        """Validated and priced; nothing is sent (MissingKey when a service has no key)."""
        return await self.queue.estimate(specs)

    async def send(self, specs: Sequence[JobSpec]) -> list[Job]:
        return await self.queue.enqueue(specs)

    # -- the film, for the jobs that take it -------------------------------------------
    async def export_preview(self, doc: ProjectDocument, on_progress=None, cancel=None) -> Path:
        """The cut exported small (480p, missing shots as their cards) into the project's
        folder, where it stays until the job that uploads it has run."""
        from app.services.exporting import export_film

        folder = self.studio.paths.project(doc.project.id) / "previews"
        folder.mkdir(parents=True, exist_ok=True)
        out = folder / f"film-preview-{time.strftime('%Y%m%d-%H%M%S')}.mp4"
        done = await export_film(doc, out, preset="480p", fill_missing=True,
                                 work_dir=self.studio.paths.cache / "exports",
                                 on_progress=on_progress, cancel=cancel)
        return Path(done.path)


def _short(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _shot_label(doc: ProjectDocument, shot: Shot) -> str:
    number = doc.shots.ids().index(shot.id) + 1
    title = shot.title.strip()
    return f"shot {number} “{title}”" if title else f"shot {number}"


def price_of(spec: JobSpec) -> CostEstimate:
    """What a platform sound job costs by the published prices, worked out here without
    asking anything (the dialogs show it as the user types); ViddyScribe's is its plan."""
    from app.providers.platform.sound import is_sound_job, price

    if spec.provider == VIDDYSCRIBE:
        return CostEstimate(amount=None, basis="ViddyScribe bills per plan allocation",
                            billed_by_service=True)
    if not is_sound_job(spec.request.model):
        raise SoundJobError(f"{spec.request.model!r} is not a sound job")
    from app.providers.platform.sound import job

    params = job(spec.request.model).params.model_validate(spec.request.params)
    return price(spec.request, params)
