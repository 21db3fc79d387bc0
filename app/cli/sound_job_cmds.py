"""The paid sound and words jobs from a terminal: `audio generate`, `tts voices`, `tts say`,
`subtitles generate | translate | burn` (on the `audio` and `subtitles` groups of
audio_cmds/subtitles_cmds). Each is priced and the price printed before it is queued; it is
then a queue job like every paid job (crash-safe, reconciled, one ledger row per create), run
here until it lands (`--queue-only` leaves it for `reelroom-cli queue run` or the studio)."""

from __future__ import annotations

import argparse
import asyncio
import sys

from app.cli.audio_cmds import audio_group, seconds_arg
from app.cli.common import CliError, emit, find_project, open_studio, run_on_queue
from app.cli.subtitles_cmds import subtitles_group
from app.domain.soundtrack import MUSIC, NARRATION, SUBTITLES

LANGUAGE_HELP = "ISO 639-1 code, e.g. en, fr, de"


def _positive_seconds(text: str) -> float:
    value = seconds_arg(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected more than 0 seconds (got {text})")
    return value


def language_arg(text: str) -> str:
    import re

    if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z]{2,4})?", text):
        raise argparse.ArgumentTypeError(f"expected a language code like en or fr (got {text!r})")
    return text


def _speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a speed like 1.0 (got {text!r})") from None
    return value


def _queue_only(p: argparse.ArgumentParser) -> None:
    p.add_argument("--queue-only", action="store_true",
                   help="queue it and return (run it later with `reelroom-cli queue run`)")


def register(sub: argparse._SubParsersAction) -> None:
    audio = audio_group()
    gen = audio.add_parser("generate", help="music or sound effects made on the studio platform "
                           "(8 credits per 30 s), placed on a track")
    gen.add_argument("project")
    gen.add_argument("--prompt", required=True, help="what it should sound like")
    gen.add_argument("--seconds", required=True, type=_positive_seconds, metavar="N",
                     help="length in seconds (1 to 240)")
    gen.add_argument("--tags", default="", help="style tags, comma separated")
    gen.add_argument("--track", default=MUSIC, help="audio track (default: Music)")
    gen.add_argument("--at", type=seconds_arg, default=0.0, metavar="S",
                     help="where the clip starts in the film (default 0)")
    _queue_only(gen)
    gen.set_defaults(func=audio_generate)

    tts = sub.add_parser("tts", help="speech made on the studio platform (Creator plan+)")
    tsub = tts.add_subparsers(dest="tts_action", metavar="ACTION", required=True)
    tsub.add_parser("voices", help="the voices there are").set_defaults(func=tts_voices)
    say = tsub.add_parser("say", help="speak a text (6 credits a minute) onto a track")
    say.add_argument("project")
    say.add_argument("--text", required=True)
    say.add_argument("--voice", required=True, metavar="ID", help="see `tts voices`")
    say.add_argument("--speed", type=_speed, default=1.0, metavar="X",
                     help="0.5 to 2.0 (default 1.0)")
    say.add_argument("--track", default=NARRATION, help="audio track (default: Narration)")
    say.add_argument("--at", type=seconds_arg, default=0.0, metavar="S",
                     help="where the clip starts in the film (default 0)")
    _queue_only(say)
    say.set_defaults(func=tts_say)

    subs = subtitles_group()
    sg = subs.add_parser("generate", help="subtitles by Whisper on the studio platform "
                         "(5 credits), for a shot's take or the whole film")
    sg.add_argument("project")
    sg.add_argument("--shot", type=int, metavar="N", help="1-based shot (default: the film, "
                    "exported as a preview and uploaded)")
    sg.add_argument("--language", default="en", metavar="xx", type=language_arg,
                    help=LANGUAGE_HELP)
    sg.add_argument("--track", default=SUBTITLES, help="subtitle track (default: Subtitles)")
    _queue_only(sg)
    sg.set_defaults(func=subtitles_generate)
    st = subs.add_parser("translate", help="translate the platform's subtitles (Pro plan+, "
                         "5 credits) onto a track 'Subtitles (xx)'")
    st.add_argument("project")
    st.add_argument("--to", required=True, metavar="xx", type=language_arg, help=LANGUAGE_HELP)
    st.add_argument("--shot", type=int, metavar="N", help="the subtitles of this shot "
                    "(default: the newest the platform made for the project)")
    _queue_only(st)
    st.set_defaults(func=subtitles_translate)
    sb = subs.add_parser("burn", help="burn a shot's platform subtitles into a new take")
    sb.add_argument("project")
    sb.add_argument("--shot", type=int, required=True, metavar="N")
    sb.add_argument("--style", default="default", choices=["default", "bold-yellow", "minimal"])
    _queue_only(sb)
    sb.set_defaults(func=subtitles_burn)


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


