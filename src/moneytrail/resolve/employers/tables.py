"""The resolver over Arrow tables: one row per distinct string, and the organizations
table the warehouse stores."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from moneytrail.resolve.employers.match import DISCOVERED_PREFIX
from moneytrail.resolve.employers.resolver import EmployerResolver, _default

RESULT_SCHEMA = pa.schema(
    [
        ("raw", pa.string()),
        ("normalized", pa.string()),
        ("org_id", pa.string()),
        ("org_name", pa.string()),
        ("ultimate_parent_id", pa.string()),
        ("non_org", pa.string()),
        ("method", pa.string()),
        ("confidence", pa.float32()),
        ("matched", pa.string()),
    ]
)

_RESULT_FIELDS = [f.name for f in RESULT_SCHEMA if f.name != "raw"]


def resolve_employers_arrow(
    values: pa.Array | pa.ChunkedArray | pa.Table,
    column: str = "contributor_employer",
    resolver: EmployerResolver | None = None,
) -> pa.Table:
    """One row per DISTINCT employer string of the input (nulls included once)."""
    if isinstance(values, pa.Table):
        values = values.column(column)
    distinct = pc.unique(values).cast(pa.string()).to_pylist()
    res = resolver or _default()
    # Columns filled as we go, so no match (with its explanation steps) outlives its row.
    columns: dict[str, list] = {name: [] for name in _RESULT_FIELDS}
    for value in distinct:
        m = res.resolve(value)
        for name in _RESULT_FIELDS:
            columns[name].append(getattr(m, name))
    arrays = [pa.array(distinct, pa.string())]
    arrays += [pa.array(columns[f.name], f.type) for f in RESULT_SCHEMA if f.name != "raw"]
    return pa.table(arrays, schema=RESULT_SCHEMA)


# A discovered organization's source in the organizations table, then, where it has an
# industry, the reason for it after INDUSTRY_REASON_AFTER.
DISCOVERED_SOURCE = "the employer string as filed, normalized"
INDUSTRY_REASON_AFTER = "; "

ORGANIZATION_SCHEMA = pa.schema(
    [
        ("org_id", pa.string()),
        ("name", pa.string()),
        ("parent_id", pa.string()),
        ("ultimate_parent_id", pa.string()),
        ("naics", pa.string()),
        ("industry", pa.string()),
        ("sector", pa.string()),
        ("kind", pa.string()),
        ("source", pa.string()),
    ]
)


def _industry(code: str, labels: Mapping[str, str]) -> str | None:
    """The label of the most specific NAICS code of ``code`` that the taxonomy names (its
    sector's, for a sector's code: 23, 31-33)."""
    for cut in range(len(code), 1, -1):
        if code[:cut] in labels:
            return labels[code[:cut]]
    return None


def organizations_arrow(
    discovered: pa.Table | None = None,
    resolver: EmployerResolver | None = None,
    donors: Mapping[str, Mapping[str, int]] | None = None,
) -> pa.Table:
    """Every organization of the registry (and a user's overrides), plus the discovered ones
    in ``discovered`` (a table with org_id and org_name, e.g. resolve_employers_arrow's
    output): id, name, parents, NAICS industry and sector, kind and source. A discovered
    one's industry is the one its name's words say, else its donors' occupations
    (``donors``: org_id → occupation as filed → donors)."""
    res = resolver or _default()
    reg = res.registry
    rows: dict[str, dict[str, Any]] = {}
    for org in reg.organizations.values():
        rows[org.id] = {
            "org_id": org.id,
            "name": org.name,
            "parent_id": org.parent,
            "ultimate_parent_id": reg.ancestry(org.id)[-1],
            "naics": org.naics,
            "industry": _industry(org.naics, reg.naics),
            "sector": org.sector_label,
            "kind": "registry" if org.source != "user overrides file" else "user",
            "source": reg.source_text(org.source),
        }
    if discovered is not None:
        ids = discovered.column("org_id").to_pylist()
        names = discovered.column("org_name").to_pylist()
        for org_id, name in zip(ids, names, strict=True):
            if org_id and org_id.startswith(DISCOVERED_PREFIX) and org_id not in rows:
                reading = res.industry_of(name)
                if reading is None and donors is not None and org_id in donors:
                    reading = res.industry_of_donors(donors[org_id])
                naics = reading.naics if reading is not None else None
                sector = reg.sector_of(naics) if naics is not None else None
                rows[org_id] = {
                    "org_id": org_id,
                    "name": name,
                    "parent_id": None,
                    "ultimate_parent_id": org_id,
                    "naics": naics,
                    "industry": _industry(naics, reg.naics) if naics is not None else None,
                    "sector": reg.naics[sector] if sector is not None else None,
                    "kind": "discovered",
                    "source": DISCOVERED_SOURCE
                    + (f"{INDUSTRY_REASON_AFTER}NAICS {reading.source}" if reading else ""),
                }
    return pa.Table.from_pylist(list(rows.values()), schema=ORGANIZATION_SCHEMA)
