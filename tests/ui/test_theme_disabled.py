"""Both themes draw a disabled control as disabled. The test walks every action of the studio
window (menus and tool bars) and every button of its docks, disables each one, and checks the
pixels: the disabled drawing differs from the enabled one and its text stands out less from
its background — the palette's disabled colours at work, not just a flag."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction, QColor, QImage, QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication, QMenu, QToolBar

from tests.support.qt_loop import studio_window
from ui.theme import THEMES, apply_theme, palette_for


@pytest.fixture
def window(qtbot, reelroom_home, running_loop):
    yield from studio_window(qtbot)


def _luma(c: QColor) -> float:
    return 0.2126 * c.redF() + 0.7152 * c.greenF() + 0.0722 * c.blueF()


def _contrast(image: QImage) -> float:
    """How far the inkiest pixel is from the most common one (the background)."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    counts: dict[int, int] = {}
    w, h = image.width(), image.height()
    pixels = [image.pixel(x, y) for y in range(0, h, 1) for x in range(0, w, 1)]
    for p in pixels:
        counts[p] = counts.get(p, 0) + 1
    background = _luma(QColor(max(counts, key=counts.get)))
    return max(abs(_luma(QColor(p)) - background) for p in pixels)


def _check(widget, set_enabled, name: str, theme: str, failures: list[str],
           action: QAction | None = None) -> None:
    set_enabled(True)
    if not widget.isEnabled():
        return  # its panel is disabled as a whole (the player with nothing loaded)
    # a menu is drawn whole: look only at the item of this action
    area = widget.actionGeometry(action) if isinstance(widget, QMenu) else widget.rect()
    enabled = widget.grab(area).toImage()
    set_enabled(False)
    disabled = widget.grab(area).toImage()
    set_enabled(True)
    if enabled == disabled:
        failures.append(f"{theme}: {name} looks the same disabled")
    elif _contrast(disabled) >= _contrast(enabled):
        failures.append(f"{theme}: {name} is no dimmer disabled "
                        f"({_contrast(disabled):.2f} vs {_contrast(enabled):.2f})")


def _actions(window) -> list[tuple[str, QAction, object]]:
    """(name, action, widget drawing it) for every action in a menu or a tool bar."""
    found = []
    for key, menu in window.menus.items():
        for action in menu.actions():
            if action.text() and not action.isSeparator() and action.menu() is None:
                found.append((f"{key} menu: {action.text()}", action, menu))
    for bar in window.findChildren(QToolBar):
        for action in bar.actions():
            button = bar.widgetForAction(action)
            if button is not None and button.isVisible() and action.text():
                found.append((f"tool bar: {action.text()}", action, button))
    return found


@pytest.mark.parametrize("theme", THEMES)
def test_every_action_and_button_is_drawn_disabled_in_both_themes(window, qtbot, theme):
    project = window.studio.create_project("Film")
    window.open_project(project.id)
    window.actions.add_shot.trigger()
    window.resize(1600, 1000)
    apply_theme(QApplication.instance(), theme)
    qtbot.wait(20)

    palette = palette_for(theme)
    for role in (QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText,
                 QPalette.ColorRole.Text):
        assert palette.color(QPalette.ColorGroup.Disabled, role) != \
            palette.color(QPalette.ColorGroup.Active, role)

    failures: list[str] = []
    actions = _actions(window)
    assert len(actions) >= 25  # the menus and the dock tool bars, not a sample
    for name, action, widget in actions:
        was = action.isEnabled()
        if isinstance(widget, QMenu):
            widget.setActiveAction(None)
        _check(widget, action.setEnabled, name, theme, failures, action)
        action.setEnabled(was)
    buttons = [b for b in window.findChildren(QAbstractButton)
               if b.isVisible() and getattr(b, "defaultAction", lambda: None)() is None
               and (b.text() or not b.icon().isNull())
               and not b.objectName().startswith("qt_")]
    assert len(buttons) >= 8
    for button in buttons:
        was = button.isEnabled()
        _check(button, button.setEnabled, f"button {button.text() or button.toolTip()}", theme,
               failures)
        button.setEnabled(was)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("theme", THEMES)
def test_the_named_docks_disable_their_buttons_visibly(window, qtbot, theme):
    """The ones a user reported: Queue's Cancel, Cancel All Pending, Retry, Move Up and the
    media bin's Play and Remove with nothing selected."""
    project = window.studio.create_project("Film")
    window.open_project(project.id)
    apply_theme(QApplication.instance(), theme)
    qtbot.wait(20)
    queue_bar = window.features.queue.panel.findChild(QToolBar)
    names = {a.text().replace("&", ""): queue_bar.widgetForAction(a) for a in queue_bar.actions()}
    media = {b.text(): b for b in window.features.media.panel.findChildren(QAbstractButton)}
    wanted = [names.get("Cancel"), names.get("Cancel All Pending"), names.get("Retry"),
              media.get("Play"), media.get("Remove")]
    assert all(w is not None for w in wanted), (sorted(names), sorted(media))
    enabled_ink = palette_for(theme).color(QPalette.ColorGroup.Active,
                                           QPalette.ColorRole.ButtonText)
    for widget in wanted:
        assert not widget.isEnabled()
        image = widget.grab().toImage()
        inks = {image.pixelColor(x, y).name() for y in range(image.height())
                for x in range(image.width())}
        assert enabled_ink.name() not in inks, widget.text()


@pytest.mark.parametrize("theme", THEMES)
def test_the_palette_holds_each_groups_colours_as_set_group_by_group(theme, qapp):
    """palette_for sets each role in all groups at once (fewer calls before the first paint):
    the palette equals one set group by group, colour for colour and in what it resolves."""
    from ui.theme_data import load

    data = load(theme)
    plain = QPalette()
    groups = (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive,
              QPalette.ColorGroup.Disabled)
    for group in groups:
        for role, value in data["palette"].items():
            plain.setColor(group, getattr(QPalette.ColorRole, role), QColor(value))
    for role, value in data["disabled"].items():
        plain.setColor(QPalette.ColorGroup.Disabled, getattr(QPalette.ColorRole, role),
                       QColor(value))
    made = palette_for(theme)
    assert made == plain and made.resolveMask() == plain.resolveMask()
    for group in groups:
        for role in QPalette.ColorRole:
            if role != QPalette.ColorRole.NColorRoles:
                assert made.color(group, role) == plain.color(group, role), (group, role)
    assert made.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text) != made.color(
        QPalette.ColorGroup.Active, QPalette.ColorRole.Text)  # the disabled group its own
