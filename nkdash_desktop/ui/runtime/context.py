"""What the app runs on: the settings, where the secret comes from, and the engine entry points
built from them. Plain Python: the demo builds one in memory, the normal start from the file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from nkdash_desktop.paths import app_paths
from nkdash_desktop.settings import Settings
from nkdash_desktop.settings_store import SettingsStore

if TYPE_CHECKING:  # the engine is imported when first used, not while the window opens
    from nkdash_desktop.odoo import OdooClient
    from nkdash_desktop.pipeline.runner import RunContext


class AppContext:
    def __init__(
        self,
        settings: Settings,
        secret: str | None = None,
        demo: bool = False,
        *,
        store: SettingsStore | None = None,
        viewer: bool = False,
    ) -> None:
        """`settings` as the app starts with them; `store` is where they are kept and changed
        (by default the settings file's; the demo's and a viewer's live in memory only).
        A `viewer` shows a lake another PC writes: no syncs, no Odoo, no settings written."""
        if store is None:
            memory = demo or viewer
            store = SettingsStore(settings, None if memory else app_paths().settings_file)
        assert store.current is settings, "the store holds the settings the app starts with"
        self.store = store
        self.secret = secret  # in memory only (the demo's key); None: from the OS keyring
        self.demo = demo
        self.viewer = viewer

    @property
    def settings(self) -> Settings:
        """The settings in force: always the store's, never a copy that could go stale."""
        return self.store.current

    @property
    def lake_root(self) -> Path:
        return self.settings.lake_root()

    @property
    def timezone(self) -> str:
        return self.settings.odoo.timezone

    @property
    def configured(self) -> bool:
        """An Odoo connection is set up: syncs and live figures are possible (never in a
        viewer: the lake's own PC syncs it)."""
        return self.settings.is_configured and not self.viewer

    def run_context(self, need_odoo: bool = True) -> RunContext:
        """For an engine run; reads the keyring, so call it from a worker thread. Without
        `need_odoo` (a dry run's plan) no connection or secret is required."""
        from nkdash_desktop.pipeline.connect import run_context

        return run_context(self.settings, owner="app", secret=self.secret, need_odoo=need_odoo)

    def open_client(self, **client_kw: Any) -> OdooClient:
        """A connected client (network and keyring): from a worker thread only."""
        from nkdash_desktop.pipeline.connect import open_client

        return open_client(self.settings, self.secret, **client_kw)
