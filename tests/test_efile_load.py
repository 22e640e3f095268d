"""Electronic filings into the warehouse: every record lands, amendments and 24/48-hour
notices stop counting when superseded, bad input is kept in rejects, loads are atomic."""

from __future__ import annotations

import zipfile
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from clitools import run_cli
from efile_oracle import all_filings, fecfile_items
from mirror import Mirror

from moneytrail.errors import LoadError, UnrecognizedFileError
from moneytrail.warehouse.catalog import Warehouse
from moneytrail.warehouse.efile_load import load_filings

FS = b"\x1c"
# The FEC's prefix of each itemization record type → the table it belongs in.
SCHEDULE_TABLES = {
    "SA": "schedule_a", "SB": "schedule_b", "SE": "schedule_e", "SC": "schedule_c",
    "SD": "schedule_d", "SF": "schedule_f", "H4": "schedule_h4",
}  # fmt: skip


@pytest.fixture(scope="session")
def efile_dir(shared_data: Path) -> Path:
    return shared_data / "efile"


@pytest.fixture(scope="module")
def loaded_folder(shared_data: Path, tmp_path_factory) -> tuple[Warehouse, list[Path]]:
    """A warehouse with every real filing in ../shared/data/efile loaded at once, by
    naming the folder, and the files of it the load left out."""
    wh = Warehouse(tmp_path_factory.mktemp("all") / "warehouse")
    left_out: list[Path] = []
    load_filings(wh, [shared_data / "efile"], on_left_out=lambda path, _: left_out.append(path))
    return wh, left_out


@pytest.fixture(scope="module")
def everything(loaded_folder) -> Warehouse:
    return loaded_folder[0]


def test_a_folder_stands_for_every_filing_under_it(loaded_folder, efile_dir):
    wh, left_out = loaded_folder
    loaded = wh.query("SELECT source_file FROM filings").column("source_file").to_pylist()
    assert sorted(loaded) == sorted(p.name for p in all_filings())
    assert sorted(left_out) == sorted(efile_dir.rglob("LICENSE"))


def _oracle_itemizations(path: Path) -> list[tuple[str | None, dict]]:
    """fecfile's reading of a filing's itemizations, each with the table it belongs in.
    Empty for the few filings fecfile cannot read at all (a header claiming version
    180.5), which the reader's own tests cover."""
    try:
        items = fecfile_items(path.read_bytes())[1]
    except Exception:  # noqa: BLE001 - fecfile raises its own assorted errors
        return []
    found = []
    for kind, data in items:
        if kind != "itemization" or not isinstance(data, dict):  # F99 text is a str
            continue
        # Text records carry the form they annotate in form_type; rec_type says TEXT.
        record = str(data.get("rec_type") or data.get("form_type", "")).upper()
        table = None if record.startswith(("SC1", "SC2")) else SCHEDULE_TABLES.get(record[:2])
        found.append((table, data))
    return found


def test_every_itemization_of_every_real_filing_lands_in_its_table(everything):
    counted = {
        (r["source_path"], r["table_name"]): r["rows"]
        for r in everything.query(
            "SELECT l.source_path, f.table_name, f.rows FROM load_files f "
            "JOIN loads l USING (load_id)"
        ).to_pylist()
    }
    checked = 0
    for path in all_filings():
        expected = Counter(table for table, _ in _oracle_itemizations(path) if table)
        for table, n in expected.items():
            assert counted.get((str(path.resolve()), table)) == n, (path.name, table)
            checked += 1
    assert checked > 100


def test_amounts_match_the_oracle_per_filing(everything):
    sums = {
        r["source_path"]: r["total"]
        for r in everything.query(
            "SELECT l.source_path, sum(a.contribution_receipt_amount) AS total "
            "FROM schedule_a a JOIN loads l USING (load_id) GROUP BY 1"
        ).to_pylist()
    }
    compared = 0
    for path in all_filings():
        amounts = [
            d.get("contribution_amount")
            for table, d in _oracle_itemizations(path)
            if table == "schedule_a"
        ]
        if not amounts or str(path.resolve()) not in sums or None in amounts:
            continue
        expected = sum(Decimal(str(a)) for a in amounts)
        assert sums[str(path.resolve())] == expected, path.name
        compared += 1
    assert compared > 30


