"""Wiring of the takes feature: the Takes and Comments tabs of the shot inspector, the timeline's
thumbnails (kept in the studio's cache) and its job-state badges."""

from __future__ import annotations

import logging

from ui.inspector.comments import CommentsPanel
from ui.inspector.takes import TakesPanel

log = logging.getLogger(__name__)


def attach(window) -> None:
    studio = window.studio
    thumbnails_dir = studio.paths.cache / "thumbnails"
    window.timeline.thumbnails.cache_dir = thumbnails_dir

    takes = window.takes_panel = TakesPanel(window.undo)
    takes.thumbnails.cache_dir = thumbnails_dir
    comments = window.comments_panel = CommentsPanel(window.undo)
    tabs = getattr(window.inspector, "tabs", None)
    if tabs is not None:
        tabs.addTab(takes, "Takes")
        tabs.addTab(comments, "Comments")
    else:
        log.warning("the shot inspector has no tabs: the Takes and Comments panels are not shown")

    queue = getattr(window, "queue", None)
    badges = None
    if queue is not None:
        from ui.timeline.job_badges import JobBadges

        badges = window.timeline_badges = JobBadges(queue, window.timeline.model)

    def project_opened(doc) -> None:
        if badges is not None:
            badges.set_document(doc)
        takes.set_document(doc)
        comments.set_document(doc)
        current = window.timeline.view.currentIndex()
        shot_id = doc.shots[current.row()].id if current.isValid() and len(doc.shots) else None
        takes.show_shot(shot_id)
        comments.show_shot(shot_id)

    studio.project_opened.connect(project_opened)
    window.timeline.current_shot_changed.connect(takes.show_shot)
    window.timeline.current_shot_changed.connect(comments.show_shot)
    takes.play_requested.connect(window.play_path)
    if studio.document is not None:
        project_opened(studio.document)
