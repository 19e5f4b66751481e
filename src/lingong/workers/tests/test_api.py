"""The worker's profile through the JSON API: errors leave it unchanged, no input causes a server error."""

from __future__ import annotations

import datetime as dt
import json

from django.utils import timezone
from hypothesis import given

from lingong.apitools import API, HYPOTHESIS, bearer, error, mutated, send, token_of
from lingong.core.validators import make_resident_id
from lingong.workers.models import WorkerProfile


def test_profile_errors_leave_the_profile_unchanged(cast, client):
    worker = token_of(cast.worker.user)
    before = WorkerProfile.objects.get(pk=cast.worker.pk)
    bad_check_digit = before.id_number[:-1] + ("1" if before.id_number[-1] != "1" else "2")
    today = timezone.localdate()
    under_16 = make_resident_id("130202", today.replace(year=today.year - 15), 21)
    cases = [
        ({"real_name": "张伟", "id_number": bad_check_digit}, "id_number"),
        ({"real_name": "张伟", "id_number": under_16}, "id_number"),
        ({"real_name": "张伟", "id_number": "13020219920517"}, "id_number"),
        ({"real_name": "张", "home_division": "130202"}, "real_name"),
        ({"real_name": "张伟", "home_lat": 31.23, "home_lon": 121.47}, "home_location"),
        ({"real_name": "张伟", "home_division": "999999"}, "home_division"),
        ({"real_name": "张伟", "expected_pay": "-1"}, "expected_pay"),
        ({"real_name": "张伟", "skills": [{"occupation": "astronaut", "years": 1}]}, "skills"),
        ({"real_name": "张伟", "skills": [{"occupation": "welder", "years": 61}]}, "skills.0.years"),
        ({"real_name": "张伟", "target_groups": ["vip"]}, "target_groups"),
    ]
    for body, field in cases:
        error(send(client, "put", "/workers/me", worker, body), 422, "invalid_input", field)
    after = WorkerProfile.objects.get(pk=cast.worker.pk)
    assert (after.real_name, after.id_number, after.home_lat, after.expected_pay) == (
        before.real_name,
        before.id_number,
        before.home_lat,
        before.expected_pay,
    )
    assert [s.occupation_id for s in after.skills.all()] == ["loader_driver"]


# --- Property: no input produces a server error ---------------------------------------------------


PROFILE = {
    "real_name": "张伟",
    "id_number": make_resident_id("130202", dt.date(1990, 1, 1), 7),
    "home_division": "130202",
    "home_lat": 39.6,
    "home_lon": 118.2,
    "travel_radius_km": 10,
    "expected_pay": "300",
    "expected_pay_unit": "day",
    "skills": [{"occupation": "welder", "years": 3}],
    "availability": [{"weekday": 1, "start_time": "08:00", "end_time": "17:00"}],
    "target_groups": ["veteran"],
}


@HYPOTHESIS
@given(body=mutated(PROFILE))
def test_random_profile_payloads_never_cause_a_server_error(cast, client, body):
    response = client.put(
        f"{API}/workers/me",
        data=json.dumps(body, allow_nan=True),
        content_type="application/json",
        headers=bearer(token_of(cast.worker.user)),
    )
    assert response.status_code in (200, 400, 409, 422), response.content.decode()
    if response.status_code != 200:
        error(response, response.status_code)