def test_nothing_filed_is_dropped(everything):
    records = everything.query("SELECT sum(records) AS n FROM filings").to_pylist()[0]["n"]
    stored = everything.query(
        "SELECT sum(rows) AS n FROM load_files WHERE table_name NOT IN "
        "('filings', 'report_summaries')"
    ).to_pylist()[0]["n"]
    # Cover records land in efile_records as well as filings: every record is stored once.
    assert stored == records
    unknown = everything.query(
        "SELECT fields FROM efile_records WHERE record_type = 'TEST'"
    ).to_pylist()
    assert unknown and all(r["fields"] for r in unknown)
    text = everything.query(
        "SELECT fields['text'] AS t FROM efile_records WHERE layout = 'F99_TEXT'"
    ).to_pylist()
    assert any(r["t"] for r in text)


def test_filings_and_summaries(everything):
    [f] = everything.query("SELECT * FROM filings WHERE file_number = 1527862").to_pylist()
    assert (f["committee_id"], f["form_type"], f["report_type"]) == ("C00703975", "F3PN", "Q2")
    assert str(f["coverage_start_date"]) == "2021-04-01" and f["is_current"]
    [s] = everything.query("SELECT * FROM report_summaries WHERE file_number = 1527862").to_pylist()
    summary = dict(s["summary_lines"])
    assert s["total_receipts_period"] == summary["col_a_total_receipts"]
    assert s["cash_on_hand_end_period"] == summary["col_a_cash_on_hand_close_of_period"]
    assert (
        s["cash_on_hand_beginning_period"]
        + s["total_receipts_period"]
        - s["total_disbursements_period"]
        == s["cash_on_hand_end_period"]
    )


def test_bad_lines_go_to_rejects_with_their_line_numbers(everything, efile_dir):
    rejects = everything.query(
        "SELECT source_line, reason, raw_line FROM rejects "
        "WHERE source_file = 'trailing-quote.fec' ORDER BY source_line"
    ).to_pylist()
    lines = (efile_dir / "fec-parse" / "trailing-quote.fec").read_bytes().split(b"\n")
    assert rejects
    for r in rejects:
        assert r["reason"]
        # The raw text is the line at that number in the file.
        assert r["raw_line"].encode("latin-1", "replace")[:20] == lines[r["source_line"] - 1][:20]


# -- amendments and notices: filings the tests derive from real ones -----------------------


def _rewrite(src: Path, dest: Path, edit) -> Path:
    lines = src.read_bytes().split(b"\n")
    dest.write_bytes(b"\n".join(edit(lines)))
    return dest


def _original_of_1550126(efile_dir: Path, folder: Path) -> Path:
    """The report 1550126 amends (1542500), as it might have been: an F3N with one more
    contribution, and no amendment reference in its header."""

    def edit(lines: list[bytes]) -> list[bytes]:
        out = [lines[0].replace(b"FEC-1542500", b""), lines[1].replace(b"F3A" + FS, b"F3N" + FS, 1)]
        extra = next(line for line in lines if line.startswith(b"SA"))
        fields = extra.split(FS)
        fields[2] = b"ORIGINAL-ONLY-1"
        return [*out, *lines[2:], FS.join(fields)]

    return _rewrite(efile_dir / "fastfec" / "1550126.fec", folder / "1542500.fec", edit)


def _committee_receipts(wh: Warehouse, committee: str) -> tuple[int, Decimal]:
    row = wh.query(
        "SELECT count(*) AS n, sum(contribution_receipt_amount) AS s FROM schedule_a "
        "WHERE committee_id = ?",
        [committee],
    ).to_pylist()[0]
    return row["n"], row["s"]


