"""Reconciling a periodic report's summary page with its itemized Schedule A/B lines.

The expected figures are computed here without the code under test: itemized sums and
counts with the ``fecfile`` package (its own parse of each real filing), summary amounts
as fecfile reads the cover record, the line <-> summary column map against the fech
sources' line labels, and the lines expected to match from the raw files (see
``EXACT_MATCHES`` for what was checked and how).
"""

from __future__ import annotations

import csv
import json
import re
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pytest
from efile_oracle import EFILE, SHARED_DATA, all_filings, fecfile_items, file_id
from fecfile import fecparser
from fecfile.cache import getMapping

from moneytrail.errors import UnrecognizedFileError
from moneytrail.formats.efile import FilingWarning
from moneytrail.formats.efile.layouts import Registry
from moneytrail.formats.efile.reconcile import (
    Reconciliation,
    reconcile_filing,
    summary_lines,
)

FILINGS = all_filings()
FS = "\x1c"
CENT = Decimal("0.01")


def _need_data() -> Path:
    if not EFILE.is_dir():
        pytest.skip(f"../shared/data is absent: the real filings are expected in {SHARED_DATA}")
    return EFILE


def _reconcile(source: Any, **kwargs: Any) -> Reconciliation:
    """reconcile_filing without letting the reader's expected warnings reach pytest."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FilingWarning)
        return reconcile_filing(source, **kwargs)


# ------------------------------------------------------------------ the fecfile oracle


@dataclass
class _Oracle:
    """One filing as fecfile reads it: the cover (summary) record and itemized sums."""

    version: str
    summary: dict[str, Any]
    sums: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    memos: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def form(self) -> str:
        """The base form of the cover record ("F3XA" -> "F3X"), as fecfile gives it."""
        form = str(self.summary.get("form_type") or "").strip().upper()
        return re.sub(r"^(F3[XP]?)[NAT]$", r"\1", form)

    def summary_amount(self, form_type: str, version_used: str, column: str) -> Decimal | None:
        """fecfile's value of our cover column, found by position in fecfile's own map."""
        layout, _ = Registry.load().resolve(form_type, version_used)
        assert layout is not None
        theirs = getMapping(fecparser.mappings, form_type, self.version)
        return _decimal(self.summary.get(theirs[layout.columns.index(column)]))


def _decimal(value: Any) -> Decimal | None:
    """An amount fecfile gives (float, text or empty) as Decimal cents; None if none."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        text = repr(value) if isinstance(value, float) else str(value).strip().replace(",", "")
        return Decimal(text).quantize(CENT)
    except InvalidOperation:
        return None


def _oracle(path: Path) -> _Oracle:
    """fecfile's reading, with the two adjustments test_efile_reader.py explains."""
    data = path.read_bytes()
    if path.name == "filing_invalid_version.fec":  # fecfile refuses version 180.5
        data = data.replace(b"180.5", b"8.3", 1)
    if path.name == "no-header-mapping.fec":  # fecfile raises on the unknown TEST line
        data = b"\n".join(line for line in data.split(b"\n") if not line.startswith(b"TEST,"))
    header, items = fecfile_items(data)
    version = header.get("fec_version") or header.get("fec_ver_#") or ""
    summaries = [item for kind, item in items if kind == "summary"]
    oracle = _Oracle(version=version, summary=summaries[0] if summaries else {})
    for kind, item in items:
        if kind != "itemization":
            continue
        record_type = str(item.get("form_type") or "").strip().upper()
        amount_field = {"SA": "contribution_amount", "SB": "expenditure_amount"}.get(
            record_type[:2], ""
        )
        if amount_field not in item:
            continue  # not a Schedule A/B line (a TEXT record naming one has no amount)
        if str(item.get("memo_code") or "").strip().upper() == "X":
            oracle.memos[record_type] += 1
            continue
        oracle.counts[record_type] += 1
        oracle.sums[record_type] += _decimal(item[amount_field]) or Decimal(0)
    return oracle


def _record_types(form: str, schedule: str, line: str) -> set[str]:
    """The record types of a summary line, by the FEC's convention (not the data file).

    The workbook's Schedule A/B field 1 is "SA[line# ref]": the line without its
    punctuation, 11(a)(i) -> SA11AI. Versions 2 to 5 and paper filings write the roman
    one as a digit (SA11A1); Form 3P writes 17(a)(i) as SA17A.
    """
    compact = re.sub(r"[()]", "", line).upper()
    if form == "F3P" and compact == "17AI":
        return {"SA17A"}
    types = {schedule + compact}
    if compact.endswith("AI"):
        types.add(schedule + compact[:-1] + "1")
    return types


