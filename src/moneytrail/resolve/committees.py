"""Sponsored PACs → the organization behind them, so an organization's money is its PAC's
and its employees' together (each shown apart).

A corporation's, union's or trade group's PAC (a separate segregated fund) names its
sponsor in the committee master's connected-organization field; that string goes through
the same employer resolver as contributors' employers, so "MICROSOFT CORPORATION" lands on
the org_id its employees' gifts do. Failing that, the PAC's own name with the PAC words
taken off (``data/pac_names.toml``) is resolved the same way.
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources

import pyarrow as pa

from moneytrail.resolve.employers import EmployerResolver

LINK_SCHEMA = pa.schema(
    [
        ("committee_id", pa.string()),
        ("org_id", pa.string()),
        ("org_name", pa.string()),
        ("method", pa.string()),
        ("confidence", pa.float32()),
        ("matched", pa.string()),
    ]
)


def _rules() -> dict:
    text = (resources.files("moneytrail.resolve") / "data" / "pac_names.toml").read_text()
    return tomllib.loads(text)


def own_people_org_types() -> tuple[str, ...]:
    """The committee master's ORG_TP codes of sponsors whose PAC may solicit only their own
    executives, staff and stockholders (pac_names.toml says why)."""
    return tuple(_rules()["own_people_org_types"])


def sponsor_from_name(name: str, patterns: list[re.Pattern[str]]) -> str:
    """A PAC's name with the PAC words removed: the sponsor's name, as far as it shows."""
    text = name.upper()
    for pattern in patterns:
        text = pattern.sub(" ", text).strip()
    return re.sub(r"\s+", " ", text).strip()


def link_committees(committees: pa.Table, resolver: EmployerResolver | None = None) -> pa.Table:
    """One row per sponsored PAC (committees with a sponsoring organization type) that
    resolves to an organization: committee_id, org_id, method (``connected:`` or ``name:``
    then the resolver's method), confidence and the string that decided."""
    rules = _rules()
    patterns = [re.compile(p) for p in rules["strip_patterns"]]
    nobody = {s.upper() for s in rules["no_connected"]}
    types = set(rules["sponsored_org_types"])
    res = resolver or EmployerResolver()
    out: dict[str, list] = {f.name: [] for f in LINK_SCHEMA}
    seen: set[str] = set()
    for row in committees.select(
        ["committee_id", "name", "organization_type", "connected_organization_name"]
    ).to_pylist():
        cid = row["committee_id"]
        if cid in seen or row["organization_type"] not in types:
            continue  # the master may list a committee once per cycle loaded
        seen.add(cid)
        candidates = []
        connected = (row["connected_organization_name"] or "").strip()
        if connected.upper() not in nobody:
            candidates.append(("connected", connected))
        if row["name"]:
            candidates.append(("name", sponsor_from_name(row["name"], patterns)))
        for how, text in candidates:
            # A sponsored PAC has a sponsor: its connected-organization field, or its name
            # with the PAC words off, names an organization, so no sign of one is needed.
            m = res.resolve(text, names_an_organization=True)
            if m.org_id is None:
                continue
            out["committee_id"].append(cid)
            out["org_id"].append(m.org_id)
            out["org_name"].append(m.org_name)
            out["method"].append(f"{how}:{m.method}")
            # Read from the PAC's own name, a step further from the sponsor's.
            out["confidence"].append(m.confidence * (1.0 if how == "connected" else 0.95))
            out["matched"].append(text)
            break
    return pa.table([pa.array(out[f.name], f.type) for f in LINK_SCHEMA], schema=LINK_SCHEMA)
