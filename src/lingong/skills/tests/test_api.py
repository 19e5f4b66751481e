"""GET /api/v1/skills/gaps (staff, in scope) and GET /api/v1/skills/me/unlocks (the worker's own)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from lingong import apitools as at
from lingong import testing as t
from lingong.accounts.models import Role
from lingong.skills.tests.worlds import FORKLIFT, gap_world, worker

pytestmark = pytest.mark.django_db


def test_gaps_for_the_market_admin(client: Client) -> None:
    w = gap_world()
    body = at.ok(at.get(client, "/skills/gaps", at.token_of(w.admin)))
    assert (body["radius_km"], body["total_places"], body["total_unmet"]) == (10, 9, 5)
    assert body["items"][0] == {
        "occupation_code": "forklift_driver",
        "occupation_name": "叉车司机",
        "kind": "certificate",
        "certificate_code": FORKLIFT,
        "certificate_name": "特种设备作业人员证（N1 叉车司机）",
        "district_code": "130202",
        "district_name": "路南区",
        "jobs": 2,
        "places": 7,
        "available": 3,
        "lacking": 3,
        "unmet": 4,
    }
    assert [(r["kind"], r["occupation_code"], r["unmet"]) for r in body["items"]] == [
        ("certificate", "forklift_driver", 4),
        ("skill", "cleaner", 1),
    ]
    narrowed = at.ok(at.get(client, "/skills/gaps", at.token_of(w.admin), occupation="cleaner"))
    assert [r["occupation_code"] for r in narrowed["items"]] == ["cleaner"]


def test_gaps_are_scoped_and_refused_to_others(client: Client) -> None:
    w = gap_world()
    other = t.make_staff(Role.STATION_STAFF, w.market, centre=w.other_station.centre, station=w.other_station)
    assert at.ok(at.get(client, "/skills/gaps", at.token_of(other)))["items"] == []
    at.error(at.get(client, "/skills/gaps"), 401)
    at.error(at.get(client, "/skills/gaps", at.token_of(w.workers["near"].user)), 403)
    at.error(at.get(client, "/skills/gaps", at.token_of(w.employer)), 403)


def test_gaps_bad_filters(client: Client) -> None:
    w = gap_world()
    token = at.token_of(w.admin)
    at.error(at.get(client, "/skills/gaps", token, district="110101"), 404, "not_found", "district")
    at.error(at.get(client, "/skills/gaps", token, occupation="astronaut"), 404, "not_found", "occupation")
    at.error(at.get(client, "/skills/gaps", token, district="1" * 13), 422)


def test_my_unlocks(client: Client) -> None:
    w = gap_world()
    learner = worker(w, "learner", skills=["forklift_driver"])
    body = at.ok(at.get(client, "/skills/me/unlocks", at.token_of(learner.user)))
    assert body == {
        "radius_km": 10,
        "items": [
            {
                "certificate_code": FORKLIFT,
                "certificate_name": "特种设备作业人员证（N1 叉车司机）",
                "places": 4,
                "jobs": 1,
                "pay_min": "250.00",
                "pay_max": "250.00",
                "pay_unit": "day",
                "pay_unit_label": "天",
                "pay_text": "日薪 250 元",
                "job_ids": [w.jobs["A"].pk],
                "course_url": f"/training/courses/?certificate={FORKLIFT}",
            }
        ],
    }
    assert Decimal(body["items"][0]["pay_min"]) == Decimal("250")
    assert at.ok(at.get(client, "/skills/me/unlocks", at.token_of(w.workers["near"].user)))["items"] == []


def test_my_unlocks_only_for_workers(client: Client) -> None:
    w = gap_world()
    at.error(at.get(client, "/skills/me/unlocks"), 401)
    at.error(at.get(client, "/skills/me/unlocks", at.token_of(w.admin)), 403)
    at.error(at.get(client, "/skills/me/unlocks", at.token_of(w.employer)), 403)
