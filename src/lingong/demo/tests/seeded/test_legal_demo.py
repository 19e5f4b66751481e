"""The demo's legal help (issue 11 §4): advisers, slots, arbitration days, 江小军's booking, the library."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from lingong.demo.cast import JIANG_PHONE, MARKET_CODE
from lingong.legal import selectors
from lingong.legal.library import ARTICLES
from lingong.legal.models import (
    ArbitrationDay,
    Consultation,
    ConsultationSlot,
    LegalAdviser,
    PolicyArticle,
    SlotStatus,
)
from lingong.org.models import Market
from lingong.pagetools import get_page, text_of

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo_seed")]


def test_demo_builds_legal_help(seeded: str) -> None:
    market = Market.objects.get(code=MARKET_CODE)
    advisers = list(LegalAdviser.objects.filter(market=market))
    assert len(advisers) == 6
    industries = {i for a in advisers for i in a.industries}
    assert industries == {"construction", "housekeeping", "logistics", "manufacturing", "catering", "other"}
    now = timezone.now()
    open_slots = ConsultationSlot.objects.filter(market=market, status=SlotStatus.OPEN, starts_at__gt=now)
    assert open_slots.filter(adviser__isnull=False).count() >= 20
    assert max(s.starts_at for s in open_slots) - now <= dt.timedelta(days=15)
    assert ArbitrationDay.objects.filter(market=market, published=True).count() == 2
    booking = Consultation.objects.get(worker__phone=JIANG_PHONE)
    assert booking.status == "booked" and booking.slot.status == SlotStatus.BOOKED
    assert PolicyArticle.objects.filter(published=True).count() == len(ARTICLES)
    assert selectors.search_articles(market.pk, "灵活 社保")[0].slug == "flexible-social-insurance-subsidy"
    client = Client()
    assert "王振华" in text_of(get_page(client, "/legal/advisers/"))
    assert "唐山市劳动人事争议仲裁委员会" in text_of(get_page(client, "/legal/arbitration-days/"))