# --------------------------------------------------- every real filing against fecfile


@pytest.mark.parametrize(
    "path", FILINGS or [None], ids=[file_id(p) for p in FILINGS] or ["no-data"]
)
def test_reconciliation_agrees_with_fecfile(path: Path | None) -> None:
    """Itemized sums and counts, memo counts and summary amounts equal fecfile's; every
    itemized record type is in a row or named in a note; no line with a figure is
    dropped. Periodic or not is decided from fecfile's cover record."""
    _need_data()
    assert path is not None
    oracle = _oracle(path)
    rec = _reconcile(path)
    periodic = oracle.form in ("F3", "F3X", "F3P")
    assert rec.periodic == periodic
    if not periodic:
        assert rec.rows == []
        assert any("not a periodic report" in note for note in rec.notes), rec.notes
        return
    assert rec.form_type is not None and rec.version_used is not None
    notes = "\n".join(rec.notes)
    seen: set[str] = set()
    for row in rec.rows:
        types = _record_types(oracle.form, row["schedule"], row["line"])
        seen |= types
        where = f"line {row['line']}"
        assert Decimal(row["itemized_sum"]) == sum(
            (oracle.sums[t] for t in types), Decimal("0.00")
        ), where
        assert row["itemized_count"] == sum(oracle.counts[t] for t in types), where
        assert row["memo_count"] == sum(oracle.memos[t] for t in types), where
        summary = oracle.summary_amount(rec.form_type, rec.version_used, row["summary_column"])
        assert row["summary_amount"] == (None if summary is None else str(summary)), where
        assert Decimal(row["difference"]) == (summary or 0) - Decimal(row["itemized_sum"])
    for missing in re.findall(r"no column for line (\S+)", notes):
        seen |= _record_types(oracle.form, "SA", missing) | _record_types(
            oracle.form, "SB", missing
        )
    for record_type in set(oracle.counts) | set(oracle.memos):
        assert record_type in seen or f"record type {record_type!r}" in notes, record_type
    # A line left out of the rows has neither a figure nor itemized lines.
    shown = {row["line"] for row in rec.rows}
    for line in summary_lines()[oracle.form]:
        if line.line in shown or f"no column for line {line.line} " in notes:
            continue
        types = _record_types(oracle.form, line.schedule, line.line)
        assert not any(oracle.counts[t] or oracle.memos[t] for t in types), line.line
        assert not oracle.summary_amount(rec.form_type, rec.version_used, line.column)


# ------------------------------------------------------- lines known to match or differ

# Lines checked by hand on the raw files (awk on the FS-separated ones, Python's csv on
# the comma-separated ones): the summary field and the sum of the non-memo itemized
# lines of the record type agree to the cent. (filing, line, amount, itemized count,
# why it is expected to match).
EXACT_MATCHES = [
    ("fastfec/1544132.fec", "11(a)(i)", "301030.36", 1316,
     "Klobuchar for Minnesota, F3 2021 Q3, v8.3: 2,585 SA11AI lines, of which 1,269 are "
     "memo entries (ActBlue named as the conduit of an earmarked gift itemized beside "
     "it); the other 1,316 add up to field 33 of the F3N, 11(a)(i) itemized"),
    ("fastfec/1544132.fec", "11(c)", "9000.00", 3,
     "the same report: three PAC contributions, all itemized as the FEC requires, equal "
     "to 11(c)"),
    ("fecfile/27789.fec", "11(a)(i)", "149408.52", 2626,
     "Merck PAC, F3X amendment 2001, v3.00 comma-separated: 2,626 payroll-deduction gifts "
     "itemized as SA11A1 (the digit-one spelling of 11(a)(i) in versions before 6)"),
    ("fastfec/13360.fec", "11(a)(i)", "14285.95", 139,
     "Continental Airlines employee PAC, v2.02 with a /* Header block: 139 SA11A1 lines"),
    ("fastfec/13360.fec", "23", "8650.00", 8,
     "the same report: eight contributions to candidates (SB23), line 23"),
    ("fech/data/748730.fec", "17(a)(i)", "503248.00", 666,
     "Santorum for President, F3P 2011, v8.0: 666 SA17A lines (one more is a memo) equal "
     "field 35 of the F3PN, 17(a)(i) itemized"),
    ("fech/data/767339.fec", "11(a)(i)", "307593.36", 489,
     "Djou for Hawaii's 2012 amendment of report 467627: 489 SA11AI lines (35 memos left "
     "out) equal its corrected 11(a)(i)"),
]  # fmt: skip

