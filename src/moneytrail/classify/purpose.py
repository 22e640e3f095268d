"""Classify a disbursement's free-text purpose into a spending category.

The rules are data (``purpose_rules.toml``, read once); this module applies them two
ways that must agree: :func:`classify_purpose` for one text, with an explanation, and
:func:`purpose_category_sql` for millions of rows inside DuckDB.

Example::

    >>> decision = classify_purpose("DIGITAL ADS - META")
    >>> decision.category, decision.rule_id, decision.matched
    ('digital_ads', 'digital_ads', 'DIGITAL')
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

RULES_FILE = "purpose_rules.toml"
NO_MATCH = "no_rule_matched"
FEC_CODE_RULE = "fec_category_code"

# Everything but ASCII letters, digits and "&" separates words. Non-ASCII letters left
# after dropping accents become separators too, so DuckDB (which upper-cases Unicode
# differently) and Python see the same words.
_SEPARATORS = r"[^A-Za-z0-9&]+"
_NOT_WORD = re.compile(_SEPARATORS)


def normalize_purpose(text: str | None) -> str:
    """Upper-case ASCII words separated by single spaces; ``&`` is kept (``S&H``).

    >>> normalize_purpose("  Digital ads - Méta/FB ")
    'DIGITAL ADS META FB'
    """
    if not text:
        return ""
    # NFD then dropping combining marks is what DuckDB's strip_accents does.
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_WORD.sub(" ", stripped).upper().strip()


@dataclass(frozen=True)
class Category:
    """A spending category: stable id, label and one-line definition."""

    id: str
    label: str
    definition: str


@dataclass(frozen=True)
class Rule:
    """One ordered rule: any pattern matches and no ``unless`` pattern does."""

    id: str
    category: str
    patterns: tuple[str, ...]
    unless: tuple[str, ...]
    note: str
    source: str | None
    says_nothing: bool  # the text carries no purpose; let the FEC code decide

    @property
    def compiled(self) -> tuple[re.Pattern[str], ...]:
        return _compiled(self.patterns)

    @property
    def compiled_unless(self) -> tuple[re.Pattern[str], ...]:
        return _compiled(self.unless)


@dataclass(frozen=True)
class FecCode:
    """One of the FEC's disbursement category codes and the category it implies."""

    code: str
    category: str
    label: str
    note: str | None


@dataclass(frozen=True)
class RuleSet:
    """The whole rules file, parsed and checked."""

    categories: dict[str, Category]
    rules: tuple[Rule, ...]
    fec_codes: dict[str, FecCode]

    def label(self, category: str) -> str:
        return self.categories[category].label


@dataclass(frozen=True)
class PurposeDecision:
    """Why a purpose text got its category."""

    category: str
    label: str
    rule_id: str  # a rule's id, or NO_MATCH / FEC_CODE_RULE
    matched: str | None  # the text the rule's pattern matched, in normalized form
    span: tuple[int, int] | None  # where ``matched`` sits in ``normalized``
    normalized: str
    explanation: str
    fec_code: str | None = None  # set when the FEC category code decided
    source: str | None = None  # the FEC convention a rule encodes, if any

    def as_dict(self) -> dict[str, Any]:
        """Plain values, for JSON output."""
        return {
            "category": self.category,
            "label": self.label,
            "rule": self.rule_id,
            "matched": self.matched,
            "span": list(self.span) if self.span else None,
            "normalized": self.normalized,
            "fec_code": self.fec_code,
            "explanation": self.explanation,
            "source": self.source,
        }


@cache
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    # re.ASCII: \b and \w mean what they mean in RE2 (ASCII word characters).
    return tuple(re.compile(p, re.ASCII) for p in patterns)


@cache
def load_rules() -> RuleSet:
    """Read and check ``purpose_rules.toml`` (cached)."""
    text = resources.files(__package__).joinpath(RULES_FILE).read_text(encoding="utf-8")
    return parse_rules(tomllib.loads(text))


def parse_rules(data: dict[str, Any]) -> RuleSet:
    """Build a :class:`RuleSet` from the TOML's data, refusing inconsistent rules."""
    categories = {
        c["id"]: Category(c["id"], c["label"], c["definition"]) for c in data["categories"]
    }
    rules: list[Rule] = []
    seen: set[str] = set()
    for raw in data["rules"]:
        rule = Rule(
            id=raw["id"],
            category=raw["category"],
            patterns=tuple(raw["patterns"]),
            unless=tuple(raw.get("unless", ())),
            note=raw["note"],
            source=raw.get("source"),
            says_nothing=bool(raw.get("says_nothing", False)),
        )
        if rule.id in seen or rule.id in (NO_MATCH, FEC_CODE_RULE):
            raise ValueError(f"purpose rule id {rule.id!r} is used twice or reserved")
        if rule.category not in categories:
            raise ValueError(f"purpose rule {rule.id!r}: unknown category {rule.category!r}")
        for pattern in (*rule.patterns, *rule.unless):
            _check_portable(rule.id, pattern)
        rule.compiled  # noqa: B018 - compile now so a bad pattern fails at load
        seen.add(rule.id)
        rules.append(rule)
    codes = {
        code: FecCode(code, v["category"], v["label"], v.get("note"))
        for code, v in data.get("fec_codes", {}).items()
    }
    for code in codes.values():
        if code.category not in categories:
            raise ValueError(f"FEC code {code.code}: unknown category {code.category!r}")
    if "other" not in categories:
        raise ValueError("the purpose categories need an 'other'")
    return RuleSet(categories, tuple(rules), codes)


# Constructs Python's re and RE2 read differently, or that RE2 lacks: look-around,
# named groups in Python's spelling, back-references, \A \Z \z \G \s \S (\d is fine:
# [0-9] in both under re.ASCII), and a quote, which would end the TOML literal string.
_NOT_PORTABLE = re.compile(r"\(\?[=!<]|\(\?P|\\[1-9]|\\[AZzGsS]|'")


