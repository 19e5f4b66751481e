"""Training pages (course part), for each role: the public course list and page, the worker's enrolment and
courses, the employer's orders, staff's queue, providers, orders and courses; the links from each home."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lingong import testing as t
from lingong.pagetools import field_errors, follow, get_page, login, post_page, text_of
from lingong.training import services
from lingong.training.models import (
    Course,
    CourseSession,
    CourseStatus,
    Enrolment,
    EnrolmentChannel,
    EnrolmentStatus,
    OrderStatus,
    TrainingOrder,
    TrainingProvider,
)
from lingong.training.tests import helpers as h

pytestmark = pytest.mark.django_db


def test_each_home_links_to_training(cast: Any) -> None:
    worker = login(Client(), cast.worker.user)
    html = get_page(worker, "/jobs/")
    assert 'data-testid="nav-training"' in html and 'data-testid="training-link"' in html
    assert 'href="/training/courses/"' in html
    employer = get_page(login(Client(), cast.employer), "/employer/")
    assert (
        'data-testid="employer-training-link"' in employer and 'href="/employer/training/orders/"' in employer
    )
    staff = get_page(login(Client(), cast.station_staff), "/staff/")
    assert 'data-testid="staff-training-link"' in staff and 'href="/staff/training/"' in staff


def test_public_list_and_course_page(cast: Any) -> None:
    course = h.course(cast)
    h.course(cast, title="已取消的培训班")
    cancelled = Course.objects.get(title="已取消的培训班")
    services.cancel_course(actor=cast.station_staff, course_id=cancelled.pk)
    client = Client()
    listing = text_of(get_page(client, "/training/courses/"))
    assert course.title in listing and "已取消的培训班" not in listing and "推荐给你" not in listing
    filtered = text_of(get_page(client, "/training/courses/?certificate=health_certificate"))
    assert course.title not in filtered and "暂时没有招生中的培训班" in filtered
    assert course.title in text_of(get_page(client, f"/training/courses/?certificate={h.FORKLIFT}"))
    page = text_of(get_page(client, f"/training/courses/{course.pk}/"))
    for said in (
        "叉车构造",
        "1200.00",
        "800.00",
        "退役军人",
        "长期失业人员",
        "唐山市特种设备检验所",
        "剩余 2 个名额",
    ):
        assert said in page, said
    assert client.get(f"/training/courses/{cancelled.pk}/").status_code == 404
    assert client.get("/training/courses/999999/").status_code == 404
    response = client.post(f"/training/courses/{course.pk}/enrol/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


def test_worker_enrols_waits_and_withdraws(cast: Any) -> None:
    course = h.course(cast, capacity=1)
    first = h.worker(cast, "一号学员")
    services.enrol(actor=first.user, course_id=course.pk)
    client = login(Client(), cast.worker.user)
    html = get_page(client, f"/training/courses/{course.pk}/?from=recommended")
    assert "名额已满，加入候补" in html and 'name="recommended" value="1"' in html
    path, html = follow(client, f"/training/courses/{course.pk}/enrol/", {"recommended": "1"})
    assert path == "/me/training/"
    assert "候补名单第1位" in text_of(html) and 'data-testid="waitlist-position"' in html
    mine = Enrolment.objects.get(course=course, worker=cast.worker)
    assert mine.status == EnrolmentStatus.WAITLISTED and mine.recommended
    page = text_of(get_page(client, f"/training/courses/{course.pk}/"))
    assert "候补中" in page and "候补第 1 位" in page
    _path, html = follow(client, f"/training/courses/{course.pk}/enrol/")
    assert "不能重复报名" in text_of(html)
    # The seated worker leaves: the waiting one is in.
    seated = Enrolment.objects.get(course=course, worker=first)
    assert client.post(f"/training/enrolments/{seated.pk}/withdraw/").status_code == 404
    follow(login(Client(), first.user), f"/training/enrolments/{seated.pk}/withdraw/")
    mine.refresh_from_db()
    assert mine.status == EnrolmentStatus.ENROLLED
    assert "已报名" in text_of(get_page(client, "/me/training/"))


def test_worker_pages_refuse_other_roles(cast: Any) -> None:
    assert login(Client(), cast.employer).get("/me/training/").status_code == 403
    assert Client().get("/me/training/").status_code == 302


def test_employer_submits_and_cancels_an_order(cast: Any) -> None:
    job = h.forklift_job(cast.employer, cast.admin)
    client = login(Client(), cast.employer)
    form = get_page(client, "/employer/training/orders/new/")
    assert job.title in form
    data = {
        "title": "叉车司机订单班",
        "occupation": "forklift_driver",
        "certificate_type": h.FORKLIFT,
        "places": "5",
        "job_ids": [str(job.pk)],
    }
    errors = field_errors(post_page(client, "/employer/training/orders/new/", {**data, "places": "0"}))
    assert errors
    assert not TrainingOrder.objects.exists()
    path, html = follow(client, "/employer/training/orders/new/", data)
    order = TrainingOrder.objects.get()
    assert path == f"/employer/training/orders/{order.pk}/"
    assert "叉车司机订单班" in text_of(html) and job.title in text_of(html)
    assert order.title in text_of(get_page(client, "/employer/training/orders/"))
    assert (
        login(Client(), cast.other_employer).get(f"/employer/training/orders/{order.pk}/").status_code == 404
    )
    follow(client, f"/employer/training/orders/{order.pk}/", {"action": "cancel", "reason": "不需要了"})
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert login(Client(), cast.worker.user).get("/employer/training/orders/").status_code == 403


def test_staff_queue_order_course_and_walk_in(cast: Any) -> None:
    order = h.order(cast)
    provider = h.provider(cast)
    staff = cast.admin
    client = login(Client(), staff)
    queue = text_of(get_page(client, "/staff/training/"))
    assert order.title in queue
    html = get_page(client, f"/staff/training/orders/{order.pk}/")
    assert 'data-testid="make-course"' in html and 'data-testid="add-employer"' in html
    follow(
        client,
        f"/staff/training/orders/{order.pk}/",
        {"action": "employer", "enterprise_id": t.enterprise_of(cast.other_employer).pk, "places": "2"},
    )
    assert order.employers.count() == 2
    form = get_page(client, f"/staff/training/courses/new/?order={order.pk}")
    assert 'data-testid="from-order"' in form and 'value="叉车司机订单班"' in form
    data = h.course_input(provider)
    post = {
        "provider_id": provider.pk,
        "title": data.title,
        "occupation": "forklift_driver",
        "certificate_type": h.FORKLIFT,
        "syllabus": data.syllabus,
        "start_date": data.start_date.isoformat(),  # type: ignore[union-attr]
        "end_date": data.end_date.isoformat(),  # type: ignore[union-attr]
        "place": data.place,
        "division": "130202",
        "capacity": "1",
        "cost_per_person": "1200",
        "subsidy_per_person": "2000",
        "subsidy_groups": ["veteran"],
        "pass_score": "60",
    }
    errors = field_errors(post_page(client, f"/staff/training/courses/new/?order={order.pk}", post))
    assert "培训补贴不能高于培训费用" in errors
    assert not Course.objects.exists()
    path, _html = follow(
        client, f"/staff/training/courses/new/?order={order.pk}", {**post, "subsidy_per_person": "800"}
    )
    course = Course.objects.get()
    assert path == f"/staff/training/courses/{course.pk}/" and course.order_id == order.pk
    order.refresh_from_db()
    assert order.status == OrderStatus.SCHEDULED
    start = f"{course.start_date.isoformat()}T09:00"
    follow(
        client,
        path,
        {"action": "session", "topic": "理论", "starts_at": start, "ends_at": f"{course.start_date}T12:00"},
    )
    assert CourseSession.objects.filter(course=course).count() == 1
    follow(client, path, {"action": "enrol", "phone": cast.worker.user.phone, "waitlist": "on"})
    follow(client, path, {"action": "enrol", "phone": cast.other_worker.user.phone, "waitlist": "on"})
    rows = dict(Enrolment.objects.filter(course=course).values_list("worker_id", "status"))
    assert rows == {
        cast.worker.pk: EnrolmentStatus.ENROLLED,
        cast.other_worker.pk: EnrolmentStatus.WAITLISTED,
    }
    assert set(Enrolment.objects.values_list("channel", flat=True)) == {EnrolmentChannel.STAFF}
    page = post_page(client, path, {"action": "enrol", "phone": "13912340000"})
    assert "该手机号尚未登记" in field_errors(page) and 'data-testid="register-walk-in"' in page
    # Editing the capacity below the seats taken shows the message, not a 500.
    edit = {**post, "subsidy_per_person": "800", "capacity": "0"}
    assert field_errors(post_page(client, f"/staff/training/courses/{course.pk}/edit/", edit))
    _path, html = follow(client, f"/staff/training/courses/{course.pk}/", {"action": "complete"})
    assert "不能进行此操作" in text_of(html)  # not started yet: the message, not an error page
    _path, html = follow(client, path, {"action": "complete"})
    assert "不能进行此操作" in text_of(html)  # not started yet: the message, not an error page
    follow(client, path, {"action": "start"})
    course.refresh_from_db()
    assert course.status == CourseStatus.IN_PROGRESS
    follow(client, path, {"action": "cancel", "reason": "场地问题"})
    course.refresh_from_db()
    assert course.status == CourseStatus.CANCELLED


def test_staff_providers_page_and_scope(cast: Any) -> None:
    admin = login(Client(), cast.admin)
    follow(admin, "/staff/training/providers/", {"name": "唐山技工学校", "is_active": "on"})
    provider = TrainingProvider.objects.get()
    assert "唐山技工学校" in text_of(get_page(admin, "/staff/training/providers/"))
    follow(
        admin, f"/staff/training/providers/{provider.pk}/", {"name": "唐山技工学校二部", "is_active": "on"}
    )
    provider.refresh_from_db()
    assert provider.name == "唐山技工学校二部"
    station = login(Client(), cast.station_staff)
    html = get_page(station, "/staff/training/providers/")
    assert 'data-testid="create-provider"' not in html
    station.post("/staff/training/providers/", {"name": "偷偷添加"})
    assert TrainingProvider.objects.count() == 1
    course = h.course(cast)
    assert (
        login(Client(), cast.other_station_staff).get(f"/staff/training/courses/{course.pk}/").status_code
        == 404
    )
    assert get_page(station, f"/staff/training/courses/{course.pk}/")
    assert login(Client(), cast.worker.user).get("/staff/training/").status_code == 403


def test_course_list_recommends_for_the_worker_needs_the_skills_part(cast: Any) -> None:
    """After the merge (skills.selectors.unlocks_for_worker): "推荐给你", with the places it unlocks."""
    h.forklift_job(cast.employer, cast.admin)
    course = h.course(cast)
    worker = t.make_worker(
        cast.market, name="王小虎", station=cast.station, lat=cast.station.lat, lon=cast.station.lon
    )
    html = get_page(login(Client(), worker.user), "/training/courses/")
    assert 'data-testid="recommended-courses"' in html and "推荐给你" in html
    assert f'href="/training/courses/{course.pk}/?from=recommended"' in html
    assert "学完可多接" in text_of(html)
