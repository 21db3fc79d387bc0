"""Wiring of the takes feature: the Takes and Comments tabs of the shot inspector (following the
editor state's current shot), the timeline's thumbnails (kept in the studio's cache) and its
job-state badges."""

from __future__ import annotations

from app.services.editor_state import EditorState
from ui.inspector.comments import CommentsPanel
from ui.inspector.takes import TakesPanel
from ui.timeline.job_badges import JobBadges


class TakesFeature:
    def __init__(self, studio, editor: EditorState, undo, inspector, timeline, queue,
                 play, follow=lambda slot: slot) -> None:
        thumbnails_dir = studio.paths.cache / "thumbnails"
        timeline.thumbnails.cache_dir = thumbnails_dir
        self.editor = editor
        self.takes = TakesPanel(undo)
        self.takes.thumbnails.cache_dir = thumbnails_dir
        self.comments = CommentsPanel(undo)
        inspector.tabs.addTab(self.takes, "Takes")
        inspector.tabs.addTab(self.comments, "Comments")
        self.badges = JobBadges(queue, timeline.model)
        editor.document_changed.connect(self._document_changed)
        editor.current_shot_changed.connect(follow(self._show_shot))
        self.takes.play_requested.connect(play)
        if editor.document is not None:
            self._document_changed(editor.document)

    def _document_changed(self, doc) -> None:
        if doc is None:
            return
        self.badges.set_document(doc)
        self.takes.set_document(doc)
        self.comments.set_document(doc)
        self._show_shot(self.editor.current_shot_id)

    def _show_shot(self, shot_id) -> None:
        self.takes.show_shot(shot_id)
        self.comments.show_shot(shot_id)
