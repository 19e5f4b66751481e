"""The demo's order-based training (issue 13 §4): the forklift order of two employers, the finished course
(8 passed, 6 official numbers, 4 hired, 2 failed, 2 withdrawn), the verification page, next week's full
course with a waiting list; the station staff run them; a reset rebuilds them once (test_seed.py)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lingong.accounts.models import User
from lingong.demo.cast import EMPLOYER_PHONE, STATION_STAFF_PHONE
from lingong.demo.training import COURSE_TITLE, NEXT_COURSE_TITLE, ORDER_CODE, PROVIDER_NAME
from lingong.jobs.models import JobStatus
from lingong.pagetools import get_page, text_of
from lingong.training import promise
from lingong.training.models import (
    Course,
    CourseStatus,
    EnrolmentStatus,
    TrainingCertificate,
    TrainingOrder,
    TrainingProvider,
)

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo_seed")]


def _login(client: Client, phone: str) -> None:
    assert client.post("/accounts/login/", {"phone": phone, "password": "Lingong2026"}).status_code == 302


def test_demo_builds_the_forklift_order_its_graduates_and_next_weeks_course(seeded: str) -> None:
    order = TrainingOrder.objects.get(code=ORDER_CODE)
    assert TrainingProvider.objects.filter(name=PROVIDER_NAME).count() == 1
    assert order.employers.count() == 2
    for link in order.employers.all():
        assert link.jobs.filter(
            status=JobStatus.OPEN, certificates_required__code="special_equipment_forklift"
        ).exists()
    done = Course.objects.get(title=COURSE_TITLE)
    assert done.status == CourseStatus.COMPLETED
    counts = {s: done.enrolments.filter(status=s).count() for s in EnrolmentStatus.values}
    assert (counts["passed"], counts["failed"], counts["withdrawn"]) == (8, 2, 2)
    certs = TrainingCertificate.objects.filter(enrolment__course=done)
    assert certs.count() == 8 and certs.filter(official_recorded_at__isnull=False).count() == 6
    p = promise.order_promise(order)
    assert (p["places"], p["enrolled"], p["passed"], p["hired"]) == (
        6,
        16,
        8,
        4,
    )  # both courses of the order: 10 + 6 seated
    nxt = Course.objects.get(title=NEXT_COURSE_TITLE)
    assert nxt.status == CourseStatus.ENROLLING and nxt.sessions.count() == 5
    assert nxt.enrolments.filter(status=EnrolmentStatus.ENROLLED).count() == nxt.capacity
    assert nxt.enrolments.filter(status=EnrolmentStatus.WAITLISTED).count() == 3
    assert all(s.checkin_token for s in nxt.sessions.all())

    client = Client()
    cert = certs.order_by("pk").first()
    assert cert is not None
    text = text_of(get_page(client, reverse("training:certificate_verify", args=[cert.verify_token])))
    assert "有效" in text and cert.number in text and cert.enrolment.worker.real_name not in text
    _login(client, STATION_STAFF_PHONE)
    assert COURSE_TITLE in text_of(get_page(client, reverse("training:courses_to_run")))
    assert get_page(client, reverse("training:course_results", args=[done.pk]))
    response = client.get(reverse("training:certificate_pdf", args=[cert.pk]))  # rendered on first download
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    client.logout()
    _login(client, EMPLOYER_PHONE)
    assert "承诺录用 6 人" in text_of(get_page(client, reverse("training:order_promise", args=[order.pk])))
    assert User.objects.get(phone=EMPLOYER_PHONE)
