"""Import ruptures without the parts of scipy that only its unused costs need.

``import ruptures`` imports every cost and detector it ships, and with them ``scipy.stats``
(the rank cost), ``scipy.spatial`` (the kernel and cosine costs) and ``scipy.signal`` (the
window detector): about 1.1 s and 530 modules, a tenth of a report's kernel time, for
functions the report never calls (it runs PELT with its own cost, ``WeightedL2``). While
ruptures is imported, each of those scipy modules is a stand-in whose functions import the real
module when first called, so that every part of ruptures still works; the stand-ins leave
``sys.modules`` as soon as ruptures is imported, and scipy, imported by anyone later, is the
real one.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import sys
import types
from collections.abc import Callable, Iterator
from typing import Any

# The scipy modules ruptures imports at import time, and the names it takes from each
DEFERRED = {
    "scipy.stats.mstats": ("rankdata",),
    "scipy.spatial.distance": ("pdist", "squareform", "cdist"),
    "scipy.signal": ("argrelmax",),
}


def ruptures() -> types.ModuleType:
    """Import ruptures with ``DEFERRED`` scipy modules loaded only when ruptures calls them."""
    with _stand_ins(DEFERRED):
        return importlib.import_module("ruptures")


def _on_call(module: str, name: str) -> Callable[..., Any]:
    """Return a function that imports ``module`` and calls its ``name``."""
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"{module}.{name}, imported when first called"
    return call


@contextlib.contextmanager
def _stand_ins(deferred: dict[str, tuple[str, ...]]) -> Iterator[None]:
    """Put a stand-in for each module of ``deferred`` not yet imported into ``sys.modules``
    for the duration; remove those still in place afterwards."""
    placed = {}
    for module, names in deferred.items():
        if module in sys.modules:
            continue
        stand_in = types.ModuleType(module, f"Stand-in for {module} ({__name__})")
        for name in names:
            setattr(stand_in, name, _on_call(module, name))
        placed[module] = sys.modules[module] = stand_in
    try:
        yield
    finally:
        for module, stand_in in placed.items():
            if sys.modules.get(module) is stand_in:
                del sys.modules[module]


@functools.cache
def pelt(cost: type) -> type:
    """Return ``ruptures.Pelt``, imported on first use, with ``cost`` registered as a ruptures
    cost (Pelt takes a custom cost only if it is a ``BaseCost``)."""
    module = ruptures()
    module.base.BaseCost.register(cost)
    return module.Pelt
