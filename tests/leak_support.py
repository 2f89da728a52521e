"""Secret-leak checks shared by the test folders: everything an exception could show, and the
files under some folders that contain a secret."""

from __future__ import annotations

from pathlib import Path


def exception_texts(exc: BaseException) -> str:
    """Everything an exception chain could show: str, repr, args, detail, causes."""
    parts = []
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        parts += [str(cur), repr(cur), repr(cur.args), str(getattr(cur, "detail", ""))]
        cur = cur.__cause__ or cur.__context__
    return "\n".join(parts)


def files_containing(secret: str, *folders: Path) -> list[Path]:
    """Every file under `folders` whose bytes contain `secret` (as UTF-8 or UTF-16, as a
    Windows tool might write it)."""
    needles = [secret.encode(), secret.encode("utf-16-le")]
    return [
        path
        for folder in folders
        if folder.exists()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and any(n in path.read_bytes() for n in needles)
    ]
