"""Pages at each role: the household books (quote, top three, confirm), sees its bookings and the worker card,
cancels with the fee shown; the worker photo only to the household and staff in scope; staff catalogue pages;
the worker uploads a photo (checked by content)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lingong import testing as t
from lingong.employers.models import Enterprise
from lingong.housekeeping import services
from lingong.housekeeping.models import Booking, BookingStatus, HousekeepingService
from lingong.housekeeping.tests.booking_fixtures import (
    HOME_ADDRESS,
    catalogue,
    household_of,
    make_hk_worker,
    make_household,
    tomorrow_at,
)
from lingong.org.policy import set_policy
from lingong.pagetools import get_page, login, text_of
from lingong.workers import services as worker_services
from lingong.workers.models import WorkerProfile, WorkerReputation

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 200
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


@pytest.fixture
def hk(cast: Any) -> Any:
    class W:
        pass

    w = W()
    w.services = catalogue(cast.market)  # type: ignore[attr-defined]
    w.household = make_household(cast.market, admin=cast.admin)  # type: ignore[attr-defined]
    Enterprise.objects.filter(pk=household_of(w.household).pk).update(station=cast.station)  # type: ignore[attr-defined]
    w.workers = [  # type: ignore[attr-defined]
        make_hk_worker(cast.market, name=n, km_east=k)
        for n, k in (("张秀兰", 1), ("刘桂芝", 2), ("陈淑珍", 3), ("赵春梅", 4))
    ]
    return w


def form_data(hk: Any, **kw: Any) -> dict[str, Any]:
    data = {
        "service": str(hk.services["hourly_cleaning"].pk),
        "division": t.LUNAN,
        "address": HOME_ADDRESS,
        "date": (timezone.localdate() + dt.timedelta(days=1)).isoformat(),
        "time": "09:00",
        "quantity": "3",
        "pets": "on",
        "note": "猫怕生",
    }
    data.update(kw)
    return data


def test_household_reaches_home_services_from_its_dashboard(client: Client, hk: Any, cast: Any) -> None:
    login(client, hk.household)
    html = get_page(client, reverse("jobs:employer_dashboard"))
    assert 'data-testid="employer-home-services-link"' in html
    text = text_of(get_page(client, reverse("housekeeping:home")))
    for name, price in (
        ("日常保洁", "50.00 元/小时"),
        ("月嫂", "12800.00 元/周期（26天）"),
        ("保姆", "5500.00 元/月"),
    ):
        assert name in text and price in text
    # An ordinary enterprise's dashboard has no such link.
    client.logout()
    login(client, cast.employer)
    assert 'data-testid="employer-home-services-link"' not in get_page(
        client, reverse("jobs:employer_dashboard")
    )


def test_quote_top_three_and_confirm(client: Client, hk: Any) -> None:
    login(client, hk.household)
    url = reverse("housekeeping:book")
    html = get_page(client, f"{url}?service={hk.services['hourly_cleaning'].pk}")
    assert 'data-testid="booking-form"' in html
    preview = client.post(url, form_data(hk, preview="1"))
    text = text_of(preview.content.decode())
    assert preview.status_code == 200 and "合计 150.00 元" in text
    assert preview.content.decode().count('data-testid="candidate"') == 3
    assert "距您 1.0 公里" in text and "持健康证" in text
    assert Booking.objects.count() == 0  # the quote writes nothing
    # htmx: only the quote box comes back.
    partial = client.post(url, form_data(hk, preview="1"), headers={"HX-Request": "true"}).content.decode()
    assert 'data-testid="quote"' in partial and "<html" not in partial
    chosen = hk.workers[1].pk
    response = client.post(
        url, form_data(hk, confirm="1", dispatch=f"chosen:{chosen}", expected_price="150.00")
    )
    booking = Booking.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "housekeeping:booking_detail", args=[booking.code]
    )
    assert booking.requested_worker_id == chosen and booking.dispatch_mode == "chosen"
    assert booking.needs["pets"] is True and booking.needs["note"] == "猫怕生"
    detail = get_page(client, response["Location"])
    text = text_of(detail)
    assert "日常保洁 3 小时 × 50.00 元" in text and HOME_ADDRESS in text
    assert 'data-testid="worker-card"' in detail and "刘*" in text and "健康证明" in text
    assert "现在取消免费" in text
    listing = get_page(client, reverse("housekeeping:bookings"))
    assert booking.code in listing


def test_bad_input_on_the_form_writes_nothing(client: Client, hk: Any) -> None:
    login(client, hk.household)
    url = reverse("housekeeping:book")
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    cases = [
        (form_data(hk, confirm="1", date=yesterday), "不能预约过去的时间"),
        (form_data(hk, confirm="1", time="19:00"), "08:00 至 20:00"),
        (form_data(hk, confirm="1", quantity="1"), "最少预约2小时"),
        (form_data(hk, confirm="1", expected_price="99.00"), "价格已变化"),
        (form_data(hk, preview="1", quantity="1"), "最少预约2小时"),
    ]
    for data, message in cases:
        response = client.post(url, data)
        assert response.status_code == 200
        assert message in text_of(response.content.decode()), message
    assert Booking.objects.count() == 0


def test_cancel_shows_and_records_the_fee(client: Client, hk: Any, cast: Any) -> None:
    # Tomorrow 09:00 is 9 to 33 hours away depending on when the test runs: 48 free hours make it late always.
    set_policy(cast.market.pk, housekeeping_free_cancel_hours=48)
    booking = services.create_booking(
        actor=hk.household, service=hk.services["hourly_cleaning"], address=HOME_ADDRESS,
        starts_at=tomorrow_at(9), quantity=3,
    )  # fmt: skip
    Booking.objects.filter(pk=booking.pk).update(worker=hk.workers[0], status=BookingStatus.CONFIRMED)
    login(client, hk.household)
    url = reverse("housekeeping:booking_detail", args=[booking.code])
    html = get_page(client, url)
    assert "现在取消需支付取消费 30.00 元" in text_of(html)  # within 48 h, 20 % of 150
    assert "张秀兰" in text_of(html)  # the worker who took it, by name
    response = client.post(
        reverse("housekeeping:booking_cancel", args=[booking.code]), {"reason": "临时出差"}
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED and booking.cancel_fee == Decimal("30.00")
    assert "已取消，取消费 30.00 元" in text_of(get_page(client, url))


def test_pages_refused_to_others(client: Client, hk: Any, cast: Any) -> None:
    booking = services.create_booking(
        actor=hk.household, service=hk.services["hourly_cleaning"], address=HOME_ADDRESS,
        starts_at=tomorrow_at(9), quantity=3,
    )  # fmt: skip
    detail = reverse("housekeeping:booking_detail", args=[booking.code])
    other = make_household(cast.market, admin=cast.admin, name="李先生家")
    for user in (cast.employer, cast.worker.user, other, cast.other_station_staff):
        client.logout()
        login(client, user)
        assert client.get(detail).status_code == 404
        assert client.post(reverse("housekeeping:booking_cancel", args=[booking.code])).status_code == 404
    for user in (cast.employer, cast.worker.user):
        client.logout()
        login(client, user)
        assert client.get(reverse("housekeeping:book")).status_code == 404
        assert client.get(reverse("housekeeping:bookings")).status_code == 404
        assert client.get(reverse("housekeeping:home")).status_code == 200  # the catalogue, read only
    for staff in (cast.admin, cast.centre_staff, cast.station_staff):
        client.logout()
        login(client, staff)
        assert HOME_ADDRESS in get_page(client, detail)
    client.logout()
    assert client.get(detail).status_code == 302  # sign in first
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.DISPATCHING


def test_worker_photo_only_to_the_household_and_staff_in_scope(client: Client, hk: Any, cast: Any) -> None:
    worker = hk.workers[0]
    booking = services.create_booking(
        actor=hk.household, service=hk.services["hourly_cleaning"], address=HOME_ADDRESS,
        starts_at=tomorrow_at(9), quantity=3, dispatch_mode="chosen", requested_worker_id=worker.pk,
    )  # fmt: skip
    WorkerReputation.objects.update_or_create(
        worker=worker,
        defaults={"rating_count": 12, "rating_sum": 58, "star_level": Decimal("4.8"), "reliability": 1},
    )
    url = reverse("housekeeping:booking_worker_photo", args=[booking.code])
    login(client, hk.household)
    assert client.get(url).status_code == 404  # no photo yet
    worker_services.set_photo(actor=worker.user, worker_id=worker.pk, content=JPEG)
    response = client.get(url)
    assert (
        response.status_code == 200 and response["Content-Type"] == "image/jpeg" and response.content == JPEG
    )
    detail = text_of(get_page(client, reverse("housekeeping:booking_detail", args=[booking.code])))
    assert "4.8 星 · 12 条评价" in detail and "张*" in detail and "张秀兰" not in detail
    other = make_household(cast.market, admin=cast.admin, name="李先生家")
    for user in (other, cast.employer, worker.user, cast.other_station_staff, hk.workers[1].user):
        client.logout()
        login(client, user)
        assert client.get(url).status_code == 404
    client.logout()
    login(client, cast.station_staff)
    assert client.get(url).status_code == 200


def test_worker_uploads_a_photo_checked_by_content(client: Client, hk: Any) -> None:
    worker = hk.workers[0]
    login(client, worker.user)
    assert 'data-testid="photo-card"' in get_page(client, reverse("workers:profile"))
    url = reverse("workers:set_photo")
    fake = SimpleUploadedFile("me.jpg", b"<svg>not an image</svg>", content_type="image/jpeg")
    client.post(url, {"photo": fake})
    assert WorkerProfile.objects.get(pk=worker.pk).photo_uploaded_at is None
    big = SimpleUploadedFile("big.png", PNG + b"\x00" * (3 * 1024 * 1024), content_type="image/png")
    client.post(url, {"photo": big})
    assert WorkerProfile.objects.get(pk=worker.pk).photo_uploaded_at is None
    client.post(url, {"photo": SimpleUploadedFile("me.png", PNG, content_type="image/png")})
    saved = WorkerProfile.objects.get(pk=worker.pk)
    assert bytes(saved.photo) == PNG and saved.photo_content_type == "image/png"


def test_staff_catalogue_pages(client: Client, hk: Any, cast: Any) -> None:
    login(client, cast.station_staff)
    assert 'data-testid="staff-home-services-catalogue-link"' not in get_page(
        client, reverse("staff:dashboard")
    )
    assert client.get(reverse("housekeeping:staff_catalogue")).status_code == 404
    client.logout()
    login(client, cast.centre_staff)
    assert 'data-testid="staff-home-services-catalogue-link"' in get_page(client, reverse("staff:dashboard"))
    assert "日常保洁" in text_of(get_page(client, reverse("housekeeping:staff_catalogue")))
    new = reverse("housekeeping:staff_service_new")
    bad = {
        "code": "window", "name": "擦玻璃", "occupation": "cleaner", "price_rule": "hourly",
        "unit_price": "-5", "min_quantity": "6", "max_quantity": "2", "minutes_per_unit": "60",
        "daily_hours": "8", "service_start": "18:00", "service_end": "08:00",
    }  # fmt: skip
    text = text_of(client.post(new, bad).content.decode())
    assert (
        "单价不能为负数" in text
        and "起订量不能大于最大量" in text
        and "最晚结束时间必须晚于最早上门时间" in text
    )
    assert not HousekeepingService.objects.filter(code="window").exists()
    good = {
        **bad,
        "unit_price": "60",
        "min_quantity": "2",
        "max_quantity": "6",
        "service_start": "08:00",
        "service_end": "18:00",
        "certificates": ["health_certificate"],
    }
    assert client.post(new, good).status_code == 302
    svc = HousekeepingService.objects.get(code="window")
    edit = reverse("housekeeping:staff_service_edit", args=[svc.pk])
    assert "擦玻璃" in get_page(client, edit)
    assert client.post(edit, {**good, "unit_price": "66"}).status_code == 302
    assert HousekeepingService.objects.get(pk=svc.pk).unit_price == Decimal("66.00")
    client.post(reverse("housekeeping:staff_service_active", args=[svc.pk]), {"active": "0"})
    assert not HousekeepingService.objects.get(pk=svc.pk).is_active
