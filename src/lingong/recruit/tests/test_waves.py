"""Waves on a fake clock: the radius widens on schedule, every wave is recorded, the deadline ends it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from lingong import testing as t
from lingong.notifications.models import Notification
from lingong.recruit import services
from lingong.recruit.models import (
    CampaignInvite,
    CampaignStatus,
    InviteChannel,
    InviteState,
    StationLink,
    Wave,
)
from lingong.recruit.tests import helpers as h

pytestmark = pytest.mark.django_db


def test_no_one_near_widens_the_radius_on_schedule_and_expires_at_the_deadline(cast: Any) -> None:
    now = h.tomorrow_at(9) - dt.timedelta(hours=3)
    campaign = h.start(cast, now=now, occupations=["chinese_cook"])  # nobody in the cast cooks
    assert campaign.status == CampaignStatus.OPEN
    minute = dt.timedelta(minutes=1)
    services.run_due(now=now)
    services.run_due(now=now + 4 * minute)  # not due yet: the interval is 5 minutes
    assert Wave.objects.filter(campaign=campaign).count() == 1
    for k in range(1, 7):
        services.run_due(now=now + 5 * k * minute)
    waves = list(Wave.objects.filter(campaign=campaign).order_by("number"))
    assert [(w.number, w.radius_km) for w in waves] == [(1, 3), (2, 6), (3, 12), (4, 24), (5, 30)]
    assert [w.at - now for w in waves] == [dt.timedelta(minutes=5 * k) for k in range(5)]
    assert all(w.invited == 0 for w in waves)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.FILLING
    assert campaign.next_wave_at is None  # the cap was reached: no more waves
    assert campaign.radius_km == 30
    # Before the deadline nothing ends; at the deadline the campaign expires.
    services.run_due(now=campaign.fill_deadline - minute)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.FILLING
    services.run_due(now=campaign.fill_deadline)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.EXPIRED
    assert campaign.closed_at == campaign.fill_deadline


def test_first_wave_invites_the_best_available_sized_by_the_over_invite_factor(cast: Any) -> None:
    near = h.workers_near(cast, 6, km=1.0)
    far = h.workers_near(cast, 2, km=8.0)  # outside waves 1 and 2 (3 and 6 km)
    busy = near[0]
    t.make_engagement(busy, cast.other_employer, days=3)  # engaged tomorrow: excluded
    now = h.tomorrow_at(9) - dt.timedelta(hours=3)
    campaign = h.start(cast, headcount=2, now=now)
    wave = services.run_wave(campaign_id=campaign.pk, now=now)
    assert wave is not None and wave.number == 1 and wave.radius_km == 3
    invited = set(CampaignInvite.objects.filter(campaign=campaign).values_list("worker_id", flat=True))
    assert len(invited) == 4  # ceil(2 places x 2.0)
    assert busy.pk not in invited
    assert not invited & {w.pk for w in far}
    assert invited <= {w.pk for w in near} | {cast.worker.pk}  # 江小军 lives at the district's centre
    invite = CampaignInvite.objects.filter(campaign=campaign).first()
    assert invite is not None and invite.channel == InviteChannel.SMS and invite.invited_at == now
    note = Notification.objects.get(user=invite.worker.user, kind="quick_recruit_invite")
    assert note.url == services.invite_url(campaign.pk)
    # The stations within 3 km are linked at once (the cast's stations sit in 友谊街道).
    links = StationLink.objects.filter(campaign=campaign)
    assert all(link.distance_km <= 3 for link in links)
    # Wave 2 adds the next candidates only (nobody twice) and widens to 6 km.
    wave2 = services.run_wave(campaign_id=campaign.pk, now=now + dt.timedelta(minutes=5))
    assert wave2 is not None and wave2.radius_km == 6
    again = CampaignInvite.objects.filter(campaign=campaign)
    assert again.count() == len(set(again.values_list("worker_id", flat=True)))
    assert busy.pk not in set(again.values_list("worker_id", flat=True))


def test_a_wave_is_not_run_twice_for_the_same_slot(cast: Any) -> None:
    h.workers_near(cast, 3)
    now = h.tomorrow_at(9) - dt.timedelta(hours=3)
    campaign = h.start(cast, headcount=1, now=now)
    assert services.run_wave(campaign_id=campaign.pk, now=now) is not None
    assert services.run_wave(campaign_id=campaign.pk, now=now) is None  # the task and the sweep together
    assert Wave.objects.filter(campaign=campaign).count() == 1
    assert CampaignInvite.objects.filter(campaign=campaign, state=InviteState.INVITED).count() == 2
