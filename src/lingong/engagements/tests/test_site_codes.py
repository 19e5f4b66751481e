"""Checking in without the phone's location: the site code, staff on the worker's behalf, the flag message
and the explanation on the page."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from lingong import testing as t
from lingong.accounts import services as accounts
from lingong.audit.models import AuditEntry
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError, PermissionDeniedError
from lingong.engagements import services, site_codes
from lingong.engagements.attendance import engagement_for_site_code
from lingong.engagements.models import CheckMethod, ReviewStatus, Shift, ShiftStatus
from lingong.workflow import chain

pytestmark = pytest.mark.django_db
API = "/api/v1/engagements"
FAR = 0.018  # about 2 km north of the site


def _signed(cast, worker=None, **kw):
    engagement = t.make_engagement(worker or cast.worker, cast.employer, insurance_required=False, **kw)
    chain.engagement_signed(engagement_id=engagement.pk, actor=cast.employer)
    engagement.refresh_from_db()
    return engagement


def _now_shift(engagement) -> Shift:
    shift = engagement.shifts.order_by("date").first()
    now = timezone.now()
    Shift.objects.filter(pk=shift.pk).update(
        starts_at=now - dt.timedelta(minutes=10), ends_at=now + dt.timedelta(hours=8)
    )
    shift.refresh_from_db()
    return shift


def call(client: Client, method: str, path: str, user: Any = None, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {accounts.issue_token(user=user)}"} if user else {}
    return getattr(client, method)(
        path,
        data=json.dumps(body) if body is not None else None,
        content_type="application/json",
        headers=headers,
    )


def test_a_site_code_is_signed_and_expires():
    now = timezone.now()
    code = site_codes.issue(site_codes.JOB, 7, now + dt.timedelta(hours=1))
    assert site_codes.read(code.token, now=now).object_id == 7
    with pytest.raises(ConflictError) as expired:
        site_codes.read(code.token, now=now + dt.timedelta(hours=2))
    assert expired.value.code == "site_code_expired"
    for forged in (code.token[:-2] + "xx", "", "abc:def", code.token.replace(":", "", 1)):
        with pytest.raises(InvalidInput) as bad:
            site_codes.read(forged, now=now)
        assert bad.value.code == "site_code_invalid"
    with pytest.raises(InvalidInput):
        site_codes.expiry("forever", end_date=now.date(), now=now)


def test_the_worker_checks_in_and_out_with_the_site_code_and_no_location(cast):
    engagement = _signed(cast)
    shift = _now_shift(engagement)
    with pytest.raises(PermissionDeniedError):
        services.issue_site_code(actor=cast.worker.user, engagement_id=engagement.pk)
    with pytest.raises(NotFoundError):
        services.issue_site_code(actor=cast.other_employer, engagement_id=engagement.pk)
    code = services.issue_site_code(actor=cast.employer, engagement_id=engagement.pk)
    assert AuditEntry.objects.filter(action="engagement.site_code_issued").count() == 1
    # Without a location and without the code, the worker is told what to do.
    with pytest.raises(InvalidInput) as missing:
        services.check_in(actor=cast.worker.user, shift_id=shift.pk)
    assert missing.value.code == "location_missing" and "现场签到码" in missing.value.message
    checked = services.check_in(actor=cast.worker.user, shift_id=shift.pk, site_code=code.token)
    assert checked.check_in_method == CheckMethod.SITE_QR
    assert checked.check_in_lat is None and checked.check_in_distance_m is None
    assert checked.review_status == ReviewStatus.NONE
    entry = AuditEntry.objects.filter(action="shift.checked_in").get()
    assert entry.data["method"] == "site_qr"
    out = services.check_out(
        actor=cast.worker.user,
        shift_id=shift.pk,
        site_code=code.token,
        at=shift.starts_at + dt.timedelta(hours=8),
    )
    assert out.check_out_method == CheckMethod.SITE_QR and out.worked_hours is not None


def test_a_code_for_another_job_or_another_worker_does_not_work(cast):
    engagement = _signed(cast)
    other = _signed(cast, worker=cast.other_worker)
    shift = _now_shift(engagement)
    theirs = services.issue_site_code(actor=cast.employer, engagement_id=other.pk)
    with pytest.raises(ConflictError) as mismatch:
        services.check_in(actor=cast.worker.user, shift_id=shift.pk, site_code=theirs.token)
    assert mismatch.value.code == "site_code_mismatch"
    assert Shift.objects.get(pk=shift.pk).status == ShiftStatus.SCHEDULED
    with pytest.raises(NotFoundError):
        engagement_for_site_code(actor=cast.worker.user, token=theirs.token)


def test_a_job_code_finds_each_workers_own_engagement(cast):
    engagement = _signed(cast, days=2)
    shift = _now_shift(engagement)
    code = services.issue_site_code(
        actor=cast.employer, engagement_id=engagement.pk, validity=site_codes.PERIOD, for_job=True
    )
    assert code.is_job and code.expires_at.date() > engagement.end_date
    found, current = engagement_for_site_code(actor=cast.worker.user, token=code.token)
    assert found.pk == engagement.pk and current is not None and current.pk == shift.pk


def test_staff_may_record_a_check_in_without_a_location_and_it_is_flagged(cast):
    engagement = _signed(cast)
    shift = _now_shift(engagement)
    checked = services.check_in(actor=cast.station_staff, shift_id=shift.pk)
    assert checked.check_in_method == CheckMethod.STAFF and checked.recorded_by_staff
    assert checked.review_status == ReviewStatus.PENDING


def test_the_pages_explain_a_refused_location_and_offer_the_fallbacks(cast):
    engagement = _signed(cast)
    _now_shift(engagement)
    client = Client()
    client.force_login(cast.worker.user)
    page = client.get(f"/work/{engagement.pk}/").content.decode()
    assert 'data-help="location-help"' in page and 'id="location-help"' in page
    assert "打开定位的方法" in page and "现场签到码" in page and "代为签到" in page
    assert "lingong/locate.js" in page
    client.force_login(cast.station_staff)
    staff_page = client.get(f"/work/{engagement.pk}/").content.decode()
    assert 'data-testid="record-without-location"' in staff_page
    listing = client.get("/jobs/").content.decode()
    assert 'data-testid="location-help"' in listing and "lingong/locate.js" in listing


def test_a_far_check_in_tells_the_worker_it_was_flagged_and_why(cast):
    engagement = _signed(cast)
    shift = _now_shift(engagement)
    client = Client()
    client.force_login(cast.worker.user)
    page = client.post(
        f"/work/shifts/{shift.pk}/check-in/",
        {"lat": engagement.site_lat + FAR, "lon": engagement.site_lon},
        follow=True,
    ).content.decode()
    assert "签到成功" not in page
    assert "待复核" in page and "公里" in page and "500 米" in page and "驿站工作人员" in page
    assert 'data-testid="flag-notice"' in page


def test_site_code_pages(cast):
    engagement = _signed(cast)
    shift = _now_shift(engagement)
    client = Client()
    client.force_login(cast.employer)
    assert 'data-testid="site-code-link"' in client.get(f"/work/{engagement.pk}/").content.decode()
    made = client.post(f"/work/{engagement.pk}/site-code/", {"scope": "engagement", "validity": "day"})
    html = made.content.decode()
    assert made.status_code == 200 and "<svg" in html and 'data-testid="site-code"' in html
    token = made.context["code"].token
    client.force_login(cast.worker.user)
    assert client.get(f"/work/{engagement.pk}/site-code/").status_code == 403
    scan = client.get(f"/work/site/{token}/")
    assert 'data-testid="site-check-in"' in scan.content.decode()
    done = client.post(f"/work/site/{token}/", {"action": "check_in", "site_code": token}, follow=True)
    assert "签到成功" in done.content.decode()
    assert Shift.objects.get(pk=shift.pk).check_in_method == CheckMethod.SITE_QR
    client.force_login(cast.other_worker.user)
    assert client.get(f"/work/site/{token}/").status_code == 404
    assert client.get("/work/site/not-a-code/").status_code == 422


def test_site_code_api(cast):
    engagement = _signed(cast)
    shift = _now_shift(engagement)
    client = Client()
    path = f"{API}/{engagement.pk}/site-code"
    assert call(client, "post", path, cast.worker.user, {}).status_code == 403
    assert call(client, "post", path, cast.employer, {"validity": "week"}).status_code == 422
    made = call(client, "post", path, cast.employer, {"validity": "day", "for_job": True})
    assert made.status_code == 200
    body = made.json()
    assert body["for_job"] is True and body["url"].endswith(f"/work/site/{body['token']}/")
    checked = call(
        client, "post", f"{API}/shifts/{shift.pk}/check-in", cast.worker.user, {"site_code": body["token"]}
    )
    assert checked.status_code == 200 and checked.json()["check_in_method"] == "site_qr"
    missing = call(client, "post", f"{API}/shifts/{shift.pk}/check-out", cast.worker.user, {})
    assert missing.status_code == 422 and missing.json()["code"] == "location_missing"
