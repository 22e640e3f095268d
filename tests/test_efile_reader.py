"""The `.fec` reader against the fecfile package (the oracle) and on every quirk we know.

Every real filing in ../shared/data/efile must read to the same records and field values
as fecfile gives, allowing only for the deliberate differences listed in
``efile_oracle.py`` (each with its reason):

* empty fields are null here, "" in fecfile;
* lines that are not UTF-8 are Windows-1252 here, Latin-1 in fecfile (same bytes);
* legacy ``/* Header`` values keep their case here; fecfile lower-cases them;
* columns the FEC's v8.3 workbook types as amounts or dates are typed here even where
  fecfile's rules leave them text (compared by parsing fecfile's text);
* a filing claiming an unknown version ("180.5") is read with the nearest known layouts
  here; fecfile refuses it (compared with fecfile reading it as 8.3, whose layouts are
  the 8.5 ones for every record type the filing has);
* a record type no layout knows (``TEST``) is kept raw here; fecfile raises (compared
  without that line, and the raw line checked apart).
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pytest
from efile_oracle import EFILE, SHARED_DATA, all_filings, differences, file_id

from moneytrail.formats.efile import FilingWarning, iter_filing, parse_filing
from moneytrail.formats.efile.reader import TEXT_RECORD

FILINGS = all_filings()


def _need_data() -> Path:
    if not EFILE.is_dir():
        pytest.skip(f"../shared/data is absent: the real filings are expected in {SHARED_DATA}")
    return EFILE


def _parse(path: Path, **kwargs):
    """parse_filing without letting expected FilingWarnings reach pytest's summary."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FilingWarning)
        return parse_filing(path, **kwargs)


@pytest.mark.parametrize(
    "path", FILINGS or [None], ids=[file_id(p) for p in FILINGS] or ["no-data"]
)
def test_matches_fecfile(path: Path | None) -> None:
    """Same records, same field values as fecfile, on every real filing."""
    _need_data()
    assert path is not None
    filing = _parse(path)
    data = path.read_bytes()
    version = None
    if path.name == "filing_invalid_version.fec":
        data = data.replace(b"180.5", b"8.3", 1)
        version = "8.3"
    if path.name == "no-header-mapping.fec":
        data = b"\n".join(line for line in data.split(b"\n") if not line.startswith(b"TEST,"))
    problems = differences(filing, data, version)
    if path.name == "filing_invalid_version.fec":
        # The header says what it says; only the layouts fall back.
        problems.remove("header fec_version: fecfile '8.3', we '180.5'")
    assert problems == [], "\n".join(problems[:20])


def test_every_filing_is_read() -> None:
    """All 94 filings read, versions 2.02 to 8.3 and paper, and rows are typed."""
    _need_data()
    versions = set()
    for path in FILINGS:
        filing = _parse(path)
        versions.add(filing.fec_version)
        for table in filing.tables.values():
            assert table.column_names[:2] == ["line_number", "record_type"]
    assert len(FILINGS) >= 94
    assert {"2.02", "3.00", "5.00", "6.4", "7.0", "8.0", "8.3", "P2.6", "P3.4"} <= versions


# ------------------------------------------------------------------- well-known filings


def test_biden_f3p_typed_tables() -> None:
    """A v8.3 presidential report: cover, counts, typed columns, file number from name."""
    filing = _parse(_need_data() / "fastfec" / "1527862.fec")
    assert filing.header.fec_version == "8.3"
    assert filing.header.software_name == "NGP"
    cover = filing.cover
    assert cover is not None
    assert (cover.form_type, cover.base_form, cover.committee_id) == ("F3PN", "F3P", "C00703975")
    assert (cover.coverage_from, cover.coverage_through) == (
        dt.date(2021, 4, 1),
        dt.date(2021, 6, 30),
    )
    assert not filing.is_amendment and filing.amends_file_number is None
    # 2,192 SA18 + 32 SA20A lines; 741 SB lines plus 3 SB28C/SB29.
    assert filing.record_counts == {"F3P": 1, "SA": 2224, "SB": 744}
    sa = filing.tables["SA"]
    assert sa.schema.field("contribution_amount").type == pa.decimal128(14, 2)
    assert sa.schema.field("contribution_date").type == pa.date32()
    assert sa.schema.field("contributor_last_name").type == pa.string()
    assert set(sa.column("file_number").to_pylist()) == {1527862}
    assert sa.column("line_number").to_pylist()[0] == 3
    assert filing.rejects == [] and filing.warnings == []


def test_amendment_names_the_filing_it_amends() -> None:
    """An F3A's header report id ("FEC-1542500") is the file number it amends."""
    filing = _parse(_need_data() / "fastfec" / "1550126.fec")
    assert filing.cover is not None and filing.cover.amendment_indicator == "A"
    assert filing.is_amendment
    assert filing.amends_file_number == 1542500
    assert filing.header.report_number == "1"


