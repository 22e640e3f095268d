"""The ``moneytrail`` command: a thin layer over the library. Each command parses its
options, calls one library function and renders what it returns. One module per
command group; importing them registers their commands on ``app``."""

from __future__ import annotations

from moneytrail.cli import (  # noqa: F401  (registers the commands)
    bulk,
    classify,
    contributors,
    efile,
    flow,
    resolve,
    spending,
    summary,
)
from moneytrail.cli.common import app, flow_help_paragraphs

flow_help_paragraphs(app)

__all__ = ["app"]
