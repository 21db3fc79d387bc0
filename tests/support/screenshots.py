"""Screenshots of every dock and dialog of the studio, in the dark and the light theme.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.support.screenshots docs/screenshots

writes docs/screenshots/dark/*.png and docs/screenshots/light/*.png from a small project
(shots with prompts, real takes, media in the bin, jobs in every state); the test
tests/ui/test_screenshots.py runs the same capture into a temporary folder."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

WINDOW = QSize(1600, 1000)


def wait_until(condition: Callable[[], bool], timeout_ms: int = 15_000) -> None:
    waited = 0
    while not condition():
        if waited >= timeout_ms:
            raise TimeoutError("the studio did not get there in time")
        QTest.qWait(20)
        waited += 20


def populate(window, media_dir: Path) -> None:
    """A project a user would have after the first hour."""
    from app.domain import Take
    from app.providers.base import GenerationRequest
    from app.services.queue import Job, JobState
    from tests.ui_media.samples import image, video

    studio = window.studio
    project = studio.create_project("Harbour film")
    doc = window.open_project(project.id)
    prompts = [("Opening", "drone over a harbour at dawn, mist on the water, {time of day}"),
               ("Keeper", "@Mara walks the pier, coat in the wind, handheld"),
               ("Storm", "waves break on the lighthouse, night, lightning"),
               ("Calm", "morning light on the empty quay, gulls")]
    for _ in prompts:
        window.actions.add_shot.trigger()
    from app.services.commands import UpdateShot

    for shot, (title, prompt) in zip(list(doc.shots), prompts, strict=True):
        window.undo.push(UpdateShot(doc, shot.id, title=title, prompt=prompt))
    media_dir.mkdir(parents=True, exist_ok=True)
    clips = [video(media_dir / f"take{i}.mp4", src=src, size="320x180")
             for i, src in enumerate(("testsrc", "smptebars", "testsrc2"))]
    photo = image(media_dir / "mara.png", color="steelblue", size="320x240")
    from tests.ui_media.samples import ff

    thumbs = []
    for clip in clips:
        thumb = clip.with_suffix(".jpg")
        ff("-ss", "0.5", "-i", str(clip), "-frames:v", "1", "-update", "1", str(thumb))
        thumbs.append(str(thumb))
    first = doc.shots[0].id
    for clip, thumb in zip(clips[:2], thumbs, strict=False):
        doc.add_take(Take(shot_id=first, provider="imported", media_path=str(clip),
                          thumbnail_path=thumb, duration=1.5, params={"file": clip.name}))
    doc.add_take(Take(shot_id=doc.shots[2].id, provider="imported", media_path=str(clips[2]),
                      thumbnail_path=thumbs[2], duration=1.5))
    media = window.features.media.controller
    media.import_files([str(clips[0]), str(photo)])
    wait_until(lambda: not media.busy)

    queue = window.features.queue.queue
    queue.pause()
    for i, (state, extra) in enumerate([(None, {}), (JobState.FAILED,
                                        {"last_error": "OpenAI Videos (Sora 2): Your request "
                                         "was rejected by the safety system."}),
                                        (JobState.DONE, {})]):
        [job] = queue.store.add([Job(
            project_id=project.id, shot_id=doc.shots[i + 1].id, provider="animatic",
            model="card", request=GenerationRequest(model="card", prompt=prompts[i + 1][1]),
            estimated_cost=0)])
        path = {JobState.FAILED: [JobState.SUBMITTING, JobState.FAILED],
                JobState.DONE: [JobState.SUBMITTING, JobState.RUNNING, JobState.DOWNLOADING,
                                JobState.DONE]}.get(state, [])
        for step in path:
            job = queue.store.transition(job.id, step, **(extra if step == state else {}))
        queue.jobs_added.emit([job])
    window.timeline.select_ids([first])
    QTest.qWait(200)


def _grab(widget: QWidget, path: Path) -> Path:
    widget.show()
    QTest.qWait(60)
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    return path


def _dialogs(window) -> dict[str, Callable[[], QWidget]]:
    """Every kind of dialog and message box the studio shows, opened the way the app opens
    it (or built by the same function the app uses, for the ones asked inside a coroutine)."""
    from app.domain.library_errors import LibraryCorrupt
    from ui.dialogs.library_error import library_box
    from ui.dialogs.settings_problem import tell_settings_problem
    from ui.queue import asking
    from ui.queue.generate import BILLING_NOTE
    library, export = window.features.library, window.features.export
    sound = window.features.sound.controller
    doc = window.studio.document

    def diagnostics():
        dialog = window.show_diagnostics()
        wait_until(lambda: dialog.task.done(), 60_000)
        return dialog

    def compare():
        takes = window.features.takes.takes
        pair = doc.takes(doc.shots[0].id)[:2]
        from ui.inspector.compare import CompareDialog

        dialog = CompareDialog(doc, window.undo, pair[0], pair[1], takes)
        dialog.show()
        wait_until(dialog.pictures_shown)  # both takes' first frames, as a user sees them
        return dialog

    def enhance():
        dialog = library.show_enhance()
        wait_until(lambda: dialog.accept_btn.isEnabled() or dialog.retry_btn.isEnabled())
        return dialog

    def delete_template():
        from app.services import template_library

        mine = template_library.find(window.studio, "Harbour opening") or \
            template_library.save_from_shot(window.studio, doc.shots[0], "Harbour opening")
        dialog = library.show_templates()
        dialog.refresh()
        dialog.select(mine.id)
        box = dialog.ask_delete()
        dialog.hide()
        return box

    def cue_editor():
        tracks = doc.sound.of_kind("subtitle")
        if not tracks:
            from app.domain import SoundTrack
            from app.services.commands import AddTrack

            window.undo.push(AddTrack(SoundTrack(project_id=doc.project.id, kind="subtitle",
                                                 name="Subtitles (en)", position=0)))
        return sound.open_cue_editor()

    def file_dialog():
        return window.features.media.controller.choose_files()

    def audio_clip():
        from app.domain.soundtrack import AudioClip
        from app.services.commands.sound import AddAudioClips

        music = next(t for t in doc.sound.of_kind("audio") if t.name == "Music")
        clip = AudioClip(track_id=music.id, media_path=doc.takes(doc.shots[0].id)[0].media_path,
                         name="harbour-bed.m4a",
                         start=1.0, src_in=0.5, media_duration=30.0, volume=0.5,
                         fade_in=1.0, fade_out=2.0)
        window.undo.push(AddAudioClips([clip]))
        return sound.edit_clip(clip.id)

    def media_remove():
        media = window.features.media.controller
        photo = next(i for i in media.library.items() if i.name.endswith(".png"))
        return media.remove_items([photo.id])

    def cannot_open():
        from ui.open_target import open_target

        open_target(window, "No such project")
        box = window.open_message
        box.finished.disconnect()  # here the picker it offers next is shot on its own
        return box

    def services():
        dialog = window.features.services.show_services()
        QTest.qWait(1500)  # each service's connection test answers (the fakes are local)
        return dialog

    def history():
        dialog = window.features.services.show_history("platform")
        wait_until(lambda: not dialog.tasks.busy)
        return dialog

    return {
        "settings": window.show_settings,
        "diagnostics": diagnostics,
        "project_picker": window.show_project_picker,
        "templates": library.show_templates,
        "template_delete": delete_template,
        "elements": library.show_elements,
        "script_to_shots": library.show_script,
        "enhance_prompt": enhance,
        "edit_on_platform": window.features.interchange.platform_edits.open,
        "export_film": export.open_export_dialog,
        "edit_take": export.open_take_edit_dialog,
        "compare_takes": compare,
        "shortcuts": window.show_shortcuts,
        "about": window.show_about,
        "n_takes": lambda: asking.count_dialog(
            window, "Generate takes", "How many takes of each of the 2 selected shots?", 3),
        "queue_confirm": lambda: asking.confirm_box(
            window, "Queue generations", "Queue 3 takes on OpenAI Videos (Sora 2)?\n\n"
            "Estimated cost: $1.20", "Queue 3 jobs", informative=BILLING_NOTE)[0],
        "queue_notice": lambda: asking.tell(
            window, "Nothing to generate", "Every shot already has a take or one on its way.",
            icon=asking.QMessageBox.Icon.Information),
        "library_error": lambda: library_box(LibraryCorrupt(
            "The library could not be read: file is not a database", window.studio.library_path,
            window.studio.library_path.with_name("library.damaged-1764580000.db")), window)[0],
        "settings_problem": lambda: tell_settings_problem(
            window, "Your settings file could not be read (it is not JSON). It was kept as "
            "~/.config/Reelroom/settings.unreadable-1764580000.json; defaults are in use."),
        "sound_add_track": lambda: sound.add_track("audio"),
        "take_volume": lambda: sound.ask_take_volume(doc.shots[0].id),
        "music": lambda: window.features.sound_jobs.open_sound("music"),
        "narration": lambda: window.features.sound_jobs.open_sound("speech"),
        "subtitles_from_platform": window.features.sound_jobs.open_subtitles,
        "describe_take": lambda: window.features.sound_jobs.open_describe(film=False),
        "media_remove": media_remove,
        "cannot_open": cannot_open,
        "services": services,
        "service_history": history,
        "cue_editor": cue_editor,
        "file_import": file_dialog,
        "audio_clip": audio_clip,
    }


def connect_platform(window):
    """Start the studio platform's fake and connect the studio to it, so the dialogs that
    need the platform (Enhance Prompt, Edit on the Platform) open. Returns the running fake."""
    from tests.fakes.platform import API_KEY, create

    fake = create()
    fake.__enter__()
    os.environ["REELROOM_PLATFORM_BASE_URL"] = fake.base_url
    window.studio.secrets.set("platform", API_KEY, session_only=True)
    window.studio.save_settings()
    return fake


DESKTOP_LIMIT = QSize(1600 * 2 // 3, 1000 * 2 // 3)


def capture(window, out: Path, themes=("dark", "light")) -> list[Path]:
    """Every dock, the whole window and every dialog, once per theme."""
    app = QApplication.instance()
    saved: list[Path] = []
    window.resize(WINDOW)
    window.show()
    before = os.environ.get("REELROOM_PLATFORM_BASE_URL")
    fake = connect_platform(window)
    try:
        for theme in themes:
            saved += _capture_theme(window, app, out, theme)
    finally:
        fake.__exit__(None, None, None)
        if before is None:
            os.environ.pop("REELROOM_PLATFORM_BASE_URL", None)
        else:
            os.environ["REELROOM_PLATFORM_BASE_URL"] = before
    return saved


def _capture_theme(window, app, out: Path, theme: str) -> list[Path]:
    from ui.theme import apply_theme

    saved: list[Path] = []
    apply_theme(app, theme)
    folder = out / theme
    folder.mkdir(parents=True, exist_ok=True)
    QTest.qWait(100)
    saved.append(_grab(window, folder / "window.png"))
    for key, dock in window.docks.items():
        saved.append(_grab(dock, folder / f"dock_{key}.png"))
    for name, opener in _dialogs(window).items():
        dialog = opener()
        if dialog is None:
            raise RuntimeError(f"{name} did not open")
        # Qt sizes a new window to at most 2/3 of the screen, and the offscreen screen is
        # 800×600: size each dialog as a 1600×1000 desktop would
        dialog.resize(dialog.size().expandedTo(dialog.sizeHint().boundedTo(DESKTOP_LIMIT)))
        QTest.qWait(20)
        saved.append(_grab(dialog, folder / f"dialog_{name}.png"))
        dialog.close()
        QTest.qWait(20)
    return saved


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "docs/screenshots").resolve()
    import tempfile

    from app.services.studio import Studio
    from tests.support.qt_loop import running_qasync_loop
    from ui.main import create_window

    with tempfile.TemporaryDirectory() as home:
        os.environ["REELROOM_HOME"] = home
        app = QApplication.instance() or QApplication(sys.argv[:1])
        with running_qasync_loop(app):
            studio = Studio.open()
            window = create_window(studio)
            populate(window, Path(home) / "media")
            for path in capture(window, out):
                print(path)
            window.close()
            studio.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
