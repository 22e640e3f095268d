"""`moneytrail efile show`: what a filing is, read from the real file, loading nothing."""

from __future__ import annotations

import json
from collections import Counter

from clitools import run_cli


def _record_types(path) -> Counter:
    """Rows per schedule, counted independently: the first field of each line."""
    counts: Counter = Counter()
    for raw in path.read_bytes().split(b"\n")[1:]:
        first = raw.split(b"\x1c", 1)[0].strip().strip(b'"').decode("latin-1")
        if first:
            counts[first[:2] if first[:2] in ("SA", "SB", "SC", "SD", "SE") else first] += 1
    return counts


def test_show_reports_cover_summary_and_counts(shared_data, home):
    path = shared_data / "efile" / "fastfec" / "1527862.fec"
    about = json.loads(run_cli("efile", "show", str(path), "-f", "json", home=home).stdout)
    raw = _record_types(path)
    assert about["records"] == {"F3P": raw["F3PN"], "SA": raw["SA"], "SB": raw["SB"]}
    assert (about["committee_id"], about["form_type"]) == ("C00703975", "F3PN")
    assert (about["coverage_from"], about["coverage_through"]) == ("2021-04-01", "2021-06-30")
    assert about["cover"]["committee_name"] == "Biden for President"
    # The summary page's first total, cash on hand at the start: field 24 of the F3P.
    cover_line = path.read_bytes().split(b"\n")[1].split(b"\x1c")
    assert about["summary"]["col_a_cash_on_hand_beginning_period"] == cover_line[23].decode()
    assert not about["amendment"] and about["rejects"] == []
    assert not (home / "warehouse.duckdb").exists()  # nothing was loaded


def test_show_warns_about_an_unknown_version(shared_data, home):
    path = shared_data / "efile" / "fastfec" / "filing_invalid_version.fec"
    result = run_cli("efile", "show", str(path), home=home)
    assert "format version '180.5' is unknown; read as 8.5" in result.stderr
    cover = path.read_bytes().split(b"\n")[1].split(b"\x1c")
    assert cover[0] == b"F3A" and cover[1] == b"C00694778"
    assert b"20210101" in cover and b"20210331" in cover  # the coverage dates as filed
    assert result.stdout.startswith(
        "filing_invalid_version.fec: F3A (amendment) by C00694778, 2021-01-01 to 2021-03-31; "
        "format 180.5 read as 8.5"
    )
