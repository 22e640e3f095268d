"""Synthetic individual contributions whose donors are known, for measuring donor
resolution at scale (bench/bench_donors.py).

People are drawn from the real samples' names, places and jobs (``synthetic.value_pools``);
each gives a skewed number of contributions (a few give hundreds, most one or two), and
their rows vary the way real filings do: the middle initial written or not, a nickname
for the first name, "FIRST LAST" instead of "LAST, FIRST", a typo, ZIP+4 or ZIP5, a
second home, a changed job or retirement. Some people have a relative at the same
address with the same surname: a spouse (another first name) or a son (the same first
name, JR against SR). Very common surnames are drawn more often, so namesakes share
cities. Everything is labelled SYNTHETIC in the recipient's memo text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from moneytrail.resolve.donors import NameRules
from moneytrail.sources.synthetic import value_pools

CHUNK = 500_000
LETTERS = np.array(list("ABCDEFGHIJKLMNOPRSTW"))


@dataclass
class DonorTruth:
    indiv: Path  # pipe-delimited FEC indiv file
    truth: Path  # Parquet: sub_id, person
    rows: int
    people: int


def _nicknames(firsts: list[str]) -> list[str]:
    """For each first name, a nickname people write for it (itself when none)."""
    rules = NameRules.load()
    by_name: dict[str, str] = {}
    for form, name in rules.canonical.items():
        if form != name:
            by_name.setdefault(name, form)
    return [by_name.get(f, f) for f in firsts]


def _typo(word: str) -> str:
    return word if len(word) < 4 else word[:1] + word[2] + word[1] + word[3:]


def generate_donors(
    folder: Path, rows: int, *, samples: list[Path] | None = None, seed: int = 7
) -> DonorTruth:
    """Write ``rows`` contributions of about rows/3 people to ``folder``."""
    rng = np.random.default_rng(seed)
    pools = value_pools(samples or [], rng)
    people = max(2, rows // 3)
    n_first, n_last = len(pools.first), len(pools.last)
    # Surnames skewed (a few very common), first names and places uniform.
    skewed = np.minimum((rng.pareto(1.2, people) * n_last / 50).astype(np.int64), n_last - 1)
    last = rng.permutation(n_last)[skewed]
    first = rng.integers(0, n_first, people)
    middle = np.where(rng.random(people) < 0.6, rng.choice(LETTERS, people), "")
    place = rng.integers(0, len(pools.places), people)
    moves = rng.random(people) < 0.1  # a tenth have a second home
    second_place = np.where(moves, rng.integers(0, len(pools.places), people), -1)
    job = rng.integers(0, len(pools.jobs), people)
    suffix = np.full(people, "", dtype=object)
    # Relatives: the next person copies surname and place; a son keeps the first name.
    relative = np.flatnonzero(rng.random(people - 1) < 0.06)
    last[relative + 1] = last[relative]
    place[relative + 1] = place[relative]
    second_place[relative + 1] = -1
    son = relative[rng.random(len(relative)) < 0.3]
    first[son + 1] = first[son]
    suffix[son] = "SR"
    suffix[son + 1] = "JR"

    nick = np.array(_nicknames(pools.first), dtype=object)
    firsts = np.array(pools.first, dtype=object)
    lasts = np.array(pools.last, dtype=object)
    cities = np.array([p[0] for p in pools.places], dtype=object)
    states = np.array([p[1] for p in pools.places], dtype=object)
    zips = np.array([p[2] for p in pools.places], dtype=object)
    employers = np.array([j[0] for j in pools.jobs], dtype=object)
    occupations = np.array([j[1] for j in pools.jobs], dtype=object)
    committees = np.array(pools.committees, dtype=object)

    folder.mkdir(parents=True, exist_ok=True)
    indiv = folder / f"itcont_synthetic_donors_{rows}.txt"
    truth_path = folder / f"truth_{rows}.parquet"
    writer = None
    with indiv.open("wb") as out:
        for start in range(0, rows, CHUNK):
            n = min(CHUNK, rows - start)
            # Who gives: everyone, some far more often than others (density falls as 1/sqrt).
            who = (rng.random(n) ** 2 * people).astype(np.int64)
            form = rng.random(n)
            given = firsts[first[who]].copy()
            use_nick = form < 0.08
            given[use_nick] = nick[first[who[use_nick]]]
            typo = (form >= 0.08) & (form < 0.10)
            given[typo] = [_typo(g) for g in given[typo]]
            mid = np.where(rng.random(n) < 0.75, middle[who], "")
            sfx = suffix[who]
            surname = lasts[last[who]]
            comma = [
                f"{s}, {g}{' ' + m if m else ''}{' ' + x if x else ''}"
                for s, g, m, x in zip(surname, given, mid, sfx, strict=True)
            ]
            plain = [
                f"{g} {s}{' ' + x if x else ''}"
                for s, g, x in zip(surname, given, sfx, strict=True)
            ]
            names = np.where(
                form > 0.95, np.array(plain, dtype=object), np.array(comma, dtype=object)
            )
            moved = (second_place[who] >= 0) & (rng.random(n) < 0.3)
            where = np.where(moved, second_place[who], place[who])
            zip_code = zips[where].astype(str)
            zip5 = rng.random(n) < 0.4
            zip_code = np.where(zip5, np.array([z[:5] for z in zip_code], dtype=object), zip_code)
            changed = rng.random(n) < 0.1
            employer = np.where(changed, "RETIRED", employers[job[who]])
            occupation = np.where(changed, "RETIRED", occupations[job[who]])
            sub_id = np.arange(start, start + n, dtype=np.int64) + 9_000_000_000_000_000_000 // 10
            amounts = pools.amounts[rng.integers(0, len(pools.amounts), n)]
            days = rng.integers(1, 28, n)
            lines = [
                f"{c}|N|Q1|P|2025010199000000{i % 100:02d}|15|IND|{nm}|{ct}|{st}|{zp}|{em}|{oc}|"
                f"01{d:02d}2025|{a // 100}||SD{sid}|1900000||SYNTHETIC|{sid}\n"
                for i, (c, nm, ct, st, zp, em, oc, d, a, sid) in enumerate(
                    zip(
                        committees[rng.integers(0, len(committees), n)], names, cities[where],
                        states[where], zip_code, employer, occupation, days, amounts, sub_id,
                        strict=True,
                    )
                )
            ]  # fmt: skip
            out.write("".join(lines).encode("latin-1", "replace"))
            chunk = pa.table({"sub_id": pa.array(sub_id), "person": pa.array(who)})
            if writer is None:
                writer = pq.ParquetWriter(truth_path, chunk.schema)
            writer.write_table(chunk)
    if writer is not None:
        writer.close()
    return DonorTruth(indiv, truth_path, rows, people)
