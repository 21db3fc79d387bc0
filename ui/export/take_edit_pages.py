"""One page per take edit. A page shows the operation's settings and turns them into a
TakeEdit; range and value checks are the core's (app.media.operations), so their messages are
the ones the user sees. Pages for frames and GIFs also say where the files go."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from app.media.export_settings import PRESETS, size_for
from app.media.probe import MediaInfo
from app.services.take_edits import TakeEdit
from ui.export.file_field import FileField

# drawtext positions for a text overlay, as the expressions ffmpeg evaluates
TEXT_POSITIONS = {
    "Top left": ("20", "20"),
    "Top centre": ("(w-text_w)/2", "20"),
    "Centre": ("(w-text_w)/2", "(h-text_h)/2"),
    "Bottom centre": ("(w-text_w)/2", "h-text_h-20"),
    "Bottom left": ("20", "h-text_h-20"),
}
CORNERS = {"Bottom right": "bottom-right", "Bottom left": "bottom-left",
           "Top right": "top-right", "Top left": "top-left", "Centre": "center"}
COLOURS = ("white", "black", "yellow", "red", "#00d0ff")
ASPECTS = ("16:9", "9:16", "1:1", "4:3")


def _spin(low: float, high: float, value: float, step: float = 0.1, suffix: str = " s",
          decimals: int = 2) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setDecimals(decimals)
    box.setSingleStep(step)
    box.setValue(value)
    box.setSuffix(suffix)
    return box


def _int(low: int, high: int, value: int, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    box.setSuffix(suffix)
    return box


def _combo(items) -> QComboBox:
    box = QComboBox()
    for item in items:
        box.addItem(*item) if isinstance(item, tuple) else box.addItem(item)
    return box


class EditPage(QWidget):
    title = ""
    help = ""
    makes_take = True

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        if self.help:
            note = QLabel(self.help)
            note.setWordWrap(True)
            note.setStyleSheet("color: palette(placeholder-text);")
            self.form.addRow(note)

    def clip_known(self, info: MediaInfo) -> None:
        """Called once the take has been probed: pages fill in size-dependent defaults."""

    def edit(self) -> TakeEdit:
        raise NotImplementedError

    def target(self) -> Path | None:
        """Where a file-writing page writes (None for pages that make a take)."""
        return None


class TrimPage(EditPage):
    title = "Trim"
    help = "Keep the part between the in and out points (frame-accurate)."

    def __init__(self, duration: float, marks: tuple[float | None, float | None]) -> None:
        super().__init__()
        top = max(duration, 0.1)
        start, end = marks
        self.in_s = _spin(0, 600, start if start is not None else 0.0)
        self.out_s = _spin(0, 600, end if end is not None else top)
        self.form.addRow("In", self.in_s)
        self.form.addRow("Out", self.out_s)
        source = ("From the player's in/out points (I / O)." if start is not None
                  or end is not None else
                  "Tip: play the take and press I and O in the player to mark the range.")
        self.form.addRow(QLabel(source))

    def edit(self) -> TakeEdit:
        return TakeEdit("trim", {"in_s": self.in_s.value(), "out_s": self.out_s.value()})


class SpeedPage(EditPage):
    title = "Speed"
    help = "Faster or slower; the sound keeps its pitch."

    def __init__(self) -> None:
        super().__init__()
        self.factor = _spin(0.25, 4.0, 2.0, step=0.25, suffix=" ×")
        self.form.addRow("Speed", self.factor)

    def edit(self) -> TakeEdit:
        return TakeEdit("speed", {"factor": self.factor.value()})


class CropPage(EditPage):
    title = "Crop"
    help = "Keep a rectangle of the picture (sizes must be even numbers)."

    def __init__(self) -> None:
        super().__init__()
        self.x, self.y = _int(0, 8192, 0, " px"), _int(0, 8192, 0, " px")
        self.w, self.h = _int(2, 8192, 2, " px"), _int(2, 8192, 2, " px")
        for label, box in (("Left", self.x), ("Top", self.y), ("Width", self.w),
                           ("Height", self.h)):
            self.form.addRow(label, box)

    def clip_known(self, info: MediaInfo) -> None:
        if info.width and info.height:
            self.w.setValue(info.width // 2 * 2)
            self.h.setValue(info.height // 2 * 2)

    def edit(self) -> TakeEdit:
        return TakeEdit("crop", {"x": self.x.value(), "y": self.y.value(),
                                 "w": self.w.value(), "h": self.h.value()})


class ResizePage(EditPage):
    title = "Resize / pad"
    help = "Fit the take to a preset size: pad adds black bars, fit keeps the shape, stretch " \
           "fills the frame."

    def __init__(self, aspect: str) -> None:
        super().__init__()
        self.preset = _combo(list(PRESETS))
        self.preset.setCurrentText("720p")
        self.aspect = _combo(ASPECTS if aspect in ASPECTS else (aspect, *ASPECTS))
        self.aspect.setCurrentText(aspect)
        self.mode = _combo([("Pad (black bars)", "pad"), ("Fit inside", "fit"),
                            ("Stretch", "stretch")])
        self.size_note = QLabel()
        self.form.addRow("Preset", self.preset)
        self.form.addRow("Aspect", self.aspect)
        self.form.addRow("Mode", self.mode)
        self.form.addRow("Size", self.size_note)
        self.preset.currentIndexChanged.connect(self._note)
        self.aspect.currentIndexChanged.connect(self._note)
        self._note()

    def _note(self) -> None:
        w, h = size_for(self.preset.currentText(), self.aspect.currentText())
        self.size_note.setText(f"{w} × {h}")

    def edit(self) -> TakeEdit:
        w, h = size_for(self.preset.currentText(), self.aspect.currentText())
        return TakeEdit("resize", {"width": w, "height": h, "mode": self.mode.currentData()})


class TextPage(EditPage):
    title = "Text overlay"
    help = "Words on the picture for a stretch of the take (a caption, a time card)."

    def __init__(self, duration: float) -> None:
        super().__init__()
        self.text = QLineEdit()
        self.text.setPlaceholderText("e.g. “Three weeks later”")
        self.position = _combo(TEXT_POSITIONS)
        self.position.setCurrentText("Bottom centre")
        self.size = _int(4, 1000, 36, " px")
        self.colour = _combo(COLOURS)
        self.colour.setEditable(True)
        self.start = _spin(0, 600, 0.0)
        self.end = _spin(0, 600, max(duration, 0.1))
        for label, box in (("Text", self.text), ("Position", self.position),
                           ("Size", self.size), ("Colour", self.colour), ("From", self.start),
                           ("Until", self.end)):
            self.form.addRow(label, box)

    def edit(self) -> TakeEdit:
        x, y = TEXT_POSITIONS[self.position.currentText()]
        return TakeEdit("text_overlay", {
            "text": self.text.text(), "x": x, "y": y, "size": self.size.value(),
            "colour": self.colour.currentText().strip(), "start": self.start.value(),
            "end": self.end.value(),
        })


class _FilePage(EditPage):
    """A page whose main setting is an input file."""

    option = ""
    caption = ""
    name_filter = ""

    def __init__(self) -> None:
        super().__init__()
        self.file = FileField("open", self.caption, self.name_filter)
        self.form.addRow("File", self.file)

    def chosen(self) -> str:
        path = self.file.path()
        if path is None:
            raise ValueError(f"{self.title}: choose a file first")
        return str(path)


class SubtitlesPage(_FilePage):
    title = "Burn subtitles"
    help = "Draw a subtitle file into the picture."
    caption = "Subtitle file"
    name_filter = "Subtitles (*.srt *.vtt *.ass *.ssa)"

    def edit(self) -> TakeEdit:
        return TakeEdit("burn_subtitles", {"subtitles": self.chosen()})


class AudioPage(_FilePage):
    title = "Add audio track"
    help = "Put music or a voice under the take; it is cut or padded to the take's length."
    caption = "Audio file"
    name_filter = "Audio (*.wav *.mp3 *.m4a *.aac *.flac *.ogg *.opus);;All files (*)"

    def __init__(self) -> None:
        super().__init__()
        self.mix = QRadioButton("Mix with the take's sound")
        self.replace = QRadioButton("Replace the take's sound")
        self.mix.setChecked(True)
        self.volume = _spin(0, 4, 1.0, suffix=" ×")
        self.form.addRow("", self.mix)
        self.form.addRow("", self.replace)
        self.form.addRow("Volume", self.volume)

    def edit(self) -> TakeEdit:
        return TakeEdit("add_audio", {"audio": self.chosen(), "volume": self.volume.value(),
                                      "mode": "mix" if self.mix.isChecked() else "replace"})


class WatermarkPage(EditPage):
    title = "Watermark"
    help = "A translucent mark for the whole take: your name or a logo."

    def __init__(self) -> None:
        super().__init__()
        self.use_text = QRadioButton("Text")
        self.use_image = QRadioButton("Image (PNG logo)")
        self.use_text.setChecked(True)
        self.text = QLineEdit()
        self.text.setPlaceholderText("© Your studio")
        self.image = FileField("open", "Watermark image", "Images (*.png *.jpg *.jpeg *.webp)")
        self.corner = _combo(CORNERS)
        self.opacity = _spin(0, 1, 0.6, step=0.05, suffix="")
        for label, box in (("", self.use_text), ("Text", self.text), ("", self.use_image),
                           ("Image", self.image), ("Corner", self.corner),
                           ("Opacity", self.opacity)):
            self.form.addRow(label, box)

    def edit(self) -> TakeEdit:
        position = CORNERS[self.corner.currentText()]
        if self.use_text.isChecked():
            return TakeEdit("watermark_text", {"text": self.text.text(), "position": position,
                                               "opacity": self.opacity.value()})
        image = self.image.path()
        if image is None:
            raise ValueError("Watermark: choose an image, or use text")
        return TakeEdit("watermark_image", {"image": str(image), "position": position,
                                            "opacity": self.opacity.value()})


class FramesPage(EditPage):
    title = "Extract frames"
    help = "Save stills (PNG) into a folder; the take stays as it is."
    makes_take = False

    def __init__(self, default_folder: Path) -> None:
        super().__init__()
        self.count_mode = QRadioButton("A number of frames, evenly spaced")
        self.rate_mode = QRadioButton("Frames per second")
        self.count_mode.setChecked(True)
        self.count = _int(1, 10000, 8)
        self.fps = _spin(0.01, 120, 1.0, suffix=" fps")
        self.folder = FileField("folder", "Folder for the frames")
        self.folder.set_path(default_folder)
        for label, box in (("", self.count_mode), ("Frames", self.count), ("", self.rate_mode),
                           ("Rate", self.fps), ("Folder", self.folder)):
            self.form.addRow(label, box)

    def edit(self) -> TakeEdit:
        if self.count_mode.isChecked():
            return TakeEdit("extract_frames", {"count": self.count.value()})
        return TakeEdit("extract_frames", {"fps": self.fps.value()})

    def target(self) -> Path | None:
        path = self.folder.path()
        if path is None:
            raise ValueError("Extract frames: choose a folder for the frames")
        return path


class GifPage(EditPage):
    title = "GIF"
    help = "Save the take as an animated GIF; the take stays as it is."
    makes_take = False

    def __init__(self, default_file: Path) -> None:
        super().__init__()
        self.fps = _spin(1, 50, 12, step=1, suffix=" fps", decimals=0)
        self.width = _int(16, 4096, 480, " px wide")
        self.file = FileField("save", "Save the GIF as", "GIF (*.gif)")
        self.file.set_path(default_file)
        for label, box in (("Frame rate", self.fps), ("Width", self.width),
                           ("Save as", self.file)):
            self.form.addRow(label, box)

    def edit(self) -> TakeEdit:
        return TakeEdit("to_gif", {"fps": self.fps.value(), "width": self.width.value()})

    def target(self) -> Path | None:
        path = self.file.path()
        if path is None:
            raise ValueError("GIF: choose where to save it")
        return path
