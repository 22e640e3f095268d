"""Loading real and deliberately broken bulk files into a real warehouse."""

from __future__ import annotations

import shutil
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from moneytrail.errors import CorruptInputError, UnrecognizedFileError
from moneytrail.warehouse.catalog import Warehouse
from moneytrail.warehouse.load import load_files


def raw_lines(path: Path) -> list[list[str]]:
    """The file's lines split on pipes, read independently of the loader."""
    text = path.read_bytes().decode("utf-8")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.split("|") for line in lines]


def one(wh: Warehouse, sql: str):
    return wh.query(sql).to_pylist()[0]


REAL_FILES = [
    ("2020-early/itcont.txt", "schedule_a", 14, 20),
    ("2016-early/itcont.txt", "schedule_a", 14, 20),
    ("2020-early/oppexp.txt", "schedule_b", 13, 21),
    ("2020-early/cm.txt", "committees", None, None),
    ("2024-early/cn.txt", "candidates", None, None),
    ("2024-early/ccl.txt", "candidate_committee_links", None, None),
    ("2020-early/webk20.txt", "committee_summaries", None, None),
    ("summaries/weball24.txt", "candidate_summaries", None, None),
]


@pytest.mark.parametrize(("name", "table", "amount_field", "sub_id_field"), REAL_FILES)
def test_real_file_loads_every_line_with_its_values(
    shared_data, home, name, table, amount_field, sub_id_field
):
    path = shared_data / "fec-bulk" / name
    expected = raw_lines(path)
    wh = Warehouse(home)
    [report] = load_files(wh, [path])
    assert report.status == "loaded"
    assert report.rows_read == len(expected)
    assert report.rows_rejected == 0
    assert one(wh, f"SELECT count(*) AS n FROM {table}")["n"] == len(expected)
    if amount_field is not None:
        amount_col = {
            "schedule_a": "contribution_receipt_amount",
            "schedule_b": "disbursement_amount",
        }[table]
        total = sum(Decimal(f[amount_field] or 0) for f in expected)
        assert one(wh, f"SELECT sum({amount_col}) AS s FROM {table}")["s"] == total
        # Each row's line number points at the line it came from (checked on every row).
        got = wh.query(f"SELECT source_line, sub_id FROM {table}").to_pylist()
        assert {(r["source_line"], r["sub_id"]) for r in got} == {
            (i + 1, int(f[sub_id_field])) for i, f in enumerate(expected)
        }


def test_values_are_typed_and_provenance_is_on_every_row(bulk_2020, home):
    wh = Warehouse(home)
    [report] = load_files(wh, [bulk_2020 / "itcont.txt"])
    row = one(wh, "SELECT * FROM schedule_a WHERE source_line = 3")
    # Line 3 of the real file: a candidate converting a loan to a contribution.
    fields = raw_lines(bulk_2020 / "itcont.txt")[2]
    assert row["contributor_name"] == fields[7] == "JANOWICZ, PHILIP"
    assert row["contribution_receipt_amount"] == Decimal(fields[14]) == Decimal("35000")
    assert row["contribution_receipt_date"] == date(2019, 1, 28)
    assert row["memo_text"] == "CONVERTING PRIMARY LOAN TO CONTRIBUTION"
    assert row["cycle"] == 2020
    assert row["source_file"] == "itcont.txt"
    assert row["source_sha256"] == report.source_sha256
    assert row["load_id"] == report.load_id
    types = {
        r["column_name"]: r["column_type"] for r in wh.query("DESCRIBE schedule_a").to_pylist()
    }
    assert types["contribution_receipt_amount"] == "DECIMAL(14,2)"
    assert types["contribution_receipt_date"] == "DATE"
    assert types["sub_id"] == "BIGINT"


def test_transactions_are_routed_by_type(shared_data, home):
    wh = Warehouse(home)
    oth = shared_data / "fec-bulk/2020-early/itoth.txt"
    pas2 = shared_data / "fec-bulk/2024-early/itpas2.txt"
    load_files(wh, [oth, pas2])
    oth_rows = raw_lines(oth)
    receipts = [f for f in oth_rows if not f[5].startswith("2")]
    assert one(wh, "SELECT count(*) n FROM schedule_a WHERE source_file = 'itoth.txt'")["n"] == len(
        receipts
    )
    given = [f for f in oth_rows if f[5].startswith("2")]
    assert one(wh, "SELECT count(*) n FROM schedule_b WHERE source_file = 'itoth.txt'")["n"] == len(
        given
    )
    ies = [f for f in raw_lines(pas2) if f[5] in ("24A", "24E")]
    got = one(
        wh,
        "SELECT count(*) n, sum(expenditure_amount) s, count(*) FILTER "
        "(support_oppose_indicator = 'O') o FROM schedule_e",
    )
    assert got["n"] == len(ies) > 0
    assert got["s"] == sum(Decimal(f[14]) for f in ies)
    assert got["o"] == sum(f[5] == "24A" for f in ies)


