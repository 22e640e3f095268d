"""What a filing is, without loading it: header, cover and summary, rows per record
type, rejects. Streams the filing, so a multi-GB one costs no more memory than a block."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from moneytrail.formats.efile.reader import Source, iter_filing, refuse_unless_filing

# Cover-record fields shown under "cover"; the rest of the cover record is its summary
# page (the report's totals), shown under "summary".
_COVER_FIELDS = ("form_type", "filer_committee_id_number", "committee_name", "report_code",
                 "coverage_from_date", "coverage_through_date", "date_signed")  # fmt: skip


def _plain(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def describe_filing(source: Source, *, file_number: int | None = None) -> dict[str, Any]:
    """A filing's header, cover, summary totals, rows per record type and rejects.

    >>> describe_filing("1527862.fec")["records"]  # doctest: +SKIP
    {'F3P': 1, 'SA': 2224, 'SB': 744}
    """
    reader = iter_filing(source, file_number=file_number)
    for _ in reader:  # counting is all that is needed; the batches are dropped
        pass
    refuse_unless_filing(reader.name, reader.header, reader.cover)
    cover = reader.cover
    fields = cover.fields if cover else {}
    return {
        "file_number": reader.file_number,
        "fec_version": reader.header.fec_version,
        "version_used": reader.version_used,
        "software": " ".join(
            p for p in (reader.header.software_name, reader.header.software_version) if p
        ),
        "form_type": cover.form_type if cover else None,
        "committee_id": cover.committee_id if cover else None,
        "coverage_from": _plain(cover.coverage_from) if cover else None,
        "coverage_through": _plain(cover.coverage_through) if cover else None,
        "amendment": bool(cover and cover.is_amendment),
        "report_id": reader.header.report_id,
        "cover": {k: _plain(fields[k]) for k in _COVER_FIELDS if fields.get(k) is not None},
        "summary": {
            k: _plain(v)
            for k, v in fields.items()
            if k not in _COVER_FIELDS and isinstance(v, decimal.Decimal)
        },
        "records": dict(sorted(reader.counts.items())),
        "rejects": [
            {"line": r.line_number, "record_type": r.record_type, "reason": r.reason}
            for r in reader.rejects
        ],
        "warnings": list(reader.warnings),
    }
