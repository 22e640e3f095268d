"""The fuzzy search's first cuts (moneytrail.resolve.employers.fuzzy_index) pass exactly
the names the one-at-a-time difflib checks they replace passed, in the same order."""

from __future__ import annotations

import difflib
from pathlib import Path

import duckdb
import pytest

from moneytrail.resolve.employers import EmployerResolver
from moneytrail.resolve.employers.fuzzy_index import NameBlock
from moneytrail.resolve.employers.resolver import FUZZY_CUTOFF


@pytest.fixture(scope="module")
def resolver() -> EmployerResolver:
    return EmployerResolver()


@pytest.fixture(scope="module")
def employer_strings(bulk_2020: Path, resolver: EmployerResolver) -> list[str]:
    """Distinct normalized employer strings of the 2020 sample, long enough to be fuzzed."""
    raw = duckdb.sql(
        f"SELECT DISTINCT column11 FROM read_csv('{bulk_2020 / 'itcont.txt'}', delim='|', "
        "header=false, all_varchar=true, quote='') WHERE column11 IS NOT NULL ORDER BY 1"
    ).fetchall()
    normalized = {resolver.resolve(r).normalized for (r,) in raw}
    return sorted(n for n in normalized if len(n) >= 8)


def _quick_passing(query: str, names: list[str], spread: int, cutoff: float) -> list[str]:
    """What _fuzzy kept before: the length window, then difflib's quick ratio."""
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(query)
    kept = []
    for name in names:
        if abs(len(name) - len(query)) > spread:
            continue
        matcher.set_seq1(name)
        if matcher.quick_ratio() >= cutoff:
            kept.append(name)
    return kept


def test_quick_ratio_cut_matches_difflib_on_real_strings(
    resolver: EmployerResolver, employer_strings: list[str]
) -> None:
    names = resolver._blocks  # the registry names the fuzzy search compares, by letter
    blocks = {letter: NameBlock(in_block) for letter, in_block in names.items()}
    checked = passed = 0
    for query in employer_strings[::7]:  # a spread of a seventh of them, for time
        if query[0] not in blocks:
            continue
        spread = max(2, len(query) // 8)
        expected = _quick_passing(query, names[query[0]], spread, FUZZY_CUTOFF)
        assert blocks[query[0]].candidates(query, spread, FUZZY_CUTOFF) == expected, query
        checked += 1
        passed += bool(expected)
    # The check means something only if near names were found and others cut.
    assert checked > 1000 and 50 < passed < checked


def test_a_ratio_on_the_cutoff_passes_and_unknown_letters_share_nothing() -> None:
    # AB vs AC: one letter of four shared twice over → 2 * 1 / 4 = 0.5 exactly.
    block = NameBlock(["AC", "ACCA", "AB"])
    assert block.candidates("AB", 0, 0.5) == ["AC", "AB"]  # order as given, not by length
    assert block.candidates("AB", 0, 0.51) == ["AB"]
    assert block.candidates("A#", 0, 0.5) == ["AC", "AB"]  # "#" is in no name
    assert block.candidates("ABCDEFGH", 1, 0.0) == []  # no name that long


def test_names_with_a_word_starting_so(resolver: EmployerResolver) -> None:
    names = ["MOUNT SINAI HEALTH SYSTEM", "MOUNT SINAI HOSPITAL", "MOUNTAIN STATES HEALTH"]
    block = NameBlock(names)
    found = block.with_word_starting(2, "HEALTH")
    assert [name for name, _ in found] == ["MOUNT SINAI HEALTH SYSTEM", "MOUNTAIN STATES HEALTH"]
    assert found[0][1] == ["MOUNT", "SINAI", "HEALTH", "SYSTEM"]
    assert [name for name, _ in block.with_word_starting(2, "HO")] == ["MOUNT SINAI HOSPITAL"]
    assert block.with_word_starting(3, "S") == [("MOUNT SINAI HEALTH SYSTEM", names[0].split())]
    assert block.with_word_starting(4, "S") == []
