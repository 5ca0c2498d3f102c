"""A workaround for PySide6 6.12 on Python 3.11: ``SignalInstance.emit()`` returns ``True``
without taking a reference to it, so every signal emitted from Python takes one reference
from ``True``; painting pyqtgraph plots loses references to ``None`` the same way. After a
few thousand emits (pyqtgraph emits one per mouse move over a plot) a count reaches zero and
Python aborts: "Fatal Python error: bool_dealloc" (or "none_dealloc").

From Python 3.12 on these singletons are immortal and the lost references do no harm.
Before that, when the leak is seen, their counts are raised once by far more than any
session can lose, so they never reach zero. The probe leaves a fixed binding alone.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

HEADROOM = 1 << 40  # references given to True: more emits than any session will make


class _Probe(QObject):
    fired = Signal()


def emit_leaks_true() -> bool:
    """Whether emitting a signal from Python loses a reference to ``True``."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.fired.emit()
    return sys.getrefcount(True) < before


def protect_singletons() -> bool:
    """Raise the reference counts of True, False and None if the binding leaks them; True
    when the fix was applied."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not emit_leaks_true():
        return False
    for singleton in (True, False, None):
        # ob_refcnt is the first field of every CPython 3.11 object.
        count = ctypes.c_ssize_t.from_address(id(singleton))
        count.value += HEADROOM
    return True


PROTECTED = protect_singletons()
