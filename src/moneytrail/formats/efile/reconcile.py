"""Reconcile a periodic report's summary page with its itemized Schedule A and B lines.

A periodic report (Form 3, 3X or 3P, new, amended or terminating) has a summary page of
totals per line, in its cover record, and itemizes receipts on Schedule A and
disbursements on Schedule B, each itemized line naming the summary line it supports in its
record type (``SA11AI`` supports line 11(a)(i), ``SB17`` line 17). For every summary line
with itemized counterparts, :func:`reconcile_filing` compares the summary page's "this
period" figure (column A) with the sum and count of the itemized lines.

Which lines those are, the summary column of each per form, and how the two should relate
are data, in ``reconcile_lines.toml`` (its comments give the sources). Three rules:

* ``itemized total``: the summary figure is by definition the Schedule A total (F3/F3X
  11(a)(i), F3P 16 and 17(a)(i)); it must equal the itemized sum.
* ``all itemized``: the FEC requires every entry of the line to be itemized whatever its
  amount (e.g. contributions from PACs, loans received); it must equal the itemized sum.
* ``partly itemized``: entries under the itemization threshold are only summed on the
  summary page; the itemized sum may be less, but not more.

The filing is streamed (:func:`~moneytrail.formats.efile.reader.iter_filing`) and each
batch is reduced at once to sums and counts per record type with an Arrow ``group_by``,
so a multi-gigabyte filing costs no more memory than a block.

Example::

    >>> rec = reconcile_filing("../shared/data/efile/fastfec/1544132.fec")
    >>> rec.form_type, rec.rows[0]["line"], rec.rows[0]["status"]  # doctest: +SKIP
    ('F3N', '11(a)(i)', 'matches')
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from moneytrail.errors import SchemaError
from moneytrail.formats.efile.reader import Source, iter_filing, refuse_unless_filing

# What each rule expects of the itemized sum, shown beside the status.
RULES = ("itemized total", "all itemized", "partly itemized")
# Statuses of a row.
MATCHES = "matches"
UNDER = "itemized ≤ summary"  # a partly itemized line: the rest is unitemized
DIFFERS = "differs"
# The amount column of each schedule's records.
_AMOUNT_COLUMNS = {"SA": "contribution_amount", "SB": "expenditure_amount"}
_SCHEDULE_NAMES = {"SA": "Schedule A", "SB": "Schedule B"}
_ZERO = Decimal("0.00")


@dataclass(frozen=True)
class SummaryLine:
    """One summary-page line of a form and the itemized record types that support it."""

    form: str  # base form, e.g. "F3X"
    line: str  # as printed on the form, e.g. "11(a)(i)"
    description: str
    schedule: str  # "SA" or "SB"
    record_types: tuple[str, ...]  # e.g. ("SA11AI", "SA11A1")
    column: str  # the cover record's column A field, as mappings.json names it
    rule: str  # one of RULES
    source: str | None = None  # where "all itemized" comes from


@cache
def summary_lines() -> dict[str, tuple[SummaryLine, ...]]:
    """The lines of ``reconcile_lines.toml`` per base form ("F3", "F3X", "F3P").

    Raises SchemaError when the file breaks its own rules (an unknown rule or schedule, a
    record type of another schedule, a record type claimed by two lines of one form).
    """
    path = resources.files("moneytrail.formats.efile") / "reconcile_lines.toml"
    with path.open("rb") as fh:
        spec = tomllib.load(fh)
    forms: dict[str, tuple[SummaryLine, ...]] = {}
    for form, entries in spec.items():
        lines = []
        seen: set[str] = set()
        for entry in entries:
            line = SummaryLine(
                form=form,
                line=entry["line"],
                description=entry["description"],
                schedule=entry["schedule"],
                record_types=tuple(r.upper() for r in entry["record_types"]),
                column=entry["column"],
                rule=entry["rule"],
                source=entry.get("source"),
            )
            where = f"reconcile_lines.toml: {form} line {line.line}"
            if line.rule not in RULES:
                raise SchemaError(f"{where}: rule {line.rule!r} is not one of {RULES}")
            if line.schedule not in _AMOUNT_COLUMNS:
                raise SchemaError(f"{where}: schedule {line.schedule!r} is not SA or SB")
            if line.rule == "all itemized" and not line.source:
                raise SchemaError(f"{where}: an 'all itemized' line needs a source")
            for record_type in line.record_types:
                if not record_type.startswith(line.schedule) or record_type in seen:
                    raise SchemaError(f"{where}: record type {record_type!r} is misplaced")
                seen.add(record_type)
            lines.append(line)
        forms[form] = tuple(lines)
    return forms


@dataclass
class Reconciliation:
    """The reconciliation of one filing; :meth:`to_dict` gives a plain, JSON-ready form.

    ``rows`` holds one flat dict per summary line that has a figure or itemized lines
    (lines with neither are left out), with amounts as strings ("1234.56"):
    ``line``, ``schedule``, ``description``, ``summary_column``, ``summary_amount`` (None
    when the field is blank), ``itemized_sum``, ``itemized_count``, ``memo_count`` (memo
    entries, not counted), ``difference`` (summary minus itemized, a blank summary taken as
    0), ``rule`` and ``status`` ("matches", "itemized ≤ summary" or "differs").
    ``notes`` says what was not reconciled and why.
    """

    file_number: int | None
    form_type: str | None
    committee_id: str | None
    committee_name: str | None
    coverage_from: dt.date | None
    coverage_through: dt.date | None
    fec_version: str | None
    version_used: str | None
    periodic: bool
    rows: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True for a periodic report none of whose lines differs."""
        return self.periodic and all(row["status"] != DIFFERS for row in self.rows)

    def to_dict(self) -> dict[str, Any]:
        """Scalar fields (dates as ISO text), ``ok``, ``rows`` (flat dicts) and ``notes``."""
        return {
            "file_number": self.file_number,
            "form_type": self.form_type,
            "committee_id": self.committee_id,
            "committee_name": self.committee_name,
            "coverage_from": self.coverage_from.isoformat() if self.coverage_from else None,
            "coverage_through": (
                self.coverage_through.isoformat() if self.coverage_through else None
            ),
            "fec_version": self.fec_version,
            "version_used": self.version_used,
            "periodic": self.periodic,
            "ok": self.ok,
            "rows": [dict(row) for row in self.rows],
            "notes": list(self.notes),
        }


