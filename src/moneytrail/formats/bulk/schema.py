"""FEC bulk-file layouts, read from the TOML files in ``schemas/``.

Each file describes one kind of bulk file: its fields in order with their types, how to
recognise it, and which warehouse table(s) its rows go to. A malformed schema fails
loudly when first loaded, naming the file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from moneytrail.errors import SchemaError
from moneytrail.model import table_columns

_TYPES = re.compile(r"^(VARCHAR|DATE|BIGINT|SMALLINT|INTEGER|DECIMAL\(\d+,\d+\))$")


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    date_format: str | None = None


@dataclass(frozen=True)
class Target:
    """Rows (those matching ``where``, a SQL predicate over the fields) go to ``table``;
    ``columns`` maps each table column to a SQL expression over the fields."""

    table: str
    columns: dict[str, str]
    where: str | None = None


@dataclass(frozen=True)
class BulkKind:
    kind: str
    title: str
    source: str
    file_names: tuple[str, ...]
    fields: tuple[Field, ...]
    targets: tuple[Target, ...]
    shape: dict[int, str]
    dialect: str = "pipe"  # "pipe": |-separated, unquoted, no header; "csv": quoted, header row
    trailing_delimiter: bool = False
    header_starts: str | None = None
    # Zip members that repeat rows a whole member of the same zip holds (by_date/ parts).
    part_members: tuple[str, ...] = ()

    @property
    def fields_per_line(self) -> int:
        """How many delimited values a well-formed line holds."""
        return len(self.fields) + (1 if self.trailing_delimiter else 0)

    @property
    def tables(self) -> tuple[str, ...]:
        return tuple(t.table for t in self.targets)


def _parse(raw: dict, base: dict | None, origin: str) -> BulkKind:
    merged = {**(base or {}), **raw}
    try:
        fields = tuple(Field(f[0], f[1], f[2] if len(f) > 2 else None) for f in merged["fields"])
        targets = tuple(
            Target(t["table"], dict(t["columns"]), t.get("where")) for t in merged["targets"]
        )
        kind = BulkKind(
            kind=merged["kind"],
            title=merged["title"],
            source=merged["source"],
            file_names=tuple(merged["file_names"]),
            fields=fields,
            targets=targets,
            shape={int(k): v for k, v in merged.get("shape", {}).items()},
            dialect=merged.get("dialect", "pipe"),
            trailing_delimiter=merged.get("trailing_delimiter", False),
            header_starts=merged.get("header_starts"),
            part_members=tuple(merged.get("part_members", ())),
        )
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise SchemaError(f"bulk schema {origin} is malformed: {exc!r}") from exc
    names = {f.name for f in fields}
    for f in fields:
        if not _TYPES.match(f.type):
            raise SchemaError(f"bulk schema {origin}: field {f.name} has unknown type {f.type}")
        if f.type == "DATE" and not f.date_format:
            raise SchemaError(f"bulk schema {origin}: date field {f.name} needs a format")
    for t in targets:
        known = table_columns(t.table)
        for column, expr in t.columns.items():
            if column not in known:
                raise SchemaError(f"bulk schema {origin}: table {t.table} has no column {column}")
            if expr.isidentifier() and expr not in names:
                raise SchemaError(f"bulk schema {origin}: {column} maps to unknown field {expr}")
    return kind


@cache
def bulk_kinds() -> dict[str, BulkKind]:
    """Every known bulk-file kind, by name (``indiv``, ``cm``, ...).

    >>> bulk_kinds()["indiv"].tables
    ('schedule_a',)
    """
    folder = resources.files("moneytrail.formats.bulk") / "schemas"
    raw = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".toml"):
            with entry.open("rb") as fh:
                raw[entry.name] = tomllib.load(fh)
    by_kind = {doc["kind"]: (name, doc) for name, doc in raw.items()}
    kinds = {}
    for kind, (name, doc) in sorted(by_kind.items()):
        base = by_kind[doc["same_as"]][1] if "same_as" in doc else None
        kinds[kind] = _parse(doc, base, name)
    return kinds


def bulk_kind(name: str) -> BulkKind:
    """The layout of one kind; a clear error names the known kinds."""
    kinds = bulk_kinds()
    if name not in kinds:
        raise SchemaError(f"unknown file kind {name!r}; known kinds: {', '.join(kinds)}")
    return kinds[name]
