"""Amounts of different currencies are never added: the demo's NK Mart sells in rupiah, NK Mart
Bali in dollars with cents. The all-companies cards and `nkdash kpi` show one figure per
currency; where all companies share a currency the figure stays the sum."""

from __future__ import annotations

import demo_lake
import polars as pl
import pytest
from demo_lake import settings_for
from polars.testing import assert_frame_equal

from nkdash_desktop import settings as S
from nkdash_desktop.cli import main
from nkdash_desktop.kpi import format as fmt
from nkdash_desktop.kpi.companies import (
    CURRENCY_COLUMNS,
    companies,
    currency_groups,
    each_currency,
    of_currency,
)
from nkdash_desktop.kpi.format import Currency
from nkdash_desktop.kpi.inventory import stock_on_hand
from nkdash_desktop.kpi.profit import margin_trend
from nkdash_desktop.kpi.sales import (
    sales_by_cashier,
    sales_by_category,
    sales_by_payment_method,
    sales_heatmap,
    top_products,
)
from nkdash_desktop.kpi.summary import rows_of, summary
from nkdash_desktop.lake.catalog import open_catalog
from nkdash_desktop.lake.layout import LakeLayout

IDR, USD = Currency("IDR", "Rp"), Currency("USD", "$")


@pytest.fixture(scope="module")
def one_currency_lake(plain_lake, tmp_path_factory):
    """The demo lake as if NK Mart Bali also sold in rupiah."""
    root = demo_lake.copy_lake(plain_lake, tmp_path_factory.mktemp("idr") / "lake")
    path = LakeLayout(root).single_file("star-schema", "dim_companies")
    table = pl.read_parquet(path)
    table.with_columns(currency_code=pl.lit("IDR"), currency_symbol=pl.lit("Rp")).write_parquet(
        path
    )
    return root


def test_money_follows_its_currency():
    assert fmt.money(53_642_481.4, IDR) == "Rp 53,642,481"
    assert fmt.money(16_513.2, USD) == "$ 16,513.20"
    assert fmt.money(1.25, USD) == "$ 1.25"
    assert fmt.money(None, USD) == fmt.NO_VALUE


def test_the_demo_companies_have_two_currencies(con):
    groups = currency_groups(companies(con))
    assert [(g.currency, g.company_ids) for g in groups] == [(IDR, (1,)), (USD, (2,))]
    assert [g.currency for g in currency_groups(companies(con), 2)] == [USD]


def test_all_companies_cards_show_each_currency_apart(con, week):
    everything = summary(con, week.start, week.end)
    own = {c: summary(con, week.start, week.end, c) for c in (1, 2)}
    revenue = rows_of(everything, "revenue")
    assert [(r["currency"], r["currency_symbol"]) for r in revenue] == [("IDR", "Rp"), ("USD", "$")]
    for row, company in zip(revenue, (1, 2), strict=True):
        alone = rows_of(own[company], "revenue")[0]
        assert row["current"] == alone["current"] and row["previous"] == alone["previous"]
        assert row["current"] > 0
    for metric in ("gross_profit", "margin", "average_basket", "profit_coverage"):
        assert [r["currency"] for r in rows_of(everything, metric)] == ["IDR", "USD"]
    # counts add up across currencies and come once
    (transactions,) = rows_of(everything, "transactions")
    assert transactions["currency"] is None
    assert transactions["current"] == sum(
        rows_of(own[c], "transactions")[0]["current"] for c in (1, 2)
    )


def test_one_currency_still_sums(one_currency_lake, week):
    with open_catalog(one_currency_lake) as con:
        everything = summary(con, week.start, week.end)
        own = [rows_of(summary(con, week.start, week.end, c), "revenue")[0] for c in (1, 2)]
    (revenue,) = rows_of(everything, "revenue")
    assert revenue["currency"] == "IDR"
    assert revenue["current"] == pytest.approx(own[0]["current"] + own[1]["current"], rel=1e-12)
    assert everything.height == len(everything["metric"].unique())


def test_kpi_command_without_company_prints_one_line_per_currency(plain_lake, con, week, capsys):
    S.save(settings_for(plain_lake))
    assert main(["kpi", "--from", str(week.start), "--to", str(week.end)]) == 0
    out = capsys.readouterr().out
    figures = summary(con, week.start, week.end)
    lines = out.splitlines()
    for currency in (IDR, USD):
        row = next(r for r in rows_of(figures, "revenue") if r["currency"] == currency.code)
        line = next(x for x in lines if x.startswith(f"Revenue {currency.code}"))
        assert fmt.money(row["current"], currency) in line
    usd = next(x for x in lines if x.startswith("Revenue USD"))
    assert "$ " in usd and "." in usd.split("$ ")[1].split()[0]  # dollars with cents
    assert sum(x.startswith("Transactions") for x in lines) == 1
    assert "never added" in out
    # the share without a known cost, once per currency too
    assert sum(x.startswith(("No known cost IDR", "No known cost USD")) for x in lines) in (0, 2)


# every breakdown a chart or table of all companies draws: once per currency, never summed
BREAKDOWNS = [
    sales_heatmap, sales_by_category, sales_by_payment_method, sales_by_cashier, top_products,
    margin_trend, stock_on_hand,
]  # fmt: skip


@pytest.mark.parametrize("query", BREAKDOWNS, ids=lambda q: q.__name__)
def test_breakdowns_of_all_companies_come_once_per_currency(query, profit_con, week):
    everything = query(profit_con, week.start, week.end)
    assert set(everything["currency"]) == {"IDR", "USD"}
    for company, currency in ((1, "IDR"), (2, "USD")):
        alone = query(profit_con, week.start, week.end, company)
        assert alone.height > 0
        assert set(alone["currency"]) == {currency}
        # the currency's rows are exactly that company's figures (shares within the currency)
        assert_frame_equal(of_currency(everything, currency), alone.drop(CURRENCY_COLUMNS))


@pytest.mark.parametrize("query", [sales_heatmap, sales_by_payment_method, stock_on_hand],
                         ids=lambda q: q.__name__)  # fmt: skip
def test_breakdowns_of_one_currency_still_sum(query, one_currency_lake, week):
    with open_catalog(one_currency_lake) as con:
        everything = query(con, week.start, week.end)
        own = [query(con, week.start, week.end, c) for c in (1, 2)]
    assert set(everything["currency"]) == {"IDR"}
    money = "value" if query is stock_on_hand else "revenue"
    assert everything[money].sum() == pytest.approx(sum(o[money].sum() for o in own), rel=1e-12)


def test_each_currency_passes_options_on(con, week):
    top = each_currency(top_products.__wrapped__)(con, week.start, week.end, limit=3)
    assert top.group_by("currency").len()["len"].to_list() == [3, 3]
