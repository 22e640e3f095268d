"""The spending-purpose classifier: decisions, explanations, SQL == Python, accuracy."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from clitools import run_cli

from moneytrail.classify.corpus import (
    distinct_purposes,
    draw_sample,
    real_purposes,
    split_of,
)
from moneytrail.classify.purpose import (
    FEC_CODE_RULE,
    NO_MATCH,
    classify_purpose,
    load_rules,
    normalize_purpose,
    normalize_purpose_sql,
    parse_rules,
    purpose_category_sql,
)

LABELED = Path(__file__).resolve().parents[1] / "src/moneytrail/classify/labeled_purposes.csv"
# Measured: the held-out half's accuracy on the rules' first run over it was 235/241.
HELDOUT_TARGET = 0.95


def _labeled() -> list[dict[str, str]]:
    with LABELED.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize(
    ("text", "category", "rule"),
    [
        ("DIGITAL ADS - META", "digital_ads", "digital_ads"),
        ("Facebook ads", "digital_ads", "digital_ads"),
        ("GOOGLE ADS", "digital_ads", "digital_ads"),
        ("DGTL MEDIA PLACEMENT", "digital_ads", "digital_ads"),
        ("TV AD BUY", "tv_radio", "tv_radio"),
        ("ADV - TV PROD", "tv_radio", "tv_radio"),
        ("RADIO ADS", "tv_radio", "tv_radio"),
        ("MEDIA BUY", "tv_radio", "paid_media_unstated"),
        ("ADVERT", "tv_radio", "paid_media_unstated"),
        ("DIRECT MAIL - PRINTING & POSTAGE", "mail", "mail"),
        ("POSTAGE", "mail", "mail"),
        ("SMS TEXT MESSAGING", "texting_sms", "texting"),
        ("PEER-TO-PEER TEXTING", "texting_sms", "texting"),
        ("PHONE BANKS", "phone_banking", "phone_banking"),
        ("ROBOCALLS", "phone_banking", "phone_banking"),
        ("POLLING", "polling", "polling"),
        ("CANVASSING", "canvassing_field", "canvassing_field"),
        ("FUNDRAISING CONSULTING", "fundraising", "fundraising"),
        ("LIST RENTAL", "fundraising", "list_rental_acquisition"),
        ("CC PROCESSING FEES", "fundraising", "contribution_processing_fees"),
        ("ACTBLUE PROCESSING FEES", "fundraising", "contribution_processing_fees"),
        ("WINRED FEES", "fundraising", "payment_processor_vendor"),
        ("PAYROLL", "payroll_staff", "payroll_staff"),
        ("SALARY", "payroll_staff", "payroll_staff"),
        ("STRATEGIC CONSULTING", "consulting", "consulting"),
        ("TRAVEL/ACCOMMODATION /MEALS", "travel_events", "travel"),
        ("CATERING", "travel_events", "meals_events"),
        ("LEGAL SERVICES", "legal_compliance", "legal_compliance"),
        (
            "CONTRIBUTION TO NON-FEDERAL CANDIDATE",
            "transfers_contributions",
            "contribution_or_donation",
        ),
        ("TRANSFER", "transfers_contributions", "transfer"),
        ("CONTRIBUTION REFUND", "refunds", "refund_of_contribution"),
        ("OFFICE RENT", "other", "office_overhead"),
    ],
)
def test_clear_cases(text: str, category: str, rule: str) -> None:
    decision = classify_purpose(text)
    assert (decision.category, decision.rule_id) == (category, rule)


@pytest.mark.parametrize(
    ("text", "category", "why"),
    [
        # Words that belong to another category than the first one they suggest.
        ("EMPLOYER 401K CONTRIBUTION", "payroll_staff", "a benefit, not a contribution"),
        ("PAYROLL PROCESSING FEE", "payroll_staff", "not contribution processing"),
        ("WIRE TRANSFER FEE", "other", "a bank fee, not a transfer"),
        ("TELEPHONE", "other", "telephone service is not phone banking"),
        ("POLL WORKERS", "canvassing_field", "election-day field work, not polling"),
        ("E-MAIL SERVICE", "other", "e-mail is not mail"),
        ("VENDOR REFUND", "other", "not a contribution refund"),
        ("GOOGLE WORKSPACE", "other", "software, not Google Ads"),
        ("EARMARKED CONTRIBUTION VIA ACTBLUE", "transfers_contributions", "passed on"),
        # Mixed purposes follow the documented priority.
        ("FUNDRAISING DIRECT MAIL", "fundraising", "fundraising beats its channel"),
        ("DONOR DIRECT MAIL EXPENSE", "fundraising", "fundraising beats its channel"),
        ("FUNDRAISING PHONE CALLS", "fundraising", "fundraising beats its channel"),
        ("GOTV PHONE CALLS", "phone_banking", "the channel beats field"),
        ("GOTV CONSULTING", "canvassing_field", "the activity beats consulting"),
        ("DIGITAL CONSULTING", "digital_ads", "the channel beats consulting"),
        ("STAFF SALARIES AND TRAVEL EXPENSES", "payroll_staff", "payroll before travel"),
        ("STAFF ACCOMMODATIONS", "travel_events", "staff lodging is travel"),
        ("CATERING FOR FUNDRAISER", "fundraising", "a fundraiser's catering"),
        ("REIMB - TRAVEL", "travel_events", "the reimbursement names its purpose"),
        ("SEE BELOW PAYROLL", "payroll_staff", "a memo pointer that still names payroll"),
        ("CONTRIBUTION REFUND DISGORGED TO U.S. TREASURY", "refunds", "not treasury services"),
    ],
)
def test_tricky_cases(text: str, category: str, why: str) -> None:
    assert classify_purpose(text).category == category, why


def test_texts_that_say_nothing_fall_back_to_the_fec_code() -> None:
    for text in ("SEE MEMO", "CREDIT CARD PAYMENT", "REIMBURSEMENT", "", None, "MISC"):
        assert classify_purpose(text).category == "other"
    assert classify_purpose("SEE BELOW", "005").category == "polling"
    assert classify_purpose("REIMB", "2").category == "travel_events"  # unpadded code
    assert classify_purpose("", " 003 ").category == "fundraising"
    decision = classify_purpose("CREDIT CARD PAYMENT", "002")
    assert decision.rule_id == FEC_CODE_RULE and decision.fec_code == "002"
    assert "credit_card_payment" in decision.explanation and "002" in decision.explanation
    # An informative text is not overruled by the code, nor is an unknown code used.
    assert classify_purpose("PAYROLL", "002").category == "payroll_staff"
    assert classify_purpose("SEE MEMO", "999").category == "other"
    assert classify_purpose("XYZZY").rule_id == NO_MATCH


def test_explanation_names_rule_and_matched_text() -> None:
    decision = classify_purpose("Digital ads - Meta")
    assert decision.normalized == "DIGITAL ADS META"
    assert decision.matched == "DIGITAL"
    start, end = decision.span or (0, 0)
    assert decision.normalized[start:end] == decision.matched
    assert "digital_ads" in decision.explanation
    assert '"DIGITAL"' in decision.explanation
    assert decision.as_dict()["rule"] == "digital_ads"
    convention = classify_purpose("REIMBURSEMENT")
    assert convention.source and "inadequate" in convention.source


def test_normalize_purpose() -> None:
    assert normalize_purpose("  Travel/Accommodation /Meals ") == "TRAVEL ACCOMMODATION MEALS"
    assert normalize_purpose("Café — S&H") == "CAFE S&H"
    assert normalize_purpose(None) == ""


def test_rules_file_is_consistent() -> None:
    rules = load_rules()
    assert len(rules.categories) == 15
    assert {r.category for r in rules.rules} <= set(rules.categories)
    assert set(rules.fec_codes) == {f"{n:03d}" for n in range(1, 13)}
    with pytest.raises(ValueError, match="subset"):
        parse_rules(
            {
                "categories": [{"id": "other", "label": "Other", "definition": "x"}],
                "rules": [{"id": "r", "category": "other", "patterns": ["(?=A)"], "note": "n"}],
            }
        )


def _sql_categories(texts: list[str | None], codes: list[str | None]) -> list[tuple[str, str]]:
    con = duckdb.connect()
    table = pa.table(
        {
            "i": pa.array(range(len(texts)), pa.int64()),
            "p": pa.array(texts, pa.string()),
            "c": pa.array(codes, pa.string()),
        }
    )
    con.register("t", table)
    sql = f"SELECT {normalize_purpose_sql('p')}, {purpose_category_sql('p', 'c')} FROM t ORDER BY i"
    return [(n, c) for n, c in con.execute(sql).fetchall()]


def test_sql_path_equals_python_path_on_the_labeled_sample() -> None:
    texts = [row["purpose"] for row in _labeled()]
    sql = _sql_categories(texts, [None] * len(texts))
    python = [(classify_purpose(t).normalized, classify_purpose(t).category) for t in texts]
    assert sql == python


def test_sql_path_equals_python_path_on_every_real_purpose(shared_data: Path) -> None:
    rows = real_purposes(shared_data)
    assert len(rows) > 15_000
    texts = [r.purpose for r in rows]
    codes = [r.category_code for r in rows]
    sql = _sql_categories(texts, codes)
    python = [
        (d.normalized, d.category)
        for d in (classify_purpose(t, c) for t, c in zip(texts, codes, strict=True))
    ]
    mismatched = [(t, s, p) for t, s, p in zip(texts, sql, python, strict=True) if s != p]
    assert mismatched == []


def test_sql_path_on_normalized_distinct_texts() -> None:
    con = duckdb.connect()
    sql = purpose_category_sql("'DIGITAL ADS META'", normalized=True)
    assert con.execute(f"SELECT {sql}").fetchone() == ("digital_ads",)


def test_labeled_sample_is_well_formed() -> None:
    rows = _labeled()
    assert len(rows) >= 400
    assert [r["purpose"] for r in rows] == sorted({r["purpose"] for r in rows})
    assert all(normalize_purpose(r["purpose"]) == r["purpose"] for r in rows)
    assert {r["category"] for r in rows} <= set(load_rules().categories)
    splits = [split_of(r["purpose"]) for r in rows]
    assert 200 <= splits.count("heldout") <= 280


def test_labeled_sample_is_the_documented_draw(shared_data: Path) -> None:
    drawn = draw_sample(distinct_purposes(real_purposes(shared_data)))
    assert {g.purpose: g.source for g in drawn} == {r["purpose"]: r["source"] for r in _labeled()}


def _accuracy(split: str) -> float:
    rows = [r for r in _labeled() if split_of(r["purpose"]) == split]
    right = sum(classify_purpose(r["purpose"]).category == r["category"] for r in rows)
    return right / len(rows)


def test_accuracy_on_the_held_out_half() -> None:
    assert _accuracy("heldout") >= HELDOUT_TARGET


def test_accuracy_on_the_dev_half() -> None:
    assert _accuracy("dev") >= HELDOUT_TARGET


def test_cli_explain_purpose(tmp_path: Path) -> None:
    result = run_cli("explain-purpose", "DIGITAL ADS - META", home=tmp_path)
    assert "digital_ads" in result.stdout and "DIGITAL" in result.stdout
    result = run_cli(
        "explain-purpose", "SEE BELOW", "--category-code", "005", "-f", "json", home=tmp_path
    )
    [row] = json.loads(result.stdout)
    assert row["category"] == "polling" and row["fec_code"] == "005"
