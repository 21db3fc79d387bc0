"""Bring an open project up to date with the library after another process (reelroom-cli)
wrote to it, touching only what changed: shots added, removed, moved or edited; take counts;
elements; the project row. Each change goes through the same evented calls an edit in the
studio uses, so the Qt models update rows, not everything."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.services.project_document import ProjectDocument


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)
    reordered: bool = False
    takes: list[str] = field(default_factory=list)  # shots whose takes changed
    elements: bool = False
    project: bool = False
    sound: bool = False  # audio clips, subtitle cues or their tracks

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.edited or self.reordered or self.takes
                    or self.elements or self.project or self.sound)


def sync_document(doc: ProjectDocument, shots_repo, takes_repo, elements_repo,
                  projects_repo) -> SyncReport:
    report = SyncReport()
    project = projects_repo.get(doc.project.id)
    if project is not None and (project.model_dump(exclude={"updated"})
                                != doc.project.model_dump(exclude={"updated"})):
        doc.project = project
        doc.project_changed.emit(project)
        report.project = True

    fresh = shots_repo.rows_for_project(doc.project.id)
    fresh_ids = [r.id for r in fresh]
    wanted = set(fresh_ids)
    shots = doc.shots
    gone = [i for i, shot_id in enumerate(shots.ids()) if shot_id not in wanted]
    if gone:
        report.removed = [shots.ids()[i] for i in gone]
        shots.remove_indexes(gone)

    by_id = {r.id: r for r in fresh}
    current = {e.id: e for e in shots.entries()}
    kept_order = [i for i in fresh_ids if i in current]
    if kept_order != shots.ids():
        shots.set_order([current[i] for i in kept_order])
        report.reordered = True
    for index, shot_id in enumerate(fresh_ids):  # in order, so each lands where it belongs
        if shot_id not in current:
            shots.insert(index, [by_id[shot_id].load()])
            report.added.append(shot_id)
    for shot_id, entry in current.items():
        row = by_id.get(shot_id)
        if row is not None and row.updated != entry.updated:
            shots.replace(row.load())
            report.edited.append(shot_id)

    counts = takes_repo.counts_for_project(doc.project.id)
    if counts != doc._take_counts:
        report.takes = [s for s in set(counts) | set(doc._take_counts)
                        if counts.get(s) != doc._take_counts.get(s)]
        doc._take_counts = counts
        doc._forget_takes()  # a take that came or went may be a selected one: its length
        for shot_id in report.takes:
            doc.takes_changed.emit(shot_id)

    elements = elements_repo.for_project(doc.project.id)
    if elements != doc._element_list:
        doc._element_list = elements
        doc.elements_changed.emit()
        report.elements = True
    return report
