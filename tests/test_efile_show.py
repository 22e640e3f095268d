"""`moneytrail efile show`: what a filing is, read from the real file, loading nothing."""

from __future__ import annotations

import json
import re
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
    # The table shows it as a figure: grouped, to the right of its column.
    table = run_cli("efile", "show", str(path), home=home, env={"COLUMNS": "120"}).stdout
    figure = f"{float(cover_line[23]):,.2f}"
    assert re.search(rf"│ col_a_cash_on_hand_beginning_period +│ +{figure} │", table)
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


def _itemized(path, prefix: bytes) -> tuple[int, float]:
    """Count and sum of the non-memo lines of a record type, read from the raw file (v8.3
    Schedule A: the amount is field 21, the memo code field 43 of 45)."""
    n, total = 0, 0.0
    for raw in path.read_bytes().split(b"\n"):
        fields = raw.split(b"\x1c")
        if fields[0] == prefix and b"X" not in (fields[-3], fields[-2], fields[-1]):
            n += 1
            total += float(fields[20])
    return n, round(total, 2)


def test_check_reconciles_a_report_and_says_when_it_does_not(shared_data, home):
    klobuchar = shared_data / "efile" / "fastfec" / "1544132.fec"
    result = run_cli("efile", "check", str(klobuchar), "-f", "json", home=home)
    rows = {r["line"]: r for r in json.loads(result.stdout)["rows"]}
    count, total = _itemized(klobuchar, b"SA11AI")
    line = rows["11(a)(i)"]
    assert (line["itemized_count"], float(line["itemized_sum"])) == (count, total)
    assert line["status"] == "matches" and float(line["summary_amount"]) == total
    # Biden's refunds to individuals itemize more than the summary page reports: exit 1.
    biden = shared_data / "efile" / "fastfec" / "1527862.fec"
    differs = run_cli("efile", "check", str(biden), home=home, check=False)
    assert differs.returncode == 1
    assert "28(a)" in differs.stdout and "differs" in differs.stdout
    notice = shared_data / "efile" / "fecfile" / "20180616" / "1238405.fec"
    quiet = run_cli("efile", "check", str(notice), home=home)
    assert "is not a periodic report" in quiet.stderr


def test_show_and_check_refuse_what_is_no_filing_in_one_line(shared_data, home):
    """A bulk file given by mistake: one line saying so, not a report of 'None by None'."""
    path = shared_data / "fec-bulk" / "2020-early" / "cm.txt"
    for command in ("show", "check"):
        result = run_cli("efile", command, str(path), home=home, check=False)
        assert result.returncode == 1
        assert result.stdout == ""
        assert result.stderr.strip() == (
            f"error: {path} is not an FEC electronic filing: it has no header record and no "
            "form the format knows"
        )
