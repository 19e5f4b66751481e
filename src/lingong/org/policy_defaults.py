"""The market policy's fields, their defaults (the values the platform used before policy lived on the
Market) and their allowed ranges. Pure data: the model, the accessor and the forms all read it from here."""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Policy:
    """The business rules one market sets. A plain value: safe to cache and to pass around."""

    # Attendance
    no_show_minutes: int = 30  # minutes after a shift starts before a missing check-in is a no-show
    geofence_meters: int = 500  # check-ins farther from the site are accepted but flagged for review
    late_cancel_hours: int = 24  # a worker cancelling closer to the first shift is a late cancellation
    # A check-out that would record fewer paid hours than this asks the worker to confirm first.
    min_shift_hours: Decimal = Decimal("0.50")
    # Settlement
    arrears_grace_days: int = 3  # days after a settlement cycle before unpaid work flags the employer
    vat_threshold_per_day: Decimal = Decimal("500.00")  # below it per day a receipt serves, not an invoice
    max_pay: Decimal = Decimal("100000.00")  # the largest pay amount a form accepts
    # Insurance (per person-day)
    insurance_premium_per_day: Decimal = Decimal("3.00")
    insurance_death_disability_sum: Decimal = Decimal("600000.00")
    insurance_medical_sum: Decimal = Decimal("50000.00")
    insurer_name: str = "零工市场合作保险机构（本地模拟）"
    # Ratings
    rating_edit_days: int = 7
    rating_prior_mean: Decimal = Decimal("4.0")
    rating_prior_weight: int = 5
    # Quick recruitment in waves
    over_invite_factor: Decimal = Decimal("2.0")  # invite this many workers per open place in each wave
    wave_interval_minutes: int = 5  # minutes between waves
    radius_cap_km: int = 30  # the widest radius the waves grow to
    quick_recruit_start_radius_km: int = 3  # the radius of the first wave (each later wave doubles it)
    quick_recruit_offer_minutes: int = 15  # an offer made by a campaign lapses unanswered after this
    # Review of postings and enterprises. The clocks run in wall-clock hours, nights and weekends included:
    # an urgent job posted on Saturday evening is needed on Sunday, so its review cannot wait for Monday.
    review_sla_urgent_hours: int = 2  # an urgent posting ("today / tomorrow") is reviewed within this
    review_sla_hours: int = 24  # any other posting, and a post-publication check, within this
    verification_sla_hours: int = 48  # an enterprise's verification (licence checks take longer)
    # Publish at once, review afterwards: a verified employer with a clean record whose posting passes the
    # risk check opens at once and waits in the post-publication queue (jobs.selectors.auto_publish_blockers)
    auto_publish_enabled: bool = True
    auto_publish_history_days: int = 30  # verified this long, and nothing rejected or taken down in it
    # Screening postings for fakes and fee scams (jobs.screening): a risk score 0-100 at or above the hold
    # score holds the posting for staff review; at or above the flag score it publishes with a flag.
    # `python manage.py screening_calibration` suggests values from staff decisions.
    screening_hold_score: int = 50
    screening_flag_score: int = 25
    # Personal-data rights (PIPL arts. 44-50; DOMAIN-RULES: answered within 30 days): a request for a copy,
    # a correction or deletion is answered within this many calendar days.
    rights_request_sla_days: int = 15
    # Invitations: an employer (all its members together) invites at most this many workers a day (the
    # market's local calendar day), so a taken-over account cannot flood workers' phones with SMS.
    invitations_per_employer_per_day: int = 50
    # Complaints and mediation (DOMAIN-RULES "Disputes": acknowledge within 1 working day, close mediation
    # within 15 days). An overdue complaint moves up station -> centre -> market admin, one level each time
    # it stays overdue this many hours at its level.
    complaint_ack_working_days: int = 1
    mediation_days: int = 15
    complaint_escalation_hours: int = 24
    # A payment term of a mediation agreement still unpaid this many days after its date is missed.
    agreement_payment_grace_days: int = 1
    limitation_warning_days: int = 90  # warn a party this many days before a limitation period runs out
    consultation_reminder_hours: int = 24  # remind a booked legal consultation this many hours before
    # Skills and training (issue 13): the skill-gap analysis counts workers within this radius of a place;
    # an order-based course keeps its promise when graduates are hired by the ordering employers within
    # this many days of passing.
    skill_gap_radius_km: int = 10
    training_hire_window_days: int = 30
    # Housekeeping (家政, issue 13): an offer to a worker lapses unanswered after this many minutes and goes
    # to the next; dispatch looks this far from the address; a household cancels free until this many
    # hours before the visit and pays this share of the price after; recurring plans create visits this
    # many days ahead.
    housekeeping_offer_minutes: int = 10
    housekeeping_radius_km: int = 10
    housekeeping_free_cancel_hours: int = 24
    housekeeping_cancel_fee_percent: Decimal = Decimal("20.00")
    housekeeping_recurring_horizon_days: int = 14
    version: int = 0  # 0: no policy row yet (the defaults); each saved change adds one


DEFAULT_POLICY = Policy()

# Inclusive (minimum, maximum) of each editable field.
RANGES: dict[str, tuple[Any, Any]] = {
    "no_show_minutes": (5, 24 * 60),
    "geofence_meters": (50, 50_000),
    "late_cancel_hours": (0, 24 * 14),
    "min_shift_hours": (Decimal("0.00"), Decimal("8.00")),
    "arrears_grace_days": (0, 90),
    "vat_threshold_per_day": (Decimal("0.00"), Decimal("100000.00")),
    "max_pay": (Decimal("1.00"), Decimal("10000000.00")),
    "insurance_premium_per_day": (Decimal("0.00"), Decimal("1000.00")),
    "insurance_death_disability_sum": (Decimal("0.00"), Decimal("100000000.00")),
    "insurance_medical_sum": (Decimal("0.00"), Decimal("100000000.00")),
    "rating_edit_days": (0, 90),
    "rating_prior_mean": (Decimal("1.0"), Decimal("5.0")),
    "rating_prior_weight": (0, 1000),
    "over_invite_factor": (Decimal("1.0"), Decimal("10.0")),
    "wave_interval_minutes": (1, 120),
    "radius_cap_km": (1, 200),
    "quick_recruit_start_radius_km": (1, 50),
    "quick_recruit_offer_minutes": (1, 240),
    "review_sla_urgent_hours": (1, 72),
    "review_sla_hours": (1, 24 * 14),
    "verification_sla_hours": (1, 24 * 14),
    "auto_publish_history_days": (0, 365),
    "screening_hold_score": (1, 101),
    "screening_flag_score": (1, 101),
    "rights_request_sla_days": (1, 30),
    "invitations_per_employer_per_day": (0, 1000),
    "complaint_ack_working_days": (1, 10),
    "mediation_days": (1, 60),
    "complaint_escalation_hours": (1, 24 * 7),
    "agreement_payment_grace_days": (0, 30),
    "limitation_warning_days": (7, 365),
    "consultation_reminder_hours": (1, 72),
    "skill_gap_radius_km": (1, 100),
    "training_hire_window_days": (1, 365),
    "housekeeping_offer_minutes": (1, 240),
    "housekeeping_radius_km": (1, 100),
    "housekeeping_free_cancel_hours": (0, 24 * 7),
    "housekeeping_cancel_fee_percent": (Decimal("0.00"), Decimal("100.00")),
    "housekeeping_recurring_horizon_days": (1, 90),
}

# On/off rules: stored as booleans, no range.
BOOLEAN_FIELDS: frozenset[str] = frozenset({"auto_publish_enabled"})

EDITABLE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Policy) if f.name != "version")
