"""The templates library: find templates, apply one to shots (one undoable command), keep the
user's own (save from a shot, rename, delete — built-ins are read-only) and sync them with the
studio platform's saved templates.

Applying a template puts its body in each shot's prompt and its defaults into the shot's
`template_values`, under the values the shot already has: one body serves many shots, and each
shot fills its own `{placeholders}` in the inspector.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.domain import Shot, Template
from app.services.commands import MacroCommand, UpdateShot

if TYPE_CHECKING:
    from app.providers.platform.prompts import PlatformPrompts, RemoteTemplate
    from app.services.project_document import ProjectDocument
    from app.services.studio import Studio

# Local ids of templates pulled from the platform: stable, so a second sync updates instead of
# adding a copy.
REMOTE_ID_PREFIX = "platform-"


def search(templates: Sequence[Template], query: str) -> list[Template]:
    """Templates whose name, description, body, placeholders or default values contain every
    word of `query` (case-insensitive); all of them for an empty query."""
    words = query.lower().split()
    if not words:
        return list(templates)

    def haystack(t: Template) -> str:
        return " ".join([t.name, t.description, t.body, *t.placeholders(),
                         *map(str, t.defaults.values())]).lower()

    return [t for t in templates if all(w in haystack(t) for w in words)]


def find(studio: Studio, name_or_id: str) -> Template | None:
    templates = studio.templates()
    by_id = next((t for t in templates if t.id == name_or_id), None)
    if by_id is not None:
        return by_id
    low = name_or_id.strip().lower()
    return next((t for t in templates if t.name.lower() == low), None)


# -- applying -----------------------------------------------------------------------------


def applied_values(template: Template, shot: Shot) -> dict[str, str]:
    """The template's defaults under the shot's own values (the shot's win)."""
    defaults = {str(k): str(v) for k, v in template.defaults.items()}
    return defaults | dict(shot.template_values)


def apply_command(doc: ProjectDocument, template: Template,
                  shot_ids: Sequence[str]) -> MacroCommand:
    """One undoable edit putting `template` on every shot in `shot_ids`."""
    if not shot_ids:
        raise ValueError("no shot is selected: select the shots to apply the template to")
    edits = []
    for shot_id in dict.fromkeys(shot_ids):  # each shot once, in the order given
        shot = doc.shots.get(shot_id)
        changes: dict[str, object] = {"prompt": template.body,
                                      "template_values": applied_values(template, shot)}
        if template.negative_prompt:  # a template without one leaves the shot's alone
            changes["negative_prompt"] = template.negative_prompt
        edits.append(UpdateShot(doc, shot_id, **changes))
    n = len(edits)
    return MacroCommand(f"Apply template “{template.name}” to {n} shot{'s' if n != 1 else ''}",
                        edits)


# -- the user's own templates ---------------------------------------------------------------


def _check_name(studio: Studio, name: str, keep_id: str | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValueError("a template needs a name")
    clash = next((t for t in studio.templates()
                  if t.name.lower() == name.lower() and t.id != keep_id), None)  # fmt: skip
    if clash is not None:
        kind = "a built-in template" if clash.builtin else "one of your templates"
        raise ValueError(f"“{clash.name}” is already the name of {kind}: choose another name")
    return name


def _user_template(studio: Studio, template_id: str) -> Template:
    found = studio.user_templates.get(template_id)
    if found is None:
        if any(t.id == template_id for t in studio.templates()):
            raise ValueError("built-in templates are read-only: apply it to a shot and save "
                             "the shot's prompt as your own template to change it")
        raise KeyError(f"no template with id {template_id}")
    return found


def save_from_shot(studio: Studio, shot: Shot, name: str, description: str = "") -> Template:
    """Store the shot's prompt (with its negative prompt, and its placeholder values as the
    defaults) as a user template."""
    if not shot.prompt.strip():
        raise ValueError("the shot has no prompt to save: write one first")
    name = _check_name(studio, name)
    draft = Template(name=name, body=shot.prompt, negative_prompt=shot.negative_prompt,
                     description=description.strip())  # fmt: skip
    used = set(draft.placeholders())
    template = draft.model_copy(
        update={"defaults": {k: v for k, v in shot.template_values.items() if k in used}})
    studio.user_templates.put(template)
    return template


def rename(studio: Studio, template_id: str, name: str) -> Template:
    template = _user_template(studio, template_id)
    renamed = template.model_copy(update={"name": _check_name(studio, name, template.id)})
    studio.user_templates.put(renamed)
    return renamed


def delete(studio: Studio, template_id: str) -> Template:
    """Remove a user template; returns it (so a caller can offer to put it back)."""
    template = _user_template(studio, template_id)
    studio.user_templates.delete(template.id)
    return template


def restore(studio: Studio, template: Template) -> None:
    """Put back a deleted user template, as it was."""
    studio.user_templates.put(template)


# -- the studio platform --------------------------------------------------------------------


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0

    def summary(self) -> str:
        parts = []
        if self.added:
            parts.append(f"{len(self.added)} added")
        if self.updated:
            parts.append(f"{len(self.updated)} updated")
        if self.unchanged:
            parts.append(f"{self.unchanged} already here")
        return "Platform templates: " + (", ".join(parts) if parts else "none on the platform")


def _free_name(studio: Studio, name: str) -> str:
    taken = {t.name.lower() for t in studio.templates()}
    if name.lower() not in taken:
        return name
    n = 1
    while True:
        candidate = f"{name} (platform{'' if n == 1 else f' {n}'})"
        if candidate.lower() not in taken:
            return candidate
        n += 1


def merge_remote(studio: Studio, remote: Sequence[RemoteTemplate]) -> SyncReport:
    """Bring the platform's templates into the user's, without duplicates: a template seen
    before (same platform id) is updated in place (a local rename is kept); one whose body and
    negative prompt a local template already has is the same template (e.g. pushed from
    here) and is skipped; a name already taken gets " (platform)" added."""
    report = SyncReport()
    for r in remote:
        local_id = REMOTE_ID_PREFIX + r.id
        known = studio.user_templates.get(local_id)
        if known is not None:
            if (known.body, known.negative_prompt) == (r.prompt, r.negative_prompt):
                report.unchanged += 1
            else:
                studio.user_templates.put(known.model_copy(
                    update={"body": r.prompt, "negative_prompt": r.negative_prompt}))
                report.updated.append(known.name)
            continue
        if any((t.body, t.negative_prompt) == (r.prompt, r.negative_prompt)
               for t in studio.templates()):
            report.unchanged += 1
            continue
        name = _free_name(studio, r.name)
        description = "From the studio platform" + (f" (model {r.model})" if r.model else "")
        studio.user_templates.put(Template(id=local_id, name=name, body=r.prompt,
                                           negative_prompt=r.negative_prompt,
                                           description=description))  # fmt: skip
        report.added.append(name)
    return report


async def pull_from_platform(studio: Studio, api: PlatformPrompts) -> SyncReport:
    return merge_remote(studio, await api.templates())


async def push_to_platform(studio: Studio, api: PlatformPrompts,
                           template_id: str) -> RemoteTemplate:
    """Save one of the user's templates on the platform (unless it already has it)."""
    template = _user_template(studio, template_id)
    if template.id.startswith(REMOTE_ID_PREFIX):
        raise ValueError(f"“{template.name}” came from the platform: it is already there")
    for r in await api.templates():
        if (r.prompt, r.negative_prompt) == (template.body, template.negative_prompt):
            return r  # already there (pushed before): a second copy helps no one
    return await api.save_template(template.name, template.body, template.negative_prompt)