def test_legacy_header_block_and_comma_format() -> None:
    """Version 2.02: a multi-line ``/* Header`` block, then comma-separated quoted lines."""
    filing = _parse(_need_data() / "fastfec" / "13360.fec")
    assert filing.header.fec_version == "2.02"
    assert filing.header.software_name == "FECfile"
    assert filing.header.fields["committee"].startswith("CONTINENTAL AIRLINES")
    assert filing.header.fields["schedule_counts"] == {
        "SA11A1": 139,
        "SA17": 1,
        "SB23": 8,
        "SB29": 3,
    }
    assert filing.cover is not None and filing.cover.form_type == "F3XA"
    sa = filing.tables["SA"]
    first = sa.slice(0, 1).to_pylist()[0]
    assert first["line_number"] == 19  # line 17 ends the header, 18 is the cover
    assert first["contributor_name"] == "Kellner^Lawrence"
    assert first["contributor_employer"] == "Continental Airlines, Inc."  # quoted comma
    assert first["contribution_amount"] == Decimal("5000.00")
    assert first["contribution_date"] == dt.date(2000, 5, 10)


def test_paper_filing_has_image_numbers() -> None:
    """Paper transcriptions (P3.3) use FS separators and carry image numbers."""
    filing = _parse(_need_data() / "fec-parse" / "1135558.fec")
    assert filing.fec_version == "P3.3"
    sa = filing.tables["SA"]
    assert "image_number" in sa.column_names
    assert sa.column("image_number").null_count < sa.num_rows
    assert filing.header.fields["soft_name"] == '""Aurotech/Captricity""'  # as fecfile


def test_f99_text_block() -> None:
    """The free text between [BEGINTEXT] and [ENDTEXT] is one row of table F99_TEXT."""
    filing = _parse(_need_data() / "fec-parse" / "form-99.fec")
    text = filing.tables[TEXT_RECORD].to_pylist()
    assert len(text) == 1 and text[0]["line_number"] == 3
    assert text[0]["text"].startswith("It is the intention of 21st Century Democrats")
    assert filing.cover is not None and filing.cover.form_type == "F99"


def test_windows_1252_line_in_utf8_file() -> None:
    """A line that is not UTF-8 is read as Windows-1252: 0x92 is a right quote."""
    filing = _parse(_need_data() / "fecfile" / "1260488.fec")
    text = filing.tables[TEXT_RECORD].column("text")[0].as_py()
    assert "Denton County Republican Party\u2019s newly" in text


def test_latin1_names() -> None:
    """character-encoding.fec: accented names written in Latin-1 come out right."""
    filing = _parse(_need_data() / "fec-parse" / "character-encoding.fec")
    names = filing.tables["SA"].column("contributor_name").to_pylist()
    assert "Quiles-D\u00edaz^Ram\u00f3n" in " ".join(n for n in names if n)


# ------------------------------------------------------------------------- quirk files


def test_quote_left_open_is_plain_text_in_fs_files() -> None:
    """FS-separated lines do not quote: a lone quote is text; the last line has no newline."""
    filing = _parse(_need_data() / "fec-parse" / "quote-left-open.fec")
    row = filing.tables["SA"].to_pylist()[0]
    assert row["line_number"] == 3
    assert row["contributor_employer"] == 'RETIRED FROM BFS. NOW WORKING FOR ~"WO'
    assert row["contributor_occupation"] == '~"CO"~ AUTHOR OF ~"DIVINE 9/11 INTERVE'
    assert row["memo_text_description"] == "Earmarked for BERNIE 2016 (C00577130)"
    assert row["contribution_amount"] == Decimal("10.00")
    assert filing.rejects == []


def test_trailing_quote_reported_but_loaded() -> None:
    """Lines ending in an unterminated quote load (the field is empty) and are reported."""
    filing = _parse(_need_data() / "fec-parse" / "trailing-quote.fec")
    assert filing.record_counts["H4"] == 114
    reasons = {r.reason for r in filing.rejects}
    assert reasons == {"unterminated quote: the quoted field runs to the end of the line"}
    assert all(r.loaded and r.record_type == "H4" for r in filing.rejects)
    assert filing.rejects[0].line_number == 99
    assert filing.rejects[0].line.endswith(',"')


def test_undefined_row_type_file() -> None:
    """Blank lines are skipped; an H1 of version 3 gets its form type in form_type."""
    filing = _parse(_need_data() / "fec-parse" / "undefined-row-type.fec")
    h1 = filing.tables["H1"].to_pylist()[0]
    assert h1["form_type"] == "H1" and h1["line_number"] == 10
    assert filing.tables["TEXT"].to_pylist()[0]["text"].startswith("Memo entry Y-T-D")
    assert filing.rejects == []


