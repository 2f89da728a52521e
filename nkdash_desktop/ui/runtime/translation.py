"""The widgets' words in the operator's language: Qt's QTranslator loaded with the `.qm` files
compiled from the same `.ts` sources the engine reads (docs/i18n.md).

Widgets write `self.tr("...")`, or `translate("Context", "...")` outside a QObject (a module
function, a worker building a chart), and mark module constants with
`QT_TRANSLATE_NOOP("Context", "...")`, translated where shown: the language is chosen at start,
after the modules are imported. Placeholders are `{name}`, filled after translating."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from nkdash_desktop import i18n
from nkdash_desktop.i18n.catalog import TS_DIR

log = logging.getLogger(__name__)
translate = QCoreApplication.translate  # the name lupdate extracts; thread-safe in Qt
_installed: list[QTranslator] = []  # kept alive: Qt holds no reference of its own


def install_translators(app: QCoreApplication) -> str:
    """Load the `.qm` files of the current language (i18n.current_language) into `app`, in
    place of those installed before; the language's code. English needs none: the code's own
    words are English. Also sets the default QLocale, so dates and numbers Qt formats itself
    (the calendar popups) follow the same locale as the engine's."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    code = i18n.current_language()
    QLocale.setDefault(QLocale(i18n.current_locale()))
    if code == i18n.SOURCE_LANGUAGE:
        return code
    for qm in sorted(TS_DIR.glob(f"*_{code}.qm")):  # engine_id.qm, ui_id.qm
        translator = QTranslator(app)
        if translator.load(str(qm)):
            app.installTranslator(translator)
            _installed.append(translator)
        else:  # the self-test's "translations" check names a missing file; say it here too
            log.warning("the translations %s cannot be loaded: the screens stay in English", qm)
    if not _installed:
        log.warning("no translations of %r in %s: the screens stay in English", code, TS_DIR)
    return code


def use_language(setting: str) -> str:
    """Choose the language from the `ui.language` setting (NKDASH_LANG wins) and load its
    translations into the running app; the language's code. At start, before any window."""
    i18n.set_language(setting)
    app = QCoreApplication.instance()
    return install_translators(app) if app is not None else i18n.current_language()
