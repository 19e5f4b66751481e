"""The JSON API of accounts: one-time codes, password login and logout, tokens, worker registration and
session auth with CSRF."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from lingong import testing as t
from lingong.accounts.models import ApiToken, OtpCode, User
from lingong.apitools import API, NEW_PASSWORD, bearer, error, get, ok, send, token_of
from lingong.notifications.senders import LogSender


def test_otp_login_with_resend_rate_limit(cast, client, django_capture_on_commit_callbacks):
    phone = cast.worker.user.phone
    with django_capture_on_commit_callbacks(execute=True):
        assert ok(send(client, "post", "/auth/otp", body={"phone": phone}), 202) == {"ok": True}
        error(send(client, "post", "/auth/otp", body={"phone": phone}), 429, "rate_limited")
    assert len(LogSender.outbox) == 1
    message = LogSender.outbox[0]
    assert (message["phone"], message["template"]) == (phone, "otp_login")
    code = message["params"]["code"]
    assert len(code) == 6 and code.isdigit()

    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    error(
        send(client, "post", "/auth/login/otp", body={"phone": phone, "code": wrong}),
        422,
        "invalid_input",
        "code",
    )
    logged_in = ok(send(client, "post", "/auth/login/otp", body={"phone": phone, "code": code}))
    assert logged_in["user"]["id"] == cast.worker.user.pk
    assert ok(get(client, "/auth/me", logged_in["token"]))["phone"] == phone
    # A code works once.
    error(
        send(client, "post", "/auth/login/otp", body={"phone": phone, "code": code}),
        422,
        "invalid_input",
        "code",
    )


def test_otp_for_an_unregistered_phone_does_not_log_in(client, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ok(send(client, "post", "/auth/otp", body={"phone": "13911112222"}), 202)
    code = LogSender.outbox[-1]["params"]["code"]
    error(
        send(client, "post", "/auth/login/otp", body={"phone": "13911112222", "code": code}),
        422,
        field="phone",
    )
    error(send(client, "post", "/auth/otp", body={"phone": "13911113333", "purpose": "nonsense"}), 422)
    assert not OtpCode.objects.filter(phone="13911113333").exists()


def test_password_login_and_logout_revokes_the_token(cast, client):
    phone = cast.worker.user.phone
    first = ok(send(client, "post", "/auth/login", body={"phone": phone, "password": t.PASSWORD}))["token"]
    second = ok(send(client, "post", "/auth/login", body={"phone": f"+86 {phone}", "password": t.PASSWORD}))[
        "token"
    ]
    assert ok(get(client, "/auth/me", first))["id"] == cast.worker.user.pk
    assert ok(send(client, "post", "/auth/logout", first)) == {"ok": True}
    error(get(client, "/auth/me", first), 401, "not_authenticated")
    error(send(client, "post", "/notifications/read", first, {}), 401, "not_authenticated")
    assert ok(get(client, "/auth/me", second))["id"] == cast.worker.user.pk  # other devices stay logged in
    assert ApiToken.objects.filter(user=cast.worker.user, revoked_at__isnull=False).count() == 1


def test_expired_or_garbage_tokens_are_401(cast, client):
    token = token_of(cast.worker.user)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    error(get(client, "/auth/me", token), 401, "not_authenticated")
    error(get(client, "/auth/me", "not-a-token"), 401, "not_authenticated")
    error(get(client, "/auth/me"), 401, "not_authenticated")
    cast.other_worker.user.is_active = False
    cast.other_worker.user.save(update_fields=["is_active"])
    error(get(client, "/auth/me", token_of(cast.other_worker.user)), 401, "not_authenticated")


def test_registration_errors(cast, client):
    def register(**overrides: Any) -> Any:
        body = {"phone": "13722223333", "password": NEW_PASSWORD, "consent": True, **overrides}
        return send(client, "post", "/auth/register/worker", body=body)

    users_before = User.objects.count()
    error(register(phone="1372222333"), 422, "invalid_input", "phone")
    error(register(phone="23722223333"), 422, "invalid_input", "phone")
    error(register(phone=cast.worker.user.phone), 409, "phone_taken", "phone")
    error(register(password="12345678"), 422, "invalid_input", "password")
    error(register(password="short1!"), 422, "invalid_input", "password")
    error(register(consent=False), 422, "invalid_input", "consent")
    error(register(consent=None), 422, "invalid_input", "consent")
    assert User.objects.count() == users_before

    login = {"phone": cast.worker.user.phone, "password": "Wrong-password-1"}
    error(send(client, "post", "/auth/login", body=login), 422, "bad_credentials")
    error(send(client, "post", "/auth/login", body={**login, "phone": "13799990000"}), 422, "bad_credentials")
    error(send(client, "post", "/auth/login", body={**login, "phone": "abc"}), 422, "bad_credentials")


# --- Session auth ---------------------------------------------------------------------------------


def test_session_login_needs_the_csrf_token_for_unsafe_methods(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.worker.user)
    assert ok(client.get(f"{API}/auth/me"))["id"] == cast.worker.user.pk
    client.get("/jobs/")  # any page with a form sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value

    body = json.dumps({})
    rejected = client.post(f"{API}/notifications/read", data=body, content_type="application/json")
    error(rejected, 403)
    accepted = client.post(
        f"{API}/notifications/read", data=body, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert ok(accepted) == {"unread": 0}

    # A bearer token is not a cookie, so it needs no CSRF token.
    bearer_client = Client(enforce_csrf_checks=True)
    response = bearer_client.post(
        f"{API}/notifications/read",
        data=body,
        content_type="application/json",
        headers=bearer(token_of(cast.employer)),
    )
    assert ok(response) == {"unread": 0}
    assert not cast.employer.notifications.filter(read_at__isnull=True).exists()
