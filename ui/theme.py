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

import json
import pkgutil
from functools import cache, lru_cache

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QWidget

THEMES = ("dark", "light")
DEFAULT = "dark"

_current: dict = {}
_preference = "system"
_watching_os = False

_STANDARD_ICONS = {
    QStyle.StandardPixmap.SP_MediaPlay: "play",
    QStyle.StandardPixmap.SP_MediaPause: "pause",
    QStyle.StandardPixmap.SP_MediaStop: "stop",
    QStyle.StandardPixmap.SP_MediaVolume: "volume",
    QStyle.StandardPixmap.SP_MediaVolumeMuted: "volume-muted",
    QStyle.StandardPixmap.SP_MediaSkipForward: "next",
    QStyle.StandardPixmap.SP_MediaSkipBackward: "previous",
    QStyle.StandardPixmap.SP_MediaSeekForward: "forward",
    QStyle.StandardPixmap.SP_MediaSeekBackward: "back",
    QStyle.StandardPixmap.SP_TitleBarMaxButton: "full-screen",
    QStyle.StandardPixmap.SP_TitleBarNormalButton: "restore",
    QStyle.StandardPixmap.SP_TitleBarCloseButton: "close",
    QStyle.StandardPixmap.SP_DockWidgetCloseButton: "close",
    QStyle.StandardPixmap.SP_ToolBarHorizontalExtensionButton: "more-horizontal",
    QStyle.StandardPixmap.SP_ToolBarVerticalExtensionButton: "more-vertical",
    QStyle.StandardPixmap.SP_BrowserReload: "reload",
    QStyle.StandardPixmap.SP_DialogOpenButton: "open",
    QStyle.StandardPixmap.SP_DialogSaveButton: "save",
    QStyle.StandardPixmap.SP_TrashIcon: "trash",
    QStyle.StandardPixmap.SP_ArrowUp: "arrow-up",
    QStyle.StandardPixmap.SP_ArrowDown: "arrow-down",
    QStyle.StandardPixmap.SP_ArrowLeft: "arrow-left",
    QStyle.StandardPixmap.SP_ArrowRight: "arrow-right",
    QStyle.StandardPixmap.SP_DialogApplyButton: "check",
    QStyle.StandardPixmap.SP_MessageBoxInformation: "info",
    QStyle.StandardPixmap.SP_MessageBoxWarning: "warning",
    QStyle.StandardPixmap.SP_MessageBoxCritical: "error",
    QStyle.StandardPixmap.SP_MessageBoxQuestion: "question",
}
# message box icons keep their meaning in colour
_ICON_ROLES = {"info": "info", "warning": "warning", "error": "error", "question": "info"}


def _resource(*parts: str) -> bytes:
    data = pkgutil.get_data("resources", "/".join(parts))
    if data is None:
        raise FileNotFoundError("/".join(parts))
    return data


@cache
def load(name: str) -> dict:
    """The theme's palette, disabled palette and named roles (resources/theme/<name>.json)."""
    return json.loads(_resource("theme", f"{name}.json"))


def resolve(preference: str) -> str:
    """"dark" or "light" for a setting of "system", "dark" or "light"."""
    if preference in THEMES:
        return preference
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
    theme = load(name)
    palette = QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive,
                  QPalette.ColorGroup.Disabled):
        for role, value in theme["palette"].items():
            palette.setColor(group, getattr(QPalette.ColorRole, role), QColor(value))
    for role, value in theme["disabled"].items():
        palette.setColor(QPalette.ColorGroup.Disabled, getattr(QPalette.ColorRole, role),
                         QColor(value))
    return palette


def stylesheet_for(name: str) -> str:
    text = _resource("theme", "style.qss").decode("utf-8")
    roles = load(name)["roles"]
    for role in sorted(roles, key=len, reverse=True):  # "@icon-disabled" before "@icon"
        text = text.replace(f"@{role}", roles[role])
    return text


@lru_cache(maxsize=256)
def _pixmap(name: str, hex_colour: str, size: int, ratio: float) -> QPixmap:
    from PySide6.QtSvg import QSvgRenderer

    svg = _resource("icons", f"{name}.svg").decode("utf-8").replace("currentColor", hex_colour)
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    pix = QPixmap(QSize(round(size * ratio), round(size * ratio)))
    pix.setDevicePixelRatio(ratio)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return pix


def icon(name: str) -> QIcon:
    """An icon from resources/icons/, coloured for the current theme, dimmed when disabled."""
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


class ReelroomStyle(QProxyStyle):
    """Fusion, with the standard icons drawn from our SVG set in the theme's colours."""

    def standardIcon(self, standard_icon, option=None, widget=None):  # noqa: N802 (Qt API)
        name = _STANDARD_ICONS.get(standard_icon)
        if name is not None:
            return icon(name)
        return super().standardIcon(standard_icon, option, widget)


def startup_preference() -> str:
    """The saved theme setting, read without loading the settings model: the window paints
    in its theme from the first frame."""
    from app.paths import resolve_paths

    try:
        value = json.loads(resolve_paths().settings_file.read_text(encoding="utf-8"))["theme"]
    except (OSError, ValueError, KeyError, TypeError):
        return "system"
    return value if value in (*THEMES, "system") else "system"


def apply_theme(app: QApplication, preference: str) -> str:
    """Apply "system", "dark" or "light"; returns the theme now showing."""
    global _current, _preference, _watching_os
    _preference = preference
    name = resolve(preference)
    if _current.get("name") == name and isinstance(app.style(), ReelroomStyle):
        return name  # already showing: re-polishing every widget would cost for nothing
    if not isinstance(app.style(), ReelroomStyle):
        app.setStyle(ReelroomStyle("Fusion"))
    _current = load(name)
    app.setPalette(palette_for(name))
    app.setStyleSheet(stylesheet_for(name))
    _refresh_icons(app)
    if not _watching_os:
        app.styleHints().colorSchemeChanged.connect(
            lambda *_: _preference == "system" and apply_theme(app, "system"))
        _watching_os = True
    return name


def _refresh_icons(app: QApplication) -> None:
    """Icons already set are pixmaps of the old colours: set them again for every widget
    that named its icon (`themed_icon`)."""
    for widget in app.allWidgets():
        name = widget.property("themedIcon")
        if widget.objectName() == "qt_toolbar_ext_button":  # a tool bar's "»", made earlier
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