@pytest.mark.parametrize("amendment_first", [False, True])
def test_an_amendment_supersedes_the_filing_it_amends(efile_dir, tmp_path, amendment_first):
    amendment = efile_dir / "fastfec" / "1550126.fec"
    original = _original_of_1550126(efile_dir, tmp_path)
    wh = Warehouse(tmp_path / "wh")
    for path in [amendment, original] if amendment_first else [original, amendment]:
        load_filings(wh, [path])
        if path == original and not amendment_first:
            alone = _committee_receipts(wh, "C00772335")
    current = {
        r["file_number"]: r["is_current"]
        for r in wh.query("SELECT file_number, is_current FROM filings").to_pylist()
    }
    assert current == {1542500: False, 1550126: True}
    # Totals count the amendment only: its five contributions, not the original's six.
    fields = [
        line.split(FS) for line in amendment.read_bytes().split(b"\n") if line.startswith(b"SA")
    ]
    expected = (len(fields), sum(Decimal(f[20].decode()) for f in fields))
    assert _committee_receipts(wh, "C00772335") == expected
    if not amendment_first:
        assert alone[0] == expected[0] + 1


def test_a_periodic_report_supersedes_the_notices_it_covers(efile_dir, tmp_path):
    notice = efile_dir / "fecfile" / "20180616" / "1238405.fec"
    notice_lines = notice.read_bytes().split(b"\n")
    ie_lines = [line for line in notice_lines if line.startswith(b"SE")]
    committee = notice_lines[1].split(FS)[1]
    source = efile_dir / "fec-parse" / "federal-refunds.fec"

    def periodic(lines: list[bytes]) -> list[bytes]:
        cover = lines[1].split(FS)
        old = cover[1]
        cover[1] = committee
        cover[13], cover[14] = b"20180601", b"20180630"  # coverage from, through
        body = [line.replace(old, committee) for line in lines[2:] if line.strip()]
        return [lines[0], FS.join(cover), *body, *ie_lines]

    report = _rewrite(source, tmp_path / "9000001.fec", periodic)
    assert report.read_bytes().split(b"\n")[1].split(FS)[13] == b"20180601"
    wh = Warehouse(tmp_path / "wh")
    load_filings(wh, [notice])
    spent = "SELECT count(*) AS n FROM schedule_e WHERE committee_id = ?"
    assert wh.query(spent, [committee.decode()]).to_pylist()[0]["n"] == len(ie_lines)
    load_filings(wh, [report])
    current = {
        r["file_number"]: r["is_current"]
        for r in wh.query("SELECT file_number, is_current FROM filings").to_pylist()
    }
    assert current == {1238405: False, 9000001: True}
    # The report's Schedule E carries the same expenditures: counted once, not twice.
    assert wh.query(spent, [committee.decode()]).to_pylist()[0]["n"] == len(ie_lines)


# -- loads: idempotent, atomic, from zips --------------------------------------------------


def _state(wh: Warehouse) -> tuple:
    return (
        wh.loads(),
        wh.query("SELECT count(*) AS n FROM schedule_a").to_pylist(),
        sorted(p.name for p in (wh.home / "tables").rglob("*.parquet")),
    )


def test_loading_the_same_filing_twice_changes_nothing(efile_dir, tmp_path):
    wh = Warehouse(tmp_path / "wh")
    path = efile_dir / "fastfec" / "1527862.fec"
    [first] = load_filings(wh, [path])
    before = _state(wh)
    [again] = load_filings(wh, [path])
    assert (first.status, again.status, again.load_id) == ("loaded", "unchanged", first.load_id)
    assert _state(wh) == before
    sources = {r["table"]: r["sources"] for r in wh.status()}
    assert sources["filings"] == "1 .fec filing"  # (it said "1 .fec filings")


def test_a_file_that_is_not_a_filing_fails_the_load_and_changes_nothing(efile_dir, tmp_path):
    wh = Warehouse(tmp_path / "wh")
    load_filings(wh, [efile_dir / "fastfec" / "1527862.fec"])
    before = _state(wh)
    junk = tmp_path / "notes.fec"
    junk.write_text("these are my notes\nnot a filing\n")
    with pytest.raises(UnrecognizedFileError, match="not an FEC electronic filing"):
        load_filings(wh, [efile_dir / "fastfec" / "1544132.fec", junk])
    assert _state(wh) == before


