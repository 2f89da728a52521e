"""`OdooClient` is an `OdooReader`: every member the engine relies on, with its signature."""

from __future__ import annotations

from reader_contract import mismatches, reader_members

from nkdash_desktop.odoo import OdooClient, OdooConnection


def test_the_protocol_declares_what_the_engine_calls():
    attributes, properties, methods = reader_members()
    assert sorted(attributes) == ["connection", "stats"]
    assert properties == ["odoo_version", "version"]
    assert "search_ids" in methods and "grouped_totals" in methods
    assert "call" not in methods  # the engine asks named questions, not any method


def test_the_client_is_a_reader():
    connection = OdooConnection(url="http://127.0.0.1:9", database="db", login="reader")
    client = OdooClient(connection, "nkdash-reader-contract-key")  # not connected
    assert mismatches(OdooClient, client) == []


def test_a_differing_signature_is_caught():
    class Reader(OdooClient):
        def search_ids(self, model: str, domain: list) -> list[int]:  # no context, no site
            return []

    connection = OdooConnection(url="http://127.0.0.1:9", database="db", login="reader")
    problems = mismatches(Reader, Reader(connection, "nkdash-reader-contract-key"))
    assert len(problems) == 1 and problems[0].startswith("search_ids")