@dataclass
class _Tally:
    """Itemized lines of one record type: counted ones, memo entries, missing amounts."""

    total: Decimal = _ZERO
    count: int = 0
    memo_count: int = 0
    no_amount: int = 0


@dataclass
class _Tallies:
    """Running sums per (schedule, record type), and what a schedule's layout lacked."""

    by_type: dict[tuple[str, str], _Tally] = field(default_factory=dict)
    without_memo_code: set[str] = field(default_factory=set)
    without_amount: set[str] = field(default_factory=set)

    def add(self, schedule: str, batch: pa.Table) -> None:
        """Fold one batch of Schedule A or B rows into the sums."""
        amount_column = _AMOUNT_COLUMNS[schedule]
        n = batch.num_rows
        if "memo_code" in batch.column_names:
            memo_code = pc.utf8_upper(pc.utf8_trim_whitespace(batch.column("memo_code")))
            # Memo entries are not counted: they give detail about money reported on
            # another line (the conduit of an earmarked contribution, each partner's or
            # joint-fundraising participant's share of a receipt already itemized, a
            # credit-card payment's individual charges) or are not receipts or
            # disbursements of this report at all; the summary page leaves them out, so
            # counting them would add the same money twice.
            is_memo = pc.fill_null(pc.equal(memo_code, "X"), False)
        else:
            self.without_memo_code.add(schedule)
            is_memo = pa.array(np.zeros(n, dtype=bool))
        if amount_column in batch.column_names:
            amounts = batch.column(amount_column)
        else:
            self.without_amount.add(schedule)
            amounts = pa.nulls(n, pa.decimal128(14, 2))
        grouped = (
            pa.table({"record_type": batch.column("record_type"), "memo": is_memo, "a": amounts})
            .group_by(["record_type", "memo"])
            .aggregate([("a", "sum"), ("a", "count"), ([], "count_all")])
        )
        for group in grouped.to_pylist():
            record_type = str(group["record_type"] or "").upper()
            tally = self.by_type.setdefault((schedule, record_type), _Tally())
            if group["memo"]:
                tally.memo_count += group["count_all"]
                continue
            tally.count += group["count_all"]
            tally.no_amount += group["count_all"] - group["a_count"]
            if group["a_sum"] is not None:
                tally.total += group["a_sum"]


def _money(value: Decimal | None) -> str | None:
    """An amount as plain text with cents ("1234.56"), None as None."""
    return None if value is None else format(value.quantize(_ZERO), "f")


def _status(rule: str, summary: Decimal, itemized: Decimal) -> str:
    """Whether the itemized sum agrees with the summary figure under the line's rule."""
    if itemized == summary:
        return MATCHES
    if rule == "partly itemized" and itemized < summary:
        return UNDER
    return DIFFERS


