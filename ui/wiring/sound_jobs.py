"""Wiring of the paid sound and words jobs: Generate → Music or Sound Effects…, Narration (Text
to Speech)…, Subtitles from the Platform…; Shot → Describe Take…; File → Describe Film….

Each dialog builds a job through app.services.sound_jobs; the Generator prices it, asks, and
queues exactly what was priced, like every paid job. The film is exported as a preview first
where a job needs it (whole-film subtitles, Describe Film), with progress in the status bar."""

from __future__ import annotations

from app.domain.soundtrack import MUSIC, NARRATION
from app.services import soundtrack
from app.services.editor_state import EditorState
from app.services.sound_jobs import Placement, SoundJobError, SoundJobs, price_of, shot_start
from app.validation_text import user_text


class SoundJobsFeature:
    def __init__(self, window, studio, editor: EditorState, queue_feature) -> None:
        self.window = window
        self.studio = studio
        self.editor = editor
        self.queue_feature = queue_feature
        self.service = SoundJobs(queue_feature.queue)
        self.dialog = None  # the dialog open now (tests reach it here)
        self.last_jobs: list = []
        a = window.actions
        menu = window.menus["generate"]
        first = menu.actions()[menu.actions().index(a.pause_queue) - 1]  # its separator
        for action in (a.generate_music, a.generate_speech, a.platform_subtitles):
            menu.insertAction(first, action)
        menu.insertSeparator(first)
        window.menus["shot"].addAction(a.describe_take)
        window.menus["file"].insertAction(a.settings, a.describe_film)
        a.generate_music.triggered.connect(lambda: self.open_sound("music"))
        a.generate_speech.triggered.connect(lambda: self.open_sound("speech"))
        a.platform_subtitles.triggered.connect(self.open_subtitles)
        a.describe_take.triggered.connect(lambda: self.open_describe(film=False))
        a.describe_film.triggered.connect(lambda: self.open_describe(film=True))

    # -- shared ---------------------------------------------------------------------------
    @property
    def doc(self):
        return self.editor.document

    def _shot(self):
        doc, ids = self.doc, self.editor.selected_ids
        if doc is None or not ids or ids[0] not in doc.shots.ids():
            return None
        return doc.shots.get(ids[0])

    def _label(self, shot) -> str:
        number = self.doc.shots.ids().index(shot.id) + 1
        return f"shot {number} “{shot.title}”" if shot.title.strip() else f"shot {number}"

    def _tell(self, text: str) -> None:
        self.queue_feature.generator.notice("Cannot queue this", text)

    def _spawn(self, coro, name: str):
        return self.queue_feature.tasks.spawn(coro, name)

    async def _send(self, make, what: str, provider: str = "platform"):
        """Build the job (a SoundJobError is the user's to fix), then price, ask, queue. A
        service with no key is refused first: before a preview of the film is exported."""
        from app.domain.service_errors import ProviderError

        try:
            said = self.queue_feature.queue.missing_key(provider)
        except ProviderError as exc:
            self._tell(exc.user_message())
            return []
        if said is not None:
            await self.queue_feature.generator.offer_settings(said)
            return []
        try:
            spec = await make() if callable(make) else make
        except SoundJobError as exc:
            self._tell(str(exc))
            return []
        await self.queue_feature.queue.start()
        jobs = await self.queue_feature.generator.send([spec], what)
        self.last_jobs = jobs
        self.queue_feature._queued(jobs)
        return jobs

    def _needs_project(self) -> bool:
        if self.doc is None:
            self._tell("Open a project first.")
            return False
        return True

    # -- music and speech -------------------------------------------------------------------
    def open_sound(self, mode: str):
        from ui.sound.platform_sound_dialog import PlatformSoundDialog

        if not self._needs_project():
            return None
        doc = self.doc
        tracks = [t.name for t in soundtrack.tracks(self.studio.db, doc.project.id)
                  if t.kind == "audio"]
        shot = self._shot()
        under = (self._label(shot), shot_start(doc, shot.id)) if shot else None
        dialog = PlatformSoundDialog(mode, tracks, MUSIC if mode == "music" else NARRATION,
                                     self.editor.playhead, under,
                                     lambda v: self._price(mode, v), self.window)
        dialog.sound_requested.connect(lambda v: self._spawn(self._queue_sound(mode, v),
                                                             "Queue sound"))
        if mode == "speech":
            self._spawn(self._fill_voices(dialog), "List voices")
        self.dialog = dialog
        dialog.open()
        return dialog

    def _spec(self, mode: str, values: dict):
        doc = self.doc
        shot = self._shot() if values["under_shot"] else None
        where = Placement(self.editor.playhead, shot.id if shot else None)
        if mode == "music":
            return self.service.music(doc, values["text"], values["seconds"],
                                      tags=values["tags"], track=values["track"], where=where)
        return self.service.speech(doc, values["text"], values["voice"] or "",
                                   speed=values["speed"], track=values["track"], where=where)

    def _price(self, mode: str, values: dict) -> str:
        if not values["text"] or (mode == "speech" and not values.get("voice")):
            return "—"
        try:
            cost = price_of(self._spec(mode, values))
        except (SoundJobError, ValueError) as exc:
            return user_text(exc)
        return cost.describe() + (f" ({cost.basis})" if cost.basis else "")

    async def _fill_voices(self, dialog) -> None:
        try:
            voices = await self.service.voices()
        except Exception as exc:  # noqa: BLE001 - any failure is said in the dialog
            said = exc.user_message() if hasattr(exc, "user_message") else str(exc)
            dialog.voices_failed(f"Could not list the platform's voices: {said}")
            return
        dialog.set_voices(voices)

    async def _queue_sound(self, mode: str, values: dict):
        what = "music" if mode == "music" else "narration"

        async def make():
            return self._spec(mode, values)

        return await self._send(make, what)

    # -- subtitles --------------------------------------------------------------------------
    def open_subtitles(self):
        from ui.sound.subtitles_dialog import SubtitlesDialog

        if not self._needs_project():
            return None
        shot = self._shot()
        dialog = SubtitlesDialog(self._label(shot) if shot else None, self.window)
        dialog.subtitles_requested.connect(
            lambda action, v, s=shot: self._spawn(self._queue_subtitles(action, v, s),
                                                  "Queue subtitles"))
        self.dialog = dialog
        dialog.open()
        return dialog

    async def _queue_subtitles(self, action: str, values: dict, shot):
        doc = self.doc

        async def make():
            if action == "translate":
                return self.service.translation(doc, values["to"])
            if shot is None and (action == "burn" or not values["film"]):
                raise SoundJobError("Select a shot first.")
            if action == "burn":
                return await self.service.burn(doc, shot, style=values["style"])
            if values["film"]:
                film = await self._preview(doc)
                return self.service.subtitles_for_film(doc, film, language=values["language"])
            return await self.service.subtitles_for_shot(doc, shot, language=values["language"])

        return await self._send(make, "subtitles")

    async def _preview(self, doc):
        status = self.window.statusBar()

        def progress(p) -> None:
            status.showMessage(f"Exporting a preview of the film: {p.message}", 5000)

        try:
            return await self.service.export_preview(doc, on_progress=progress)
        except Exception as exc:  # noqa: BLE001 - an ExportError says what to fix
            raise SoundJobError(f"The film could not be exported as a preview: {exc}") from exc

    # -- audio description ------------------------------------------------------------------
    def open_describe(self, *, film: bool):
        from ui.sound.describe_dialog import DescribeDialog

        if not self._needs_project():
            return None
        shot = None if film else self._shot()
        if not film and shot is None:
            self._tell("Select the shot whose take to describe first.")
            return None
        subject = "the whole film" if film else f"the take of {self._label(shot)}"
        dialog = DescribeDialog(subject, film=film, parent=self.window)
        dialog.describe_requested.connect(
            lambda kind, options, s=shot: self._spawn(self._queue_describe(s, kind, options),
                                                      "Queue description"))
        self.dialog = dialog
        dialog.open()
        return dialog

    async def _queue_describe(self, shot, kind: str, options: dict):
        doc = self.doc

        async def make():
            if shot is not None:
                return self.service.describe_shot(doc, shot, kind, options)
            film = await self._preview(doc)
            return self.service.describe_film(doc, film, kind, options)

        return await self._send(make, "an audio description", "viddyscribe")
