"""OpenSecrets' industry categories as an optional second coding of organizations.

OpenSecrets licenses its coding for non-commercial use, so moneytrail ships none of it: a
user who has the category file (CRP_Categories.txt) imports it, and each organization
gets the category its NAICS code points to through ``data/naics_to_crp.toml``.
"""

from __future__ import annotations

import csv
import io
import tomllib
from importlib import resources
from pathlib import Path

import pyarrow as pa

from moneytrail.errors import MoneytrailError

HEADER = ["Catcode", "Catname", "Catorder", "Industry", "Sector", "Sector Long"]
CATEGORY_SCHEMA = pa.schema(
    [(name, pa.string()) for name in
     ("catcode", "catname", "catorder", "industry", "sector", "sector_long")]
)  # fmt: skip
CODING_SCHEMA = pa.schema(
    [(name, pa.string()) for name in ("org_id", "catcode", "catname", "industry", "sector")]
)


class CategoryFileError(MoneytrailError):
    """The file given is not OpenSecrets' category file."""


def read_crp_categories(path: Path) -> pa.Table:
    """The categories of an OpenSecrets CRP_Categories.txt (tab-separated, a notice above
    the header row)."""
    try:
        text = Path(path).read_bytes().decode("latin-1")
    except OSError as exc:
        raise CategoryFileError(f"{path}: cannot be read: {exc.strerror}") from None
    rows = list(csv.reader(io.StringIO(text), delimiter="\t"))
    start = next((i for i, r in enumerate(rows) if r[: len(HEADER)] == HEADER), None)
    if start is None:
        raise CategoryFileError(
            f"{path}: not OpenSecrets' category file (no header row {' | '.join(HEADER)})"
        )
    found = [r[: len(HEADER)] for r in rows[start + 1 :] if len(r) >= len(HEADER) and r[0]]
    return pa.Table.from_pylist(
        [dict(zip(CATEGORY_SCHEMA.names, r, strict=True)) for r in found], schema=CATEGORY_SCHEMA
    )


def _crosswalk() -> tuple[dict[str, str], str]:
    text = (resources.files("moneytrail.resolve") / "data" / "naics_to_crp.toml").read_text()
    data = tomllib.loads(text)
    return data["codes"], data["discovered"]


def crp_coding(organizations: pa.Table, categories: pa.Table) -> pa.Table:
    """Each organization's OpenSecrets category: the one its longest NAICS prefix in the
    crosswalk names; a discovered organization without one gets the "category unknown" code."""
    codes, discovered = _crosswalk()
    by_code = {r["catcode"]: r for r in categories.to_pylist()}
    out = []
    for org in organizations.select(["org_id", "naics", "kind"]).to_pylist():
        naics = org["naics"] or ""
        code = next(
            (codes[naics[:n]] for n in range(len(naics), 1, -1) if naics[:n] in codes), None
        )
        if code is None and org["kind"] == "discovered":
            code = discovered
        category = by_code.get(code or "")
        if category is None:
            continue  # a code the user's (older) file does not have
        out.append(
            {
                "org_id": org["org_id"],
                "catcode": code,
                "catname": category["catname"],
                "industry": category["industry"],
                "sector": category["sector"],
            }  # fmt: skip
        )
    return pa.Table.from_pylist(out, schema=CODING_SCHEMA)
