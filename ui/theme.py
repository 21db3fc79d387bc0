"""Reelroom's two themes, dark (the default) and light, on the Fusion style: one palette and one
stylesheet in resources/theme/ with named roles, and one SVG icon set in resources/icons/.

- `apply_theme(app, "system" | "dark" | "light")`: "system" follows the OS where Qt reports a
  colour scheme (QStyleHints.colorScheme), and is dark where it does not.
- Widget code names roles, never colours: `colour("error")` for painting, `set_tone(label,
  "error")` for a label, `icon("play")` for an icon. Every control gets a disabled palette of
  its own, so a disabled button looks disabled in both themes.
- The style's standard icons (the player's play, mute and full-screen, a toolbar's "»") come
  from the same SVG set, coloured for the theme and drawn dimmer when disabled."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from ui.theme_data import (
    DEFAULT,
    THEMES,
    first_frame_stylesheet,
    first_frame_theme,
    load,
    resource_bytes,
    startup_preference,
    stylesheet_for,
)

__all__ = ["THEMES", "apply_theme", "colour", "current", "end_first_frame", "icon", "load",
           "paint_first_frame", "palette_for", "set_tone", "startup_preference", "stylesheet_for",
           "themed_icon"]

# Qt, QStyle, QIcon, QPainter and QPixmap are imported where they are used: this module is
# loaded before the first paint, and the first touch of a PySide6 class from Python builds its
# Python type with all its enums (the Qt namespace ~30 ms, QStyle ~15 ms on a quiet machine:
# a fifth of a bare window's start-up). Nothing before the first paint needs them. The themes'
# files are read by ui.theme_data, which has no Qt at all.

_current: dict = {}
_preference = "system"
_watching_os = False
_first_frame_sheet = False  # the sheet is first_frame_stylesheet's (see paint_first_frame)

# message box icons keep their meaning in colour
_ICON_ROLES = {"info": "info", "warning": "warning", "error": "error", "question": "info"}


def resolve(preference: str) -> str:
    """"dark" or "light" for a setting of "system", "dark" or "light"."""
    if preference in THEMES:
        return preference
    from PySide6.QtCore import Qt

    scheme = QGuiApplication.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Light:
        return "light"
    return DEFAULT  # dark, or unknown: video tools are dark so the picture stands out


def current() -> str:
    return _current.get("name", DEFAULT)


def colour(role: str) -> QColor:
    """A named role of the current theme ("error", "state-failed", "thumb-background")."""
    theme = _current or load(DEFAULT)
    return QColor(theme["roles"][role])


def palette_for(name: str) -> QPalette:
    """The theme's palette: each role's colour in every group, then the disabled group's own.
    setColor(role, colour) sets all three groups in one call (Qt loops over them), a third of
    the calls and QColors of one per group; the first frame builds this palette."""
    theme = load(name)
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, value in theme["palette"].items():
        palette.setColor(getattr(roles, role), QColor(value))
    for role, value in theme["disabled"].items():
        palette.setColor(QPalette.ColorGroup.Disabled, getattr(QPalette.ColorRole, role),
                         QColor(value))
    return palette


_rendered = None  # _render behind an lru_cache, made with the first icon (see _pixmap)


def _pixmap(name: str, hex_colour: str, size: int, ratio: float):
    """An icon's pixmap, rendered once (the last 256 kept). functools is imported here, not
    at the top: this module loads before the first paint, after PySide6, which reads the whole
    source of each module an import statement names then (functools': ~1M instructions)."""
    global _rendered
    if _rendered is None:
        from functools import lru_cache

        _rendered = lru_cache(maxsize=256)(_render)
    return _rendered(name, hex_colour, size, ratio)


def _render(name: str, hex_colour: str, size: int, ratio: float):
    from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
    from PySide6.QtGui import QPainter, QPixmap
    from PySide6.QtSvg import QSvgRenderer

    svg = resource_bytes("icons", f"{name}.svg").decode("utf-8").replace("currentColor", hex_colour)
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    pix = QPixmap(QSize(round(size * ratio), round(size * ratio)))
    pix.setDevicePixelRatio(ratio)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return pix


def icon(name: str):
    """An icon from resources/icons/, coloured for the current theme, dimmed when disabled."""
    from PySide6.QtGui import QIcon

    roles = (_current or load(DEFAULT))["roles"]
    normal = roles[_ICON_ROLES.get(name, "icon")]
    app = QGuiApplication.instance()
    ratio = app.devicePixelRatio() if app is not None else 1.0
    result = QIcon()
    for size in (16, 20, 24, 32, 48):
        result.addPixmap(_pixmap(name, normal, size, ratio), QIcon.Mode.Normal)
        result.addPixmap(_pixmap(name, roles["icon-active"] if name not in _ICON_ROLES
                                 else normal, size, ratio), QIcon.Mode.Active)
        result.addPixmap(_pixmap(name, roles["icon-disabled"], size, ratio), QIcon.Mode.Disabled)
    return result


def set_tone(widget: QWidget, tone: str) -> None:
    """Colour a label's text by role ("error", "warning", "success", "muted", "normal")
    through the stylesheet, so it follows a change of theme."""
    if widget.property("tone") == tone:
        return
    widget.setProperty("tone", tone)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def apply_theme(app: QApplication, preference: str) -> str:
    """Apply "system", "dark" or "light"; returns the theme now showing."""
    global _current, _preference
    _preference = preference
    name = resolve(preference)
    from ui.theme_style import ReelroomStyle

    end_first_frame(app)  # a window that skipped ui.main still gets the plain sheet
    if not isinstance(app.style(), ReelroomStyle):
        app.setStyle(ReelroomStyle("Fusion"))
    elif _current.get("name") == name:
        return name  # already showing: re-polishing every widget would cost for nothing
    # the palette after the style (a new style may reset it); the sheet only when it changes:
    # after paint_first_frame, setStyle has re-polished every widget with it already
    app.setPalette(palette_for(name))
    if _current.get("name") != name:
        _current = load(name)
        app.setStyleSheet(stylesheet_for(name))
    _refresh_icons(app)
    _watch_os(app)
    return name


def _watch_os(app: QApplication) -> None:
    global _watching_os
    if not _watching_os:
        app.styleHints().colorSchemeChanged.connect(
            lambda *_: _preference == "system" and apply_theme(app, "system"))
        _watching_os = True


def paint_first_frame(app: QApplication, preference: str) -> str:
    """Before the first paint: the theme's palette and stylesheet, and nothing that builds
    the Qt namespace or QStyle from Python (see the imports above). "system" paints dark
    (the default) until `apply_theme` asks the OS once the window is up: on a light desktop
    that is one frame in the dark theme. Our style's icons come with `apply_theme` too.
    The sheet is the first frame's (`first_frame_stylesheet`) until `end_first_frame`."""
    global _current, _preference, _first_frame_sheet
    _preference = preference
    name = first_frame_theme(preference)
    _current = load(name)
    app.setPalette(palette_for(name))
    app.setStyleSheet(first_frame_stylesheet(name))
    _first_frame_sheet = True
    return name


def end_first_frame(app: QApplication) -> None:
    """Once the first frame has painted: the theme's own sheet instead of the first frame's,
    so the dock title bars' icons are the style's again (ours, once `apply_theme` has set
    it). The shell looks the same with either; a no-op when the first frame's sheet is off."""
    global _first_frame_sheet
    if _first_frame_sheet:
        _first_frame_sheet = False
        app.setStyleSheet(stylesheet_for(current()))


def _refresh_icons(app: QApplication) -> None:
    """Icons already set are pixmaps of the old colours: set them again for every widget
    that named its icon (`themed_icon`)."""
    for widget in app.allWidgets():
        name = widget.property("themedIcon")
        if widget.objectName() == "qt_toolbar_ext_button":
            from PySide6.QtCore import Qt
  # a tool bar's "»", made earlier
            bar = widget.parent()
            vertical = getattr(bar, "orientation", lambda: Qt.Orientation.Horizontal)() \
                == Qt.Orientation.Vertical
            name = "more-vertical" if vertical else "more-horizontal"
        if isinstance(name, str) and hasattr(widget, "setIcon"):
            widget.setIcon(icon(name))


def themed_icon(widget: QWidget, name: str) -> None:
    """Give a button an icon that follows the theme."""
    widget.setProperty("themedIcon", name)
    widget.setIcon(icon(name))
