"""Contracts end to end: generation, signing with an SMS code through the API, amendments, access."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from pypdf import PdfReader

from lingong import testing as t
from lingong.accounts import services as accounts
from lingong.accounts.models import OtpCode, User
from lingong.audit.models import AuditEntry
from lingong.contracts import services
from lingong.contracts.models import Contract, ContractSignature
from lingong.contracts.rendering import render_contract_pdf
from lingong.employers.models import Enterprise
from lingong.engagements.models import Engagement
from lingong.notifications.models import Notification
from lingong.notifications.senders import LogSender
from lingong.org.policy import set_policy
from lingong.workflow import chain

API = "/api/v1/contracts"


@pytest.fixture(autouse=True)
def _quick_codes(settings: Any) -> None:
    # Tests ask one person for several codes in a row; the resend window is tested in accounts.
    settings.LINGONG_OTP_RESEND_SECONDS = 0
    settings.LINGONG_OTP_MAX_PER_HOUR = 50


# --- helpers -------------------------------------------------------------------------------------------


def call(
    client: Client, method: str, path: str, user: User | None = None, body: Any = None, **extra: Any
) -> Any:
    headers = {"Authorization": f"Bearer {accounts.issue_token(user=user)}"} if user else {}
    if method == "get":
        return client.get(f"{API}{path}", headers=headers, **extra)
    return client.post(
        f"{API}{path}",
        data=json.dumps(body or {}, default=str),
        content_type="application/json",
        headers=headers,
        **extra,
    )


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content.decode()
    return response.json()


def fails(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.content.decode()
    body = response.json()
    assert set(body) == {"code", "message", "errors"}, body
    assert re.search(r"[\u4e00-\u9fff]", body["message"]), body  # a Chinese message
    if code is not None:
        assert body["code"] == code, body
    return body


def engagement_with_contract(cast: Any, **job: Any) -> tuple[Engagement, Contract]:
    job.setdefault("insurance_required", False)
    engagement = t.make_engagement(cast.worker, cast.employer, days=3, **job)
    contract = services.ensure_documents(services.open_first_version(engagement=engagement, actor=None))
    return engagement, contract


def code_for(client: Client, user: User, contract_id: int, capture: Any) -> str:
    with capture(execute=True):
        ok(call(client, "post", f"/{contract_id}/signing-code", user))
    codes = [
        m["params"]["code"]
        for m in LogSender.outbox
        if m["phone"] == user.phone and m["template"] == "otp_sign"
    ]
    assert codes, LogSender.outbox
    return str(codes[-1])


def sign_via_api(client: Client, user: User, contract: Contract, capture: Any) -> Any:
    code = code_for(client, user, contract.pk, capture)
    with capture(execute=True):  # the request commits: the tasks it queued (signed PDF, cover) run
        return call(
            client,
            "post",
            f"/{contract.pk}/sign",
            user,
            {"code": code, "pdf_sha256": contract.pdf_sha256},
            HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14) 测试手机",
        )


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in reader.pages))


def wrong(code: str) -> str:
    return "000000" if code != "000000" else "111111"


# --- generation ----------------------------------------------------------------------------------------


def test_version_one_is_generated_once_with_the_hash_of_its_exact_bytes(cast: Any) -> None:
    engagement, contract = engagement_with_contract(cast)
    assert contract.version == 1
    assert contract.status == "pending"
    assert contract.pdf_sha256 == hashlib.sha256(bytes(contract.pdf)).hexdigest()
    assert bytes(contract.pdf).startswith(b"%PDF")
    again = services.open_first_version(engagement=engagement, actor=cast.employer)
    assert again.pk == contract.pk
    assert engagement.contracts.count() == 1
    # The stored terms render the same bytes again: the contract can be verified later.
    assert render_contract_pdf(services.terms_from_json(contract.terms)) == bytes(contract.pdf)


def test_pdf_text_names_both_parties_masked_ids_pay_and_period(cast: Any) -> None:
    engagement, contract = engagement_with_contract(cast, pay_amount=Decimal("320.50"))
    text = pdf_text(bytes(contract.pdf))
    enterprise = engagement.enterprise
    worker = engagement.worker
    assert enterprise.name in text
    assert worker.real_name in text
    assert worker.masked_id_number in text
    assert worker.id_number not in text  # never the full ID number
    assert enterprise.credit_code not in text
    assert services._credit_code_masked(enterprise.credit_code) in text
    assert "320.50元/天" in text
    start, end = engagement.start_date, engagement.end_date
    assert f"{start.year}年{start.month:02d}月{start.day:02d}日" in text
    assert f"{end.year}年{end.month:02d}月{end.day:02d}日" in text
    assert "共3日" in text
    assert engagement.job.address in text
    assert cast.market.name in text
    assert "唐山市劳动人事争议仲裁院" in text
    assert "本岗位不要求投保意外伤害保险" in text


def test_terms_for_a_household_insured_construction_job(cast: Any, settings: Any) -> None:
    set_policy(cast.market.pk, insurer_name="测试保险公司")
    engagement = t.make_engagement(
        cast.worker, cast.employer, days=2, insurance_required=True, overtime_rate=Decimal("45")
    )
    Enterprise.objects.filter(pk=engagement.enterprise_id).update(kind="household")
    enterprise = Enterprise.objects.get(pk=engagement.enterprise_id)
    enterprise.contact_id_number = "11010519491231002X"
    enterprise.save()
    engagement.refresh_from_db()
    terms = services.terms_for(engagement)
    assert terms.employer.id_label == "身份证号码"
    assert terms.employer.id_masked == "110***********002X"
    assert terms.worker.id_masked == engagement.worker.masked_id_number
    assert "测试保险公司" in terms.insurance_text
    assert "600,000.00" in terms.insurance_text
    assert "安全帽" in terms.protective_equipment  # a loader driver is site work
    assert "45.00 元" in terms.overtime_text
    assert terms.settlement_cycle_label == "日结"


def test_negotiable_pay_must_be_agreed_before_anyone_signs(
    cast: Any, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    engagement, contract = engagement_with_contract(cast, pay_unit="negotiable", pay_amount=None)
    assert engagement.pay_amount == 0
    assert "待甲方确定" in pdf_text(bytes(contract.pdf))
    body = fails(call(client, "post", f"/{contract.pk}/signing-code", cast.worker.user), 409, "pay_not_set")
    assert "面议" in body["message"]
    new = ok(
        call(client, "post", f"/by-engagement/{engagement.pk}/amend", cast.employer, {"pay_amount": "260"})
    )
    assert new["version"] == 2
    v2 = Contract.objects.get(pk=new["id"])
    assert "260.00元/天" in pdf_text(bytes(v2.pdf))
    ok(sign_via_api(client, cast.worker.user, v2, django_capture_on_commit_callbacks))


# --- signing -------------------------------------------------------------------------------------------


def test_both_parties_sign_and_the_engagement_is_signed(
    cast: Any, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    engagement, contract = engagement_with_contract(cast)
    meta = ok(call(client, "get", f"/{contract.pk}", cast.worker.user))
    assert meta["version"] == 1 and meta["status"] == "pending"
    assert meta["pdf_sha256"] == contract.pdf_sha256
    assert meta["can_sign"] is True and meta["pending_parties"] == ["employer", "worker"]

    after_worker = ok(sign_via_api(client, cast.worker.user, contract, django_capture_on_commit_callbacks))
    assert after_worker["status"] == "pending"
    assert [s["party"] for s in after_worker["signatures"]] == ["worker"]
    assert after_worker["can_sign"] is False
    signature = ContractSignature.objects.get(contract=contract, party="worker")
    assert signature.user == cast.worker.user
    assert signature.ip == "127.0.0.1"
    assert signature.user_agent.startswith("Mozilla/5.0")
    assert signature.pdf_sha256 == contract.pdf_sha256
    assert Notification.objects.filter(user=cast.employer, kind="contract_your_turn").exists()
    engagement.refresh_from_db()
    assert engagement.status == "contract_pending"
    fails(call(client, "get", f"/{contract.pk}/signed.pdf", cast.worker.user), 404)

    done = ok(sign_via_api(client, cast.employer, contract, django_capture_on_commit_callbacks))
    assert done["status"] == "signed"
    assert done["signed_pdf_url"] == f"{API}/{contract.pk}/signed.pdf"
    engagement.refresh_from_db()
    assert engagement.status == "signed"
    assert engagement.signed_at is not None
    contract.refresh_from_db()
    assert contract.status == "signed"
    assert contract.signed_pdf_sha256 == hashlib.sha256(bytes(contract.signed_pdf)).hexdigest()
    actions = list(
        AuditEntry.objects.filter(data__engagement_id=engagement.pk, action__startswith="contract.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "contract.created",
        "contract.rendered",  # the PDF is rendered after the intent commits (a task, or its first reader)
        "contract.signed",
        "contract.signed",
        "contract.completed",
        "contract.signed_rendered",
    ]
    assert AuditEntry.objects.filter(data__engagement_id=engagement.pk, action="engagement.signed").exists()
    assert Notification.objects.filter(user=cast.worker.user, kind="contract_completed").exists()

    signed = call(client, "get", f"/{contract.pk}/signed.pdf", cast.worker.user)
    assert signed.status_code == 200 and signed["Content-Type"] == "application/pdf"
    assert signed.content == bytes(contract.signed_pdf)
    text = pdf_text(signed.content)
    assert "签署记录" in text
    assert contract.pdf_sha256 in text
    assert "127.0.*.*" in text
    assert "127.0.0.1" not in text
    # The unsigned document is still served byte for byte.
    unsigned = call(client, "get", f"/{contract.pk}/pdf", cast.employer)
    assert unsigned.content == bytes(contract.pdf)
    assert hashlib.sha256(unsigned.content).hexdigest() == contract.pdf_sha256


def test_a_wrong_code_is_refused_and_nothing_is_written(
    cast: Any, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    _engagement, contract = engagement_with_contract(cast)
    code = code_for(client, cast.worker.user, contract.pk, django_capture_on_commit_callbacks)
    body = fails(
        call(
            client,
            "post",
            f"/{contract.pk}/sign",
            cast.worker.user,
            {"code": wrong(code), "pdf_sha256": contract.pdf_sha256},
        ),
        422,
        "invalid_input",
    )
    assert "code" in body["errors"]
    assert not ContractSignature.objects.exists()
    assert not AuditEntry.objects.filter(action="contract.signed").exists()
    contract.refresh_from_db()
    assert contract.status == "pending"
    # The wrong guess counts against the code, and the right code still works once.
    otp = OtpCode.objects.get(phone=cast.worker.user.phone, purpose="sign")
    assert otp.attempts == 1 and otp.used_at is None
    ok(
        call(
            client,
            "post",
            f"/{contract.pk}/sign",
            cast.worker.user,
            {"code": code, "pdf_sha256": contract.pdf_sha256},
        )
    )


def test_a_code_for_login_does_not_sign(
    cast: Any, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    _engagement, contract = engagement_with_contract(cast)
    with django_capture_on_commit_callbacks(execute=True):
        accounts.send_otp(phone=cast.worker.user.phone, purpose="login")
    login_code = LogSender.outbox[-1]["params"]["code"]
    fails(
        call(
            client,
            "post",
            f"/{contract.pk}/sign",
            cast.worker.user,
            {"code": login_code, "pdf_sha256": contract.pdf_sha256},
        ),
        422,
    )
    assert not ContractSignature.objects.exists()


def test_signing_a_document_other_than_the_stored_one_is_a_conflict(
    cast: Any, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    _engagement, contract = engagement_with_contract(cast)
    code = code_for(client, cast.worker.user, contract.pk, django_capture_on_commit_callbacks)
    body = fails(
        call(
            client, "post", f"/{contract.pk}/sign", cast.worker.user, {"code": code, "pdf_sha256": "a" * 64}
        ),
        409,
        "document_changed",
    )
    assert body["message"] == "协议内容已更新，请重新查看。"
    assert not ContractSignature.objects.exists()
    assert OtpCode.objects.get(phone=cast.worker.user.phone, purpose="sign").used_at is None


def test_each_party_signs_once(cast: Any, client: Client, django_capture_on_commit_callbacks: Any) -> None:
    _engagement, contract = engagement_with_contract(cast)
    ok(sign_via_api(client, cast.worker.user, contract, django_capture_on_commit_callbacks))
    fails(call(client, "post", f"/{contract.pk}/signing-code", cast.worker.user), 409, "already_signed")
    fails(
        call(
            client,
            "post",
            f"/{contract.pk}/sign",
            cast.worker.user,
            {"code": "123456", "pdf_sha256": contract.pdf_sha256},
        ),
        409,
        "already_signed",
    )
    ok(sign_via_api(client, cast.employer, contract, django_capture_on_commit_callbacks))
    fails(
        call(
            client,
            "post",
            f"/{contract.pk}/sign",
            cast.employer,
            {"code": "123456", "pdf_sha256": contract.pdf_sha256},
        ),
        409,
    )
    assert ContractSignature.objects.filter(contract=contract).count() == 2


def test_third_parties_cannot_see_or_sign(cast: Any, client: Client) -> None:
    engagement, contract = engagement_with_contract(cast)
    body = {"code": "123456", "pdf_sha256": contract.pdf_sha256}
    for outsider in (cast.other_worker.user, cast.other_employer, cast.other_station_staff):
        fails(call(client, "get", f"/{contract.pk}", outsider), 404)
        fails(call(client, "get", f"/{contract.pk}/pdf", outsider), 404)
        fails(call(client, "get", f"/by-engagement/{engagement.pk}", outsider), 404)
        fails(call(client, "post", f"/{contract.pk}/signing-code", outsider), 404)
        fails(call(client, "post", f"/{contract.pk}/sign", outsider, body), 404)
        fails(
            call(client, "post", f"/by-engagement/{engagement.pk}/amend", outsider, {"pay_amount": "1"}), 404
        )
    assert not OtpCode.objects.filter(purpose="sign").exists()
    assert client.get(f"{API}/{contract.pk}/pdf").status_code == 401


def test_staff_can_download_but_not_sign(cast: Any, client: Client) -> None:
    _engagement, contract = engagement_with_contract(cast)
    for staff in (cast.station_staff, cast.centre_staff, cast.admin):
        response = call(client, "get", f"/{contract.pk}/pdf", staff)
        assert response.status_code == 200
        assert response.content == bytes(contract.pdf)
        assert ok(call(client, "get", f"/{contract.pk}", staff))["can_sign"] is False
        fails(call(client, "post", f"/{contract.pk}/signing-code", staff), 403)
        fails(
            call(
                client,
                "post",
                f"/{contract.pk}/sign",
                staff,
                {"code": "123456", "pdf_sha256": contract.pdf_sha256},
            ),
            403,
        )
    assert not OtpCode.objects.filter(purpose="sign").exists()
    assert not ContractSignature.objects.exists()


def test_signing_a_cancelled_engagement_is_refused(
    cast: Any, client: Client, django_capture_on_commit_callbacks: Any
) -> None:

    engagement, contract = engagement_with_contract(cast)
    code = code_for(client, cast.worker.user, contract.pk, django_capture_on_commit_callbacks)
    chain.cancel_engagement(actor=cast.employer, engagement_id=engagement.pk, reason="项目取消")
    fails(
        call(
            client,
            "post",
            f"/{contract.pk}/sign",
            cast.worker.user,
            {"code": code, "pdf_sha256": contract.pdf_sha256},
        ),
        409,
        "invalid_transition",
    )


# --- amendments ----------------------------------------------------------------------------------------


def test_amending_signed_terms_makes_version_two_that_both_sign_again(
    cast: Any, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    engagement, v1 = engagement_with_contract(cast)
    ok(sign_via_api(client, cast.worker.user, v1, django_capture_on_commit_callbacks))
    ok(sign_via_api(client, cast.employer, v1, django_capture_on_commit_callbacks))
    engagement.refresh_from_db()
    assert engagement.status == "signed"

    fails(
        call(
            client, "post", f"/by-engagement/{engagement.pk}/amend", cast.worker.user, {"pay_amount": "500"}
        ),
        403,
    )
    bad = fails(
        call(client, "post", f"/by-engagement/{engagement.pk}/amend", cast.employer, {"daily_hours": "30"}),
        422,
    )
    assert "daily_hours" in bad["errors"]
    fails(call(client, "post", f"/by-engagement/{engagement.pk}/amend", cast.employer, {}), 422)
    assert engagement.contracts.count() == 1

    new_end = engagement.end_date + dt.timedelta(days=2)
    out = ok(
        call(
            client,
            "post",
            f"/by-engagement/{engagement.pk}/amend",
            cast.employer,
            {"pay_amount": "350.00", "end_date": new_end.isoformat()},
        )
    )
    assert out["version"] == 2 and out["status"] == "pending"
    assert out["pending_parties"] == ["employer", "worker"]
    v1.refresh_from_db()
    assert v1.status == "superseded"
    v2 = Contract.objects.get(pk=out["id"])
    assert v2.pdf_sha256 != v1.pdf_sha256
    assert "350.00元/天" in pdf_text(bytes(v2.pdf))
    engagement.refresh_from_db()
    assert engagement.status == "contract_pending"
    assert engagement.pay_amount == Decimal("350.00")
    assert engagement.end_date == new_end
    assert ok(call(client, "get", f"/by-engagement/{engagement.pk}", cast.worker.user))["id"] == v2.pk
    assert Notification.objects.filter(user=cast.worker.user, kind="contract_amended").exists()

    # The old version can no longer be signed; the new one needs both signatures again.
    fails(call(client, "post", f"/{v1.pk}/signing-code", cast.worker.user), 409, "superseded")
    ok(sign_via_api(client, cast.worker.user, v2, django_capture_on_commit_callbacks))
    engagement.refresh_from_db()
    assert engagement.status == "contract_pending"
    ok(sign_via_api(client, cast.employer, v2, django_capture_on_commit_callbacks))
    engagement.refresh_from_db()
    assert engagement.status == "signed"
    # The old version stays downloadable as it was signed.
    old = call(client, "get", f"/{v1.pk}/signed.pdf", cast.worker.user)
    assert old.status_code == 200 and old.content == bytes(v1.signed_pdf)


def test_staff_may_amend_but_not_after_work_started(cast: Any, client: Client) -> None:
    engagement, _v1 = engagement_with_contract(cast)
    ok(
        call(
            client, "post", f"/by-engagement/{engagement.pk}/amend", cast.station_staff, {"daily_hours": "6"}
        )
    )
    Engagement.objects.filter(pk=engagement.pk).update(status="in_progress")
    fails(
        call(client, "post", f"/by-engagement/{engagement.pk}/amend", cast.employer, {"pay_amount": "1"}),
        409,
        "invalid_transition",
    )
    assert engagement.contracts.count() == 2
