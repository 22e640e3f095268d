"""Map a filing's records (typed Parquet per record type) onto the warehouse's tables.

The map itself is data, ``columns.toml``: per table, the record types it takes and, per
column, SQL expressions over the record's fields in order of preference. Which one fits a
filing depends on its format version, so it is decided by asking DuckDB whether the
expression binds against the record's columns, once per distinct set of columns.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

import duckdb
import pyarrow as pa

from moneytrail.errors import SchemaError
from moneytrail.model import table_columns

CATCH_ALL = "efile_records"  # the table for records no other table models
# Columns the reader adds to every record; not fields of the record itself.
READER_COLUMNS = ("line_number", "record_type", "file_number")
_NAME_REF = re.compile(r"@names\.(\w+)")


@dataclass(frozen=True)
class TableMap:
    table: str
    record_types: tuple[str, ...]
    columns: dict[str, tuple[str, ...]]  # model column → expressions, preferred first


@cache
def table_maps() -> tuple[TableMap, ...]:
    """Every table a filing's records are mapped onto, from ``columns.toml``."""
    with (resources.files("moneytrail.formats.efile") / "columns.toml").open("rb") as fh:
        spec = tomllib.load(fh)
    names = spec.get("names", {})

    def expand(expr: str) -> str:
        return _NAME_REF.sub(lambda m: f"({names[m.group(1)]})", expr)

    maps = []
    for entry in spec["tables"]:
        known = table_columns(entry["table"])
        unknown = set(entry["columns"]) - set(known)
        if unknown:
            raise SchemaError(f"columns.toml: {entry['table']} has no columns {sorted(unknown)}")
        columns = {c: tuple(expand(e) for e in exprs) for c, exprs in entry["columns"].items()}
        maps.append(TableMap(entry["table"], tuple(entry["record_types"]), columns))
    return tuple(maps)


def maps_for(record_type: str) -> list[TableMap]:
    """The tables a record type (a layout name such as "SA" or "F3X") is mapped onto."""
    return [m for m in table_maps() if record_type in m.record_types]


def is_modelled(record_type: str) -> bool:
    """True when a schedule table takes the record type's rows (covers are not: their
    fields also go to the catch-all table, since ``filings`` keeps only a few)."""
    return any(m.table != "report_summaries" for m in maps_for(record_type))


def select_sql(
    con: duckdb.DuckDBPyConnection, table: TableMap, relation: str, schema: pa.Schema
) -> str:
    """SELECT over ``relation`` (a record type's rows joined with the filing's facts)
    giving ``table``'s columns, typed, plus ``source_line``."""
    fitting = _fitting(con, table, relation, tuple(schema.names))
    items = []
    for column, sql_type in table_columns(table.table).items():
        expr = fitting.get(column)
        if expr == "@amounts":
            expr = _map_of(schema, decimal_only=True)
        items.append(f'CAST({expr or "NULL"} AS {sql_type}) AS "{column}"')
    return f"SELECT {', '.join(items)}, line_number AS source_line FROM {relation}"


def catch_all_sql(schema: pa.Schema, relation: str) -> str:
    """SELECT keeping every field of a record by name, for ``efile_records``."""
    filer = "filer_committee_id_number"
    committee = filer if filer in schema.names else "NULL"
    return (
        f"SELECT file_number, CAST({committee} AS VARCHAR) AS committee_id, record_type, "
        f"layout, {_map_of(schema, decimal_only=False)} AS fields, "
        f"line_number AS source_line FROM {relation}"
    )


def _map_of(schema: pa.Schema, *, decimal_only: bool) -> str:
    if "fields" in schema.names and pa.types.is_list(schema.field("fields").type):
        # A record type no layout knows: its fields by position.
        return "map(list_transform(range(1, len(fields) + 1), lambda i: 'field_' || i), fields)"
    names = [
        f.name
        for f in schema
        if f.name not in READER_COLUMNS and (not decimal_only or pa.types.is_decimal(f.type))
    ]
    if not names:
        return "map()" if not decimal_only else "NULL"
    keys = ", ".join(f"'{n}'" for n in names)
    cast = "DECIMAL(14,2)" if decimal_only else "VARCHAR"
    values = ", ".join(f'CAST("{n}" AS {cast})' for n in names)
    return f"map([{keys}], [{values}])"


_fit_cache: dict[tuple[str, tuple[str, ...]], dict[str, str]] = {}


def _fitting(
    con: duckdb.DuckDBPyConnection, table: TableMap, relation: str, names: tuple[str, ...]
) -> dict[str, str]:
    """Per column, the first expression that binds against these record columns."""
    key = (table.table, names)
    if key not in _fit_cache:
        chosen = {}
        for column, exprs in table.columns.items():
            for expr in exprs:
                if expr.startswith("@") or _binds(con, expr, relation):
                    chosen[column] = expr
                    break
        _fit_cache[key] = chosen
    return _fit_cache[key]


def _binds(con: duckdb.DuckDBPyConnection, expr: str, relation: str) -> bool:
    try:
        con.execute(f"SELECT {expr} FROM {relation} LIMIT 0")
    except duckdb.BinderException:
        return False
    return True
