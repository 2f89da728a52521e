"""Keeping the password or API key out of text: an opaque holder and a scrubber.

The secret travels inside a `Secret` so that a stray `repr()`, f-string or log call shows
asterisks; only the transports call `reveal()`. Any text built from a server or network error
goes through `scrub()` before it can reach an exception or a log record.
"""

from __future__ import annotations

REDACTED = "***"


class Secret:
    """A password or API key that never prints itself."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError("a secret must be text")
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __reduce__(self):  # no pickling into a cache or a crash dump
        raise TypeError("a Secret cannot be pickled")


def scrub(text: str, *secrets: Secret | str | None) -> str:
    """`text` with every occurrence of the secrets replaced by asterisks."""
    for secret in secrets:
        value = secret.reveal() if isinstance(secret, Secret) else secret
        if value and value in text:
            text = text.replace(value, REDACTED)
    return text
