"""A worker who signs up from a station's page (its QR code lands there) belongs to that station, as a walk-in
registered by the station's staff does: the station is in the sign-up link, checked, shown on the form,
stored on the profile, audited, and the station's staff find the worker in their list."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lingong import testing as t
from lingong.accounts.models import User
from lingong.audit.models import AuditEntry
from lingong.core.errors import InvalidInput
from lingong.org.models import Station
from lingong.pagetools import follow, get_page, login, post_page, text_of
from lingong.workers import services
from lingong.workers.models import RegistrationChannel, WorkerProfile

pytestmark = pytest.mark.django_db

REGISTER = "/accounts/register/"
PHONE = "13722220001"


def _sign_up(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "phone": PHONE,
        "display_name": "小赵",
        "password": t.PASSWORD,
        "consent": "on",
    }
    data.update(overrides)
    return data


# --- Service --------------------------------------------------------------------------------------


def test_sign_up_from_a_station_ties_the_worker_to_it_and_is_audited(cast) -> None:
    profile = services.register_worker(
        phone=PHONE, password=t.PASSWORD, display_name="小赵", consent=True, station_id=cast.station.pk
    )
    profile.refresh_from_db()
    assert profile.station == cast.station
    assert profile.market == cast.station.market
    assert profile.registration_channel == RegistrationChannel.SELF  # they registered themselves
    assert profile.registered_by is None
    entry = AuditEntry.objects.get(action="worker.registered", object_id=str(profile.pk))
    assert entry.actor == profile.user
    assert entry.data == {"channel": "self", "station": cast.station.pk, "station_name": cast.station.name}


def test_sign_up_without_a_station_belongs_to_none(cast) -> None:
    profile = services.register_worker(phone=PHONE, password=t.PASSWORD, consent=True)
    assert profile.station is None
    entry = AuditEntry.objects.get(action="worker.registered", object_id=str(profile.pk))
    assert entry.data == {"channel": "self"}


@pytest.mark.parametrize("code", [999_999, "abc", "-1", ""])
def test_an_unknown_station_is_refused_and_nothing_is_written(cast, code: Any) -> None:
    with pytest.raises(InvalidInput) as exc_info:
        services.register_worker(phone=PHONE, password=t.PASSWORD, consent=True, station_id=code)
    assert "station" in exc_info.value.errors
    assert "驿站不存在或已停用" in exc_info.value.message
    assert not User.objects.filter(phone=PHONE).exists()


def test_a_closed_station_is_refused(cast) -> None:
    Station.objects.filter(pk=cast.station.pk).update(is_active=False)
    with pytest.raises(InvalidInput):
        services.register_worker(phone=PHONE, password=t.PASSWORD, consent=True, station_id=cast.station.pk)
    assert not User.objects.filter(phone=PHONE).exists()


# --- Pages ----------------------------------------------------------------------------------------


def test_the_station_page_links_to_sign_up_with_the_station(client: Client, cast) -> None:
    html = get_page(client, reverse("jobs:station", args=[cast.station.pk]))
    assert f'href="{REGISTER}?station={cast.station.pk}"' in html


def test_sign_up_from_the_station_link_then_the_station_sees_the_worker(client: Client, cast) -> None:
    url = f"{REGISTER}?station={cast.station.pk}"
    html = get_page(client, url)
    assert f"登记驿站：{cast.station.name}" in text_of(html).replace(" ", "")
    assert f'name="station" value="{cast.station.pk}"' in html
    path, html = follow(client, url, _sign_up(station=str(cast.station.pk)))
    assert path == reverse("workers:profile")
    profile = WorkerProfile.objects.get(user__phone=PHONE)
    assert profile.station == cast.station

    staff = Client()
    login(staff, cast.station_staff)
    listed = text_of(get_page(staff, reverse("staff:workers")))
    assert "小赵" in listed and "137****0001" in listed
    other = Client()
    login(other, cast.other_station_staff)
    assert "137****0001" not in text_of(get_page(other, reverse("staff:workers")))


def test_a_stale_station_link_warns_and_still_lets_the_person_register(client: Client, cast) -> None:
    Station.objects.filter(pk=cast.station.pk).update(is_active=False)
    html = get_page(client, f"{REGISTER}?station={cast.station.pk}")
    assert "驿站不存在或已停用" in text_of(html)
    assert "登记驿站" not in text_of(html)
    assert '<input type="hidden" name="station" id="id_station">' in html
    path, _html = follow(client, REGISTER, _sign_up())
    assert path == reverse("workers:profile")
    assert WorkerProfile.objects.get(user__phone=PHONE).station is None


def test_a_station_closed_between_the_form_and_the_submit_is_said_on_the_form(client: Client, cast) -> None:
    Station.objects.filter(pk=cast.station.pk).update(is_active=False)
    html = post_page(client, REGISTER, _sign_up(station=str(cast.station.pk)))
    assert "驿站不存在或已停用" in text_of(html)
    assert not User.objects.filter(phone=PHONE).exists()
    assert '<input type="hidden" name="station" id="id_station">' in html  # dropped for the next try


# --- API ------------------------------------------------------------------------------------------


def _post(client: Client, body: dict[str, Any]) -> Any:
    return client.post("/api/v1/auth/register/worker", json.dumps(body), content_type="application/json")


def test_api_sign_up_with_a_station(client: Client, cast) -> None:
    body = {"phone": PHONE, "password": t.PASSWORD, "consent": True, "station": cast.other_station.pk}
    response = _post(client, body)
    assert response.status_code == 201, response.content
    assert WorkerProfile.objects.get(user__phone=PHONE).station == cast.other_station
    response = _post(client, {**body, "phone": t.next_phone(), "station": 999_999})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert "station" in response.json()["errors"]
