"""`python -m nkdash_desktop.i18n update|build|check` (see tools.py)."""

from __future__ import annotations

import sys

from nkdash_desktop.i18n import tools


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "update":
        tools.update()
    elif command == "build":
        tools.build()
    elif command == "check":
        problems = tools.check()
        print("\n".join(problems) or "translations complete")
        return 1 if problems else 0
    else:
        print("usage: python -m nkdash_desktop.i18n update|build|check", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
