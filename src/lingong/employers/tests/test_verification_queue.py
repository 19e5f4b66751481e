"""The enterprise verification queue: first come first served, with its clock, search, filters and paging;
the same over the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from lingong import testing as t
from lingong.accounts import services as accounts
from lingong.employers import selectors, services
from lingong.employers.models import Enterprise, EnterpriseKind

pytestmark = pytest.mark.django_db
API = "/api/v1"


def register(name: str, *, hours_ago: float, **overrides: Any) -> Enterprise:
    enterprise = services.register_employer(
        phone=t.next_phone(), password=t.PASSWORD, data=t.enterprise_input(name, **overrides)
    )
    Enterprise.objects.filter(pk=enterprise.pk).update(
        submitted_at=timezone.now() - dt.timedelta(hours=hours_ago)
    )
    return Enterprise.objects.get(pk=enterprise.pk)


def names(qs: Any) -> list[str]:
    return [e.name for e in qs]


def test_the_longest_waiting_comes_first_with_its_clock(cast: Any) -> None:
    register("唐山新来物流有限公司", hours_ago=1)
    old = register("唐山老字号餐饮有限公司", hours_ago=50)
    queue = selectors.verification_queue(cast.admin, selectors.VerificationFilters())
    assert names(queue) == ["唐山老字号餐饮有限公司", "唐山新来物流有限公司"]
    now = timezone.now()
    clock = selectors.verification_clock(old, now)
    assert clock.deadline == old.submitted_at + dt.timedelta(hours=48)  # the default verification time
    assert clock.overdue and clock.overdue_display.startswith("2小时")
    assert not selectors.verification_clock(queue[1], now).overdue
    assert selectors.overdue_verifications(cast.admin) == 1


def test_search_filters_and_the_rejected_list(cast: Any) -> None:
    shop = register("唐山路南小张五金店", hours_ago=3)
    register("唐山丰南运输有限公司", hours_ago=2, division="130207", address="唐山市丰南区迎宾路1号")

    def only(**filters: Any) -> list[str]:
        return names(selectors.verification_queue(cast.admin, selectors.VerificationFilters(**filters)))

    assert only(q="五金") == ["唐山路南小张五金店"]
    assert only(q=shop.credit_code[-6:]) == ["唐山路南小张五金店"]
    assert only(division="130207") == ["唐山丰南运输有限公司"]
    assert only(kind=EnterpriseKind.HOUSEHOLD) == []
    services.reject_enterprise(actor=cast.admin, enterprise_id=shop.pk, reason="营业执照照片不清晰")
    assert only() == ["唐山丰南运输有限公司"]
    assert only(status="rejected") == ["唐山路南小张五金店"]


def test_a_corrected_resubmission_starts_a_new_clock(cast: Any) -> None:
    enterprise = register("唐山待补材料有限公司", hours_ago=60)
    services.reject_enterprise(actor=cast.admin, enterprise_id=enterprise.pk, reason="请补充地址")
    member = enterprise.members.get().user
    services.resubmit_enterprise(actor=member, data=t.enterprise_input("唐山待补材料有限公司", n=991))
    enterprise.refresh_from_db()
    assert timezone.now() - enterprise.submitted_at < dt.timedelta(minutes=1)
    assert selectors.overdue_verifications(cast.admin) == 0


def test_the_employer_picker_finds_verified_employers_by_name_or_code_station_first(cast: Any) -> None:
    own = t.enterprise_of(cast.employer)
    assert own.station == cast.station  # the nearest station (both are at one place: the first)
    other = t.enterprise_of(cast.other_employer)
    register("唐山未认证建材有限公司", hours_ago=1)
    # Only employers in the staff member's scope (staff scope: their station, centre or market).
    assert names(selectors.enterprises_for_staff(cast.station_staff)) == sorted([own.name, other.name])
    assert names(selectors.enterprises_for_staff(cast.other_station_staff)) == []
    Enterprise.objects.filter(pk=other.pk).update(station=cast.other_station)
    assert names(selectors.enterprises_for_staff(cast.other_station_staff)) == [other.name]
    assert names(selectors.enterprises_for_staff(cast.admin)) == sorted([own.name, other.name])
    assert names(selectors.enterprises_for_staff(cast.station_staff)) == [own.name]
    assert names(selectors.enterprises_for_staff(cast.admin, "南湖")) == [other.name]
    assert names(selectors.enterprises_for_staff(cast.admin, other.credit_code[-5:])) == [other.name]
    assert names(selectors.enterprises_for_staff(cast.admin, "建材")) == []  # not verified
    assert selectors.enterprise_for_staff(cast.other_station_staff, other.pk) == other
    assert selectors.enterprise_for_staff(cast.station_staff, other.pk) is None
    assert selectors.enterprise_for_staff(cast.station_staff, "x") is None


# --- The API -------------------------------------------------------------------------------------------


def get(client: Client, user: Any, **params: Any) -> Any:
    headers = {"Authorization": f"Bearer {accounts.issue_token(user=user)}"}
    return client.get(f"{API}/employers/pending", params, headers=headers)


def test_api_pending_list_orders_pages_searches_and_shows_the_clock(client: Client, cast: Any) -> None:
    for i in range(3):
        register(f"唐山排队单位{i}有限公司", hours_ago=10 - i)
    late = register("唐山超时单位有限公司", hours_ago=72)
    body = get(client, cast.admin, page_size=2).json()
    assert (body["total"], body["pages"]) == (4, 2)
    first = body["items"][0]
    assert first["id"] == late.pk and first["overdue"] is True and first["waited_minutes"] >= 72 * 60
    assert body["items"][1]["overdue"] is False
    assert [e["name"] for e in get(client, cast.admin, q="排队单位2").json()["items"]] == [
        "唐山排队单位2有限公司"
    ]
    assert get(client, cast.admin, overdue="true").json()["total"] == 1


def test_api_pending_list_refuses_bad_input(client: Client, cast: Any) -> None:
    response = get(client, cast.admin, status="verified")
    assert response.status_code == 422 and "status" in response.json()["errors"]
    assert get(client, cast.admin, kind="shop").status_code == 422
    assert get(client, cast.worker.user).status_code == 403