BROKEN = (
    b"C00000001|N|Q1|P|201901010000000001|15|IND|GOOD, ONE|CITY|ST|12345|EMP|OCC|01022019|100|"
    b"|T1|1|||1001\n"
    b"C00000001|N|Q1|P|201901010000000002|15|IND|SHORT, LINE|CITY\n"
    b"C00000001|N|Q1|P|201901010000000003|15|IND|DATE, BAD|CITY|ST|12345|EMP|OCC|02302019|50|"
    b"|T3|1|||1003\n"
    b"C00000001|N|Q1|P|201901010000000004|15|IND|COMMA, AMOUNT|CITY|ST|12345|EMP|OCC|03042019|"
    b"1,000.00||T4|1|||1004\n"
    b"C00000001|N|Q1|P|201901010000000005|15|IND|EXTRA|PIPE|CITY|ST|12345|EMP|OCC|03042019|5|"
    b"|T5|1|||1005\n"
    b"C00000001|N|Q1|P|201901010000000006|15|IND|MU\xd1OZ, ANA|CITY|ST|12345|EMP|OCC|03052019|"
    b"25||T6|1|||1006\r\n"
    b"\n"
    b"C00000001|N|Q1|P|201901010000000008|15|IND|BLANK, AMOUNT|CITY|ST|12345|EMP|OCC|03062019|"
    b"||T8|1|||1008\n"
    b"C00000001|N|Q1|P|201901010000000009|15|IND|LETTER, AMOUNT|CITY|ST|12345|EMP|OCC|03062019|"
    b"12O.00||T9|1|||1009\n"
    b"C00000001|N|Q1|P|201901010000000010|15|IND|LAST, LINE|CITY|ST|12345|EMP|OCC|03072019|"
    b"7||T10|1|||1010"
)


def test_bad_lines_go_to_rejects_with_line_and_reason(tmp_path, home):
    path = tmp_path / "itcont.txt"
    path.write_bytes(BROKEN)
    wh = Warehouse(home)
    [report] = load_files(wh, [path], cycle=2020)
    assert report.rows_read == 10
    assert report.rows_rejected == 5
    assert report.fixes == {"lines not in UTF-8, read as Windows-1252": 1}
    rejects = wh.query("SELECT source_line, reason, raw_line FROM rejects ORDER BY 1").to_pylist()
    assert [(r["source_line"], r["reason"]) for r in rejects] == [
        (2, "too few fields: expected 21, found 9"),
        (3, "TRANSACTION_DT is not a date (%m%d%Y): 02302019"),
        (5, "too many fields: expected 21, found 22"),
        (7, "empty line"),
        (9, "TRANSACTION_AMT is not a decimal(14,2): 12O.00"),
    ]
    assert rejects[0]["raw_line"] == BROKEN.split(b"\n")[1].decode()
    good = wh.query(
        "SELECT source_line, contributor_name, contribution_receipt_amount AS amt "
        "FROM schedule_a ORDER BY source_line"
    ).to_pylist()
    assert [(r["source_line"], r["contributor_name"], r["amt"]) for r in good] == [
        (1, "GOOD, ONE", Decimal("100")),
        (4, "COMMA, AMOUNT", Decimal("1000.00")),
        (6, "MU\u00d1OZ, ANA", Decimal("25")),
        (8, "BLANK, AMOUNT", None),
        (10, "LAST, LINE", Decimal("7")),
    ]


def test_same_file_twice_changes_nothing(bulk_2020, home):
    wh = Warehouse(home)
    [first] = load_files(wh, [bulk_2020 / "cm.txt"])
    before = wh.loads()
    [second] = load_files(wh, [bulk_2020 / "cm.txt"])
    assert second.status == "unchanged"
    assert second.load_id == first.load_id
    assert wh.loads() == before
    assert one(wh, "SELECT count(*) n FROM committees")["n"] == first.rows_loaded["committees"]


