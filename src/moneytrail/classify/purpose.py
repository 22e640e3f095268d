"""Classify a disbursement's free-text purpose into a spending category."""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^A-Z0-9&]+")


def normalize_purpose(text: str | None) -> str:
    """Upper case ASCII words separated by single spaces; ``&`` is kept (``S&H``)."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).upper()
    return _NOT_WORD.sub(" ", folded).strip()
