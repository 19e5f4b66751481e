"""One test per access rule on workers' data, through the API with each member of the cast."""

from __future__ import annotations

import datetime as dt

import pytest

from lingong import testing as t
from lingong.accounts.models import User
from lingong.apitools import Api, status_and_code
from lingong.core.errors import PermissionDeniedError
from lingong.core.validators import make_resident_id
from lingong.workers import services as worker_services


def test_a_worker_only_ever_sees_their_own_id_number_and_phone(cast):
    worker = Api(cast.worker.user)
    me = worker.get("/workers/me")
    assert me.status_code == 200
    body = me.json()
    assert body["id"] == cast.worker.pk
    assert body["id_number"] == cast.worker.id_number
    assert body["phone"] == cast.worker.user.phone
    other = cast.other_worker
    for response in (me, worker.get("/jobs/applications/mine"), worker.get("/notifications")):
        content = response.content.decode()
        assert other.id_number not in content
        assert other.user.phone not in content
        assert other.real_name not in content


# --- Station, centre and market staff -------------------------------------------------------------


def listed_workers(user: User) -> set[int]:
    response = Api(user).get("/workers", page_size=100)
    assert response.status_code == 200, response.content
    return {w["id"] for w in response.json()["items"]}


def test_staff_see_the_workers_of_their_station_centre_or_market(cast):
    unassigned = t.make_worker(cast.market, name="自行注册")  # self-registered, no station yet
    assert listed_workers(cast.station_staff) == {cast.worker.pk}
    assert listed_workers(cast.other_station_staff) == {cast.other_worker.pk}
    assert listed_workers(cast.centre_staff) == {cast.worker.pk}  # the centre's only station
    assert listed_workers(cast.admin) == {cast.worker.pk, cast.other_worker.pk, unassigned.pk}


def test_staff_see_workers_masked(cast):
    [row] = Api(cast.station_staff).get("/workers").json()["items"]
    assert row["real_name"] == "江**"
    assert row["id_number"] == cast.worker.id_number[:3] + "*" * 11 + cast.worker.id_number[-4:]
    assert row["phone"] == cast.worker.user.phone[:3] + "****" + cast.worker.user.phone[-4:]
    assert row["birth_date"] is None


def test_a_walk_in_belongs_to_the_registering_station(cast):
    body = {
        "phone": "13688887777",
        "consent_channel": "paper",
        "consent_reference": "YYL-2026-0100",
        "profile": {
            "real_name": "刘长顺",
            "id_number": make_resident_id("130202", dt.date(1970, 4, 4), 51),
            "home_division": "130202",
        },
    }
    response = Api(cast.station_staff).post("/workers/walk-in", body)
    assert response.status_code == 201, response.content
    walk_in = response.json()["id"]
    assert walk_in in listed_workers(cast.station_staff)
    assert walk_in in listed_workers(cast.centre_staff)
    assert walk_in not in listed_workers(cast.other_station_staff)


def test_station_staff_edit_only_their_stations_workers(cast):
    mine = worker_services.ProfileInput(about="驿站补充：能吃苦")
    worker_services.update_profile(actor=cast.station_staff, worker_id=cast.worker.pk, data=mine)
    with pytest.raises(PermissionDeniedError):
        worker_services.update_profile(actor=cast.station_staff, worker_id=cast.other_worker.pk, data=mine)
    cert = worker_services.add_certificate(
        actor=cast.other_worker.user,
        worker_id=cast.other_worker.pk,
        certificate_type="special_ops_welding",
        number="T130202000000",
    )
    response = Api(cast.station_staff).post(f"/workers/certificates/{cert.pk}/verify")
    assert status_and_code(response) == (403, "forbidden")
    assert Api(cast.other_station_staff).post(f"/workers/certificates/{cert.pk}/verify").json()["verified"]
