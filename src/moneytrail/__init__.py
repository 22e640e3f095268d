"""moneytrail: follow the money in US federal elections.

FEC bulk files and raw filings become a typed, provenance-carrying DuckDB warehouse
on the user's own machine.
"""

__version__ = "0.1.0"
