"""Light, dark or the system's colours: saved in QSettings, applied to the whole app.

Qt 6.8 and later switch the platform's colour scheme (QStyleHints.setColorScheme), which the
Fusion style follows; where the platform ignores that (older Qt, no platform theme, a
virtual X server), a palette of our own stands in.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

THEME_KEY = "appearance/theme"


class Theme(Enum):
    SYSTEM = ("system", "Same as the system")
    LIGHT = ("light", "Light")
    DARK = ("dark", "Dark")

    def __init__(self, key: str, label: str) -> None:
        self.key = key
        self.label = label

    @classmethod
    def from_key(cls, key: object) -> Theme:
        for theme in cls:
            if theme.key == key:
                return theme
        return cls.SYSTEM


def saved(settings: QSettings) -> Theme:
    return Theme.from_key(settings.value(THEME_KEY, Theme.SYSTEM.key))


def save(settings: QSettings, theme: Theme) -> None:
    settings.setValue(THEME_KEY, theme.key)
    settings.sync()


def apply(theme: Theme) -> None:
    """Colour the running app for ``theme``."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    hints = QGuiApplication.styleHints()
    wanted = {
        Theme.SYSTEM: Qt.ColorScheme.Unknown,
        Theme.LIGHT: Qt.ColorScheme.Light,
        Theme.DARK: Qt.ColorScheme.Dark,
    }[theme]
    if hasattr(hints, "setColorScheme"):
        hints.setColorScheme(wanted)
    if theme is Theme.SYSTEM or hints.colorScheme() == wanted:
        # The platform follows the scheme: drop any palette of ours.
        app.setPalette(QPalette())
    elif theme is Theme.DARK:
        app.setPalette(dark_palette())
    else:  # the platform ignored the request (no theme plugin): Fusion's own light palette
        app.setPalette(app.style().standardPalette())


def current_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    if hints.colorScheme() == Qt.ColorScheme.Dark:
        return True
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return window.lightness() < 128


def dark_palette() -> QPalette:
    """A dark palette for Qt versions without colour-scheme switching."""
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#1f2229",
        QPalette.ColorRole.WindowText: "#e5e7eb",
        QPalette.ColorRole.Base: "#16181d",
        QPalette.ColorRole.AlternateBase: "#22252d",
        QPalette.ColorRole.Text: "#e5e7eb",
        QPalette.ColorRole.Button: "#2a2e37",
        QPalette.ColorRole.ButtonText: "#e5e7eb",
        QPalette.ColorRole.Highlight: "#2563eb",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#2a2e37",
        QPalette.ColorRole.ToolTipText: "#e5e7eb",
        QPalette.ColorRole.PlaceholderText: "#9ca3af",
        QPalette.ColorRole.Link: "#60a5fa",
        QPalette.ColorRole.Mid: "#3b3f4a",
        QPalette.ColorRole.Midlight: "#333742",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    return palette
