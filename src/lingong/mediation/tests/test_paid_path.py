"""The wage path (issue 11, sections 1 and 2): the employer pays the overdue statement on the platform, the
arrears flag resolves and the wage complaint closes as PAID in the payment's transaction; its active
mediation case ends in that same transaction (fulfilled when an agreement was signed, settled when not).
The other way round (every agreement term paid: AGREEMENT) and the PAID path yield to each other."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from lingong.audit.models import AuditEntry
from lingong.disputes import services as disputes
from lingong.disputes.models import CloseReason, Complaint, ComplaintStatus, Mediator
from lingong.mediation import services
from lingong.mediation.models import (
    CASE_LIFECYCLE,
    Agreement,
    AgreementStatus,
    CaseStatus,
    MediationCase,
    Outcome,
    PaymentTerm,
    TermStatus,
)
from lingong.mediation.tests.test_mediation import agreement_input, sign
from lingong.notifications.models import Notification
from lingong.settlement import services as settlement_services
from lingong.settlement.models import ArrearsFlag, ArrearsStatus, Statement
from lingong.settlement.tests.helpers import key, next_month_day, signed_engagement, work_shift
from lingong.workflow.tests.helpers import pay_now

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def path(cast: Any, settings: Any, tmp_path: Path) -> dict[str, Any]:
    """A worked day left unpaid past its due date (the flag is open), its statement issued, a wage
    complaint acknowledged and given to a mediator, and mediation opened."""
    settings.VAR_DIR = tmp_path
    engagement = signed_engagement(cast, days=2, pay_amount=D("300"), settlement_cycle="daily")
    work_shift(cast, engagement.shifts.order_by("date").first())
    settlement_services.detect_arrears(today=next_month_day(2) + dt.timedelta(days=30))
    statement = settlement_services.settle(
        actor=cast.employer, engagement_id=engagement.pk, idempotency_key=key()
    )
    complaint = disputes.file_complaint(
        actor=cast.worker.user,
        data=disputes.ComplaintInput(
            kind="unpaid_pay",
            what_happened="干了一天活，老板一直不给工钱。",
            asks_for="结清工钱",
            engagement_id=engagement.pk,
        ),
    )
    disputes.acknowledge(actor=cast.admin, complaint_id=complaint.pk)
    mediator = Mediator.objects.create(
        market=cast.market,
        user=cast.station_staff,
        display_name="王调解",
        station=cast.station,
        centre=cast.centre,
    )
    disputes.assign(actor=cast.admin, complaint_id=complaint.pk, mediator_id=mediator.pk)
    case = services.open_case(actor=cast.station_staff, complaint_id=complaint.pk)
    return {
        "cast": cast,
        "engagement": engagement,
        "statement": statement,
        "complaint": complaint,
        "case": case,
        "mediator_user": cast.station_staff,
        "worker": cast.worker.user,
        "employer": cast.employer,
    }


def _agreement(path: dict[str, Any], capture: Any, *amounts: str, signers: tuple[Any, ...]) -> None:
    case, mediator = path["case"], path["mediator_user"]
    services.draft_agreement(actor=mediator, case_id=case.pk, data=agreement_input(*amounts))
    services.send_agreement(actor=mediator, case_id=case.pk)
    for user in signers:
        sign(user, case, capture)


def _pay(path: dict[str, Any]) -> None:
    pay_now(actor=path["employer"], statement_id=path["statement"].pk, idempotency_key=key())


def test_lifecycle_settles_only_an_unsigned_case() -> None:
    assert CASE_LIFECYCLE.allows(CaseStatus.OPEN, CaseStatus.SETTLED)
    assert CASE_LIFECYCLE.allows(CaseStatus.AGREEMENT_DRAFTED, CaseStatus.SETTLED)
    assert not CASE_LIFECYCLE.allows(CaseStatus.SIGNED, CaseStatus.SETTLED)


def test_the_payment_fulfils_a_signed_case(
    path: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    _agreement(
        path,
        django_capture_on_commit_callbacks,
        "100.00",
        "200.00",
        signers=(path["worker"], path["employer"]),
    )
    first = PaymentTerm.objects.get(agreement__case=path["case"], seq=1)
    services.record_payment(actor=path["worker"], case_id=path["case"].pk, term_id=first.pk, amount="40")

    _pay(path)

    flag = ArrearsFlag.objects.get(engagement=path["engagement"])
    complaint = Complaint.objects.get(pk=path["complaint"].pk)
    case = MediationCase.objects.get(pk=path["case"].pk)
    assert flag.status == ArrearsStatus.RESOLVED
    assert complaint.status == ComplaintStatus.CLOSED and complaint.close_reason == CloseReason.PAID
    assert complaint.amount_recovered == Statement.objects.get(pk=path["statement"].pk).net
    assert case.status == CaseStatus.FULFILLED and case.outcome == Outcome.AGREEMENT
    assert case.closed_at is not None and "平台" in case.outcome_note
    terms = list(PaymentTerm.objects.filter(agreement__case=case).order_by("seq"))
    assert [(t.status, t.paid_amount) for t in terms] == [
        (TermStatus.PAID, D("100.00")),
        (TermStatus.PAID, D("200.00")),
    ]
    # Each term the payment settled is in the trail with what was still due on it.
    paid = AuditEntry.objects.filter(action="mediation_payment.paid").order_by("pk")
    assert [(e.data["amount"], e.data["by"]) for e in paid] == [
        ("60.00", "platform_payment"),
        ("200.00", "platform_payment"),
    ]
    assert AuditEntry.objects.filter(action="mediation.fulfilled", object_id=str(case.pk)).count() == 1
    assert AuditEntry.objects.filter(action="complaint.closed", object_id=str(complaint.pk)).count() == 1
    assert Notification.objects.filter(user=path["mediator_user"], kind="mediation_fulfilled").exists()
    assert Notification.objects.filter(user=path["worker"], kind="mediation_fulfilled").exists()


def test_the_payment_settles_a_case_without_a_signed_agreement(
    path: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    # Sent for signing; only the worker signed.
    _agreement(path, django_capture_on_commit_callbacks, "300.00", signers=(path["worker"],))

    _pay(path)

    case = MediationCase.objects.get(pk=path["case"].pk)
    complaint = Complaint.objects.get(pk=path["complaint"].pk)
    assert complaint.status == ComplaintStatus.CLOSED and complaint.close_reason == CloseReason.PAID
    assert case.status == CaseStatus.SETTLED and case.outcome == Outcome.PAID and case.closed_at is not None
    assert Agreement.objects.get(case=case).status == AgreementStatus.SUPERSEDED
    assert AuditEntry.objects.filter(action="mediation.settled", object_id=str(case.pk)).exists()
    for user in (path["worker"], path["employer"], path["mediator_user"]):
        assert Notification.objects.filter(user=user, kind="mediation_settled").exists(), user
    # Nothing is left to sign or to mediate.
    with pytest.raises(Exception):  # noqa: B017 - the sent version is void
        sign(path["employer"], case, django_capture_on_commit_callbacks)


def test_an_open_case_with_no_agreement_is_settled_too(path: dict[str, Any]) -> None:
    _pay(path)
    case = MediationCase.objects.get(pk=path["case"].pk)
    assert case.status == CaseStatus.SETTLED
    assert Complaint.objects.get(pk=path["complaint"].pk).close_reason == CloseReason.PAID


def test_agreement_kept_first_then_the_statement_is_paid(
    path: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    _agreement(path, django_capture_on_commit_callbacks, "300.00", signers=(path["worker"], path["employer"]))
    term = PaymentTerm.objects.get(agreement__case=path["case"])
    services.record_payment(actor=path["worker"], case_id=path["case"].pk, term_id=term.pk, amount="300")
    complaint = Complaint.objects.get(pk=path["complaint"].pk)
    assert complaint.status == ComplaintStatus.CLOSED and complaint.close_reason == CloseReason.AGREEMENT

    _pay(path)  # the flag resolves; the closed complaint and the fulfilled case are left as they are

    assert ArrearsFlag.objects.get(engagement=path["engagement"]).status == ArrearsStatus.RESOLVED
    complaint.refresh_from_db()
    assert complaint.close_reason == CloseReason.AGREEMENT
    assert MediationCase.objects.get(pk=path["case"].pk).status == CaseStatus.FULFILLED
    assert AuditEntry.objects.filter(action="complaint.closed", object_id=str(complaint.pk)).count() == 1


def test_the_agreement_path_yields_to_a_complaint_closed_already(
    path: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    _agreement(path, django_capture_on_commit_callbacks, "300.00", signers=(path["worker"], path["employer"]))
    cast = path["cast"]
    disputes.close_by_staff(
        actor=cast.admin, complaint_id=path["complaint"].pk, reason="resolved", resolution="双方已协商解决"
    )
    assert MediationCase.objects.get(pk=path["case"].pk).status == CaseStatus.SIGNED  # left to track

    term = PaymentTerm.objects.get(agreement__case=path["case"])
    services.record_payment(actor=path["worker"], case_id=path["case"].pk, term_id=term.pk, amount="300")

    assert MediationCase.objects.get(pk=path["case"].pk).status == CaseStatus.FULFILLED
    complaint = Complaint.objects.get(pk=path["complaint"].pk)
    assert complaint.status == ComplaintStatus.CLOSED and complaint.close_reason == CloseReason.RESOLVED


def test_staff_open_mediation_from_the_complaint_page(cast: Any, settings: Any, tmp_path: Path) -> None:
    """Staff who assigned a mediator open the mediation from the complaint's staff page (the mediator's
    own list is not theirs), and the page links to the case afterwards."""
    from django.test import Client

    settings.VAR_DIR = tmp_path
    engagement = signed_engagement(cast, days=2, pay_amount=D("300"), settlement_cycle="daily")
    complaint = disputes.file_complaint(
        actor=cast.worker.user,
        data=disputes.ComplaintInput(
            kind="unpaid_pay", what_happened="没给工钱。", asks_for="结清", engagement_id=engagement.pk
        ),
    )
    disputes.acknowledge(actor=cast.admin, complaint_id=complaint.pk)
    mediator = Mediator.objects.create(market=cast.market, user=cast.station_staff, display_name="王调解")
    disputes.assign(actor=cast.admin, complaint_id=complaint.pk, mediator_id=mediator.pk)
    client = Client()
    client.force_login(cast.admin)
    page = client.get(f"/staff/complaints/{complaint.pk}/").content.decode()
    assert 'data-testid="open-mediation"' in page and f"/staff/mediations/open/{complaint.pk}/" in page
    response = client.post(f"/staff/mediations/open/{complaint.pk}/")
    case = MediationCase.objects.get(complaint=complaint)
    assert response.status_code == 302 and response["Location"] == f"/staff/mediations/{case.pk}/"
    assert case.mediator_id == mediator.pk and case.opened_by_id == cast.admin.pk
    page = client.get(f"/staff/complaints/{complaint.pk}/").content.decode()
    assert 'data-testid="open-mediation"' not in page
    link = client.get(f"/me/complaints/{complaint.pk}/mediation/")
    assert link.status_code == 302 and link["Location"] == f"/staff/mediations/{case.pk}/"


def test_a_complaint_closed_by_staff_ends_an_unsigned_case(
    path: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    _agreement(path, django_capture_on_commit_callbacks, "300.00", signers=())  # drafted and sent, unsigned
    disputes.close_by_staff(
        actor=path["cast"].admin,
        complaint_id=path["complaint"].pk,
        reason="no_basis",
        resolution="经核实不予支持",
    )
    case = MediationCase.objects.get(pk=path["case"].pk)
    assert case.status == CaseStatus.ENDED and case.outcome == Outcome.CLOSED
    assert case.closed_at is not None and "不予支持" in case.outcome_note
    assert not Agreement.objects.filter(case=case, status__in=[AgreementStatus.DRAFT, AgreementStatus.SENT])
    assert Notification.objects.filter(user=path["worker"], kind="mediation_ended").exists()
    assert Notification.objects.filter(user=path["mediator_user"], kind="mediation_ended").exists()
    assert AuditEntry.objects.filter(action="mediation.ended", object_id=str(case.pk)).count() == 1


def test_the_filer_withdrawing_the_complaint_ends_the_case_as_withdrawn(path: dict[str, Any]) -> None:
    disputes.withdraw(actor=path["worker"], complaint_id=path["complaint"].pk, note="已私下解决")
    case = MediationCase.objects.get(pk=path["case"].pk)
    assert case.status == CaseStatus.ENDED and case.outcome == Outcome.WITHDRAWN
    assert Complaint.objects.get(pk=path["complaint"].pk).close_reason == CloseReason.WITHDRAWN
