"""A widget or a centred message in its place: the friendly empty state of charts and tables."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget

from nkdash_desktop.ui.runtime.theme import style
from nkdash_desktop.ui.runtime.translation import translate

LOADING = QT_TRANSLATE_NOOP("EmptyState", "Loading…")


class EmptyState(QStackedWidget):
    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.content = content
        self.message = QLabel(translate("EmptyState", LOADING))
        style(self.message, "empty")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.addWidget(content)
        self.addWidget(self.message)
        self.setCurrentWidget(self.message)

    def show_content(self) -> None:
        self.setCurrentWidget(self.content)

    def show_message(self, text: str) -> None:
        """`text` in the operator's language (LOADING is translated here)."""
        self.message.setText(translate("EmptyState", LOADING) if text == LOADING else text)
        self.setCurrentWidget(self.message)

    @property
    def is_empty(self) -> bool:
        return self.currentWidget() is self.message