# Lines that really differ in the filed data (checked the same way), and why.
KNOWN_DIFFERENCES = [
    ("fastfec/1527862.fec", "28(a)", "102307.46", "105046.25",
     "Biden for President 2021 Q2: its 367 non-memo SB28A refunds (all dated inside the "
     "period) add up to 2,738.79 more than line 28(a), itself consistent with line 30"),
    ("fech/data/467627.fec", "11(a)(i)", "299378.36", "299728.36",
     "Djou for Hawaii's original report: 476 non-memo SA11AI lines add up to 350.00 more "
     "than 11(a)(i); the amendment 767339 corrects the summary and matches"),
    ("fecfile/20180616/1238420.fec", "15", "0.00", "46.88",
     "a restitution payment itemized as SA15 (offsets) while the summary page puts the "
     "46.88 on line 17 (other receipts)"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "line", "amount", "count", "why"),
    EXACT_MATCHES,
    ids=[f"{m[0]}:{m[1]}" for m in EXACT_MATCHES],
)
def test_lines_that_match_exactly(name: str, line: str, amount: str, count: int, why: str):
    rec = _reconcile(_need_data() / name)
    row = next(r for r in rec.rows if r["line"] == line)
    assert (row["summary_amount"], row["itemized_sum"], row["itemized_count"]) == (
        amount,
        amount,
        count,
    ), why
    assert (row["difference"], row["status"]) == ("0.00", "matches"), why


@pytest.mark.parametrize(
    ("name", "line", "summary", "itemized", "why"),
    KNOWN_DIFFERENCES,
    ids=[f"{d[0]}:{d[1]}" for d in KNOWN_DIFFERENCES],
)
def test_lines_that_really_differ(name: str, line: str, summary: str, itemized: str, why: str):
    rec = _reconcile(_need_data() / name)
    row = next(r for r in rec.rows if r["line"] == line)
    assert (row["summary_amount"], row["itemized_sum"]) == (summary, itemized), why
    # Itemized lines adding up to more than the summary figure differ under any rule.
    assert row["status"] == "differs", why
    assert not rec.ok


def test_whole_reports_that_reconcile(shared_data: Path) -> None:
    """Reports whose every line matches, or is partly itemized and under its figure."""
    for name in ("fastfec/1544132.fec", "fecfile/27789.fec", "fech/data/767339.fec"):
        rec = _reconcile(shared_data / "efile" / name)
        assert rec.ok, (name, [r for r in rec.rows if r["status"] == "differs"])
        for row in rec.rows:
            if row["rule"] != "partly itemized":
                assert row["status"] == "matches", (name, row)


def test_partly_itemized_line_under_its_figure(shared_data: Path) -> None:
    """Klobuchar's line 20(a): 8 itemized refunds of 7,075.00, 57.50 more refunded in
    amounts under the itemization threshold; reported as such, not as an error."""
    rec = _reconcile(shared_data / "efile" / "fastfec" / "1544132.fec")
    row = next(r for r in rec.rows if r["line"] == "20(a)")
    assert (row["summary_amount"], row["itemized_sum"], row["difference"]) == (
        "7132.50",
        "7075.00",
        "57.50",
    )
    assert (row["rule"], row["status"]) == ("partly itemized", "itemized ≤ summary")


# ------------------------------------------------------------- the line map and versions


def _fech_labels(form: str) -> list[tuple[str, dict[int, str]]]:
    """fech-sources' (version expression, {position: line label}) groups of one form."""
    path = SHARED_DATA / "spec" / "fech-sources" / f"{form}.csv"
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        rows = list(csv.reader(handle))
    groups = []
    for index, version in enumerate(rows[0]):
        if index == 0 or not version:
            continue
        labels = {}
        for row in rows[1:]:
            if index + 1 < len(row) and row[index].strip().isdigit():
                labels[int(row[index])] = row[index + 1]
        groups.append((version, labels))
    return groups


_LABEL = re.compile(
    r"""\(? (\d+) \)? \.? \s*          # the number: "11", "16."
        (?: \(? \s* ([a-e]) \b        # a letter: "(a", "(b)"
            \s* \.? \s* (i{1,3})?      # a roman numeral inside: "(a i." "(a.ii"
            \s* \.? \)? \s* (i{1,3})? \b  # or after: "(a)i", "(a)iii"
        )?""",
    re.VERBOSE,
)


