"""From settings to a connected Odoo client, and the connection report behind
`nkdash test-connection` and the Settings dialog's "Test connection" button."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nkdash_desktop.datasets import DATASETS
from nkdash_desktop.i18n import QT_TRANSLATE_NOOP, translate
from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.odoo import OdooClient, OdooConnection, OdooError
from nkdash_desktop.odoo.companies import match_company
from nkdash_desktop.odoo.credentials import find_secret
from nkdash_desktop.odoo.errors import CompanyNotAllowed, MissingGroup
from nkdash_desktop.odoo.reader import OdooReader
from nkdash_desktop.odoo.rights import group_name
from nkdash_desktop.pipeline.runner import RunContext
from nkdash_desktop.settings import OdooSettings, Settings

OPTIONAL_MODULES = ("pos_hr", "product_brand")
SECRET_KIND_WORDS = {
    "api_key": QT_TRANSLATE_NOOP("Connection", "an API key"),
    "password": QT_TRANSLATE_NOOP("Connection", "a password"),
}


def secret_kind_words(kind: str) -> str:
    """'an API key', 'a password' (or 'a password or API key' when unknown), translated."""
    words = SECRET_KIND_WORDS.get(kind)
    return (
        translate("Connection", words)
        if words
        else translate("Connection", "a password or API key")
    )


class NotConfigured(OdooError):
    """No connection in settings, or no secret in the keyring for it."""


def connection_secret(settings: Settings, secret: str | None = None) -> str:
    """The secret to connect with (`secret`, else NKDASH_ODOO_SECRET's or the keyring's);
    NotConfigured, in one
    sentence, when there is no connection or no secret for it."""
    odoo = settings.odoo
    if not settings.is_configured:
        raise NotConfigured(
            translate(
                "Errors",
                "No Odoo connection is set up yet: run `nkdash login` or open Settings > "
                "Connection.",
            )
        )
    if secret is None:
        secret = find_secret(odoo.url, odoo.database, odoo.login)
    if not secret:
        raise NotConfigured(
            translate(
                "Errors",
                'No password or API key is stored for "{login}" on database "{database}": run '
                "`nkdash login` or enter it in Settings > Connection.",
            ).format(login=odoo.login, database=odoo.database)
        )
    return secret


def open_client(settings: Settings, secret: str | None = None, **client_kw: Any) -> OdooClient:
    """A connected client for the configured Odoo; the secret comes from the keyring."""
    secret = connection_secret(settings, secret)
    return OdooClient(OdooConnection.from_settings(settings.odoo), secret, **client_kw).connect()


def run_context(
    settings: Settings, owner: str = "app", secret: str | None = None, *, need_odoo: bool = True
) -> RunContext:
    """Everything a run needs, from settings; each worker opens its own connection. With
    `need_odoo` (a real run, not a dry run) a missing connection or secret stops here, once,
    instead of failing every partition."""
    if need_odoo:
        secret = connection_secret(settings, secret)
    return RunContext(
        layout=LakeLayout(settings.lake_root()),
        timezone=settings.odoo.timezone,
        client_factory=lambda: open_client(settings, secret),
        company_id=settings.odoo.company_id or None,
        connections=settings.odoo.connections,
        owner=owner,
        tax_multipliers=dict(settings.profit.tax_multipliers),
        standard_cost=settings.profit.standard_cost_fallback,
    )


@dataclass
class ConnectionReport:
    server_version: str
    transport: str
    user: str
    uid: int
    companies: list[tuple[int, str, str]]  # id, name, currency
    modules: dict[str, bool]
    readable: dict[str, dict[str, bool]] = field(default_factory=dict)  # dataset -> model -> ok
    secret_kind: str = ""  # api_key | password | "" (this Odoo cannot tell)
    # dataset -> why Odoo would hide its records from this user (a group it lacks)
    hidden: dict[str, str] = field(default_factory=dict)
    company_problem: str = ""  # the configured company is not one of the user's

    def lines(self) -> list[str]:
        if self.secret_kind in SECRET_KIND_WORDS:
            server = translate("Connection", "Odoo {version}, transport {transport} with {kind}")
        else:
            server = translate("Connection", "Odoo {version}, transport {transport}")
        companies = ", ".join(f"{name} [{cid}, {cur}]" for cid, name, cur in self.companies)
        out = [
            server.format(
                version=self.server_version,
                transport=self.transport,
                kind=secret_kind_words(self.secret_kind),
            ),
            translate("Connection", "user {user} (uid {uid})").format(user=self.user, uid=self.uid),
            translate("Connection", "companies: {companies}").format(companies=companies),
        ]
        if self.company_problem:  # nothing else could be checked
            return [*out, self.company_problem]
        installed = translate("Connection", "{module} installed")
        missing = translate("Connection", "{module} not installed")
        modules = ", ".join(
            (installed if ok else missing).format(module=m) for m, ok in self.modules.items()
        )
        out.append(translate("Connection", "optional modules: {modules}").format(modules=modules))
        for dataset, models in self.readable.items():
            bad = [m for m, ok in models.items() if not ok]
            if bad:
                said = translate("Connection", "{dataset}: no read access to {models}")
                out.append(said.format(dataset=dataset, models=", ".join(bad)))
            else:
                readable = self.hidden.get(dataset) or translate("Connection", "readable")
                out.append(f"{dataset}: {readable}")
        return out

    @property
    def ok(self) -> bool:
        return (
            all(all(m.values()) for m in self.readable.values())
            and not self.hidden
            and not self.company_problem
        )


def choose_company(client: OdooReader, wanted: str) -> int:
    """The id of the user's company `wanted` names (a name or an id), else CompanyNotAllowed
    listing the ones they may use."""
    allowed = [(c["id"], c["name"]) for c in client.companies()]
    chosen = match_company(allowed, wanted)
    if chosen is None:
        shown: int | str = int(wanted) if wanted.strip().isdigit() else wanted.strip()
        raise CompanyNotAllowed(shown, client.connection.login, allowed)
    return chosen


def connection_report(client: OdooClient) -> ConnectionReport:
    """What `nkdash test-connection` prints. The configured company is checked first, against
    the user's companies: with one the user may not use, Odoo refuses every other call."""
    login = client.connection.login
    companies = [
        (c["id"], c["name"], c["currency_id"][1] if c.get("currency_id") else "?")
        for c in client.companies()
    ]
    user = client.call(
        "res.users", "search_read", {"domain": [("id", "=", client.uid)], "fields": ["name"]},
        site="meta.user", with_company=False,
    )  # fmt: skip
    report = ConnectionReport(
        server_version=str(client.odoo_version),
        transport=client.transport_name or "?",
        user=user[0]["name"] if user else login,
        uid=client.uid,
        companies=companies,
        modules={},
        secret_kind=client.secret_kind,
    )
    wanted = client.connection.company_id
    if wanted and match_company([(c[0], c[1]) for c in companies], wanted) is None:
        report.company_problem = str(CompanyNotAllowed(wanted, login, [c[:2] for c in companies]))
        return report
    installed = client.installed_modules(OPTIONAL_MODULES)
    report.modules = {m: m in installed for m in OPTIONAL_MODULES}
    checked: dict[str, bool] = {}
    for dataset in DATASETS.values():
        models: dict[str, bool] = {}
        for table in dataset.tables:
            if table.requires_model and not client.model_exists(table.model):
                continue  # an add-on that is not installed is not a missing right
            if table.model not in checked:
                checked[table.model] = client.can_read(table.model)
            models[table.model] = checked[table.model]
        report.readable[dataset.name] = models
        needs = dataset.needs_group
        if needs and all(models.values()) and not client.has_any_group(needs):
            group = group_name(needs[0], client.version)
            report.hidden[dataset.name] = str(MissingGroup(login, group, dataset.description))
    return report


def record_login(odoo: OdooSettings, report: ConnectionReport) -> None:
    """Keep what this login found (never the secret): its kind and the transport that took it."""
    odoo.secret_kind, odoo.login_transport = report.secret_kind, report.transport
