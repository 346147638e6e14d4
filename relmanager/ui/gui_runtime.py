"""How the interpreter runs under the window: the GIL switch interval and the
cyclic collector, tuned so background Python work (an import, pages re-reading)
does not stall painting. Process-wide; called at start-up and around imports."""

from __future__ import annotations

import gc
import sys

FULL_GC_EVERY = 100  # young collections between two full ones (Python's default: 10)
SWITCH_INTERVAL_S = 0.0005  # Python's default: 0.005


def ease_gui_thread() -> None:
    """Let the window paint while Python work runs in the background (an import, then
    the pages re-reading after it).

    Every call from Qt into Python (a model's data(), a slot) must take the GIL
    from the busy worker, which gives it up only every switch interval: up to 5 ms
    per call by default, tens of calls per paint. So the interval is cut tenfold
    (measured on a loaded machine: the GUI thread's 0.5 ms sleeps ran 30-170 ms
    late about 70 times during a 10k import, 9 times with it; the import no slower).

    A full collection walks every object holding the GIL: 0.2-0.7 s with a 50k
    book open, run by whichever thread allocates. So what is alive when an import
    starts or ends (the window's models, the match index) is frozen (`gc.freeze`),
    and full collections come ten times rarer. Frozen objects are still freed by
    reference counting; only cyclic garbage among them is kept (the collections
    measured here found 0-140 such objects)."""
    sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_S))
    gc.freeze()
    first, second, third = gc.get_threshold()
    gc.set_threshold(first, second, max(third, FULL_GC_EVERY))