def _line_of_label(label: str) -> str:
    """A fech label's line number as the forms print it: "11(a)i  Itemized" and
    "11(a i.) Individuals Itemized" -> "11(a)(i)"; "16. Refunds ..." -> "16"."""
    match = _LABEL.match(label.strip().lower())
    assert match, label
    number, letter, roman1, roman2 = match.groups()
    roman = roman1 or roman2
    return number + (f"({letter})" if letter else "") + (f"({roman})" if roman else "")


def test_line_map_agrees_with_the_format_spec(shared_data: Path) -> None:
    """Each line's column sits, in every version that has it, where fech-sources puts
    the label of that line (positions aligned with mappings.json's layouts)."""
    registry = Registry.load()
    checked = 0
    for form, lines in summary_lines().items():
        assert lines, form
        for version_regex, labels in _fech_labels(form):
            version = next(v for v in registry.known_versions if re.match(version_regex, v))
            layout, exact = registry.resolve(form + "N", version)
            assert layout is not None and exact, (form, version)
            for line in lines:
                if line.column not in layout.columns:
                    continue
                label = labels[layout.columns.index(line.column) + 1]
                assert _line_of_label(label) == line.line, (form, version, line.column, label)
                checked += 1
    assert checked > 100
    # Every line's column is in the newest layout of its form.
    for form, lines in summary_lines().items():
        layout, _ = registry.resolve(form + "N", "8.5")
        assert layout is not None
        assert {line.column for line in lines} <= set(layout.columns), form


def test_version_without_the_column_skips_the_line(shared_data: Path) -> None:
    """Bush-Cheney '04 (F3P, v5.00): before version 7 Form 3P has one line 17(a) for all
    individual contributions and no 17(a)(i) column; its SA17A lines are not reconciled."""
    rec = _reconcile(shared_data / "efile" / "fech" / "data" / "97405.fec")
    assert rec.periodic and "17(a)(i)" not in {row["line"] for row in rec.rows}
    [note] = [n for n in rec.notes if "17(a)(i)" in n]
    assert note.startswith("version 5.00 has no column for line 17(a)(i)")
    assert "its 7 itemized line(s) add up to 9200.00" in note  # 8 SA17A lines, 1 memo


# ------------------------------------------------------------------ not periodic, broken


@pytest.mark.parametrize(
    "name", ["fech/data/752356.fec", "fech/data/765310.fec", "fecfile/1236235.fec"]
)
def test_not_a_periodic_report(shared_data: Path, name: str) -> None:
    """An F24 (24/48-hour report), an F1 (statement of organization), an F99."""
    rec = _reconcile(shared_data / "efile" / name)
    assert not rec.periodic and not rec.ok and rec.rows == []
    assert any("is not a periodic report" in note for note in rec.notes), rec.notes
    assert rec.to_dict()["form_type"] == rec.form_type


