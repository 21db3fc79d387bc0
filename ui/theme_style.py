"""Reelroom's Qt style: Fusion, with the style's standard icons (the player's play, mute and
full-screen, a dock's close button, a toolbar's "»") drawn from our SVG set in the theme's
colours. Its own module because defining it builds QStyle's Python type with all its enums,
which nothing before the first paint needs (see ui/theme.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QProxyStyle, QStyle

from ui.theme import icon

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


class ReelroomStyle(QProxyStyle):
    """Fusion, with the standard icons drawn from our SVG set in the theme's colours."""

    def standardIcon(self, standard_icon, option=None, widget=None):  # noqa: N802 (Qt API)
        name = _STANDARD_ICONS.get(standard_icon)
        if name is not None:
            return icon(name)
        return super().standardIcon(standard_icon, option, widget)