async def run_jobs(studio, specs, args, *, what: str, provider: str = "platform") -> int:
    """Price, print the price, queue, and (unless --queue-only) run until they land. A
    service without a key or an address is refused before anything (a film preview) is
    made."""
    from app.providers.errors import ProviderError
    from app.services.queue import BudgetExceeded, JobState, MissingKey, Queue
    from app.services.sound_jobs import SoundJobs

    queue = Queue(studio, poll_interval=0.1)
    jobs_service = SoundJobs(queue)
    try:
        try:
            said = queue.missing_key(provider)
        except ProviderError as exc:
            raise CliError(exc.user_message()) from exc
        if said is not None:
            raise CliError(said)
        specs = specs(jobs_service) if callable(specs) else specs
        specs = await specs if asyncio.iscoroutine(specs) else specs
        try:
            costs = await jobs_service.quote(specs)
            for spec, cost in zip(specs, costs, strict=True):
                basis = f" ({cost.basis})" if cost.basis else ""
                print(f"cost: {cost.describe()}{basis} — {spec.landing.label or what}",
                      flush=True)
            jobs = await jobs_service.send(specs)
        except (BudgetExceeded, MissingKey, ProviderError, ValueError) as exc:
            msg = exc.user_message() if isinstance(exc, ProviderError) else str(exc)
            raise CliError(msg) from exc
        for job in jobs:
            print(f"queued {job.id[:8]}: {job.landing.label or what} → "
                  f"{job.landing.describe()}", flush=True)
        if getattr(args, "queue_only", False):
            return 0
        await queue.run_until_idle()
    finally:
        await queue.stop()
    bad = 0
    for job in jobs:
        job = queue.store.get(job.id) or job
        if job.state == JobState.DONE:
            where = f" ({job.media_path})" if job.landing.kind == "file" else ""
            emit(args, job.model_dump(mode="json"),
                 f"done: {job.landing.label or what} → {job.landing.describe()}{where}")
        else:
            bad += 1
            _say(f"error: {job.describe()}")
    return 1 if bad else 0


def require_service(studio, name: str) -> None:
    """A service with no address or no key is refused first, before a project is opened or
    a film preview exported (one line that says where to set it)."""
    from app.providers.config import provider_config
    from app.providers.errors import ProviderError
    from app.providers.registry import display_name
    from app.secrets import env_key_names

    try:
        config = provider_config(name, studio.settings, studio.secrets)
    except ProviderError as exc:
        raise CliError(exc.user_message()) from exc
    if not config.api_key:
        raise CliError(f"No API key for {display_name(name)}: add one with `reelroom-cli keys "
                       f"set {name}` or {env_key_names(name)[0]}")


def _open(args, service: str = "platform"):
    studio = open_studio()
    try:
        require_service(studio, service)
        project = find_project(studio, args.project)
        return studio, studio.open_project(project.id)
    except BaseException:
        studio.close()
        raise


def _checked(fn):
    """SoundJobError (bad input) as one line."""
    def wrapped(args) -> int:
        from app.services.sound_jobs import SoundJobError

        try:
            return fn(args)
        except SoundJobError as exc:
            raise CliError(str(exc)) from exc
    return wrapped


@_checked
def audio_generate(args) -> int:
    from app.services.sound_jobs import Placement

    studio, doc = _open(args)
    try:
        return asyncio.run(run_jobs(studio, lambda s: [s.music(
            doc, args.prompt, args.seconds, tags=args.tags, track=args.track,
            where=Placement(args.at))], args, what="music"))
    finally:
        studio.close()


def tts_voices(args) -> int:
    from app.services.sound_jobs import SoundJobs

    async def work(studio, queue):
        require_service(studio, "platform")
        return await SoundJobs(queue).voices()

    voices = run_on_queue(work)
    emit(args, [{"voice_id": v, "description": d} for v, d in voices],
         "\n".join(f"{v:<16} {d}" for v, d in voices) or "the platform lists no voices")
    return 0


@_checked
def tts_say(args) -> int:
    from app.services.sound_jobs import Placement

    studio, doc = _open(args)
    try:
        return asyncio.run(run_jobs(studio, lambda s: [s.speech(
            doc, args.text, args.voice, speed=args.speed, track=args.track,
            where=Placement(args.at))], args, what="speech"))
    finally:
        studio.close()


@_checked
def subtitles_generate(args) -> int:
    from app.services.sound_jobs import shot_number

    studio, doc = _open(args)

    async def specs(service):
        if args.shot is not None:
            shot = shot_number(doc, args.shot)
            return [await service.subtitles_for_shot(doc, shot, language=args.language,
                                                     track=args.track)]
        _say("exporting a preview of the film to upload …")
        try:
            film = await service.export_preview(doc)
        except Exception as exc:  # an ExportError says what to fix
            raise CliError(f"the film could not be exported for its subtitles: {exc}") from exc
        return [service.subtitles_for_film(doc, film, language=args.language,
                                           track=args.track)]

    try:
        return asyncio.run(run_jobs(studio, specs, args, what="subtitles"))
    finally:
        studio.close()


@_checked
def subtitles_translate(args) -> int:
    from app.services.sound_jobs import shot_number

    studio, doc = _open(args)
    shot_id = shot_number(doc, args.shot).id if args.shot is not None else None
    try:
        return asyncio.run(run_jobs(studio, lambda s: [s.translation(doc, args.to,
                                                                     shot_id=shot_id)],
                                    args, what="translation"))
    finally:
        studio.close()


@_checked
def subtitles_burn(args) -> int:
    from app.services.sound_jobs import shot_number

    studio, doc = _open(args)
    shot = shot_number(doc, args.shot)

    async def specs(service):
        return [await service.burn(doc, shot, style=args.style)]

    try:
        return asyncio.run(run_jobs(studio, specs, args, what="burned subtitles"))
    finally:
        studio.close()
