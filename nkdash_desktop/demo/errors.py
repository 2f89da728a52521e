"""Odoo-shaped exceptions raised by the demo server's engine and rendered by the wire layer.

Each error carries the dotted class name Odoo would report (`data.name` in a JSON-RPC envelope,
`name` in a JSON-2 body) and the HTTP status JSON-2 answers with.
"""

from __future__ import annotations

from typing import Any


class OdooError(Exception):
    """An error as Odoo serialises it: class name, message, arguments, HTTP status (JSON-2)."""

    name = "odoo.exceptions.UserError"
    http_status = 422

    def __init__(self, message: str, *arguments: Any) -> None:
        super().__init__(message)
        self.message = message
        self.arguments: list[Any] = list(arguments) if arguments else [message]

    def debug(self) -> str:
        # Odoo sends the server traceback; a short fake one keeps clients' parsers honest.
        return (
            "Traceback (most recent call last):\n"
            '  File "/usr/lib/python3/dist-packages/odoo/http.py", line 1, in _serve_db\n'
            f"{self.name}: {self.message}\n"
        )

    def serialize(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "debug": self.debug(),
            "message": self.message,
            "arguments": self.arguments,
            "context": {},
        }


class UserError(OdooError):
    name = "odoo.exceptions.UserError"
    http_status = 422


class ValidationError(OdooError):
    name = "odoo.exceptions.ValidationError"
    http_status = 422


class AccessDenied(OdooError):
    name = "odoo.exceptions.AccessDenied"
    http_status = 403

    def __init__(self, message: str = "Access Denied") -> None:
        super().__init__(message)


class AccessError(OdooError):
    name = "odoo.exceptions.AccessError"
    http_status = 403


class MissingError(OdooError):
    name = "odoo.exceptions.MissingError"
    http_status = 404


class InvalidValue(OdooError):
    """Python's ValueError as Odoo reports it (bad field in a domain, bad order...)."""

    name = "builtins.ValueError"
    http_status = 500


class BadArguments(OdooError):
    """Python's TypeError: arguments that do not bind to the method's signature."""

    name = "builtins.TypeError"
    http_status = 422


class NoSuchMethod(OdooError):
    name = "builtins.AttributeError"
    http_status = 404


class DatabaseMissing(OdooError):
    name = "psycopg2.OperationalError"
    http_status = 500

    def __init__(self, db: str) -> None:
        super().__init__(f'connection to server failed: FATAL:  database "{db}" does not exist\n')


def invalid_field(model: str, name: str, version: int) -> InvalidValue:
    """Reading a field the model lacks: Odoo 17 dropped the word "model" from the message."""
    where = f"on {model!r}" if version >= 17 else f"on model {model!r}"
    return InvalidValue(f"Invalid field {name!r} {where}")
