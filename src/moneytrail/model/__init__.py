"""The data model: the tables every source is mapped onto, read from ``tables.toml``.

Shared by the formats (which map their fields onto these columns) and the warehouse
(which stores them), so neither reaches into the other."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from moneytrail.errors import SchemaError

FIRST_CYCLE = 1980  # the FEC's bulk files begin with the 1979-80 cycle


def election_cycle(year: int) -> int:
    """``year`` if it names a two-year election cycle (by its even year, as the FEC names
    them: 2024 is 2023-24), else ValueError saying so.

    >>> election_cycle(2024)
    2024
    """
    if year < FIRST_CYCLE or year % 2:
        raise ValueError(
            f"{year} is not an election cycle: give an even year from {FIRST_CYCLE} on"
        )
    return year


@cache
def _definitions() -> dict:
    with (resources.files("moneytrail.model") / "tables.toml").open("rb") as fh:
        return tomllib.load(fh)


def provenance_columns() -> dict[str, str]:
    """Columns every data table carries so each row can be traced to its source."""
    return dict(_definitions()["provenance"])


def table_names() -> list[str]:
    """The data tables, in the order they are documented.

    >>> table_names()[:2]
    ['committees', 'candidates']
    """
    return list(_definitions()["tables"])


def table_description(table: str) -> str:
    return _definitions()["tables"][table]["description"]


def table_columns(table: str) -> dict[str, str]:
    """A table's own columns and their DuckDB types (provenance columns not included)."""
    tables = _definitions()["tables"]
    if table not in tables:
        raise SchemaError(f"unknown table {table!r}; tables: {', '.join(tables)}")
    return {name: sql_type for name, sql_type in tables[table]["columns"]}


def all_columns(table: str) -> dict[str, str]:
    """A table's columns followed by the provenance columns."""
    return {**table_columns(table), **provenance_columns()}
