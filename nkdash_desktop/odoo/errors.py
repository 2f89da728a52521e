"""Typed errors of the Odoo client layer, each worded as one plain sentence saying what to fix.

`str(exc)` is that sentence and nothing else (no traceback, no secret): the UI shows it as is,
the "Test connection" button included. `detail` carries the technical cause (Odoo's exception
class, the HTTP status, the socket error), already scrubbed of the secret, for the log file.
`retryable` marks the transient failures that `retry.Retrier` may try again; after the last try
it calls `exhausted(tries)` so the sentence can say how many tries were made.
"""

from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus

from nkdash_desktop.errors import OperatorError

CA_HINT = "the CA file in Settings or the NKDASH_CA_FILE environment variable"


class OdooError(OperatorError):
    """Base class: something about Odoo access the operator (or the admin) must fix."""

    retryable: bool = False

    def __init__(self, sentence: str, *, detail: str = "") -> None:
        super().__init__(sentence)
        self.detail = detail

    def exhausted(self, tries: int) -> OdooError:
        """The error to raise once `tries` attempts have all failed this way."""
        return self

    def _detail_from(self, other: OdooError) -> OdooError:
        self.detail = other.detail
        return self


def _tries(tries: int) -> str:
    return f"{tries} tries" if tries != 1 else "1 try"


class InvalidUrl(OdooError):
    def __init__(self, url: str) -> None:
        super().__init__(
            f'"{url}" is not a valid Odoo address: enter it like https://mycompany.odoo.com '
            "or http://192.168.1.10:8069 in Settings."
        )


class WrongCredentials(OdooError):
    """Login, password or API key refused (also: a key revoked or expired mid-run)."""

    def __init__(self, login: str, database: str, *, api_key_only: bool = False) -> None:
        if api_key_only:
            sentence = (
                f'Odoo refused the API key of "{login}" on database "{database}": the JSON-2 '
                "transport needs a valid API key (Odoo: Preferences > Account Security > New API "
                "Key), so enter one in Settings or choose the Automatic transport."
            )
        else:
            sentence = (
                f'Odoo refused the login "{login}" with this password or API key on database '
                f'"{database}": check both in Settings (an API key may have expired or been '
                "revoked)."
            )
        super().__init__(sentence)
        self.login = login
        self.database = database


class UnknownDatabase(OdooError):
    def __init__(self, url: str, database: str) -> None:
        super().__init__(
            f'The Odoo server at {url} has no database named "{database}": check the database '
            "name in Settings."
        )
        self.database = database


class HostNotFound(OdooError):
    """DNS failure: almost always a typo in the URL, so not worth retrying."""

    def __init__(self, host: str) -> None:
        super().__init__(
            f'The host name "{host}" could not be found (DNS): check the Odoo URL in Settings '
            "and this computer's network connection."
        )
        self.host = host


class HostUnreachable(OdooError):
    """Connection refused, reset or dropped: transient until the last try."""

    retryable = True

    def __init__(self, url: str, reason: str, *, tries: int = 1) -> None:
        after = f" after {_tries(tries)}" if tries > 1 else ""
        super().__init__(
            f"Cannot reach Odoo at {url} ({reason}{after}): check the URL, that the server is "
            "running, and the network or proxy settings of this computer."
        )
        self.url, self.reason, self.tries = url, reason, tries

    def exhausted(self, tries: int) -> OdooError:
        return HostUnreachable(self.url, self.reason, tries=tries)._detail_from(self)


class ServerUnavailable(HostUnreachable):
    """HTTP 429/502/503/504: the server or a proxy in front of it is busy or restarting."""

    def __init__(
        self, url: str, status: int, *, tries: int = 1, retry_after: float | None = None
    ) -> None:
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = "error"
        times = f" {tries} times in a row" if tries > 1 else ""
        OdooError.__init__(
            self,
            f"Odoo at {url} answered HTTP {status} ({phrase}){times}: the server or a proxy in "
            "front of it is overloaded or down for maintenance, so try again later.",
        )
        self.url, self.reason, self.tries = url, f"HTTP {status}", tries
        self.status = status
        self.retry_after = retry_after

    def exhausted(self, tries: int) -> OdooError:
        return ServerUnavailable(self.url, self.status, tries=tries)._detail_from(self)


class OdooTimeout(OdooError):
    retryable = True

    def __init__(self, url: str, timeout_s: float, *, tries: int = 1) -> None:
        times = f", {_tries(tries)} in a row" if tries > 1 else ""
        super().__init__(
            f"Odoo at {url} did not answer within {timeout_s:g} s{times}: try again later, or "
            "raise the timeout or lower the batch size in Settings."
        )
        self.url, self.timeout_s, self.tries = url, timeout_s, tries

    def exhausted(self, tries: int) -> OdooError:
        return OdooTimeout(self.url, self.timeout_s, tries=tries)._detail_from(self)


class TlsError(OdooError):
    """The secure connection failed: untrusted certificate, bad CA file, or not TLS at all."""

    @classmethod
    def untrusted(cls, host: str, reason: str) -> TlsError:
        return cls(
            f"The TLS certificate of {host} could not be verified ({reason}): if the server "
            "uses a self-signed or company certificate authority, give that authority's "
            f"certificate as {CA_HINT}."
        )

    @classmethod
    def bad_ca_file(cls, path: str, reason: str) -> TlsError:
        return cls(
            f'The CA file "{path}" could not be loaded ({reason}): choose a PEM certificate file '
            "as the CA file in Settings or fix the NKDASH_CA_FILE environment variable."
        )

    @classmethod
    def handshake(cls, host: str, reason: str) -> TlsError:
        return cls(
            f"The secure connection to {host} failed ({reason}): check that the URL starts with "
            "the right http:// or https:// and has the right port."
        )


