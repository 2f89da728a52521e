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
from nkdash_desktop.i18n import QT_TRANSLATE_NOOP, translate

# what KeyringFailed's sentence says the keyring could not do, in the operator's language
KEYRING_ACTIONS = {
    "store": QT_TRANSLATE_NOOP("OdooErrors", "store"),
    "read": QT_TRANSLATE_NOOP("OdooErrors", "read"),
    "delete": QT_TRANSLATE_NOOP("OdooErrors", "delete"),
}


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


class InvalidUrl(OdooError):
    def __init__(self, url: str) -> None:
        super().__init__(
            translate(
                "OdooErrors",
                '"{url}" is not a valid Odoo address: enter it like https://mycompany.odoo.com '
                "or http://192.168.1.10:8069 in Settings.",
            ).format(url=url)
        )


class WrongCredentials(OdooError):
    """Login, password or API key refused (also: a key revoked or expired mid-run)."""

    def __init__(self, login: str, database: str, *, api_key_only: bool = False) -> None:
        if api_key_only:
            sentence = translate(
                "OdooErrors",
                'Odoo refused the API key of "{login}" on database "{database}": the JSON-2 '
                "transport needs a valid API key (Odoo: Preferences > Account Security > New API "
                "Key), so enter one in Settings or choose the Automatic transport.",
            )
        else:
            sentence = translate(
                "OdooErrors",
                'Odoo refused the login "{login}" with this password or API key on database '
                '"{database}": check both in Settings (an API key may have expired or been '
                "revoked).",
            )
        super().__init__(sentence.format(login=login, database=database))
        self.login = login
        self.database = database


class UnknownDatabase(OdooError):
    def __init__(self, url: str, database: str) -> None:
        super().__init__(
            translate(
                "OdooErrors",
                'The Odoo server at {url} has no database named "{database}": check the database '
                "name in Settings.",
            ).format(url=url, database=database)
        )
        self.database = database


class HostNotFound(OdooError):
    """DNS failure: almost always a typo in the URL, so not worth retrying."""

    def __init__(self, host: str) -> None:
        super().__init__(
            translate(
                "OdooErrors",
                'The host name "{host}" could not be found (DNS): check the Odoo URL in Settings '
                "and this computer's network connection.",
            ).format(host=host)
        )
        self.host = host


