"""Talking to Odoo: one client, two transports (JSON-RPC via odoorpc, JSON-2 via httpx),
version-specific field names, retries, request accounting, clear errors, keyring secrets.

No Qt here: the UI, the CLI and the scheduler use the same `OdooClient`; the engine's
functions take any `OdooReader` (what they call on it), which `OdooClient` is.
"""

from nkdash_desktop.odoo.accounting import RequestStats
from nkdash_desktop.odoo.client import OdooClient, OdooConnection, collect_ids
from nkdash_desktop.odoo.errors import (
    CompanyNotAllowed,
    CompanyRefused,
    HostNotFound,
    HostUnreachable,
    InvalidUrl,
    Json2Unavailable,
    KeyringFailed,
    MissingGroup,
    NoExternalApi,
    NoKeyring,
    NoReadAccess,
    NoSuchModel,
    OdooError,
    OdooTimeout,
    ServerError,
    ServerUnavailable,
    TlsError,
    UnknownDatabase,
    UnsupportedVersion,
    WrongCredentials,
)
from nkdash_desktop.odoo.reader import OdooReader
from nkdash_desktop.odoo.secret import Secret
from nkdash_desktop.odoo.versions import OdooVersion

__all__ = [
    "CompanyNotAllowed",
    "CompanyRefused",
    "HostNotFound",
    "HostUnreachable",
    "InvalidUrl",
    "Json2Unavailable",
    "KeyringFailed",
    "MissingGroup",
    "NoExternalApi",
    "NoKeyring",
    "NoReadAccess",
    "NoSuchModel",
    "OdooClient",
    "OdooConnection",
    "OdooError",
    "OdooReader",
    "OdooTimeout",
    "OdooVersion",
    "RequestStats",
    "Secret",
    "ServerError",
    "ServerUnavailable",
    "TlsError",
    "UnknownDatabase",
    "UnsupportedVersion",
    "WrongCredentials",
    "collect_ids",
]
