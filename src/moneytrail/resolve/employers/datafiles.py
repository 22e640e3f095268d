"""The packaged data files the employer resolver is built from (``resolve/data``)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def _read_toml(name: str) -> dict[str, Any]:
    """A packaged data file, parsed once per process (a resolver is built from eight of
    them, half its start-up): the parse is shared, so callers read it and never change it."""
    with (resources.files("moneytrail.resolve") / "data" / name).open("rb") as fh:
        return tomllib.load(fh)
