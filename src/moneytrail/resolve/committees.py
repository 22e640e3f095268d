"""Sponsored PACs → the organization behind them, so an organization's money is its PAC's
and its employees' together (each shown apart).

A corporation's, union's or trade group's PAC (a separate segregated fund) names its
sponsor in the committee master's connected-organization field; that string goes through
the same employer resolver as contributors' employers, so "MICROSOFT CORPORATION" lands on
the org_id its employees' gifts do. Failing that, the PAC's own name with the PAC words
taken off (``data/pac_names.toml``) is resolved the same way.
"""

from __future__ import annotations

import functools
import re
import tomllib
from importlib import resources

import pyarrow as pa

from moneytrail.resolve.employers import (
    CONFIDENCE,
    DISCOVERED_PREFIX,
    EmployerMatch,
    EmployerResolver,
)

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


@functools.cache  # package data: read once per process, never changed
def _rules() -> dict:
    text = (resources.files("moneytrail.resolve") / "data" / "pac_names.toml").read_text()
    return tomllib.loads(text)


def sponsored_org_types() -> tuple[str, ...]:
    """The committee master's ORG_TP codes of a sponsored PAC (a separate segregated fund)."""
    return tuple(_rules()["sponsored_org_types"])


def own_people_org_types() -> tuple[str, ...]:
    """The committee master's ORG_TP codes of sponsors whose PAC may solicit only their own
    executives, staff and stockholders (pac_names.toml says why)."""
    return tuple(_rules()["own_people_org_types"])


@functools.cache
def union_trades() -> tuple[tuple[re.Pattern[str], str], ...]:
    """(pattern, union id) for a labor organization's PAC named by its trade or its union's
    initials, in the order tried (pac_names.toml says why)."""
    return tuple((re.compile(pattern), union) for pattern, union in _rules()["union_trades"])


def membership_naics() -> tuple[str, ...]:
    """NAICS prefixes of membership organizations, whose PACs ask their members' people
    whatever ORG_TP the committee master gives them (pac_names.toml says why)."""
    return tuple(_rules()["membership_naics"])


def sponsor_from_name(name: str, patterns: list[re.Pattern[str]]) -> str:
    """A PAC's name with the PAC words removed: the sponsor's name, as far as it shows."""
    text = name.upper()
    for pattern in patterns:
        text = pattern.sub(" ", text).strip()
    return re.sub(r"\s+", " ", text).strip()


def _union_by_trade(
    texts: list[tuple[str, str]],
    trades: tuple[tuple[re.Pattern[str], str], ...],
    resolver: EmployerResolver,
) -> tuple[str, str, EmployerMatch] | None:
    """A labor PAC's union read off the trade or initials in one of its strings (connected
    organization first): (how, text, match), the match a unit of the union's, by rule."""
    for how, text in texts:
        upper = text.upper()
        for pattern, union in trades:
            if pattern.search(upper):
                name = resolver.registry.organizations[union].name
                match = EmployerMatch(
                    raw=text, normalized=upper, org_id=union, org_name=name,
                    method="rule", confidence=CONFIDENCE["unit_rule"],
                )  # fmt: skip
                return how, text, match
    return None


def link_committees(committees: pa.Table, resolver: EmployerResolver | None = None) -> pa.Table:
    """One row per sponsored PAC (committees with a sponsoring organization type) that
    resolves to an organization: committee_id, org_id, method (``connected:`` or ``name:``
    then the resolver's method), confidence and the string that decided. A committee listed
    in several cycles' masters is read from its latest (its sponsor's name now) back, and a
    registry organization found by any of its strings beats one discovered by name."""
    rules = _rules()
    patterns = [re.compile(p) for p in rules["strip_patterns"]]
    nobody = {s.upper() for s in rules["no_connected"]}
    types = set(sponsored_org_types())
    res = resolver or EmployerResolver()
    trades = union_trades()
    out: dict[str, list] = {f.name: [] for f in LINK_SCHEMA}
    columns = ["committee_id", "name", "organization_type", "connected_organization_name"]
    if "cycle" in committees.schema.names:
        columns.append("cycle")
    candidates: dict[str, list[tuple[str, str]]] = {}
    labor: set[str] = set()  # committees whose latest master says a labor organization's
    rows = committees.select(columns).to_pylist()
    for row in sorted(rows, key=lambda r: -(r.get("cycle") or 0)):
        if row["organization_type"] not in types:
            continue
        if row["committee_id"] not in candidates and row["organization_type"] == "L":
            labor.add(row["committee_id"])
        found = candidates.setdefault(row["committee_id"], [])
        connected = (row["connected_organization_name"] or "").strip()
        if connected.upper() not in nobody:
            # Many PACs give their own name as the connected organization ("ALCOA INC.
            # EMPLOYEES' VOLUNTARY FEDERAL POLITICAL ACTION COMMITTEE"): the sponsor is
            # what is left without the PAC words, so that is read first.
            stripped = sponsor_from_name(connected, patterns)
            if stripped and stripped != connected.upper():
                found.append(("connected", stripped))
            found.append(("connected", connected))
        if row["name"]:
            found.append(("name", sponsor_from_name(row["name"], patterns)))
    for cid, texts in candidates.items():
        best = None
        for how, text in dict.fromkeys(texts):  # each string once, in order
            # A sponsored PAC has a sponsor: its connected-organization field, or its name
            # with the PAC words off, names an organization, so no sign of one is needed.
            m = res.resolve(text, names_an_organization=True)
            if m.org_id is None:
                continue
            known = not m.org_id.startswith(DISCOVERED_PREFIX)
            if best is None or known:
                best = (how, text, m)
            if known:
                break
        if cid in labor and (best is None or best[2].org_id.startswith(DISCOVERED_PREFIX)):
            best = _union_by_trade(texts, trades, res) or best
        if best is None:
            continue
        how, text, m = best
        out["committee_id"].append(cid)
        out["org_id"].append(m.org_id)
        out["org_name"].append(m.org_name)
        out["method"].append(f"{how}:{m.method}")
        # Read from the PAC's own name, a step further from the sponsor's.
        out["confidence"].append(m.confidence * (1.0 if how == "connected" else 0.95))
        out["matched"].append(text)
    return pa.table([pa.array(out[f.name], f.type) for f in LINK_SCHEMA], schema=LINK_SCHEMA)
