#!/usr/bin/env python3
"""Build the column maps and field types of FEC electronic filings (`.fec`) as package data.

Reads the reference material in ``../shared/data/spec`` (the FEC's own v8.3 format workbook,
the per-form column lists of fech-sources, and the version maps of the FastFEC and fecfile
parsers) and writes two files under ``src/moneytrail/formats/efile/``:

``mappings.json``
    For every record type (in matching order): the record-type regular expression, then its
    layouts in matching order, each a version regular expression, the concrete format
    versions it covers, the ordered column names, and where that list came from and what it
    was checked against.
``types.json``
    For every record type: which columns are dates (YYYYMMDD) and which are amounts, each
    with the rule or workbook field it came from.

Both are facts about a public format; this script is how the project derives and
re-derives them. ``tests/test_efile_mappings.py`` re-runs it into a temporary folder and
fails when the committed files are stale.

Example::

    python tools/build_efile_mappings.py                      # writes the package data
    python tools/build_efile_mappings.py --out /tmp/x --spec ../shared/data/spec
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
import zipfile
from collections.abc import Iterable
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SPEC = ROOT.parent / "shared" / "data" / "spec"
DEFAULT_OUT = ROOT / "src" / "moneytrail" / "formats" / "efile"

# Every format version the FEC has published, electronic then paper. A layout "covers" the
# ones its version expression matches; the reader falls back to the nearest of these when a
# filing claims a version no layout matches (e.g. "180.5").
KNOWN_VERSIONS = [
    "1.00", "2.00", "2.01", "2.02", "3.00", "5.00", "5.1", "5.2", "5.3",
    "6.1", "6.2", "6.3", "6.4", "7.0", "8.0", "8.1", "8.2", "8.3", "8.4", "8.5",
    "P1.0", "P2.2", "P2.3", "P2.4", "P2.6", "P3.0", "P3.1", "P3.2", "P3.3", "P3.4",
]  # fmt: skip

# Our name for each record-type expression of the parsers' maps, with the fech-sources file
# and the FEC workbook sheet that describe the same record, and a form type that the
# expression matches (used to resolve type rules, which are keyed by form type).
# name, fech-sources file, workbook sheet, sample form type, description
RECORD_TYPES: dict[str, tuple[str, str | None, str | None, str, str]] = {
    "^hdr$": ("HDR", "HDR", "HDR", "HDR", "Header record"),
    "^f1[an]": ("F1", "F1", "F1", "F1N", "Statement of organization"),
    "^f13[an]": ("F13", "F13", "F13", "F13N", "Inaugural committee donations report"),
    "^f132": ("F132", "F132", "F132", "F132", "F13 itemized donations"),
    "^f133": ("F133", "F133", "F133", "F133", "F13 donation refunds"),
    "^(f1m$|f1m[a|n])": ("F1M", "F1M", "F1M", "F1MN", "Notification of multicandidate status"),
    "^f1s": ("F1S", "F1S", "F1S", "F1S", "F1 supplemental"),
    "(^f2$)|(^f2[^4])": ("F2", "F2", "F2", "F2N", "Statement of candidacy"),
    "(^f24$)|(^f24[an])": ("F24", "F24", "F24", "F24N", "24/48-hour report of IEs"),
    "^f3[a|n|t]": ("F3", "F3", "F3", "F3N", "Report of a House or Senate committee"),
    "^f3l[a|n]": ("F3L", "F3L", "F3L", "F3LN", "Report of bundled contributions"),
    "(^f3p$)|(^f3p[^s|3|z])": ("F3P", "F3P", "F3P", "F3PN", "Report of a presidential cmte"),
    "^f3p31": ("F3P31", "F3P31", "F3P31", "F3P31", "F3P items to be liquidated"),
    "^f3ps": ("F3PS", "F3PS", "F3PS", "F3PS", "F3P post-general summary"),
    "(^f3pz1)": ("F3PZ1", "F3PZ1", "F3PZ1", "F3PZ1", "F3P consolidated summary (Z-1)"),
    "(^f3pz2)": ("F3PZ2", "F3PZ2", "F3PZ2", "F3PZ2", "F3P consolidated summary (Z-2)"),
    "^f3s": ("F3S", "F3S", "F3S", "F3S", "F3 post-general summary"),
    "(^f3x$)|(^f3x[ant])": ("F3X", "F3X", "F3X", "F3XN", "Report of a PAC or party"),
    "(^f3z$)|(^f3z[t])": ("F3Z", "F3Z", None, "F3Z", "F3 consolidated summary (old)"),
    "^f3z1": ("F3Z1", "F3Z1", "F3Z1", "F3Z1", "F3 consolidated summary (Z-1)"),
    "^f3z2": ("F3Z2", "F3Z2", "F3Z2", "F3Z2", "F3 consolidated summary (Z-2)"),
    "^f4[ant]": ("F4", "F4", "F4", "F4N", "Report of a convention committee"),
    "^f5[na]": ("F5", "F5", "F5", "F5N", "Report of IEs by persons"),
    "^f56": ("F56", "F56", "F56", "F56", "F5 contributions received"),
    "^f57": ("F57", "F57", "F57", "F57", "F5 expenditures"),
    "(^f6$)|(^f6[an])": ("F6", "F6", "F6", "F6N", "48-hour contribution notice"),
    "^f65": ("F65", "F65", "F65", "F65", "F6 contributions"),
    "^f7[na]": ("F7", "F7", "F7", "F7N", "Report of communication costs"),
    "^f76": ("F76", "F76", "F76", "F76", "F7 communication costs"),
    "(^f8$)|(^f8[an])": ("F8", "F8", None, "F8N", "Debt settlement plan"),
    "^f8ii$": ("F8II", "F82", None, "F8II", "F8 part II"),
    "^f8iii$": ("F8III", "F83", None, "F8III", "F8 part III"),
    "(^f9$)|(^f9[an])": ("F9", "F9", "F9", "F9N", "24-hour notice of electioneering"),
    "^f91": ("F91", "F91", "F91", "F91", "F9 controllers"),
    "^f92": ("F92", "F92", "F92", "F92", "F9 donations"),
    "^f93": ("F93", "F93", "F93", "F93", "F9 disbursements"),
    "^f94": ("F94", "F94", "F94", "F94", "F9 candidates"),
    "^f99": ("F99", "F99", "F99", "F99", "Miscellaneous text"),
    "^f10$": ("F10", "F10", None, "F10", "24-hour notice of personal funds"),
    "^f105$": ("F105", "F105", None, "F105", "F10 expenditures"),
    "^h1": ("H1", "H1", "Sch H1", "H1", "Allocation ratios"),
    "^h2": ("H2", "H2", "Sch H2", "H2", "Allocation ratios per activity"),
    "^h3": ("H3", "H3", "Sch H3", "H3", "Transfers from non-federal accounts"),
    "^h4": ("H4", "H4", "Sch H4", "H4", "Allocated disbursements"),
    "^h5": ("H5", "H5", "Sch H5", "H5", "Levin-fund transfers"),
    "^h6": ("H6", "H6", "Sch H6", "H6", "Levin-fund disbursements"),
    "^sa[^3]": ("SA", "SchA", "Sch A", "SA11AI", "Schedule A: itemized receipts"),
    "^sa3l": ("SA3L", "SchA3L", None, "SA3L", "Schedule A for F3L: bundled contributions"),
    "^sb": ("SB", "SchB", "Sch B", "SB17", "Schedule B: itemized disbursements"),
    "^sc[^1-2]": ("SC", "SchC", "Sch C", "SC/10", "Schedule C: loans"),
    "^sc1": ("SC1", "SchC1", "Sch C1", "SC1/10", "Schedule C1: loans from banks"),
    "^sc2": ("SC2", "SchC2", "Sch C2", "SC2/10", "Schedule C2: loan guarantors"),
    "^sd": ("SD", "SchD", "Sch D", "SD10", "Schedule D: debts"),
    "^se": ("SE", "SchE", "Sch E", "SE", "Schedule E: independent expenditures"),
    "^sf": ("SF", "SchF", "Sch F", "SF", "Schedule F: coordinated party expenditures"),
    "^si": ("SI", "SchI", None, "SI", "Schedule I: Levin-fund summary (old)"),
    "^sl": ("SL", "SchL", "Sch L", "SL", "Schedule L: Levin-fund summary"),
    "^text": ("TEXT", "TEXT", "Text", "TEXT", "Text record (memo text)"),
}

_XNS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}


def sha256(path: Path) -> str:
    """Hex sha256 of a file, recorded so the output says which inputs it was built from."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_json_ordered(path: Path) -> dict:
    """A JSON object with its key order kept (matching order is meaningful in these maps)."""
    return json.loads(path.read_text(encoding="utf-8"))


