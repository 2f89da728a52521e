"""One sentence per failure: every error worded for the operator is an OperatorError, and
`sentence(exc)` is the one lookup the UI, the CLI, the tray and the run records share."""

from __future__ import annotations

import errno

import pytest

from nkdash_desktop.errors import OperatorError, operator_error, sentence
from nkdash_desktop.kpi.excel.book import ExportFileLockedError
from nkdash_desktop.lake.storage import LakeStorageError
from nkdash_desktop.odoo.errors import HostUnreachable, OdooError
from nkdash_desktop.pipeline.control import Cancelled
from nkdash_desktop.settings import SettingsError


def test_an_operator_error_is_its_sentence():
    exc = OperatorError("The lake folder is read-only: choose another in Settings.")
    assert sentence(exc) == "The lake folder is read-only: choose another in Settings."
    assert str(exc) == sentence(exc)
    assert operator_error(exc) is exc


def test_an_error_raised_from_an_operator_error_says_the_cause():
    cause = OdooError("The Odoo server did not answer.", detail="ConnectionRefusedError")
    try:
        try:
            raise cause
        except OdooError as err:
            raise RuntimeError("a worker failed") from err
    except RuntimeError as exc:
        assert operator_error(exc) is cause
        assert sentence(exc) == "The Odoo server did not answer."


def test_a_chain_is_followed_to_the_first_operator_error():
    inner = OperatorError("inner")
    middle = KeyError("middle")
    middle.__cause__ = inner
    outer = RuntimeError("outer")
    outer.__cause__ = middle
    assert sentence(outer) == "inner"
    loop = ValueError("loop")
    loop.__cause__ = loop  # a cycle ends the walk instead of hanging
    assert operator_error(loop) is None


def test_an_implicit_context_is_not_a_cause():
    # an error while handling another is a new failure, not that one said differently
    try:
        try:
            raise OperatorError("first")
        except OperatorError:
            raise ValueError("second") from None
    except ValueError as exc:
        assert sentence(exc) == "second"


def test_a_plain_exception_says_its_message_or_its_class():
    assert operator_error(ValueError("bad month")) is None
    assert sentence(ValueError("bad month")) == "bad month"
    assert sentence(KeyError()) == "KeyError"


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (LakeStorageError("The lake's disk is full.", errno.ENOSPC), "The lake's disk is full."),
        (
            SettingsError("odoo.url must start with http", "odoo.url"),
            "odoo.url must start with http",
        ),
        (Cancelled(), Cancelled.sentence),
        (HostUnreachable("odoo.example.com", "refused"), None),
    ],
)
def test_the_layers_errors_are_operator_errors(exc, expected):
    assert isinstance(exc, OperatorError)
    assert sentence(exc) == (expected or str(exc))


def test_operator_errors_keep_their_other_kinds():
    storage = LakeStorageError("The lake's disk is full.", errno.ENOSPC)
    assert isinstance(storage, OSError) and storage.errno == errno.ENOSPC
    assert isinstance(SettingsError("x"), ValueError)
    locked = ExportFileLockedError("/tmp/kpi.xlsx")
    assert sentence(locked) == locked.sentence == str(locked)
