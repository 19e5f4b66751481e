"""Daily hours must fit between the daily start and end times, wherever they are set: the posting service,
the job form, the API, and a change of an engagement's terms (contract page and API)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lingong import testing as t
from lingong.apitools import error, job_body, send, token_of
from lingong.contracts.models import Contract
from lingong.core.errors import InvalidInput
from lingong.engagements.models import Engagement
from lingong.jobs import services as job_services
from lingong.jobs.forms import JobForm
from lingong.jobs.models import JobPosting

pytestmark = pytest.mark.django_db
EVENING = {"daily_start_time": dt.time(16, 30), "daily_end_time": dt.time(21, 30)}


def test_the_service_refuses_more_hours_than_the_window(cast):
    with pytest.raises(InvalidInput) as refused:
        job_services.create_job(actor=cast.employer, data=t.job_input(daily_hours=Decimal("8"), **EVENING))
    assert "16:30–21:30" in refused.value.errors["daily_hours"][0]
    assert JobPosting.objects.count() == 0
    job = job_services.create_job(actor=cast.employer, data=t.job_input(daily_hours=Decimal("5"), **EVENING))
    with pytest.raises(InvalidInput):
        job_services.update_job(
            actor=cast.employer, job_id=job.pk, data=t.job_input(daily_hours=Decimal("5.5"), **EVENING)
        )
    night = t.job_input(
        daily_start_time=dt.time(22, 0), daily_end_time=dt.time(6, 0), daily_hours=Decimal("8")
    )
    assert job_services.create_job(actor=cast.employer, data=night).daily_hours == Decimal("8")


def test_the_api_answers_422_on_the_daily_hours(cast, client):
    response = send(
        client,
        "post",
        "/jobs",
        token_of(cast.employer),
        job_body(daily_start_time="16:30", daily_end_time="21:30", daily_hours="8"),
    )
    error(response, 422, "invalid_input", "daily_hours")
    assert "5 小时" in response.json()["errors"]["daily_hours"][0]


def _form_data(**overrides):
    today = timezone.localdate()
    data = {
        "title": "银行食堂招厨师2名",
        "occupations": ["chinese_cook"],
        "description": "负责员工食堂午餐和晚餐的制作。",
        "headcount": "2",
        "pay_unit": "day",
        "pay_amount": "300",
        "division": "130202",
        "address": "唐山市路南区新华东道",
        "start_date": (today + dt.timedelta(days=1)).isoformat(),
        "end_date": (today + dt.timedelta(days=7)).isoformat(),
        "daily_start_time": "16:30",
        "daily_end_time": "21:30",
        "daily_hours": "8",
        "settlement_cycle": "daily",
    }
    data.update(overrides)
    return data


def test_the_job_form_says_why_on_the_page(cast):
    form = JobForm(_form_data())
    assert not form.is_valid()
    assert "daily_hours" in form.errors
    assert JobForm(_form_data(daily_hours="5")).is_valid(), JobForm(_form_data(daily_hours="5")).errors
    client = Client()
    client.force_login(cast.employer)
    page = client.post(reverse("jobs:job_new"), _form_data())
    assert page.status_code == 200
    assert "超过了上下班时间 16:30–21:30" in page.content.decode()
    assert JobPosting.objects.count() == 0


def test_new_terms_are_checked_against_the_window(cast, client):
    engagement = t.make_engagement(
        cast.worker, cast.employer, insurance_required=False, **EVENING, daily_hours=5
    )
    contract = Contract.objects.get(engagement=engagement, version=1)
    response = send(
        client,
        "post",
        f"/contracts/by-engagement/{engagement.pk}/amend",
        token_of(cast.employer),
        {"daily_hours": "8"},
    )
    error(response, 422, "invalid_input", "daily_hours")
    page_client = Client()
    page_client.force_login(cast.employer)
    page = page_client.post(
        reverse("contracts:amend", args=[contract.pk]),
        {
            "pay_amount": "300",
            "pay_unit": "day",
            "start_date": engagement.start_date.isoformat(),
            "end_date": engagement.end_date.isoformat(),
            "daily_start_time": "16:30",
            "daily_end_time": "21:30",
            "daily_hours": "8",
            "settlement_cycle": engagement.settlement_cycle,
        },
    )
    assert page.status_code == 422
    assert "超过了上下班时间" in page.content.decode()
    assert Engagement.objects.get(pk=engagement.pk).daily_hours == Decimal("5.0")
    assert Contract.objects.filter(engagement=engagement).count() == 1


@pytest.mark.parametrize("amount", ["0", "0.00", "-1"])
def test_a_job_paying_nothing_is_refused_by_the_service_the_api_and_the_page(cast, client, amount):
    with pytest.raises(InvalidInput) as refused:
        job_services.create_job(actor=cast.employer, data=t.job_input(pay_amount=Decimal(amount)))
    assert refused.value.errors["pay_amount"]
    response = send(client, "post", "/jobs", token_of(cast.employer), job_body(pay_amount=amount))
    error(response, 422, "invalid_input", "pay_amount")
    negotiable = send(
        client, "post", "/jobs", token_of(cast.employer), job_body(pay_unit="negotiable", pay_amount=amount)
    )
    error(negotiable, 422, "invalid_input", "pay_amount")
    page_client = Client()
    page_client.force_login(cast.employer)
    page = page_client.post(reverse("jobs:job_new"), _form_data(pay_amount=amount, daily_hours="5"))
    assert page.status_code == 200
    assert JobPosting.objects.count() == 0
    if amount != "-1":
        assert "报酬应大于0" in page.content.decode()
        assert "报酬应大于0" in response.json()["errors"]["pay_amount"]