def read_workbook(path: Path) -> dict[str, list[dict[str, str]]]:
    """Rows of every sheet of an .xlsx file, as {column letter: text}; no openpyxl needed."""
    book = zipfile.ZipFile(path)
    shared = [
        "".join(t.text or "" for t in si.iter(f"{{{_XNS['m']}}}t"))
        for si in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).findall("m:si", _XNS)
    ]
    rels = {
        r.get("Id"): r.get("Target")
        for r in ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    }
    sheets: dict[str, list[dict[str, str]]] = {}
    workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
    for sheet in workbook.find("m:sheets", _XNS) or []:
        target = str(rels[sheet.get(f"{{{_XNS['r']}}}id")]).lstrip("/")
        target = target if target.startswith("xl/") else "xl/" + target
        rows = []
        for row in ElementTree.fromstring(book.read(target)).iter(f"{{{_XNS['m']}}}row"):
            cells: dict[str, str] = {}
            for cell in row.findall("m:c", _XNS):
                column = re.match(r"[A-Z]+", cell.get("r", "")).group()  # type: ignore[union-attr]
                value = cell.find("m:v", _XNS)
                if cell.get("t") == "s" and value is not None:
                    cells[column] = shared[int(value.text or 0)]
                elif cell.get("t") == "inlineStr":
                    cells[column] = "".join(t.text or "" for t in cell.iter(f"{{{_XNS['m']}}}t"))
                elif value is not None and value.text is not None:
                    cells[column] = value.text
            rows.append(cells)
        sheets[str(sheet.get("name"))] = rows
    return sheets


