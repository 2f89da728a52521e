"""The operator's settings: typed, validated on load, stored as TOML in the per-user config folder.

Secrets are never part of this file: the password or API key lives in the OS keyring
(`nkdash_desktop.odoo.credentials`). A key that looks like a secret is refused on load.
Each section is a dataclass; a field's metadata holds its validator, so the file format, the
defaults and the checks cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import tempfile
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from nkdash_desktop.errors import OperatorError
from nkdash_desktop.i18n import SETTING_CHOICES, translate
from nkdash_desktop.paths import AppPaths, app_paths, default_lake_root

SETTINGS_VERSION = 1
SECRET_KEYS = {"password", "api_key", "apikey", "secret", "token", "key"}
DEFAULT_TIMEZONE = "Asia/Jakarta"  # the business timezone when the operator sets none


class SettingsError(OperatorError, ValueError):
    """An invalid settings file or value; the message names the bad key. `key` ("odoo.url")
    and `reason` ("must start with ...") let a form show the reason next to its field."""

    def __init__(self, message: str, key: str = "", reason: str = "") -> None:
        super().__init__(message)
        self.key, self.reason = key, reason


Check = Callable[[Any], Any]  # returns the normalised value or raises ValueError(reason)


def _setting(default: Any, check: Check, **kw: Any) -> Any:
    if isinstance(default, dict | list):
        return field(default_factory=lambda: type(default)(default), metadata={"check": check})
    return field(default=default, metadata={"check": check, **kw})


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(translate("Settings", "must be text"))
    return value.strip()


def _url(value: Any) -> str:
    """The server address: what was pasted from the browser (`/odoo/action-…`, `/web#…`,
    `/web/login`, a query, trailing slashes) reduced by the one function the connection uses."""
    from nkdash_desktop.odoo.errors import InvalidUrl
    from nkdash_desktop.odoo.net import server_address

    value = _string(value)
    if not value:
        return value
    try:
        return server_address(value)
    except InvalidUrl:
        raise ValueError(
            translate("Settings", "must start with http:// or https:// followed by a host name")
        ) from None


def _choice(*choices: str) -> Check:
    spelled = ", ".join(c or '""' for c in choices)  # "" (not known) shown as written in TOML

    def check(value: Any) -> str:
        if value not in choices:
            raise ValueError(
                translate("Settings", "must be one of {choices}").format(choices=spelled)
            )
        return value

    return check


def _int_range(lo: int, hi: int) -> Check:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise ValueError(
                translate("Settings", "must be a whole number from {low} to {high}").format(
                    low=lo, high=hi
                )
            )
        return value

    return check


def _float_range(lo: float, hi: float) -> Check:
    def check(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not lo <= value <= hi:
            raise ValueError(
                translate("Settings", "must be a number from {low} to {high}").format(
                    low=f"{lo:g}", high=f"{hi:g}"
                )
            )
        return float(value)

    return check


def _optional_company(value: Any) -> int:
    # 0 means "the user's default company"; TOML has no null
    return _int_range(0, 10**9)(value)


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(translate("Settings", "must be true or false"))
    return value


def _timezone(value: Any) -> str:
    value = _string(value)
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            translate("Settings", "must be an IANA time zone such as Asia/Jakarta")
        ) from None
    return value


def _clock_time(value: Any) -> str:
    value = _string(value)
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", value)
    if not m or int(m[1]) > 23 or int(m[2]) > 59:
        raise ValueError(translate("Settings", "must be a time of day as HH:MM, e.g. 02:00"))
    return f"{int(m[1]):02d}:{m[2]}"


def _path(value: Any) -> str:
    value = _string(value)
    if not value:
        raise ValueError(translate("Settings", "must be a folder path"))
    return value


def _optional_path(value: Any) -> str:
    return _string(value)


def _tax_multipliers(value: Any) -> dict[int, float]:
    if not isinstance(value, dict):
        raise ValueError(translate("Settings", "must be a table of tax id = multiplier"))
    out: dict[int, float] = {}
    for key, mult in value.items():
        try:
            tax_id = int(key)
        except (TypeError, ValueError):
            raise ValueError(
                translate("Settings", "tax id {key} must be a whole number").format(key=repr(key))
            ) from None
        if isinstance(mult, bool) or not isinstance(mult, int | float) or not 0 < mult <= 10:
            raise ValueError(
                translate(
                    "Settings", "multiplier for tax {tax} must be a number above 0, e.g. 1.11"
                ).format(tax=tax_id)
            )
        out[tax_id] = float(mult)
    return dict(sorted(out.items()))


@dataclass
class OdooSettings:
    url: str = _setting("", _url)
    database: str = _setting("", _string)
    login: str = _setting("", _string)
    transport: str = _setting("auto", _choice("auto", "jsonrpc", "json2"))
    company_id: int = _setting(0, _optional_company)  # 0: the user's default company
    timezone: str = _setting(DEFAULT_TIMEZONE, _timezone)
    timeout_s: float = _setting(60.0, _float_range(1, 600))
    batch_size: int = _setting(2000, _int_range(1, 100_000))
    connections: int = _setting(3, _int_range(1, 8))
    ca_file: str = _setting("", _optional_path)  # extra CA bundle for a corporate/self-signed CA
    # found at login, never the secret itself: whether it is an API key or a password ("" not
    # known, e.g. Odoo 16-18 cannot tell) and the transport that took it
    secret_kind: str = _setting("", _choice("api_key", "password", ""))
    login_transport: str = _setting("", _choice("jsonrpc", "json2", ""))


@dataclass
class LakeSettings:
    root: str = _setting("", _optional_path)  # empty: the default lake root


@dataclass
class ScheduleSettings:
    enabled: bool = _setting(True, _boolean)
    nightly_time: str = _setting("02:00", _clock_time)


@dataclass
class ProfitSettings:
    tax_multipliers: dict[int, float] = _setting({}, _tax_multipliers)
    # cost a sales line without a known purchase cost at Odoo's standard_price (a guess, shown
    # as a share beside every margin); changing it rebuilds profit
    standard_cost_fallback: bool = _setting(False, _boolean)


@dataclass
class UiSettings:
    theme: str = _setting("light", _choice("light", "dark"))
    # "system" follows the operator's display language (nkdash_desktop/i18n/language.py)
    language: str = _setting("system", _choice(*SETTING_CHOICES))
    default_range: str = _setting(
        "last_7_days",
        _choice("today", "yesterday", "last_7_days", "month_to_date", "last_month", "year_to_date"),
    )
    start_minimised: bool = _setting(False, _boolean)
    notifications: str = _setting("failures", _choice("failures", "always"))


@dataclass
class AttentionSettings:
    """Thresholds of the "Needs attention" rules (kpi/attention.py)."""

    cost_jump_percent: float = _setting(10.0, _float_range(0.1, 1000))
    cost_jump_days: int = _setting(7, _int_range(1, 366))  # bills of the last N days
    cover_days: float = _setting(3.0, _float_range(0.1, 365))
    cover_window_days: int = _setting(28, _int_range(7, 366))
    dead_stock_days: int = _setting(60, _int_range(7, 3650))
    unusual_weeks: int = _setting(8, _int_range(4, 52))
    # median ± k × MAD (scaled to a standard deviation): 3 is Hampel's classic outlier rule
    unusual_k: float = _setting(3.0, _float_range(0.5, 10))
    # the tray notification after the nightly sync: off, data problems only, or everything
    notify: str = _setting("everything", _choice("off", "data", "everything"))


SECTIONS: dict[str, type] = {
    "odoo": OdooSettings,
    "lake": LakeSettings,
    "schedule": ScheduleSettings,
    "profit": ProfitSettings,
    "ui": UiSettings,
    "attention": AttentionSettings,
}


@dataclass
class Settings:
    odoo: OdooSettings = field(default_factory=OdooSettings)
    lake: LakeSettings = field(default_factory=LakeSettings)
    schedule: ScheduleSettings = field(default_factory=ScheduleSettings)
    profit: ProfitSettings = field(default_factory=ProfitSettings)
    ui: UiSettings = field(default_factory=UiSettings)
    attention: AttentionSettings = field(default_factory=AttentionSettings)
    version: int = SETTINGS_VERSION

    @property
    def is_configured(self) -> bool:
        return bool(self.odoo.url and self.odoo.database and self.odoo.login)

    def lake_root(self, paths: AppPaths | None = None) -> Path:
        return Path(self.lake.root) if self.lake.root else default_lake_root(paths)

    def validated(self) -> Settings:
        """A checked, normalised copy; raises SettingsError naming the first bad key."""
        return from_dict(to_dict(self))


# Keys older versions wrote that mean nothing now; dropped on reading. `ui.start_with_windows`:
# whether the app starts at sign-in is read from the system (autostart.py), never from a copy.
RETIRED_KEYS = frozenset({"ui.start_with_windows"})

# Ordered upgrades: MIGRATIONS[n] turns a version-n dict into version n+1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def from_dict(raw: dict[str, Any], source: str = "settings") -> Settings:
    raw = dict(raw)
    version = raw.pop("version", SETTINGS_VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise SettingsError(
            translate("Settings", "{file}: 'version' must be a whole number of at least 1").format(
                file=source
            )
        )
    if version > SETTINGS_VERSION:
        raise SettingsError(
            translate(
                "Settings",
                "{file}: 'version' {version} was written by a newer NK Dash; update the app",
            ).format(file=source, version=version)
        )
    while version < SETTINGS_VERSION:
        raw = MIGRATIONS[version](raw)
        version += 1
    sections: dict[str, Any] = {}
    for name, values in raw.items():
        if name not in SECTIONS:
            raise SettingsError(
                translate("Settings", "{file}: unknown section or key '{key}'").format(
                    file=source, key=name
                )
            )
        if not isinstance(values, dict):
            raise SettingsError(
                translate("Settings", "{file}: '{key}' must be a section ([{key}])").format(
                    file=source, key=name
                )
            )
        sections[name] = _section(SECTIONS[name], name, values, source)
    return Settings(**sections)


def _section(cls: type, name: str, values: dict[str, Any], source: str) -> Any:
    known = {f.name: f for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in values.items():
        full = f"{name}.{key}"
        if full in RETIRED_KEYS:
            continue
        if key.lower() in SECRET_KEYS:
            raise SettingsError(
                translate(
                    "Settings",
                    "{file}: '{key}' looks like a secret; passwords and API keys are kept in "
                    "the system keyring, never in the settings file: remove it",
                ).format(file=source, key=full)
            )
        if key not in known:
            raise SettingsError(
                translate("Settings", "{file}: unknown key '{key}'").format(file=source, key=full)
            )
        try:
            kwargs[key] = known[key].metadata["check"](value)
        except ValueError as exc:
            raise SettingsError(
                translate("Settings", "{file}: '{key}' {reason} (got {value})").format(
                    file=source, key=full, reason=exc, value=repr(value)
                ),
                key=full,
                reason=str(exc),
            ) from None
    return cls(**kwargs)


def to_dict(settings: Settings) -> dict[str, Any]:
    out: dict[str, Any] = {"version": settings.version}
    for name in SECTIONS:
        out[name] = dataclasses.asdict(getattr(settings, name))
    return out


def load(path: Path | None = None) -> Settings:
    """Read the settings file; a missing file gives the defaults."""
    path = path or app_paths().settings_file
    if not path.exists():
        return Settings()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(
            translate("Settings", "{file}: not valid TOML ({reason})").format(file=path, reason=exc)
        ) from None
    except UnicodeDecodeError:
        raise SettingsError(
            translate("Settings", "{file}: not a text file (expected UTF-8 TOML)").format(file=path)
        ) from None
    return from_dict(raw, source=str(path))


def save(settings: Settings, path: Path | None = None) -> Path:
    """Validate, then write atomically (temp file in the same folder, then replace)."""
    path = path or app_paths().settings_file
    text = dumps(settings.validated())
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def dumps(settings: Settings) -> str:
    lines = [
        "# NK Dash Desktop settings. Passwords and API keys are not here: they are in the",
        "# system keyring (Windows Credential Manager).",
        f"version = {settings.version}",
    ]
    for name, values in to_dict(settings).items():
        if name == "version":
            continue
        lines += ["", f"[{name}]"]
        nested = {k: v for k, v in values.items() if isinstance(v, dict)}
        lines += [f"{k} = {_toml_value(v)}" for k, v in values.items() if k not in nested]
        for key, table in nested.items():
            lines += ["", f"[{name}.{key}]"]
            lines += [f'"{k}" = {_toml_value(v)}' for k, v in table.items()]
    return "\n".join(lines) + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        # a JSON string is a valid TOML basic string (same escapes, including \\uXXXX)
        return json.dumps(value, ensure_ascii=False)
    raise TypeError(f"cannot write {type(value).__name__} to TOML")
