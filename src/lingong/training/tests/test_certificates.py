"""Certificates: number, PDF (task, idempotent), download rights, public verification with a masked name,
revocation, the certificate on the worker's profile (at once or after the official number), and the
matching index seeing it (issue 13 §2)."""

from __future__ import annotations

import datetime as dt
import re
import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from lingong import apitools as at
from lingong import testing as t
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError
from lingong.core.tests.test_pdf import extract_text
from lingong.jobs.recommendations import candidates_for
from lingong.pagetools import get_page, login, text_of
from lingong.training import attendance, certificates, results
from lingong.training.models import CertificateStatus, TrainingCertificate
from lingong.training.tests import certificate_factories as f
from lingong.workers.models import WorkerCertificate

pytestmark = pytest.mark.django_db


def _pass(member: Any, enrolment: Any, score: int = 85) -> TrainingCertificate:
    with TestCase.captureOnCommitCallbacks(execute=True):
        results.enter_result(actor=member, enrolment_id=enrolment.pk, score=score)
    return TrainingCertificate.objects.get(enrolment=enrolment)


@pytest.fixture
def national(cast: Any) -> dict[str, Any]:
    provider, member = f.provider_with_login(cast)
    course = f.make_course(cast, provider)
    session = f.make_session(course, starts_in=dt.timedelta(hours=-2), hours=3)
    enrolment = f.enrol(course, cast.worker)
    attendance.mark_present(actor=member, session_id=session.pk, enrolment_id=enrolment.pk)
    return {"member": member, "course": course, "enrolment": enrolment, "cert": _pass(member, enrolment)}


def test_the_pass_issues_a_numbered_certificate_with_a_pdf(cast: Any, national: dict[str, Any]) -> None:
    cert = national["cert"]
    today = timezone.localdate()
    # The number names the market (zero-padded to two digits, wider once ids grow) and the year.
    assert cert.number == f"LG{cast.market.pk:02d}-{today.year}-000001"
    assert len(cert.verify_token) >= 43 and cert.issued_on == today
    assert cert.expires_on == today.replace(year=today.year + 4)  # N1 forklift: 4 years
    assert cert.pdf is not None and bytes(cert.pdf).startswith(b"%PDF")
    text = re.sub(r"\s+", "", extract_text(bytes(cert.pdf)))
    for said in (
        "培训合格证书",
        "江小军",
        cert.number,
        "路南区职业技能培训学校",
        "叉车司机（N1）培训班",
        "3.0学时",
        "合格（85.0分）",
    ):
        assert said in text, said
    # The task is idempotent: the stored PDF is never rendered again.
    assert certificates.store_pdf(cert.pk) is False
    second = f.enrol(national["course"], cast.other_worker)
    assert _pass(national["member"], second).number.endswith("-000002")


