"""Write src/moneytrail/resolve/data/everyday_words.toml from wordfreq's English word list.

    .venv/bin/pip install -e '.[tools]'
    .venv/bin/python tools/make_everyday_words.py [--min-zipf 3.0]

The employer resolver's discovery rules read the file: an employer string that is one
everyday English word and nothing else (EVERGREEN, INTERSTATE, COMMITMENT) is the name of
many unrelated firms, so it says which one no more than a job title does, and is left
unresolved. A coined word (NOVINIUM, CUBLAVISION) or the same word with its legal form
(RESOLUTE FOREST PRODUCTS INC, KNOCK, INC.) still names its firm.

"Everyday" is a frequency: the words wordfreq (the package's "large" English list, which
blends subtitles, Wikipedia, books, news, web text and social media) puts at a Zipf
frequency of --min-zipf or more, once per million words for 3.0; written in ASCII letters
only, of at least --min-letters letters (shorter ones alone are left unresolved anyway:
discovery.toml's min_letters_one_word).
"""

from __future__ import annotations

import argparse
from importlib.metadata import version
from pathlib import Path

from make_us_places import toml_array  # the same layout as us_places.toml's lists
from wordfreq import iter_wordlist, zipf_frequency

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "moneytrail" / "resolve" / "data" / "everyday_words.toml"


def everyday_words(min_zipf: float, min_letters: int) -> list[str]:
    """The English words of at least ``min_zipf``, upper-cased and sorted."""
    words = set()
    for word in iter_wordlist("en", "large"):  # most frequent first
        if zipf_frequency(word, "en", "large") < min_zipf:
            break
        if word.isascii() and word.isalpha() and len(word) >= min_letters:
            words.add(word.upper())
    return sorted(words)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--min-zipf", type=float, default=3.0)
    ap.add_argument("--min-letters", type=int, default=5)
    args = ap.parse_args()
    words = everyday_words(args.min_zipf, args.min_letters)
    header = f"""\
# Everyday English words: an employer string that is one of these alone names no
# particular employer (many unrelated firms carry each), as discovery.toml's rules read
# it. Read by moneytrail.resolve.employers (DiscoveryRules.everyday_words).
# Source: wordfreq {version("wordfreq")} (github.com/rspeer/wordfreq; its word lists CC BY-SA
# 4.0): the words of its "large" English list at a Zipf frequency of {args.min_zipf} or more
# (once per million words at 3.0), in ASCII letters, of {args.min_letters} letters or more.
# Written by tools/make_everyday_words.py; do not edit by hand.
"""
    OUT.write_text(header + "\nwords = [\n" + toml_array(words) + ",\n]\n", encoding="utf-8")
    print(f"{len(words):,} words → {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
