"""Worker sign-up and sign-in pages: password and SMS code (Django test client)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from lingong import testing as t
from lingong.accounts.models import Role, User
from lingong.notifications.senders import LogSender
from lingong.pagetools import field_errors, follow, get_page, login, post_page, text_of
from lingong.workers.models import ConsentRecord, WorkerProfile

pytestmark = pytest.mark.django_db

REGISTER = "/accounts/register/"


def _register_data(**overrides: str) -> dict[str, str]:
    data = {"phone": "13912345678", "display_name": "老张", "password": t.PASSWORD, "consent": "on"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# --- Registration ---------------------------------------------------------------------------------


def test_register_page_renders_the_form(client: Client, cast) -> None:
    html = get_page(client, REGISTER)
    text = text_of(html)
    assert "求职者注册" in text
    for name in ("phone", "password", "consent"):
        assert f'name="{name}"' in html
    assert 'type="tel"' in html
    assert "我已阅读并同意《个人信息保护告知书》" in text
    assert f'href="{reverse("privacy")}"' in html


def test_register_with_a_bad_phone_shows_the_chinese_error(client: Client, cast) -> None:
    html = post_page(client, REGISTER, _register_data(phone="12345"))
    assert "请输入正确的11位手机号码" in field_errors(html)
    assert 'value="12345"' in html  # what the user typed is kept
    assert not User.objects.filter(display_name="老张").exists()


def test_register_without_consent_is_refused(client: Client, cast) -> None:
    data = _register_data()
    del data["consent"]
    html = post_page(client, REGISTER, data)
    assert field_errors(html).strip() == "请阅读并同意《个人信息保护告知书》后再注册。"
    consent_block = html[html.index('name="consent"') : html.index('name="consent"') + 400]
    assert '<ul class="errorlist"><li>请阅读并同意《个人信息保护告知书》后再注册。</li></ul>' in consent_block
    assert not User.objects.filter(phone="13912345678").exists()


def test_register_with_a_weak_password_says_why(client: Client, cast) -> None:
    html = post_page(client, REGISTER, _register_data(password="12345678"))
    assert "密码" in field_errors(html)
    assert not User.objects.filter(phone="13912345678").exists()


def test_register_with_a_taken_phone_says_so(client: Client, cast) -> None:
    html = post_page(client, REGISTER, _register_data(phone=cast.worker.user.phone))
    assert "该手机号已注册" in field_errors(html)


def test_register_logs_in_and_goes_to_the_profile(client: Client, cast) -> None:
    path, html = follow(client, REGISTER, _register_data(phone="+86 139 1234 5678"))
    assert path == reverse("workers:profile")
    text = text_of(html)
    assert "注册成功" in text
    assert "我的求职资料" in text
    assert "退出" in text  # signed in: the header offers sign-out
    user = User.objects.get(phone="13912345678")
    assert user.role == Role.WORKER
    assert user.display_name == "老张"
    assert WorkerProfile.objects.filter(user=user).exists()
    assert ConsentRecord.objects.filter(user=user, purpose="registration").exists()
    assert int(client.session["_auth_user_id"]) == user.pk


# --- Password login -------------------------------------------------------------------------------


def test_login_page_links_other_ways_in(client: Client, cast) -> None:
    html = get_page(client, reverse("accounts:login"))
    assert f'href="{reverse("accounts:otp_login")}"' in html
    assert "用短信验证码登录" in text_of(html)


def test_password_login_then_logout(client: Client, cast) -> None:
    user = cast.worker.user
    path, html = follow(client, reverse("accounts:login"), {"phone": user.phone, "password": t.PASSWORD})
    assert path == reverse("jobs:list")  # home sends a worker to the job list
    assert "我的报名" in text_of(html)
    path, html = follow(client, reverse("accounts:logout"))
    assert path == "/"
    assert "_auth_user_id" not in client.session
    assert "登录" in text_of(html)


def test_password_login_follows_a_safe_next_only(client: Client, cast) -> None:
    user = cast.worker.user
    url = reverse("accounts:login")
    response = client.post(url, {"phone": user.phone, "password": t.PASSWORD, "next": "/me/applications/"})
    assert response["Location"] == "/me/applications/"
    client.logout()
    response = client.post(
        url, {"phone": user.phone, "password": t.PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_wrong_password_shows_an_error(client: Client, cast) -> None:
    html = post_page(
        client, reverse("accounts:login"), {"phone": cast.worker.user.phone, "password": "wrong-password-1"}
    )
    assert "手机号或密码不正确" in field_errors(html)
    assert "_auth_user_id" not in client.session


def test_logout_needs_post(client: Client, cast) -> None:
    login(client, cast.worker.user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert "_auth_user_id" in client.session


# --- SMS code login -------------------------------------------------------------------------------


def _sent_code(phone: str) -> str:
    codes = [
        m["params"]["code"] for m in LogSender.outbox if m["phone"] == phone and m["template"] == "otp_login"
    ]
    assert codes, f"no code was sent to {phone}: {LogSender.outbox}"
    return str(codes[-1])


def test_sms_login_sends_a_code_and_signs_in(
    client: Client, cast, django_capture_on_commit_callbacks
) -> None:
    user = cast.worker.user
    url = reverse("accounts:otp_login")
    assert "获取验证码" in text_of(get_page(client, url))
    with django_capture_on_commit_callbacks(execute=True):
        html = post_page(client, url, {"phone": user.phone, "send": "1"})
    assert "验证码已发送" in text_of(html)
    code = _sent_code(user.phone)
    assert re.fullmatch(r"\d{6}", code)
    path, html = follow(client, url, {"phone": user.phone, "code": code, "login": "1"})
    assert path == reverse("jobs:list")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert "我的报名" in text_of(html)


def test_sms_login_with_a_wrong_code_is_refused(
    client: Client, cast, django_capture_on_commit_callbacks
) -> None:
    user = cast.worker.user
    url = reverse("accounts:otp_login")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"phone": user.phone, "send": "1"})
    wrong = "000000" if _sent_code(user.phone) != "000000" else "111111"
    html = post_page(client, url, {"phone": user.phone, "code": wrong, "login": "1"})
    assert "验证码不正确" in field_errors(html)
    assert "_auth_user_id" not in client.session


def test_sms_code_cannot_be_requested_again_at_once(
    client: Client, cast, django_capture_on_commit_callbacks
) -> None:
    user = cast.worker.user
    url = reverse("accounts:otp_login")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"phone": user.phone, "send": "1"})
        html = post_page(client, url, {"phone": user.phone, "send": "1"})
    assert "验证码发送过于频繁" in field_errors(html)
    assert len([m for m in LogSender.outbox if m["phone"] == user.phone]) == 1


def test_sms_login_for_an_unknown_number_is_refused(
    client: Client, cast, django_capture_on_commit_callbacks
) -> None:
    url = reverse("accounts:otp_login")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"phone": "13700000001", "send": "1"})
    html = post_page(client, url, {"phone": "13700000001", "code": _sent_code("13700000001"), "login": "1"})
    assert "该手机号尚未注册" in field_errors(html)
    assert "_auth_user_id" not in client.session
