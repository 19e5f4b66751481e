"""A reply "1" to an invitation by text message (上行短信, issue 12 §3): the API, handler and command."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from lingong import testing as t
from lingong.jobs.models import Application, ApplicationStatus, Invitation
from lingong.notifications.models import OutboundMessage
from lingong.recruit import services, sms_reply
from lingong.recruit.models import CampaignInvite, InboundOutcome, InboundSms, InviteState
from lingong.recruit.tests import helpers as h

pytestmark = pytest.mark.django_db
URL = "/api/v1/sms/inbound"
SECRET = "test-inbound-secret"


def _post(client: Client, *, message_id: str, phone: str, text: str, secret: str = SECRET) -> Any:
    received_at = timezone.now().isoformat()
    signature = sms_reply.signature_for(
        message_id=message_id, phone=phone, text=text, received_at=received_at, secret=secret
    )
    body = {
        "message_id": message_id,
        "from": phone,
        "text": text,
        "received_at": received_at,
        "signature": signature,
    }
    return client.post(URL, body, content_type="application/json")


def _replies(phone: str) -> list[str]:
    return list(
        OutboundMessage.objects.filter(phone=phone, template="sms_reply").values_list(
            "params__text", flat=True
        )
    )


@pytest.mark.parametrize("text", ["1", "１", " 1 ", "是", "好", "接", "1。"])
def test_yes_replies(text: str) -> None:
    assert sms_reply.is_yes(text)


@pytest.mark.parametrize("text", ["", "11", "2", "不", "不好", "好的谢谢你们", "1号线", "接不了"])
def test_other_replies_are_not_yes(text: str) -> None:
    assert not sms_reply.is_yes(text)


def test_reply_1_answers_the_quick_recruit_invite_once(cast: Any, settings: Any) -> None:
    settings.LINGONG_SMS_INBOUND_SECRET = SECRET
    (worker,) = h.workers_near(cast, 1)
    now = timezone.now()
    campaign = h.start(cast, headcount=1, now=now)
    services.run_wave(campaign_id=campaign.pk, now=now)
    invite = CampaignInvite.objects.get(campaign=campaign, worker=worker)
    assert invite.state == InviteState.INVITED
    client = Client()
    first = _post(client, message_id="m-1", phone=worker.user.phone, text="1")
    assert first.status_code == 200, first.content
    assert first.json() == {"message_id": "m-1", "outcome": "answered", "duplicate": False}
    invite.refresh_from_db()
    assert invite.state == InviteState.OFFERED and invite.channel == "sms"
    assert Application.objects.get(job=campaign.job, worker=worker).status == ApplicationStatus.OFFERED
    # The provider delivers the same message again: nothing happens twice, no second reply.
    again = _post(client, message_id="m-1", phone=worker.user.phone, text="1")
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert InboundSms.objects.count() == 1
    assert Application.objects.filter(worker=worker).count() == 1
    assert OutboundMessage.objects.filter(idempotency_key="sms-reply:m-1").count() == 1
    assert "已录用" in _replies(worker.user.phone)[0]


def test_reply_1_applies_to_the_newest_employer_invitation(cast: Any, settings: Any) -> None:
    settings.LINGONG_SMS_INBOUND_SECRET = SECRET
    job = t.make_job(cast.employer, admin=cast.admin)
    Invitation.objects.create(job=job, worker=cast.worker, invited_by=cast.employer)
    response = _post(Client(), message_id="m-2", phone=cast.worker.user.phone, text="好")
    assert response.json()["outcome"] == InboundOutcome.APPLIED
    application = Application.objects.get(job=job, worker=cast.worker)
    assert application.status == ApplicationStatus.APPLIED
    assert InboundSms.objects.get(message_id="m-2").application == application


def test_an_old_invitation_is_no_longer_open(cast: Any, settings: Any) -> None:
    settings.LINGONG_SMS_INBOUND_SECRET = SECRET
    job = t.make_job(cast.employer, admin=cast.admin)
    old = timezone.now() - dt.timedelta(days=sms_reply.INVITATION_REPLY_DAYS + 1)
    Invitation.objects.create(job=job, worker=cast.worker, invited_by=cast.employer, created_at=old)
    response = _post(Client(), message_id="m-3", phone=cast.worker.user.phone, text="1")
    assert response.json()["outcome"] == InboundOutcome.NOTHING_OPEN
    assert not Application.objects.filter(worker=cast.worker).exists()
    assert "没有可以回复报名的邀请" in _replies(cast.worker.user.phone)[0]


def test_wrong_secret_is_403_and_records_nothing(cast: Any, settings: Any) -> None:
    settings.LINGONG_SMS_INBOUND_SECRET = SECRET
    response = _post(Client(), message_id="m-4", phone=cast.worker.user.phone, text="1", secret="guess")
    assert response.status_code == 403
    assert response.json()["code"] == "bad_signature"
    assert not InboundSms.objects.exists()


def test_a_non_ascii_signature_is_403_not_a_crash(cast: Any, settings: Any) -> None:
    settings.LINGONG_SMS_INBOUND_SECRET = SECRET
    body = {"message_id": "m-x", "from": "13800000000", "text": "1", "received_at": "x", "signature": "签名"}
    response = Client().post(URL, body, content_type="application/json")
    assert response.status_code == 403


def test_no_secret_configured_refuses_everything(cast: Any, settings: Any) -> None:
    settings.LINGONG_SMS_INBOUND_SECRET = ""
    response = _post(Client(), message_id="m-5", phone=cast.worker.user.phone, text="1", secret="")
    assert response.status_code == 403


def test_unknown_phone_and_other_text_get_an_explanation(cast: Any, settings: Any) -> None:
    settings.LINGONG_SMS_INBOUND_SECRET = SECRET
    unknown = _post(Client(), message_id="m-6", phone="13912345678", text="1")
    assert unknown.json()["outcome"] == InboundOutcome.UNKNOWN_PHONE
    assert "尚未注册" in _replies("13912345678")[0]
    other = _post(Client(), message_id="m-7", phone=cast.worker.user.phone, text="明天几点？")
    assert other.json()["outcome"] == InboundOutcome.NOT_UNDERSTOOD
    assert "回复数字1" in _replies(cast.worker.user.phone)[0]


def test_a_refused_application_is_explained_and_leaves_no_row(cast: Any, settings: Any) -> None:
    settings.LINGONG_SMS_INBOUND_SECRET = SECRET
    job = t.make_job(cast.employer, admin=cast.admin, certificates_required=["special_equipment_forklift"])
    Invitation.objects.create(job=job, worker=cast.worker, invited_by=cast.employer)
    response = _post(Client(), message_id="m-8", phone=cast.worker.user.phone, text="1")
    assert response.json()["outcome"] == InboundOutcome.REFUSED
    assert not Application.objects.filter(worker=cast.worker).exists()
    assert "没能为您报名" in _replies(cast.worker.user.phone)[0]


def test_bad_received_at_is_422(cast: Any, settings: Any) -> None:
    settings.LINGONG_SMS_INBOUND_SECRET = SECRET
    signature = sms_reply.signature_for(
        message_id="m-9", phone="13800000000", text="1", received_at="yesterday", secret=SECRET
    )
    body = {
        "message_id": "m-9",
        "from": "13800000000",
        "text": "1",
        "received_at": "yesterday",
        "signature": signature,
    }
    response = Client().post(URL, body, content_type="application/json")
    assert response.status_code == 422


def test_the_command_feeds_the_same_handler(cast: Any, capsys: Any) -> None:
    job = t.make_job(cast.employer, admin=cast.admin)
    Invitation.objects.create(job=job, worker=cast.worker, invited_by=cast.employer)
    call_command("sms_reply", cast.worker.user.phone, "1", "--message-id", "cli-1")
    call_command("sms_reply", cast.worker.user.phone, "1", "--message-id", "cli-1")
    out = capsys.readouterr().out
    assert "已报名" in out and "重复投递" in out
    assert Application.objects.filter(job=job, worker=cast.worker).count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_message_delivered_five_times_at_once_applies_once(cast: Any) -> None:
    """The provider retries while the first delivery is still being handled: the message id's unique row
    makes the others duplicates (one application, one reply)."""
    job = t.make_job(cast.employer, admin=cast.admin)
    Invitation.objects.create(job=job, worker=cast.worker, invited_by=cast.employer)
    phone = cast.worker.user.phone
    barrier = threading.Barrier(5)
    outcomes: list[str] = []
    lock = threading.Lock()

    def deliver() -> None:
        try:
            barrier.wait(timeout=30)
            result = sms_reply.handle_inbound(
                message_id="same-1", phone=phone, text="1", received_at=timezone.now()
            )
            outcome = "duplicate" if result.duplicate else result.inbound.outcome
        except Exception as exc:  # pragma: no cover - reported in the assertion below
            outcome = f"crash:{type(exc).__name__}:{exc}"
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=deliver) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["applied", *["duplicate"] * 4], outcomes
    assert Application.objects.filter(job=job, worker=cast.worker).count() == 1
    assert InboundSms.objects.filter(message_id="same-1").count() == 1
    assert OutboundMessage.objects.filter(idempotency_key="sms-reply:same-1").count() == 1
