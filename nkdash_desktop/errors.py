"""Errors worded for the operator, and the one function that finds the line to show for any
failure.

Every layer raises its own kinds (the Odoo client, the lake's storage, settings, exports, the
commands); each derives from `OperatorError`, whose `sentence` says what went wrong and what to
do, with no traceback and no secret. The UI, the CLI, the tray and the run records all ask
`sentence(exc)`, so an error worded once reads the same everywhere, in the operator's language
(docs/i18n.md). This module imports only the translation function: every layer, the engine
included, may import it.
"""

from __future__ import annotations


class OperatorError(Exception):
    """Something the operator (or the Odoo admin) can fix, said in one sentence.

    A subclass may give a class-level `sentence` (a fixed wording, marked
    `QT_TRANSLATE_NOOP("Errors", ...)`) and be raised bare: it is said in the operator's
    language. A sentence given to the constructor is already translated by its raiser."""

    sentence: str

    def __init__(self, sentence: str | None = None) -> None:
        if sentence is None:
            from nkdash_desktop.i18n import translate  # imports nothing else of the project

            sentence = translate("Errors", type(self).sentence)
        super().__init__(sentence)
        self.sentence = sentence

    def __str__(self) -> str:
        return self.sentence


def operator_error(exc: BaseException) -> OperatorError | None:
    """`exc` itself when it is worded for the operator, else the operator error it was raised
    from (`raise ... from err`, followed down the chain), else None: an unexpected failure."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, OperatorError):
            return current
        seen.add(id(current))
        current = current.__cause__
    return None


def sentence(exc: BaseException) -> str:
    """The one line to show for a failure: the operator error's sentence, else the exception's
    own message, else its class name (an exception raised without a message)."""
    known = operator_error(exc)
    if known is not None:
        return known.sentence or type(known).__name__
    return str(exc) or type(exc).__name__
