"""The sound and words of the open project in the studio window: the track view's lane
requests become undoable commands (mute/solo, move, remove, clip properties, a take's own
sound per shot); audio files dropped or imported become clips at the drop time (through the
project's media bin, so the clip plays a library-owned copy); .srt/.vtt files become cues;
the cue editor and the add/rename/remove-track prompts open without a nested event loop."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QPoint, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QMessageBox
from shiboken6 import isValid

from app.domain.soundtrack import AUDIO_EXTENSIONS, MUSIC, SUBTITLES, SoundTrack
from app.interchange.subtitle_files import SubtitleFileError, read_subtitles, write_subtitles
from app.services.commands.base import MacroCommand
from app.services.commands.shots import UpdateShot
from app.services.commands.sound import (
    AddAudioClips,
    AddCues,
    AddTrack,
    RemoveAudioClips,
    RemoveCues,
    RemoveTrack,
    UpdateAudioClip,
    UpdateTrack,
)
from app.services.media_library import MediaLibrary
from app.services.soundtrack import clip_for, match_track
from app.validation_text import user_text
from ui.file_places import file_dialog
from ui.sound.clip_dialog import AudioClipDialog
from ui.sound.cue_editor import CueEditor

log = logging.getLogger(__name__)

AUDIO_FILTER = "Audio (" + " ".join(f"*{e}" for e in AUDIO_EXTENSIONS) + ");;All files (*)"
SUBTITLE_FILTER = "Subtitles (*.srt *.vtt);;All files (*)"
SUBTITLE_EXTENSIONS = (".srt", ".vtt")


class SoundController(QObject):
    message = Signal(str)  # what a drop or an import did, or why it could not

    def __init__(self, window, editor, timeline,
                 library: Callable[[], MediaLibrary | None]) -> None:
        super().__init__(window)
        self.window = window  # the shell: undo, status bar, dialog parent
        self.editor = editor
        self.timeline = timeline
        self.library = library
        self.view = timeline.track_view
        self.cue_editor: CueEditor | None = None
        self._dialog = None  # the prompt or dialog open now (kept alive)
        self._tasks: set[asyncio.Task] = set()
        v = self.view
        v.sound_flag_requested.connect(self.set_flag)
        v.sound_move_requested.connect(self.move_item)
        v.sound_delete_requested.connect(self.remove_item)
        v.sound_edit_requested.connect(self.edit_item)
        v.menu_requested.connect(self.show_menu)
        v.files_dropped_on_track.connect(self.files_dropped)

    @property
    def busy(self) -> bool:
        """An audio import is still running."""
        return bool(self._tasks)

    @property
    def doc(self):
        return self.window.studio.document

    def _push(self, command):
        try:
            return self.window.undo.push(command)
        except (ValueError, KeyError) as exc:
            self._say(user_text(exc), warn=True)
            return None

    def _say(self, text: str, warn: bool = False) -> None:
        self.message.emit(text)
        self.window.statusBar().showMessage(text, 10000)
        if warn:
            box = self._dialog = QMessageBox(QMessageBox.Icon.Warning, "Sound", text,
                                             parent=self.window)
            box.open()

    def set_document(self, doc) -> None:
        if self.cue_editor is not None and isValid(self.cue_editor):
            self.cue_editor.close()
            self.cue_editor.deleteLater()
        self.cue_editor = None

    # -- tracks -----------------------------------------------------------------------------
    def set_flag(self, track_id: str, field: str, value: bool) -> None:
        track = self.doc.sound.track(track_id)
        if track is not None:
            self._push(UpdateTrack(track, **{field: value}))

    def add_track(self, kind: str) -> QInputDialog:
        word = "audio" if kind == "audio" else "subtitle"
        prompt = self._dialog = QInputDialog(self.window)
        prompt.setWindowTitle(f"Add {word} track")
        prompt.setLabelText(f"Name of the new {word} track:")
        prompt.setTextValue("Effects" if kind == "audio" else "Subtitles (fr)")

        def chosen(name: str) -> None:
            name = " ".join(name.split())
            doc = self.doc
            if not name or doc is None:
                return
            if any(t.kind == kind and t.name.casefold() == name.casefold()
                   for t in doc.sound.tracks):
                self._say(f"There is already a {word} track named “{name}”.", warn=True)
                return
            last = max((t.position for t in doc.sound.tracks), default=-1.0)
            self._push(AddTrack(SoundTrack(project_id=doc.project.id, kind=kind, name=name,
                                           position=last + 1)))

        prompt.textValueSelected.connect(chosen)
        prompt.open()
        return prompt

    def rename_track(self, track_id: str) -> QInputDialog | None:
        track = self.doc.sound.track(track_id)
        if track is None:
            return None
        prompt = self._dialog = QInputDialog(self.window)
        prompt.setWindowTitle("Rename track")
        prompt.setLabelText("New name:")
        prompt.setTextValue(track.name)

        def chosen(name: str) -> None:
            name = " ".join(name.split())
            if name and name != track.name:
                self._push(UpdateTrack(track, name=name))

        prompt.textValueSelected.connect(chosen)
        prompt.open()
        return prompt

    def remove_track(self, track_id: str) -> None:
        track = self.doc.sound.track(track_id)
        if track is not None:
            self._push(RemoveTrack(track))
            self._say(f"Removed the track “{track.name}” (Edit → Undo brings it back with "
                      "its clips)")

    # -- clips and cues ---------------------------------------------------------------------
    def move_item(self, track_id: str, item_id: str, start: float, to_track: str) -> None:
        sound = self.doc.sound
        clip = sound.clip(item_id)
        if clip is not None:
            self._push(UpdateAudioClip(clip, start=round(start, 3), track_id=to_track))
            return
        cue = next((q for q in sound.cues(track_id) if q.id == item_id), None)
        if cue is not None:
            from app.services.commands.sound import UpdateCue

            length = cue.end - cue.start
            start = round(start, 3)
            self._push(UpdateCue(cue, start=start, end=round(start + length, 3),
                                 track_id=to_track))

    def remove_item(self, track_id: str, item_id: str) -> None:
        sound = self.doc.sound
        clip = sound.clip(item_id)
        if clip is not None:
            self._push(RemoveAudioClips([clip]))
            return
        cues = [q for q in sound.cues(track_id) if q.id == item_id]
        if cues:
            self._push(RemoveCues(cues))

    def edit_item(self, track_id: str, item_id: str) -> None:
        clip = self.doc.sound.clip(item_id)
        if clip is not None:
            self.edit_clip(item_id)
        else:
            self.open_cue_editor(track_id, item_id)

    def edit_clip(self, clip_id: str) -> AudioClipDialog | None:
        clip = self.doc.sound.clip(clip_id)
        if clip is None:
            return None
        dialog = self._dialog = AudioClipDialog(clip, self.window)

        def done(result: int) -> None:
            if result:
                command = dialog.command()
                if command is not None:
                    self._push(command)

        dialog.finished.connect(done)
        dialog.open()
        return dialog

    def open_cue_editor(self, track_id: str | None = None,
                        cue_id: str | None = None) -> CueEditor | None:
        doc = self.doc
        if doc is None:
            return None
        subtitle_tracks = doc.sound.of_kind("subtitle")
        if track_id is None or doc.sound.track(track_id) is None:
            track_id = subtitle_tracks[0].id if subtitle_tracks else None
        if track_id is None:
            self._say("Add a subtitle track first (right-click the timeline's lanes).",
                      warn=True)
            return None
        if self.cue_editor is None or not isValid(self.cue_editor):
            self.cue_editor = CueEditor(doc, track_id, self.window.undo.push,
                                        lambda: self.editor.playhead,
                                        self.editor.set_playhead, self.window)
            self.cue_editor.import_requested.connect(self.choose_subtitles)
            self.cue_editor.export_requested.connect(self.export_subtitles)
        self.cue_editor.show_track(track_id, cue_id)
        self.cue_editor.show()
        self.cue_editor.raise_()
        return self.cue_editor

    # -- a take's own sound -----------------------------------------------------------------
    def set_take_muted(self, shot_id: str, muted: bool) -> None:
        self._push(UpdateShot(self.doc, shot_id, take_audio_muted=muted))

    def ask_take_volume(self, shot_id: str) -> QInputDialog:
        shot = self.doc.shots.get(shot_id)
        prompt = self._dialog = QInputDialog(self.window)
        prompt.setWindowTitle("Take sound volume")
        prompt.setLabelText("The take's own sound, in % (100 = as recorded):")
        prompt.setInputMode(QInputDialog.InputMode.DoubleInput)
        prompt.setDoubleRange(0, 400)
        prompt.setDoubleDecimals(0)
        prompt.setDoubleValue(round(shot.take_audio_volume * 100))
        prompt.doubleValueSelected.connect(lambda pct: self._push(
            UpdateShot(self.doc, shot_id, take_audio_volume=round(pct / 100, 3))))
        prompt.open()
        return prompt

    # -- the right-click menu -----------------------------------------------------------------
    def menu_for(self, track_id: str, item_id: str, seconds: float) -> QMenu:
        menu = QMenu(self.window)
        doc = self.doc
        if track_id == "video":
            if item_id:
                shot = doc.shots.get(item_id)
                mute = menu.addAction("Mute the take's own sound")
                mute.setCheckable(True)
                mute.setChecked(shot.take_audio_muted)
                mute.toggled.connect(lambda on: self.set_take_muted(item_id, on))
                menu.addAction(f"Take sound volume ({shot.take_audio_volume * 100:.0f} %)…",
                               lambda: self.ask_take_volume(item_id))
                menu.addSeparator()
        track = doc.sound.track(track_id) if track_id not in ("", "video") else None
        if track is not None and item_id:
            if track.kind == "audio":
                menu.addAction("Clip properties (volume, fades, in/out)…",
                               lambda: self.edit_clip(item_id))
                menu.addAction("Remove clip", lambda: self.remove_item(track_id, item_id))
            else:
                menu.addAction("Edit in the cue editor…",
                               lambda: self.open_cue_editor(track_id, item_id))
                menu.addAction("Remove cue", lambda: self.remove_item(track_id, item_id))
            menu.addSeparator()
        if track is not None:
            if track.kind == "audio":
                menu.addAction(f"Import audio onto “{track.name}” here…",
                               lambda: self.choose_audio(track_id, seconds))
            else:
                menu.addAction(f"Import subtitles onto “{track.name}”…",
                               lambda: self.choose_subtitles(track_id))
                menu.addAction("Cue editor…", lambda: self.open_cue_editor(track_id))
            menu.addAction(f"Rename “{track.name}”…", lambda: self.rename_track(track_id))
            menu.addAction(f"Remove track “{track.name}”", lambda: self.remove_track(track_id))
            menu.addSeparator()
        menu.addAction("Add audio track…", lambda: self.add_track("audio"))
        menu.addAction("Add subtitle track…", lambda: self.add_track("subtitle"))
        return menu

    def show_menu(self, track_id: str, item_id: str, seconds: float, where: QPoint) -> None:
        if self.doc is None:
            return
        menu = self._dialog = self.menu_for(track_id, item_id, seconds)
        menu.popup(where)

    # -- files --------------------------------------------------------------------------------
    def choose_audio(self, track_id: str | None = None,
                     seconds: float | None = None) -> QFileDialog | None:
        if self.doc is None:
            return None
        dialog = self._dialog = file_dialog(self.window, "Import audio", "media", AUDIO_FILTER)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        at = self.editor.playhead if seconds is None else seconds
        target = track_id or self._default_track("audio", MUSIC)
        dialog.filesSelected.connect(
            lambda files: self.files_dropped([Path(f) for f in files], target, at))
        dialog.open()
        return dialog

    def choose_subtitles(self, track_id: str | None = None) -> QFileDialog | None:
        if self.doc is None:
            return None
        dialog = self._dialog = file_dialog(self.window, "Import subtitles", "media",
                                            SUBTITLE_FILTER)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        target = track_id or self._default_track("subtitle", SUBTITLES)
        dialog.fileSelected.connect(lambda f: self.files_dropped([Path(f)], target, 0.0))
        dialog.open()
        return dialog

    def export_subtitles(self, track_id: str | None = None) -> QFileDialog | None:
        doc = self.doc
        if doc is None:
            return None
        track_id = track_id or self._default_track("subtitle", SUBTITLES)
        track = doc.sound.track(track_id)
        if track is None or not doc.sound.cues(track_id):
            self._say("That subtitle track has no cues to export.", warn=True)
            return None
        start = f"{doc.project.name} - {track.name}.srt"
        dialog = self._dialog = file_dialog(self.window, "Export subtitles", "export",
                                            SUBTITLE_FILTER, start=start)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.fileSelected.connect(lambda f: self.write_subtitles(track_id, Path(f)))
        dialog.open()
        return dialog

    def write_subtitles(self, track_id: str, path: Path) -> Path | None:
        from app.interchange.subtitle_files import CueText

        if path.suffix.lower() not in SUBTITLE_EXTENSIONS:
            path = path.with_suffix(".srt")
        cues = [CueText(q.start, q.end, q.text) for q in self.doc.sound.cues(track_id)]
        try:
            written = write_subtitles(path, cues)
        except OSError as exc:
            self._say(f"{path.name} could not be written: {exc.strerror or exc}", warn=True)
            return None
        self._say(f"Wrote {len(cues)} cues to {written}")
        return written

    def _default_track(self, kind: str, name: str) -> str | None:
        tracks = self.doc.sound.of_kind(kind)  # type: ignore[arg-type]
        found = match_track(tracks, name) or (tracks[0] if tracks else None)
        return found.id if found else None

    def files_dropped(self, paths: Sequence[Path], track_id: str | None,
                      seconds: float) -> asyncio.Task | None:
        """Files onto a lane at `seconds`: audio becomes clips one after another, in drop
        order; .srt/.vtt becomes cues (at the times the file gives)."""
        doc = self.doc
        track = doc.sound.track(track_id) if doc is not None and track_id else None
        if track is None:
            return None
        subs = [p for p in paths if p.suffix.lower() in SUBTITLE_EXTENSIONS]
        others = [p for p in paths if p not in subs]
        if track.kind == "subtitle":
            if others:
                self._say(f"{others[0].name} is not a subtitle file: a subtitle track takes "
                          ".srt or .vtt (drop audio on an audio track)", warn=True)
            if subs:
                self._add_subtitle_files(track, subs)
            return None
        if subs:
            self._say(f"{subs[0].name} is a subtitle file: drop it on a subtitle track",
                      warn=True)
        if not others:
            return None
        library = self.library()
        if library is None:
            return None
        task = asyncio.get_event_loop().create_task(
            self._add_audio_files(doc, library, track, others, seconds))
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("audio import failed", exc_info=task.exception())
            self._say(f"Importing audio stopped: {task.exception()}", warn=True)

    async def _add_audio_files(self, doc, library: MediaLibrary, track: SoundTrack,
                               paths: Sequence[Path], seconds: float) -> None:
        self._say(f"Importing {len(paths)} audio file(s)…")
        results = await library.import_files(list(paths))
        if self.doc is not doc or doc.sound.track(track.id) is None:
            return  # another project, or the track went: the files are in the bin
        problems, clips, at = [], [], seconds
        for r in results:
            item = r.item
            if item is None:
                problems.append(r.error or f"{r.path.name} could not be imported")
            elif item.kind != "audio" and not item.audio_codec:
                problems.append(f"{item.name} has no sound (it is {item.kind})")
            else:
                clip = clip_for(track, item.path, item.name, at, item.duration)
                clips.append(clip)
                at = clip.end if clip.length else at
        if clips:
            names = ", ".join(c.name for c in clips)
            self._push(AddAudioClips(clips, f"Add {names} to “{track.name}”"))
            self._say(f"Added {names} to “{track.name}” at {seconds:.2f} s")
        if problems:
            self._say("\n".join(problems), warn=True)

    def _add_subtitle_files(self, track: SoundTrack, paths: Sequence[Path]) -> None:
        from app.domain.soundtrack import SubtitleCue

        commands, count = [], 0
        for path in paths:
            try:
                parsed = read_subtitles(path)
            except SubtitleFileError as exc:
                self._say(str(exc), warn=True)
                continue
            cues = [SubtitleCue(track_id=track.id, start=c.start, end=c.end, text=c.text)
                    for c in parsed]
            commands.append(AddCues(cues, f"Import {path.name}"))
            count += len(cues)
        if commands:
            command = commands[0] if len(commands) == 1 else MacroCommand(
                f"Import {len(commands)} subtitle files", commands)
            self._push(command)
            self._say(f"Imported {count} cues onto “{track.name}”")
