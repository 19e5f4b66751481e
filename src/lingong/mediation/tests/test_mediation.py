"""Mediation (issue 11, section 2): opening, sessions, the agreement PDF, SMS signing, payments, outcomes,
pages and API refusals."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lingong import apitools as at
from lingong import testing as t
from lingong.accounts.models import Role
from lingong.audit.models import AuditEntry
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError
from lingong.disputes import services as disputes
from lingong.disputes.models import CloseReason, Complaint, ComplaintStatus, Mediator
from lingong.disputes.routing import Relation
from lingong.engagements.models import Engagement
from lingong.mediation import selectors, services
from lingong.mediation.models import (
    CASE_LIFECYCLE,
    Agreement,
    AgreementSignature,
    AgreementStatus,
    CaseStatus,
    MediationCase,
    PaymentTerm,
    TermStatus,
)
from lingong.mediation.rendering import load_template
from lingong.notifications.models import Notification
from lingong.notifications.senders import LogSender
from lingong.org.policy import policy_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings: Any, tmp_path: Path) -> dict[str, Any]:
    settings.VAR_DIR = tmp_path
    market = t.make_market()
    centre_a = t.make_centre(market, "A中心")
    centre_b = t.make_centre(market, "B中心")
    station_a = t.make_station(centre_a, "A驿站")
    station_b = t.make_station(centre_b, "B驿站")
    admin = t.make_staff(Role.MARKET_ADMIN, market)
    worker = t.make_worker(market)
    employer = t.make_employer(market, admin=admin)
    engagement = t.make_engagement(worker, employer)
    Engagement.objects.filter(pk=engagement.pk).update(station=station_a)
    mediator_user = t.make_staff(
        Role.STATION_STAFF, market, centre=centre_a, station=station_a, name="调解员甲"
    )
    mediator = Mediator.objects.create(
        market=market, user=mediator_user, display_name="王调解", station=station_a, centre=centre_a
    )
    complaint = disputes.file_complaint(
        actor=worker.user,
        data=disputes.ComplaintInput(
            kind="unpaid_pay",
            what_happened="干了三天活，老板一直不给工钱。",
            asks_for="结清工钱900元",
            amount_claimed="900",
            engagement_id=engagement.pk,
        ),
    )
    disputes.acknowledge(actor=admin, complaint_id=complaint.pk)
    Complaint.objects.filter(pk=complaint.pk).update(mediator=mediator)
    return {
        "market": market,
        "admin": admin,
        "worker": worker.user,
        "employer": employer,
        "engagement": engagement,
        "complaint": complaint,
        "mediator": mediator,
        "mediator_user": mediator_user,
        "station_b": t.make_staff(Role.STATION_STAFF, market, centre=centre_b, station=station_b),
        "stranger": t.make_worker(market, name="李建国").user,
    }


def opened(world: dict[str, Any]) -> MediationCase:
    return services.open_case(actor=world["mediator_user"], complaint_id=world["complaint"].pk)


def agreement_input(*amounts: str) -> services.AgreementInput:
    today = timezone.localdate()
    return services.AgreementInput(
        facts="劳动者于某日起为用工方提供劳务三天，报酬900元未付。",
        terms_text="用工方同意分期支付拖欠的劳务报酬。\n双方就本纠纷再无其他争议。",
        payments=[
            services.PaymentRow(due_date=today + dt.timedelta(days=7 * (i + 1)), amount=a)
            for i, a in enumerate(amounts or ("500.00", "400.00"))
        ],
    )


def code_for(phone: str) -> str:
    return next(
        str(m["params"]["code"])
        for m in reversed(LogSender.outbox)
        if m["phone"] == phone and "code" in m["params"]
    )


def sign(user: Any, case: MediationCase, capture: Any, *, code: str | None = None) -> services.SignResult:
    with capture(execute=True):
        services.request_signing_code(actor=user, case_id=case.pk)
    agreement = selectors.current_agreement(case)
    assert agreement is not None
    return services.sign_agreement(
        actor=user,
        case_id=case.pk,
        code=code or code_for(user.phone),
        pdf_sha256=agreement.pdf_sha256,
        ip="10.1.2.3",
        user_agent="pytest",
    )


def signed_case(world: dict[str, Any], capture: Any, *amounts: str) -> MediationCase:
    case = opened(world)
    services.draft_agreement(actor=world["mediator_user"], case_id=case.pk, data=agreement_input(*amounts))
    services.send_agreement(actor=world["mediator_user"], case_id=case.pk)
    sign(world["worker"], case, capture)
    sign(world["employer"], case, capture)
    return MediationCase.objects.get(pk=case.pk)


# --- Opening and lifecycle ---------------------------------------------------------------------------


def test_open_sets_complaint_mediating_with_the_case_deadline(world: dict[str, Any]) -> None:
    case = opened(world)
    complaint = Complaint.objects.get(pk=world["complaint"].pk)
    assert complaint.status == ComplaintStatus.MEDIATING
    assert complaint.due_at == case.due_at
    assert case.due_at - case.opened_at == dt.timedelta(days=15)  # policy default mediation_days
    assert Notification.objects.filter(user=world["worker"], kind="mediation_opened").exists()
    assert Notification.objects.filter(user=world["employer"], kind="mediation_opened").exists()
    assert AuditEntry.objects.filter(action="mediation.opened", object_id=str(case.pk)).exists()
    with pytest.raises(ConflictError):  # the complaint is no longer acknowledged
        opened(world)


def test_open_refused_out_of_scope_and_for_a_filed_complaint(world: dict[str, Any]) -> None:
    with pytest.raises(NotFoundError):
        services.open_case(actor=world["station_b"], complaint_id=world["complaint"].pk)
    with pytest.raises(NotFoundError):
        services.open_case(actor=world["worker"], complaint_id=world["complaint"].pk)
    fresh = disputes.file_complaint(
        actor=world["worker"],
        data=disputes.ComplaintInput(
            kind="other", what_happened="x", asks_for="y", engagement_id=world["engagement"].pk
        ),
    )
    with pytest.raises(ConflictError):
        services.open_case(actor=world["admin"], complaint_id=fresh.pk)
    assert not MediationCase.objects.filter(complaint=fresh).exists()


def test_lifecycle_guards() -> None:
    assert CASE_LIFECYCLE.allows(CaseStatus.OPEN, CaseStatus.AGREEMENT_DRAFTED)
    assert CASE_LIFECYCLE.allows(CaseStatus.SIGNED, CaseStatus.FULFILLED)
    assert not CASE_LIFECYCLE.allows(CaseStatus.OPEN, CaseStatus.FULFILLED)
    assert not CASE_LIFECYCLE.allows(CaseStatus.SIGNED, CaseStatus.EXPIRED)
    assert not CASE_LIFECYCLE.allows(CaseStatus.FULFILLED, CaseStatus.FAILED)


def test_sessions_with_attendance_and_notes(world: dict[str, Any]) -> None:
    case = opened(world)
    with pytest.raises(InvalidInput) as bad:
        services.schedule_session(actor=world["mediator_user"], case_id=case.pk, data=services.SessionInput())
    assert set(bad.value.errors) == {"starts_at", "place"}
    session = services.schedule_session(
        actor=world["mediator_user"],
        case_id=case.pk,
        data=services.SessionInput(starts_at=timezone.now() + dt.timedelta(days=1), place="驿站调解室"),
    )
    with pytest.raises(NotFoundError):
        services.schedule_session(
            actor=world["stranger"],
            case_id=case.pk,
            data=services.SessionInput(starts_at=timezone.now(), place="x"),
        )
    services.record_session(
        actor=world["mediator_user"],
        case_id=case.pk,
        session_id=session.pk,
        data=services.SessionRecord(
            worker_came=True, employer_came=False, notes="用工方未到场，电话联系同意下周再谈。"
        ),
    )
    session.refresh_from_db()
    assert session.worker_came is True and session.employer_came is False and session.recorded_at is not None


# --- The agreement ------------------------------------------------------------------------------------


def test_draft_renders_a_chinese_pdf_from_the_versioned_template(world: dict[str, Any]) -> None:
    case = opened(world)
    agreement = services.draft_agreement(
        actor=world["mediator_user"], case_id=case.pk, data=agreement_input()
    )
    pdf = bytes(agreement.pdf)
    assert pdf.startswith(b"%PDF")
    assert agreement.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    assert agreement.template_version == load_template()["version"] == "mediation_agreement_v1"
    assert agreement.total_amount == Decimal("900.00")
    assert [(p.seq, p.amount) for p in PaymentTerm.objects.filter(agreement=agreement)] == [
        (1, Decimal("500.00")),
        (2, Decimal("400.00")),
    ]
    assert (
        agreement.terms["worker"]["id_masked"].count("*") >= 8
        or agreement.terms["worker"]["id_masked"] == "—"
    )
    # A redraft voids the previous version.
    second = services.draft_agreement(
        actor=world["mediator_user"], case_id=case.pk, data=agreement_input("900")
    )
    assert second.version == 2
    assert Agreement.objects.get(pk=agreement.pk).status == AgreementStatus.SUPERSEDED
    assert MediationCase.objects.get(pk=case.pk).status == CaseStatus.AGREEMENT_DRAFTED


def test_draft_bad_input_writes_nothing(world: dict[str, Any]) -> None:
    case = opened(world)
    data = services.AgreementInput(
        facts="", terms_text="x", payments=[services.PaymentRow(due_date="2000-01-01", amount="-5")]
    )
    with pytest.raises(InvalidInput) as bad:
        services.draft_agreement(actor=world["mediator_user"], case_id=case.pk, data=data)
    assert {"facts", "payments.0.due_date", "payments.0.amount"} <= set(bad.value.errors)
    assert not Agreement.objects.exists()


# --- Signing ------------------------------------------------------------------------------------------


def test_signing_wrong_code_right_code_twice_and_stranger(
    world: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    capture = django_capture_on_commit_callbacks
    case = opened(world)
    services.draft_agreement(actor=world["mediator_user"], case_id=case.pk, data=agreement_input())
    with pytest.raises(ConflictError):  # not sent yet
        services.request_signing_code(actor=world["worker"], case_id=case.pk)
    services.send_agreement(actor=world["mediator_user"], case_id=case.pk)
    right = code_for_after_request(world["worker"], case, capture)
    agreement = selectors.current_agreement(case)
    assert agreement is not None
    wrong = "000000" if right != "000000" else "111111"
    with pytest.raises(InvalidInput):
        services.sign_agreement(
            actor=world["worker"],
            case_id=case.pk,
            code=wrong,
            pdf_sha256=agreement.pdf_sha256,
            ip=None,
            user_agent="",
        )
    assert not AgreementSignature.objects.exists()
    with pytest.raises(ConflictError):  # the document the signer saw is not this one
        services.sign_agreement(
            actor=world["worker"], case_id=case.pk, code=right, pdf_sha256="0" * 64, ip=None, user_agent=""
        )
    result = services.sign_agreement(
        actor=world["worker"],
        case_id=case.pk,
        code=right,
        pdf_sha256=agreement.pdf_sha256,
        ip="10.1.2.3",
        user_agent="pytest",
    )
    assert not result.completed and result.signature.pdf_sha256 == agreement.pdf_sha256
    assert Notification.objects.filter(user=world["employer"], kind="mediation_your_turn").exists()
    # The same side again: 409, nothing stored (through the API).
    response = Client().post(
        f"{at.API}/mediations/{case.pk}/agreement/sign",
        data={"code": right, "pdf_sha256": agreement.pdf_sha256},
        content_type="application/json",
        headers=at.bearer(at.token_of(world["worker"])),
    )
    at.error(response, 409, "already_signed")
    assert AgreementSignature.objects.count() == 1
    # Someone who is not a party: 404.
    response = Client().post(
        f"{at.API}/mediations/{case.pk}/agreement/signing-code",
        headers=at.bearer(at.token_of(world["stranger"])),
    )
    at.error(response, 404)
    with pytest.raises(NotFoundError):
        services.sign_agreement(
            actor=world["mediator_user"],
            case_id=case.pk,
            code=right,
            pdf_sha256=agreement.pdf_sha256,
            ip=None,
            user_agent="",
        )


def code_for_after_request(user: Any, case: MediationCase, capture: Any) -> str:
    with capture(execute=True):
        services.request_signing_code(actor=user, case_id=case.pk)
    return code_for(user.phone)


def test_both_signed_gives_a_signed_pdf_and_tells_both(
    world: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    case = signed_case(world, django_capture_on_commit_callbacks)
    assert case.status == CaseStatus.SIGNED and case.signed_at is not None
    agreement = Agreement.objects.get(case=case, status=AgreementStatus.SIGNED)
    signed = bytes(agreement.signed_pdf)
    assert signed.startswith(b"%PDF") and agreement.signed_pdf_sha256 == hashlib.sha256(signed).hexdigest()
    assert signed != bytes(agreement.pdf)
    for user in (world["worker"], world["employer"]):
        assert Notification.objects.filter(user=user, kind="mediation_agreement_signed").exists()
    response = at.get(Client(), f"/mediations/{case.pk}/agreement.pdf", at.token_of(world["worker"]))
    assert response.status_code == 200 and response.content == signed
    # A labour-service case: judicial confirmation within 30 days, with the date.
    note = selectors.confirmation_note(case)
    assert note is not None and "可在协议生效之日起30日内共同向人民法院申请司法确认" in note
    day = timezone.localtime(case.signed_at).date() + dt.timedelta(days=30)
    assert f"{day.year:04d}年{day.month:02d}月{day.day:02d}日" in note


# --- Payments -----------------------------------------------------------------------------------------


def test_missed_payment_task_notifies_the_mediator(
    world: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    case = signed_case(world, django_capture_on_commit_callbacks)
    first = PaymentTerm.objects.get(agreement__case=case, seq=1)
    grace = policy_for(world["market"].pk).agreement_payment_grace_days
    assert services.mark_missed_payments(today=first.due_date + dt.timedelta(days=grace)) == 0
    assert services.mark_missed_payments(today=first.due_date + dt.timedelta(days=grace + 1)) == 1
    first.refresh_from_db()
    assert first.status == TermStatus.MISSED
    note = Notification.objects.get(user=world["mediator_user"], kind="mediation_payment_missed")
    assert note.url == f"/staff/mediations/{case.pk}/"
    assert Notification.objects.filter(user=world["worker"], kind="mediation_payment_missed").exists()
    assert services.mark_missed_payments(today=first.due_date + dt.timedelta(days=30)) == 1  # only the 2nd


def test_all_paid_closes_the_complaint_as_agreement(
    world: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    case = signed_case(world, django_capture_on_commit_callbacks)
    terms = list(PaymentTerm.objects.filter(agreement__case=case).order_by("seq"))
    with pytest.raises(InvalidInput):  # more than the term
        services.record_payment(actor=world["worker"], case_id=case.pk, term_id=terms[0].pk, amount="600")
    with pytest.raises(Exception):  # noqa: B017 - the employer cannot confirm their own payment
        services.record_payment(actor=world["employer"], case_id=case.pk, term_id=terms[0].pk, amount="500")
    services.record_payment(actor=world["worker"], case_id=case.pk, term_id=terms[0].pk, amount="500")
    services.record_payment(
        actor=world["mediator_user"], case_id=case.pk, term_id=terms[1].pk, amount="400.00"
    )
    case.refresh_from_db()
    complaint = Complaint.objects.get(pk=world["complaint"].pk)
    assert case.status == CaseStatus.FULFILLED
    assert complaint.status == ComplaintStatus.CLOSED and complaint.close_reason == CloseReason.AGREEMENT
    assert complaint.amount_recovered == Decimal("900.00")


# --- Outcomes and the next step -----------------------------------------------------------------------


def test_failed_sends_the_complaint_back_with_the_next_step(world: dict[str, Any]) -> None:
    case = opened(world)
    with pytest.raises(InvalidInput):  # a failure needs its reason
        services.set_outcome(actor=world["mediator_user"], case_id=case.pk, outcome="failed")
    with pytest.raises(Exception):  # noqa: B017 - a party cannot declare it failed
        services.set_outcome(actor=world["worker"], case_id=case.pk, outcome="failed", note="x")
    services.set_outcome(
        actor=world["mediator_user"], case_id=case.pk, outcome="failed", note="用工方拒绝调解"
    )
    case = selectors.case_rows().get(pk=case.pk)
    assert case.status == CaseStatus.FAILED
    assert Complaint.objects.get(pk=world["complaint"].pk).status == ComplaintStatus.ACKNOWLEDGED
    note = Notification.objects.get(user=world["worker"], kind="mediation_ended")
    assert "劳务关系" in note.body and "人民法院" in note.body and "劳动仲裁委员会" not in note.body
    page = t_client(world["worker"]).get(f"/me/mediations/{case.pk}/")
    assert page.status_code == 200 and "人民法院" in page.content.decode()
    labour = selectors.next_step(case, Relation.LABOUR)
    assert "劳动人事争议仲裁委员会" in labour.text
    day = timezone.localtime(case.opened_at).date() + dt.timedelta(days=15)
    assert f"{day.year:04d}年{day.month:02d}月{day.day:02d}日" in labour.text
    assert labour.url == reverse("arbitration:start", args=[case.complaint_id])
    # A new case may be opened again on the same complaint.
    assert opened(world).status == CaseStatus.OPEN


def test_long_monthly_engagement_is_left_to_staff(world: dict[str, Any]) -> None:
    engagement = world["engagement"]
    Engagement.objects.filter(pk=engagement.pk).update(
        start_date=timezone.localdate() - dt.timedelta(days=60), settlement_cycle="monthly"
    )
    case = opened(world)
    assert selectors.relation_of(case.complaint) == Relation.UNCLEAR
    step = selectors.next_step(case)
    assert "工作人员认定" in step.text


def test_expire_task_and_withdraw(world: dict[str, Any]) -> None:
    case = opened(world)
    assert services.expire_cases(now=case.due_at - dt.timedelta(minutes=1)) == 0
    assert services.expire_cases(now=case.due_at + dt.timedelta(minutes=1)) == 1
    assert MediationCase.objects.get(pk=case.pk).status == CaseStatus.EXPIRED
    assert Complaint.objects.get(pk=world["complaint"].pk).status == ComplaintStatus.ACKNOWLEDGED
    again = opened(world)
    with pytest.raises(Exception):  # noqa: B017 - only the filer withdraws
        services.set_outcome(actor=world["employer"], case_id=again.pk, outcome="withdrawn")
    services.set_outcome(actor=world["worker"], case_id=again.pk, outcome="withdrawn")
    assert MediationCase.objects.get(pk=again.pk).status == CaseStatus.WITHDRAWN


# --- Pages and API ------------------------------------------------------------------------------------


def t_client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_pages_for_who_may_see_them(world: dict[str, Any]) -> None:
    case = opened(world)
    assert t_client(world["mediator_user"]).get("/staff/mediations/").status_code == 200
    assert t_client(world["mediator_user"]).get(f"/staff/mediations/{case.pk}/").status_code == 200
    assert t_client(world["admin"]).get(f"/staff/mediations/{case.pk}/").status_code == 200
    assert t_client(world["station_b"]).get(f"/staff/mediations/{case.pk}/").status_code == 404
    assert t_client(world["worker"]).get(f"/staff/mediations/{case.pk}/").status_code == 404
    assert t_client(world["worker"]).get(f"/me/mediations/{case.pk}/").status_code == 200
    assert t_client(world["employer"]).get(f"/me/mediations/{case.pk}/").status_code == 200
    assert t_client(world["stranger"]).get(f"/me/mediations/{case.pk}/").status_code == 404
    complaint_page = t_client(world["worker"]).get(f"/me/complaints/{case.complaint_id}/").content.decode()
    assert f"/me/complaints/{case.complaint_id}/mediation/" in complaint_page
    redirect = t_client(world["worker"]).get(f"/me/complaints/{case.complaint_id}/mediation/")
    assert redirect.status_code == 302 and redirect["Location"] == f"/me/mediations/{case.pk}/"


def test_staff_page_drafts_and_sends(world: dict[str, Any]) -> None:
    case = opened(world)
    client = t_client(world["mediator_user"])
    url = f"/staff/mediations/{case.pk}/"
    due = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    bad = client.post(
        url, {"action": "draft", "facts": "", "terms_text": "x", "due_date_0": due, "amount_0": "abc"}
    )
    assert bad.status_code == 422 and not Agreement.objects.exists()
    good = client.post(
        url,
        {"action": "draft", "facts": "事实", "terms_text": "支付900元", "due_date_0": due, "amount_0": "900"},
    )
    assert good.status_code == 302
    assert client.post(url, {"action": "send"}).status_code == 302
    assert Agreement.objects.get().status == AgreementStatus.SENT


def test_api_open_read_and_bad_input(world: dict[str, Any]) -> None:
    token = at.token_of(world["mediator_user"])
    body = at.ok(at.send(Client(), "post", f"/complaints/{world['complaint'].pk}/mediation", token, {}), 201)
    case_id = body["id"]
    assert body["status"] == "open"
    at.error(at.send(Client(), "post", f"/mediations/{case_id}/agreement", token, {"facts": "x"}), 422)
    at.error(
        at.send(
            Client(),
            "post",
            f"/mediations/{case_id}/agreement",
            token,
            {"facts": "事实", "terms_text": "条款", "payments": [{"due_date": "2001-01-01", "amount": "10"}]},
        ),
        422,
    )
    at.error(at.send(Client(), "post", f"/mediations/{case_id}/outcome", token, {"outcome": "won"}), 422)
    assert not Agreement.objects.exists()
    mine = at.ok(at.get(Client(), f"/mediations/{case_id}", at.token_of(world["worker"])))
    assert mine["my_side"] == "worker"
    at.error(at.get(Client(), f"/mediations/{case_id}", at.token_of(world["stranger"])), 404)


def test_party_page_signs_with_a_code_and_shows_payments(
    world: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    case = opened(world)
    services.draft_agreement(actor=world["mediator_user"], case_id=case.pk, data=agreement_input())
    services.send_agreement(actor=world["mediator_user"], case_id=case.pk)
    url = f"/me/mediations/{case.pk}/"
    agreement = selectors.current_agreement(case)
    assert agreement is not None
    for user in (world["worker"], world["employer"]):
        client = t_client(user)
        assert "获取验证码" in client.get(url).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(url, {"action": "request_code"}).status_code == 200
        wrong = client.post(url, {"action": "sign", "code": "12345x", "pdf_sha256": agreement.pdf_sha256})
        assert wrong.status_code == 422
        done = client.post(
            url, {"action": "sign", "code": code_for(user.phone), "pdf_sha256": agreement.pdf_sha256}
        )
        assert done.status_code == 302
    page = t_client(world["worker"]).get(url).content.decode()
    assert "确认收款" in page and "司法确认" in page
    staff_page = t_client(world["mediator_user"]).get(f"/staff/mediations/{case.pk}/").content.decode()
    assert "登记付款" in staff_page
    pdf = t_client(world["employer"]).get(f"/me/mediations/{case.pk}/agreement.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
