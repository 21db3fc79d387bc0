"""Exporting the open project as one film, for the export dialog and `reelroom-cli export`.

The timeline decides the film: every shot in its order, played by its selected take (or, when
none is selected, its newest take that is not rejected). A shot with nothing playable is either
left out — and said so by name — or, when the user asks, stood in for by its animatic card
rendered at the export's size, so a half-generated storyboard still cuts together. A shot's
`transition` is how it hands over to the next shot.

Remote destinations (the studio platform's project export, Tellers' project export) go through
their adapters; this module only decides what to send and reports progress the same way.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from app.domain import Project, Shot, Take
from app.domain.cut import TRANSITION_SECONDS, CutSpan, cut_span, film_starts, join_overlaps
from app.domain.enums import Transition
from app.media.animatic import AnimaticCard, render_card
from app.media.errors import MediaCancelled
from app.media.export import ExportClip, ExportResult, export_project, plan_export
from app.media.export_settings import PRESETS, ExportSettings
from app.media.mix import FinishPlan, finish_film
from app.media.progress import ProgressInfo
from app.providers.platform.projects import export_credits
from app.services.project_document import ProjectDocument
from app.services.take_lengths import refreshed

OUTPUT_SUFFIXES = (".mp4", ".mov", ".m4v", ".mkv")
# Share of the progress bar the animatic cards take when some must be rendered first.
_CARDS_SHARE = 0.2

# Of the encoding's progress bar, what the picture takes when a mix pass follows.
_PICTURE_SHARE = 0.6

Stage = Literal["cards", "encoding", "remote", "download"]


class ExportError(Exception):
    """Something the user can fix before exporting; the message says what and how."""


class ExportCancelled(ExportError):
    """The user cancelled; nothing was written at the output path."""


@dataclass(frozen=True)
class ShotClip:
    """One timeline shot as the export sees it."""

    number: int  # 1-based position on the timeline
    shot: Shot
    take: Take | None  # the take that plays, None when the shot has nothing playable
    problem: str | None = None  # why there is no take to play

    @property
    def label(self) -> str:
        title = self.shot.title.strip()
        return f"shot {self.number} “{title}”" if title else f"shot {self.number}"

    @property
    def path(self) -> Path | None:
        return Path(self.take.media_path) if self.take and self.take.media_path else None

    @property
    def span(self) -> CutSpan:
        return cut_span(self.shot, self.take)

    @property
    def seconds(self) -> float:
        """How long the shot plays in the cut (app.domain.cut: the one length rule)."""
        return self.span.length


@dataclass(frozen=True)
class ExportSummary:
    project: Project
    shots: tuple[ShotClip, ...]

    @property
    def ready(self) -> tuple[ShotClip, ...]:
        return tuple(s for s in self.shots if s.take is not None)

    @property
    def missing(self) -> tuple[ShotClip, ...]:
        return tuple(s for s in self.shots if s.take is None)

    def included(self, fill_missing: bool) -> tuple[ShotClip, ...]:
        return self.shots if fill_missing else self.ready

    def running_time(self, fill_missing: bool = False) -> float:
        """Length of the film: where the last included shot ends (app.domain.cut)."""
        return film_starts(*_timing(self.included(fill_missing)))[-1]

    def missing_message(self, fill_missing: bool = False) -> str:
        """One sentence on the shots without a take ("" when there are none)."""
        missing = self.missing
        if not missing:
            return ""
        names = ", ".join(s.label for s in missing)
        if fill_missing:
            return f"{names}: no take yet — the animatic card stands in."
        verb = "has" if len(missing) == 1 else "have"
        return (f"{names} {verb} no take and will be left out (generate a take, or fill with "
                "the animatic card).")


@dataclass(frozen=True)
class ExportProgress:
    stage: Stage
    fraction: float | None  # 0..1 of the whole export, None while unknown
    eta: float | None  # seconds left, None while unknown
    message: str


ProgressHandler = Callable[[ExportProgress], None]


@dataclass(frozen=True)
class FilmExport:
    path: Path
    # what the file is, when it was probed (a service's render is taken as it comes)
    duration: float | None = None
    width: int | None = None
    height: int | None = None
    has_audio: bool | None = None
    skipped: tuple[ShotClip, ...] = ()  # shots left out (no take)
    filled: tuple[ShotClip, ...] = ()  # shots played by their animatic card
    result: ExportResult | None = field(default=None, repr=False)  # local exports only
    mixed: bool = False  # the sound tracks were mixed in (or the loudness set)
    subtitles: str = "none"  # how the words went out: soft | burn | sidecar | none
    sidecar: Path | None = None  # the subtitle file written beside the film


def platform_export_credits(clips: int) -> int:
    """About what the studio platform charges to export `clips` clips."""
    return export_credits(clips)


def _timing(clips: Sequence[ShotClip]) -> tuple[list[float], dict[int, Transition]]:
    """What the length rule reads of the included shots: lengths, and the joins that are not
    cuts (a shot left out hands over to the next included one)."""
    return ([c.seconds for c in clips],
            {i: c.shot.transition for i, c in enumerate(clips)
             if c.shot.transition is not Transition.CUT})


def playable_take(doc: ProjectDocument, shot: Shot) -> tuple[Take | None, str | None]:
    """(take, None) for the take that plays `shot`, or (None, why not)."""
    takes = doc.takes(shot.id)
    chosen = next((t for t in takes if t.id == shot.selected_take_id), None)
    if chosen is None:
        usable = [t for t in takes if not t.rejected and t.media_path]
        chosen = usable[-1] if usable else None
    if chosen is None:
        return None, "no take yet" if not takes else "no take selected"
    if not chosen.media_path:
        return None, f"take {chosen.number} has no file"
    if not Path(chosen.media_path).is_file():
        return None, f"take {chosen.number}'s file is missing ({chosen.media_path})"
    return chosen, None


def collect(doc: ProjectDocument) -> ExportSummary:
    shots = []
    for number, shot in enumerate(doc.shots, start=1):
        take, problem = playable_take(doc, shot)
        shots.append(ShotClip(number, shot, take, problem))
    return ExportSummary(doc.project, tuple(shots))


def settings_for(project: Project, preset: str) -> ExportSettings:
    if preset not in PRESETS:
        raise ExportError(f"preset must be one of {', '.join(PRESETS)} (got {preset!r})")
    try:
        return ExportSettings.from_preset(preset, project.aspect, fps=project.fps)
    except ValueError as exc:
        raise ExportError(f"project {project.name!r}: {exc}") from exc


def check_output(output: Path, summary: ExportSummary) -> Path:
    output = Path(output).expanduser()
    if output.suffix.lower() not in OUTPUT_SUFFIXES:
        raise ExportError(
            f"the film must be saved as {', '.join(OUTPUT_SUFFIXES)} (got {output.name!r}); "
            "choose a file name ending in .mp4"
        )
    if output.is_dir():
        raise ExportError(f"{output} is a folder; choose a file name such as film.mp4")
    for clip in summary.ready:
        if clip.path is not None and clip.path.resolve() == output.resolve():
            raise ExportError(f"{output.name} is {clip.label}'s take; choose another file")
    return output


def _check_included(summary: ExportSummary, fill_missing: bool) -> tuple[ShotClip, ...]:
    if not summary.shots:
        raise ExportError(f"project {summary.project.name!r} has no shots; add shots first")
    included = summary.included(fill_missing)
    if not included:
        raise ExportError(
            f"no shot of {summary.project.name!r} has a take to export; generate takes "
            "(Queue) or fill the shots with their animatic cards"
        )
    return included


async def export_film(
    doc: ProjectDocument,
    output: Path,
    *,
    preset: str = "720p",
    fill_missing: bool = False,
    work_dir: Path | None = None,
    on_progress: ProgressHandler | None = None,
    cancel: asyncio.Event | None = None,
    subtitles: str = "none",
    loudness: str = "auto",
    duck: bool = True,
    subtitle_track: str = "Subtitles",
    sidecar_format: str = "srt",
) -> FilmExport:
    """Export the project's timeline to `output` on this computer.

    The sound tracks are mixed in (app.services.film_mix): `loudness` is "-14", "-23", "off"
    or "auto" (-14 when there is anything to mix); `duck` lowers music under the voices.
    `subtitles` (soft | burn | sidecar | none) says what becomes of `subtitle_track`."""
    from app.services.film_mix import check_options, finish_plan, write_sidecar

    check_options(subtitles, loudness, sidecar_format)
    summary = collect(doc)
    settings = settings_for(summary.project, preset)
    output = check_output(output, summary)
    included = _check_included(summary, fill_missing)
    # a take stored with its container's length plays its picture's (app.services.take_lengths)
    takes = await refreshed(doc, [c.take for c in included])
    included = tuple(dataclasses.replace(c, take=t) for c, t in zip(included, takes,
                                                                      strict=True))
    report = on_progress or (lambda _p: None)
    cards_needed = [c for c in included if c.take is None]
    share = _CARDS_SHARE if cards_needed else 0.0
    if work_dir is not None:
        work_dir.mkdir(parents=True, exist_ok=True)
    # cards are rendered beside the library's cache, not next to the user's film
    scratch = Path(tempfile.mkdtemp(prefix="reelroom-export-", dir=work_dir))
    try:
        cards = await _render_cards(cards_needed, settings, scratch, report, share, cancel)
        paths = [cards.get(c.number) or c.path for c in included]
        clips = _clips(included, paths)
        plan = await plan_export(clips, settings)
        report(ExportProgress("encoding", share, None,
                              f"Encoding {len(clips)} shot(s) ({plan.reason})"))

        def encoding(p: ProgressInfo) -> None:
            frac = None if p.fraction is None else share + (1 - share) * p.fraction
            report(ExportProgress("encoding", frac, p.eta, f"Encoding: {p.out_time:.1f} of "
                                  f"{plan.expected_duration:.1f} s"))

        finish: FinishPlan = finish_plan(doc, included, plan, subtitles, loudness, duck,
                                         subtitle_track, scratch)
        if finish.needed:
            picture_share = share + (1 - share) * _PICTURE_SHARE
            # .mov: it holds the picture pass's PCM sound, and keeps the picture's own time base
            # for the copy into the film (Matroska would round it to milliseconds)
            picture = scratch / "picture.mov"
            result = await export_project(plan, picture, intermediate=True, on_progress=_scaled(
                encoding, _PICTURE_SHARE), cancel=cancel)
            finish = finish_plan(doc, included, plan, subtitles, loudness, duck,
                                 subtitle_track, scratch, duration=result.duration,
                                 take_audio=result.has_audio)
            report(ExportProgress("encoding", picture_share, None, _finish_words(finish)))

            def finishing(p: ProgressInfo) -> None:
                frac = None if p.fraction is None else \
                    picture_share + (1 - picture_share) * p.fraction
                report(ExportProgress("encoding", frac, p.eta, f"{_finish_words(finish)}: "
                                      f"{p.out_time:.1f} of {finish.mix.duration:.1f} s"))

            await finish_film(picture, finish, output, settings, on_progress=finishing,
                              cancel=cancel)
            result = dataclasses.replace(result, path=output)
        else:
            result = await export_project(plan, output, on_progress=encoding, cancel=cancel)
        sidecar = None
        if subtitles == "sidecar":
            sidecar = write_sidecar(doc, output, subtitle_track, sidecar_format,
                                    result.duration)
    except MediaCancelled as exc:
        raise ExportCancelled(f"export to {output.name} cancelled; nothing was written") from exc
    except ValueError as exc:  # a plan the media engine refuses (e.g. a clip too short)
        raise ExportError(str(exc)) from exc
    finally:
        await asyncio.to_thread(shutil.rmtree, scratch, True)
    report(ExportProgress("encoding", 1.0, 0.0, f"Exported {output.name}"))
    return FilmExport(
        path=result.path,
        duration=result.duration,
        width=result.width,
        height=result.height,
        has_audio=result.has_audio,
        skipped=() if fill_missing else summary.missing,
        filled=tuple(cards_needed),
        result=result,
        mixed=finish.mix.needed,
        subtitles=subtitles,
        sidecar=sidecar,
    )


def _scaled(callback, part: float):
    """The picture pass is only `part` of the encoding when a mix pass follows it."""

    def inner(p: ProgressInfo) -> None:
        callback(p if p.fraction is None else dataclasses.replace(p, fraction=part * p.fraction))

    return inner


def _finish_words(finish: FinishPlan) -> str:
    bits = []
    if finish.mix.needed:
        bits.append("Mixing the sound")
    if finish.subtitles.mode == "burn":
        bits.append("burning in the subtitles")
    elif finish.subtitles.mode == "soft":
        bits.append("adding the subtitles")
    text = " and ".join(bits)
    return text[:1].upper() + text[1:]


def _clips(included: Sequence[ShotClip], paths: Sequence[Path | None]) -> list[ExportClip]:
    clips = []
    overlaps = join_overlaps(*_timing(included))  # the one rule (app.domain.cut)
    for i, (clip, path) in enumerate(zip(included, paths, strict=True)):
        assert path is not None
        t = overlaps.get(i, 0.0)
        kind = clip.shot.transition.value if t else "cut"
        span = clip.span if clip.take is not None else None
        clips.append(ExportClip(path, transition_to_next=kind,  # type: ignore[arg-type]
                                transition_seconds=t or TRANSITION_SECONDS,
                                start=span.start if span else 0.0,
                                length=span.length if span else None))
    return clips


async def _render_cards(
    shots: Sequence[ShotClip],
    settings: ExportSettings,
    folder: Path,
    report: ProgressHandler,
    share: float,
    cancel: asyncio.Event | None,
) -> dict[int, Path]:
    made: dict[int, Path] = {}
    for i, clip in enumerate(shots):
        report(ExportProgress("cards", share * i / len(shots), None,
                              f"Rendering the animatic card for {clip.label}"))
        s = clip.shot
        card = AnimaticCard(
            shot_number=clip.number, title=s.title, prompt=s.prompt, duration=s.duration,
            shot_type=str(s.shot_type.value), camera_move=str(s.camera_move.value),
        )
        made[clip.number] = await render_card(
            card, folder / f"card-{clip.number:04d}.mp4", width=settings.width,
            height=settings.height, fps=settings.fps, cancel=cancel,
        )
    return made


# -- remote destinations -------------------------------------------------------------------

PLATFORM_RESOLUTION = {"480p": "480p", "720p": "720p", "1080p": "1080p", "4k": "4K"}


async def _until_cancelled(work: asyncio.Future, cancel: asyncio.Event | None, dest: Path):
    """Await `work`; when `cancel` is set first, stop it and remove what it left at `dest`."""
    if cancel is None:
        return await work
    waiter = asyncio.ensure_future(cancel.wait())
    try:
        done, _ = await asyncio.wait({work, waiter}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiter.cancel()
    if work in done:
        return work.result()
    work.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await work
    for leftover in (dest, dest.with_name(dest.name + ".part")):
        leftover.unlink(missing_ok=True)
    raise ExportCancelled(
        f"export to {dest.name} cancelled; nothing was downloaded (a render the service "
        "already started may still be billed)"
    )


async def export_to_platform(
    doc: ProjectDocument,
    platform,
    output: Path,
    *,
    preset: str = "720p",
    on_progress: ProgressHandler | None = None,
    cancel: asyncio.Event | None = None,
) -> FilmExport:
    """Create the project on the studio platform (shots linked to their platform generations),
    have the platform render it, and download the film to `output`."""
    from app.providers.platform.projects import RemoteShot

    summary = collect(doc)
    output = check_output(output, summary)
    _check_included(summary, fill_missing=True)
    linked = {c.number for c in summary.ready if c.take and c.take.provider == "platform"}
    if not linked:
        raise ExportError(
            "no shot's take came from the studio platform, so the platform has nothing to "
            "render; export on this computer instead"
        )
    report = on_progress or (lambda _p: None)
    shots = [
        RemoteShot(
            prompt=c.shot.prompt, notes=c.shot.notes, duration=c.shot.duration,
            shot_type=str(c.shot.shot_type.value), camera_move=str(c.shot.camera_move.value),
            transition=str(c.shot.transition.value),
            job_id=c.take.remote_ids.get("remote_id") if c.number in linked and c.take else None,
            filename=c.take.remote_ids.get("filename") if c.number in linked and c.take else None,
        )
        for c in summary.shots
    ]

    def status(stage: Stage, fraction: float | None, message: str) -> None:
        report(ExportProgress(stage, fraction, None, message))

    work = asyncio.ensure_future(platform.projects.export_film(
        summary.project.name, shots, PLATFORM_RESOLUTION[preset], output, on_status=status))
    done = await _until_cancelled(work, cancel, output)
    report(ExportProgress("download", 1.0, 0.0, f"Downloaded {output.name}"))
    unlinked = tuple(c for c in summary.shots if c.number not in linked)
    return FilmExport(path=done.path, skipped=unlinked)


async def export_to_tellers(
    tellers,
    tellers_project_id: str,
    output: Path,
    *,
    preset: str = "720p",
    on_progress: ProgressHandler | None = None,
    cancel: asyncio.Event | None = None,
) -> FilmExport:
    """Have Tellers render one of its projects (the one its agent built) and download it."""
    project_id = tellers_project_id.strip()
    if not project_id:
        raise ExportError("enter the Tellers project id to export (the agent names it when a "
                          "run finishes)")
    output = Path(output).expanduser()
    if output.suffix.lower() not in OUTPUT_SUFFIXES:
        raise ExportError(f"the film must be saved as .mp4 (got {output.name!r})")
    report = on_progress or (lambda _p: None)
    report(ExportProgress("remote", 0.0, None, f"Tellers is rendering project {project_id}"))

    def on_task(task) -> None:
        pct = getattr(task, "percent", None)
        report(ExportProgress("remote", None if pct is None else 0.9 * pct / 100, None,
                              f"Tellers: {getattr(task, 'status', 'working')}"))

    def on_bytes(done: int, total: int | None) -> None:
        frac = 0.9 + 0.1 * done / total if total else None
        report(ExportProgress("download", frac, None, f"Downloading {done / 2**20:.1f} MB"))

    work = asyncio.ensure_future(tellers.export_project(
        project_id, [preset], output, on_task=on_task, on_progress=on_bytes))
    path = await _until_cancelled(work, cancel, output)
    report(ExportProgress("download", 1.0, 0.0, f"Downloaded {output.name}"))
    return FilmExport(path=Path(path))


# -- which services can export -------------------------------------------------------------

EXPORT_SERVICES = {"platform": "Studio platform project export",
                   "tellers": "Tellers project export"}


def configured_services(studio) -> list[str]:
    """The export services this user can reach: a base URL and a key are both known."""
    from app.providers.config import provider_config
    from app.providers.errors import ProviderError

    found = []
    for name in EXPORT_SERVICES:
        try:
            config = provider_config(name, studio.settings, studio.secrets)
        except ProviderError:
            continue  # the platform's base URL is not set
        if config.api_key:
            found.append(name)
    return found


def service_adapter(studio, name: str):
    """A connected adapter for an export service; the caller closes it (aclose)."""
    from app.providers import registry
    from app.providers.config import provider_config

    if name not in EXPORT_SERVICES:
        raise ExportError(f"{name!r} cannot export projects; use "
                          f"{' or '.join(EXPORT_SERVICES)}")
    return registry.create(name, provider_config(name, studio.settings, studio.secrets))