def test_unknown_record_type_kept_raw() -> None:
    """A record type no layout knows is kept whole, as a list of fields, with a warning."""
    path = _need_data() / "fec-parse" / "no-header-mapping.fec"
    with pytest.warns(FilingWarning, match="unknown record type 'TEST'"):
        filing = parse_filing(path)
    raw = filing.tables["TEST"].to_pylist()
    assert len(raw) == 1 and raw[0]["line_number"] == 3 and raw[0]["record_type"] == "TEST"
    assert raw[0]["fields"][:4] == ["TEST", "C00003418", "ORG", "BENSON MINERAL GROUP"]
    assert len(raw[0]["fields"]) == 37
    assert filing.record_counts == {"SI": 1, "TEST": 1}


def test_last_value_without_newline() -> None:
    """A header-only filing whose last value has no newline after it."""
    filing = _parse(_need_data() / "fec-parse" / "last-value.fec")
    assert filing.header.report_id == "FEC-12037"
    assert filing.header.report_number == "1"
    assert filing.tables == {} and filing.cover is None


def test_invalid_version_falls_back_with_warnings() -> None:
    """Version "180.5" is read as the nearest known version (8.5), with a warning."""
    path = _need_data() / "fastfec" / "filing_invalid_version.fec"
    with pytest.warns(FilingWarning) as caught:
        filing = parse_filing(path)
    assert "format version '180.5' is unknown; read as 8.5" in {str(w.message) for w in caught}
    assert filing.fec_version == "180.5" and filing.version_used == "8.5"
    assert filing.cover is not None and filing.cover.committee_id == "C00694778"
    assert filing.record_counts["SA"] == 360
    # F3Z1 has layouts up to 8.4 only: the nearest one is used, and said so.
    assert any("'F3Z1'" in w and "8.4" in w for w in filing.warnings)
    assert filing.tables["F3Z1"].num_rows == 2
    # The header line is reported (nothing is dropped: every record is still read).
    [header] = filing.rejects
    assert (header.line_number, header.record_type, header.loaded) == (1, "HDR", True)
    assert header.reason == "format version '180.5' is unknown; read as 8.5"


# ---------------------------------------------------------- streaming and input kinds


@pytest.mark.parametrize(
    "name",
    ["fastfec/1544132.fec", "fecfile/27789.fec", "fec-parse/form-99.fec", "fech/data/97405.fec"],
)
def test_small_blocks_give_the_same_tables(name: str) -> None:
    """Reading in tiny blocks (many batches, lines cut at every boundary) changes nothing."""
    path = _need_data() / name
    whole = _parse(path)
    pieces = _parse(path, block_size=1024)
    assert pieces.record_counts == whole.record_counts
    for key, table in whole.tables.items():
        assert pieces.tables[key].equals(table), key


def test_streaming_batches_and_inputs() -> None:
    """iter_filing yields per-type batches; bytes and file objects read like paths."""
    path = _need_data() / "fastfec" / "1527862.fec"
    reader = iter_filing(path, block_size=64 << 10)
    batches = list(reader)
    assert len(batches) > 3 and {name for name, _ in batches} == {"F3P", "SA", "SB"}
    assert reader.cover is not None and reader.counts["SA"] == 2224
    from_bytes = _parse(path.read_bytes(), file_number=1527862)
    with path.open("rb") as handle:
        from_handle = parse_filing(io.BufferedReader(handle), file_number=1527862)
    assert from_bytes.tables["SA"].equals(_parse(path).tables["SA"])
    assert from_handle.record_counts == from_bytes.record_counts
    assert "file_number" not in _parse(path.read_bytes()).tables["SA"].column_names


# ------------------------------------------------------------ made-up broken filings


def _filing(*lines: str, version: str = "8.3", end: bytes = b"\n") -> bytes:
    """A small FS-separated filing (``|`` in ``lines`` stands for the separator)."""
    header = f"HDR|FEC|{version}|test|1|||"
    return end.join(s.replace("|", "\x1c").encode("utf-8") for s in (header, *lines)) + end


