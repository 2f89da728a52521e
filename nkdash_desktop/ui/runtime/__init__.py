"""What the widgets stand on: worker threads, engine runs, the live view, the theme, the
icon, the context the app runs in, and the Qt binding's work-arounds."""
