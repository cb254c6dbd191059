"""Pydantic without its plugin discovery when plugins are disabled.

`postmortem` sets `PYDANTIC_DISABLE_PLUGINS=__all__` (it uses no pydantic plugin). Pydantic then
finds no plugin, but only after importing `importlib.metadata` (and with it `email`, `zipfile`,
`csv`: 30-60 ms, as much as building the model) to look for them, when the first model is built.
This puts in its place a loader that knows there are none. Pydantic has no public switch for
it; the test beside it fails as soon as pydantic's loader is not the one this replaces.
"""

from __future__ import annotations

import os
import sys
import types
from collections.abc import Iterable
from typing import Any

LOADER = "pydantic.plugin._loader"
DISABLED = ("__all__", "1", "true")
"""The values of `PYDANTIC_DISABLE_PLUGINS` for which pydantic's own loader returns no plugin."""


def _no_plugins() -> Iterable[Any]:
    return ()


def skip_discovery() -> bool:
    """When plugins are disabled and pydantic's loader is not imported yet, put in its place
    one that returns none; whether it did."""
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in DISABLED or LOADER in sys.modules:
        return False
    loader = types.ModuleType(LOADER, "Pydantic's plugin loader, plugins disabled.")
    loader.get_plugins = _no_plugins  # type: ignore[attr-defined]
    sys.modules[LOADER] = loader
    return True
