"""The export dialog's sound and words: which subtitle track goes out and how (soft, burned
in, a sidecar file, or not at all), the loudness target, and ducking music under the voices.
`options()` is what app.services.exporting.export_film takes."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QWidget

from app.services.project_document import ProjectDocument

SUBTITLE_CHOICES = (
    ("None", ("none", "srt")),
    ("Soft (a subtitle stream viewers can switch on)", ("soft", "srt")),
    ("Burned into the picture", ("burn", "srt")),
    ("Sidecar .srt beside the film", ("sidecar", "srt")),
    ("Sidecar .vtt beside the film", ("sidecar", "vtt")),
)
LOUDNESS_CHOICES = (
    ("Automatic (−14 LUFS when there are sound tracks)", "auto"),
    ("−14 LUFS (web, streaming)", "-14"),
    ("−23 LUFS (broadcast, EBU R128)", "-23"),
    ("Off (as mixed)", "off"),
)


class SoundOptions(QWidget):
    def __init__(self, doc: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.subtitles = QComboBox(self)
        for label, data in SUBTITLE_CHOICES:
            self.subtitles.addItem(label, data)
        self.track = QComboBox(self)
        for t in doc.sound.of_kind("subtitle"):
            n = len(doc.sound.cues(t.id))
            self.track.addItem(f"{t.name} ({n} cue{'s' if n != 1 else ''})", t.name)
        self.loudness = QComboBox(self)
        for label, data in LOUDNESS_CHOICES:
            self.loudness.addItem(label, data)
        self.duck = QCheckBox("Lower the music under narration and description (ducking)", self)
        self.duck.setChecked(True)
        clips = sum(len(doc.sound.clips(t.id)) for t in doc.sound.of_kind("audio"))
        self.note = QLabel(f"{clips} audio clip{'s' if clips != 1 else ''} on the sound "
                           "tracks (muted tracks stay out of the mix)", self)
        self.note.setWordWrap(True)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Subtitles", self.subtitles)
        form.addRow("Subtitle track", self.track)
        form.addRow("Loudness", self.loudness)
        form.addRow("", self.duck)
        form.addRow("", self.note)
        self.subtitles.currentIndexChanged.connect(self._sync)
        first_with_cues = next((k for k, t in enumerate(doc.sound.of_kind("subtitle"))
                                if doc.sound.cues(t.id)), None)
        if first_with_cues is not None:
            self.track.setCurrentIndex(first_with_cues)
        self._sync()

    def _sync(self) -> None:
        self.track.setEnabled(self.subtitles.currentData()[0] != "none")

    def choose(self, subtitles: str, loudness: str = "auto", sidecar: str = "srt") -> None:
        for k in range(self.subtitles.count()):
            if self.subtitles.itemData(k) == (subtitles, sidecar):
                self.subtitles.setCurrentIndex(k)
        self.loudness.setCurrentIndex(self.loudness.findData(loudness))

    def options(self) -> dict:
        mode, sidecar = self.subtitles.currentData()
        return {"subtitles": mode, "sidecar_format": sidecar,
                "loudness": self.loudness.currentData(), "duck": self.duck.isChecked(),
                "subtitle_track": self.track.currentData() or "Subtitles"}
