"""The synthetic `.fec` generator writes what it says, and both readers agree on it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pyarrow.compute as pc
import pytest
from efile_oracle import EFILE, differences, fecfile_items

from moneytrail.formats.efile import parse_filing, reader
from moneytrail.formats.efile.layouts import Registry
from moneytrail.sources.synthetic_efile import WIDTHS, write_synthetic_filing

SIZE = 5_000_000


@pytest.fixture(scope="module", params=["vocabulary", "real samples"])
def made(request, tmp_path_factory):
    if request.param == "real samples" and not EFILE.is_dir():
        pytest.skip(f"../shared/data is absent: the real filings are expected in {EFILE}")
    samples = EFILE if request.param == "real samples" else None
    path = tmp_path_factory.mktemp("synthetic") / "synthetic.fec"
    return write_synthetic_filing(path, SIZE, seed=3, samples=samples)


def test_size_shapes_and_counts(made):
    data = made.path.read_bytes()
    assert len(data) == made.bytes >= SIZE
    assert made.bytes < SIZE * 1.01  # about the size asked for
    lines = data.split(b"\n")
    assert lines.pop() == b""  # ends with a line break
    assert lines[0].split(b"\x1c")[:3] == [b"HDR", b"FEC", b"8.3"]
    assert lines[1].startswith(b"F3XN\x1c")
    widths = {line.split(b"\x1c", 1)[0][:2].decode(): line.count(b"\x1c") + 1 for line in lines[2:]}
    assert widths == WIDTHS  # the field counts of real format-8.3 filings
    # The layouts the reader uses for 8.3 have exactly these widths.
    registry = Registry.load()
    for form in made.rows:
        layout, exact = registry.resolve(form, "8.3")
        assert exact and layout is not None
        assert len(layout.columns) == WIDTHS.get(form[:2], len(lines[1].split(b"\x1c")))
    assert sum(made.rows.values()) == len(lines) - 1  # every line but the header
    ids = [line.split(b"\x1c")[2] for line in lines[2:]]
    assert len(set(ids)) == len(ids)


def test_reads_with_no_rejects_and_as_fecfile_does(made):
    filing = parse_filing(made.path)
    assert filing.rejects == [] and filing.warnings == []
    assert filing.record_counts == made.schedule_rows
    assert {"SA", "SB", "SE"} <= set(filing.record_counts)
    assert filing.cover is not None and filing.cover.form_type == "F3XN"
    # fecfile, the oracle, reads the same records with the same values, field by field.
    data = made.path.read_bytes()
    _, items = fecfile_items(data)
    assert len(items) == sum(made.rows.values())
    assert differences(filing, data) == []


def test_values_are_sensible(made):
    filing = parse_filing(made.path)
    sa = filing.tables["SA"]
    amounts = sa.column("contribution_amount")
    assert amounts.null_count == 0 and pc.min(amounts).as_py() > 0
    dates = sa.column("contribution_date")
    assert pc.min(dates).as_py() >= filing.cover.coverage_from
    assert pc.max(dates).as_py() <= filing.cover.coverage_through
    individuals = pc.equal(sa.column("entity_type"), "IND")
    assert pc.all(pc.is_valid(pc.filter(sa.column("contributor_last_name"), individuals))).as_py()
    assert 2 <= len(pc.unique(sa.column("contributor_state"))) <= 60
    # Earmarked contributions: a memo line (code X) that refers back to its contribution.
    memo = sa.filter(pc.equal(sa.column("memo_code"), "X"))
    assert memo.num_rows > 0
    ids = set(sa.column("transaction_id").to_pylist())
    assert set(memo.column("back_reference_tran_id_number").to_pylist()) <= ids
    for name in ("SB", "SE"):
        table = filing.tables[name]
        assert pc.min(table.column("expenditure_amount")).as_py() > 0
        assert table.column("transaction_id_number").null_count == 0


def test_cover_totals_add_up_the_itemizations(made):
    filing = parse_filing(made.path)
    cover = filing.cover.fields
    for column, total in made.totals.items():
        assert cover[column] == total, column
    sa = filing.tables["SA"]
    counted = sa.filter(
        pc.and_(pc.equal(sa.column("record_type"), "SA11AI"), pc.is_null(sa.column("memo_code")))
    )
    itemized = pc.sum(counted.column("contribution_amount")).as_py()
    assert cover["col_a_individuals_itemized"] == itemized
    receipts = cover["col_a_total_receipts"]
    disbursements = cover["col_a_total_disbursements"]
    assert cover["col_a_cash_on_hand_close_of_period"] == (
        cover["col_a_cash_on_hand_beginning_period"] + receipts - disbursements
    )
    assert isinstance(cover["coverage_from_date"], dt.date)
    assert all(isinstance(v, Decimal) for v in made.totals.values())


def test_same_seed_same_filing(tmp_path: Path):
    a = write_synthetic_filing(tmp_path / "a.fec", 300_000, seed=5)
    b = write_synthetic_filing(tmp_path / "b.fec", 300_000, seed=5)
    c = write_synthetic_filing(tmp_path / "c.fec", 300_000, seed=6)
    assert a.path.read_bytes() == b.path.read_bytes() != c.path.read_bytes()
    assert not list(tmp_path.glob("*.body"))  # the side file is gone


def test_fast_path_reads_as_the_general_path(tmp_path: Path, monkeypatch):
    """Long runs of same-shaped lines go through Arrow's CSV reader; everything else, and
    everything when those runs are disabled, through the general path: same tables, same
    rejects (with the same line numbers and texts), whatever breaks the runs."""
    made = write_synthetic_filing(tmp_path / "clean.fec", 2_000_000, seed=11)
    lines = made.path.read_bytes().split(b"\n")
    assert lines[-1] == b"" and lines[3000].startswith(b"SA11AI")

    def spoil(i: int, position: int, value: bytes) -> None:
        fields = lines[i].split(b"\x1c")
        fields[position] = value
        lines[i] = b"\x1c".join(fields)

    spoil(1000, 19, b"20230231")  # no such day
    spoil(2000, 20, b"12O.00")  # a letter O
    spoil(2500, 20, b"1,000.00")  # read, but reported
    spoil(3000, 7, b"MU\xd1OZ")  # Windows-1252, not UTF-8
    lines[4000] += b"\x1cSTRAY"  # a non-empty field beyond the layout
    lines[5000] += b"\x1c"  # an empty one: padding, not reported
    spoil(7000, 10, b'"Mr."')  # quoted, as some software writes every field
    spoil(7001, 13, b'""')  # quoted and empty: null
    spoil(7002, 7, b'O"BRIEN')  # a stray quote stays
    lines.insert(6000, b"")  # a blank line
    spoiled = tmp_path / "spoiled.fec"
    spoiled.write_bytes(b"\n".join(lines))

    read_uniform, runs = reader._read_uniform, []
    monkeypatch.setattr(reader, "_read_uniform", lambda *a: runs.append(a) or read_uniform(*a))
    fast = parse_filing(spoiled, block_size=1 << 20)
    assert len(runs) > 2  # the CSV reader did read the long runs
    monkeypatch.setattr(reader, "_MIN_UNIFORM_LINES", 10**9)
    general = parse_filing(spoiled, block_size=1 << 20)
    assert fast.rejects == general.rejects
    assert [r.line_number for r in fast.rejects] == [1001, 2001, 2501, 4001]
    assert fast.record_counts == general.record_counts == made.schedule_rows
    for name, table in general.tables.items():
        assert fast.tables[name].equals(table), name
    sa = fast.tables["SA"].to_pylist()  # lines[i] as spoiled is row i - 2 (HDR and F3XN first)
    assert sa[2998]["contributor_last_name"] == "MUÑOZ"
    assert sa[6998]["contributor_prefix"] == "Mr."
    assert sa[6999]["contributor_street_2"] is None
    assert sa[7000]["contributor_last_name"] == 'O"BRIEN'