def test_bad_values_are_rejects_and_the_rest_loads() -> None:
    """Bad dates and amounts become null (reported); too-wide lines load, reported."""
    data = _filing(
        "F3XN|C00000001|A PAC",
        "SA11AI|C00000001|T1|||IND||DOE|JANE||||1 MAIN||CITY|ST|12345|P2020||20200231|10.00|10.00",
        "SA11AI|C00000001|T2|||IND||ROE|RICK||||1 MAIN||CITY|ST|12345|P2020||20200115|ten|10.00",
        "SA11AI|C00000001|T3|||IND||POE|PAT||||1 MAIN||CITY|ST|12345|P2020||20200115|1,234.565|",
        "SB17|C00000001|T4" + "|" * 45 + "surprise",
        "SB17|C00000001|T5" + "|" * 50,
        "JUSTTEXT",
        "",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", FilingWarning)
        filing = parse_filing(data)
    sa = filing.tables["SA"].to_pylist()
    assert [r["contribution_date"] for r in sa] == [
        None,
        dt.date(2020, 1, 15),
        dt.date(2020, 1, 15),
    ]
    assert [r["contribution_amount"] for r in sa] == [Decimal("10.00"), None, Decimal("1234.56")]
    assert filing.tables["SB"].num_rows == 2
    got = [(r.line_number, r.record_type, r.loaded, r.reason.split(":")[0]) for r in filing.rejects]
    assert got == [
        (3, "SA", True, "contribution_date"),
        (4, "SA", True, "contribution_amount"),
        (5, "SA", True, "contribution_amount"),
        (6, "SB", True, "48 fields where the layout for versions ^8.5|8.4|8.3|8.2|8.1|8.0 has 44; "
         "the non-empty extra fields are ignored"),
        (8, None, False, "no field separator on the line"),
    ]  # fmt: skip
    assert "1,234.565" in filing.rejects[2].reason and "1234.56" in filing.rejects[2].reason


def test_encodings_and_line_endings() -> None:
    """CRLF endings; a Windows-1252 line among UTF-8 ones; a UTF-8 byte-order mark."""
    utf8 = "SA11AI|C1|T1|||IND||MU\u00d1OZ|JOS\u00c9||||1 MAIN||CITY|ST|1|||20200101|5|5"
    cp1252 = "SA11AI|C1|T2|||IND||O\u2019BRIEN|\u00c9MILE||||1 MAIN||CITY|ST|1|||20200101|5|5"
    header = "HDR|FEC|8.3|test|1|||".replace("|", "\x1c")
    data = b"\r\n".join(
        [
            b"\xef\xbb\xbf" + header.encode(),
            "F3XN|C1|X".replace("|", "\x1c").encode(),
            utf8.replace("|", "\x1c").encode("utf-8"),
            cp1252.replace("|", "\x1c").encode("cp1252"),
        ]
    )
    filing = _parse(data)
    assert filing.fec_version == "8.3"
    names = filing.tables["SA"].column("contributor_last_name").to_pylist()
    assert names == ["MU\u00d1OZ", "O\u2019BRIEN"]
    assert filing.tables["SA"].column("contribution_amount").to_pylist() == [Decimal(5)] * 2


def test_comma_format_quoting() -> None:
    """Version 3: quoted commas, doubled quotes, and an unterminated quote (reported)."""
    data = b"\n".join(
        [
            b'"HDR","FEC","3.00","test","1","^","",""',
            b'"F3XN","C1","A PAC"',
            b'"SA11A1","C1","IND","Doe^Jane","1 Main, Apt ""B""","","City","ST","1","","",'
            b'"Acme, Inc.","CEO",100.00,20010102,100.00',
            b'"SA11A1","C1","IND","Roe^Rick","2 Main',
        ]
    )
    filing = _parse(data)
    rows = filing.tables["SA"].to_pylist()
    assert rows[0]["contributor_street_1"] == '1 Main, Apt "B"'
    assert rows[0]["contributor_employer"] == "Acme, Inc."
    assert rows[0]["contribution_aggregate"] == Decimal("100.00")
    assert rows[1]["contributor_street_1"] == "2 Main"
    # The last line is cut off twice over: its quote never closes, and the file ends
    # without a line break five fields into the record.
    assert [(r.line_number, r.loaded) for r in filing.rejects] == [(4, True), (4, True)]
    assert any("unterminated quote" in r.reason for r in filing.rejects)
    assert any("ends midway through this line (5 of" in r.reason for r in filing.rejects)


def test_unknown_and_missing_versions() -> None:
    """A version with no number keeps every record raw; a paper version beyond P3.4 falls back."""
    with pytest.warns(FilingWarning) as caught:
        filing = parse_filing(_filing("F3XN|C1|X", "SA11AI|C1|T1", version="abc"))
    assert any("not a version number" in str(w.message) for w in caught)
    assert set(filing.tables) == {"F3XN", "SA11AI"}
    assert filing.tables["SA11AI"].column("fields").to_pylist() == [["SA11AI", "C1", "T1"]]
    paper = b"HDR\x1cP3.9\x1cscanner\x1c1\x1c20200101\nF3N\x1cC1\x1cX\n"
    with pytest.warns(FilingWarning, match="read as P3.4"):
        filing = parse_filing(paper)
    assert filing.version_used == "P3.4" and filing.record_counts == {"F3": 1}
