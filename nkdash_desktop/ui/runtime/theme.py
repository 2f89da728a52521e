"""Light and dark themes: one palette for the widgets, pyqtgraph charts and Plotly charts."""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import shiboken6
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget


@dataclass(frozen=True)
class Theme:
    name: str
    window: str
    surface: str  # cards, charts, tables
    text: str
    muted: str
    grid: str
    accent: str
    revenue: str
    profit: str
    positive: str
    negative: str
    warning: str
    live: str
    plotly_template: str


LIGHT = Theme(
    name="light",
    window="#f3f4f6",
    surface="#ffffff",
    text="#1f2937",
    muted="#6b7280",
    grid="#e5e7eb",
    accent="#2563eb",
    revenue="#3b82f6",
    profit="#10b981",
    positive="#15803d",
    negative="#b91c1c",
    warning="#b45309",
    live="#dc2626",
    plotly_template="plotly_white",
)
DARK = Theme(
    name="dark",
    window="#111827",
    surface="#1f2937",
    text="#f3f4f6",
    muted="#9ca3af",
    grid="#374151",
    accent="#60a5fa",
    revenue="#60a5fa",
    profit="#34d399",
    positive="#4ade80",
    negative="#f87171",
    warning="#fbbf24",
    live="#f87171",
    plotly_template="plotly_dark",
)
THEMES = {t.name: t for t in (LIGHT, DARK)}


def theme(name: str) -> Theme:
    return THEMES.get(name, LIGHT)


# Style sheets go on the few widgets that need them, never on the whole application: an
# application style sheet makes every widget paint through QStyleSheetStyle, two to three
# times slower, and a tab switch repaints the whole window.
_ROLES: dict[str, str] = {
    "card": (
        "QFrame#KpiCard {{ background: {surface}; border: 1px solid {grid}; border-radius: 8px; }}"
        " QLabel {{ background: transparent; }}"
        " QLabel#CardTitle {{ color: {muted}; font-size: 9pt; }}"
        " QLabel#CardValue {{ font-size: 15pt; font-weight: 600; }}"
        " QLabel#CardNote {{ color: {muted}; font-size: 8pt; }}"
        " QLabel#LiveTag {{ color: #ffffff; background: {live}; border-radius: 3px;"
        " padding: 0 4px; font-size: 8pt; font-weight: 700; }}"
    ),
    "attention": (
        "QFrame#Attention {{ background: {surface}; border: 1px solid {grid};"
        " border-left: 4px solid {warning}; border-radius: 6px; }}"
        " QLabel {{ background: transparent; }}"
        " QLabel#AttentionTitle {{ color: {warning}; font-weight: 600; }}"
        " QPushButton {{ text-align: left; border: none; background: transparent;"
        " color: {text}; padding: 1px 2px; }}"
        " QPushButton:hover {{ color: {accent}; text-decoration: underline; }}"
    ),
    "attention_quiet": (
        "QFrame#Attention {{ background: {surface}; border: 1px solid {grid};"
        " border-left: 4px solid {positive}; border-radius: 6px; }}"
        " QLabel {{ background: transparent; color: {muted}; }}"
        " QLabel#AttentionTitle {{ color: {positive}; font-weight: 600; }}"
    ),
    "muted": "color: {muted}; font-size: 9pt;",
    "empty": "color: {muted}; font-size: 11pt;",
    "badge": "color: {muted}; padding: 0 6px;",
    "banner": "color: {warning}; padding: 0 6px; font-weight: 600;",
    "positive": "color: {positive}; font-size: 9pt;",
    "negative": "color: {negative}; font-size: 9pt;",
}
_styled: weakref.WeakKeyDictionary[QWidget, str] = weakref.WeakKeyDictionary()
_current: list[Theme] = [LIGHT]


def style(widget: QWidget, role: str) -> None:
    """Give `widget` the look of `role` in the current theme, and again on a theme change."""
    if _styled.get(widget) == role:
        return  # restyling re-polishes the widget: not for nothing
    _styled[widget] = role
    widget.setStyleSheet(_ROLES[role].format(**vars(_current[0])))


def apply(app: QApplication, t: Theme) -> None:
    """Fusion style with the theme's palette; restyles the widgets given a role."""
    _current[0] = t
    app.setStyle("Fusion")
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: t.window,
        QPalette.ColorRole.WindowText: t.text,
        QPalette.ColorRole.Base: t.surface,
        QPalette.ColorRole.AlternateBase: t.window,
        QPalette.ColorRole.Text: t.text,
        QPalette.ColorRole.Button: t.surface,
        QPalette.ColorRole.ButtonText: t.text,
        QPalette.ColorRole.ToolTipBase: t.surface,
        QPalette.ColorRole.ToolTipText: t.text,
        QPalette.ColorRole.Highlight: t.accent,
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.PlaceholderText: t.muted,
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(t.muted))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(t.muted))
    app.setPalette(palette)
    for widget, role in list(_styled.items()):
        if shiboken6.isValid(widget):  # a closed window's widgets may be gone already
            widget.setStyleSheet(_ROLES[role].format(**vars(t)))
        else:
            del _styled[widget]