def workbook_fields(rows: list[dict[str, str]]) -> list[tuple[str, str]]:
    """(description, type) of the numbered fields of one workbook sheet, in order."""
    fields = []
    for cells in rows:
        seq = (cells.get("A") or "").strip()
        if seq.isdigit() and int(seq) == len(fields) + 1:
            fields.append(((cells.get("B") or "").strip(), (cells.get("C") or "").strip()))
    return fields


def read_fech(path: Path) -> dict[str, list[str]]:
    """Column lists of one fech-sources file: {version expression: names by position}."""
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        rows = list(csv.reader(handle))
    groups: dict[str, list[str]] = {}
    for index, version in enumerate(rows[0]):
        if index == 0 or not version:
            continue
        placed: list[tuple[float, str]] = []
        for row in rows[1:]:
            cell = row[index].strip() if index < len(row) else ""
            try:
                placed.append((float(cell), row[0]))
            except ValueError:
                continue  # blank, or a description that spilled over from a quoted cell
        groups[version] = [name for _, name in sorted(placed)]
    return groups


def covers(version_regex: str, earlier: Iterable[str]) -> list[str]:
    """Known versions a layout's expression matches that no earlier layout already took."""
    taken = set(earlier)
    return [
        v for v in KNOWN_VERSIONS if v not in taken and re.match(version_regex, v, re.IGNORECASE)
    ]


def clean_columns(columns: list[str]) -> tuple[list[str], list[str]]:
    """Make column names usable as table columns: no blanks, no repeats (notes say which)."""
    out: list[str] = []
    notes: list[str] = []
    for position, name in enumerate(columns, start=1):
        fixed = name.strip().lower()
        if not fixed:
            fixed = f"unnamed_{position}"
            notes.append(f"position {position} has no name in the sources; named {fixed}")
        if fixed in out:
            base, n = fixed, 2
            while f"{base}_{n}" in out:
                n += 1
            fixed = f"{base}_{n}"
            notes.append(f"position {position} repeats {base!r}; named {fixed}")
        out.append(fixed)
    return out, notes


def compare(ours: list[str], theirs: list[str]) -> str:
    """One line saying whether two column lists agree, and where they first differ."""
    if ours == theirs:
        return f"agrees ({len(ours)} columns)"
    for i, (a, b) in enumerate(zip(ours, theirs, strict=False)):
        if a != b:
            return f"differs at position {i + 1}: {a!r} here, {b!r} there ({len(theirs)} cols)"
    return f"differs in length: {len(ours)} here, {len(theirs)} there"


