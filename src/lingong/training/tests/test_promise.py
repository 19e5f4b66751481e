"""The order's promise: places, enrolled, passed, hired by the ordering employers within the window
(issue 13 §2), in the page, the course section (inclusion tag) and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lingong import apitools as at
from lingong import testing as t
from lingong.engagements.models import Engagement
from lingong.pagetools import get_page, login, text_of
from lingong.training import promise, results
from lingong.training.models import EnrolmentStatus
from lingong.training.tests import certificate_factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(cast: Any) -> dict[str, Any]:
    provider, member = f.provider_with_login(cast)
    a, b = t.enterprise_of(cast.employer), t.enterprise_of(cast.other_employer)
    order = f.make_order(cast, [(a, 1), (b, 1)])
    course = f.make_course(cast, provider, order=order)
    e1 = f.enrol(course, cast.worker)
    e2 = f.enrol(course, cast.other_worker)
    third = t.make_worker(cast.market, name="孙志强")
    f.enrol(course, third, EnrolmentStatus.WITHDRAWN)
    results.enter_result(actor=member, enrolment_id=e1.pk, score=80)
    results.enter_result(actor=member, enrolment_id=e2.pk, score=20)
    return {"order": order, "course": course, "member": member}


def test_a_hire_within_the_window_counts_for_its_employer(cast: Any, order: dict[str, Any]) -> None:
    p = promise.order_promise(order["order"])
    assert (p["places"], p["enrolled"], p["passed"], p["hired"], p["kept"]) == (2, 2, 1, 0, False)
    t.make_engagement(cast.worker, cast.employer)
    p = promise.order_promise(order["order"])
    assert p["hired"] == 1 and not p["kept"]
    rows = {r["enterprise_id"]: r for r in p["employers"]}
    assert rows[t.enterprise_of(cast.employer).pk]["hired"] == 1
    assert rows[t.enterprise_of(cast.employer).pk]["kept"] is True
    assert rows[t.enterprise_of(cast.other_employer).pk]["hired"] == 0
    assert p["window_days"] == 30


def test_a_hire_after_the_window_or_cancelled_before_start_does_not_count(
    cast: Any, order: dict[str, Any]
) -> None:
    engagement = t.make_engagement(cast.worker, cast.employer)
    Engagement.objects.filter(pk=engagement.pk).update(created_at=timezone.now() + dt.timedelta(days=31))
    assert promise.order_promise(order["order"])["hired"] == 0
    Engagement.objects.filter(pk=engagement.pk).update(created_at=timezone.now(), status="cancelled")
    assert promise.order_promise(order["order"])["hired"] == 0
    Engagement.objects.filter(pk=engagement.pk).update(started_at=timezone.now())  # cancelled after it began
    assert promise.order_promise(order["order"])["hired"] == 1


def test_the_promise_page_for_ordering_employers_and_staff_in_scope(
    client: Client, cast: Any, order: dict[str, Any]
) -> None:
    url = reverse("training:order_promise", args=[order["order"].pk])
    for user in (cast.employer, cast.other_employer, cast.station_staff, cast.admin):
        client.logout()
        login(client, user)
        text = text_of(get_page(client, url))
        assert "承诺录用 2 人" in text and "合格 1 人" in text
    for user in (cast.other_station_staff, cast.worker.user, order["member"]):
        client.logout()
        login(client, user)
        assert client.get(url).status_code == 404
    client.logout()
    login(client, cast.employer)
    assert order["order"].title in text_of(get_page(client, reverse("training:order_promises")))


def test_the_course_page_section(cast: Any, order: dict[str, Any]) -> None:
    html = Template("{% load training_promise %}{% order_promise course %}").render(
        Context({"course": order["course"]})
    )
    assert 'data-testid="order-promise"' in html and "承诺录用 2 人" in html
    no_order = f.make_course(cast, order["course"].provider)
    assert (
        Template("{% load training_promise %}{% order_promise course %}")
        .render(Context({"course": no_order}))
        .strip()
        == ""
    )


def test_api_promise(client: Client, cast: Any, order: dict[str, Any]) -> None:
    path = f"/training/orders/{order['order'].pk}/promise"
    body = at.ok(at.get(client, path, at.token_of(cast.other_employer)))
    assert body["places"] == 2 and body["passed"] == 1 and len(body["employers"]) == 2
    at.error(at.get(client, path, at.token_of(cast.other_station_staff)), 404)
    at.error(at.get(client, path, at.token_of(cast.worker.user)), 404)
    at.error(at.get(client, path), 401)
    at.error(at.get(client, "/training/orders/99999/promise", at.token_of(cast.admin)), 404)


def test_home_pages_link_to_training(client: Client, cast: Any, order: dict[str, Any]) -> None:
    login(client, cast.worker.user)
    assert 'data-testid="nav-training-certificates"' in get_page(client, reverse("jobs:list"))
    client.logout()
    login(client, cast.employer)
    assert 'data-testid="employer-training-link"' in get_page(client, reverse("jobs:employer_dashboard"))
    detail = get_page(client, reverse("training:employer_order", args=[order["order"].pk]))
    assert 'data-testid="order-promise-link"' in detail
    client.logout()
    login(client, order["member"])  # the school's login: its courses
    html = get_page(client, reverse("jobs:employer_dashboard"))
    assert 'data-testid="provider-courses-link"' in html
    assert order["course"].title in text_of(get_page(client, reverse("training:courses_to_run")))
    client.logout()
    login(client, cast.station_staff)
    html = get_page(client, reverse("staff:dashboard"))
    assert (
        'data-testid="staff-training-certificates-link"' in html
        and 'data-testid="staff-training-run-link"' in html
    )