class HostUnreachable(OdooError):
    """Connection refused, reset or dropped: transient until the last try."""

    retryable = True

    def __init__(self, url: str, reason: str, *, tries: int = 1) -> None:
        if tries > 1:
            cause = translate("OdooErrors", "{reason} after {tries} tries").format(
                reason=reason, tries=tries
            )
        else:
            cause = reason
        super().__init__(
            translate(
                "OdooErrors",
                "Cannot reach Odoo at {url} ({cause}): check the URL, that the server is "
                "running, and the network or proxy settings of this computer.",
            ).format(url=url, cause=cause)
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
        if tries > 1:
            sentence = translate(
                "OdooErrors",
                "Odoo at {url} answered HTTP {status} ({phrase}) {tries} times in a row: the "
                "server or a proxy in front of it is overloaded or down for maintenance, so try "
                "again later.",
            )
        else:
            sentence = translate(
                "OdooErrors",
                "Odoo at {url} answered HTTP {status} ({phrase}): the server or a proxy in front "
                "of it is overloaded or down for maintenance, so try again later.",
            )
        OdooError.__init__(
            self, sentence.format(url=url, status=status, phrase=phrase, tries=tries)
        )
        self.url, self.reason, self.tries = url, f"HTTP {status}", tries
        self.status = status
        self.retry_after = retry_after

    def exhausted(self, tries: int) -> OdooError:
        return ServerUnavailable(self.url, self.status, tries=tries)._detail_from(self)


class OdooTimeout(OdooError):
    retryable = True

    def __init__(self, url: str, timeout_s: float, *, tries: int = 1) -> None:
        if tries > 1:
            sentence = translate(
                "OdooErrors",
                "Odoo at {url} did not answer within {seconds} s, {tries} tries in a row: try "
                "again later, or raise the timeout or lower the batch size in Settings.",
            )
        else:
            sentence = translate(
                "OdooErrors",
                "Odoo at {url} did not answer within {seconds} s: try again later, or raise the "
                "timeout or lower the batch size in Settings.",
            )
        super().__init__(sentence.format(url=url, seconds=f"{timeout_s:g}", tries=tries))
        self.url, self.timeout_s, self.tries = url, timeout_s, tries

    def exhausted(self, tries: int) -> OdooError:
        return OdooTimeout(self.url, self.timeout_s, tries=tries)._detail_from(self)


class TlsError(OdooError):
    """The secure connection failed: untrusted certificate, bad CA file, or not TLS at all."""

    @classmethod
    def untrusted(cls, host: str, reason: str) -> TlsError:
        return cls(
            translate(
                "OdooErrors",
                "The TLS certificate of {host} could not be verified ({reason}): if the server "
                "uses a self-signed or company certificate authority, give that authority's "
                "certificate as the CA file in Settings or the NKDASH_CA_FILE environment "
                "variable.",
            ).format(host=host, reason=reason)
        )

    @classmethod
    def bad_ca_file(cls, path: str, reason: str) -> TlsError:
        return cls(
            translate(
                "OdooErrors",
                'The CA file "{path}" could not be loaded ({reason}): choose a PEM certificate '
                "file as the CA file in Settings or fix the NKDASH_CA_FILE environment variable.",
            ).format(path=path, reason=reason)
        )

    @classmethod
    def handshake(cls, host: str, reason: str) -> TlsError:
        return cls(
            translate(
                "OdooErrors",
                "The secure connection to {host} failed ({reason}): check that the URL starts "
                "with the right http:// or https:// and has the right port.",
            ).format(host=host, reason=reason)
        )


class NoExternalApi(OdooError):
    """Nothing answers Odoo's external API at that URL (or Odoo Online refuses it)."""

    @classmethod
    def not_odoo(cls, url: str, reason: str) -> NoExternalApi:
        return cls(
            translate(
                "OdooErrors",
                "{url} does not answer Odoo's external API ({reason}): check that the URL is the "
                "address of your Odoo, and on Odoo Online that the plan is Custom (other plans "
                "have no external API).",
            ).format(url=url, reason=reason)
        )

    @classmethod
    def online_plan(cls, host: str, reason: str) -> NoExternalApi:
        return cls(
            translate(
                "OdooErrors",
                "Odoo Online at {host} refused the external API ({reason}): it is only available "
                "on the Odoo Online Custom plan, so upgrade the subscription or use an Odoo.sh or "
                "on-premise server.",
            ).format(host=host, reason=reason)
        )

    @classmethod
    def redirected(cls, url: str, location: str) -> NoExternalApi:
        return cls(
            translate(
                "OdooErrors",
                "{url} redirects to {location}: enter that address as the Odoo URL in Settings.",
            ).format(url=url, location=location)
        )


class Json2Unavailable(OdooError):
    def __init__(self, url: str, version: str) -> None:
        super().__init__(
            translate(
                "OdooErrors",
                "Odoo {version} at {url} has no JSON-2 API (it needs Odoo 19 or later): choose "
                "the Automatic or JSON-RPC transport in Settings.",
            ).format(version=version, url=url)
        )


class UnsupportedVersion(OdooError):
    def __init__(self, url: str, version: str) -> None:
        super().__init__(
            translate(
                "OdooErrors",
                "{url} runs Odoo {version}, which NK Dash does not support: it needs Odoo 16, "
                "17, 18 or 19.",
            ).format(url=url, version=version)
        )


class NoReadAccess(OdooError):
    """Odoo's AccessError on reading a model; `groups` are those Odoo's message says grant it,
    and the sentence names the one a reporting user should get (`rights.advised_group`)."""

    def __init__(self, model: str, login: str, groups: Sequence[str] = ()) -> None:
        from nkdash_desktop.odoo.rights import advised_group

        advised = advised_group(groups)
        if advised:
            sentence = translate(
                "OdooErrors",
                'The Odoo user "{login}" has no read access to {model}: ask your Odoo '
                'administrator for the group "{group}".',
            )
        elif groups:
            sentence = translate(
                "OdooErrors",
                'The Odoo user "{login}" has no read access to {model}: ask your Odoo '
                "administrator for one of the groups Odoo names for it: {groups}.",
            )
        else:
            sentence = translate(
                "OdooErrors",
                'The Odoo user "{login}" has no read access to {model}: ask your Odoo '
                "administrator to grant it (for example through the matching Accounting, "
                "Inventory or Point of Sale user group).",
            )
        names = ", ".join(f'"{g}"' for g in groups)
        super().__init__(sentence.format(login=login, model=model, group=advised, groups=names))
        self.model = model
        self.login = login
        self.groups = list(groups)
        self.advised = advised


class MissingGroup(OdooError):
    """A right whose absence Odoo does not report: its record rules just hide the records
    (a purchase user without Accounting read-only sees vendor bills only)."""

    def __init__(self, login: str, group: str, hidden: str) -> None:
        super().__init__(
            translate(
                "OdooErrors",
                'The Odoo user "{login}" cannot see {hidden}: ask your Odoo administrator for the '
                'group "{group}" (without it Odoo hides them instead of refusing).',
            ).format(login=login, hidden=translate("Datasets", hidden), group=group)
        )
        self.login = login
        self.group = group


class CompanyRefused(OdooError):
    """Odoo's AccessError "Access to unauthorized or invalid companies": the configured
    company is not one of the user's allowed companies."""

    def __init__(self, login: str) -> None:
        super().__init__(
            translate(
                "OdooErrors",
                'Odoo refused the company chosen in Settings: the user "{login}" may not use it '
                '("Access to unauthorized or invalid companies"); choose one of that user\'s '
                "companies in Settings > Connection or with `nkdash login --company`.",
            ).format(login=login)
        )
        self.login = login


class CompanyNotAllowed(OdooError):
    """The company in Settings (or given to `nkdash login --company`) is not one the user
    may use; names the ones they may."""

    def __init__(self, wanted: int | str, login: str, allowed: list[tuple[int, str]]) -> None:
        from nkdash_desktop.odoo.companies import listed

        if isinstance(wanted, int):
            what = translate("OdooErrors", "company id {id}").format(id=wanted)
        else:
            what = f'"{wanted}"'
        super().__init__(
            translate(
                "OdooErrors",
                'The Odoo user "{login}" may not use {company}; their companies are: '
                "{companies}. Choose one of them in Settings > Connection or with "
                "`nkdash login --company`.",
            ).format(login=login, company=what, companies=listed(allowed))
        )
        self.allowed = allowed


class NoSuchModel(OdooError):
    """The model is not installed on this server (an add-on such as pos_hr is missing)."""

    def __init__(self, model: str) -> None:
        super().__init__(
            translate(
                "OdooErrors",
                "This Odoo has no {model} (the module that provides it is not installed).",
            ).format(model=model)
        )
        self.model = model


class ServerError(OdooError):
    """Anything else Odoo reports: quote its own message."""

    def __init__(self, message: str, *, model: str | None = None, method: str | None = None):
        if model and method:
            sentence = translate(
                "OdooErrors",
                'Odoo reported an error on {model}.{method}: "{message}"; if it persists, show '
                "this message to your Odoo administrator.",
            )
        else:
            sentence = translate(
                "OdooErrors",
                'Odoo reported an error: "{message}"; if it persists, show this message to your '
                "Odoo administrator.",
            )
        super().__init__(sentence.format(model=model, method=method, message=message))
        self.message = message
        self.model = model
        self.method = method


class NoKeyring(OdooError):
    def __init__(self) -> None:
        super().__init__(
            translate(
                "OdooErrors",
                "No secure password store (OS keyring) is available on this computer, so the Odoo "
                "password or API key cannot be kept: on Windows check that the Credential Manager "
                "works, on Linux install and unlock a Secret Service keyring such as GNOME "
                "Keyring, or give the secret to every run in the NKDASH_ODOO_SECRET environment "
                "variable (never stored).",
            )
        )


class KeyringFailed(OdooError):
    def __init__(self, action: str, reason: str) -> None:
        super().__init__(
            translate(
                "OdooErrors",
                "The OS keyring could not {action} the Odoo password or API key ({reason}): "
                "unlock the keyring (on Windows, the Credential Manager) and try again.",
            ).format(
                action=translate("OdooErrors", KEYRING_ACTIONS.get(action, action)), reason=reason
            )
        )
