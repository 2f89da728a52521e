"""End to end against the built-in demo Odoo over real HTTP: extract, clean and load ten days,
build profit, validate it against the lake and Odoo (engine and CLI), then change a vendor
bill line in Odoo and watch the update recompute that product's later days, and only those."""

from __future__ import annotations

import hashlib
import shutil
from datetime import timedelta

import polars as pl
import pytest
from demo_support import DAYS, FIRST, KEY, TZ, client_for, demo, sync
from profit_lake import OVERRIDES, read_table

from nkdash_desktop import settings as S
from nkdash_desktop.cli import main
from nkdash_desktop.demo.server import DemoOdoo
from nkdash_desktop.lake.layout import STAR, LakeLayout
from nkdash_desktop.lake.lock import WriterLock
from nkdash_desktop.lake.months import replace_days
from nkdash_desktop.lake.schema import FACTS
from nkdash_desktop.odoo.credentials import store_secret
from nkdash_desktop.pipeline.profit import rebuild_profit, update_profit
from nkdash_desktop.pipeline.profit.validate import validate_profit


@pytest.fixture
def lake(demo_star, tmp_path) -> LakeLayout:
    root = tmp_path / "lake"
    shutil.copytree(demo_star, root)
    return LakeLayout(root)


def fingerprint(layout: LakeLayout) -> dict[str, str]:
    star = layout.layer(STAR)
    return {
        str(p.relative_to(star)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(star.rglob("data.parquet"))
    }


def configure(layout: LakeLayout, srv: DemoOdoo) -> None:
    settings = S.Settings()
    settings.lake.root = str(layout.root)
    settings.odoo.url, settings.odoo.database, settings.odoo.login = srv.url, srv.db, "admin"
    settings.odoo.timezone = TZ
    settings.profit.tax_multipliers = dict(OVERRIDES)
    S.save(settings.validated())
    store_secret(srv.url, srv.db, "admin", KEY)


def test_profit_validates_against_the_lake_and_odoo(odoo, lake, memory_keyring, capsys, tmp_path):
    configure(lake, odoo)
    assert main(["validate", "--date", "2026-01-03", "--lake-only"]) == 1  # not built yet
    assert "run `nkdash profit --rebuild` first" in capsys.readouterr().err

    before = fingerprint(lake)
    assert main(["profit", "--start", "2026-01-01", "--end", "2026-01-10", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Dry run: nothing is written." in out
    assert "fact_sales_lines_profit/month=2026-01: 10 days 2026-01-01…2026-01-10" in out
    assert fingerprint(lake) == before

    assert main(["profit", "--rebuild"]) == 0
    assert "Profit rebuild: 10 whole day(s)" in capsys.readouterr().out
    csv = tmp_path / "csv"
    assert main(["validate", "--date", "2026-01-01", "--csv", str(csv)]) == 0
    out = capsys.readouterr().out
    assert "Validation of 2026-01-01: all checks pass" in out
    for company in (1, 2):  # each company on its own, in its own currency
        assert f"ok   POS orders (company {company}) vs Odoo" in out
        assert f"ok   POS line profit revenue + order rounding (company {company}) vs Odoo" in out
        assert f"ok   cost events (company {company}) vs Odoo" in out
    assert (csv / "2026-01-01_summary.csv").exists()
    assert (csv / "2026-01-01_sales_line_profit_lake_sql.csv").stat().st_size > 0
    assert not list(csv.glob("*_mismatches.csv"))

    with client_for(odoo) as client:
        for day in DAYS[1:]:
            report = validate_profit(lake, day, OVERRIDES, client, timezone=TZ)
            assert report.ok, "\n".join(report.lines())


def test_validate_asks_odoo_company_by_company(odoo, lake):
    """Odoo is asked for each of the lake's companies with that company in the context
    (allowed_company_ids), and compared with that company's rows only: rupiah with rupiah,
    dollars with dollars."""
    rebuild_profit(lake, OVERRIDES)
    day = DAYS[-1]
    orders = read_table(lake, "fact_pos_orders").filter(pl.col("day") == day)
    with client_for(odoo) as client:
        contexts = []
        grouped = client.grouped_totals

        def spy(*args, **kw):
            contexts.append(kw.get("context"))
            return grouped(*args, **kw)

        client.grouped_totals = spy
        report = validate_profit(lake, day, OVERRIDES, client, timezone=TZ)
    assert report.ok, "\n".join(report.lines())
    assert {c["allowed_company_ids"][0] for c in contexts} == {1, 2}
    assert all(len(c["allowed_company_ids"]) == 1 for c in contexts)
    checks = {c.name: c for c in report.checks if c.yardstick == "Odoo"}
    for company in (1, 2):
        pos = checks[f"POS orders (company {company})"].sample
        revenue = pos.filter(pl.col("measure") == "amount_total")["lake"].item()
        of_company = orders.filter(pl.col("company_id") == company)
        assert revenue == pytest.approx(of_company["amount_total"].sum())
        assert revenue > 0


def test_validate_compares_a_day_with_odoo_to_half_a_cent(odoo, lake):
    """Three POS lines drifting by 0.004 each: 0.012 on the day. Half a cent per document
    summed would let it pass; the day's total is checked to 0.005."""
    day = DAYS[3]
    table = FACTS["fact_sales"]
    rows = pl.read_parquet(lake.month_partition(STAR, table.name, day))
    first = rows.filter(pl.col("day") == day)["line_id"].head(3).to_list()
    drifted = rows.filter(pl.col("day") == day).with_columns(
        revenue_tax_in=pl.when(pl.col("line_id").is_in(first))
        .then(pl.col("revenue_tax_in") + 0.004)
        .otherwise("revenue_tax_in")
    )
    replace_days(lake, table, [day], drifted)
    rebuild_profit(lake, OVERRIDES)
    with client_for(odoo) as client:
        report = validate_profit(lake, day, OVERRIDES, client, timezone=TZ)
    failed = {c.name.split(" (company")[0] for c in report.checks if not c.ok}
    assert failed == {
        "POS line profit revenue + order rounding",
        "agg_profit_daily revenue + order rounding",
    }
    # the orders themselves still equal Odoo's
    assert all(c.ok for c in report.checks if c.name.startswith("POS orders"))


def test_profit_command_errors_are_one_sentence(odoo, lake, memory_keyring, capsys):
    configure(lake, odoo)
    assert main(["profit"]) == 2
    assert capsys.readouterr().err == (
        "error: give the days (--from and --to, or --date), or --rebuild\n"
    )
    assert main(["profit", "--date", "2099-01-01"]) == 2
    assert "in the future" in capsys.readouterr().err
    with WriterLock(lake.metadata, owner="app", description="nightly sync"):
        assert main(["profit", "--rebuild"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: a run is already in progress") and "Traceback" not in err


def test_a_changed_bill_in_odoo_recomputes_its_products_later_days(lake, tmp_path):
    rebuild_profit(lake, OVERRIDES)
    events = read_table(lake, "fact_product_cost_events")
    lines = read_table(lake, "fact_sales_lines_profit")
    # a product bought on the first day and sold on many days after
    sold_days = lines.group_by("product_id").agg(pl.col("day").n_unique().alias("days"))
    first_bills = events.filter(pl.col("day") == FIRST).join(sold_days, on="product_id")
    target = first_bills.sort("days", "line_id", descending=[True, False]).row(0, named=True)
    product, bill_line = target["product_id"], target["line_id"]
    company = pl.col("company_id") == target["company_id"]  # costs are the company's own
    next_event = events.filter(
        (pl.col("product_id") == product) & (pl.col("day") > FIRST) & company
    )
    last = (next_event["day"].min() - timedelta(days=1)) if next_event.height else DAYS[-1]

    with demo().start() as srv:  # a server of its own: this test changes Odoo's data
        srv.write("account.move.line", [bill_line], {"price_unit": target["price_unit"] * 1.5})
        sync(lake, srv, ["purchases"], [FIRST])
        before = read_table(lake, "fact_sales_lines_profit")
        result = update_profit(lake, OVERRIDES, [FIRST], [])
        after = read_table(lake, "fact_sales_lines_profit")

        assert result.changed.select("day", "product_id").rows() == [(FIRST, product)]
        assert result.whole_days == [] and result.products == {product}
        assert result.days == [d for d in DAYS if d <= last]
        others = (pl.col("product_id") != product) | ~company
        assert after.filter(others).equals(before.filter(others))
        mine = after.filter(~others)
        assert mine["unit_cost_tax_in"].to_list() == pytest.approx(
            [target["unit_cost_tax_in"] * 1.5] * mine.filter(pl.col("day") <= last).height
            + mine.filter(pl.col("day") > last)["unit_cost_tax_in"].to_list()
        )
        with client_for(srv) as client:
            for day in (FIRST, last):
                report = validate_profit(lake, day, OVERRIDES, client, timezone=TZ)
                assert report.ok, "\n".join(report.lines())