def test_download_for_the_holder_the_provider_and_staff_in_scope(
    client: Client, cast: Any, national: dict[str, Any]
) -> None:
    url = reverse("training:certificate_pdf", args=[national["cert"].pk])
    for user in (cast.worker.user, national["member"], cast.station_staff, cast.admin):
        client.logout()
        login(client, user)
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    for user in (cast.other_worker.user, cast.other_station_staff, cast.employer):
        client.logout()
        login(client, user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_a_pdf_the_task_missed_is_rendered_on_first_download(
    client: Client, cast: Any, national: dict[str, Any]
) -> None:
    TrainingCertificate.objects.filter(pk=national["cert"].pk).update(pdf=None, pdf_sha256="")
    login(client, cast.worker.user)
    assert client.get(reverse("training:certificate_pdf", args=[national["cert"].pk])).content.startswith(
        b"%PDF"
    )
    national["cert"].refresh_from_db()
    assert national["cert"].pdf_sha256


def test_the_public_page_shows_validity_and_only_a_masked_name(
    client: Client, cast: Any, national: dict[str, Any]
) -> None:
    cert = national["cert"]
    url = reverse("training:certificate_verify", args=[cert.verify_token])
    html = get_page(client, url)  # no login
    text = text_of(html)
    assert "有效" in text and cert.number in text and "江**" in text
    assert "江小军" not in html and cast.worker.id_number not in html and cast.worker.user.phone not in html
    certificates.revoke(actor=cast.station_staff, certificate_id=cert.pk, reason="考核材料不实")
    assert "已撤销" in text_of(get_page(client, url))
    assert client.get(reverse("training:certificate_verify", args=["nope"])).status_code == 404
    body = at.ok(at.get(client, f"/training/verify/{cert.verify_token}"))
    assert body["state"] == "revoked" and body["masked_name"] == "江**"
    assert "id_number" not in body and "phone" not in body


def test_an_expired_certificate_says_so(client: Client, cast: Any, national: dict[str, Any]) -> None:
    TrainingCertificate.objects.filter(pk=national["cert"].pk).update(
        expires_on=timezone.localdate() - dt.timedelta(days=1)
    )
    assert "已过期" in text_of(
        get_page(client, reverse("training:certificate_verify", args=[national["cert"].verify_token]))
    )


def test_revocation_needs_staff_in_scope_and_a_reason(cast: Any, national: dict[str, Any]) -> None:
    cert = national["cert"]
    for outsider in (cast.other_station_staff, national["member"], cast.worker.user):
        with pytest.raises(NotFoundError):
            certificates.revoke(actor=outsider, certificate_id=cert.pk, reason="原因说明")
    with pytest.raises(InvalidInput):
        certificates.revoke(actor=cast.station_staff, certificate_id=cert.pk, reason=" ")
    certificates.revoke(actor=cast.centre_staff, certificate_id=cert.pk, reason="重复发证")
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.REVOKED and cert.revoked_at and cert.revoked_reason == "重复发证"
    with pytest.raises(ConflictError):
        certificates.revoke(actor=cast.centre_staff, certificate_id=cert.pk, reason="再次撤销")


def _forklift_job(cast: Any, cert_code: str) -> Any:
    return t.make_job(
        cast.employer,
        admin=cast.admin,
        title="物流园叉车司机",
        occupations=["loader_driver"],
        division="130202",
        lat=cast.worker.home_lat,
        lon=cast.worker.home_lon,
        certificates_required=[cert_code],
    )


def _candidate_ids(job: Any) -> list[int]:
    return [c["worker_id"] for c in candidates_for(job, limit=10, radius_km=20)]


def test_a_national_certificate_reaches_the_profile_when_staff_record_the_official_number(
    cast: Any, national: dict[str, Any]
) -> None:
    cert = national["cert"]
    assert cert.worker_certificate is None
    job = _forklift_job(cast, f.FORKLIFT)
    assert cast.worker.pk not in _candidate_ids(job)
    with pytest.raises(NotFoundError):
        certificates.record_official(
            actor=cast.other_station_staff,
            certificate_id=cert.pk,
            number="TZN1-0001",
            expires_on=timezone.localdate() + dt.timedelta(days=900),
        )
    with pytest.raises(InvalidInput) as exc:
        certificates.record_official(
            actor=cast.station_staff,
            certificate_id=cert.pk,
            number="TZN1-0001",
            expires_on=timezone.localdate() - dt.timedelta(days=1),
        )
    assert "expires_on" in exc.value.errors
    expires = timezone.localdate() + dt.timedelta(days=900)
    cert = certificates.record_official(
        actor=cast.station_staff, certificate_id=cert.pk, number="TZN1-0001", expires_on=expires
    )
    wc = cert.worker_certificate
    assert wc.number == "TZN1-0001" and wc.issuer == "市场监督管理部门" and wc.expires_on == expires
    assert wc.verified_by == cast.station_staff and wc.verified_at is not None
    assert cert.official_recorded_at is not None
    assert cast.worker.pk in _candidate_ids(job)  # the matching index sees it at once
    with pytest.raises(ConflictError) as exc:
        certificates.record_official(
            actor=cast.station_staff, certificate_id=cert.pk, number="TZN1-0002", expires_on=expires
        )
    assert exc.value.code == "already_recorded"


def test_an_official_number_held_by_another_worker_is_refused(
    client: Client, cast: Any, national: dict[str, Any]
) -> None:
    WorkerCertificate.objects.create(
        worker=cast.other_worker, certificate_type_id=f.FORKLIFT, number="TZN1-7777"
    )
    path = f"/training/certificates/{national['cert'].pk}/official"
    token = at.token_of(cast.station_staff)
    expires = (timezone.localdate() + dt.timedelta(days=400)).isoformat()
    at.error(
        at.send(client, "post", path, token, {"number": "tzn1-7777", "expires_on": expires}),
        409,
        "certificate_number_taken",
        "number",
    )
    at.error(
        at.send(client, "post", path, token, {"number": "TZ", "expires_on": expires}),
        422,
        "invalid_input",
        "number",
    )
    at.error(
        at.send(client, "post", path, token, {"number": "TZN1-8888", "expires_on": "2001-01-01"}),
        422,
        None,
        "expires_on",
    )
    at.error(
        at.send(
            client,
            "post",
            path,
            at.token_of(cast.other_station_staff),
            {"number": "TZN1-8888", "expires_on": expires},
        ),
        404,
    )
    at.error(
        at.send(
            client,
            "post",
            path,
            at.token_of(cast.worker.user),
            {"number": "TZN1-8888", "expires_on": expires},
        ),
        404,
    )
    body = at.ok(at.send(client, "post", path, token, {"number": "TZN1-8888", "expires_on": expires}))
    assert body["on_profile"] is True and body["official_recorded"] is True
    assert not WorkerCertificate.objects.filter(worker=cast.worker, number="tzn1-7777").exists()


def test_the_official_page_records_and_revokes(client: Client, cast: Any, national: dict[str, Any]) -> None:
    login(client, cast.station_staff)
    assert "待登记官方证书" in text_of(get_page(client, reverse("training:staff_certificates")))
    url = reverse("training:certificate_official", args=[national["cert"].pk])
    assert "官方证书登记" in text_of(get_page(client, url))
    response = client.post(url, {"number": "TZN1-0101", "expires_on": "2000-01-01"})
    assert response.status_code == 422 and "有效期已过" in text_of(response.content.decode())
    expires = (timezone.localdate() + dt.timedelta(days=400)).isoformat()
    assert client.post(url, {"number": "TZN1-0101", "expires_on": expires}).status_code == 302
    assert "已登记官方证书 TZN1-0101" in text_of(get_page(client, url))
    client.post(
        reverse("training:certificate_revoke", args=[national["cert"].pk]), {"reason": "证书信息有误"}
    )
    assert "已撤销：证书信息有误" in text_of(get_page(client, url))
    client.logout()
    login(client, cast.other_station_staff)
    assert client.get(url).status_code == 404


def test_a_certificate_the_pass_confers_is_on_the_profile_at_once_and_matching_sees_it(cast: Any) -> None:
    ctype = f.skill_certificate_type()
    provider, member = f.provider_with_login(cast)
    course = f.make_course(cast, provider, cert=ctype.code)
    enrolment = f.enrol(course, cast.worker)
    job = _forklift_job(cast, ctype.code)
    assert cast.worker.pk not in _candidate_ids(job)  # the index is built without the certificate
    cert = _pass(member, enrolment)
    wc = cert.worker_certificate
    assert wc is not None and wc.number == cert.number and wc.issuer == provider.name
    assert wc.verified_by == member and wc.verified_at is not None
    assert wc.expires_on == cert.expires_on
    assert cast.worker.pk in _candidate_ids(job)
    with pytest.raises(ConflictError) as exc:
        certificates.record_official(
            actor=cast.admin, certificate_id=cert.pk, number="X-0001", expires_on=None
        )
    assert exc.value.code == "not_national"
    # Revoking it takes it off the profile again.
    certificates.revoke(actor=cast.admin, certificate_id=cert.pk, reason="考核舞弊")
    assert not WorkerCertificate.objects.filter(pk=wc.pk).exists()
    assert cast.worker.pk not in _candidate_ids(job)


def test_the_worker_lists_their_certificates(client: Client, cast: Any, national: dict[str, Any]) -> None:
    login(client, cast.worker.user)
    html = get_page(client, reverse("training:my_certificates"))
    assert national["cert"].number in text_of(html)
    assert reverse("training:certificate_pdf", args=[national["cert"].pk]) in html


def test_api_revoke(client: Client, cast: Any, national: dict[str, Any]) -> None:
    path = f"/training/certificates/{national['cert'].pk}/revoke"
    at.error(
        at.send(client, "post", path, at.token_of(cast.station_staff), {"reason": ""}), 422, None, "reason"
    )
    at.error(at.send(client, "post", path, at.token_of(national["member"]), {"reason": "原因说明"}), 404)
    body = at.ok(at.send(client, "post", path, at.token_of(cast.station_staff), {"reason": "原因说明"}))
    assert body["status"] == "revoked"
    at.error(
        at.send(client, "post", path, at.token_of(cast.station_staff), {"reason": "原因说明"}),
        409,
        "invalid_transition",
    )


# transaction=True: each thread has its own connection and sees committed rows.
@pytest.mark.django_db(transaction=True)
def test_two_staff_recording_one_official_number_for_two_workers_at_once_one_wins(cast: Any) -> None:
    provider, member = f.provider_with_login(cast)
    course = f.make_course(cast, provider)
    certs = []
    for worker in (cast.worker, cast.other_worker):
        enrolment = f.enrol(course, worker)
        results.enter_result(actor=member, enrolment_id=enrolment.pk, score=90)
        certs.append(TrainingCertificate.objects.get(enrolment=enrolment))
    expires = timezone.localdate() + dt.timedelta(days=800)
    barrier = threading.Barrier(2, timeout=30)
    won: list[int] = []
    refused: list[str] = []
    unexpected: list[BaseException] = []
    lock = threading.Lock()

    def record(actor: Any, cert_id: int) -> None:
        try:
            barrier.wait()
            certificates.record_official(
                actor=actor, certificate_id=cert_id, number="TZN1-RACE-01", expires_on=expires
            )
        except ConflictError as exc:
            with lock:
                refused.append(exc.code)
        except BaseException as exc:  # surfaced below
            with lock:
                unexpected.append(exc)
        else:
            with lock:
                won.append(cert_id)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=record, args=(cast.station_staff, certs[0].pk)),
        threading.Thread(target=record, args=(cast.admin, certs[1].pk)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert unexpected == []
    assert len(won) == 1 and refused == ["certificate_number_taken"]
    assert WorkerCertificate.objects.filter(number="TZN1-RACE-01").count() == 1