def reconcile_filing(source: Source, *, file_number: int | None = None) -> Reconciliation:
    """Compare a periodic report's summary page with the sums of its itemized lines.

    ``source`` is a path, the file's bytes or a binary file object (as for
    :func:`~moneytrail.formats.efile.reader.iter_filing`); ``file_number`` defaults to the
    file name's digits. For each summary line of ``reconcile_lines.toml`` that has a
    figure or itemized lines, the result has a row comparing column A ("this period") of
    the summary page with the sum and count of the Schedule A or B lines whose record type
    names that line, memo entries left out. A filing that is not a Form 3, 3X or 3P gives
    no rows and the note "not a periodic report". A summary column the filing's format
    version lacks skips its line with a note; so do itemized lines of a record type no
    line of the form takes, and problems the reader reported.

    Example::

        >>> rec = reconcile_filing("1544132.fec")  # doctest: +SKIP
        >>> [(r["line"], r["itemized_count"], r["status"]) for r in rec.rows][:2]
        [('11(a)(i)', 2585, 'matches'), ('11(c)', 3, 'matches')]
    """
    reader = iter_filing(source, file_number=file_number)
    tallies = _Tallies()
    for name, batch in reader:
        if name in _AMOUNT_COLUMNS:
            tallies.add(name, batch)
        # every other batch (and this one, once folded in) is dropped here
    refuse_unless_filing(reader.name, reader.header, reader.cover)

    cover = reader.cover
    fields = cover.fields if cover else {}
    result = Reconciliation(
        file_number=reader.file_number,
        form_type=cover.form_type if cover else None,
        committee_id=cover.committee_id if cover else None,
        committee_name=fields.get("committee_name"),
        coverage_from=cover.coverage_from if cover else None,
        coverage_through=cover.coverage_through if cover else None,
        fec_version=reader.header.fec_version,
        version_used=reader.version_used,
        periodic=False,
    )
    lines = summary_lines().get(cover.base_form) if cover else None
    if cover is None:
        result.notes.append("the filing has no readable cover record: not a periodic report")
    elif lines is None:
        result.notes.append(
            f"{cover.form_type} is not a periodic report (Form 3, 3X or 3P): it has no "
            "summary page to reconcile"
        )
    else:
        result.periodic = True
        _compare(result, cover.base_form, fields, lines, tallies, reader.version_used)
        if (reader.version_used or "").upper().startswith("P"):
            result.notes.append(
                f"a paper filing transcribed to electronic form (version "
                f"{reader.version_used}): its figures were keyed or scanned from paper, "
                "so differences may be transcription errors"
            )
        covers = reader.counts.get(cover.base_form, 1)
        if covers > 1:
            result.notes.append(
                f"the filing has {covers} {cover.base_form} records; the first one's "
                "summary page is the one reconciled"
            )
    if reader.rejects:
        result.notes.append(
            f"the reader reported {len(reader.rejects)} line(s) it could not read as "
            "written (see `moneytrail efile show`): the figures may be incomplete"
        )
    result.notes += [f"reader: {warning}" for warning in reader.warnings]
    return result


def _compare(
    result: Reconciliation,
    form: str,
    fields: dict[str, Any],
    lines: tuple[SummaryLine, ...],
    tallies: _Tallies,
    version: str | None,
) -> None:
    """Fill ``result.rows`` and notes for a periodic report's lines."""
    claimed: set[tuple[str, str]] = set()
    for line in lines:
        parts = [tallies.by_type.get((line.schedule, rt)) for rt in line.record_types]
        found = [t for t in parts if t is not None]
        claimed.update((line.schedule, rt) for rt in line.record_types)
        itemized = sum((t.total for t in found), _ZERO)
        count = sum(t.count for t in found)
        memo_count = sum(t.memo_count for t in found)
        no_amount = sum(t.no_amount for t in found)
        if line.column not in fields:
            note = (
                f"version {version} has no column for line {line.line} "
                f"({line.description}): not reconciled"
            )
            if count:
                note += f"; its {count} itemized line(s) add up to {_money(itemized)}"
            result.notes.append(note)
            continue
        raw = fields[line.column]
        summary = raw if isinstance(raw, Decimal) else None
        if not summary and not count and not memo_count:
            continue  # nothing on either side
        result.rows.append(
            {
                "line": line.line,
                "schedule": line.schedule,
                "description": line.description,
                "summary_column": line.column,
                "summary_amount": _money(summary),
                "itemized_sum": _money(itemized),
                "itemized_count": count,
                "memo_count": memo_count,
                "difference": _money((summary or _ZERO) - itemized),
                "rule": line.rule,
                "status": _status(line.rule, summary or _ZERO, itemized),
            }
        )
        if no_amount:
            result.notes.append(
                f"line {line.line}: {no_amount} itemized line(s) have no amount; they are "
                "counted but add nothing"
            )
    form_name = f"Form {form[1:]}"
    for (schedule, record_type), tally in sorted(tallies.by_type.items()):
        if (schedule, record_type) in claimed:
            continue
        total = tally.count + tally.memo_count
        result.notes.append(
            f"{total} {_SCHEDULE_NAMES[schedule]} line(s) of record type {record_type!r} "
            f"support no summary line of {form_name} this check knows: not counted"
        )
    for schedule in sorted(tallies.without_memo_code):
        result.notes.append(
            f"{_SCHEDULE_NAMES[schedule]} of version {version} has no memo code: memo "
            "entries cannot be told apart and are counted"
        )
    for schedule in sorted(tallies.without_amount):
        result.notes.append(
            f"{_SCHEDULE_NAMES[schedule]} of version {version} has no amount column: "
            "its lines add nothing"
        )
