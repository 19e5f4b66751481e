"""Answers, offers and the standby list: promotion on decline, withdrawal, cancellation and a lapsed offer."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from lingong.core.errors import ConflictError, NotFoundError, PermissionDeniedError
from lingong.engagements.models import Engagement
from lingong.jobs import services as job_services
from lingong.jobs.models import Application, ApplicationStatus, JobStatus
from lingong.recruit import services
from lingong.recruit.models import CampaignInvite, CampaignStatus, InviteChannel, InviteState
from lingong.recruit.selectors import campaign_summary, live_campaigns
from lingong.recruit.tests import helpers as h
from lingong.workflow import chain

pytestmark = pytest.mark.django_db


def _state(campaign: Any, worker: Any) -> str:
    return CampaignInvite.objects.get(campaign=campaign, worker=worker).state


def test_first_answers_get_offers_later_ones_standby_and_the_campaign_fills(
    cast: Any, capture_events: Any
) -> None:
    a, b, c = h.workers_near(cast, 3)
    now = timezone.now()
    campaign = h.start(cast, headcount=2, now=now)
    services.run_wave(campaign_id=campaign.pk, now=now)
    later = now + dt.timedelta(seconds=40)
    services.answer(actor=a.user, campaign_id=campaign.pk, now=later)
    services.answer(actor=b.user, campaign_id=campaign.pk, now=later + dt.timedelta(seconds=5))
    services.answer(actor=c.user, campaign_id=campaign.pk, now=later + dt.timedelta(seconds=9))
    assert [_state(campaign, w) for w in (a, b, c)] == ["offered", "offered", "standby"]
    apps = {app.worker_id: app for app in Application.objects.filter(job=campaign.job)}
    assert apps[a.pk].status == ApplicationStatus.OFFERED and c.pk not in apps
    campaign.refresh_from_db()
    assert campaign.time_to_first_answer_s == 40
    # A second tap answers nothing new.
    again = services.answer(actor=a.user, campaign_id=campaign.pk, now=later + dt.timedelta(seconds=60))
    assert again.state == InviteState.OFFERED
    # Accepting goes through the chain (engagement and contract), and the campaign follows.
    chain.accept_offer(actor=a.user, application_id=apps[a.pk].pk)
    assert _state(campaign, a) == "accepted"
    with capture_events() as sent:
        chain.accept_offer(actor=b.user, application_id=apps[b.pk].pk)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.FILLED
    assert campaign.time_to_fill_s is not None and campaign.filled_at is not None
    summary = campaign_summary(campaign)
    assert summary["counts"] == {
        "invited": 4,
        "viewed": 3,
        "answered": 3,
        "offered": 0,
        "accepted": 2,
        "standby": 1,
    }
    assert "张" not in str(summary) and a.user.phone not in str(summary)  # nothing personal
    events = sent.events("campaign", "update")
    assert events and events[-1]["campaign"]["status"] == "filled"
    assert events[-1]["campaign"]["counts"]["accepted"] == 2
    groups = {g for groups in sent.groups("campaign") for g in groups}
    assert f"campaign.{campaign.pk}" in groups and f"market.{campaign.market_id}" in groups
    assert live_campaigns(campaign.market_id) == []  # filled: off the live list


def test_a_cancelled_engagement_promotes_the_first_on_standby(cast: Any) -> None:
    a, b, c = h.workers_near(cast, 3)
    now = timezone.now()
    campaign = h.start(cast, headcount=1, now=now)
    services.answer(actor=a.user, campaign_id=campaign.pk, now=now)
    services.answer(actor=b.user, campaign_id=campaign.pk, now=now + dt.timedelta(seconds=1))
    services.answer(actor=c.user, campaign_id=campaign.pk, now=now + dt.timedelta(seconds=2))
    app = Application.objects.get(job=campaign.job, worker=a)
    chain.accept_offer(actor=a.user, application_id=app.pk)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.FILLED
    assert campaign.job.__class__.objects.get(pk=campaign.job_id).status == JobStatus.FILLED
    engagement = Engagement.objects.get(application=app)
    chain.cancel_engagement(actor=a.user, engagement_id=engagement.pk, reason="家里有事")
    assert _state(campaign, a) == "released"
    assert _state(campaign, b) == "offered"  # first on standby, by answer time
    assert _state(campaign, c) == "standby"
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.FILLING


@pytest.mark.parametrize("how", ["decline", "withdraw"])
def test_a_declined_or_withdrawn_offer_promotes_the_next(cast: Any, how: str) -> None:
    a, b = h.workers_near(cast, 2)
    now = timezone.now()
    campaign = h.start(cast, headcount=1, now=now)
    services.answer(actor=a.user, campaign_id=campaign.pk, now=now)
    services.answer(actor=b.user, campaign_id=campaign.pk, now=now + dt.timedelta(seconds=1))
    app = Application.objects.get(job=campaign.job, worker=a)
    if how == "decline":
        job_services.decline_offer(actor=a.user, application_id=app.pk)
    else:
        job_services.withdraw(actor=a.user, application_id=app.pk)
    assert _state(campaign, a) == "released"
    assert _state(campaign, b) == "offered"
    assert Application.objects.get(job=campaign.job, worker=b).status == ApplicationStatus.OFFERED


def test_an_offer_not_answered_in_time_lapses_and_the_next_is_promoted(cast: Any) -> None:
    a, b = h.workers_near(cast, 2)
    now = timezone.now()
    campaign = h.start(cast, headcount=1, now=now)
    services.answer(actor=a.user, campaign_id=campaign.pk, now=now)
    services.answer(actor=b.user, campaign_id=campaign.pk, now=now + dt.timedelta(seconds=1))
    assert services.lapse_offers(now=now + dt.timedelta(minutes=14)) == 0
    assert services.lapse_offers(now=now + dt.timedelta(minutes=15)) == 1
    assert _state(campaign, a) == "lapsed"
    assert Application.objects.get(job=campaign.job, worker=a).status == ApplicationStatus.REJECTED
    assert _state(campaign, b) == "offered"


def test_a_no_show_frees_the_place_for_standby(cast: Any) -> None:
    """The no-show sweep cancels an engagement nobody signed before its first shift; the place returns."""
    a, b = h.workers_near(cast, 2)
    now = timezone.now()
    campaign = h.start(cast, headcount=1, now=now)
    services.answer(actor=a.user, campaign_id=campaign.pk, now=now)
    services.answer(actor=b.user, campaign_id=campaign.pk, now=now + dt.timedelta(seconds=1))
    app = Application.objects.get(job=campaign.job, worker=a)
    chain.accept_offer(actor=a.user, application_id=app.pk)
    engagement = Engagement.objects.get(application=app)
    first = engagement.shifts.order_by("starts_at").first()
    assert first is not None
    chain.sweep_no_shows(now=first.starts_at + dt.timedelta(hours=2))
    engagement.refresh_from_db()
    assert engagement.status == "cancelled"
    assert _state(campaign, a) == "released"
    assert _state(campaign, b) == "offered"


def test_a_no_show_of_a_signed_engagement_promotes_the_first_on_standby(cast: Any) -> None:
    """The signed worker misses the first shift: the sweep marks the no-show, the place is freed."""
    a, b = h.workers_near(cast, 2)
    now = timezone.now()
    campaign = h.start(cast, headcount=1, now=now, insurance_required=False)
    services.answer(actor=a.user, campaign_id=campaign.pk, now=now)
    services.answer(actor=b.user, campaign_id=campaign.pk, now=now + dt.timedelta(seconds=1))
    app = Application.objects.get(job=campaign.job, worker=a)
    chain.accept_offer(actor=a.user, application_id=app.pk)
    engagement = Engagement.objects.get(application=app)
    chain.engagement_signed(engagement_id=engagement.pk, actor=cast.employer)
    engagement.refresh_from_db()
    assert engagement.status == "signed"
    first = engagement.shifts.order_by("starts_at").first()
    assert first is not None
    # The shift starts at 08:00, the campaign's start is 09:00: the place is still worth filling.
    assert chain.sweep_no_shows(now=first.starts_at + dt.timedelta(minutes=31)) == 1
    engagement.refresh_from_db()
    assert engagement.cancel_reason == "no_show"
    assert _state(campaign, a) == "released"
    assert _state(campaign, b) == "offered"
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.FILLING


def test_auto_offer_off_puts_every_answer_on_standby_until_the_employer_confirms(cast: Any) -> None:
    (a,) = h.workers_near(cast, 1)
    campaign = h.start(cast, headcount=1, auto_offer=False)
    invite = services.answer(actor=a.user, campaign_id=campaign.pk)
    assert invite.state == InviteState.STANDBY
    with pytest.raises(NotFoundError):
        services.confirm(actor=cast.other_employer, campaign_id=campaign.pk, invite_id=invite.pk)
    services.confirm(actor=cast.employer, campaign_id=campaign.pk, invite_id=invite.pk)
    assert _state(campaign, a) == "offered"


def test_guards(cast: Any) -> None:
    (a,) = h.workers_near(cast, 1)
    campaign = h.start(cast, headcount=1)
    with pytest.raises(PermissionDeniedError):
        services.answer(actor=cast.employer, campaign_id=campaign.pk)  # not a worker
    with pytest.raises(NotFoundError):
        services.cancel(actor=cast.other_employer, campaign_id=campaign.pk)
    with pytest.raises(NotFoundError):
        services.cancel(actor=cast.other_station_staff, campaign_id=campaign.pk)
    services.cancel(actor=cast.employer, campaign_id=campaign.pk)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CANCELLED
    with pytest.raises(ConflictError) as closed:
        services.answer(actor=a.user, campaign_id=campaign.pk)
    assert closed.value.code == "campaign_closed"
    with pytest.raises(ConflictError) as again:
        services.cancel(actor=cast.employer, campaign_id=campaign.pk)
    assert again.value.code == "invalid_transition"


def test_station_staff_nominate_a_registered_worker_and_a_walk_in(cast: Any) -> None:
    now = timezone.now()
    campaign = h.start(cast, headcount=1, now=now)
    # Station staff of a station the campaign has not reached, outside the employer's scope: as if absent.
    with pytest.raises(NotFoundError):
        services.nominate(
            actor=cast.other_station_staff, campaign_id=campaign.pk, phone=cast.worker.user.phone
        )
    services.run_wave(campaign_id=campaign.pk, now=now)  # links the stations within 3 km
    invite = services.nominate(
        actor=cast.station_staff, campaign_id=campaign.pk, phone=cast.worker.user.phone
    )
    assert invite.channel == InviteChannel.STATION or invite.nominated_by_id == cast.station_staff.pk
    assert invite.nominated_by_id == cast.station_staff.pk and invite.state == InviteState.OFFERED
    from lingong import testing as t
    from lingong.core.validators import make_resident_id
    from lingong.workers.services import ProfileInput

    walk_in = services.WalkIn(
        profile=ProfileInput(
            real_name="王大厨",
            id_number=make_resident_id("130202", dt.date(1980, 1, 2), 17),
            home_division=t.LUNAN,
            skills=[("loader_driver", 3)],
        ),
        consent_channel="paper",
        consent_reference="ZT-2026-0001",
    )
    phone = t.next_phone()
    with pytest.raises(Exception) as missing:
        services.nominate(actor=cast.station_staff, campaign_id=campaign.pk, phone=phone)
    assert getattr(missing.value, "status", None) == 422
    second = services.nominate(
        actor=cast.station_staff, campaign_id=campaign.pk, phone=phone, walk_in=walk_in
    )
    assert second.state == InviteState.STANDBY and second.channel == InviteChannel.STATION
    assert second.worker.registered_by_id == cast.station_staff.pk or second.worker.real_name == "王大厨"
