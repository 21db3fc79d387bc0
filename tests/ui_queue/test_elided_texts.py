"""The Queue's kept elided texts and widths (ui/queue/elided_texts.py) are what the font
metrics say, before and after the view's font changes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QStyleOptionViewItem, QTableView

from ui.queue.elided_texts import ElidedTexts

TEXTS = ["done", "$0.40 · 0:01", "OpenAI Videos (Sora) · sora-2", "3. Harbour at dawn", ""]


def option_for(view) -> QStyleOptionViewItem:
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.widget = view
    return option


def test_kept_texts_are_the_font_metrics_answers_through_a_font_change(qapp):
    view = QTableView()
    texts = ElidedTexts()
    for size in (9.0, 16.0, 9.0):  # back to the first font: nothing stale from the second
        font = QFont(view.font())
        font.setPointSizeF(size)
        view.setFont(font)
        option = option_for(view)
        metrics = view.fontMetrics()
        for _ in range(2):  # the second pass from what the first kept
            for text in TEXTS:
                assert texts.width(option, text) == metrics.horizontalAdvance(text)
                for width in (0, 20, 60, 400):
                    assert texts.cut(option, text, width) == metrics.elidedText(
                        text, Qt.TextElideMode.ElideRight, width)
    assert texts.cut(option, TEXTS[2], 60).endswith("…")
