"""Interactive Plotly charts in a QWebEngineView, offline: plotly.js is the copy shipped inside
the plotly package, referenced by file URL (never a CDN).

The page (a grid of chart panels) is written once per layout and theme to a file and loaded by
its URL: a file page may load the file script, and setHtml's 2 MB limit rules out inlining
plotly.js (4.8 MB). Figures are then pushed into the page with Plotly.react through
runJavaScript, so changing the range never reloads plotly.js.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QUrl, Signal
from PySide6.QtGui import QColor
from PySide6.QtWebEngineCore import QWebEnginePage
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from nkdash_desktop.paths import app_paths
from nkdash_desktop.ui.runtime.theme import Theme
from nkdash_desktop.ui.runtime.translation import translate

log = logging.getLogger(__name__)
STOPPED = QT_TRANSLATE_NOOP(
    "PlotlyView",
    "These charts stopped: the web process that draws them ended ({reason}). "
    "The rest of the app keeps working.",
)
# found without importing plotly (a tenth of a second the window's first paint need not wait for)
PLOTLY_JS = (
    Path(importlib.util.find_spec("plotly").origin).parent / "package_data" / "plotly.min.js"
)

_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<script src="{plotly_url}"></script>
<style>
  html, body {{ margin: 0; height: 100%; background: {background}; color: {muted};
               font-family: "Segoe UI", "Noto Sans", sans-serif; overflow: hidden; }}
  #grid {{ display: grid; height: 100vh; gap: 6px; padding: 4px; box-sizing: border-box;
           grid-template-columns: repeat({columns}, minmax(0, 1fr)); grid-auto-rows: 1fr; }}
  .panel {{ position: relative; min-height: 0; min-width: 0; }}
  .msg {{ position: absolute; inset: 0; display: flex; align-items: center;
          justify-content: center; text-align: center; padding: 12px; font-size: 14px; }}
</style></head>
<body><div id="grid">{panels}</div>
<script>
  const config = {{displaylogo: false, responsive: true,
                  modeBarButtonsToRemove: ["lasso2d", "select2d"]}};
  function nkShow(id, fig) {{
    const el = document.getElementById(id);
    const msg = el.querySelector(".msg");
    if (msg) msg.remove();
    Plotly.react(el, fig.data, fig.layout, config);
  }}
  function nkEmpty(id, text) {{
    const el = document.getElementById(id);
    Plotly.purge(el);
    el.innerHTML = "";
    const msg = document.createElement("div");
    msg.className = "msg";
    msg.textContent = text;
    el.appendChild(msg);
  }}
  window.addEventListener("resize", () => {{
    document.querySelectorAll(".js-plotly-plot").forEach(el => Plotly.Plots.resize(el));
  }});
</script></body></html>
"""


def page_file(panels: list[str], columns: int, theme: Theme) -> Path:
    """The chart page for these panels and theme, written (once) to the app's data folder."""
    loading = escape(translate("PlotlyView", "Loading…"))
    cells = "".join(
        f'<div class="panel" id="{p}"><div class="msg">{loading}</div></div>' for p in panels
    )
    html = _PAGE.format(
        plotly_url=QUrl.fromLocalFile(str(PLOTLY_JS)).toString(),
        background=theme.surface,
        muted=theme.muted,
        columns=columns,
        panels=cells,
    )
    digest = hashlib.sha1(html.encode()).hexdigest()[:12]
    path = app_paths().data_dir / "web" / f"charts-{digest}.html"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(html, encoding="utf-8")
        tmp.replace(path)
    return path


def prepare_window_surface(window: QWidget) -> None:
    """Give `window` the OpenGL-capable native surface a web view needs, before its first show.
    A QWebEngineView added to a window that is already on screen makes Qt destroy and re-create
    the window's native window (the window blinks, 0.2-0.5 s after it first appeared), so the
    window the operator first sees is thrown away. A hidden QOpenGLWidget child costs nothing
    until shown, and makes Qt choose that surface when the window is first created."""
    from PySide6.QtOpenGLWidgets import QOpenGLWidget

    primer = QOpenGLWidget(window)
    primer.setObjectName("SurfacePrimer")
    primer.setFixedSize(0, 0)
    primer.hide()


