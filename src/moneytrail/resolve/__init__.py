"""Entity resolution: turning the free text of filings into organizations and people.

This package holds the library only; the CLI and warehouse columns are wired on top of it.
"""

from moneytrail.resolve.employers import (
    EmployerMatch,
    EmployerResolver,
    normalize_employer,
    resolve_employer,
    resolve_employers_arrow,
)

__all__ = [
    "EmployerMatch",
    "EmployerResolver",
    "normalize_employer",
    "resolve_employer",
    "resolve_employers_arrow",
]
