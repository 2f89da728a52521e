"""Finding English the operator would read on an Indonesian screen.

The English words of the app are those of the `.ts` sources (every sentence the code marks);
those that no Indonesian translation uses ("Revenue", "the", "of") must not show once the
language is Indonesian. Words both languages use ("Margin", "Status", "Odoo", "POS") and the
data's own words (product, company and cashier names come from Odoo as they are) pass: a text
fails only on a word that the app itself brought in English.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QWidget,
    QWizard,
    QWizardPage,
)

from nkdash_desktop.i18n.catalog import ts_files
from nkdash_desktop.i18n.language import DEFAULT_LOCALES
from nkdash_desktop.i18n.tools import messages

WORD = re.compile(r"[A-Za-z][A-Za-z']+")
TAG = re.compile(r"<[^>]+>")
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\w")
NAME_CHUNK = re.compile(r"[/@_\\]|\w\.\w")
FORMATS = (QLocale.FormatType.LongFormat, QLocale.FormatType.ShortFormat)
# Names and codes, the same in both languages
NAMES = {
    "nk", "dash", "odoo", "pos", "excel", "windows", "json", "rpc", "api", "url", "rp", "usd",
    "idr", "mad", "kb", "mb", "gb", "parquet", "duckdb", "id", "ok", "qris", "csv", "xlsx",
}  # fmt: skip


def _words(text: str) -> set[str]:
    """The words of a text; not those of a path, an address, an e-mail or a time zone name
    (`/tmp/...`, `https://...`, `user@example.com`, `America/New_York`): names, not prose."""
    text = PLACEHOLDER.sub(" ", TAG.sub(" ", html.unescape(text.replace("&&", ""))))
    prose = " ".join(chunk for chunk in text.split() if not NAME_CHUNK.search(chunk))
    return {w.lower().strip("'") for w in WORD.findall(prose.replace("&", ""))}


def calendar_words(locale: str) -> set[str]:
    """A locale's weekday and month names, long and short ('Min' is Minggu, Sunday): the
    formats' words, not the app's sentences."""
    qt = QLocale(locale)
    names = [qt.dayName(d, f) for d in range(1, 8) for f in FORMATS]
    names += [qt.monthName(m, f) for m in range(1, 13) for f in FORMATS]
    return {w.lower() for name in names for w in WORD.findall(name)}


def english_words(language: str = "id") -> set[str]:
    """Words of the English sentences that no translation into `language` uses."""
    english: set[str] = set()
    translated: set[str] = set()
    for ts in ts_files(language):
        for (_, source), message in messages(ts).items():
            english |= _words(source)
            translated |= _words(message.findtext("translation") or "")
    calendar = calendar_words(DEFAULT_LOCALES[language])
    # English weekday and month names (Mon, Dec) are English on screen too
    return (english - translated - NAMES - calendar) | (calendar_words("en_US") - calendar)


def english_in(texts: Iterable[str], words: set[str]) -> list[str]:
    """Each text with an English word in it, and the words."""
    out = []
    for text in dict.fromkeys(t for t in texts if t):
        found = sorted(_words(text) & words)
        if found:
            out.append(f"{text[:120]!r}: {', '.join(found)}")
    return out


def _table_texts(view: QTableView, data_columns: set[int]) -> Iterator[str]:
    model = view.model()
    if model is None:
        return
    for c in range(model.columnCount()):
        yield str(model.headerData(c, Qt.Orientation.Horizontal) or "")
        if c in data_columns:
            continue  # names from Odoo: products, vendors, cashiers
        for r in range(min(model.rowCount(), 50)):
            yield str(model.index(r, c).data() or "")


def data_columns(view: QTableView) -> set[int]:
    """Columns holding Odoo's own names (text columns of a FrameModel)."""
    columns = getattr(view.model(), "columns", None)
    if columns is None:
        return set()
    return {i for i, c in enumerate(columns) if c.kind in ("text", "note")}


def visible_texts(
    root: QWidget, only_visible: bool = True, names: tuple[QWidget, ...] = ()
) -> Iterator[str]:
    """Every text the operator can read on `root` and its children: labels, buttons, fields'
    hints, lists, tables' headings and the cells the app writes, tabs, menus, tooltips.
    `names`: lists of Odoo's names (a product chooser), left out."""
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if only_visible and not w.isVisibleTo(root) and w is not root:
            continue
        if w in names:
            continue
        yield w.toolTip()
        if w.isWindow():
            yield w.windowTitle()
        if isinstance(w, (QLabel, QAbstractButton)):
            yield w.text()
        elif isinstance(w, QGroupBox):
            yield w.title()
        elif isinstance(w, (QLineEdit, QPlainTextEdit)):
            yield w.placeholderText()
        elif isinstance(w, QAbstractSpinBox):
            yield w.text()
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                yield w.itemText(i)
                yield str(w.itemData(i, Qt.ItemDataRole.ToolTipRole) or "")
        elif isinstance(w, QTabWidget):
            for i in range(w.count()):
                yield w.tabText(i)
                yield w.tabToolTip(i)
        elif isinstance(w, QListWidget):
            for i in range(w.count()):
                yield w.item(i).text()
        elif isinstance(w, QTableView):
            yield from _table_texts(w, data_columns(w))
        elif isinstance(w, QWizardPage):
            yield w.title()
            yield w.subTitle()
        if isinstance(w, QWizard):
            for which in (
                QWizard.WizardButton.BackButton,
                QWizard.WizardButton.NextButton,
                QWizard.WizardButton.CommitButton,
                QWizard.WizardButton.FinishButton,
                QWizard.WizardButton.CancelButton,
            ):
                yield w.buttonText(which)
    if isinstance(root, QMainWindow):
        yield from menu_texts(root.menuBar().actions())


def menu_texts(actions) -> Iterator[str]:
    for action in actions:
        yield action.text()
        yield action.toolTip() if action.toolTip() != action.text().replace("&", "") else ""
        menu = action.menu()
        if isinstance(menu, QMenu):
            yield from menu_texts(menu.actions())


TRACE_TEXTS = ("text", "customdata", "hovertemplate", "texttemplate")


def figure_texts(figure: dict) -> Iterator[str]:
    """A Plotly figure's words: its titles, the hover and slice texts, a heatmap's axes and
    colour bar; not the names of categories, payment methods and cashiers (Odoo's), nor
    settings such as colours."""
    yield from _titles(figure.get("layout", {}))
    for trace in figure.get("data", []):
        for key in TRACE_TEXTS:
            yield from _strings(trace.get(key))
        if trace["type"] == "heatmap":
            yield from _strings([trace.get("x"), trace.get("y")])
            yield from _titles(trace.get("colorbar", {}))


def _titles(layout: dict) -> Iterator[str]:
    for key, value in layout.items():
        if key == "title":
            yield value.get("text", "") if isinstance(value, dict) else str(value)
        elif isinstance(value, dict) and key != "template":
            yield from _titles(value)


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def script_figure(script: str) -> dict | None:
    """The figure of a PlotlyView draw script (`nkShow("id", {...});`), None for a message."""
    if not script.startswith("nkShow("):
        return None
    return json.loads(script[script.index(",") + 1 : script.rindex(")")])


def script_message(script: str) -> str:
    """The message of an empty panel's script (`nkEmpty("id", "text");`)."""
    if not script.startswith("nkEmpty("):
        return ""
    return json.loads(script[script.index(",") + 1 : script.rindex(")")])
