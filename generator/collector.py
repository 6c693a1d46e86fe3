"""Pausing Python's cycle collector while the data is read, scored and turned into pages.

Those steps create millions of small objects that live until the build ends and almost never form
reference cycles. CPython's collector is triggered by the number of objects allocated, so during them it
runs again and again and walks every object still alive, an ever larger heap: at national size that was
a third of validation time, for nothing to free. Objects are still freed the moment their last reference
goes; only cycles wait, and the collector finds them once it is on again.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def collector_paused():
    """Run the block with the cycle collector off, and restore it as it was (nesting is fine)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
