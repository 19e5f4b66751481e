"""Password login lock-out (django-axes): pages and API alike, per phone and client address, the same
answer for a phone that is not registered, and open again after the cool-off."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.utils import timezone

from lingong import testing as t
from lingong.accounts.lockout import lockout_message
from lingong.apitools import error, ok, send
from lingong.pagetools import field_errors

pytestmark = pytest.mark.django_db

LOGIN_PAGE = "/accounts/login/"
UNKNOWN = "13799990000"


def _page_login(client: Client, phone: str, password: str) -> tuple[int, str]:
    response = client.post(LOGIN_PAGE, {"phone": phone, "password": password})
    return response.status_code, response.content.decode()


def _api_login(client: Client, phone: str, password: str):  # type: ignore[no-untyped-def]
    return send(client, "post", "/auth/login", body={"phone": phone, "password": password})


def _fail_page(client: Client, phone: str) -> tuple[int, str]:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        status, html = _page_login(client, phone, "wrong-password-1")
        assert status == 200 and "手机号或密码不正确" in field_errors(html)
    return _page_login(client, phone, "wrong-password-1")


def test_page_locks_a_phone_after_the_limit_even_with_the_right_password(cast) -> None:
    client = Client()
    phone = cast.worker.user.phone
    status, html = _fail_page(client, phone)
    assert status == 429
    assert lockout_message() in field_errors(html)
    status, html = _page_login(client, phone, t.PASSWORD)
    assert status == 429, "the right password must not get through a lock-out"
    assert lockout_message() in field_errors(html)
    assert "_auth_user_id" not in client.session


def test_page_answers_an_unknown_phone_exactly_like_a_registered_one(cast) -> None:
    known = _fail_page(Client(), cast.worker.user.phone)
    unknown = _fail_page(Client(), UNKNOWN)
    assert known[0] == unknown[0] == 429
    assert field_errors(known[1]) == field_errors(unknown[1])
    again = [_page_login(Client(), phone, t.PASSWORD) for phone in (cast.worker.user.phone, UNKNOWN)]
    assert again[0][0] == again[1][0] == 429
    assert field_errors(again[0][1]) == field_errors(again[1][1])


def test_api_locks_with_429_json_and_the_same_answer_for_unknown_phones(cast, client) -> None:
    bodies = []
    for phone in (cast.worker.user.phone, UNKNOWN):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            error(_api_login(client, phone, "wrong-password-1"), 422, "bad_credentials")
        bodies.append(error(_api_login(client, phone, "wrong-password-1"), 429, "login_locked"))
        bodies.append(error(_api_login(client, phone, t.PASSWORD), 429, "login_locked"))
    assert bodies[0] == bodies[1] == bodies[2] == bodies[3]
    assert bodies[0]["message"] == lockout_message()


def test_page_and_api_failures_count_together_and_spellings_of_a_phone_are_one(cast, client) -> None:
    phone = cast.worker.user.phone
    spaced = f"{phone[:3]} {phone[3:7]} {phone[7:]}"
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        if i % 2:
            assert _page_login(client, spaced, "wrong-password-1")[0] == 200
        else:
            error(_api_login(client, f"+86{phone}", "wrong-password-1"), 422)
    assert _page_login(client, phone, "wrong-password-1")[0] == 429
    error(_api_login(client, phone, t.PASSWORD), 429, "login_locked")


def test_lock_is_per_client_address_so_others_still_sign_in(cast) -> None:
    phone = cast.worker.user.phone
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    assert _fail_page(attacker, phone)[0] == 429
    ok(_api_login(Client(REMOTE_ADDR="198.51.100.7"), phone, t.PASSWORD))
    assert (
        Client(REMOTE_ADDR="198.51.100.7")
        .post(LOGIN_PAGE, {"phone": phone, "password": t.PASSWORD})
        .status_code
        == 302
    )


def test_lock_lifts_after_the_cool_off(cast, client) -> None:
    phone = cast.worker.user.phone
    assert _fail_page(client, phone)[0] == 429
    # Time travel: the failures happened longer ago than the cool-off.
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )
    assert client.post(LOGIN_PAGE, {"phone": phone, "password": t.PASSWORD}).status_code == 302


def test_a_success_before_the_limit_clears_the_count(cast, client) -> None:
    phone = cast.worker.user.phone
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        error(_api_login(client, phone, "wrong-password-1"), 422)
    ok(_api_login(client, phone, t.PASSWORD))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        error(_api_login(client, phone, "wrong-password-1"), 422)
    ok(_api_login(client, phone, t.PASSWORD))


def test_admin_login_is_counted_too(cast, client) -> None:
    phone = cast.admin.phone
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/admin/login/", {"username": phone, "password": "wrong-password-1"})
    assert response.status_code == 429
    assert lockout_message() in field_errors(response.content.decode())
