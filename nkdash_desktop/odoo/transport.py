"""The contract both transports fulfil, and what they are built from.

A transport performs ONE attempt of one logical call (possibly a few HTTP requests, such as a
login) and raises only `OdooError`s; retries, context and accounting belong to the client.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from typing import Any, Protocol

from nkdash_desktop import __version__
from nkdash_desktop.odoo.accounting import CallMeter
from nkdash_desktop.odoo.faults import FaultContext
from nkdash_desktop.odoo.net import ServerUrl
from nkdash_desktop.odoo.secret import Secret
from nkdash_desktop.odoo.versions import OdooVersion

USER_AGENT = f"NKDash/{__version__}"


@dataclass(frozen=True)
class Endpoint:
    """Everything a transport needs to reach one database as one user (the secret aside)."""

    server: ServerUrl
    database: str
    login: str
    timeout_s: float
    ssl_context: ssl.SSLContext
    proxy: str | None = None

    def faults(self, secret: Secret, *, api_key_only: bool = False) -> FaultContext:
        return FaultContext(
            self.server,
            self.database,
            self.login,
            self.timeout_s,
            secret=secret,
            api_key_only=api_key_only,
        )


class Transport(Protocol):
    name: str

    def probe_version(self, meter: CallMeter) -> OdooVersion:
        """Ask the server its version (no authentication)."""
        ...

    def authenticate(self, meter: CallMeter) -> tuple[int, dict[str, Any]]:
        """Check the credentials; return the user id and the user's context."""
        ...

    def execute(
        self,
        model: str,
        method: str,
        ids: list[int] | None,
        kwargs: dict[str, Any],
        meter: CallMeter,
    ) -> Any:
        """`model.method(**kwargs)` (on records `ids` when given), one attempt."""
        ...

    def close(self) -> None: ...
