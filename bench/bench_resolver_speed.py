"""How fast the employer resolver reads real strings, with its fuzzy search's first cut done
over arrays (moneytrail.resolve.employers.fuzzy_index) and, as the baseline in the same
run, done as before: each registry name of the block checked one at a time with difflib.

    .venv/bin/python bench/bench_resolver_speed.py [--data ../shared/data] [--rounds 2]

The strings: every distinct employer, occupation and contributor name of the 2016 and
2020 samples' itcont.txt, every contributor name of their itoth.txt, and every committee
and connected-organization name of their cm.txt: what `resolve` sends through the
resolver (employers and organizations that gave, occupations read beside open strings,
PAC names). Each round resolves them all with a fresh resolver of each kind, the two kinds
in alternating order (the machine is shared); every answer, explanation steps included,
must be the same both ways.
"""

from __future__ import annotations

import argparse
import difflib
import sys
import time
from pathlib import Path

import duckdb

from moneytrail.resolve.employers import EmployerResolver

ROOT = Path(__file__).resolve().parents[1]
# (sample, file, 1-based columns of the strings read)
COLUMNS = {
    "itcont.txt": (8, 12, 13),  # contributor name, employer, occupation
    "itoth.txt": (8,),  # contributor name (organizations that gave)
    "cm.txt": (2, 14),  # committee name, connected organization
}
SAMPLES = ("2016-early", "2020-early")


class OneAtATime:
    """The first cut as _fuzzy made it before: length window, then difflib's quick ratio
    for each name in turn."""

    def __init__(self, names: list[str]) -> None:
        self.names = names

    def candidates(self, query: str, spread: int, cutoff: float) -> list[str]:
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(query)
        kept = []
        for name in self.names:
            if abs(len(name) - len(query)) <= spread:
                matcher.set_seq1(name)
                if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff:
                    kept.append(name)
        return kept

    def with_word_starting(self, place: int, start: str) -> list[tuple[str, list[str]]]:
        found = []
        for name in self.names:
            words = name.split()
            if len(words) > place and words[place].startswith(start):
                found.append((name, words))
        return found


class BaselineResolver(EmployerResolver):
    def _name_block(self, letter: str) -> OneAtATime | None:  # type: ignore[override]
        names = self._blocks.get(letter)
        return OneAtATime(names) if names else None


def real_strings(data: Path) -> list[str]:
    selects = []
    for sample in SAMPLES:
        for name, columns in COLUMNS.items():
            path = data / "fec-bulk" / sample / name
            for col in columns:
                selects.append(
                    f"SELECT column{col - 1:02d} AS s FROM read_csv('{path}', delim='|', "
                    "header=false, all_varchar=true, quote='', ignore_errors=true)"
                )
    rows = duckdb.sql(" UNION ".join(selects)).fetchall()
    return sorted(s for (s,) in rows if s)


def timed(resolver_class: type[EmployerResolver], strings: list[str]) -> tuple[float, list]:
    started = time.perf_counter()
    resolver = resolver_class()
    answers = [resolver.resolve(s) for s in strings]
    return time.perf_counter() - started, answers


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if not (args.data / "fec-bulk").is_dir():
        print(f"no FEC samples at {args.data}", file=sys.stderr)
        return 2
    strings = real_strings(args.data)
    print(f"{len(strings):,} distinct real strings")
    seconds: dict[str, list[float]] = {"arrays": [], "one at a time": []}
    kinds = {"arrays": EmployerResolver, "one at a time": BaselineResolver}
    for round_ in range(args.rounds):
        order = list(kinds) if round_ % 2 == 0 else list(kinds)[::-1]
        answers = {}
        for kind in order:
            took, answers[kind] = timed(kinds[kind], strings)
            seconds[kind].append(took)
            print(f"round {round_ + 1}: {kind}: {took:.1f} s", flush=True)
        if answers["arrays"] != answers["one at a time"]:
            print("the two first cuts gave different answers", file=sys.stderr)
            return 1
    print("same answers both ways, explanations included")
    for kind, took in seconds.items():
        print(f"{kind}: best {min(took):.1f} s, {len(strings) / min(took):,.0f} strings/s")
    print(f"speed-up: {min(seconds['one at a time']) / min(seconds['arrays']):.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
