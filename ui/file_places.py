"""Where file dialogs open: the folder last used for that kind of file in this session, else
the user's Videos, Pictures or Music folder, else home — never the folder Reelroom was started
from."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

_Where = QStandardPaths.StandardLocation
_HOMES = {"video": _Where.MoviesLocation, "media": _Where.MoviesLocation,
          "image": _Where.PicturesLocation, "audio": _Where.MusicLocation,
          "project": _Where.DocumentsLocation}
_last: dict[str, Path] = {}


def kind_of(name_filter: str) -> str:
    low = name_filter.lower()
    if "image" in low or "*.png" in low:
        return "image"
    if "audio" in low or "*.wav" in low or "*.mp3" in low:
        return "audio"
    if "reelroom" in low or "otio" in low or "edl" in low:
        return "project"
    return "video"


def start_folder(kind: str) -> str:
    last = _last.get(kind)
    if last is not None and last.is_dir():
        return str(last)
    found = QStandardPaths.writableLocation(_HOMES.get(kind, _Where.MoviesLocation))
    if found and Path(found).is_dir():
        return found
    return str(Path.home())


def remember(kind: str, chosen: str | Path) -> None:
    path = Path(chosen)
    folder = path if path.is_dir() else path.parent
    if str(folder) not in ("", "."):
        _last[kind] = folder


def file_dialog(parent: QWidget, caption: str, kind: str, name_filter: str = "",
                start: str = "") -> QFileDialog:
    """A QFileDialog opening where `kind` files live (or at `start`, a suggested file), that
    remembers the folder the user picks from."""
    dialog = QFileDialog(parent, caption, start or start_folder(kind), name_filter)
    dialog.fileSelected.connect(lambda chosen: remember(kind, chosen))
    dialog.filesSelected.connect(lambda files: files and remember(kind, files[0]))
    return dialog
