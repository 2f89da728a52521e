"""The main window's status bar: its messages never run into the widgets on its right (the
progress bar, "Next nightly sync …"): a long message (an export's path) is shortened in the
middle, with a gap before them, and shown whole on hover."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QStatusBar, QWidget

GAP = 24  # between the message and the first widget on the right
MARGIN = 6


class StatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.right_widgets: list[QWidget] = []
        self.messageChanged.connect(self.setToolTip)

    def addPermanentWidget(self, widget: QWidget, stretch: int = 0) -> None:
        super().addPermanentWidget(widget, stretch)
        self.right_widgets.append(widget)

    def message_rect(self) -> QRect:
        """Where the message may be drawn: up to a gap before the first visible widget."""
        shown = [w.geometry().left() for w in self.right_widgets if w.isVisible()]
        right = min(shown, default=self.width()) - (GAP if shown else MARGIN)
        return QRect(MARGIN, 0, max(right - MARGIN, 0), self.height())

    def shown_message(self) -> str:
        """The message as drawn: elided in the middle (a path keeps its start and file name)."""
        return self.fontMetrics().elidedText(
            self.currentMessage(), Qt.TextElideMode.ElideMiddle, self.message_rect().width()
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.currentMessage():
            super().paintEvent(event)
            return
        painter = QPainter(self)
        painter.setPen(self.palette().windowText().color())
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(self.message_rect(), align, self.shown_message())
