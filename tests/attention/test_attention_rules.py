"""Each attention rule on a lake built for it: fires when it should, quiet when it should not,
and the edges at its thresholds."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from attention_lake import Shop

from nkdash_desktop.kpi import attention as A
from nkdash_desktop.lake.catalog import open_catalog
from nkdash_desktop.settings import AttentionSettings

D = date(2026, 3, 10)  # a Tuesday
NOW = datetime(2026, 3, 11, 6, 0, tzinfo=UTC)


def days_before(n: int) -> date:
    return D - timedelta(days=n)


@pytest.fixture
def run(tmp_path):
    """Build `shop`, run one rule on D (with settings), return its finding."""
    counter = iter(range(1000))

    def go(shop: Shop, rule: str, settings: AttentionSettings | None = None, company=None):
        layout = shop.build(tmp_path / f"lake{next(counter)}")
        con = open_catalog(layout.root)
        try:
            check = A.Check(D, company, settings or AttentionSettings(), NOW)
            return A.LAKE_RULES[rule](con, check)
        finally:
            con.close()

    return go


# --- sold below cost ---


def test_below_cost_tells_a_real_loss_from_a_promotion_and_refunds(run):
    shop = Shop()
    for p in (1, 2, 3, 4):
        shop.bill(days_before(5), p, 1000.0)
    shop.sell(D, 1, 2, 1600.0)  # full price below cost: a real loss of 400
    shop.sell(D, 2, 1, 1500.0)
    shop.sell(D, 2, 2, 1000.0, discount=50)  # promotion: -1000 against +500
    shop.sell(D, 3, 1, 1200.0)
    shop.sell(D, 3, -1, -1500.0)  # refund at a higher price: -200 + -300... net -300
    shop.sell(D, 4, 3, 4500.0)  # healthy
    finding = run(shop, "below_cost")
    rows = {r["product_id"]: r for r in finding.detail.iter_rows(named=True)}
    assert finding.count == 3 and set(rows) == {1, 2, 3}
    assert rows[1]["cause"] == "below cost" and rows[1]["lost"] == pytest.approx(400)
    assert rows[2]["cause"] == "promotion" and rows[2]["lost"] == pytest.approx(500)
    assert rows[3]["cause"] == "refunds" and rows[3]["lost"] == pytest.approx(300)
    assert finding.figure == "Rp 1.2K lost"
    assert finding.line.startswith("3 products sold below cost (1 on promotion, 1 through refunds)")


def test_below_cost_names_its_causes_in_indonesian(run, language):
    """The causes are words of the detail table (the panel's, the CLI's, the workbook's): in
    the operator's language, computed on the same codes."""
    language("id")
    shop = Shop()
    for p in (1, 2, 3):
        shop.bill(days_before(5), p, 1000.0)
    shop.sell(D, 1, 2, 1600.0)  # a real loss
    shop.sell(D, 2, 2, 1000.0, discount=50)  # a promotion
    shop.sell(D, 3, -1, -1500.0)  # a refund
    finding = run(shop, "below_cost")
    causes = dict(zip(finding.detail["product_id"], finding.detail["cause"], strict=True))
    assert causes == {1: "di bawah harga pokok", 2: "promo", 3: "retur"}
    assert "(1 karena promo, 1 karena retur)" in finding.line


def test_below_cost_edge_zero_profit_and_unknown_cost_are_quiet(run):
    shop = Shop()
    shop.bill(days_before(1), 1, 1000.0)
    shop.sell(D, 1, 2, 2000.0)  # exactly at cost: no loss
    shop.sell(D, 2, 1, 1.0)  # no known cost: unknown, not a loss
    shop.sell(days_before(1), 1, 1, 1.0)  # a loss on another day
    finding = run(shop, "below_cost")
    assert finding.count == 0 and not finding.fires and finding.line == ""


def test_below_cost_keeps_currencies_apart(run):
    shop = Shop()
    shop.bill(days_before(2), 1, 1000.0)
    shop.bill(days_before(2), 1, 10.0, company=2)
    shop.sell(D, 1, 1, 900.0)
    shop.sell(D, 1, 1, 7.5, company=2)
    finding = run(shop, "below_cost")
    assert finding.count == 2
    assert finding.figure == "Rp 100 · $ 2.5 lost"
    only_bali = run(shop, "below_cost", company=2)
    assert only_bali.count == 1 and only_bali.figure == "$ 2.5 lost"


# --- cost jump ---


def _jump_shop(latest: float, previous: float = 1000.0, latest_day: date = D) -> Shop:
    shop = Shop()
    shop.bill(days_before(30), 1, previous)
    shop.bill(latest_day, 1, latest)
    shop.bill(days_before(30), 2, 500.0)
    shop.bill(days_before(1), 2, 500.0)  # unchanged
    return shop


def test_cost_jump_fires_above_the_threshold_with_both_costs_and_the_bill(run):
    finding = run(_jump_shop(1150.0), "cost_jump")
    assert finding.count == 1
    row = finding.detail.row(0, named=True)
    assert (row["product_id"], row["previous_cost"], row["latest_cost"]) == (1, 1000.0, 1150.0)
    assert row["previous_day"] == days_before(30) and row["bill_day"] == D
    assert row["bill"].startswith("BILL/") and row["change"] == pytest.approx(0.15)
    assert finding.figure == "largest +15.0%"


@pytest.mark.parametrize(
    ("latest", "fires"), [(1100.0, False), (1100.5, True), (900.0, False), (899.0, True)]
)
def test_cost_jump_edges_at_ten_percent_both_ways(run, latest, fires):
    assert run(_jump_shop(latest), "cost_jump").fires is fires


def test_cost_jump_only_on_recent_bills_and_per_company(run):
    old = run(_jump_shop(2000.0, latest_day=days_before(7)), "cost_jump")
    assert old.count == 0  # 8 days ago: outside the last 7 days
    recent = run(_jump_shop(2000.0, latest_day=days_before(6)), "cost_jump")
    assert recent.count == 1
    shop = Shop()
    shop.bill(days_before(30), 1, 1000.0)  # NK Mart in rupiah
    shop.bill(D, 1, 70.0, company=2)  # Bali's first bill: no previous cost of its own
    assert run(shop, "cost_jump").count == 0


def test_cost_jump_cost_known_before_within_the_window_or_before_it(run):
    """The cost known before a bill is the last one before its day: inside the last 7 days
    when there is one there (not an older bill's), else the last before them."""
    shop = Shop()
    shop.bill(days_before(100), 1, 1200.0)
    shop.bill(days_before(5), 1, 1000.0)  # in the window, before the bill's day: this one
    shop.bill(D, 1, 1200.0)
    shop.bill(days_before(40), 2, 500.0)  # only before the window
    shop.bill(days_before(2), 2, 600.0)
    shop.bill(days_before(200), 3, 50.0, company=2)
    shop.bill(days_before(3), 3, 100.0, company=2)
    shop.bill(D, 3, 100.0, company=2)  # unchanged against the window's, not the older one
    shop.bill(days_before(50), 4, 10.0, company=2)
    shop.bill(D, 4, 20.0, company=2)
    got = {
        (r["company_id"], r["product_id"]): (r["previous_day"], r["previous_cost"])
        for r in run(shop, "cost_jump").detail.iter_rows(named=True)
    }
    assert got == {
        (1, 1): (days_before(5), 1000.0),
        (1, 2): (days_before(40), 500.0),
        (2, 4): (days_before(50), 10.0),
    }
    alone = run(shop, "cost_jump", company=2).detail
    assert alone.select("product_id", "previous_day").rows() == [(4, days_before(50))]


def test_cost_jump_and_dead_stock_take_the_last_bills_last_line_of_a_day(run):
    """Several bills on the day of the cost known before: the last bill's last line is the
    cost (as profit prices it), however the lines were billed; earlier days never count."""
    shop = Shop()
    shop.bill(days_before(400), 1, 5000.0, move=1)  # a year earlier: long replaced
    shop.bill(days_before(30), 1, 700.0, move=9)  # the last bill of that day...
    shop.bill(days_before(30), 1, 1000.0, move=9)  # ...its last line
    shop.bill(days_before(30), 1, 1200.0, move=3)  # an earlier bill of the same day
    shop.bill(D, 1, 1150.0)
    row = run(shop, "cost_jump").detail.row(0, named=True)
    assert (row["previous_day"], row["previous_cost"]) == (days_before(30), 1000.0)
    dead = Shop()
    dead.bill(days_before(900), 1, 5000.0, move=1)
    dead.bill(days_before(100), 1, 800.0, move=4)
    dead.bill(days_before(100), 1, 950.0, move=4)
    dead.bill(days_before(100), 1, 1200.0, move=2)
    dead.stock(D, 1, 2.0)
    dead.sell(days_before(300), 1, 1, 1500.0)
    dead.sell(days_before(200), 2, 1, 1500.0)  # another product: the lake reaches back
    assert run(dead, "dead_stock").detail.row(0, named=True)["unit_cost"] == 950.0


# --- running out ---


def _selling(shop: Shop, product: int, per_day: float, days: int = 28) -> None:
    for n in range(days):
        shop.sell(days_before(n), product, per_day, per_day * 100)


def test_running_out_by_days_of_cover(run):
    shop = Shop()
    _selling(shop, 1, 2.0)  # 2 a day
    shop.stock(D, 1, 5.0)  # 2.5 days: fires
    _selling(shop, 2, 2.0)
    shop.stock(D, 2, 6.0)  # exactly 3 days: quiet (under 3 fires)
    _selling(shop, 3, 1.0)
    shop.stock(D, 3, -2.0)  # already out
    shop.stock(D, 4, 1.0)  # never sold: not running out
    shop.receive(days_before(9), 1, 40.0)
    finding = run(shop, "running_out")
    rows = {r["product_id"]: r for r in finding.detail.iter_rows(named=True)}
    assert set(rows) == {1, 3}
    assert rows[1]["days_of_cover"] == pytest.approx(2.5) and rows[1]["daily_rate"] == 2.0
    assert rows[1]["last_receipt"] == days_before(9) and rows[3]["days_of_cover"] == 0
    assert finding.figure == "1 already out of stock"
    assert finding.line == "2 products will run out within 3 days: 1 already out of stock"


def test_running_out_window_and_threshold_from_settings(run):
    shop = Shop()
    shop.sell(days_before(28), 1, 50.0, 5000.0)  # outside the 28-day window
    shop.stock(D, 1, 1.0)
    assert run(shop, "running_out").count == 0
    shop = Shop()
    _selling(shop, 1, 1.0)
    shop.stock(D, 1, 6.0)
    assert run(shop, "running_out").count == 0
    assert run(shop, "running_out", AttentionSettings(cover_days=7)).count == 1


# --- dead stock ---


def test_dead_stock_valued_at_the_companys_latest_cost(run):
    shop = Shop()
    shop.bill(days_before(200), 1, 900.0)
    shop.bill(days_before(100), 1, 1000.0)
    shop.stock(D, 1, 4.0)
    shop.sell(days_before(60), 1, 1, 1500.0)  # 60 days ago: dead
    shop.stock(D, 2, 3.0)  # no cost known: value unknown
    shop.stock(D, 3, 9.0)
    shop.sell(days_before(59), 3, 1, 1500.0)  # 59 days ago: alive
    shop.stock(D, 4, 0.0)  # nothing on hand
    finding = run(shop, "dead_stock")
    rows = {r["product_id"]: r for r in finding.detail.iter_rows(named=True)}
    assert set(rows) == {1, 2}
    assert rows[1]["value"] == 4000.0 and rows[1]["last_sale"] == days_before(60)
    assert rows[2]["value"] is None and rows[2]["last_sale"] is None
    assert finding.figure == "Rp 4K tied up; 1 without a known cost"


# --- unusual day ---


def _weeks(shop: Shop, revenues: list[float], today: float | None) -> None:
    for week, revenue in enumerate(revenues, start=1):
        shop.sell(D - timedelta(weeks=week), 1, 1, revenue)
    if today is not None:
        shop.sell(D, 1, 1, today)


USUAL = [1000.0, 1100.0, 900.0, 1000.0, 1050.0, 950.0, 1000.0, 5000.0]  # one freak week


def test_unusual_day_median_and_mad(run):
    # median 1000, MAD 50 -> spread 74.13, k = 3: usual range 777.6 .. 1222.4
    shop = Shop()
    _weeks(shop, USUAL, 700.0)
    finding = run(shop, "unusual_day")
    assert finding.count == 1
    row = finding.detail.row(0, named=True)
    assert (row["metric"], row["value"], row["usual"]) == ("revenue", 700.0, 1000.0)
    assert row["low"] == pytest.approx(1000 - 3 * 1.4826 * 50)
    assert finding.line == "Tue 10 Mar 2026 was unusual: revenue Rp 700 (usual 1K)".replace(
        " 2026", ""
    )


@pytest.mark.parametrize(("today", "fires"), [(778.0, False), (777.0, True), (1222.0, False)])
def test_unusual_day_edges(run, today, fires):
    shop = Shop()
    _weeks(shop, USUAL, today)
    assert run(shop, "unusual_day").fires is fires


def test_unusual_day_needs_history_and_a_day_with_sales(run):
    shop = Shop()
    _weeks(shop, USUAL[:3], 10.0)  # three weeks only
    assert run(shop, "unusual_day").count == 0
    shop = Shop()
    _weeks(shop, USUAL, None)  # nothing sold on the day: the data rule's business
    assert run(shop, "unusual_day").count == 0
    shop = Shop()
    _weeks(shop, [1000.0] * 8, 1040.0)  # identical weeks: within the 5% floor
    assert run(shop, "unusual_day").count == 0


# --- unknown costs ---


def test_unknown_costs_by_revenue(run):
    shop = Shop()
    shop.bill(days_before(3), 1, 100.0)
    shop.sell(D, 1, 1, 500.0)
    shop.sell(D, 2, 2, 3000.0)
    shop.sell(D, 3, 1, 800.0)
    shop.bill(D + timedelta(days=1), 3, 100.0)  # a later bill never prices the day
    finding = run(shop, "unknown_costs")
    assert finding.detail["product_id"].to_list() == [2, 3]
    assert finding.figure == "Rp 3.8K of sales"
    assert run(_only_known(), "unknown_costs").count == 0


def _only_known() -> Shop:
    shop = Shop()
    shop.bill(D, 1, 100.0)
    shop.sell(D, 1, 1, 500.0)
    return shop


# --- data ---


def _state(tmp_path, status: str | None, complete: date, synced: datetime):
    from nkdash_desktop.lake.layout import LakeLayout
    from nkdash_desktop.lake.state import StateDB

    layout = LakeLayout(tmp_path / "state-lake")
    layout.metadata.mkdir(parents=True, exist_ok=True)
    with StateDB(layout.metadata) as state:
        if status is not None:
            run_id = state.start_run("nightly")
            state.finish_run(
                run_id, status, error="Odoo timed out" if status != "succeeded" else None
            )
        for dataset in ("pos_lines", "purchases"):
            state.set_last_complete_day(dataset, complete)
            state.mark_success(dataset, synced)
    return layout.root


def _data(root) -> A.Finding:
    return A.data_problems(root, A.Check(D, None, AttentionSettings(), NOW))


def test_data_quiet_after_a_good_night(tmp_path):
    finding = _data(_state(tmp_path, "succeeded", D, NOW - timedelta(hours=4)))
    assert finding.count == 0 and finding.detail.is_empty()


def test_data_failed_run_lake_behind_and_old_sync(tmp_path):
    root = _state(tmp_path, "partial", D - timedelta(days=2), NOW - timedelta(days=1, minutes=1))
    finding = _data(root)
    rows = finding.detail.rows()
    assert [r[:2] for r in rows] == [
        ("last run partial", ""),
        ("lake behind", ""),
        ("not synced for over a day", "POS sales, Bills"),
    ]
    assert "Odoo timed out" in rows[0][2]
    assert finding.line == (
        "3 data problems: last run partial; data only up to 08 Mar 2026; "
        "not synced for over a day: POS sales, Bills"
    )


def test_data_a_backfill_counts_as_a_sync(tmp_path):
    from nkdash_desktop.lake.state import StateDB

    root = _state(tmp_path, None, D, NOW - timedelta(days=3))
    with StateDB(root / "metadata") as state:
        run_id = state.start_run("backfill")
        state.record_partition(run_id, "pos_lines", D, "load", "succeeded")
        state.finish_run(run_id, "succeeded")
    finding = _data(root)
    assert finding.detail.rows() == [("not synced for over a day", "Bills", finding.detail[0, 2])]


def test_data_edge_synced_exactly_a_day_ago_and_never_synced(tmp_path):
    assert _data(_state(tmp_path, None, D, NOW - timedelta(days=1))).count == 0
    never = _data(tmp_path / "nowhere")
    assert never.count == 1 and never.detail["problem"][0] == "never synced"


def test_attention_runs_every_rule_and_summarises(tmp_path):
    shop = Shop()
    shop.bill(days_before(5), 1, 1000.0)
    shop.sell(D, 1, 2, 1600.0)
    layout = shop.build(tmp_path / "lake")
    con = open_catalog(layout.root)
    try:
        findings = A.attention(con, layout.root, D, now=NOW)
    finally:
        con.close()
    assert [f.rule for f in findings] == ["data", *A.LAKE_RULES]
    firing = [f.rule for f in findings if f.fires]
    assert firing == ["data", "below_cost"]  # never synced: no state database
    assert A.summary(findings, only=A.DATA_PROBLEMS) == findings[0].line
    assert A.summary(findings) == f"{findings[0].line} · {findings[1].line}"


@pytest.mark.parametrize("rule", list(A.LAKE_RULES))
def test_each_rule_keeps_to_the_chosen_company(run, rule):
    """The same troubles in both companies: one company's finding has only its rows."""
    shop = Shop()
    for company in (1, 2):
        shop.bill(days_before(40), 1, 100.0, company=company)
        shop.bill(D, 1, 300.0, company=company)  # cost jump
        for n in range(28):
            shop.sell(days_before(n), 2, 1, 50.0, company=company)  # no cost, running out
        shop.sell(D, 1, 1, 10.0, company=company)  # below cost
        shop.stock(D, 2, 1.0, company=company)
        shop.stock(D, 3, 5.0, company=company)  # dead
        shop.sell(days_before(70), 4, 1, 50.0, company=company)  # the lake reaches back
    _weeks(shop, USUAL, None)  # unusual day: the day's 10.0 against about 1000
    for week in range(1, 9):
        shop.sell(D - timedelta(weeks=week), 1, 1, 1000.0, company=2)
    both = run(shop, rule)
    assert both.count >= 2 and set(both.detail["company_id"]) == {1, 2}
    for company in (1, 2):
        one = run(shop, rule, company=company)
        assert set(one.detail["company_id"]) == {company}


def test_data_a_day_whose_profit_is_not_computed(tmp_path):
    from profit_lake import sale, write_rows

    shop = Shop()
    shop.sell(D, 1, 1, 100.0)
    layout = shop.build(tmp_path / "lake")
    write_rows(layout, "fact_sales", [sale(900, D + timedelta(days=1), 1, 1.0, 100.0)])
    root = _state(tmp_path, "succeeded", D + timedelta(days=1), NOW - timedelta(hours=2))
    con = open_catalog(layout.root)
    try:
        check = A.Check(D, None, AttentionSettings(), NOW)
        assert A.data_problems(root, check, con).count == 0  # computed by the build
        later = A.Check(D + timedelta(days=1), None, AttentionSettings(), NOW)
        finding = A.data_problems(root, later, con)
    finally:
        con.close()
    assert finding.detail["problem"].to_list() == ["profit not computed"]
    assert finding.line == "1 data problem: no profit yet for 11 Mar 2026"


def test_dead_stock_is_quiet_on_a_lake_younger_than_its_window(run):
    shop = Shop()
    shop.sell(days_before(58), 1, 1, 100.0)  # the lake's first sale: 58 days ago
    shop.stock(D, 2, 3.0)  # never sold within the lake
    assert run(shop, "dead_stock").count == 0
    shop.sell(days_before(59), 3, 1, 100.0)  # now the lake covers the 60 days up to D
    assert run(shop, "dead_stock").detail["product_id"].to_list() == [2]