def _check_portable(rule_id: str, pattern: str) -> None:
    bad = _NOT_PORTABLE.search(pattern)
    if bad:
        raise ValueError(
            f"purpose rule {rule_id!r}: {bad.group()!r} in {pattern!r} is outside the"
            " subset Python's re and DuckDB's RE2 share"
        )


def _normal_code(code: str | None) -> str | None:
    if code is None:
        return None
    code = code.strip()
    if not code:
        return None
    return code.rjust(3, "0") if len(code) <= 3 else code


def _first_match(rule: Rule, text: str) -> re.Match[str] | None:
    hit = None
    for pattern in rule.compiled:
        hit = pattern.search(text)
        if hit:
            break
    if hit is None:
        return None
    if any(p.search(text) for p in rule.compiled_unless):
        return None
    return hit


def classify_purpose(text: str | None, category_code: str | None = None) -> PurposeDecision:
    """Decide one purpose text's category, saying which rule decided and why.

    ``category_code`` is the FEC's disbursement category code (``"001"``-``"012"``,
    schedule_b.disbursement_purpose_category); it decides only when the text says
    nothing about the purpose.
    """
    rules = load_rules()
    normalized = normalize_purpose(text)
    code = _normal_code(category_code)
    for rule in rules.rules:
        hit = _first_match(rule, normalized)
        if hit is None:
            continue
        matched, span = hit.group(), hit.span()
        if rule.says_nothing:
            fallback = _by_code(rules, code, normalized, f'rule {rule.id} matched "{matched}"')
            if fallback:
                return fallback
        category = rule.category
        why = (
            f'{rules.label(category)} ({category}): rule {rule.id} matched "{matched}"'
            f' in "{normalized}". {rule.note}'
        )
        if rule.says_nothing:
            why += " No FEC category code was given to fall back on."
        return PurposeDecision(
            category,
            rules.label(category),
            rule.id,
            matched,
            span,
            normalized,
            why,
            source=rule.source,
        )
    fallback = _by_code(rules, code, normalized, "no rule matched")
    if fallback:
        return fallback
    what = f'"{normalized}"' if normalized else "an empty purpose"
    return PurposeDecision(
        "other",
        rules.label("other"),
        NO_MATCH,
        None,
        None,
        normalized,
        f"Other (other): no rule matched {what} and no FEC category code was given.",
    )


def _by_code(rules: RuleSet, code: str | None, normalized: str, why: str) -> PurposeDecision | None:
    fec = rules.fec_codes.get(code) if code else None
    if fec is None:
        return None
    note = f" ({fec.note})" if fec.note else ""
    explanation = (
        f"{rules.label(fec.category)} ({fec.category}): the text"
        f' "{normalized}" says nothing about the purpose ({why}), so the FEC category'
        f" code {fec.code} ({fec.label}) decides{note}."
    )
    return PurposeDecision(
        fec.category,
        rules.label(fec.category),
        FEC_CODE_RULE,
        None,
        None,
        normalized,
        explanation,
        fec_code=fec.code,
    )


# ------------------------------------------------------------------ the bulk SQL path


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _alternation(patterns: tuple[str, ...]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


def normalize_purpose_sql(column_sql: str) -> str:
    """DuckDB expression equal to :func:`normalize_purpose` of ``column_sql``."""
    return (
        f"upper(trim(regexp_replace(strip_accents(coalesce({column_sql}, '')),"
        f" {_sql_string(_SEPARATORS)}, ' ', 'g')))"
    )


def _code_case(code_sql: str, rules: RuleSet) -> str:
    trimmed = f"trim(CAST({code_sql} AS VARCHAR))"
    padded = f"CASE WHEN length({trimmed}) <= 3 THEN lpad({trimmed}, 3, '0') ELSE {trimmed} END"
    whens = " ".join(
        f"WHEN {_sql_string(c.code)} THEN {_sql_string(c.category)}"
        for c in rules.fec_codes.values()
    )
    return f"(CASE {padded} {whens} ELSE NULL END)"


def purpose_category_sql(
    column_sql: str, category_code_sql: str | None = None, *, normalized: bool = False
) -> str:
    """A DuckDB expression giving the same category as :func:`classify_purpose`.

    ``column_sql`` is the purpose column (an SQL expression); ``category_code_sql``,
    optional, the FEC category code column. With ``normalized=True`` the column is taken
    to hold :func:`normalize_purpose` output already (as when classifying the distinct
    normalized texts once and joining back, the fast way for millions of rows).

    Example::

        SELECT disbursement_description,
               {purpose_category_sql("disbursement_description",
                                     "disbursement_purpose_category")} AS purpose_category
        FROM schedule_b
    """
    rules = load_rules()
    text = column_sql if normalized else normalize_purpose_sql(column_sql)
    by_code = _code_case(category_code_sql, rules) if category_code_sql else None
    whens: list[str] = []
    for rule in rules.rules:
        condition = f"regexp_matches({text}, {_sql_string(_alternation(rule.patterns))})"
        if rule.unless:
            condition += (
                f" AND NOT regexp_matches({text}, {_sql_string(_alternation(rule.unless))})"
            )
        category = _sql_string(rule.category)
        if rule.says_nothing and by_code:
            category = f"coalesce({by_code}, {category})"
        whens.append(f"WHEN {condition} THEN {category}")
    fallback = f"coalesce({by_code}, 'other')" if by_code else "'other'"
    return "(CASE " + " ".join(whens) + f" ELSE {fallback} END)"


def categories() -> list[Category]:
    """The categories, in the rules file's order."""
    return list(load_rules().categories.values())
