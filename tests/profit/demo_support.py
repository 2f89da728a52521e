"""The demo Odoo of the profit tests: ten days of a small shop, and a sync's extract, clean
and load before profit."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from nkdash_desktop.datasets import get_dataset
from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.server import DemoOdoo
from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.odoo import OdooClient, OdooConnection
from nkdash_desktop.pipeline.clean import clean_day, clean_dimensions
from nkdash_desktop.pipeline.extract import Extractor
from nkdash_desktop.pipeline.load import load_days, load_dimensions

TZ = "Asia/Jakarta"
KEY = "nkdash-demo-admin-key"
FIRST = date(2026, 1, 1)
DAYS = [FIRST + timedelta(days=n) for n in range(10)]
SALES_AND_PURCHASES = ("pos_lines", "invoice_sales", "purchases")


def demo() -> DemoOdoo:
    config = DemoConfig(
        days=10, scale="small", flavour=19, end_date=DAYS[-1], now=datetime(2026, 1, 11, 3, 0)
    )
    return DemoOdoo(config, port=0)


def client_for(srv: DemoOdoo) -> OdooClient:
    return OdooClient(OdooConnection(srv.url, srv.db, "admin", timezone=TZ), KEY).connect()


def sync(layout: LakeLayout, srv: DemoOdoo, datasets, days) -> None:
    """What a sync does before profit: extract, clean and load these days."""
    with client_for(srv) as client:
        extractor = Extractor(client, layout, timezone=TZ)
        for name in datasets:
            dataset = get_dataset(name)
            for day in [None] if dataset.kind == "dimension" else days:
                extractor.extract(dataset, day)
    for name in datasets:
        if name == "dimensions":
            clean_dimensions(layout)
            load_dimensions(layout)
            continue
        for day in days:
            clean_day(layout, get_dataset(name), day, TZ)
        load_days(layout, get_dataset(name), days)