def test_truncated_filing_does_not_crash(shared_data: Path) -> None:
    """Klobuchar's report cut off in the middle of a line, and after the header."""
    data = (shared_data / "efile" / "fastfec" / "1544132.fec").read_bytes()
    cut = data[: len(data) * 3 // 5]
    assert not cut.endswith(b"\n")
    rec = _reconcile(cut, file_number=1544132)
    assert rec.periodic and rec.file_number == 1544132
    row = next(r for r in rec.rows if r["line"] == "11(a)(i)")
    assert 0 < row["itemized_count"] < 1316
    assert row["summary_amount"] == "301030.36" and row["status"] == "differs"
    header_only = data[: data.index(b"\n") + 40]
    rec = _reconcile(header_only)
    assert rec.rows == [] or all(r["summary_amount"] is None for r in rec.rows)


def test_garbled_filing_does_not_crash(shared_data: Path) -> None:
    """Bad amounts, binary junk, a short line and an unknown schedule line: read around."""
    lines = (shared_data / "efile" / "fastfec" / "1550548.fec").read_bytes().split(b"\n")
    first_sa = next(i for i, line in enumerate(lines) if line.startswith(b"SA11AI"))
    fields = lines[first_sa].split(FS.encode())
    fields[20] = b"12O.00"  # contribution_amount, a letter O for a zero
    lines[first_sa] = FS.encode().join(fields)
    lines[first_sa + 1 : first_sa + 1] = [
        b"\x00\xff\xfe\x1c\x1cgarbage",
        b"SA11AI\x1cC00000000",
        b"SA99\x1cC00000000",
    ]
    rec = _reconcile(b"\n".join(lines), file_number=1550548)
    assert rec.periodic and not rec.ok
    row = next(r for r in rec.rows if r["line"] == "11(a)(i)")
    assert row["status"] == "differs" and row["itemized_count"] == 77  # 76 + the short line
    notes = "\n".join(rec.notes)
    assert "2 itemized line(s) have no amount" in notes
    assert "record type 'SA99'" in notes
    assert "the reader reported" in notes
    for junk in (b"", b"\x00" * 100, bytes(range(256)) * 50):  # no filing at all: refused
        with pytest.raises(UnrecognizedFileError, match="the input is not an FEC electronic"):
            _reconcile(junk)


# ------------------------------------------------------------------ rules, on a made-up one


def _record(form_type: str, version: str = "8.3", **values: str) -> str:
    """One FS-separated record, its fields placed by name with the package's layouts."""
    layout, _ = Registry.load().resolve(form_type, version)
    assert layout is not None
    fields = [""] * len(layout.columns)
    values = {"form_type": form_type, "filer_committee_id_number": "C00000001", **values}
    for name, value in values.items():
        fields[layout.columns.index(name)] = value
    return FS.join(fields)


def _made_up_report() -> bytes:
    sa = "contribution_amount"
    sb = "expenditure_amount"
    records = [
        f"HDR{FS}FEC{FS}8.3{FS}test{FS}1",
        _record("F3XN", col_a_individuals_itemized="300.00",
                col_a_other_political_committees_pacs="500.00",
                col_a_other_federal_operating_expenditures="1000.00",
                col_a_other_disbursements="10.00", col_a_offsets_to_expenditures=""),
        _record("SA11AI", **{sa: "100.00"}),
        _record("SA11AI", **{sa: "200.00"}),
        _record("SA11AI", **{sa: "50.00", "memo_code": "X"}),  # a conduit's memo: not counted
        _record("SA11C", **{sa: "400.00"}),
        _record("SB21B", **{sb: "250.00"}),
        _record("SB29", **{sb: "20.00"}),
        _record("SA99", **{sa: "7.00"}),
    ]  # fmt: skip
    return ("\n".join(records) + "\n").encode()


def test_rules_and_statuses() -> None:
    rec = _reconcile(_made_up_report(), file_number=1)
    rows = {row["line"]: row for row in rec.rows}
    assert set(rows) == {"11(a)(i)", "11(c)", "21(b)", "29"}  # 15: no figure, no lines
    assert rows["11(a)(i)"] == {
        "line": "11(a)(i)",
        "schedule": "SA",
        "description": rows["11(a)(i)"]["description"],
        "summary_column": "col_a_individuals_itemized",
        "summary_amount": "300.00",
        "itemized_sum": "300.00",
        "itemized_count": 2,
        "memo_count": 1,
        "difference": "0.00",
        "rule": "itemized total",
        "status": "matches",
    }
    # PAC contributions must all be itemized: less than the figure is a difference.
    assert (rows["11(c)"]["difference"], rows["11(c)"]["status"]) == ("100.00", "differs")
    # Operating expenditures under $200 a payee are not itemized: less is expected.
    assert rows["21(b)"]["status"] == "itemized ≤ summary"
    # More itemized than the figure is a difference whatever the rule.
    assert (rows["29"]["difference"], rows["29"]["status"]) == ("-10.00", "differs")
    assert any("record type 'SA99'" in note for note in rec.notes)
    assert not rec.ok


def test_to_dict_is_flat_and_json_ready(shared_data: Path) -> None:
    path = shared_data / "efile" / "fastfec" / "1544132.fec"
    out = _reconcile(path).to_dict()
    assert json.loads(json.dumps(out)) == out
    assert (out["file_number"], out["form_type"], out["committee_id"]) == (
        1544132,
        "F3N",
        "C00431353",
    )
    assert (out["coverage_from"], out["coverage_through"]) == ("2021-07-01", "2021-09-30")
    scalars = {k: v for k, v in out.items() if k not in ("rows", "notes")}
    assert all(v is None or isinstance(v, str | int | bool) for v in scalars.values())
    assert out["rows"] and all(
        all(v is None or isinstance(v, str | int) for v in row.values()) for row in out["rows"]
    )
    assert all(isinstance(note, str) for note in out["notes"])
    # The same from the bytes and from an open file.
    assert _reconcile(path.read_bytes(), file_number=1544132).to_dict() == out
    with path.open("rb") as handle:
        assert _reconcile(handle, file_number=1544132).to_dict() == out
