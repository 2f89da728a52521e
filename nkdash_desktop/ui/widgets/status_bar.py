"""Messages on the main window's status bar that never run into the widgets on its right (the
progress bar, "Next nightly sync …"): `show_fitted` shortens a long message (an export's path)
in the middle to end a gap before them; the whole text shows on hover.

Functions over a plain QStatusBar, not a subclass: the bar repaints with every progress update
of a sync, and each virtual call into a Python subclass waits for the interpreter lock the
sync's workers hold."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QMainWindow, QStatusBar, QWidget

GAP = 24  # between the message and the first widget on the right
MARGIN = 6
RIGHT_WIDGETS = "status_right"  # the window's attribute listing its bar's permanent widgets


def message_rect(bar: QStatusBar, right: list[QWidget]) -> QRect:
    """Where a message may go: up to a gap before the first visible widget on the right."""
    shown = [w.geometry().left() for w in right if w.isVisible()]
    end = min(shown, default=bar.width()) - (GAP if shown else MARGIN)
    return QRect(MARGIN, 0, max(end - MARGIN, 0), bar.height())


def show_fitted(window: QMainWindow, text: str, timeout_ms: int = 0) -> None:
    """`text` on `window`'s status bar, shortened in the middle (a path keeps its start and
    its file name) to end before the bar's widgets on the right."""
    bar = window.statusBar()
    right = getattr(window, RIGHT_WIDGETS, None)
    if right is None:  # not the app's main window: nothing on the right to keep clear of
        bar.showMessage(text, timeout_ms)
        return
    width = message_rect(bar, right).width()
    fitted = bar.fontMetrics().elidedText(text, Qt.TextElideMode.ElideMiddle, width)
    bar.setToolTip(text if fitted != text else "")
    bar.showMessage(fitted, timeout_ms)
