"""The demo's job fairs (issue 12 §2): a fair today with booths, exhibitors, registrations and check-ins,
and one next week; the station's staff can check one more worker in at the door; reset removes them."""

from __future__ import annotations

import pytest
from django.test import Client

from lingong.accounts.models import User
from lingong.demo.cast import BANK_NAME, MARKET_CODE, STATION_STAFF_PHONE
from lingong.demo.fairs import FAIR_TITLE, NEXT_FAIR_TITLE
from lingong.fairs import services
from lingong.fairs.models import BoothStatus, FairRegistration, FairStatus, JobFair, RegistrationChannel
from lingong.fairs.report import fair_report
from lingong.pagetools import get_page

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo_seed")]


def test_demo_builds_a_fair_today_and_one_next_week(seeded: str) -> None:
    fair = JobFair.objects.get(title=FAIR_TITLE, market__code=MARKET_CODE)
    assert fair.status == FairStatus.PUBLISHED and fair.starts_on == services.local_today()
    assert fair.booths.count() == 12
    approved = fair.exhibitors.filter(status=BoothStatus.APPROVED)
    assert 6 <= approved.count() <= 8 and fair.exhibitors.filter(status=BoothStatus.SUBMITTED).count() == 1
    assert approved.filter(enterprise__name=BANK_NAME, booth__isnull=False).exists()
    registrations = FairRegistration.objects.filter(fair=fair)
    # 30 registered and 15 checked in by build_fairs; build_fair_intentions registers 江小军 (when the draw
    # did not pick him) and checks him in for his booth visits (when he was not among the 15).
    checked_in = registrations.filter(checked_in_at__isnull=False).count()
    assert (registrations.count(), checked_in) in {(30, 15), (30, 16), (31, 16)}
    assert registrations.filter(channel=RegistrationChannel.WALK_IN).count() == 3
    # fairs-b's step on the seeded market: offers made and 江小军 accepted one (not only in its own tests).
    report = fair_report(fair)
    assert report["offers"] >= 1 and report["accepted"] == 1
    assert JobFair.objects.filter(title=NEXT_FAIR_TITLE, status=FairStatus.PUBLISHED).exists()
    staff = User.objects.get(phone=STATION_STAFF_PHONE)
    waiting = registrations.filter(checked_in_at__isnull=True).first()
    assert waiting is not None
    assert services.check_in(actor=staff, fair_id=fair.pk, code=waiting.code).checked_in_at is not None
    assert BANK_NAME in get_page(Client(), f"/fairs/{fair.code}/")
