"""The dialogs and wizards: settings, first-run setup, backfill, the first sync's progress."""
