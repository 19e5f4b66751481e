"""Every form with a date, time, datetime or decimal field survives a round trip through its page.

For each form: render its page for an existing object (or with its initial values), read the inputs' values
out of the HTML as a browser would send them, submit them unchanged and check the same object comes back
(same field values, no spurious change). ``test_every_form_with_dates_times_or_decimals_is_covered`` finds
every such form in the project and fails when one has no round trip here, so a new form needs one.

The pages are rendered in zh-hans, the language whose date format ("2026/12/03") broke the date inputs;
``test_widgets_render_wire_formats_in_every_language`` checks the widgets in other languages too.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

import lingong
from lingong import testing as t
from lingong.contracts.forms import AmendForm
from lingong.contracts.models import Contract
from lingong.core import widgets
from lingong.core.validators import make_resident_id
from lingong.housekeeping.forms import BookingForm, ServiceForm  # issue 13 roundtrips
from lingong.housekeeping.models import Booking, HousekeepingService  # issue 13 roundtrips
from lingong.housekeeping.tests import booking_fixtures  # issue 13 roundtrips
from lingong.jobs.forms import JobForm
from lingong.jobs.models import JobPosting
from lingong.live.models import LiveSession  # issue 12 live-office
from lingong.live.office_forms import ScheduleForm  # issue 12 live-office
from lingong.live.tests import office_helpers  # issue 12 live-office
from lingong.org.models import MarketPolicy
from lingong.org.policy_defaults import EDITABLE_FIELDS
from lingong.org.policy_views import PolicyForm
from lingong.pagetools import field_errors, form_values, get_page, login, rendered_values, text_of
from lingong.recruit.models import QuickRecruit
from lingong.training.forms import CourseForm, SessionForm  # issue 13 roundtrips
from lingong.training.models import Course, CourseSession  # issue 13 roundtrips
from lingong.training.tests import helpers as training_helpers  # issue 13 roundtrips
from lingong.workers import services as worker_services
from lingong.workers.forms import CertificateForm, ProfileForm
from lingong.workers.models import WorkerCertificate, WorkerProfile

TYPED_FIELDS = (forms.DateField, forms.TimeField, forms.DateTimeField, forms.DecimalField)
SKIPPED_MODULES = (".tests", ".migrations", "lingong.bench", "conftest")


def _lingong_forms() -> Iterator[type[forms.BaseForm]]:
    """Every form class defined in the project (importing each module so that all are defined)."""
    for module in pkgutil.walk_packages(lingong.__path__, "lingong."):
        if not any(part in module.name for part in SKIPPED_MODULES):
            importlib.import_module(module.name)
    seen: set[type] = set()
    stack = list(forms.BaseForm.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls not in seen and cls.__module__.startswith("lingong.") and ".tests." not in cls.__module__:
            seen.add(cls)
            yield cls


def _typed_fields(cls: type[forms.BaseForm]) -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = cls.base_fields  # type: ignore[attr-defined]
    return {name: f for name, f in fields.items() if isinstance(f, TYPED_FIELDS)}


def _dotted(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _only(values: dict[str, list[str]], form: type[forms.BaseForm]) -> dict[str, list[str]]:
    """The submitted values of ``form``'s own fields (no CSRF token, no submit buttons)."""
    names = form().fields  # an instance: some fields are added in __init__
    return {k: v for k, v in values.items() if k in names}


def _cleaned(form: type[forms.BaseForm], values: dict[str, list[str]]) -> dict[str, Any]:
    """What ``form`` makes of submitted values: "8" and "8.0" hours are the same hours."""
    bound = form(_query(values))
    assert bound.is_valid(), bound.errors
    return bound.cleaned_data


