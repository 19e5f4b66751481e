"""Staff see phones and ID numbers masked; the full number needs a reason and every read is logged (issue 9).
The log is scoped: a market admin sees the market, centre staff their centre, station staff their own."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lingong import testing as t
from lingong.apitools import Api, status_and_code
from lingong.audit.models import AuditEntry, ReadReason, SensitiveField, SensitiveRead
from lingong.core.masking import mask_id_number
from lingong.pagetools import field_errors, get_page, login, post_page, text_of
from lingong.staff import sensitive

pytestmark = pytest.mark.django_db


def _reveal_url(worker: Any, field: str = "phone") -> str:
    return reverse("staff:reveal_worker", args=[worker.pk, field])


def test_worker_list_is_masked_with_a_reveal_action(client: Client, cast: Any) -> None:
    login(client, cast.station_staff)
    html = get_page(client, reverse("staff:workers"))
    assert cast.worker.user.phone not in html and cast.worker.user.masked_phone in html
    assert cast.worker.id_number not in html and mask_id_number(cast.worker.id_number) in html
    assert _reveal_url(cast.worker) in html and _reveal_url(cast.worker, "id_number") in html
    form = get_page(client, _reveal_url(cast.worker))
    assert cast.worker.user.phone not in form and cast.worker.user.masked_phone in form
    assert SensitiveRead.objects.count() == 0  # opening the form reads nothing


def test_reveal_requires_a_reason_and_logs_the_read(client: Client, cast: Any) -> None:
    login(client, cast.station_staff)
    url = _reveal_url(cast.worker, "id_number")
    refused = post_page(client, url, {"reason": "", "note": ""})
    assert cast.worker.id_number not in refused and "请选择查看完整号码的原因" in field_errors(refused)
    other = post_page(client, url, {"reason": ReadReason.OTHER, "note": ""})
    assert cast.worker.id_number not in other and "请说明原因" in field_errors(other)
    assert SensitiveRead.objects.count() == 0

    response = client.post(url, {"reason": ReadReason.VERIFY_IDENTITY, "note": "核对保险投保信息"})
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert cast.worker.id_number in html
    read = SensitiveRead.objects.get()
    assert (read.actor, read.subject_user, read.field, read.reason, read.note) == (
        cast.station_staff,
        cast.worker.user,
        SensitiveField.ID_NUMBER,
        ReadReason.VERIFY_IDENTITY,
        "核对保险投保信息",
    )
    assert read.market_id == cast.market.pk and read.ip == "127.0.0.1" and read.at is not None
    assert read.station_id == cast.station.pk
    entry = AuditEntry.objects.get(action="sensitive.revealed")
    assert entry.data == {"field": "id_number", "reason": "verify_identity", "read_id": read.pk}
    assert cast.worker.id_number not in str(entry.data)


def test_reveal_is_limited_to_the_staff_members_scope(client: Client, cast: Any) -> None:
    login(client, cast.other_station_staff)
    assert client.get(_reveal_url(cast.worker)).status_code == 404
    response = client.post(_reveal_url(cast.worker), {"reason": ReadReason.CONTACT_WORKER})
    assert response.status_code == 404 and cast.worker.user.phone not in response.content.decode()
    login(client, cast.employer)
    assert client.get(_reveal_url(cast.worker)).status_code == 403
    assert SensitiveRead.objects.count() == 0
    login(client, cast.admin)  # the market admin reaches every worker of the market
    html = post_page(client, _reveal_url(cast.other_worker), {"reason": ReadReason.DISPUTE})
    assert cast.other_worker.user.phone in html


def test_reveal_through_the_api(cast: Any) -> None:
    staff = Api(cast.station_staff)
    path = f"/staff/workers/{cast.worker.pk}/reveal/phone"
    missing = staff.post(path, {})
    assert missing.status_code == 422 and cast.worker.user.phone not in missing.content.decode()
    assert status_and_code(staff.post(path, {"reason": "other", "note": " "})) == (422, "invalid_input")
    assert SensitiveRead.objects.count() == 0
    response = staff.post(path, {"reason": "contact_worker", "note": "通知改期"})
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    body = response.json()
    assert body["value"] == cast.worker.user.phone and body["field"] == "phone"
    assert SensitiveRead.objects.get().pk == body["read_id"]
    out_of_scope = Api(cast.other_station_staff).post(path, {"reason": "contact_worker"})
    assert status_and_code(out_of_scope) == (404, "not_found")
    worker = Api(cast.worker.user).post(path, {"reason": "contact_worker"})
    assert status_and_code(worker) == (403, "forbidden")
    assert SensitiveRead.objects.count() == 1


def test_enterprise_contact_phone_is_masked_for_staff(client: Client, cast: Any) -> None:
    pending = t.make_employer(cast.market, name="唐山待认证建材有限公司", verified=False)
    enterprise = t.enterprise_of(pending)
    login(client, cast.admin)
    html = get_page(client, reverse("staff:enterprises"))
    assert enterprise.contact_phone not in html and enterprise.masked_contact_phone in html
    queue = Api(cast.admin).get("/employers/pending").json()["items"]
    assert enterprise.contact_phone not in str(queue)
    url = reverse("staff:reveal_enterprise_contact", args=[enterprise.pk])
    html = post_page(client, url, {"reason": ReadReason.CONTACT_EMPLOYER})
    assert enterprise.contact_phone in html
    read = SensitiveRead.objects.get()
    assert (read.subject_type, read.subject_id) == ("employers.enterprise", str(enterprise.pk))
    api = Api(cast.admin).post(f"/staff/enterprises/{enterprise.pk}/reveal-contact", {"reason": "dispute"})
    assert api.json()["value"] == enterprise.contact_phone and SensitiveRead.objects.count() == 2


def _read_by(actor: Any, worker: Any) -> SensitiveRead:
    return sensitive.reveal_worker(
        actor=actor, worker_id=worker.pk, field="phone", reason=ReadReason.CONTACT_WORKER
    ).read


def test_the_log_is_scoped(client: Client, cast: Any) -> None:
    centre_read = _read_by(cast.centre_staff, cast.worker)
    own = _read_by(cast.station_staff, cast.worker)
    other = _read_by(cast.other_station_staff, cast.other_worker)
    admin = _read_by(cast.admin, cast.other_worker)
    expected = {
        cast.admin: {centre_read.pk, own.pk, other.pk, admin.pk},
        cast.centre_staff: {centre_read.pk, own.pk},  # the centre and its stations
        cast.station_staff: {own.pk},
        cast.other_station_staff: {other.pk},
    }
    for user, ids in expected.items():
        assert set(sensitive.reads_for(user).values_list("pk", flat=True)) == ids, user
        listed = Api(user).get("/staff/sensitive-reads").json()
        assert {r["id"] for r in listed["items"]} == ids and listed["total"] == len(ids), user
    assert status_and_code(Api(cast.employer).get("/staff/sensitive-reads"))[0] == 403

    login(client, cast.station_staff)
    dashboard = get_page(client, reverse("staff:dashboard"))
    assert reverse("staff:sensitive_reads") in dashboard
    page = get_page(client, reverse("staff:sensitive_reads"))
    assert page.count('data-testid="sensitive-read"') == 1
    assert cast.worker.user.phone not in page and "联系求职者" in text_of(page)
    login(client, cast.admin)
    assert get_page(client, reverse("staff:sensitive_reads")).count('data-testid="sensitive-read"') == 4
