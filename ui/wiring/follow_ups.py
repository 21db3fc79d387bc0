"""Wiring of the follow-up jobs of a take (app.services.follow_ups): Shot → Remix Take…,
Revise with Tellers…, Extend Shot… (also on the card menu). Each asks what to change, then goes
through the queue's Generator, which prices it and asks before queuing — a new paid job is
never sent without the user saying so."""

from __future__ import annotations

from app.services.commands import AddShots
from app.services.editor_state import EditorState
from app.services.follow_ups import (
    FollowUpRefused,
    can_extend,
    can_remix,
    can_revise,
    extend_shot_fields,
    plan_remix,
    plan_revision,
)
from ui.queue import asking


class FollowUpsFeature:
    def __init__(self, window, editor: EditorState, queue_feature) -> None:
        self.window = window
        self.editor = editor
        self.queue_feature = queue_feature
        a = window.actions
        self.actions = (a.remix_take, a.revise_take, a.extend_shot)
        shot_menu = window.menus["shot"]
        shot_menu.addSeparator()
        for action in self.actions:
            shot_menu.addAction(action)
        shot_menu.aboutToShow.connect(self.update_enabled)
        a.remix_take.triggered.connect(self.remix)
        a.revise_take.triggered.connect(self.revise)
        a.extend_shot.triggered.connect(self.extend)
        self.update_enabled()

    def _current(self):
        """(document, shot, its selected take, its number) or None."""
        doc = self.editor.document
        ids = self.editor.selected_ids
        if doc is None or not ids or ids[-1] not in doc.shots.ids():
            return None
        shot = doc.shots.get(ids[-1])
        take = doc.take(shot.selected_take_id) if shot.selected_take_id else None
        if take is None:
            return None
        return doc, shot, take, doc.shots.index_of(shot.id) + 1

    def update_enabled(self) -> None:
        current = self._current()
        take = current[2] if current else None
        a = self.window.actions
        a.remix_take.setEnabled(take is not None and can_remix(take))
        a.revise_take.setEnabled(take is not None and can_revise(take))
        a.extend_shot.setEnabled(take is not None and can_extend(take))

    def _spawn(self, coro, what: str):
        return self.queue_feature.tasks.spawn(coro, what)

    def remix(self):
        return self._ask_and_send("remix", "Remix take", plan_remix,
                                  "What should change? (OpenAI remixes the video with this "
                                  "prompt)")

    def revise(self):
        return self._ask_and_send("revise", "Revise with Tellers", plan_revision,
                                  "What should the Tellers agent change?")

    def _ask_and_send(self, kind: str, title: str, plan, label: str):
        current = self._current()
        if current is None:
            self.window.statusBar().showMessage(
                "Select a shot whose selected take came from the service first.", 8000)
            return None
        doc, shot, take, number = current

        async def go():
            text = await asking.ask_text(self.window, title, label,
                                         take.prompt if kind == "remix" else "")
            if text is None:
                return []
            try:
                planned = plan(doc.project.id, take, text, number=number)
            except FollowUpRefused as exc:
                self.queue_feature.generator.notice(title, str(exc))
                return []
            await self.queue_feature.queue.start()
            jobs = await self.queue_feature.generator.send([planned.spec], planned.label)
            self.queue_feature._queued(jobs)
            return jobs

        return self._spawn(go(), title)

    def extend(self):
        current = self._current()
        if current is None:
            self.window.statusBar().showMessage("Select a shot with a platform take first.",
                                                8000)
            return None
        doc, shot, take, number = current
        try:
            fields = extend_shot_fields(shot, take)
        except FollowUpRefused as exc:
            self.queue_feature.generator.notice("Extend shot", str(exc))
            return None
        command = AddShots(doc, number, [fields], text=f"Extend shot {number}")
        self.window.undo.push(command)
        new_id = command.ids[0]
        self.editor.select([new_id])

        async def go():
            await self.queue_feature.queue.start()
            jobs = await self.queue_feature.generator.takes(doc.project.id, [new_id], 1)
            self.queue_feature._queued(jobs)
            return jobs

        return self._spawn(go(), "Extend shot")
