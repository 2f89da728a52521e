"""Which Odoo company an operator means: an id or a name, among the companies there are."""

from __future__ import annotations

from collections.abc import Iterable

from nkdash_desktop.i18n import translate


def match_company(choices: Iterable[tuple[int, str]], wanted: int | str) -> int | None:
    """The id of the company `wanted` names (its id, or its name in any letter case), or
    None when it names none of `choices` ((id, name) pairs)."""
    choices = list(choices)
    text = str(wanted).strip()
    if text.isdigit():
        return next((cid for cid, _name in choices if cid == int(text)), None)
    folded = text.casefold()
    return next((cid for cid, name in choices if name.casefold() == folded), None)


def listed(choices: Iterable[tuple[int, str]]) -> str:
    """'NK Mart (id 1), NK Mart Bali (id 2)', or 'none' for no companies at all."""
    return ", ".join(f"{name} (id {cid})" for cid, name in choices) or translate(
        "Connection", "none"
    )
