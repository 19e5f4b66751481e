"""The fair report on a constructed fair (exact figures), its .xlsx, the printables (pdftotext), the pages,
the API and the staff dashboard's WebSocket."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from lingong import apitools as at
from lingong import testing as t
from lingong.engagements.models import Engagement
from lingong.fairs import intentions as services
from lingong.fairs import printables
from lingong.fairs.models import FairMode, Intention, IntentionStatus, RegistrationChannel
from lingong.fairs.report import fair_report, report_workbook
from lingong.fairs.routing import websocket_urlpatterns
from lingong.fairs.tests import intention_world as fw
from lingong.jobs.models import Application
from lingong.workflow import chain


def _at(hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(hour, minute)))


def _constructed(cast: Any) -> tuple[fw.FairWorld, dict[str, Any]]:
    """3 registered (1 walk-in, 2 checked in at 09:xx and 10:xx), 3 intentions (2 scans, 1 booth scan),
    2 offers, 1 accepted with its engagement starting tomorrow."""
    w = fw.build(cast, mode=FairMode.BOTH)
    Intention.objects.all().delete()
    w.registration.checked_in_at = _at(9, 15)
    w.registration.save(update_fields=["checked_in_at"])
    second = fw.register(w.fair, cast.other_worker, channel=RegistrationChannel.WALK_IN, at=_at(10, 40))
    third_worker = t.make_worker(cast.market, name="王小花")
    fw.register(w.fair, third_worker, checked_in=False)
    i1 = services.scan_booth(actor=cast.worker.user, qr_token=w.exhibitor.qr_token)
    services.scan_booth(actor=cast.worker.user, qr_token=w.other_exhibitor.qr_token)
    i3 = services.booth_scans_worker(actor=cast.employer, exhibitor_id=w.exhibitor.pk, code=second.code)
    services.make_offer(actor=cast.employer, intention_id=i1.pk, job_id=w.job.pk)
    services.make_offer(actor=cast.employer, intention_id=i3.pk, job_id=w.job.pk)
    application = Application.objects.get(pk=Intention.objects.get(pk=i1.pk).application_id)
    chain.accept_offer(actor=cast.worker.user, application_id=application.pk)
    return w, fair_report(w.fair)


@pytest.mark.django_db
def test_report_figures_are_exact(cast: Any) -> None:
    w, report = _constructed(cast)
    att = report["attendance"]
    assert (att["registered"], att["checked_in"], att["walk_ins"]) == (3, 2, 1)
    hours = {h["hour"]: h["count"] for h in att["by_hour"]}
    assert hours == {"09:00": 1, "10:00": 1}
    assert report["booths"]["approved"] == 2
    assert sum(i["count"] for i in report["booths"]["by_industry"]) == 2
    intentions = report["intentions"]
    assert intentions["total"] == 3
    assert {s["source"]: s["count"] for s in intentions["by_source"]} == {
        "worker_scan": 2,
        "booth_scan": 1,
        "online": 0,
    }
    booths = {b["booth"]: b for b in intentions["per_booth"]}
    assert (booths["A01"]["intentions"], booths["A01"]["offers"], booths["A01"]["accepted"]) == (2, 2, 1)
    assert (booths["A02"]["intentions"], booths["A02"]["offers"]) == (1, 0)
    assert (report["offers"], report["accepted"]) == (2, 1)
    # The accepted offer's engagement starts tomorrow: within 30 days of the fair's first day.
    assert report["hires_30d"] == 1 and booths["A01"]["hires"] == 1
    Engagement.objects.update(start_date=w.fair.starts_on + dt.timedelta(days=30))
    assert fair_report(w.fair)["hires_30d"] == 0


@pytest.mark.django_db
def test_xlsx_holds_the_figures(cast: Any) -> None:
    _w, report = _constructed(cast)
    book = load_workbook(io.BytesIO(report_workbook(report)))
    summary = {row[0]: row[1] for row in book.worksheets[0].iter_rows(values_only=True)}
    assert summary["签到人数"] == 2 and summary["发出录用"] == 2 and summary["30天内上岗"] == 1
    booths = list(book["各展位"].iter_rows(values_only=True))
    assert booths[0][0] == "展位号" and (booths[1][0], *booths[1][2:6]) == ("A01", 2, 2, 1, 1)


def _pdftotext(body: bytes) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext not installed")
    done = subprocess.run([tool, "-layout", "-", "-"], input=body, capture_output=True, check=True)  # noqa: S603
    return done.stdout.decode()


@pytest.mark.django_db
def test_poster_and_booth_sheet_pdfs(cast: Any) -> None:
    w = fw.build(cast, opens_at=dt.time(9, 0), closes_at=dt.time(16, 0))
    poster = _pdftotext(printables.poster_pdf(w.fair))
    assert "路南区春风行动招聘会" in poster and "09:00–16:00" in poster and "路南区人力资源市场" in poster
    assert f"/fairs/{w.fair.code}/" in poster
    for n in range(3, 9):  # 8 booths: two pages
        job = t.make_job(cast.employer, admin=cast.admin, title=f"岗位{n}")
        extra = t.make_employer(cast.market, admin=cast.admin, name=f"唐山第{n}建筑劳务有限公司")
        fw.exhibit(w.fair, extra, f"A0{n}", [job])
    body = printables.booth_sheet_pdf(w.fair)
    sheet = _pdftotext(body)
    for n in range(1, 9):
        assert f"展位 A0{n}" in sheet
    assert "唐山第8建筑劳务有限公司" in sheet
    assert sheet.count("\f") == 2  # six booths per page: 8 booths on 2 pages


@pytest.mark.django_db
def test_staff_pages_in_scope_only(cast: Any, client: Client) -> None:
    _w, _report = _constructed(cast)
    fair = _w.fair
    urls = [
        f"/staff/fairs/{fair.code}/live/",
        f"/staff/fairs/{fair.code}/report/",
        f"/staff/fairs/{fair.code}/report.xlsx",
        f"/staff/fairs/{fair.code}/poster.pdf",
        f"/staff/fairs/{fair.code}/booth-qr.pdf",
    ]
    client.force_login(cast.other_station_staff)
    assert [client.get(u).status_code for u in urls] == [404] * 5
    client.force_login(cast.employer)
    assert [client.get(u).status_code for u in urls] == [404] * 5
    client.force_login(cast.station_staff)
    responses = [client.get(u) for u in urls]
    assert [r.status_code for r in responses] == [200] * 5
    assert 'data-testid="dash-intentions">3<' in responses[0].content.decode()
    assert 'data-testid="r-hires">1<' in responses[1].content.decode()
    assert "spreadsheet" in responses[2]["Content-Type"]
    assert responses[3]["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_worker_booth_page_and_enterprise_list(cast: Any, client: Client) -> None:
    w = fw.build(cast)
    url = f"/fairs/b/{w.exhibitor.qr_token}/"
    client.force_login(cast.worker.user)
    page = client.get(url).content.decode()
    assert "投递意向" in page and "装载机司机" in page
    response = client.post(url)
    assert response.status_code == 302
    assert "已向该展位投递过" in client.get(url).content.decode()
    assert client.post(url).status_code == 409  # a second tap creates nothing
    assert Intention.objects.filter(worker=cast.worker).count() == 1
    # Not registered: a clear message with the way to register.
    client.force_login(cast.other_worker.user)
    page = client.get(url).content.decode()
    assert "您尚未登记参加" in page and f"/fairs/{w.fair.code}/" in page
    # The enterprise sees the masked worker; the other enterprise has no such page.
    client.force_login(cast.employer)
    listing = client.get(f"/employer/fairs/{w.fair.code}/intentions/").content.decode()
    assert cast.worker.masked_name in listing and cast.worker.real_name not in listing
    assert cast.worker.user.phone not in listing and "30–39岁" in listing
    client.force_login(cast.other_employer)
    other = client.get(f"/employer/fairs/{w.fair.code}/intentions/?partial=1").content.decode()
    assert cast.worker.masked_name not in other


@pytest.mark.django_db
def test_enterprise_offer_form_and_camera_page(cast: Any, client: Client) -> None:
    w = fw.build(cast)
    intention = services.scan_booth(actor=cast.worker.user, qr_token=w.exhibitor.qr_token)
    client.force_login(cast.other_employer)
    assert client.post(f"/fairs/intentions/{intention.pk}/offer/", {"job": w.job.pk}).status_code == 404
    client.force_login(cast.employer)
    response = client.post(f"/fairs/intentions/{intention.pk}/offer/", {"job": w.job.pk})
    assert response.status_code == 302
    assert Intention.objects.get(pk=intention.pk).status == IntentionStatus.OFFERED
    scan = client.get(f"/employer/fairs/{w.fair.code}/booth/")
    assert scan.status_code == 200 and "camera=(self)" in scan["Permissions-Policy"]
    assert "vendor/jsqr-1.4.0/jsQR.js" in scan.content.decode()
    other = fw.register(w.fair, cast.other_worker)
    assert client.post(f"/employer/fairs/{w.fair.code}/booth/", {"code": other.code}).status_code == 302
    assert Intention.objects.filter(worker=cast.other_worker, exhibitor=w.exhibitor).exists()


@pytest.mark.django_db
def test_api(cast: Any, client: Client) -> None:
    w = fw.build(cast)
    worker, employer = at.token_of(cast.worker.user), at.token_of(cast.employer)
    created = at.ok(at.send(client, "post", f"/fairs/booths/{w.exhibitor.qr_token}/intention", worker), 201)
    assert created["booth"] == "A01" and created["source"] == "worker_scan"
    at.error(
        at.send(client, "post", f"/fairs/booths/{w.exhibitor.qr_token}/intention", worker),
        409,
        "already_sent",
    )
    listed = at.ok(at.get(client, f"/fairs/exhibitors/{w.exhibitor.pk}/intentions", employer))
    assert listed["items"][0]["worker"]["name"] == cast.worker.masked_name
    assert listed["items"][0]["worker"]["phone"] != cast.worker.user.phone
    other = at.token_of(cast.other_employer)
    at.error(at.get(client, f"/fairs/exhibitors/{w.exhibitor.pk}/intentions", other), 404)
    at.error(
        at.send(
            client, "post", f"/fairs/intentions/{created['id']}/offer", employer, {"job": w.other_job.pk}
        ),
        422,
    )
    offered = at.ok(
        at.send(client, "post", f"/fairs/intentions/{created['id']}/offer", employer, {"job": w.job.pk})
    )
    assert offered["status"] == "offered" and offered["application_id"]
    report = at.ok(at.get(client, f"/fairs/{w.fair.code}/report", at.token_of(cast.station_staff)))
    assert report["offers"] == 1
    at.error(at.get(client, f"/fairs/{w.fair.code}/report", at.token_of(cast.other_station_staff)), 404)


def _connect(path: str, user: Any) -> Any:
    communicator = WebsocketCommunicator(URLRouter(websocket_urlpatterns), path)
    communicator.scope["user"] = user
    return communicator


@pytest.mark.django_db(transaction=True)
def test_dashboard_socket_gets_intentions_staff_in_scope_only(cast: Any) -> None:
    w = fw.build(cast)
    worker_user, token, code = cast.worker.user, w.exhibitor.qr_token, w.fair.code

    async def scenario() -> tuple[dict[str, Any], list[tuple[bool, Any]]]:
        staff = _connect(f"/ws/fairs/{code}/", cast.station_staff)
        assert (await staff.connect())[0]
        await sync_to_async(services.scan_booth)(actor=worker_user, qr_token=token)
        seen = await staff.receive_json_from(timeout=5)
        await staff.disconnect()
        refused = []
        for user in (cast.other_station_staff, cast.employer, worker_user):
            other = _connect(f"/ws/fairs/{code}/", user)
            refused.append(await other.connect())
        return seen, refused

    seen, refused = async_to_sync(scenario)()
    assert seen["type"] == "intention" and seen["fair"] == code
    assert next(b for b in seen["booths"] if b["booth"] == "A01")["intentions"] == 1
    assert cast.worker.real_name not in str(seen)
    assert refused == [(False, 4403)] * 3
