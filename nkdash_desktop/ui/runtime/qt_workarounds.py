"""Work-arounds for bugs of the Qt binding that would crash the app.

PySide6 6.12 (as installed here) hands Python results it does not own a reference to:
- every call of a C++ method returning void returns None without a reference (measured: n
  calls of QLabel.setText take n references from None);
- `SignalInstance.emit()` returns True the same way.
Qt apps make such calls by the million (pyqtgraph alone dozens per redraw), so Python soon
frees None or True and aborts ("Fatal Python error: none_dealloc" / "bool_dealloc"), during a
session or at exit. When the probes below see a leak, None, True and False get a reference
count no session can exhaust, which is what Python 3.12 does for them anyway (immortal
objects). Remove once the binding is fixed.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

PROBES = 16
BALLAST = 1 << 40  # references: a trillion leaked calls


class _Probe(QObject):
    ping = Signal()


def leaks() -> dict[str, int]:
    """References to None and True that `PROBES` void calls and emits take (0 when fixed)."""
    probe = _Probe()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(PROBES):
        probe.setObjectName("probe")  # void
    for _ in range(PROBES):
        probe.ping.emit()
    return {
        "None": none_before - sys.getrefcount(None),
        "True": true_before - sys.getrefcount(True),
    }


def needs_guard() -> bool:
    """Only CPython before 3.12 can free None, True or False (3.12 made them immortal)."""
    return sys.implementation.name == "cpython" and sys.version_info < (3, 12)


def guard_singleton_refcounts() -> bool:
    """Protect None, True and False when the binding leaks (probed only on the Pythons that
    need it); returns whether it did. Called once at app start, and by the test suite."""
    if not needs_guard() or max(leaks().values()) < PROBES:
        return False
    for singleton in (None, True, False):
        # ob_refcnt is a PyObject's first field (Py_ssize_t) in release builds
        ctypes.c_ssize_t.from_address(id(singleton)).value += BALLAST
    return True
