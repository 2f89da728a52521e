"""Everything Qt: the main window, its tabs and charts, workers, the live view. The engine
(odoo, lake, pipeline, kpi, demo) never imports this package."""

from nkdash_desktop.ui.qt_workarounds import guard_singleton_refcounts

guard_singleton_refcounts()
