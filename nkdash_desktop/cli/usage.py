"""What every command may raise or read: the usage error and the operator's settings."""

from __future__ import annotations

from nkdash_desktop.errors import OperatorError
from nkdash_desktop.settings import Settings, SettingsError
from nkdash_desktop.settings_store import SettingsStore


class UsageError(OperatorError):
    """Bad input on the command line: its sentence is shown as is, and the exit code is 2."""


def settings_store() -> SettingsStore:
    """The settings file's store (the one writer); an invalid file is a usage error naming the
    bad key."""
    try:
        return SettingsStore.open()
    except SettingsError as exc:
        raise UsageError(str(exc)) from None


def load_settings() -> Settings:
    """The operator's settings, to read."""
    return settings_store().current