def build(spec: Path) -> tuple[dict, dict]:
    """Both output documents, from the reference folder ``spec``."""
    fecfile_maps = read_json_ordered(spec / "fecfile-mappings.json")
    fastfec_maps = read_json_ordered(spec / "fastfec-mappings.json")
    fecfile_types = read_json_ordered(spec / "fecfile-types.json")
    fastfec_types = read_json_ordered(spec / "fastfec-types.json")
    workbook = read_workbook(spec / "FEC_Format_v8.3.0.1.xlsx")
    fech_dir = spec / "fech-sources"

    inputs = sorted(
        [p for p in spec.glob("*.json")] + [spec / "FEC_Format_v8.3.0.1.xlsx"],
        key=lambda p: p.name,
    ) + sorted(fech_dir.glob("*.csv"))
    provenance = {str(p.relative_to(spec)): sha256(p) for p in inputs}

    # fecfile's maps are a superset of FastFEC's (two more record types); where both have a
    # layout they must agree, or the build stops: a silent choice between them would hide
    # a real disagreement about the format.
    patterns = list(fecfile_maps) + [p for p in fastfec_maps if p not in fecfile_maps]
    unknown = [p for p in patterns if p not in RECORD_TYPES]
    if unknown:
        raise SystemExit(f"record types without a name in RECORD_TYPES: {unknown}")

    record_types = []
    type_doc: dict[str, dict] = {}
    for pattern in patterns:
        name, fech_name, sheet, sample, description = RECORD_TYPES[pattern]
        if not re.match(pattern, sample, re.IGNORECASE):
            raise SystemExit(f"sample form {sample!r} does not match {pattern!r}")
        fech = read_fech(fech_dir / f"{fech_name}.csv") if fech_name else {}
        fields = workbook_fields(workbook[sheet]) if sheet and sheet in workbook else []
        ours_by_version = fecfile_maps.get(pattern) or fastfec_maps[pattern]
        layouts = []
        seen: list[str] = []
        for version_regex, raw_columns in ours_by_version.items():
            in_fecfile = version_regex in fecfile_maps.get(pattern, {})
            in_fastfec = version_regex in fastfec_maps.get(pattern, {})
            if in_fecfile and in_fastfec:
                if fecfile_maps[pattern][version_regex] != fastfec_maps[pattern][version_regex]:
                    raise SystemExit(f"fecfile and FastFEC disagree on {pattern} {version_regex}")
                source = "fecfile-mappings.json and fastfec-mappings.json (identical)"
            else:
                source = "fecfile-mappings.json" if in_fecfile else "fastfec-mappings.json"
            first = raw_columns[:1]
            fixed_first = list(raw_columns)
            first_note = []
            if first and first[0] not in ("form_type", "rec_type", "record_type"):
                # The first field of every record is its form type; a source that names it
                # otherwise has slipped (e.g. H1 v3, where the name belongs to field 23).
                fixed_first[0] = "form_type"
                first_note = [f"position 1 is the form type; the sources name it {first[0]!r}"]
            columns, notes = clean_columns(fixed_first)
            notes = first_note + notes
            if not columns:
                notes.append("the sources list no columns: records are kept raw")
            checks: dict[str, str] = {}
            if version_regex in fech:
                checks[f"fech-sources/{fech_name}.csv"] = compare(raw_columns, fech[version_regex])
            else:
                checks[f"fech-sources/{fech_name}.csv"] = "no column group for these versions"
            covered = covers(version_regex, seen)
            seen += covered
            if "8.3" in covered:
                if fields:
                    verdict = (
                        "same number of fields"
                        if len(fields) == len(columns)
                        else f"{len(fields)} fields there, {len(columns)} here"
                    )
                    checks[f"FEC_Format_v8.3.0.1.xlsx sheet {sheet!r}"] = verdict
                else:
                    checks["FEC_Format_v8.3.0.1.xlsx"] = "no sheet for this record type"
            layout = {
                "versions": version_regex,
                "covers": covered,
                "columns": columns,
                "source": source,
                "checks": checks,
            }
            if notes:
                layout["notes"] = notes
            layouts.append(layout)
        record_types.append(
            {"name": name, "pattern": pattern, "description": description, "layouts": layouts}
        )
        type_doc[name] = derive_types(
            name, pattern, sample, layouts, fields, sheet, fecfile_types, fastfec_types
        )

    mappings = {
        "about": (
            "Column layouts of FEC electronic filing (.fec) records, per record type and "
            "format version. Matching: the first record-type pattern (case-insensitive, "
            "anchored at the start) that matches a line's form type and has a layout whose "
            "version pattern matches the filing's version wins. Generated by "
            "tools/build_efile_mappings.py; do not edit by hand."
        ),
        "inputs": provenance,
        "known_versions": KNOWN_VERSIONS,
        "record_types": record_types,
    }
    types = {
        "about": (
            "Typed columns of FEC electronic filing records, by record type name (see "
            "mappings.json): 'date' columns hold YYYYMMDD dates, 'amount' columns decimal "
            "amounts; every other column is text. 'why' gives each one's source. Generated "
            "by tools/build_efile_mappings.py; do not edit by hand."
        ),
        "inputs": provenance,
        "record_types": type_doc,
    }
    return mappings, types


