"""Work-arounds for bugs of the Qt binding that would crash the app.

PySide6 6.12's `SignalInstance.emit()` returns True without owning a reference to it, so every
emit from Python takes one reference away from True (measured: n emits, True's count drops by
n). pyqtgraph emits several signals per redraw; after enough of them Python frees True and
aborts ("Fatal Python error: bool_dealloc"), mid-session or at exit. When the probe below sees
the leak, True and False get a reference count no session can exhaust, which is what Python
3.12 does for them anyway (immortal objects). Remove once the binding is fixed.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

PROBES = 16
BALLAST = 1 << 40  # references: a trillion emits


class _Probe(QObject):
    ping = Signal()


def emit_leak() -> int:
    """How many references to True `PROBES` emits take (0 on a fixed binding)."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(PROBES):
        probe.ping.emit()
    return before - sys.getrefcount(True)


def guard_bool_refcounts() -> bool:
    """Protect True and False when emit() leaks; returns whether it does."""
    if emit_leak() < PROBES:
        return False
    if sys.implementation.name == "cpython" and sys.version_info < (3, 12):
        for singleton in (True, False):
            # ob_refcnt is a PyObject's first field (Py_ssize_t) in release builds
            ctypes.c_ssize_t.from_address(id(singleton)).value += BALLAST
    return True
