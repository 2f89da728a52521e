"""Everything Qt: the main window, its tabs and charts, workers, the live view. The engine
(odoo, lake, pipeline, kpi, demo) never imports this package. Importing it changes nothing:
the binding's work-arounds are applied when the app starts (`app.ensure_app`)."""