def test_newer_snapshot_replaces_older(tmp_path, bulk_2020, home):
    lines = (bulk_2020 / "cm.txt").read_bytes().splitlines(keepends=True)
    old, new = tmp_path / "old" / "cm20.txt", tmp_path / "new" / "cm20.txt"
    old.parent.mkdir()
    new.parent.mkdir()
    old.write_bytes(b"".join(lines[:100]) + b"broken line\n")
    new.write_bytes(b"".join(lines[:250]))
    wh = Warehouse(home)
    [a] = load_files(wh, [old])
    assert a.rows_rejected == 1
    [b] = load_files(wh, [new])
    assert b.status == "replaced" and b.replaced_load_id == a.load_id
    assert one(wh, "SELECT count(*) n FROM committees")["n"] == 250
    assert one(wh, "SELECT count(*) n FROM rejects")["n"] == 0
    assert {r["load_id"]: r["status"] for r in wh.loads()} == {
        a.load_id: "replaced",
        b.load_id: "current",
    }
    files = sorted(p.name for p in (home / "tables" / "committees").glob("*.parquet"))
    assert files == [f"{b.load_id}-0.parquet"]


def test_zip_loads_like_the_plain_file(tmp_path, bulk_2020, home):
    archive = tmp_path / "cm20.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(bulk_2020 / "cm.txt", "cm.txt")
    wh = Warehouse(home)
    [report] = load_files(wh, [archive])
    assert report.source_file == "cm20.zip!cm.txt"
    assert report.cycle == 2020
    assert report.rows_loaded == {"committees": len(raw_lines(bulk_2020 / "cm.txt"))}


def _snapshot(home: Path) -> tuple:
    wh = Warehouse(home)
    return (
        wh.loads(),
        wh.query("SELECT * FROM committees ORDER BY committee_id").to_pylist(),
        sorted(p.relative_to(home).as_posix() for p in (home / "tables").rglob("*")),
    )


