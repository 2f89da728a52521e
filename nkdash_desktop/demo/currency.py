"""Currency rates by date, and how Odoo posts a foreign-currency invoice in company currency.

`res.currency.rate` holds, per company, the rate of each other currency from a date on: `rate`
is units of that currency per one unit of the company's currency (an IDR company's dollar row
says 0.0000614 dollars a rupiah). A document uses the last row dated on or before its date.
The demo's rupiah/dollar rate moves every week and has cents, as a bank feed's does.

Posting (one function for the generated history and for edits, mutations.py):
- a product line's `amount_currency` is its signed `price_subtotal`; its `balance` is that
  amount at the move's rate, rounded to the company currency's cent, line by line;
- one tax line per tax: `amount_currency` is the tax of its base lines summed and rounded once
  (under round_per_line each line's tax was rounded first). Its `balance` is converted on its
  own, not taken from the product lines:
  - Odoo 16 converts each base line's tax at that line's own posted rate (amount_currency /
    balance) and rounds the sum in company currency;
  - Odoo 17+ keeps the move's rate (`invoice_currency_rate`) and converts the tax at it;
- the payment term line takes what balances the move.
So a dollar invoice's amount_total_signed is its lines' balances plus its tax lines' balances,
which is not its document total times a rate to the cent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from nkdash_desktop.demo import catalogue as cat
from nkdash_desktop.demo.data_common import round2

# rupiah per dollar: a base, a slow swing and a weekly wobble, with cents
_BASE, _SWING, _WOBBLE = 16_250.0, 310.0, 45.0
RATE_WEEKDAY = 0  # a new rate every Monday
# rows start this long before the history, so that its first day has a rate on or before it
RATES_BEFORE = timedelta(days=14)


def idr_per_usd(days: np.ndarray) -> np.ndarray:
    """The rate published on each date (numpy datetime64[D]): a function of the date only, so
    that a demo's history does not depend on when it was started."""
    ordinal = days.astype("datetime64[D]").astype(np.int64).astype(np.float64)
    rate = _BASE + _SWING * np.sin(ordinal / 41.0) + _WOBBLE * np.sin(ordinal / 3.7)
    return np.round(rate, 2)


def rate_dates(first: date, last: date) -> np.ndarray:
    """The dates of res.currency.rate rows covering [first, last]: every Monday from before
    `first` to `last`."""
    start = first - RATES_BEFORE
    start -= timedelta(days=(start.weekday() - RATE_WEEKDAY) % 7)
    return np.arange(np.datetime64(start, "D"), np.datetime64(last, "D") + 1, 7)


def rate_rows(first: date, last: date) -> dict[str, np.ndarray]:
    """res.currency.rate columns: for each company, the other currency's rate by date."""
    days = rate_dates(first, last)
    x = np.repeat(idr_per_usd(days), 2)
    main = np.tile([True, False], len(days))  # by date, then company: in creation order
    return {
        "name": np.repeat(days, 2),
        # units of the currency per unit of the company's currency
        "rate": np.where(main, 1.0 / x, x),
        "currency_id": np.where(main, cat.CURRENCY_USD, cat.CURRENCY_IDR),
        "company_id": np.where(main, cat.COMPANY_MAIN, cat.COMPANY_BALI),
    }


def rate_on(days: np.ndarray, currency: np.ndarray, company: np.ndarray) -> np.ndarray:
    """Units of `currency` per unit of `company`'s currency on each date, as Odoo finds it (the
    last row on or before the date); 1.0 where the document is in the company's currency."""
    days = np.asarray(days).astype("datetime64[D]")
    first = days.min() if len(days) else np.datetime64("2000-01-01")
    last = days.max() if len(days) else first
    published = rate_dates(first.astype(date), last.astype(date))
    x = idr_per_usd(published)[np.searchsorted(published, days, side="right") - 1]
    own = np.array([cat.COMPANY_CURRENCY[int(c)] for c in np.asarray(company)], dtype=np.int64)
    currency = np.asarray(currency)
    return np.where(
        currency == own,
        1.0,
        np.where(own == cat.CURRENCY_IDR, 1.0 / x, x),
    )


def list_price_in(amount: np.ndarray, currency: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Rupiah amounts in `currency` at the rate of `day` (unrounded): what a dollar supplier
    charges for goods NK Mart's rupiah list prices."""
    company = np.full(len(np.atleast_1d(currency)), cat.COMPANY_MAIN)
    return np.asarray(amount) * rate_on(day, currency, company)


@dataclass
class Posted:
    """Company-currency amounts of a set of moves: per product line its balance; per tax
    line (move, tax) its amount_currency and balance."""

    product_balance: np.ndarray
    tax_move: np.ndarray
    tax_id: np.ndarray
    tax_amount_currency: np.ndarray
    tax_balance: np.ndarray


def post(
    n_moves: int,
    line_move: np.ndarray,
    amount_currency: np.ndarray,
    comp_line: np.ndarray,
    comp_tax: np.ndarray,
    comp_amount_currency: np.ndarray,
    rate: np.ndarray,
    version: int,
) -> Posted:
    """Post product lines (`amount_currency`, signed, document currency, rounded) and their
    tax components (line, tax id, signed document-currency amount: rounded per line under
    round_per_line, raw under round_globally) of moves whose rate is `rate` (currency units
    per company unit)."""
    line_move = np.asarray(line_move, dtype=np.int64)
    comp_line = np.asarray(comp_line, dtype=np.int64)
    balance = round2(np.asarray(amount_currency) / rate[line_move])
    key = line_move[comp_line] * 64 + np.asarray(comp_tax, dtype=np.int64)
    keys, inverse = np.unique(key, return_inverse=True)
    inverse = inverse.ravel()
    tax_currency = round2(np.bincount(inverse, weights=comp_amount_currency, minlength=len(keys)))
    if version <= 16:
        # each base line's tax at that line's own posted rate
        own_rate = np.divide(
            balance, amount_currency, out=np.ones(len(balance)), where=amount_currency != 0
        )
        in_company = comp_amount_currency * own_rate[comp_line]
    else:
        in_company = comp_amount_currency / rate[line_move[comp_line]]
    tax_balance = round2(np.bincount(inverse, weights=in_company, minlength=len(keys)))
    assert n_moves >= (int(keys.max()) // 64 + 1 if len(keys) else 0)
    return Posted(balance, keys // 64, keys % 64, tax_currency, tax_balance)