class NoExternalApi(OdooError):
    """Nothing answers Odoo's external API at that URL (or Odoo Online refuses it)."""

    @classmethod
    def not_odoo(cls, url: str, reason: str) -> NoExternalApi:
        return cls(
            f"{url} does not answer Odoo's external API ({reason}): check that the URL is the "
            "address of your Odoo, and on Odoo Online that the plan is Custom (other plans have "
            "no external API)."
        )

    @classmethod
    def online_plan(cls, host: str, reason: str) -> NoExternalApi:
        return cls(
            f"Odoo Online at {host} refused the external API ({reason}): it is only available "
            "on the Odoo Online Custom plan, so upgrade the subscription or use an Odoo.sh or "
            "on-premise server."
        )

    @classmethod
    def redirected(cls, url: str, location: str) -> NoExternalApi:
        return cls(
            f"{url} redirects to {location}: enter that address as the Odoo URL in Settings."
        )


class Json2Unavailable(OdooError):
    def __init__(self, url: str, version: str) -> None:
        super().__init__(
            f"Odoo {version} at {url} has no JSON-2 API (it needs Odoo 19 or later): choose the "
            "Automatic or JSON-RPC transport in Settings."
        )


class UnsupportedVersion(OdooError):
    def __init__(self, url: str, version: str) -> None:
        super().__init__(
            f"{url} runs Odoo {version}, which NK Dash does not support: it needs Odoo 16, 17, "
            "18 or 19."
        )


class NoReadAccess(OdooError):
    """Odoo's AccessError on reading a model; `groups` are those Odoo's message says grant it,
    and the sentence names the one a reporting user should get (`rights.advised_group`)."""

    def __init__(self, model: str, login: str, groups: Sequence[str] = ()) -> None:
        from nkdash_desktop.odoo.rights import advised_group

        advised = advised_group(groups)
        if advised:
            advice = f'ask your Odoo administrator for the group "{advised}"'
        elif groups:
            names = ", ".join(f'"{g}"' for g in groups)
            advice = f"ask your Odoo administrator for one of the groups Odoo names for it: {names}"
        else:
            advice = (
                "ask your Odoo administrator to grant it (for example through the matching "
                "Accounting, Inventory or Point of Sale user group)"
            )
        super().__init__(f'The Odoo user "{login}" has no read access to {model}: {advice}.')
        self.model = model
        self.login = login
        self.groups = list(groups)
        self.advised = advised


class MissingGroup(OdooError):
    """A right whose absence Odoo does not report: its record rules just hide the records
    (a purchase user without Accounting read-only sees vendor bills only)."""

    def __init__(self, login: str, group: str, hidden: str) -> None:
        super().__init__(
            f'The Odoo user "{login}" cannot see {hidden}: ask your Odoo administrator for the '
            f'group "{group}" (without it Odoo hides them instead of refusing).'
        )
        self.login = login
        self.group = group


class CompanyRefused(OdooError):
    """Odoo's AccessError "Access to unauthorized or invalid companies": the configured
    company is not one of the user's allowed companies."""

    def __init__(self, login: str) -> None:
        super().__init__(
            f'Odoo refused the company chosen in Settings: the user "{login}" may not use it '
            '("Access to unauthorized or invalid companies"); choose one of that user\'s '
            "companies in Settings > Connection or with `nkdash login --company`."
        )
        self.login = login


class CompanyNotAllowed(OdooError):
    """The company in Settings (or given to `nkdash login --company`) is not one the user
    may use; names the ones they may."""

    def __init__(self, wanted: int | str, login: str, allowed: list[tuple[int, str]]) -> None:
        from nkdash_desktop.odoo.companies import listed

        what = f"company id {wanted}" if isinstance(wanted, int) else f'"{wanted}"'
        super().__init__(
            f'The Odoo user "{login}" may not use {what}; their companies are: '
            f"{listed(allowed)}. Choose one of them in Settings > Connection or with "
            "`nkdash login --company`."
        )
        self.allowed = allowed


class NoSuchModel(OdooError):
    """The model is not installed on this server (an add-on such as pos_hr is missing)."""

    def __init__(self, model: str) -> None:
        super().__init__(
            f"This Odoo has no {model} (the module that provides it is not installed)."
        )
        self.model = model


class ServerError(OdooError):
    """Anything else Odoo reports: quote its own message."""

    def __init__(self, message: str, *, model: str | None = None, method: str | None = None):
        where = f" on {model}.{method}" if model and method else ""
        super().__init__(
            f'Odoo reported an error{where}: "{message}"; if it persists, show this message to '
            "your Odoo administrator."
        )
        self.message = message
        self.model = model
        self.method = method


class NoKeyring(OdooError):
    def __init__(self) -> None:
        super().__init__(
            "No secure password store (OS keyring) is available on this computer, so the Odoo "
            "password or API key cannot be kept: on Windows check that the Credential Manager "
            "works, on Linux install and unlock a Secret Service keyring such as GNOME Keyring, "
            "or give the secret to every run in the NKDASH_ODOO_SECRET environment variable "
            "(never stored)."
        )


class KeyringFailed(OdooError):
    def __init__(self, action: str, reason: str) -> None:
        super().__init__(
            f"The OS keyring could not {action} the Odoo password or API key ({reason}): unlock "
            "the keyring (on Windows, the Credential Manager) and try again."
        )
