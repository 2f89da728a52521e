"""Standard streams for a process that may have none, and the windowed exe's refusal of CLI work.

A windowed NKDash.exe (GUI subsystem) starts with no stdin, stdout or stderr, and a script or a
scheduled task may start any build with them closed: Python then sets `sys.stdout` (and the others)
to None, and the first `print` or progress bar raises. `ensure_streams()` binds each missing one
to the null device, at the file-descriptor level too, so that a file opened later (the log) can
never become fd 1 or 2 and receive what a library writes there.

The command line belongs to the console twin, nkdash-cli.exe (same bundle, console subsystem): its
output reaches the console, a pipe or a scheduled task's log. NKDash.exe says so and exits when it
is given a command it cannot run well without a console.
"""

from __future__ import annotations

import os
import sys
from pathlib import PureWindowsPath

from nkdash_desktop import APP_SLUG

CLI_EXE = "nkdash-cli.exe"  # nkdash.spec CLI_NAME; not nkdash.exe: Windows names ignore case
# what a windowed exe runs itself: no command (the window), or the demo's window
WINDOWED_COMMANDS = frozenset({None, "demo"})
NULL_BOUND: set[str] = set()  # the streams ensure_streams() bound to the null device


def ensure_streams() -> list[str]:
    """Bind a missing stdin/stdout/stderr (and its descriptor) to the null device; returns the
    names bound."""
    bound = []
    for fd, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        try:
            os.fstat(fd)
        except OSError:  # closed: occupy it, so nothing opened later lands on it
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
        if getattr(sys, name) is None:
            stream = open(fd, mode, encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115 (lives as long as the process)
            setattr(sys, name, stream)
            bound.append(name)
            NULL_BOUND.add(name)
    return bound


def windowed_build() -> bool:
    """The frozen windowed NKDash.exe (not its console twin, not a source install)."""
    if sys.platform != "win32" or not getattr(sys, "frozen", False):
        return False
    return PureWindowsPath(sys.executable).stem.lower() == APP_SLUG.lower()


def use_the_console_twin(command: str) -> str:
    """What the windowed exe says when it is given a command line command."""
    from nkdash_desktop.i18n import translate

    folder = PureWindowsPath(sys.executable).parent
    return translate(
        "Cli",
        "NKDash.exe is the window app and has no console: run `{cli} {command}` instead (it is "
        "beside NKDash.exe in {folder}) from a console, a script or a scheduled task.",
    ).format(cli=CLI_EXE, command=command, folder=folder)


def tell_without_console(sentence: str) -> None:
    """Say `sentence` where someone can read it: the console that started this windowed
    process (if any) and the log."""
    import logging

    logging.getLogger(__name__).error(sentence)
    if sys.platform == "win32":
        import ctypes

        attach = ctypes.WinDLL("kernel32").AttachConsole  # type: ignore[attr-defined]
        if attach(ctypes.c_uint32(0xFFFFFFFF)):  # ATTACH_PARENT_PROCESS
            with open("CONOUT$", "w", encoding="utf-8", errors="replace") as console:
                print(f"error: {sentence}", file=console, flush=True)
            return
    print(f"error: {sentence}", file=sys.stderr, flush=True)
