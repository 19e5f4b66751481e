"""The dispute router: labour-service cases never go to labour arbitration as if they were labour ones;
the time limits follow DOMAIN-RULES ("Disputes")."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lingong.disputes.routing import (
    Forum,
    Relation,
    RelationFacts,
    add_years,
    arbitration_open_after_mediation,
    classify,
    confirmation_deadline,
    limitation,
    route,
    warning,
)

GIG = RelationFacts(employer_is_household=False, days_engaged=3)


def test_a_platform_gig_is_labour_service_and_goes_to_mediation_or_court() -> None:
    found = classify(GIG)
    assert found.relation == Relation.LABOUR_SERVICE
    way = route(found.relation)
    assert way.forums == [Forum.PEOPLES_MEDIATION, Forum.COURT]
    assert Forum.LABOUR_ARBITRATION not in way.forums
    assert "不归劳动仲裁管" in way.explanation and "30 日内" in way.explanation


def test_a_household_employer_is_never_a_labour_relation() -> None:
    facts = RelationFacts(
        employer_is_household=True,
        days_engaged=400,
        paid_monthly=True,
        under_employer_rules=True,
        part_of_employer_business=True,
        written_labour_contract=True,
    )
    found = classify(facts)
    assert found.relation == Relation.LABOUR_SERVICE
    assert "家庭" in found.reasons[0]


def test_a_pensioner_works_under_labour_service() -> None:
    assert classify(RelationFacts(employer_is_household=False, worker_draws_pension=True)).relation == (
        Relation.LABOUR_SERVICE
    )


def test_a_written_labour_contract_is_a_labour_relation_and_arbitration_comes_before_court() -> None:
    found = classify(RelationFacts(employer_is_household=False, written_labour_contract=True))
    assert found.relation == Relation.LABOUR
    forums = route(found.relation).forums
    assert forums.index(Forum.LABOUR_ARBITRATION) < forums.index(Forum.COURT)


def test_long_managed_monthly_work_is_unclear_and_left_to_staff() -> None:
    facts = RelationFacts(
        employer_is_household=False,
        days_engaged=120,
        paid_monthly=True,
        under_employer_rules=True,
        part_of_employer_business=True,
    )
    found = classify(facts)
    assert found.relation == Relation.UNCLEAR
    assert "120 天" in found.reasons[0] and "工作人员" in found.reasons[1]
    assert route(found.relation).forums == [Forum.PEOPLES_MEDIATION]


@pytest.mark.parametrize(
    ("days", "signs"),
    [(120, {"paid_monthly": True}), (10, {"paid_monthly": True, "under_employer_rules": True})],
)
def test_one_or_two_signs_do_not_make_a_labour_relation(days: int, signs: dict[str, bool]) -> None:
    found = classify(RelationFacts(employer_is_household=False, days_engaged=days, **signs))
    assert found.relation == Relation.LABOUR_SERVICE
    assert "不足以认定" in found.reasons[1]


def test_short_work_is_a_gig_even_with_every_other_sign() -> None:
    facts = RelationFacts(
        employer_is_household=False,
        days_engaged=29,
        paid_monthly=True,
        under_employer_rules=True,
        part_of_employer_business=True,
    )
    assert classify(facts).relation == Relation.LABOUR_SERVICE


def test_time_limits() -> None:
    knew = dt.date(2026, 3, 10)
    assert limitation(Relation.LABOUR_SERVICE, knew_on=knew).deadline == dt.date(2029, 3, 10)
    assert limitation(Relation.LABOUR, knew_on=knew).deadline == dt.date(2027, 3, 10)
    # Pay owed while the labour relation lasts is not time-barred; a year once it ends.
    assert limitation(Relation.LABOUR, knew_on=knew, pay_claim=True).deadline is None
    ended = limitation(Relation.LABOUR, knew_on=knew, pay_claim=True, relation_ended_on=dt.date(2026, 8, 1))
    assert ended.deadline == dt.date(2027, 8, 1)
    # Unclear: the shorter limit, never a promise of three years that may be one.
    assert limitation(Relation.UNCLEAR, knew_on=knew).deadline == dt.date(2027, 3, 10)
    assert confirmation_deadline(dt.date(2026, 12, 4)) == dt.date(2027, 1, 3)
    assert arbitration_open_after_mediation(dt.date(2026, 12, 4)) == dt.date(2026, 12, 19)


def test_29_february_moves_to_28_february_in_a_common_year() -> None:
    assert add_years(dt.date(2028, 2, 29), 1) == dt.date(2029, 2, 28)
    assert add_years(dt.date(2028, 2, 29), 4) == dt.date(2032, 2, 29)


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31)), st.integers(1, 5))
def test_add_years_keeps_month_and_never_moves_later(day: dt.date, years: int) -> None:
    later = add_years(day, years)
    assert (later.year, later.month) == (day.year + years, day.month)
    assert later.day <= day.day and day.day - later.day <= 1


def test_warnings_near_and_past_the_deadline() -> None:
    limit = limitation(Relation.LABOUR, knew_on=dt.date(2026, 3, 10))  # deadline 2027-03-10
    assert warning(limit, dt.date(2026, 6, 1)) is None
    near = warning(limit, dt.date(2027, 2, 28))
    assert near is not None and "还剩 10 天" in near and "2027年03月10日" in near
    assert warning(limit, dt.date(2027, 3, 10)) is not None  # the last day still counts
    past = warning(limit, dt.date(2027, 3, 11))
    assert past is not None and "届满" in past
    assert (
        warning(limitation(Relation.LABOUR, knew_on=dt.date(2026, 1, 1), pay_claim=True), dt.date(2030, 1, 1))
        is None
    )