def test_a_failed_write_changes_nothing(efile_dir, tmp_path):
    wh = Warehouse(tmp_path / "wh")
    load_filings(wh, [efile_dir / "fastfec" / "1527862.fec"])
    before = _state(wh)
    # A file where the schedule_c folder should be: the commit cannot move its files in
    # (as with a full disk or a broken mount), midway through moving the others.
    (wh.home / "tables" / "schedule_c").write_text("in the way")
    with pytest.raises(LoadError, match="left as it was"):
        load_filings(wh, [efile_dir / "fastfec" / "1550126.fec"])
    assert _state(wh) == before


def _bundle(efile_dir: Path, path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in ("1527862.fec", "1550126.fec"):
            zf.write(efile_dir / "fastfec" / name, name)
        zf.writestr("1999999.fec", "not a filing at all\n")
    return path


def test_efile_get_and_day_download_from_a_mirror_and_load(efile_dir, tmp_path):
    root = tmp_path / "served"
    (root / "posted").mkdir(parents=True)
    (root / "bulk" / "electronic").mkdir(parents=True)
    for name in ("1527862.fec", "1544132.fec"):
        (root / "posted" / name).write_bytes((efile_dir / "fastfec" / name).read_bytes())
    _bundle(efile_dir, root / "bulk" / "electronic" / "20211015.zip")
    server = Mirror(root)
    try:
        home = tmp_path / "wh"
        env = {"MONEYTRAIL_FILINGS_MIRROR": f"{server.url}/posted"}
        got = run_cli("efile", "get", "1527862", "1544132", home=home, env=env)
        assert "1527862.fec: downloaded" in got.stderr
        assert "1544132.fec (F3N by C00431353" in got.stderr
        again = run_cli("efile", "get", "1527862", home=home, env=env)
        assert "unchanged since load" in again.stderr
        day = run_cli("efile", "day", "2021-10-15", "--mirror", f"{server.url}/bulk", home=home)
        assert "20211015.zip: downloaded" in day.stderr
        assert "skipped 20211015.zip!1999999.fec" in day.stderr
        assert "20211015.zip!1550126.fec (F3A by C00772335, amends 1542500" in day.stderr
        missing = run_cli("efile", "get", "42", home=home, env=env, check=False)
        assert missing.returncode == 1 and "no file at" in missing.stderr
    finally:
        server.close()
    wh = Warehouse(home)
    numbers = [r["file_number"] for r in wh.query("SELECT file_number FROM filings").to_pylist()]
    # 1527862 came twice (alone, and in the bundle): the same bytes, so loaded once.
    assert sorted(numbers) == [1527862, 1544132, 1550126]


def test_efile_load_cli_reports_warnings_and_rejects(efile_dir, tmp_path):
    result = run_cli(
        "efile",
        "load",
        str(efile_dir / "fastfec" / "filing_invalid_version.fec"),
        str(efile_dir / "fec-parse" / "trailing-quote.fec"),
        home=tmp_path / "wh",
    )
    assert "warning: format version '180.5' is unknown; read as 8.5" in result.stderr
    assert "lines could not be read; see them with" in result.stderr
    rows = defaultdict(int)
    for r in (
        Warehouse(tmp_path / "wh")
        .query("SELECT source_file, count(*) AS n FROM rejects GROUP BY 1")
        .to_pylist()
    ):
        rows[r["source_file"]] = r["n"]
    assert rows["trailing-quote.fec"] > 0


def test_a_report_loaded_from_both_sources_counts_once(bulk_2020, efile_dir, tmp_path):
    from moneytrail.warehouse.load import load_files

    wh = Warehouse(tmp_path / "wh")
    load_files(wh, [bulk_2020 / "itcont.txt"], cycle=2020)
    per_report = wh.query(
        "SELECT file_number, count(*) AS n FROM schedule_a GROUP BY 1 ORDER BY n DESC LIMIT 2"
    ).to_pylist()
    (bulk_report, bulk_rows), (amended_report, amended_rows) = (
        (r["file_number"], r["n"]) for r in per_report
    )
    total = wh.query("SELECT count(*) AS n FROM schedule_a").to_pylist()[0]["n"]
    # The same report as a .fec filing (a real one, given that report's file number), and
    # an amendment of another report in the bulk file.
    same = tmp_path / f"{bulk_report}.fec"
    same.write_bytes((efile_dir / "fastfec" / "1527862.fec").read_bytes())
    amendment = _rewrite(
        efile_dir / "fastfec" / "1550126.fec",
        tmp_path / "9000002.fec",
        lambda lines: (
            [lines[0].replace(b"FEC-1542500", f"FEC-{amended_report}".encode())] + lines[1:]
        ),
    )
    load_filings(wh, [same, amendment])
    efile_rows = wh.query(
        "SELECT count(*) AS n FROM schedule_a WHERE source_file LIKE '%.fec'"
    ).to_pylist()[0]["n"]
    assert efile_rows == 2224 + 5
    after = wh.query("SELECT count(*) AS n FROM schedule_a").to_pylist()[0]["n"]
    assert after == total - bulk_rows - amended_rows + efile_rows
    left = wh.query(
        "SELECT count(*) AS n FROM schedule_a WHERE file_number IN (?, ?) AND source_file "
        "NOT LIKE '%.fec'",
        [bulk_report, amended_report],
    ).to_pylist()[0]["n"]
    assert left == 0


def test_bad_input_is_reported_line_by_line_and_the_rest_loads(efile_dir, tmp_path):
    """One filing with every kind of damage the issue names; each damaged line is a
    reject with its line number and reason, and every other line still loads."""
    source = efile_dir / "fastfec" / "1527862.fec"
    lines = source.read_bytes().rstrip(b"\n").split(b"\n")
    sa = [i for i, line in enumerate(lines) if line.startswith(b"SA")]
    lines[0] = lines[0].replace(FS + b"8.3" + FS, FS + b"180.5" + FS)
    lines[sa[0]] += FS + b"SURPLUS" + FS + b"FIELDS"  # too many fields
    lines.insert(sa[1], b"ZZ9" + FS + b"C00703975" + FS + b"what is this")  # unknown type
    lines[-1] = lines[-1][: len(lines[-1]) // 3]  # the file cut off midway through a line
    damaged = tmp_path / "1527862.fec"
    damaged.write_bytes(b"\n".join(lines))
    wh = Warehouse(tmp_path / "wh")
    [report] = load_filings(wh, [damaged])
    rejects = {
        r["source_line"]: r["reason"]
        for r in wh.query("SELECT source_line, reason FROM rejects").to_pylist()
    }
    assert "format version '180.5' is unknown" in rejects[1]
    assert "extra fields are ignored" in rejects[sa[0] + 1]
    assert "record type 'ZZ9' is in no column map" in rejects[sa[1] + 1]
    assert "ends midway through this line" in rejects[len(lines)]
    assert len(rejects) == 4
    # Every record still loads: the unknown one raw, the others in their tables.
    assert report.rows_loaded["schedule_a"] == 2224
    assert report.rows_loaded["schedule_b"] == 744
    [raw] = wh.query("SELECT fields FROM efile_records WHERE record_type = 'ZZ9'").to_pylist()
    assert dict(raw["fields"])["field_3"] == "what is this"


def test_a_filing_given_twice_in_one_load_counts_once(efile_dir, tmp_path):
    path = efile_dir / "fastfec" / "1527862.fec"
    newer = tmp_path / "later" / "1527862.fec"
    newer.parent.mkdir()
    # A later copy of the same filing number with one contribution fewer.
    newer.write_bytes(b"\n".join(path.read_bytes().split(b"\n")[:-2]) + b"\n")
    wh = Warehouse(tmp_path / "wh")
    reports = load_filings(wh, [path, path, newer])
    assert [r.status for r in reports] == ["superseded in this load", "duplicate", "loaded"]
    [load] = [r for r in wh.loads() if r["status"] == "current"]
    assert load["source_path"] == str(newer.resolve())
    rows = wh.query("SELECT count(*) AS n FROM schedule_b").to_pylist()[0]["n"]
    assert rows == 744 - 1
