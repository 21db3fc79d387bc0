"""Questions and notices from inside a coroutine without a nested event loop: the dialog is
opened window-modal with `open()` and the coroutine awaits its `finished` signal."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox, QPushButton, QWidget

Button = QMessageBox.StandardButton


def _future_from(dialog) -> asyncio.Future[int]:
    future = asyncio.get_running_loop().create_future()

    def finished(result: int) -> None:
        if not future.done():
            future.set_result(result)

    dialog.finished.connect(finished)
    return future


def confirm_box(parent: QWidget, title: str, text: str, yes: str, *, informative: str = "",
                icon=QMessageBox.Icon.Question) -> tuple[QMessageBox, QPushButton]:
    """The question `confirm` asks, not yet shown (and its yes button)."""
    box = QMessageBox(icon, title, text, Button.Cancel, parent)
    ok = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(ok)
    if informative:
        box.setInformativeText(informative)
    return box, ok


async def confirm(parent: QWidget, title: str, text: str, yes: str, *,
                  informative: str = "", icon=QMessageBox.Icon.Question) -> bool:
    """True when the user pressed `yes`; Cancel, Escape or closing the box is no."""
    box, ok = confirm_box(parent, title, text, yes, informative=informative, icon=icon)
    future = _future_from(box)
    box.open()
    await future
    box.deleteLater()
    return box.clickedButton() is ok


def count_dialog(parent: QWidget, title: str, label: str, value: int = 2,
                 maximum: int = 50) -> QInputDialog:
    """The "how many" question `ask_count` asks, not yet shown."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setInputMode(QInputDialog.InputMode.IntInput)
    dialog.setIntRange(1, maximum)
    dialog.setIntValue(value)
    return dialog


async def ask_count(parent: QWidget, title: str, label: str, value: int = 2,
                    maximum: int = 50) -> int | None:
    dialog = count_dialog(parent, title, label, value, maximum)
    future = _future_from(dialog)
    dialog.open()
    result = await future
    dialog.deleteLater()
    return dialog.intValue() if result == QDialog.DialogCode.Accepted.value else None


def tell(parent: QWidget, title: str, text: str, *, informative: str = "",
         icon=QMessageBox.Icon.Warning) -> QMessageBox:
    """A notice that does not wait (returned so tests can read and close it)."""
    box = QMessageBox(icon, title, text, Button.Ok, parent)
    if informative:
        box.setInformativeText(informative)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


async def ask_text(parent: QWidget, title: str, label: str, text: str = "") -> str | None:
    """Several lines of text (a prompt); None when cancelled."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
    dialog.setTextValue(text)
    future = _future_from(dialog)
    dialog.open()
    result = await future
    dialog.deleteLater()
    return dialog.textValue() if result == QDialog.DialogCode.Accepted.value else None
