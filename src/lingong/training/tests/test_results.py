"""Results: score -> PASSED / FAILED, correction of a fail, bad input, who may enter (issue 13 §2)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from lingong import apitools as at
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError
from lingong.pagetools import get_page, login, text_of
from lingong.training import attendance, results
from lingong.training.models import CourseStatus, EnrolmentStatus, TrainingCertificate
from lingong.training.tests import certificate_factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def klass(cast: Any) -> dict[str, Any]:
    provider, member = f.provider_with_login(cast)
    course = f.make_course(cast, provider)
    return {"member": member, "course": course, "enrolment": f.enrol(course, cast.worker)}


def test_a_score_at_the_pass_mark_passes_and_issues_the_certificate(cast: Any, klass: dict[str, Any]) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        e = results.enter_result(
            actor=klass["member"], enrolment_id=klass["enrolment"].pk, score="60", note="实操良好"
        )
    assert e.status == EnrolmentStatus.PASSED and e.score == Decimal("60.0") and e.passed_at is not None
    assert e.result_by == klass["member"] and e.result_note == "实操良好"
    cert = TrainingCertificate.objects.get(enrolment=e)
    assert cert.pdf is not None and cert.pdf_sha256  # the task ran after commit (Huey immediate in tests)


def test_a_low_score_fails_and_a_fail_may_be_corrected_to_a_pass(cast: Any, klass: dict[str, Any]) -> None:
    e = results.enter_result(actor=klass["member"], enrolment_id=klass["enrolment"].pk, score=59.9)
    assert e.status == EnrolmentStatus.FAILED and not TrainingCertificate.objects.exists()
    e = results.enter_result(actor=klass["member"], enrolment_id=e.pk, score=40)
    assert e.status == EnrolmentStatus.FAILED and e.score == Decimal("40")
    e = results.enter_result(actor=cast.station_staff, enrolment_id=e.pk, score=75)
    assert e.status == EnrolmentStatus.PASSED and TrainingCertificate.objects.filter(enrolment=e).exists()
    with pytest.raises(ConflictError) as exc:
        results.enter_result(actor=klass["member"], enrolment_id=e.pk, score=30)
    assert exc.value.code == "already_passed"


@pytest.mark.parametrize("score", ["-1", "100.1", "abc", "", "60.25", "NaN", "Infinity"])
def test_a_score_outside_0_to_100_is_refused(cast: Any, klass: dict[str, Any], score: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        results.enter_result(actor=klass["member"], enrolment_id=klass["enrolment"].pk, score=score)
    assert "score" in exc.value.errors
    klass["enrolment"].refresh_from_db()
    assert klass["enrolment"].status == EnrolmentStatus.ENROLLED


def test_no_result_before_the_course_started_nor_for_a_withdrawn_learner(
    cast: Any, klass: dict[str, Any]
) -> None:
    later = f.make_course(
        cast,
        klass["course"].provider,
        start=timezone.localdate() + dt.timedelta(days=7),
        status=CourseStatus.ENROLLING,
    )
    e = f.enrol(later, cast.other_worker)
    with pytest.raises(ConflictError) as exc:
        results.enter_result(actor=klass["member"], enrolment_id=e.pk, score=90)
    assert exc.value.code == "course_not_started"
    gone = f.enrol(klass["course"], cast.other_worker, EnrolmentStatus.WITHDRAWN)
    with pytest.raises(ConflictError) as exc:
        results.enter_result(actor=klass["member"], enrolment_id=gone.pk, score=90)
    assert exc.value.code == "invalid_transition"


def test_only_the_provider_and_staff_in_scope_enter_results(cast: Any, klass: dict[str, Any]) -> None:
    for outsider in (cast.other_station_staff, cast.employer, cast.worker.user):
        with pytest.raises(NotFoundError):
            results.enter_result(actor=outsider, enrolment_id=klass["enrolment"].pk, score=90)
    assert not TrainingCertificate.objects.exists()


def test_the_results_page_shows_attendance_and_takes_a_score(
    client: Client, cast: Any, klass: dict[str, Any]
) -> None:
    session = f.make_session(klass["course"])
    attendance.mark_present(actor=klass["member"], session_id=session.pk, enrolment_id=klass["enrolment"].pk)
    login(client, klass["member"])
    url = reverse("training:course_results", args=[klass["course"].pk])
    text = text_of(get_page(client, url))
    assert "出勤 1 次" in text and cast.worker.masked_name in text
    response = client.post(url, {"enrolment": klass["enrolment"].pk, "score": "101"})
    assert response.status_code == 422 and "0至100" in text_of(response.content.decode())
    response = client.post(url, {"enrolment": klass["enrolment"].pk, "score": "88"})
    assert response.status_code == 302
    text = text_of(get_page(client, url))
    assert "考核合格" in text and "证书 LG" in text
    client.logout()
    login(client, cast.other_station_staff)
    assert client.get(url).status_code == 404


def test_api_result(client: Client, cast: Any, klass: dict[str, Any]) -> None:
    path = f"/training/enrolments/{klass['enrolment'].pk}/result"
    token = at.token_of(klass["member"])
    at.error(at.send(client, "post", path, token, {"score": 120}), 422, "invalid_input", "score")
    at.error(at.send(client, "post", path, token, {"score": 70, "note": "长" * 201}), 422)
    at.error(at.send(client, "post", path, at.token_of(cast.other_station_staff), {"score": 70}), 404)
    at.error(at.send(client, "post", path, None, {"score": 70}), 401)
    body = at.ok(at.send(client, "post", path, token, {"score": 70, "note": ""}))
    assert body["status"] == "passed" and body["certificate"]["number"].startswith("LG")
    assert "/training/verify/" in body["certificate"]["verify_url"]
    at.error(at.send(client, "post", path, token, {"score": 80}), 409, "already_passed")
