"""The log-only sender logs no phone number and no code; the demo shows codes on its simulated phone."""

from __future__ import annotations

import logging

import pytest
from django.test import Client, override_settings

from lingong.logscan import findings
from lingong.notifications.senders import LogSender

pytestmark = pytest.mark.django_db


def test_the_log_sender_writes_a_masked_phone_and_no_parameters(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="lingong.sms"):
        LogSender().send(phone="13812345678", template="otp_login", params={"code": "482913"})
    assert caplog.records, "the sender still says what it did"
    assert findings(caplog.text) == []
    assert "138****5678" in caplog.text and "otp_login" in caplog.text


def test_the_demo_phone_page_shows_a_login_code_for_the_number_asked(
    client: Client, cast, django_capture_on_commit_callbacks
) -> None:
    phone = cast.worker.user.phone
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/login/sms/", {"phone": phone, "send": "1"})
    assert response.status_code == 200
    assert "在模拟手机上查看验证码" in response.content.decode()
    code = LogSender.outbox[-1]["params"]["code"]

    page = client.get("/inbox/demo-sms/", {"phone": phone}).content.decode()
    assert code in page
    other = client.get("/inbox/demo-sms/", {"phone": "13700000000"}).content.decode()
    assert code not in other and "最近没有收到验证码" in other


@override_settings(LINGONG_SMS_SENDER="lingong.bench.file_sender.FileSender")
def test_the_demo_phone_page_does_not_exist_with_a_real_sender(client: Client) -> None:
    assert client.get("/inbox/demo-sms/", {"phone": "13812345678"}).status_code == 404
