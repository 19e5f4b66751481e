"""Employer registration through the JSON API: what is refused, that a refusal writes nothing, households."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.utils import timezone
from hypothesis import given

from lingong import testing as t
from lingong.accounts.models import User
from lingong.apitools import API, HYPOTHESIS, NEW_PASSWORD, enterprise_body, error, get, mutated, ok, send
from lingong.core.validators import make_resident_id, make_uscc
from lingong.employers.models import Enterprise


def test_employer_registration_errors_write_nothing(cast, client):
    def register(phone: str = "13755556666", **enterprise: Any) -> Any:
        body = {"phone": phone, "password": NEW_PASSWORD, "enterprise": enterprise_body(**enterprise)}
        return send(client, "post", "/auth/register/employer", body=body)

    users, enterprises = User.objects.count(), Enterprise.objects.count()
    good_code = enterprise_body()["credit_code"]
    bad_check = good_code[:-1] + ("0" if good_code[-1] != "0" else "1")
    error(register(credit_code=bad_check), 422, "invalid_input", "credit_code")
    error(register(credit_code="91130202MA0000001"), 422, "invalid_input", "credit_code")
    taken = t.enterprise_of(cast.employer).credit_code
    error(register(credit_code=taken), 422, "invalid_input", "credit_code")
    error(register(lat=31.23, lon=121.47), 422, "invalid_input", "location")
    error(register(industry="mining_on_mars"), 422, "invalid_input", "industry")
    error(register(contact_phone="110"), 422, "invalid_input", "contact_phone")
    error(register(phone=cast.employer.phone), 409, "phone_taken")
    minor = make_resident_id("130202", timezone.localdate().replace(year=timezone.localdate().year - 17), 33)
    error(
        register(kind="household", credit_code="", contact_id_number=minor),
        422,
        "invalid_input",
        "contact_id_number",
    )
    error(register(name="x" * 101), 422, "invalid_input", "enterprise.name")
    assert (User.objects.count(), Enterprise.objects.count()) == (users, enterprises)


def test_an_unexpected_failure_mid_registration_rolls_everything_back(cast, client, monkeypatch):
    from lingong.employers import services as employer_services

    def crash(**kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(employer_services.EnterpriseMember.objects, "create", crash)
    users, enterprises = User.objects.count(), Enterprise.objects.count()
    body = {"phone": "13755557777", "password": NEW_PASSWORD, "enterprise": enterprise_body()}
    error(send(client, "post", "/auth/register/employer", body=body), 500, "server_error")
    assert (User.objects.count(), Enterprise.objects.count()) == (users, enterprises)
    assert not User.objects.filter(phone="13755557777").exists()


def test_household_employer_registers_with_an_adult_id_number(client, cast):
    adult = make_resident_id("130202", dt.date(1975, 6, 1), 40)
    body = {
        "phone": "13755558888",
        "password": NEW_PASSWORD,
        "enterprise": enterprise_body(
            name="刘女士家", kind="household", credit_code="", contact_id_number=adult
        ),
    }
    token = ok(send(client, "post", "/auth/register/employer", body=body), 201)["token"]
    me = ok(get(client, "/employers/me", token))
    assert (me["kind"], me["credit_code"], me["status"]) == ("household", None, "pending")


# --- Property: no input produces a server error ---------------------------------------------------


REGISTRATION = {
    "phone": "13788889999",
    "password": NEW_PASSWORD,
    "enterprise": {
        "name": "唐山某某公司",
        "credit_code": make_uscc("91130202MA0000099"),
        "industry": "construction",
        "address": "唐山市路南区建设南路88号",
        "division": "130202",
        "contact_name": "么建红",
        "contact_phone": "13788889999",
    },
}


@HYPOTHESIS
@given(
    enterprise=mutated(REGISTRATION["enterprise"]),
    top=mutated({"phone": "13788889999", "password": NEW_PASSWORD}),
)
def test_random_registrations_never_cause_a_server_error(db, client, enterprise, top):
    t.make_market()
    response = client.post(
        f"{API}/auth/register/employer",
        data=json.dumps({**top, "enterprise": enterprise}, allow_nan=True),
        content_type="application/json",
    )
    assert response.status_code in (201, 400, 409, 422), response.content.decode()
    if response.status_code != 201:
        error(response, response.status_code)
    User.objects.filter(phone__in=["13788889999"]).delete()
    Enterprise.objects.all().delete()