def _query(values: dict[str, list[str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, items in values.items():
        query.setlist(name, items)
    return query


# --- The round trips ------------------------------------------------------------------------------------


def _job_edit(cast: Any) -> None:
    today = timezone.localdate()
    job = t.make_job(
        cast.employer,
        admin=cast.admin,
        pay_amount=Decimal("350.50"),
        start_date=today + dt.timedelta(days=3),
        end_date=today + dt.timedelta(days=40),
        daily_start_time=dt.time(7, 30),
        daily_end_time=dt.time(16, 30),
        daily_hours=Decimal("7.5"),
    )
    before = JobForm.initial_for(job)
    client = login(Client(), cast.employer)
    url = reverse("jobs:job_edit", args=[job.pk])
    sent = form_values(get_page(client, url), containing="title")
    assert sent["start_date"] == [job.start_date.isoformat()]
    assert sent["end_date"] == [job.end_date.isoformat()]
    assert (sent["daily_start_time"], sent["daily_end_time"]) == (["07:30"], ["16:30"])
    assert (sent["pay_amount"], sent["daily_hours"]) == (["350.50"], ["7.5"])
    response = client.post(url, sent)
    assert response.status_code == 302, field_errors(response.content.decode())
    job.refresh_from_db()
    assert JobForm.initial_for(job) == before
    assert _only(form_values(get_page(client, url), containing="title"), JobForm) == _only(sent, JobForm)


def _job_new(cast: Any) -> None:
    """The new-job form's defaults (today, a week, 8 hours) are sent as rendered and come back."""
    today = timezone.localdate()
    client = login(Client(), cast.employer)
    sent = form_values(get_page(client, reverse("jobs:job_new")), containing="title")
    assert sent["start_date"] == [today.isoformat()]
    assert sent["end_date"] == [(today + dt.timedelta(days=7)).isoformat()]
    assert sent["daily_hours"] == ["8"]
    sent.update(
        title=["路南物流园装卸工"],
        description=["物流园装卸货物，日结。"],
        occupations=["loader_driver"],
        division=[t.LUNAN],
        address=["唐山市路南区物流园"],
        pay_amount=["260.50"],
    )
    response = client.post(reverse("jobs:job_new"), sent)
    assert response.status_code == 302, field_errors(response.content.decode())
    job = JobPosting.objects.get(title="路南物流园装卸工")
    assert (job.start_date, job.end_date) == (today, today + dt.timedelta(days=7))
    back = rendered_values(JobForm(initial=JobForm.initial_for(job)))
    assert _cleaned(JobForm, back) == _cleaned(JobForm, _only(sent, JobForm))


def _job_from_sentence(cast: Any) -> None:
    """ "Paste one sentence" fills dates, times and hours; the filled form submits as it is."""
    today = timezone.localdate()
    client = login(Client(), cast.employer)
    sentence = "明天开始招装卸工3名，早8晚5，干6个月，日结300"
    response = client.post(reverse("jobs:job_new"), {"sentence": sentence, "parse": "1"})
    sent = form_values(response.content.decode(), containing="title")
    start = today + dt.timedelta(days=1)
    assert sent["start_date"] == [start.isoformat()]
    assert (sent["daily_start_time"], sent["daily_end_time"], sent["daily_hours"]) == (
        ["08:00"],
        ["17:00"],
        ["9.0"],
    )
    sent.update(division=[t.LUNAN], address=["唐山市路南区物流园"])
    response = client.post(reverse("jobs:job_new"), sent)
    assert response.status_code == 302, field_errors(response.content.decode())
    job = JobPosting.objects.get(description=sentence)
    assert (job.start_date, job.daily_start_time, job.daily_end_time) == (start, dt.time(8), dt.time(17))
    assert (job.headcount, job.pay_amount, job.daily_hours) == (3, Decimal("300.00"), Decimal("9.0"))
    back = rendered_values(JobForm(initial=JobForm.initial_for(job)))
    assert _cleaned(JobForm, back) == _cleaned(JobForm, _only(sent, JobForm))


def _staff_job_new(cast: Any) -> None:
    today = timezone.localdate()
    client = login(Client(), cast.admin)
    sent = form_values(get_page(client, reverse("staff:job_new")), containing="title")
    assert sent["start_date"] == [today.isoformat()]
    assert sent["daily_hours"] == ["8"]
    sent.update(
        enterprise=[str(t.enterprise_of(cast.employer).pk)],
        title=["急招厨师2名"],
        description=["银行职工食堂中餐厨师，需有健康证。"],
        occupations=["chinese_cook"],
        division=[t.LUNAN],
        address=["唐山市路南区新华道"],
        headcount=["2"],
        pay_amount=["280.00"],
        daily_start_time=["09:00"],
        daily_end_time=["18:00"],
    )
    response = client.post(reverse("staff:job_new"), sent)
    assert response.status_code == 302, field_errors(response.content.decode())
    job = JobPosting.objects.get(title="急招厨师2名")
    assert (job.start_date, job.daily_start_time, job.pay_amount) == (today, dt.time(9), Decimal("280.00"))
    back = rendered_values(JobForm(initial=JobForm.initial_for(job)))
    assert _cleaned(JobForm, back) == _cleaned(JobForm, _only(sent, JobForm))


def _set_availability(worker: WorkerProfile) -> None:
    data = worker_services.ProfileInput(
        expected_pay=Decimal("280.50"),
        availability=[(day, dt.time(7, 0), dt.time(17, 30)) for day in range(5)],
    )
    worker_services.update_profile(actor=worker.user, worker_id=worker.pk, data=data)


def _profile(cast: Any) -> None:
    worker = cast.worker
    _set_availability(worker)
    worker.refresh_from_db()
    before = ProfileForm.initial_for(worker)
    client = login(Client(), worker.user)
    url = reverse("workers:profile")
    sent = form_values(get_page(client, url), containing="real_name")
    assert (sent["work_start"], sent["work_end"], sent["expected_pay"]) == (["07:00"], ["17:30"], ["280.50"])
    response = client.post(url, sent)
    assert response.status_code == 302, field_errors(response.content.decode())
    worker.refresh_from_db()
    assert ProfileForm.initial_for(worker) == before
    again = form_values(get_page(client, url), containing="real_name")
    assert _only(again, ProfileForm) == _only(sent, ProfileForm)


def _walk_in(cast: Any) -> None:
    """The walk-in form's default hours (08:00-18:00) are sent as rendered and stored as such."""
    client = login(Client(), cast.station_staff)
    url = reverse("staff:walk_in")
    sent = form_values(get_page(client, url), containing="phone")
    assert (sent["work_start"], sent["work_end"]) == (["08:00"], ["18:00"])
    sent.update(
        phone=["13922223333"],
        real_name=["王大力"],
        id_number=[make_resident_id(t.LUNAN, dt.date(1985, 3, 9), 31)],
        skill_0=["loader_driver"],
        years_0=["5"],
        workdays=["0", "1", "2"],
        expected_pay=["300.50"],
        consent_channel=["paper"],
        consent_reference=["ZS-2026-0001"],
    )
    response = client.post(url, sent)
    assert response.status_code == 302, field_errors(response.content.decode())
    worker = WorkerProfile.objects.get(user__phone="13922223333")
    assert [(s.start_time, s.end_time) for s in worker.availability.all()] == [(dt.time(8), dt.time(18))] * 3
    assert worker.expected_pay == Decimal("300.50")
    back = rendered_values(ProfileForm(initial=ProfileForm.initial_for(worker)))
    submitted = _only(sent, ProfileForm)
    for values in (back, submitted):
        values.pop("id_number")  # never shown again: it is stored encrypted
    assert _cleaned(ProfileForm, back) == _cleaned(ProfileForm, submitted)


def _certificate(cast: Any) -> None:
    """A certificate's expiry date goes in through the profile page and renders back the same."""
    worker = cast.worker
    client = login(Client(), worker.user)
    sent = form_values(get_page(client, reverse("workers:profile")), containing="certificate_type")
    assert sent.get("expires_on", [""]) == [""]
    sent.update(number=["T130202198503090031"], issuer=["唐山市应急管理局"], expires_on=["2028-06-30"])
    response = client.post(reverse("workers:add_certificate"), sent)
    assert response.status_code == 302
    cert = WorkerCertificate.objects.get(worker=worker)
    assert cert.expires_on == dt.date(2028, 6, 30)
    initial = {
        "certificate_type": cert.certificate_type_id,
        "number": cert.number,
        "issuer": cert.issuer,
        "expires_on": cert.expires_on,
    }
    assert rendered_values(CertificateForm(initial=initial)) == _only(sent, CertificateForm)


def _amend(cast: Any) -> None:
    """The contract's change-of-terms form shows the current terms; sent unchanged it changes nothing."""
    engagement = t.make_engagement(
        cast.worker,
        cast.employer,
        pay_amount=Decimal("320.50"),
        daily_start_time=dt.time(8, 0),
        daily_end_time=dt.time(17, 30),
        daily_hours=Decimal("8.5"),
        overtime_rate=Decimal("40.25"),
    )
    contract = Contract.objects.get(engagement=engagement)
    client = login(Client(), cast.employer)
    sent = form_values(
        get_page(client, reverse("contracts:detail", args=[contract.pk])), containing="daily_hours"
    )
    assert sent["start_date"] == [engagement.start_date.isoformat()]
    assert (sent["daily_start_time"], sent["daily_end_time"]) == (["08:00"], ["17:30"])
    assert (sent["pay_amount"], sent["daily_hours"], sent["overtime_rate"]) == (
        ["320.50"],
        ["8.5"],
        ["40.25"],
    )
    response = client.post(reverse("contracts:amend", args=[contract.pk]), sent)
    assert response.status_code == 422
    assert "请至少修改一项条款" in text_of(response.content.decode())
    assert Contract.objects.filter(engagement=engagement).count() == 1
    form = AmendForm(_query(sent))
    assert form.is_valid(), form.errors
    engagement.refresh_from_db()
    assert form.cleaned_data["daily_hours"] == engagement.daily_hours
    assert form.cleaned_data["start_date"] == engagement.start_date


def _calculator(cast: Any) -> None:
    client = Client()
    url = reverse("settlement:calculator")
    page = get_page(client, f"{url}?amount=4321.05")
    sent = form_values(page, containing="amount")
    assert sent["amount"] == ["4321.05"]
    again = get_page(client, url + "?" + "&".join(f"{k}={v[0]}" for k, v in sent.items()))
    assert form_values(again, containing="amount") == sent
    assert text_of(again) == text_of(page)


def _quick_recruit(cast: Any) -> None:
    """The start form shows its defaults; sent unchanged it starts a campaign at exactly those times."""
    job = t.make_job(cast.employer, admin=cast.admin, headcount=3, daily_start_time=dt.time(7, 30),
                     daily_end_time=dt.time(16, 30), daily_hours=Decimal("8"))  # fmt: skip
    client = login(Client(), cast.employer)
    url = reverse("recruit:start", args=[job.pk])
    sent = form_values(get_page(client, url), containing="fill_deadline")
    starts = dt.datetime.fromisoformat(sent["starts_at"][0])
    assert sent["headcount"] == ["3"] and starts.second == 0
    response = client.post(url, {k: v[0] for k, v in sent.items()})
    assert response.status_code == 302, field_errors(response.content.decode())
    campaign = QuickRecruit.objects.get(job=job)
    assert timezone.localtime(campaign.starts_at).replace(tzinfo=None) == starts
    assert timezone.localtime(campaign.fill_deadline).replace(tzinfo=None) == dt.datetime.fromisoformat(
        sent["fill_deadline"][0]
    )


def _browse(cast: Any) -> None:
    on_date = timezone.localdate() + dt.timedelta(days=5)
    t.make_job(cast.employer, admin=cast.admin, pay_amount=Decimal("300"))
    client = Client()
    page = get_page(client, f"/jobs/?pay_min=250.50&on_date={on_date.isoformat()}")
    sent = form_values(page, containing="pay_min")
    assert (sent["pay_min"], sent["on_date"]) == (["250.50"], [on_date.isoformat()])
    again = client.get("/jobs/", sent)
    assert form_values(again.content.decode(), containing="pay_min") == sent
    assert text_of(again.content.decode()) == text_of(page)


def _policy(cast: Any) -> None:
    client = login(Client(), cast.admin)
    url = reverse("org:policy")
    sent = form_values(get_page(client, url), containing="max_pay")
    before = MarketPolicy.objects.filter(market=cast.market).values(*EDITABLE_FIELDS, "version").first()
    assert all("," not in v[0] for v in sent.values())
    response = client.post(url, sent)
    assert response.status_code == 302, field_errors(response.content.decode())
    after = MarketPolicy.objects.filter(market=cast.market).values(*EDITABLE_FIELDS, "version").first()
    assert after == before  # nothing saved, no new version: the form saw no change
    again = form_values(get_page(client, url), containing="max_pay")
    assert _only(again, PolicyForm) == _only(sent, PolicyForm)


def _fair_details(cast: Any) -> None:  # issue 12 fairs-a
    """The staff fair page's details form: sent unchanged, the fair keeps its dates and hours."""
    from lingong.fairs.models import JobFair  # issue 12 fairs-a: kept beside its round trip for the merge
    from lingong.fairs.tests.helpers import make_fair  # issue 12 fairs-a: as above

    fair = make_fair(cast.station_staff, opens_at=dt.time(8, 30), closes_at=dt.time(17, 45))
    client = login(Client(), cast.station_staff)
    url = f"/staff/fairs/{fair.code}/"
    sent = form_values(get_page(client, url), containing="floor_width")
    assert sent["opens_at"] == ["08:30"] and sent["starts_on"] == [fair.starts_on.isoformat()]
    response = client.post(url, {**{k: v[0] for k, v in sent.items()}, "action": "details"})
    assert response.status_code == 302, field_errors(response.content.decode())
    again = JobFair.objects.get(pk=fair.pk)
    assert (again.starts_on, again.opens_at, again.closes_at) == (
        fair.starts_on,
        fair.opens_at,
        fair.closes_at,
    )


def _live_schedule(cast: Any) -> None:
    """Issue 12 live-office: the schedule form of an existing session, sent unchanged, changes nothing."""
    session = office_helpers.session(cast)
    client = login(Client(), cast.station_staff)
    url = f"/staff/live/{session.code}/edit/"
    sent = form_values(get_page(client, url), containing="title")
    assert sent["starts_at"] == [timezone.localtime(session.starts_at).strftime("%Y-%m-%dT%H:%M")]
    response = client.post(url, sent)
    assert response.status_code == 302, field_errors(response.content.decode())
    again = LiveSession.objects.get(pk=session.pk)
    assert (again.starts_at, again.planned_minutes, again.title) == (
        session.starts_at,
        session.planned_minutes,
        session.title,
    )
    again_sent = form_values(get_page(client, url), containing="title")
    assert _only(again_sent, ScheduleForm) == _only(sent, ScheduleForm)


# issue 13 roundtrips: the training course and session forms, the household booking and the catalogue entry.


def _course_edit(cast: Any) -> None:
    """The staff course edit page, sent unchanged, keeps the course's dates, money and pass mark."""
    start = timezone.localdate() + dt.timedelta(days=9)
    course = training_helpers.course(
        cast,
        start_date=start,
        end_date=start + dt.timedelta(days=12),
        exam_date=start + dt.timedelta(days=13),
        cost_per_person=Decimal("1234.56"),
        subsidy_per_person=Decimal("800.50"),
        pass_score=Decimal("72.5"),
        lat=39.6243,
        lon=118.1801,
        sessions=[training_helpers.session(start)],
    )
    before = CourseForm.initial_for(course)
    client = login(Client(), cast.station_staff)
    url = reverse("training:staff_course_edit", args=[course.pk])
    sent = form_values(get_page(client, url), containing="syllabus")
    assert (sent["start_date"], sent["end_date"], sent["exam_date"]) == (
        [start.isoformat()],
        [(start + dt.timedelta(days=12)).isoformat()],
        [(start + dt.timedelta(days=13)).isoformat()],
    )
    assert (sent["cost_per_person"], sent["subsidy_per_person"], sent["pass_score"]) == (
        ["1234.56"],
        ["800.50"],
        ["72.5"],
    )
    assert (sent["lat"], sent["lon"]) == (["39.6243"], ["118.1801"])
    response = client.post(url, sent)
    assert response.status_code == 302, field_errors(response.content.decode())
    assert CourseForm.initial_for(Course.objects.get(pk=course.pk)) == before
    again = form_values(get_page(client, url), containing="syllabus")
    assert _only(again, CourseForm) == _only(sent, CourseForm)


def _course_session(cast: Any) -> None:
    """The course page's add-a-session form: the times typed are the session's, rendered back the same."""
    course = training_helpers.course(cast)
    client = login(Client(), cast.station_staff)
    url = reverse("training:staff_course", args=[course.pk])
    sent = form_values(get_page(client, url), containing="starts_at")
    assert (sent["action"], sent.get("starts_at"), sent.get("ends_at")) == (["session"], [""], [""])
    day = course.start_date + dt.timedelta(days=2)
    sent.update(
        topic=["实操考核模拟"],
        starts_at=[f"{day.isoformat()}T14:30"],
        ends_at=[f"{day.isoformat()}T17:45"],
    )
    response = client.post(url, sent)
    assert response.status_code == 302, field_errors(response.content.decode())
    session = CourseSession.objects.get(course=course, topic="实操考核模拟")
    starts = timezone.make_aware(dt.datetime.combine(day, dt.time(14, 30)))
    assert (session.starts_at, session.ends_at) == (starts, starts + dt.timedelta(hours=3, minutes=15))
    initial = {"topic": session.topic, "starts_at": session.starts_at, "ends_at": session.ends_at}
    assert rendered_values(SessionForm(initial=initial)) == _only(sent, SessionForm)


def _booking(cast: Any) -> None:
    """The household's booking form: tomorrow 09:00 as rendered plus the hours typed, through the quote, is
    the booking's time and quantity."""
    services_by_code = booking_fixtures.catalogue(cast.market)
    household = booking_fixtures.make_household(cast.market, admin=cast.admin)
    service = services_by_code["hourly_cleaning"]
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    client = login(Client(), household)
    url = reverse("housekeeping:book")
    sent = form_values(get_page(client, f"{url}?service={service.pk}"), containing="quantity")
    assert (sent["service"], sent["date"], sent["time"]) == (
        [str(service.pk)],
        [tomorrow.isoformat()],
        ["09:00"],
    )
    assert sent.get("quantity", [""]) == [""]
    sent.update(quantity=["2.5"])
    preview = client.post(url, {**sent, "preview": "1"})
    assert preview.status_code == 200 and "合计 125.00 元" in text_of(preview.content.decode())
    quoted = form_values(preview.content.decode(), containing="quantity")
    assert _only(quoted, BookingForm) == _only(sent, BookingForm)
    assert (quoted["expected_price"], quoted["dispatch"]) == (["125.00"], ["auto"])
    response = client.post(url, {**quoted, "confirm": "1"})
    assert response.status_code == 302, field_errors(response.content.decode())
    booking = Booking.objects.get(household=booking_fixtures.household_of(household))
    starts = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time(9, 0)))
    assert (booking.starts_at, booking.ends_at) == (starts, starts + dt.timedelta(hours=2, minutes=30))
    assert (booking.quantity, booking.quoted_price) == (Decimal("2.5"), Decimal("125.00"))


def _service_edit(cast: Any) -> None:
    """A catalogue entry's edit page, sent unchanged, keeps its prices, quantities, hours and times."""
    service = booking_fixtures.catalogue(cast.market)["elder_care"]
    HousekeepingService.objects.filter(pk=service.pk).update(
        unit_price=Decimal("1045.50"),
        min_quantity=Decimal("4.5"),
        max_quantity=Decimal("12.5"),
        daily_hours=Decimal("7.5"),
        service_start=dt.time(7, 30),
        service_end=dt.time(20, 45),
    )
    service.refresh_from_db()
    before = ServiceForm.initial_for(service)
    client = login(Client(), cast.centre_staff)
    url = reverse("housekeeping:staff_service_edit", args=[service.pk])
    sent = form_values(get_page(client, url), containing="unit_price")
    assert (sent["unit_price"], sent["min_quantity"], sent["max_quantity"], sent["daily_hours"]) == (
        ["1045.50"],
        ["4.5"],
        ["12.5"],
        ["7.5"],
    )
    assert (sent["service_start"], sent["service_end"]) == (["07:30"], ["20:45"])
    response = client.post(url, sent)
    assert response.status_code == 302, field_errors(response.content.decode())
    again = HousekeepingService.objects.get(pk=service.pk)
    assert ServiceForm.initial_for(again) == before
    assert _only(form_values(get_page(client, url), containing="unit_price"), ServiceForm) == _only(
        sent, ServiceForm
    )


@dataclass(frozen=True)
class RoundTrip:
    form: str  # the dotted path of the form class it covers
    run: Callable[[Any], None]


ROUND_TRIPS = {
    "job edit": RoundTrip("lingong.jobs.forms.JobForm", _job_edit),
    "job new": RoundTrip("lingong.jobs.forms.JobForm", _job_new),
    "job from a sentence": RoundTrip("lingong.jobs.forms.JobForm", _job_from_sentence),
    "staff job new": RoundTrip("lingong.staff.forms.StaffPostingForm", _staff_job_new),
    "profile": RoundTrip("lingong.workers.forms.ProfileForm", _profile),
    "walk-in": RoundTrip("lingong.staff.forms.WalkInForm", _walk_in),
    "certificate": RoundTrip("lingong.workers.forms.CertificateForm", _certificate),
    "contract amend": RoundTrip("lingong.contracts.forms.AmendForm", _amend),
    "tax calculator": RoundTrip("lingong.settlement.views.CalculatorForm", _calculator),
    "job search": RoundTrip("lingong.jobs.forms.BrowseForm", _browse),
    "market policy": RoundTrip("lingong.org.policy_views.PolicyForm", _policy),
    "quick-recruit": RoundTrip("lingong.recruit.forms.CampaignForm", _quick_recruit),
    "fair details": RoundTrip("lingong.fairs.forms.FairForm", _fair_details),  # issue 12 fairs-a
    # issue 12 live-office
    "live schedule": RoundTrip("lingong.live.office_forms.ScheduleForm", _live_schedule),
    # issue 13 roundtrips
    "course edit": RoundTrip("lingong.training.forms.CourseForm", _course_edit),
    "course session": RoundTrip("lingong.training.forms.SessionForm", _course_session),
    "home-service booking": RoundTrip("lingong.housekeeping.forms.BookingForm", _booking),
    "catalogue entry edit": RoundTrip("lingong.housekeeping.forms.ServiceForm", _service_edit),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(ROUND_TRIPS))
def test_form_round_trip(name: str, cast: Any) -> None:
    ROUND_TRIPS[name].run(cast)


# --- Every such form is covered, and uses the locale-proof widgets ---------------------------------------


def test_every_form_with_dates_times_or_decimals_is_covered() -> None:
    typed = {_dotted(cls) for cls in _lingong_forms() if _typed_fields(cls)}
    covered = {trip.form for trip in ROUND_TRIPS.values()}
    assert typed - covered == set(), "add a round trip for these forms to ROUND_TRIPS"
    assert covered - typed == set(), "these forms no longer have date/time/decimal fields (or moved)"


def test_every_date_time_or_decimal_field_uses_a_locale_proof_widget() -> None:
    wrong = [
        f"{_dotted(cls)}.{name}: {type(field.widget).__name__}{' (localize=True)' if field.localize else ''}"
        for cls in _lingong_forms()
        for name, field in _typed_fields(cls).items()
        if not isinstance(field.widget, widgets.LOCALE_PROOF_WIDGETS) or field.localize
    ]
    assert wrong == [], "use lingong.core.widgets (DateInput, TimeInput, DateTimeInput, DecimalInput)"


class _Sample(forms.Form):
    day = forms.DateField(widget=widgets.DateInput())
    at = forms.TimeField(widget=widgets.TimeInput())
    moment = forms.DateTimeField(widget=widgets.DateTimeInput())
    amount = forms.DecimalField(max_digits=12, decimal_places=2, widget=widgets.DecimalInput())


@pytest.mark.parametrize("language", ["zh-hans", "en", "de", "fr", "ru"])
def test_widgets_render_wire_formats_in_every_language(language: str, settings: Any) -> None:
    settings.USE_THOUSAND_SEPARATOR = True  # even where a language groups digits
    moment = timezone.make_aware(dt.datetime(2026, 12, 3, 8, 5))
    initial = {
        "day": dt.date(2026, 12, 3),
        "at": dt.time(8, 5),
        "moment": moment,
        "amount": Decimal("12345.5"),
    }
    with translation.override(language):
        values = rendered_values(_Sample(initial=initial))
        assert values == {
            "day": ["2026-12-03"],
            "at": ["08:05"],
            "moment": ["2026-12-03T08:05"],
            "amount": ["12345.5"],
        }
        form = _Sample({k: v[0] for k, v in values.items()})
        assert form.is_valid(), form.errors
        assert form.cleaned_data == initial


def test_decimal_input_never_writes_an_exponent_and_keeps_typed_text() -> None:
    widget = widgets.DecimalInput()
    assert widget.format_value(Decimal("1E+2")) == "100"
    assert widget.format_value(Decimal("0.00001")) == "0.00001"
    assert widget.format_value(8) == "8"
    assert widget.format_value("12,5") == "12,5"  # a bound form shows what was typed, next to its error
    assert widget.format_value(None) is None


@pytest.mark.django_db
def test_a_date_the_browser_would_reject_is_a_clear_chinese_error(cast: Any) -> None:
    """Typed junk (an old bookmark, a script) is refused with the field's Chinese message, nothing saved."""
    job = t.make_job(cast.employer, admin=cast.admin)
    client = login(Client(), cast.employer)
    url = reverse("jobs:job_edit", args=[job.pk])
    sent = form_values(get_page(client, url), containing="title")
    sent.update(start_date=["2026/13/45"], daily_hours=["八"])
    response = client.post(url, sent)
    assert response.status_code == 200
    errors = field_errors(response.content.decode())
    assert "输入一个有效的日期" in errors and "输入一个数字" in errors
    before = job.start_date
    job.refresh_from_db()
    assert job.start_date == before
