"""Words drawn in a theme's named text roles (muted details, warnings, errors, notices) stand
out from every background they are drawn on by at least WCAG AA's 4.5:1, in both themes: the
media bin's details, a card's second line, the inspector's notes and the Duration's snap
notice are readable at the default size."""

from __future__ import annotations

import pytest

from ui.theme import THEMES, load

TEXT_ROLES = ("muted", "warning", "error", "success", "info")
BACKGROUNDS = ("Window", "Base", "AlternateBase")  # where labels, lists and fields draw


def _luminance(hex_colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    h = hex_colour.lstrip("#")
    r, g, b = (channel(int(h[i:i + 2], 16) / 255) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("theme", THEMES)
def test_text_roles_read_on_every_background(theme):
    spec = load(theme)
    roles, palette = spec["roles"], spec["palette"]
    grounds = {name: palette[name] for name in BACKGROUNDS} | {"card": roles["card"]}
    low = [f"{role} on {ground}: {contrast(roles[role], colour):.2f}"
           for role in TEXT_ROLES for ground, colour in grounds.items()
           if contrast(roles[role], colour) < 4.5]
    low += [f"{text} on {ground}: {contrast(palette[text], colour):.2f}"
            for text in ("WindowText", "Text")
            for ground, colour in grounds.items() if contrast(palette[text], colour) < 4.5]
    # a field's hint ("paste your API key") is drawn in the field
    if contrast(palette["PlaceholderText"], palette["Base"]) < 4.5:
        low.append("PlaceholderText on Base")
    assert not low, "\n".join(low)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("kind", ["QCheckBox", "QRadioButton"])
def test_an_unchecked_box_is_drawn_with_an_outline_that_shows(qapp, qtbot, theme, kind):
    """WCAG's 3:1 for the parts of a control: Fusion outlines check boxes and radio buttons
    in the window colour darkened, which vanished on the dark window."""
    from PySide6 import QtWidgets
    from PySide6.QtGui import QColor

    from ui.theme import apply_theme

    apply_theme(qapp, theme)
    try:
        box = getattr(QtWidgets, kind)("Fill shots without a take")
        qtbot.addWidget(box)
        box.show()
        image = box.grab().toImage()
        window = load(theme)["palette"]["Window"]
        indicator_width = 18  # the indicator sits at the left, before the text
        best = max(contrast(QColor(image.pixel(x, y)).name(), window)
                   for x in range(min(indicator_width, image.width()))
                   for y in range(image.height()))
        assert best >= 3.0, f"{kind} in {theme}: its outline is {best:.2f}:1 on the window"
    finally:
        apply_theme(qapp, "dark")
