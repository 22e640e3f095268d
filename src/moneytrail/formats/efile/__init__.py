"""FEC electronic filings (`.fec`): column layouts per version and a streaming reader.

Example::

    >>> from moneytrail.formats.efile import parse_filing
    >>> filing = parse_filing("1527862.fec")
    >>> filing.cover.committee_id, filing.record_counts
    ('C00703975', {'F3P': 1, 'SA': 2224, 'SB': 744})
"""

from moneytrail.formats.efile.layouts import Layout, Registry
from moneytrail.formats.efile.reader import (
    Cover,
    Filing,
    FilingReader,
    FilingWarning,
    Header,
    Reject,
    iter_filing,
    parse_filing,
)

__all__ = [
    "Cover",
    "Filing",
    "FilingReader",
    "FilingWarning",
    "Header",
    "Layout",
    "Registry",
    "Reject",
    "iter_filing",
    "parse_filing",
]
