"""`reelroom-cli template …`, `element …`, `script-to-shots` and `enhance`: the templates
library, a project's elements, turning a script into shots and the platform's prompt
enhancement, without the GUI."""

from __future__ import annotations

import argparse
import asyncio

from app.cli.common import CliError, emit, open_document, open_studio, path_arg
from app.validation_text import user_text


def register(sub: argparse._SubParsersAction) -> None:
    t = sub.add_parser("template", help="list, apply, save, delete or sync prompt templates")
    tsub = t.add_subparsers(dest="action", required=True)
    ls = tsub.add_parser("list", help="built-in and your own templates")
    ls.add_argument("--search", default="", help="only templates containing these words")
    ls.set_defaults(func=template_list)
    ap = tsub.add_parser("apply", help="put a template on shots (prompt, negative, defaults)")
    ap.add_argument("project", help="project name or id")
    ap.add_argument("template", help="template name or id")
    ap.add_argument("--shots", required=True,
                    help="1-based shot numbers, e.g. 1,3,4 or 2-5, or 'all'")
    ap.set_defaults(func=template_apply)
    sv = tsub.add_parser("save", help="save shot N's prompt as a template of your own")
    sv.add_argument("project")
    sv.add_argument("number", type=int, help="1-based shot number")
    sv.add_argument("name", help="the new template's name")
    sv.add_argument("--description", default="")
    sv.set_defaults(func=template_save)
    rm = tsub.add_parser("delete", help="delete one of your templates")
    rm.add_argument("template", help="template name or id")
    rm.set_defaults(func=template_delete)
    sy = tsub.add_parser("sync", help="pull the studio platform's saved templates")
    sy.add_argument("--push", metavar="TEMPLATE", help="also send one of yours to the platform")
    sy.set_defaults(func=template_sync)

    e = sub.add_parser("element", help="a project's characters, props and locations")
    esub = e.add_subparsers(dest="action", required=True)
    el = esub.add_parser("list", help="the project's elements")
    el.add_argument("project")
    el.set_defaults(func=element_list)
    ea = esub.add_parser("add", help="add an element (used in prompts as @NAME)")
    ea.add_argument("project")
    ea.add_argument("name", help="one word, e.g. Mara or RedCar")
    ea.add_argument("--kind", default="character", choices=["character", "prop", "location"])
    ea.add_argument("--description", default="")
    ea.add_argument("--image", type=path_arg, help="a reference image (copied into the library)")
    ea.set_defaults(func=element_add)
    ed = esub.add_parser("delete", help="delete an element")
    ed.add_argument("project")
    ed.add_argument("name")
    ed.set_defaults(func=element_delete)

    s = sub.add_parser("script-to-shots", help="turn a script or outline into shots")
    s.add_argument("project")
    s.add_argument("file", type=path_arg, help="a text file with the script ('-' for stdin)")
    s.add_argument("--at", type=int, help="1-based position of the first new shot "
                                          "(default: the end)")
    s.add_argument("--local", action="store_true",
                   help="use the local splitter even when the studio platform is connected")
    s.add_argument("--dry-run", action="store_true", help="show the proposed shots only")
    s.set_defaults(func=script_to_shots)

    n = sub.add_parser("enhance", help="ask the studio platform for a richer prompt for shot N")
    n.add_argument("project")
    n.add_argument("number", type=int)
    n.add_argument("--apply", action="store_true", help="replace the shot's prompt with it")
    n.set_defaults(func=enhance)


# -- helpers ------------------------------------------------------------------------------



def _template(studio, name_or_id: str):
    from app.services import template_library

    found = template_library.find(studio, name_or_id)
    if found is None:
        raise CliError(f"no template named {name_or_id!r}; see `reelroom-cli template list`")
    return found


def shot_numbers(spec: str, count: int) -> list[int]:
    """"1,3-5" → [1, 3, 4, 5] (1-based, checked against `count`); "all" → every shot."""
    if spec.strip().lower() == "all":
        return list(range(1, count + 1))
    numbers: list[int] = []
    try:
        for part in spec.split(","):
            first, _, last = part.strip().partition("-")
            numbers += range(int(first), int(last or first) + 1)
    except ValueError:
        raise CliError(f"--shots: expected numbers like 1,3 or 2-5 or 'all' (got {spec!r})"
                       ) from None
    bad = [n for n in numbers if not 1 <= n <= count]
    if bad or not numbers:
        raise CliError(f"--shots: shot numbers must be between 1 and {count} (got {spec!r})")
    return list(dict.fromkeys(numbers))


def _run(coro):
    from app.providers.errors import ProviderError

    try:
        return asyncio.run(coro)
    except ProviderError as exc:
        raise CliError(exc.user_message()) from exc
    except ValueError as exc:
        raise CliError(user_text(exc)) from exc


# -- templates ----------------------------------------------------------------------------


def template_list(args) -> int:
    from app.services import template_library

    found = template_library.search(open_studio().templates(), args.search)
    lines = [f"{t.name:<28} {'built-in' if t.builtin else 'yours':<9} "
             f"{', '.join('{' + p + '}' for p in t.placeholders())}" for t in found]
    emit(args, [t.model_dump() for t in found], "\n".join(lines) or "no template matches")
    return 0