class PlotlyView(QWidget):
    """A grid of Plotly panels; a figure is its JSON text (or a dict, or a plotly Figure)."""

    loaded = Signal(bool)

    def __init__(
        self, panels: list[str], theme: Theme, columns: int = 2, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.panels, self.columns, self.theme = panels, columns, theme
        self.ready = False
        self._last: dict[str, str] = {}  # panel -> the script that drew it (for a theme change)
        self.web: QWebEngineView | None = None  # created by start()
        self._stack = QStackedWidget()
        self.stopped = QLabel()  # in the web view's place when its process has died
        self.stopped.setObjectName("ChartsStopped")
        self.stopped.setWordWrap(True)
        self.stopped.setAlignment(Qt.AlignmentFlag.AlignCenter)
        reload = QPushButton(self.tr("Reload the charts"))
        reload.clicked.connect(self._restart)
        stopped_box = QWidget()
        box = QVBoxLayout(stopped_box)
        box.addStretch(1)
        box.addWidget(self.stopped)
        box.addWidget(reload, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addStretch(1)
        self._stopped_box = stopped_box
        self._stack.addWidget(stopped_box)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self._stack)

    def start(self) -> None:
        """Create the web view and load the page. The window calls this once it has painted:
        starting WebEngine costs the UI thread a second, better spent after the first paint.
        Figures given before are drawn once the page has loaded."""
        if self.web is not None:
            return
        self.web = QWebEngineView(self)
        self.web.loadFinished.connect(self._on_loaded)
        self.web.page().renderProcessTerminated.connect(self._on_process_ended)
        self._stack.addWidget(self.web)
        self._stack.setCurrentWidget(self.web)
        self._load()

    @property
    def has_stopped(self) -> bool:
        return self._stack.currentWidget() is self._stopped_box

    def _on_process_ended(self, status: QWebEnginePage.RenderProcessTerminationStatus, code: int):
        """The page's process died (killed, crashed, out of memory): say so in the tab instead
        of a blank page; the window and the other tabs are unaffected."""
        if status == QWebEnginePage.RenderProcessTerminationStatus.NormalTerminationStatus:
            return
        reasons = {
            QWebEnginePage.RenderProcessTerminationStatus.CrashedTerminationStatus: self.tr(
                "it crashed"
            ),
            QWebEnginePage.RenderProcessTerminationStatus.KilledTerminationStatus: self.tr(
                "it was killed"
            ),
        }
        reason = reasons.get(status, self.tr("exit code {code}").format(code=code))
        log.error("the chart page's web process ended: %s", reason)
        self.ready = False
        self.stopped.setText(translate("PlotlyView", STOPPED).format(reason=reason))
        self._stack.setCurrentWidget(self._stopped_box)

    def _restart(self) -> None:
        if self.web is None:
            return
        self._stack.setCurrentWidget(self.web)
        self._load()

    def _load(self) -> None:
        assert self.web is not None
        self.ready = False
        self.web.page().setBackgroundColor(QColor(self.theme.surface))
        self.web.load(QUrl.fromLocalFile(str(page_file(self.panels, self.columns, self.theme))))

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        if self.web is not None:
            self._load()

    def _on_loaded(self, ok: bool) -> None:
        if not ok:
            log.error("the chart page did not load")
        self.ready = ok
        if ok and self.web is not None:
            for script in self._last.values():
                self.web.page().runJavaScript(script)
        self.loaded.emit(ok)

    def _draw(self, panel: str, script: str) -> None:
        if panel not in self.panels:
            raise KeyError(f"no chart panel {panel!r}")
        self._last[panel] = script
        if self.ready and self.web is not None:
            self.web.page().runJavaScript(script)

    def show_figure(self, panel: str, figure: Any) -> None:
        if isinstance(figure, str):
            fig_json = figure
        else:
            import plotly.io

            fig_json = plotly.io.to_json(figure, validate=False)
        self._draw(panel, f"nkShow({json.dumps(panel)}, {fig_json});")

    def show_empty(self, panel: str, message: str) -> None:
        self._draw(panel, f"nkEmpty({json.dumps(panel)}, {json.dumps(message)});")

    def run_js(self, script: str, callback: Callable[[Any], None]) -> None:
        """Evaluate `script` in the loaded page; `callback(result)` on the UI thread."""
        if self.web is None or not self.ready:
            raise RuntimeError("the chart page has not loaded yet")
        self.web.page().runJavaScript(script, 0, callback)
