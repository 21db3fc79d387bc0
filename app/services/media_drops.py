"""What files dropped on the storyboard become, decided from imported media items (so takes and
references always point at library-owned files):

- onto a shot: images become its reference images, videos become imported takes of it;
- between shots: one new shot per file, in drop order (a video brings its take and duration,
  an image becomes the new shot's reference);

each drop one undoable command, plus messages for what could not land and why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.domain import Take
from app.domain.media_item import MediaItem
from app.services.commands.base import Command, MacroCommand
from app.services.commands.shots import AddShots, UpdateShot
from app.services.commands.takes import ImportTake
from app.services.media_library import ImportResult
from app.services.project_document import ProjectDocument
from app.services.upload_limits import limit_warning

MAX_SHOT_SECONDS = 600.0  # Shot.duration's own bound


@dataclass
class DropPlan:
    command: Command | None = None
    messages: list[str] = field(default_factory=list)  # problems, by file name, in words
    shot_ids: list[str] = field(default_factory=list)  # shots the drop created or changed
    takes: list[ImportTake] = field(default_factory=list)
    images: int = 0  # reference images added to the shot dropped on
    new_shots: int = 0

    def outcome(self, doc: ProjectDocument) -> str:
        """What the drop did, once its command has run: "Added take 2 to shot 3"."""
        if self.command is None:
            return ""
        if self.new_shots:
            first = doc.shots.index_of(self.shot_ids[0]) + 1
            where = f"shot {first}" if self.new_shots == 1 else \
                f"shots {first}–{first + self.new_shots - 1}"
            return f"Added {where} from {_plural(self.new_shots, 'file')}"
        what = []
        if self.takes:
            numbers = [str(t.take.number) for t in self.takes]
            what.append(("take " if len(numbers) == 1 else "takes ")
                        + ", ".join(numbers[:-1]) + (" and " if len(numbers) > 1 else "")
                        + numbers[-1])
        if self.images:
            what.append(_plural(self.images, "reference image"))
        number = doc.shots.index_of(self.shot_ids[0]) + 1
        return f"Added {' and '.join(what)} to shot {number}"


def imported_take(shot_id: str, item: MediaItem) -> Take:
    return Take(shot_id=shot_id, number=0, source="imported", provider="imported",
                media_path=item.path, duration=item.duration,
                thumbnail_path=item.thumbnail_path, params={"file": item.name})


def _shot_seconds(item: MediaItem) -> float | None:
    if not item.duration or item.duration <= 0:
        return None
    return round(min(item.duration, MAX_SHOT_SECONDS), 3)


def _usable(results: Sequence[ImportResult], plan: DropPlan) -> list[MediaItem]:
    items = []
    for r in results:
        if r.item is None:
            plan.messages.append(r.error or f"{r.path.name} could not be imported")
        elif r.item.kind == "audio":
            plan.messages.append(
                f"{r.item.name} is audio: a shot takes a video (as a take) or an image (as its "
                "reference). It is in the media bin.")
        else:
            items.append(r.item)
    return items


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def plan_drop_on_shot(doc: ProjectDocument, shot_id: str,
                      results: Sequence[ImportResult]) -> DropPlan:
    plan = DropPlan(shot_ids=[shot_id])
    items = _usable(results, plan)
    shot = doc.shots.get(shot_id)
    commands: list[Command] = []
    images = [i for i in items if i.kind == "image"]
    if images:
        refs = list(shot.reference_media)
        refs += [i.path for i in images if i.path not in refs]
        if refs != list(shot.reference_media):
            commands.append(UpdateShot(doc, shot_id, reference_media=refs))
        for image in images:
            if warning := limit_warning(shot.provider, Path(image.path), image.size):
                plan.messages.append(f"Shot {doc.shots.index_of(shot_id) + 1} uses "
                                     f"{shot.provider}: {warning}")
    for video in (i for i in items if i.kind == "video"):
        plan.takes.append(ImportTake(imported_take(shot_id, video), f"Import take {video.name}"))
    commands += plan.takes
    plan.images = len(refs) - len(shot.reference_media) if images else 0
    if commands:
        label = shot.title or f"shot {doc.shots.index_of(shot_id) + 1}"
        what = []
        if images:
            what.append(_plural(len(images), "reference image"))
        if len(images) < len(items):
            what.append(_plural(len(items) - len(images), "take"))
        plan.command = MacroCommand(f"Add {' and '.join(what)} to “{label}”", commands)
    return plan


def plan_drop_between(doc: ProjectDocument, row: int,
                      results: Sequence[ImportResult]) -> DropPlan:
    plan = DropPlan()
    items = _usable(results, plan)
    if not items:
        return plan
    fields = []
    for item in items:
        f: dict = {"title": Path(item.name).stem}
        if item.kind == "image":
            f["reference_media"] = [item.path]
        elif (seconds := _shot_seconds(item)) is not None:
            f["duration"] = seconds
        fields.append(f)
    add = AddShots(doc, row, fields, text=f"Add {_plural(len(items), 'shot')} from files")
    takes = [ImportTake(imported_take(shot.id, item))
             for shot, item in zip(add.shots, items, strict=True) if item.kind == "video"]
    plan.command = MacroCommand(add.text, [add, *takes]) if takes else add
    plan.shot_ids = add.ids
    plan.new_shots = len(add.ids)
    return plan