def template_apply(args) -> int:
    from app.services import template_library

    studio = open_studio()
    doc = open_document(studio, args.project)
    template = _template(studio, args.template)
    ids = [doc.shots[n - 1].id for n in shot_numbers(args.shots, len(doc.shots))]
    try:
        studio.execute(template_library.apply_command(doc, template, ids))
    except ValueError as exc:
        raise CliError(user_text(exc)) from exc
    emit(args, [doc.shots.get(i).model_dump(mode="json") for i in ids],
         f"applied “{template.name}” to {len(ids)} shot(s); fill "
         f"{', '.join('{' + p + '}' for p in template.placeholders()) or 'nothing'} per shot")
    return 0


def template_save(args) -> int:
    from app.services import template_library

    studio = open_studio()
    doc = open_document(studio, args.project)
    (number,) = shot_numbers(str(args.number), len(doc.shots))
    try:
        t = template_library.save_from_shot(studio, doc.shots[number - 1], args.name,
                                            args.description)
    except ValueError as exc:
        raise CliError(user_text(exc)) from exc
    emit(args, t.model_dump(), f"saved template “{t.name}” ({t.id})")
    return 0


def template_delete(args) -> int:
    from app.services import template_library

    studio = open_studio()
    t = _template(studio, args.template)
    try:
        template_library.delete(studio, t.id)
    except ValueError as exc:
        raise CliError(user_text(exc)) from exc
    emit(args, t.model_dump(), f"deleted template “{t.name}”")
    return 0


def template_sync(args) -> int:
    from app.services import template_library
    from app.services.prompt_tools import PromptTools

    studio = open_studio()

    async def go():
        async with PromptTools.connect(studio) as tools:
            pushed = None
            if args.push:
                mine = _template(studio, args.push)
                pushed = await template_library.push_to_platform(studio, tools.api, mine.id)
            return pushed, await template_library.pull_from_platform(studio, tools.api)

    pushed, report = _run(go())
    text = report.summary() + (f"\nsent “{pushed.name}” to the platform" if pushed else "")
    emit(args, {"added": report.added, "updated": report.updated,
                "unchanged": report.unchanged}, text)
    return 0


# -- elements -----------------------------------------------------------------------------


def _print_elements(args, doc) -> None:
    rows = [f"@{e.name:<16} {e.kind.value:<9} {e.description[:50]}"
            f"{'  [image]' if e.reference_image else ''}" for e in doc.elements]
    emit(args, [e.model_dump(mode="json") for e in doc.elements],
         "\n".join(rows) or "no elements yet")


def element_list(args) -> int:
    _print_elements(args, open_document(open_studio(), args.project))
    return 0


def element_add(args) -> int:
    from app.services import element_library
    from app.services.commands import AddElement

    studio = open_studio()
    doc = open_document(studio, args.project)
    try:
        image = (element_library.import_reference_image(studio.paths.data, doc.project.id,
                                                        args.image) if args.image else None)
        element = element_library.build_element(
            doc, name=args.name, kind=args.kind, description=args.description,
            reference_image=str(image) if image else None)
    except ValueError as exc:
        raise CliError(user_text(exc)) from exc
    studio.execute(AddElement(element))
    _print_elements(args, doc)
    return 0


def element_delete(args) -> int:
    from app.services.commands import DeleteElement

    studio = open_studio()
    doc = open_document(studio, args.project)
    element = doc.element_named(args.name.lstrip("@"))
    if element is None:
        raise CliError(f"no element named @{args.name.lstrip('@')} in {doc.project.name}")
    studio.execute(DeleteElement(element))
    _print_elements(args, doc)
    return 0


# -- script and prompts -------------------------------------------------------------------


def script_to_shots(args) -> int:
    import sys

    from app.services.prompt_tools import PromptTools, connection_problem
    from app.services.script_to_shots import insert_command, propose_shots

    try:
        text = sys.stdin.read() if str(args.file) == "-" else args.file.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"cannot read {args.file}: {exc}") from exc
    studio = open_studio()
    doc = open_document(studio, args.project)
    remote = not args.local and connection_problem(studio) is None

    async def go():
        if not remote:
            return await propose_shots(text)
        async with PromptTools.connect(studio) as tools:
            return await propose_shots(text, tools)

    proposal = _run(go())
    print(proposal.notice, file=sys.stderr)
    rows = [f"{i:>3}. {s.title[:30]:<30} {s.duration:>5.1f}s  {s.shot_type.value or '-':<12} "
            f"{s.prompt[:60]}" for i, s in enumerate(proposal.shots, 1)]
    if not args.dry_run:
        at = len(doc.shots) if args.at is None else max(0, min(args.at - 1, len(doc.shots)))
        try:
            studio.execute(insert_command(doc, at, proposal.shots))
        except ValueError as exc:
            raise CliError(user_text(exc)) from exc
    emit(args, {"source": proposal.source, "inserted": not args.dry_run,
                "shots": [s.fields() for s in proposal.shots]}, "\n".join(rows))
    return 0


def enhance(args) -> int:
    from app.services.commands import UpdateShot
    from app.services.prompt_tools import PromptTools

    studio = open_studio()
    doc = open_document(studio, args.project)
    (number,) = shot_numbers(str(args.number), len(doc.shots))
    shot = doc.shots[number - 1]

    async def go() -> str:
        async with PromptTools.connect(studio) as tools:
            return await tools.enhance(shot.prompt)

    text = _run(go())
    if args.apply:
        studio.execute(UpdateShot(doc, shot.id, prompt=text))
    emit(args, {"prompt": text, "applied": args.apply}, text)
    return 0
