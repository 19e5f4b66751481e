"""Station staff register a walk-in worker, with the worker's consent by SMS code or a signed paper form."""

from __future__ import annotations

import datetime as dt
import json
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from lingong import testing as t
from lingong.accounts import services as accounts
from lingong.accounts.models import OtpCode, User
from lingong.audit.models import AuditEntry
from lingong.core.errors import ConflictError, InvalidInput, PermissionDeniedError, RateLimitedError
from lingong.core.validators import make_resident_id
from lingong.notifications.senders import LogSender
from lingong.workers import services
from lingong.workers.models import ConsentRecord, RegistrationChannel, WorkerProfile

PHONE = "13612345678"
ID_NUMBER = make_resident_id("130203", dt.date(1968, 8, 8), 235)  # a man of 58, Lubei district


def walk_in_data(**overrides: Any) -> services.ProfileInput:
    data = services.ProfileInput(
        real_name="王建设",
        id_number=ID_NUMBER,
        home_division="130202",
        skills=[("bricklayer", 25)],
        expected_pay="260",
        expected_pay_unit="day",
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def consent_code(capture: Any, phone: str = PHONE, purpose: str = "consent") -> str:
    with capture(execute=True):
        accounts.send_otp(phone=phone, purpose=purpose)
    message = LogSender.outbox[-1]
    assert message["phone"] == phone
    assert message["template"] == f"otp_{purpose}"
    return str(message["params"]["code"])


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def assert_nothing_written(phone: str = PHONE) -> None:
    assert not User.objects.filter(phone=phone).exists()
    assert not WorkerProfile.objects.filter(user__phone=phone).exists()
    assert not ConsentRecord.objects.filter(user__phone=phone).exists()
    assert not AuditEntry.objects.filter(action="worker.registered", data__channel="station").exists()


def api_post(client: Any, path: str, body: Any, token: str | None = None) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post(path, data=json.dumps(body), content_type="application/json", headers=headers)


# --- Services -------------------------------------------------------------------------------------


def test_walk_in_with_sms_consent_creates_a_station_worker(cast, django_capture_on_commit_callbacks):
    code = consent_code(django_capture_on_commit_callbacks)
    profile = services.register_walk_in(
        actor=cast.station_staff,
        phone=PHONE,
        consent_channel="sms_code",
        otp_code=code,
        data=walk_in_data(),
    )
    profile.refresh_from_db()
    assert profile.station == cast.station
    assert profile.market == cast.market
    assert profile.registration_channel == RegistrationChannel.STATION
    assert profile.registered_by == cast.station_staff
    assert profile.real_name == "王建设"
    assert profile.id_number == ID_NUMBER
    assert profile.gender == "male"
    assert profile.birth_date == dt.date(1968, 8, 8)
    assert [(s.occupation_id, s.years) for s in profile.skills.all()] == [("bricklayer", 25)]
    assert profile.user.phone == PHONE
    assert profile.user.display_name == "王建设"
    assert not profile.user.has_usable_password()  # the worker logs in by SMS code

    consents = ConsentRecord.objects.filter(user=profile.user).order_by("purpose")
    assert [(c.purpose, c.channel, c.reference) for c in consents] == [
        ("registration", "sms_code", "sms"),
        ("sensitive", "sms_code", "sms"),
    ]
    assert {c.notice_version for c in consents} == {settings.LINGONG_PRIVACY_NOTICE_VERSION}
    assert {c.recorded_by_id for c in consents} == {cast.station_staff.pk}
    assert OtpCode.objects.get(phone=PHONE).used_at is not None

    entry = AuditEntry.objects.get(action="worker.registered", object_id=str(profile.pk))
    assert entry.actor == cast.station_staff
    assert entry.data == {"channel": "station"}


def test_walk_in_with_paper_consent_records_the_form_reference(cast):
    profile = services.register_walk_in(
        actor=cast.station_staff,
        phone=PHONE,
        consent_channel="paper",
        consent_reference="  YYL-2026-0042 ",
        data=walk_in_data(),
    )
    consents = ConsentRecord.objects.filter(user=profile.user)
    assert sorted((c.purpose, c.channel, c.reference) for c in consents) == [
        ("registration", "paper", "YYL-2026-0042"),
        ("sensitive", "paper", "YYL-2026-0042"),
    ]
    assert all(c.recorded_by_id == cast.station_staff.pk for c in consents)
    assert not OtpCode.objects.filter(phone=PHONE).exists()  # no SMS was needed


def test_wrong_consent_code_is_rejected_nothing_is_written_and_the_guess_counts(
    cast, django_capture_on_commit_callbacks
):
    code = consent_code(django_capture_on_commit_callbacks)
    with pytest.raises(InvalidInput) as exc_info:
        services.register_walk_in(
            actor=cast.station_staff,
            phone=PHONE,
            consent_channel="sms_code",
            otp_code=wrong(code),
            data=walk_in_data(),
        )
    assert exc_info.value.errors == {"otp_code": ["验证码不正确。"]}
    assert_nothing_written()
    assert OtpCode.objects.get(phone=PHONE).attempts == 1  # a wrong guess is not rolled back

    profile = services.register_walk_in(
        actor=cast.station_staff, phone=PHONE, consent_channel="sms_code", otp_code=code, data=walk_in_data()
    )
    assert profile.user.phone == PHONE


def test_consent_code_locks_after_too_many_wrong_guesses(cast, django_capture_on_commit_callbacks):
    code = consent_code(django_capture_on_commit_callbacks)
    for _ in range(settings.LINGONG_OTP_MAX_ATTEMPTS):
        with pytest.raises(InvalidInput):
            services.register_walk_in(
                actor=cast.station_staff,
                phone=PHONE,
                consent_channel="sms_code",
                otp_code=wrong(code),
                data=walk_in_data(),
            )
    with pytest.raises(RateLimitedError):
        services.register_walk_in(
            actor=cast.station_staff,
            phone=PHONE,
            consent_channel="sms_code",
            otp_code=code,
            data=walk_in_data(),
        )
    assert_nothing_written()


def test_expired_consent_code_is_rejected(cast, django_capture_on_commit_callbacks):
    code = consent_code(django_capture_on_commit_callbacks)
    OtpCode.objects.filter(phone=PHONE).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(InvalidInput) as exc_info:
        services.register_walk_in(
            actor=cast.station_staff,
            phone=PHONE,
            consent_channel="sms_code",
            otp_code=code,
            data=walk_in_data(),
        )
    assert exc_info.value.errors == {"otp_code": ["验证码已过期或未发送，请重新获取。"]}
    assert_nothing_written()


def test_a_login_code_is_not_a_consent_code(cast, django_capture_on_commit_callbacks):
    code = consent_code(django_capture_on_commit_callbacks, purpose="login")
    with pytest.raises(InvalidInput):
        services.register_walk_in(
            actor=cast.station_staff,
            phone=PHONE,
            consent_channel="sms_code",
            otp_code=code,
            data=walk_in_data(),
        )
    assert_nothing_written()


@pytest.mark.parametrize(
    ("channel", "reference", "field"),
    [
        ("paper", "", "consent_reference"),
        ("paper", "abc", "consent_reference"),
        ("paper", "x" * 65, "consent_reference"),
        ("app", "", "consent_channel"),  # a staff member cannot tick the box for the worker
        ("verbal", "", "consent_channel"),
    ],
)
def test_walk_in_needs_a_valid_consent_channel_and_reference(cast, channel, reference, field):
    with pytest.raises(InvalidInput) as exc_info:
        services.register_walk_in(
            actor=cast.station_staff,
            phone=PHONE,
            consent_channel=channel,
            consent_reference=reference,
            data=walk_in_data(),
        )
    assert field in exc_info.value.errors
    assert_nothing_written()


def test_duplicate_id_number_is_rejected_and_the_consent_code_stays_usable(
    cast, django_capture_on_commit_callbacks
):
    code = consent_code(django_capture_on_commit_callbacks)
    with pytest.raises(InvalidInput) as exc_info:
        services.register_walk_in(
            actor=cast.station_staff,
            phone=PHONE,
            consent_channel="sms_code",
            otp_code=code,
            data=walk_in_data(id_number=cast.worker.id_number),
        )
    assert exc_info.value.errors["id_number"] == ["该身份证号码已登记在其他账户下"]
    assert_nothing_written()
    # The mistake is fixed on the spot; the worker need not wait for another code.
    profile = services.register_walk_in(
        actor=cast.station_staff, phone=PHONE, consent_channel="sms_code", otp_code=code, data=walk_in_data()
    )
    assert profile.id_number == ID_NUMBER


def test_walk_in_for_an_already_registered_phone_is_refused(cast):
    with pytest.raises(ConflictError) as exc_info:
        services.register_walk_in(
            actor=cast.station_staff,
            phone=cast.worker.user.phone,
            consent_channel="paper",
            consent_reference="YYL-2026-0043",
            data=walk_in_data(),
        )
    assert exc_info.value.code == "phone_taken"
    assert WorkerProfile.objects.count() == 2


def test_walk_in_needs_name_and_id_number(cast):
    for data, field, message in (
        (walk_in_data(real_name=""), "real_name", "请填写求职者的真实姓名"),
        (walk_in_data(real_name="  "), "real_name", "请填写求职者的真实姓名"),
        (walk_in_data(id_number=None), "id_number", "请填写求职者的身份证号码"),
    ):
        with pytest.raises(InvalidInput) as exc_info:
            services.register_walk_in(
                actor=cast.station_staff,
                phone=PHONE,
                consent_channel="paper",
                consent_reference="YYL-2026-0044",
                data=data,
            )
        assert exc_info.value.errors == {field: [message]}
    assert_nothing_written()


def test_only_staff_at_a_station_or_the_market_admin_register_walk_ins(cast):
    for actor in (cast.worker.user, cast.employer, cast.centre_staff):
        with pytest.raises(PermissionDeniedError):
            services.register_walk_in(
                actor=actor,
                phone=PHONE,
                consent_channel="paper",
                consent_reference="YYL-2026-0045",
                data=walk_in_data(),
            )
    assert_nothing_written()
    profile = services.register_walk_in(
        actor=cast.admin,
        phone=PHONE,
        consent_channel="paper",
        consent_reference="YYL-2026-0045",
        data=walk_in_data(),
    )
    assert profile.station is None
    assert profile.registered_by == cast.admin


# --- API ------------------------------------------------------------------------------------------


def walk_in_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "phone": "136 1234 5678",
        "consent_channel": "sms_code",
        "otp_code": "",
        "profile": {
            "real_name": "王建设",
            "id_number": ID_NUMBER,
            "home_division": "130202",
            "skills": [{"occupation": "bricklayer", "years": 25}],
        },
    }
    body.update(overrides)
    return body


