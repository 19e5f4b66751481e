"""The market's policy: defaults, the accessor, editing over the API and the page, versions in the trail."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from lingong import testing as t
from lingong.accounts import services as accounts
from lingong.accounts.models import Role
from lingong.audit.models import AuditEntry
from lingong.audit.trail import verify_chain
from lingong.org import policy as policies
from lingong.org.models import Division, Market, MarketPolicy
from lingong.org.policy_defaults import DEFAULT_POLICY

API = "/api/v1"


def other_market() -> Market:
    division = Division.objects.get(code="130302")  # 秦皇岛市海港区
    return Market.objects.create(
        code="haigang-test", name="海港测试市场", address="秦皇岛市海港区", division=division,
        city_code="130300", lat=division.lat, lon=division.lon,
    )  # fmt: skip


def call(client: Client, method: str, path: str, user: Any = None, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {accounts.issue_token(user=user)}"} if user else {}
    data = None if body is None else json.dumps(body)
    return getattr(client, method)(
        f"{API}{path}", data=data, content_type="application/json", headers=headers
    )


def test_defaults_equal_the_settings_they_replace() -> None:
    # The values LINGONG_* environment settings had before the policy moved onto the Market.
    assert (DEFAULT_POLICY.no_show_minutes, DEFAULT_POLICY.geofence_meters) == (30, 500)
    assert (DEFAULT_POLICY.late_cancel_hours, DEFAULT_POLICY.arrears_grace_days) == (24, 3)
    assert DEFAULT_POLICY.insurance_premium_per_day == Decimal("3.00")
    assert DEFAULT_POLICY.insurance_death_disability_sum == Decimal("600000.00")
    assert DEFAULT_POLICY.insurance_medical_sum == Decimal("50000.00")
    assert DEFAULT_POLICY.insurer_name == "零工市场合作保险机构（本地模拟）"
    assert DEFAULT_POLICY.vat_threshold_per_day == Decimal("500.00")
    assert DEFAULT_POLICY.max_pay == Decimal("100000")
    assert (DEFAULT_POLICY.rating_edit_days, DEFAULT_POLICY.rating_prior_weight) == (7, 5)
    assert DEFAULT_POLICY.rating_prior_mean == Decimal("4.0")
    assert DEFAULT_POLICY.wave_interval_minutes == 5


def test_a_new_market_starts_with_the_defaults_as_version_one(cast: Any) -> None:
    row = MarketPolicy.objects.get(market=cast.market)
    assert row.version == 1
    assert policies.policy_for(cast.market.pk) == dataclasses.replace(DEFAULT_POLICY, version=1)
    assert policies.policy_for(None) == DEFAULT_POLICY


def test_admin_reads_and_changes_the_policy_with_a_version_and_an_audit_entry(
    cast: Any, client: Client
) -> None:
    body = call(client, "get", f"/markets/{cast.market.pk}/policy", cast.station_staff).json()
    assert (body["version"], body["geofence_meters"]) == (1, 500)
    response = call(
        client, "patch", f"/markets/{cast.market.pk}/policy", cast.admin,
        {"geofence_meters": 800, "insurance_premium_per_day": "4.50"},
    )  # fmt: skip
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["version"], body["geofence_meters"], body["insurance_premium_per_day"]) == (2, 800, "4.50")
    assert policies.policy_for(cast.market.pk).geofence_meters == 800
    call(client, "patch", f"/markets/{cast.market.pk}/policy", cast.admin, {"no_show_minutes": 40})
    entries = list(AuditEntry.objects.filter(action="market.policy_changed").order_by("seq"))
    assert [e.data["version"] for e in entries] == [2, 3]
    assert entries[0].data["before"] == {"geofence_meters": 500, "insurance_premium_per_day": "3.00"}
    assert entries[0].data["after"] == {"geofence_meters": 800, "insurance_premium_per_day": "4.50"}
    assert entries[1].data == {
        "version": 3,
        "before": {"no_show_minutes": 30},
        "after": {"no_show_minutes": 40},
    }
    assert {e.chain for e in entries} == {cast.market.pk}
    assert verify_chain(cast.market.pk) is None
    # Sending the same values again is not a new version.
    call(client, "patch", f"/markets/{cast.market.pk}/policy", cast.admin, {"no_show_minutes": 40})
    assert MarketPolicy.objects.get(market=cast.market).version == 3


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"geofence_meters": 10}, {"geofence_meters"}),
        ({"insurance_premium_per_day": "abc"}, {"insurance_premium_per_day"}),
        ({"insurance_premium_per_day": "3.005"}, {"insurance_premium_per_day"}),
        ({"rating_prior_mean": 6, "no_show_minutes": 30}, {"rating_prior_mean"}),
        ({"wave_interval_minutes": 0, "radius_cap_km": 500}, {"wave_interval_minutes", "radius_cap_km"}),
        ({"insurer_name": ""}, {"insurer_name"}),
        ({"late_cancel_hours": "1.5"}, {"late_cancel_hours"}),
        (
            {"review_sla_urgent_hours": 0, "review_sla_hours": 1000},
            {"review_sla_urgent_hours", "review_sla_hours"},
        ),
        ({"auto_publish_enabled": "maybe"}, {"auto_publish_enabled"}),
        (
            {"auto_publish_history_days": -1, "verification_sla_hours": "abc"},
            {"auto_publish_history_days", "verification_sla_hours"},
        ),
    ],
)
def test_an_invalid_edit_is_refused_with_422_and_changes_nothing(
    cast: Any, client: Client, body: dict[str, Any], fields: set[str]
) -> None:
    before = AuditEntry.objects.count()
    response = call(client, "patch", f"/markets/{cast.market.pk}/policy", cast.admin, body)
    assert response.status_code == 422, response.content
    payload = response.json()
    assert set(payload) == {"code", "message", "errors"}
    assert set(payload["errors"]) == fields
    assert MarketPolicy.objects.get(market=cast.market).version == 1
    assert policies.policy_for(cast.market.pk) == dataclasses.replace(DEFAULT_POLICY, version=1)
    assert AuditEntry.objects.count() == before


def test_only_that_markets_admins_may_change_it(cast: Any, client: Client) -> None:
    elsewhere = other_market()
    their_admin = t.make_staff(Role.MARKET_ADMIN, elsewhere)
    path = f"/markets/{cast.market.pk}/policy"
    for user in (cast.station_staff, cast.centre_staff, cast.employer, cast.worker.user, their_admin):
        response = call(client, "patch", path, user, {"geofence_meters": 900})
        assert response.status_code == 403, (user.role, response.content)
        assert set(response.json()) == {"code", "message", "errors"}
    assert call(client, "patch", path, None, {"geofence_meters": 900}).status_code == 401
    assert call(client, "get", path, their_admin).status_code == 403
    assert call(client, "get", path, cast.worker.user).status_code == 403
    assert (
        call(client, "patch", "/markets/999999/policy", cast.admin, {"geofence_meters": 900}).status_code
        == 404
    )
    assert MarketPolicy.objects.get(market=cast.market).version == 1


def test_two_markets_each_read_their_own_policy(cast: Any) -> None:
    from lingong.insurance.services import premium_for

    elsewhere = other_market()
    policies.set_policy(elsewhere.pk, insurance_premium_per_day=Decimal("4.50"), geofence_meters=900)
    assert premium_for(3, cast.market.pk) == Decimal("9.00")
    assert premium_for(3, elsewhere.pk) == Decimal("13.50")
    assert policies.policy_for(cast.market.pk).geofence_meters == 500
    assert policies.policy_for(elsewhere.pk).geofence_meters == 900


def test_the_policy_page_is_linked_from_the_staff_home_and_saves_a_version(cast: Any, client: Client) -> None:
    client.force_login(cast.admin)
    assert "/org/market/policy/" in client.get("/staff/").content.decode()
    page = client.get("/org/market/policy/")
    assert page.status_code == 200
    assert "市场规则" in page.content.decode()
    form = {name: getattr(DEFAULT_POLICY, name) for name in policies.EDITABLE_FIELDS}
    form["geofence_meters"] = 1200
    assert client.post("/org/market/policy/", form).status_code == 302
    assert policies.policy_for(cast.market.pk).geofence_meters == 1200
    assert policies.policy_for(cast.market.pk).version == 2
    form["geofence_meters"] = 5  # out of range: shown again with the error, nothing saved
    response = client.post("/org/market/policy/", form)
    assert response.status_code == 200
    assert policies.policy_for(cast.market.pk).version == 2


def test_station_staff_see_the_page_but_cannot_change_it(cast: Any, client: Client) -> None:
    client.force_login(cast.station_staff)
    assert client.get("/org/market/policy/").status_code == 200
    form = {name: getattr(DEFAULT_POLICY, name) for name in policies.EDITABLE_FIELDS} | {
        "geofence_meters": 900
    }
    client.post("/org/market/policy/", form)
    assert policies.policy_for(cast.market.pk).geofence_meters == 500
    client.force_login(cast.worker.user)
    assert client.get("/org/market/policy/").status_code == 403


def test_the_review_rules_have_documented_defaults_and_admins_change_them(cast: Any, client: Client) -> None:
    # Urgent postings within 2 hours, others (and the post-publication check) within 24, enterprises within
    # 48; publishing before review is on, for employers verified 30 days with nothing rejected in them.
    assert (DEFAULT_POLICY.review_sla_urgent_hours, DEFAULT_POLICY.review_sla_hours) == (2, 24)
    assert DEFAULT_POLICY.verification_sla_hours == 48
    assert (DEFAULT_POLICY.auto_publish_enabled, DEFAULT_POLICY.auto_publish_history_days) == (True, 30)
    path = f"/markets/{cast.market.pk}/policy"
    response = call(
        client, "patch", path, cast.admin,
        {"auto_publish_enabled": False, "review_sla_urgent_hours": "1", "auto_publish_history_days": 60},
    )  # fmt: skip
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["auto_publish_enabled"], body["review_sla_urgent_hours"]) == (False, 1)
    policy = policies.policy_for(cast.market.pk)
    assert (policy.auto_publish_enabled, policy.auto_publish_history_days, policy.version) == (False, 60, 2)
    entry = AuditEntry.objects.get(action="market.policy_changed")
    assert entry.data["before"]["auto_publish_enabled"] is True
    assert entry.data["after"]["auto_publish_enabled"] is False
    # The page shows the switch as a checkbox; unticking nothing else keeps it off.
    client.force_login(cast.admin)
    html = client.get("/org/market/policy/").content.decode()
    assert 'name="auto_publish_enabled"' in html and "审核" in html
    form = {name: getattr(policy, name) for name in policies.EDITABLE_FIELDS}
    form["auto_publish_enabled"] = "on"
    assert client.post("/org/market/policy/", form).status_code == 302
    assert policies.policy_for(cast.market.pk).auto_publish_enabled is True
