"""What keeps the app running beside its window: the tray, the nightly scheduler, the
single-instance lock."""