def test_walk_in_through_the_api_with_an_sms_code_then_the_worker_logs_in(
    cast, client, django_capture_on_commit_callbacks
):
    staff_token = accounts.issue_token(user=cast.station_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_post(client, "/api/v1/auth/otp", {"phone": PHONE, "purpose": "consent"})
    assert response.status_code == 202
    code = LogSender.outbox[-1]["params"]["code"]

    response = api_post(client, "/api/v1/workers/walk-in", walk_in_body(otp_code=wrong(code)), staff_token)
    assert response.status_code == 422
    assert response.json()["errors"] == {"otp_code": ["验证码不正确。"]}
    assert_nothing_written()

    response = api_post(client, "/api/v1/workers/walk-in", walk_in_body(otp_code=code), staff_token)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["real_name"] == "王**"  # staff see the walk-in masked once registered
    assert body["id_number"] == ID_NUMBER[:3] + "*" * 11 + ID_NUMBER[-4:]
    assert body["phone"] == "136****5678"
    assert body["station_id"] == cast.station.pk
    assert body["registration_channel"] == "station"
    assert body["skills"] == [{"occupation": "bricklayer", "years": 25}]

    # The worker now logs in with a login code sent to the same phone.
    with django_capture_on_commit_callbacks(execute=True):
        OtpCode.objects.filter(phone=PHONE).update(created_at=timezone.now() - timedelta(minutes=2))
        assert api_post(client, "/api/v1/auth/otp", {"phone": PHONE}).status_code == 202
    login_code = LogSender.outbox[-1]["params"]["code"]
    response = api_post(client, "/api/v1/auth/login/otp", {"phone": PHONE, "code": login_code})
    assert response.status_code == 200, response.content
    worker_token = response.json()["token"]
    me = client.get("/api/v1/workers/me", headers={"Authorization": f"Bearer {worker_token}"}).json()
    assert me["real_name"] == "王建设"  # unmasked to the worker themself
    assert me["id_number"] == ID_NUMBER


def test_walk_in_through_the_api_with_paper_consent(cast, client):
    staff_token = accounts.issue_token(user=cast.other_station_staff)
    body = walk_in_body(consent_channel="paper", consent_reference="SHL-0001")
    response = api_post(client, "/api/v1/workers/walk-in", body, staff_token)
    assert response.status_code == 201, response.content
    assert response.json()["station_id"] == cast.other_station.pk
    assert ConsentRecord.objects.filter(user__phone=PHONE, channel="paper", reference="SHL-0001").count() == 2


def test_walk_in_api_errors(cast, client):
    staff_token = accounts.issue_token(user=cast.station_staff)
    cases = [
        (walk_in_body(consent_channel="paper", consent_reference=""), 422, "consent_reference"),
        (walk_in_body(otp_code="123456"), 422, "otp_code"),  # no code was ever sent
        (walk_in_body(otp_code=""), 422, "otp_code"),
        (walk_in_body(consent_channel="paper", consent_reference="SHL-0002", phone="12345"), 422, "phone"),
        (
            walk_in_body(
                consent_channel="paper",
                consent_reference="SHL-0002",
                profile={
                    "real_name": "王建设",
                    "id_number": ID_NUMBER[:-1] + ("0" if ID_NUMBER[-1] != "0" else "1"),
                },
            ),
            422,
            "id_number",
        ),
        (walk_in_body(profile={"real_name": "王" * 31}), 422, "profile.real_name"),
    ]
    for body, status, field in cases:
        response = api_post(client, "/api/v1/workers/walk-in", body, staff_token)
        assert response.status_code == status, (body, response.content)
        assert field in response.json()["errors"], (body, response.json())
    worker_token = accounts.issue_token(user=cast.worker.user)
    response = api_post(client, "/api/v1/workers/walk-in", walk_in_body(), worker_token)
    assert response.status_code == 403
    assert_nothing_written()
    assert_nothing_written(t.next_phone())


def test_any_station_verifies_a_self_registered_workers_certificate_and_adopts_them(cast):
    from lingong.workers import services as worker_services
    from lingong.workers.models import WorkerProfile

    worker = cast.worker
    WorkerProfile.objects.filter(pk=worker.pk).update(station=None)
    cert = worker_services.add_certificate(
        actor=worker.user,
        worker_id=worker.pk,
        certificate_type="special_ops_electrician_low",
        number="T130202001",
    )
    verified = worker_services.verify_certificate(actor=cast.other_station_staff, certificate_id=cert.pk)
    assert verified.verified_by == cast.other_station_staff
    assert WorkerProfile.objects.get(pk=worker.pk).station_id == cast.other_station.pk


# --- Every problem at once ------------------------------------------------------------------------


def test_walk_in_reports_every_problem_at_once_and_writes_nothing(cast):
    bad_id = ID_NUMBER[:-1] + ("0" if ID_NUMBER[-1] != "0" else "1")
    with pytest.raises(InvalidInput) as exc_info:
        services.register_walk_in(
            actor=cast.station_staff,
            phone="12345",
            consent_channel="paper",
            consent_reference="",
            data=walk_in_data(
                real_name="王",
                id_number=bad_id,
                skills=[("no_such_trade", 3)],
                availability=[(1, dt.time(18, 0), dt.time(8, 0))],
                expected_pay="-5",
            ),
        )
    errors = exc_info.value.errors
    assert set(errors) == {
        "phone",
        "consent_reference",
        "real_name",
        "id_number",
        "skills",
        "availability",
        "expected_pay",
    }
    assert exc_info.value.message == "登记信息有7处需要修改，请检查标红的项目。"
    assert not User.objects.filter(phone__endswith="12345").exists()
    assert_nothing_written()


def test_a_taken_phone_among_other_problems_is_one_of_them(cast):
    with pytest.raises(InvalidInput) as exc_info:
        services.register_walk_in(
            actor=cast.station_staff,
            phone=cast.worker.user.phone,
            consent_channel="paper",
            consent_reference="",
            data=walk_in_data(),
        )
    assert exc_info.value.errors == {
        "phone": ["该手机号已注册"],
        "consent_reference": ["请填写纸质授权书编号（4至64个字符）"],
    }


def test_a_missing_code_is_asked_for_without_spending_a_guess(cast, django_capture_on_commit_callbacks):
    consent_code(django_capture_on_commit_callbacks)
    with pytest.raises(InvalidInput) as exc_info:
        services.register_walk_in(
            actor=cast.station_staff,
            phone=PHONE,
            consent_channel="sms_code",
            otp_code="  ",
            data=walk_in_data(real_name=""),
        )
    assert exc_info.value.errors == {
        "otp_code": ["请填写求职者手机收到的验证码"],
        "real_name": ["请填写求职者的真实姓名"],
    }
    assert OtpCode.objects.get(phone=PHONE).attempts == 0


def test_walk_in_errors_skips_what_the_page_could_not_read_and_spends_no_guess(
    cast, django_capture_on_commit_callbacks
):
    code = consent_code(django_capture_on_commit_callbacks)
    errors = services.walk_in_errors(
        actor=cast.station_staff,
        phone=None,
        consent_channel="sms_code",
        otp_code=wrong(code),
        data=walk_in_data(id_number="130202"),
        check_code=False,
    )
    assert set(errors) == {"id_number"}
    assert OtpCode.objects.get(phone=PHONE).attempts == 0


def test_walk_in_api_returns_every_error_in_one_answer(cast, client):
    staff_token = accounts.issue_token(user=cast.station_staff)
    body = walk_in_body(
        phone="1234",
        consent_channel="paper",
        consent_reference="",
        profile={
            "real_name": "王",
            "id_number": "130202",
            "home_division": "999999",
            "skills": [{"occupation": "no_such_trade", "years": 3}],
        },
    )
    response = api_post(client, "/api/v1/workers/walk-in", body, staff_token)
    assert response.status_code == 422
    answer = response.json()
    assert answer["code"] == "invalid_input"
    assert set(answer["errors"]) == {
        "phone",
        "consent_reference",
        "real_name",
        "id_number",
        "home_division",
        "skills",
    }
    assert all(answer["errors"].values())
    assert_nothing_written()

    body = walk_in_body(phone=cast.worker.user.phone, consent_channel="paper", consent_reference="SHL-0009")
    response = api_post(client, "/api/v1/workers/walk-in", body, staff_token)
    assert response.status_code == 409  # a taken phone alone stays the conflict it was
    assert response.json()["code"] == "phone_taken"
