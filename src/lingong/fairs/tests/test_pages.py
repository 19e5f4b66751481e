"""Fair pages: public list and page (floor plan, jobs, closed job marked), worker entry code, employer booth
application, staff management and the door (camera allowed there only)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from lingong import testing as t
from lingong.fairs import services
from lingong.fairs.models import BoothApplication, BoothStatus, FairRegistration, FairStatus
from lingong.fairs.tests.helpers import make_fair
from lingong.jobs import services as job_services
from lingong.pagetools import follow, get_page, login, text_of

pytestmark = pytest.mark.django_db


def _exhibit(cast: Any, fair: Any) -> tuple[BoothApplication, Any, Any]:
    job = t.make_job(cast.employer, admin=cast.admin, title="路南装载机司机")
    closed = t.make_job(cast.employer, admin=cast.admin, title="已招满的叉车司机")
    application = services.apply_for_booth(
        actor=cast.employer, fair_id=fair.pk, job_ids=[job.pk, closed.pk], contact_name="么经理"
    )
    services.approve_booth_application(actor=cast.station_staff, application_id=application.pk)
    job_services.close_job(actor=cast.employer, job_id=closed.pk)
    return application, job, closed


def test_public_list_and_page_with_floor_plan_and_jobs(cast: Any) -> None:
    fair = make_fair(cast.station_staff)
    make_fair(cast.station_staff, title="筹备中的招聘会", publish=False)
    application, job, _closed = _exhibit(cast, fair)
    client = Client()
    listing = text_of(get_page(client, "/fairs/"))
    assert fair.title in listing and "筹备中的招聘会" not in listing and "今日举办" in listing
    html = get_page(client, f"/fairs/{fair.code}/")
    assert '<svg class="fair-floor"' in html and 'data-testid="booth-A01"' in html
    assert f'href="#exhibitor-{application.pk}"' in html  # tap a booth -> its jobs
    assert f'href="/jobs/{job.pk}/"' in html and "该岗位已停止招聘" in text_of(html)
    assert "uri.amap.com" in html and "登录后预约登记" in html
    response = client.get(f"/fairs/{fair.code}/register/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")
    assert Client().get("/fairs/NOSUCHFAIR/").status_code == 404
    draft = make_fair(cast.station_staff, publish=False)
    assert client.get(f"/fairs/{draft.code}/").status_code == 404
    assert login(Client(), cast.station_staff).get(f"/fairs/{draft.code}/").status_code == 200


def test_worker_registers_and_sees_the_entry_code(cast: Any) -> None:
    fair = make_fair(cast.station_staff)
    client = login(Client(), cast.worker.user)
    assert "招聘会" in text_of(get_page(client, "/jobs/"))  # the banner and the menu
    path, html = follow(client, f"/fairs/{fair.code}/register/")
    registration = FairRegistration.objects.get(fair=fair, worker=cast.worker)
    assert path == f"/me/fairs/{fair.code}/"
    assert registration.code in html and "<svg" in html and "已登记，尚未签到" in html
    services.check_in(actor=cast.station_staff, fair_id=fair.pk, code=registration.code)
    assert "签到" in text_of(get_page(client, f"/me/fairs/{fair.code}/"))
    assert registration.code in get_page(client, "/me/fairs/")
    other = login(Client(), cast.other_worker.user)
    assert other.get(f"/me/fairs/{fair.code}/").status_code == 404


def test_employer_applies_edits_and_withdraws(cast: Any) -> None:
    fair = make_fair(cast.station_staff)
    job = t.make_job(cast.employer, admin=cast.admin, title="路南装载机司机")
    client = login(Client(), cast.employer)
    assert fair.title in get_page(client, "/employer/fairs/")
    page = get_page(client, f"/employer/fairs/{fair.code}/apply/")
    assert job.title in page
    path, _html = follow(
        client,
        f"/employer/fairs/{fair.code}/apply/",
        {"job_ids": [job.pk], "contact_name": "么经理", "note": ""},
    )
    application = BoothApplication.objects.get(fair=fair)
    assert path == "/employer/fairs/" and application.status == BoothStatus.SUBMITTED
    follow(client, f"/employer/fairs/{fair.code}/apply/", {"job_ids": [job.pk], "contact_name": "王经理"})
    application.refresh_from_db()
    assert application.contact_name == "王经理" and BoothApplication.objects.filter(fair=fair).count() == 1
    other = login(Client(), cast.other_employer)
    assert other.post(f"/employer/fairs/applications/{application.pk}/withdraw/").status_code == 404
    follow(client, f"/employer/fairs/applications/{application.pk}/withdraw/")
    application.refresh_from_db()
    assert application.status == BoothStatus.WITHDRAWN


def test_staff_create_manage_and_approve(cast: Any) -> None:
    client = login(Client(), cast.station_staff)
    assert "/staff/fairs/" in get_page(client, "/staff/")
    data = {
        "title": "友谊里社区招聘会", "mode": "onsite", "starts_on": timezone.localdate().isoformat(),
        "ends_on": timezone.localdate().isoformat(), "opens_at": "00:00", "closes_at": "23:59",
        "venue": "友谊里社区活动中心", "address": "唐山市路南区友谊里",
        "floor_width": "12", "floor_height": "8",
    }  # fmt: skip
    path, _html = follow(client, "/staff/fairs/", data)
    fair = services.JobFair.objects.get(title="友谊里社区招聘会")
    assert path == f"/staff/fairs/{fair.code}/"
    url = f"/staff/fairs/{fair.code}/"
    follow(client, url, {"action": "generate", "count": "10"})
    assert fair.booths.count() == 10
    follow(client, url, {"action": "publish"})
    fair.refresh_from_db()
    assert fair.status == FairStatus.PUBLISHED
    job = t.make_job(cast.employer, admin=cast.admin)
    application = services.apply_for_booth(
        actor=cast.employer, fair_id=fair.pk, job_ids=[job.pk], contact_name="么"
    )
    booth = fair.booths.get(number="B01")
    follow(client, url, {"action": "approve", "application": application.pk, "booth": booth.pk})
    application.refresh_from_db()
    assert application.status == BoothStatus.APPROVED and application.booth_id == booth.pk
    _path, html = follow(client, url, {"action": "remove_booth", "booth": booth.pk})
    assert "不能删除" in html and fair.booths.filter(pk=booth.pk).exists()
    _path, html = follow(
        client, url, {"action": "register", "phone": cast.worker.user.phone, "check_in": "1"}
    )
    assert FairRegistration.objects.get(fair=fair, worker=cast.worker).checked_in_at is not None
    page = get_page(client, url + "?q=" + cast.worker.user.phone[-4:])
    assert cast.worker.masked_name in page and cast.worker.real_name not in page
    assert login(Client(), cast.other_station_staff).get(url).status_code == 404
    assert login(Client(), cast.worker.user).get(url).status_code == 403


def test_door_checks_in_by_typed_code_and_alone_may_use_the_camera(cast: Any) -> None:
    fair = make_fair(cast.station_staff)
    registration = services.register_self(actor=cast.worker.user, fair_id=fair.pk)
    client = login(Client(), cast.station_staff)
    door = client.get(f"/staff/fairs/{fair.code}/door/")
    assert door.status_code == 200 and "camera=(self)" in door["Permissions-Policy"]
    assert "vendor/jsqr-1.4.0/jsQR.js" in door.content.decode()
    manage = client.get(f"/staff/fairs/{fair.code}/")
    assert "camera=()" in manage["Permissions-Policy"]
    first = client.post(
        f"/staff/fairs/{fair.code}/door/", {"code": registration.code}, headers={"HX-Request": "true"}
    )
    text = text_of(first.content.decode())
    assert "签到成功" in text and cast.worker.masked_name in text and cast.worker.real_name not in text
    again = text_of(
        client.post(f"/staff/fairs/{fair.code}/door/", {"code": registration.code}).content.decode()
    )
    assert "无需重复签到" in again
    assert login(Client(), cast.other_station_staff).get(f"/staff/fairs/{fair.code}/door/").status_code == 404