def derive_types(
    name: str,
    pattern: str,
    sample: str,
    layouts: list[dict],
    fields: list[tuple[str, str]],
    sheet: str | None,
    fecfile_types: dict,
    fastfec_types: dict,
) -> dict:
    """Date and amount columns of one record type, from two independent sources.

    1. The parsers' type rules (form regex -> version regex -> column regex -> type), which
       fecfile and FastFEC share: resolved against every column name of every layout.
    2. The FEC's v8.3 workbook: where the 8.x layout has exactly as many columns as the
       sheet has fields, a field typed AMT-n is an amount and a NUM-8 field whose
       description says DATE is a date. Applied by column name to every layout, since a
       name means the same thing in every version of a record type.
    """
    if fecfile_types != fastfec_types:
        raise SystemExit("fecfile-types.json and fastfec-types.json differ; decide which holds")
    why: dict[str, dict[str, str]] = {"date": {}, "amount": {}}
    rules = next(
        (by_version for p, by_version in fecfile_types.items() if re.match(p, sample, re.I)), {}
    )
    for version_regex, by_column in rules.items():
        for layout in layouts:
            if version_regex != ".*" and not any(
                re.match(version_regex, v, re.I) for v in layout["covers"]
            ):
                continue
            for column in layout["columns"]:
                # The parsers take the first column rule that matches, as we do here.
                rule = next((r for c, r in by_column.items() if re.match(c, column, re.I)), None)
                if rule is None:
                    continue
                kind = "date" if rule["type"] == "date" else "amount"
                why[kind].setdefault(column, f"fecfile-types.json rule {pattern!r}")
    v83 = next((lay for lay in layouts if "8.3" in lay["covers"]), None)
    if v83 is not None and fields and len(fields) == len(v83["columns"]):
        for column, (description, kind) in zip(v83["columns"], fields, strict=True):
            where = f"FEC_Format_v8.3.0.1.xlsx {sheet} field {description!r} ({kind})"
            if kind.startswith("AMT"):
                why["amount"].setdefault(column, where)
            elif kind.startswith("NUM-8") and "DATE" in description.upper():
                why["date"].setdefault(column, where)
    clash = set(why["date"]) & set(why["amount"])
    if clash:
        raise SystemExit(f"{name}: columns typed both date and amount: {sorted(clash)}")
    return {
        "date": sorted(why["date"]),
        "amount": sorted(why["amount"]),
        "why": {
            k: why["date"].get(k) or why["amount"][k]
            for k in sorted({**why["date"], **why["amount"]})
        },
    }


def write(doc: dict, path: Path) -> None:
    """Stable, diff-friendly JSON: two-space indent, column lists one per line."""
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command line: ``--spec`` (reference folder) and ``--out`` (package-data folder)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if not args.spec.is_dir():
        print(f"reference folder not found: {args.spec}", file=sys.stderr)
        return 2
    mappings, types = build(args.spec)
    args.out.mkdir(parents=True, exist_ok=True)
    write(mappings, args.out / "mappings.json")
    write(types, args.out / "types.json")
    n_layouts = sum(len(r["layouts"]) for r in mappings["record_types"])
    print(f"wrote {len(mappings['record_types'])} record types, {n_layouts} layouts to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
