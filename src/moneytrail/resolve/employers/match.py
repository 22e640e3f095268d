"""What a resolved employer string is: an organization (with its parent), a recognised
non-organization, or nothing, with the steps that led there."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

DISCOVERED_PREFIX = "n:"

NOT_REPORTED = "NOT_REPORTED"


def discovered_org_id(norm: str) -> str:
    """The stable id of the organization a normalized string names on its own."""
    return DISCOVERED_PREFIX + re.sub(r"[^a-z0-9&]+", "-", norm.lower()).strip("-")


@dataclass(frozen=True)
class EmployerMatch:
    raw: str | None
    normalized: str
    org_id: str | None = None
    org_name: str | None = None
    parent_id: str | None = None
    ultimate_parent_id: str | None = None
    naics: str | None = None
    sector: str | None = None
    non_org: str | None = None
    method: str | None = None  # exact | rule | fuzzy | manual; None when unresolved
    confidence: float = 0.0
    matched: str | None = None  # the alias, variant or pattern that decided
    steps: tuple[str, ...] = field(default=())
    chain: tuple[str, ...] = field(default=())
    sources: tuple[str, ...] = field(default=())  # where the org, parent and NAICS facts come from

    @property
    def resolved(self) -> bool:
        return self.org_id is not None or self.non_org is not None

    @property
    def explanation(self) -> str:
        lines = [f"raw: {self.raw!r}", *(f"  {s}" for s in self.steps)]
        if self.org_id is not None:
            lines.append(
                f"{self.method} match on {self.matched!r} → {self.org_id} ({self.org_name}), "
                f"confidence {self.confidence:.2f}"
            )
            if len(self.chain) > 1:
                lines.append("parents: " + " → ".join(self.chain))
            if self.method == "normalized":
                lines.append(
                    "no known organization matched: an organization of its own (discovered), "
                    "with no parent on record"
                )
            if self.naics is not None:
                lines.append(f"industry: NAICS {self.naics}, sector {self.sector}")
            else:
                lines.append(
                    "no industry read off its name: it holds no trade word of industry_words.toml"
                )
            lines.extend(f"source: {s}" for s in self.sources)
        elif self.non_org is not None:
            lines.append(
                f"{self.method} match on {self.matched!r} → non-organization {self.non_org}, "
                f"confidence {self.confidence:.2f}"
            )
        else:
            lines.append("unresolved: no alias, rule or near-miss matched")
        return "\n".join(lines)