@pytest.mark.parametrize("damage", ["truncated", "corrupt"])
def test_broken_zip_fails_clearly_and_changes_nothing(tmp_path, bulk_2020, home, damage):
    wh = Warehouse(home)
    load_files(wh, [bulk_2020 / "cm.txt"])
    before = _snapshot(home)
    archive = tmp_path / "cn20.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(bulk_2020 / "cn.txt", "cn.txt")
    data = bytearray(archive.read_bytes())
    if damage == "truncated":
        data = data[: len(data) // 2]
    else:
        middle = len(data) // 2
        data[middle : middle + 64] = bytes(64)
    archive.write_bytes(bytes(data))
    with pytest.raises(CorruptInputError) as info:
        load_files(wh, [archive])
    assert "cn20.zip" in str(info.value)
    assert "\n" not in str(info.value)
    assert _snapshot(home) == before


def test_unknown_file_is_refused_before_anything_loads(tmp_path, bulk_2020, home):
    junk = tmp_path / "notes.txt"
    junk.write_text("dear diary\nnothing here is an FEC file\n")
    wh = Warehouse(home)
    with pytest.raises(UnrecognizedFileError, match="notes.txt is not a known FEC bulk file"):
        load_files(wh, [bulk_2020 / "cm.txt", junk])
    assert wh.loads() == []


def test_column_name_file_is_refused_and_changes_nothing(bulk_2020, home):
    """The FEC's cm_header_file.csv is named like the data it describes; loaded as data it
    would replace the loaded committees with nothing."""
    wh = Warehouse(home)
    load_files(wh, [bulk_2020 / "cm.txt"])
    before = _snapshot(home)
    with pytest.raises(UnrecognizedFileError, match="holds only the column names of cm files"):
        load_files(wh, [bulk_2020 / "cm_header_file.csv"])
    assert _snapshot(home) == before


def test_a_file_named_for_one_kind_holding_another_or_nothing_is_refused(tmp_path, bulk_2020, home):
    """A candidate master saved as cm.txt has a committee master's 15 fields and would load
    as committees without a reject; an empty cm.txt would empty the committees."""
    wh = Warehouse(home)
    load_files(wh, [bulk_2020 / "cm.txt"])
    before = _snapshot(home)
    misnamed, empty = tmp_path / "misnamed" / "cm.txt", tmp_path / "empty" / "cm.txt"
    for path in (misnamed, empty):
        path.parent.mkdir()
    shutil.copy(bulk_2020 / "cn.txt", misnamed)
    empty.write_bytes(b"\n")
    with pytest.raises(UnrecognizedFileError, match="named like a cm file, but its lines are cn"):
        load_files(wh, [misnamed], cycle=2020)
    with pytest.raises(UnrecognizedFileError, match="cm.txt is empty; there is nothing to load"):
        load_files(wh, [empty], cycle=2020)
    assert _snapshot(home) == before
    [report] = load_files(wh, [misnamed], kind="cn", cycle=2020)
    assert report.rows_loaded == {"candidates": len(raw_lines(bulk_2020 / "cn.txt"))}


@pytest.mark.parametrize("whole_first", [True, False], ids=["whole-first", "parts-first"])
def test_indiv_zip_loads_itcont_once_not_its_by_date_parts(tmp_path, bulk_2020, home, whole_first):
    """The FEC's indivYY.zip holds itcont.txt and the same rows split by date under
    by_date/; whatever the members' order, each row is loaded once."""
    lines = (bulk_2020 / "itcont.txt").read_bytes().splitlines(keepends=True)[:3000]
    members = {
        "itcont.txt": b"".join(lines),
        "by_date/itcont_2020_20010101_20190131.txt": b"".join(lines[:1800]),
        "by_date/itcont_2020_20190201_20190331.txt": b"".join(lines[1800:]),
    }
    order = sorted(members, key=lambda name: name.startswith("by_date") == whole_first)
    archive = tmp_path / "indiv20.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in order:
            zf.writestr(name, members[name])
    wh = Warehouse(home)
    [report] = load_files(wh, [archive])
    assert report.source_file == "indiv20.zip!itcont.txt"
    assert one(wh, "SELECT count(*) AS n, count(DISTINCT sub_id) AS ids FROM schedule_a") == {
        "n": 3000,
        "ids": 3000,
    }


def test_two_files_of_one_kind_and_cycle_are_refused(shared_data, home):
    """Each would replace the other; which one the warehouse kept would be chance."""
    first = shared_data / "fec-bulk" / "2020-early" / "weball20.txt"
    second = shared_data / "fec-bulk" / "summaries" / "weball20.txt"
    wh = Warehouse(home)
    with pytest.raises(UnrecognizedFileError) as info:
        load_files(wh, [first, second])
    assert str(info.value) == (
        f"{first} and {second} are both weball files of cycle 2020, and the warehouse keeps "
        "one file per kind and cycle; name the one to load"
    )
    assert wh.loads() == []


def test_a_file_named_twice_loads_once(bulk_2020, home, monkeypatch):
    """Named twice, or named and reached through its folder, it is one file, not two
    files of one kind and cycle."""
    monkeypatch.chdir(bulk_2020)
    reports = load_files(Warehouse(home), [Path("cn.txt"), bulk_2020 / "cn.txt", bulk_2020])
    assert sorted(r.source_file for r in reports) == sorted(
        p.name for p in bulk_2020.iterdir() if p.suffix == ".txt"
    )


def test_two_files_of_one_kind_whose_cycle_is_unknown_are_refused(tmp_path, shared_data, home):
    copies = []
    for cycle in ("2016-early", "2020-early"):
        copy = tmp_path / f"from-{len(copies)}" / "cm.txt"
        copy.parent.mkdir()
        shutil.copy(shared_data / "fec-bulk" / cycle / "cm.txt", copy)
        copies.append(copy)
    wh = Warehouse(home)
    with pytest.raises(UnrecognizedFileError, match="or load each apart with its --cycle$"):
        load_files(wh, copies)
    assert wh.loads() == []


def test_a_folder_stands_for_its_bulk_files_and_kind_cannot_be_given_with_one(shared_data, home):
    folder = shared_data / "fec-bulk" / "2016-early"
    left_out = []
    wh = Warehouse(home)
    reports = load_files(wh, [folder], on_left_out=lambda path, why: left_out.append(path.name))
    data_files = sorted(p.name for p in folder.iterdir() if p.suffix == ".txt")
    assert sorted(r.source_file for r in reports) == data_files
    assert sorted(left_out) == sorted(p.name for p in folder.iterdir() if p.suffix == ".csv")
    assert one(wh, "SELECT count(*) AS n FROM schedule_a WHERE source_file = 'itcont.txt'") == {
        "n": len(raw_lines(folder / "itcont.txt"))
    }
    with pytest.raises(UnrecognizedFileError, match="is a folder; --kind says what"):
        load_files(Warehouse(home.parent / "other"), [folder], kind="indiv")


def test_kind_is_recognised_from_shape_when_the_name_says_nothing(tmp_path, bulk_2020, home):
    renamed = tmp_path / "download (3).txt"
    shutil.copy(bulk_2020 / "itpas2.txt", renamed)
    [report] = load_files(Warehouse(home), [renamed], cycle=2020)
    assert (report.kind, report.recognised_by) == ("pas2", "shape")


IE_CSV = (
    "cand_id,cand_name,spe_id,spe_nam,ele_type,can_office_state,can_office_dis,can_office,"
    "cand_pty_aff,exp_amo,exp_date,agg_amo,sup_opp,pur,pay,file_num,amndt_ind,tran_id,"
    "image_num,receipt_dat,fec_election_yr,prev_file_num,dissem_dt\n"
    '"H4CO08034","Evans, Gabe","C00866517","Go America PAC","G","CO","08","H","REP","9000",'
    '"15-OCT-24","19000","S","DIGITAL ADS, META","ACME MEDIA","1821798","N","SE.1",'
    '"202410159001","16-OCT-24","2024","","14-OCT-24"\n'
    '"S4TX00001","Doe, Jane","C00000002","Some PAC","G","TX","","S","DEM","1,250.50",'
    '"31-SEP-24","1250.50","O","MAIL","PRINTER","1821799","N","SE.2","202410159002",'
    '"01-OCT-24","2024","",""\n'
    '"S4TX00001","Doe, Jane","C00000002","Some PAC","G","TX","","S","DEM","300",'
    '"02-OCT-24","1550.50","O","TEXTS","SMS CO","1821799","A","SE.3","202410159003",'
    '"03-OCT-24","2024","1821700",""\n'
)


def test_independent_expenditure_csv_loads_quoted_fields(tmp_path, home):
    path = tmp_path / "independent_expenditure_2024.csv"
    path.write_text(IE_CSV)
    wh = Warehouse(home)
    [report] = load_files(wh, [path])
    assert (report.kind, report.cycle, report.rows_read, report.rows_rejected) == ("ie", 2024, 3, 1)
    rows = wh.query(
        "SELECT source_line, candidate_name, committee_id, expenditure_amount, expenditure_date, "
        "expenditure_description, support_oppose_indicator, previous_file_number "
        "FROM schedule_e ORDER BY source_line"
    ).to_pylist()
    assert rows == [
        {
            "source_line": 2,
            "candidate_name": "Evans, Gabe",
            "committee_id": "C00866517",
            "expenditure_amount": Decimal("9000"),
            "expenditure_date": date(2024, 10, 15),
            "expenditure_description": "DIGITAL ADS, META",
            "support_oppose_indicator": "S",
            "previous_file_number": None,
        },
        {
            "source_line": 4,
            "candidate_name": "Doe, Jane",
            "committee_id": "C00000002",
            "expenditure_amount": Decimal("300"),
            "expenditure_date": date(2024, 10, 2),
            "expenditure_description": "TEXTS",
            "support_oppose_indicator": "O",
            "previous_file_number": 1821700,
        },
    ]
    [reject] = wh.query("SELECT source_line, reason FROM rejects").to_pylist()
    assert reject == {"source_line": 3, "reason": "exp_date is not a date (%d-%b-%y): 31-SEP-24"}


def test_trailing_delimiter_layout_checks_its_last_field(tmp_path, bulk_2020, home):
    lines = (bulk_2020 / "oppexp.txt").read_bytes().splitlines(keepends=True)[:3]
    extra = lines[1].rstrip(b"\n") + b"SURPRISE|\n"
    path = tmp_path / "oppexp.txt"
    path.write_bytes(lines[0] + extra + lines[2])
    wh = Warehouse(home)
    [report] = load_files(wh, [path], cycle=2020)
    assert (report.rows_read, report.rows_rejected) == (3, 1)
    [reject] = wh.query("SELECT source_line, reason FROM rejects").to_pylist()
    assert reject == {"source_line": 2, "reason": "too many fields: expected 26, found 27"}
