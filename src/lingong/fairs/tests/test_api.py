"""Fair API: list and detail in public, creation by staff, booth applications and their review, registration
and check-in; every refusal is {code, message, errors}."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from lingong import apitools as at
from lingong import testing as t
from lingong.fairs.models import FairRegistration
from lingong.fairs.tests.helpers import make_fair

pytestmark = pytest.mark.django_db


def test_the_whole_path_over_the_api(cast: Any, client: Client) -> None:
    staff, employer, worker = (at.token_of(u) for u in (cast.station_staff, cast.employer, cast.worker.user))
    today = timezone.localdate().isoformat()
    body = {
        "title": "接口创建的招聘会", "mode": "both", "starts_on": today, "ends_on": today,
        "opens_at": "00:00", "closes_at": "23:59",
        "venue": "路南区人力资源市场", "address": "唐山市路南区新华西道68号",
    }  # fmt: skip
    at.error(at.send(client, "post", "/fairs", employer, body), 403)
    at.error(
        at.send(client, "post", "/fairs", staff, {**body, "ends_on": "2020-01-01"}), 422, field="ends_on"
    )
    created = at.ok(at.send(client, "post", "/fairs", staff, body), 201)
    code = created["code"]
    assert created["status"] == "draft" and created["url"].endswith(f"/fairs/{code}/")
    at.error(at.get(client, f"/fairs/{code}"), 404)  # a draft is not public
    fair = make_fair(cast.station_staff, booths=4)
    assert code not in {f["code"] for f in at.ok(at.get(client, "/fairs"))}
    assert fair.code in {f["code"] for f in at.ok(at.get(client, "/fairs"))}

    job = t.make_job(cast.employer, admin=cast.admin)
    application_body = {"job_ids": [job.pk], "contact_name": "么经理"}
    application = at.ok(
        at.send(client, "post", f"/fairs/{fair.code}/booth-applications", employer, application_body), 201
    )
    at.error(
        at.send(client, "post", f"/fairs/{fair.code}/booth-applications", employer, application_body),
        409,
        code="already_applied",
    )
    approve = f"/fairs/booth-applications/{application['id']}/approve"
    at.error(at.send(client, "post", approve, at.token_of(cast.other_station_staff), {}), 404)
    approved = at.ok(at.send(client, "post", approve, staff, {}))
    assert approved["status"] == "approved" and approved["booth"] == "A01"
    detail = at.ok(at.get(client, f"/fairs/{fair.code}"))
    assert detail["exhibitors"][0]["jobs"][0] == {
        "id": job.pk, "title": job.title, "open": True, "status_label": "招聘中",
        "pay_amount": "300.00", "pay_unit": "day",
    }  # fmt: skip
    assert {b["number"] for b in detail["booths"]} == {"A01", "A02", "A03", "A04"}

    registration = at.ok(at.send(client, "post", f"/fairs/{fair.code}/registrations", worker, {}), 201)
    assert registration["worker_name"] == cast.worker.masked_name
    at.error(
        at.send(client, "post", f"/fairs/{fair.code}/registrations", worker, {}),
        409,
        code="already_registered",
    )
    check_in = f"/fairs/{fair.code}/check-in"
    at.error(at.send(client, "post", check_in, worker, {"code": registration["code"]}), 403)
    done = at.ok(at.send(client, "post", check_in, staff, {"code": registration["code"]}))
    assert done["checked_in_at"] and (done["registered"], done["checked_in"]) == (1, 1)
    twice = at.error(at.send(client, "post", check_in, staff, {"code": registration["code"]}), 409)
    assert twice["code"] == "already_checked_in" and "无需重复签到" in twice["message"]

    by_staff = at.send(
        client, "post", f"/fairs/{fair.code}/registrations", staff, {"worker_id": cast.other_worker.pk}
    )
    at.error(by_staff, 404)  # not in station A's scope
    walk = t.make_worker(cast.market, name="赵驿站", station=cast.station)
    ok = at.ok(
        at.send(client, "post", f"/fairs/{fair.code}/registrations", staff, {"worker_id": walk.pk}), 201
    )
    assert FairRegistration.objects.get(pk=ok["id"]).channel == "staff"


def test_reject_needs_a_reason(cast: Any, client: Client) -> None:
    later = timezone.localdate() + dt.timedelta(days=3)
    fair = make_fair(cast.station_staff, starts_on=later, ends_on=later)
    job = t.make_job(cast.employer, admin=cast.admin)
    employer = at.token_of(cast.employer)
    body = {"job_ids": [job.pk], "contact_name": "么经理"}
    application = at.ok(
        at.send(client, "post", f"/fairs/{fair.code}/booth-applications", employer, body), 201
    )
    reject = f"/fairs/booth-applications/{application['id']}/reject"
    staff = at.token_of(cast.centre_staff)
    at.error(at.send(client, "post", reject, staff, {"reason": ""}), 422, field="reason")
    assert at.ok(at.send(client, "post", reject, staff, {"reason": "岗位信息不全"}))["status"] == "rejected"
