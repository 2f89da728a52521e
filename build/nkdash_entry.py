"""The script PyInstaller freezes into NKDash.exe: the same `main` as the `nkdash` command, so
`NKDash.exe` (the window), `NKDash.exe --self-test` and `NKDash.exe demo` all work."""

import sys

from nkdash_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
