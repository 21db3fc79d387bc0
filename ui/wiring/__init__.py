"""The composition root: every feature of the studio window built once, with explicit
arguments, top to bottom. Features share one editor state (app.services.editor_state) instead
of reaching into each other or the window; nothing here sets attributes on the window. Each
module holds one feature's glue (its panel, menu entries and signal connections)."""

from __future__ import annotations

from dataclasses import dataclass

from app.services.editor_state import EditorState
from ui.live_refresh import LiveRefresh
from ui.wiring.card_menu import CardMenu
from ui.wiring.export import ExportFeature
from ui.wiring.follow_ups import FollowUpsFeature
from ui.wiring.interchange import InterchangeFeature
from ui.wiring.library import LibraryFeature
from ui.wiring.media import MediaFeature
from ui.wiring.player import PlayerFeature
from ui.wiring.queue import QueueFeature
from ui.wiring.services import ServicesFeature
from ui.wiring.shot_inputs import ShotInputsFeature
from ui.wiring.sound import SoundFeature
from ui.wiring.sound_jobs import SoundJobsFeature
from ui.wiring.storyboard import StoryboardFeature
from ui.wiring.takes import TakesFeature


@dataclass(frozen=True)
class Features:
    queue: QueueFeature
    storyboard: StoryboardFeature
    library: LibraryFeature
    takes: TakesFeature
    player: PlayerFeature
    media: MediaFeature
    export: ExportFeature
    interchange: InterchangeFeature
    card_menu: CardMenu
    sound: SoundFeature
    sound_jobs: SoundJobsFeature  # platform music, speech, subtitles; ViddyScribe
    live: LiveRefresh  # what reelroom-cli changes meanwhile, shown within a second
    shot_inputs: ShotInputsFeature
    follow_ups: FollowUpsFeature
    services: ServicesFeature


def compose(window, studio, editor: EditorState) -> Features:
    """`window` is the shell (actions, menus, docks, status bar, undo, dialog parent); the
    panels it already holds are handed to the features that use them."""
    queue = QueueFeature(window, studio, editor)
    storyboard = StoryboardFeature(studio, window.inspector, queue.queue)
    library = LibraryFeature(window, studio, editor)
    takes = TakesFeature(studio, editor, window.undo, window.inspector, window.timeline,
                         queue.queue, play=window.play_path, follow=window.after_picture.follow)
    player = PlayerFeature(editor, window.player_panel, window.timeline, window.actions,
                           window.menus["play"], after_picture=window.after_picture)
    media = MediaFeature(window, studio, editor, window.timeline)
    export = ExportFeature(window, studio, editor, window.player_panel)
    interchange = InterchangeFeature(window, studio, editor)
    card_menu = CardMenu(editor, window.timeline, window.actions, player, media,
                         window.docks["media"],
                         status=lambda text: window.statusBar().showMessage(text, 8000))
    sound = SoundFeature(window, editor, window.timeline, media, player, studio.paths.cache)
    sound_jobs = SoundJobsFeature(window, studio, editor, queue)
    live = LiveRefresh(window, studio, queue.queue)
    shot_inputs = ShotInputsFeature(window, window.inspector, media.controller)
    follow_ups = FollowUpsFeature(window, editor, queue)
    services = ServicesFeature(window, studio, queue.queue)
    queue.before_stop += [storyboard.catalog.cancel_loading, services.tasks.cancel_all]
    card_menu.extra_actions = follow_ups.actions
    card_menu.before_open = follow_ups.update_enabled
    return Features(sound=sound, queue=queue, storyboard=storyboard, library=library, takes=takes,
                    player=player, media=media, export=export, interchange=interchange,
                    card_menu=card_menu, live=live, shot_inputs=shot_inputs,
                    follow_ups=follow_ups, services=services, sound_jobs=sound_jobs)
