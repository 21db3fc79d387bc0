"""Every menu item and shortcut, declared once. Menus and toolbars are built from these."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QWidget


class Actions:
    def __init__(self, parent: QWidget, undo_stack: QUndoStack) -> None:
        def act(text: str, shortcut=None, tip: str = "", checkable: bool = False) -> QAction:
            a = QAction(text, parent)
            if shortcut is not None:
                # setShortcuts, not setShortcut: the latter's overloads make PySide6 build the
                # whole Qt enum namespace (~12 ms) before the window's first paint
                a.setShortcuts(shortcut if isinstance(shortcut, QKeySequence.StandardKey)
                               else [QKeySequence(shortcut)])
            if tip:
                a.setStatusTip(tip)
            a.setCheckable(checkable)
            parent.addAction(a)  # shortcuts work even when the menu bar is hidden
            return a

        Std = QKeySequence.StandardKey
        # File
        self.new_project = act("&New Project…", Std.New, "Create a project")
        self.open_project = act("&Open Project…", Std.Open, "Open another project")
        self.settings = act("&Settings…", Std.Preferences, "API keys, services, cache, theme")
        self.import_media = act("&Import Media…", "Ctrl+I",
                                "Copy video, image and audio files into the project's media bin")
        self.export_film = act("&Export Film…", "Ctrl+E", "Export the timeline as one film")
        # Sound (wired by ui/wiring/sound.py)
        self.import_audio = act("Import &Audio…", None,
                                "Put audio files on a track at the playhead (or drop them on "
                                "a track)")
        self.import_subtitles = act("Import &Subtitles…", None,
                                    "Read an .srt or .vtt file onto a subtitle track")
        self.export_subtitles = act("E&xport Subtitles…", None,
                                    "Write a subtitle track as .srt or .vtt")
        self.subtitle_cues = act("Subtitle &Cues…", None,
                                 "Edit the cues of a subtitle track: text and times")
        self.add_audio_track = act("Add Au&dio Track…", None, "Another audio track by name")
        self.add_subtitle_track = act("Add Su&btitle Track…", None,
                                      "Another subtitle track (a language, say)")
        # Interchange (wired by ui/wiring/interchange.py)
        self.export_timeline = act("Export &Timeline (OTIO/EDL)…", None,
                                   "Write the cut as OpenTimelineIO or CMX 3600 EDL")
        self.import_timeline = act("Import T&imeline…", None,
                                   "Add the clips of an .otio or .edl as shots")
        self.export_bundle = act("Export Project &Bundle…", None,
                                 "Save this project with its media as one .reelroom file")
        self.import_bundle = act("Import Project B&undle…", None,
                                 "Open a .reelroom file as a new project")
        self.quit = act("&Quit", Std.Quit)
        # Edit
        self.undo = undo_stack.createUndoAction(parent, "&Undo")
        self.undo.setShortcuts(Std.Undo)
        self.redo = undo_stack.createRedoAction(parent, "&Redo")
        # Not StandardKey.Redo as well: on Linux it *is* Ctrl+Shift+Z, and two bindings of one
        # sequence make Qt call the shortcut ambiguous, so keyboard redo never fired.
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        # Shot
        self.add_shot = act("&Add Shot", "Ctrl+Shift+N", "Add a shot after the selection")
        self.duplicate_shot = act("&Duplicate Shot", "Ctrl+D")
        # Delete itself is the storyboard's key (a window-wide shortcut would take it from
        # text fields); the tab shows it in the menu all the same
        self.delete_shot = act("De&lete Shot\tDel", None, "Delete the selected shots")
        self.split_shot = act("S&plit Shot", "Ctrl+Shift+S", "Cut the shot in two halves")
        self.edit_take = act("&Edit Take…", None,
                             "Trim, speed, crop, overlay… the selected take into a new take")
        self.platform_edit = act("Edit on the &Platform…", None,
                                 "Trim, upscale, GIF, frames… with the studio platform's tools")
        self.remix_take = act("Re&mix Take…", None,
                              "A new take of this shot from the selected OpenAI take, with a "
                              "changed prompt (a new paid job, priced first)")
        self.revise_take = act("Revise with &Tellers…", None,
                               "Continue the Tellers conversation that made the selected "
                               "take (a new paid job)")
        self.extend_shot = act("E&xtend Shot…", None,
                               "A new shot after this one, continuing the selected platform "
                               "take from its last frame (image-to-video, a new paid job)")
        self.move_left = act("Move Shot &Left", "Ctrl+Left")
        self.move_right = act("Move Shot &Right", "Ctrl+Right")
        # Library (wired by ui/wiring/library.py)
        self.templates = act("&Templates…", "Ctrl+T", "Browse templates and apply one to shots")
        self.elements = act("&Elements…", "Ctrl+Shift+E",
                            "Characters, props and locations to use as @Name in prompts")
        self.script_to_shots = act("Script to S&hots…", None,
                                   "Paste a script or outline and turn it into shots")
        self.enhance_prompt = act("Enhance Pro&mpt…", None,
                                  "Ask the studio platform for a richer prompt for this shot")
        # Generate (the queue; wired by ui/wiring/queue.py)
        self.generate_take = act("&Generate Take", None, "Queue one take of each selected shot")
        self.generate_take.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.generate_takes = act("Generate &N Takes…", None,
                                  "Queue several takes of each selected shot")
        self.generate_missing = act("Generate All Shots &Without a Take", None,
                                    "Queue one take for every shot that has none")
        # Sound and words on the services (wired by ui/wiring/sound_jobs.py)
        self.generate_music = act("&Music or Sound Effects…", None,
                                  "Music or sound effects made on the studio platform, as a clip")
        self.generate_speech = act("Na&rration (Text to Speech)…", None,
                                   "Speech made on the studio platform, as a clip")
        self.platform_subtitles = act("Su&btitles from the Platform…", None,
                                      "Whisper subtitles, a translation, or subtitles burned in")
        self.describe_take = act("Describe &Take…", None,
                                 "Audio description of the selected shot's take (ViddyScribe)")
        self.describe_film = act("Describe &Film…", None,
                                 "Audio description of the whole cut (ViddyScribe)")
        self.pause_queue = act("&Pause Queue", None,
                               "Send nothing new; jobs already sent carry on", checkable=True)
        self.cancel_pending = act("&Cancel All Pending", None,
                                  "Cancel every job not yet sent (nothing is billed for them)")
        # Services (wired by ui/wiring/services.py)
        self.services = act("Services && &Credits…", None,
                            "Each service's connection; the platform's tier, credits, credit "
                            "history, GPU backend and queue")
        self.service_history = act("Service &History…", None,
                                   "What each service holds, made here or elsewhere: import "
                                   "as takes, delete, favourite, share")
        # Play
        self.play_film = act("Play &Film", "Ctrl+Shift+Space",
                             "Play the whole cut from the playhead, in the Player")
        # View
        self.theme_light = act("&Light Theme", checkable=True)
        self.theme_dark = act("&Dark Theme", checkable=True)
        # Help
        self.about = act("&About Reelroom")
        self.diagnostics = act("&Diagnostics…", None, "What Reelroom found on this computer")
        self.keyboard_shortcuts = act("&Keyboard Shortcuts", None,
                                      "Every key Reelroom answers to")

    def all(self) -> list[QAction]:
        """Every action, in the order declared here (menus, the shortcut list, tests)."""
        return [a for a in vars(self).values() if isinstance(a, QAction)]

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """(what, keys) for every action that has keys, then the Player's own keys."""
        rows = []
        named = {self.undo: "Undo", self.redo: "Redo"}  # their text names the next step
        for a in self.all():
            # a standard key's extra bindings to a keyboard's own New/Open/Undo keys are not
            # keys a person types: leave them out of the list
            keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in a.shortcuts()
                    if k.count() and k[0].key().value < _SPECIAL_KEYS]
            keys = [k for k in keys if k]
            if keys:
                what = named.get(a) or a.text().replace("&", "").rstrip("…")
                rows.append((what, ", ".join(keys)))
        return rows + list(PLAYER_KEYS)


_SPECIAL_KEYS = 0x01000061  # Qt::Key_Back: from here on, media and application keys

# The Player's keys: handled by the Player (and the storyboard) itself, not as window
# shortcuts, so they never fire while typing a prompt. Listed here so the list is one place.
PLAYER_KEYS = (
    ("Play / pause", "Space"),
    ("Shuttle back / pause / forward", "J, K, L"),
    ("One frame back / forward", "Left, Right"),
    ("Previous / next shot (Play film)", "Up, Down"),
    ("Start / end", "Home, End"),
    ("Set in / out point", "I, O"),
    ("Full screen (Escape leaves)", "F"),
)
