"""The quick-recruit pages render for their roles (phone first), refuse others, and link from each home."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lingong.pagetools import get_page, login, text_of
from lingong.recruit import services
from lingong.recruit.models import CampaignInvite, InviteState
from lingong.recruit.tests import helpers as h

pytestmark = pytest.mark.django_db


def _running(cast: Any) -> Any:
    h.workers_near(cast, 2)
    now = timezone.now()
    campaign = h.start(cast, headcount=1, now=now)
    services.run_wave(campaign_id=campaign.pk, now=now)
    return campaign


def test_employer_starts_from_the_job_page_and_watches_it_fill(cast: Any) -> None:
    campaign = _running(cast)
    client = login(Client(), cast.employer)
    home = get_page(client, reverse("jobs:employer_dashboard"))
    assert reverse("recruit:campaign", args=[campaign.pk]) in home  # the running campaign, from home
    job_page = get_page(client, reverse("jobs:job_applicants", args=[campaign.job_id]))
    assert reverse("recruit:campaign", args=[campaign.pk]) in job_page
    page = get_page(client, reverse("recruit:campaign", args=[campaign.pk]))
    assert 'name="viewport"' in page and "即时快招" in page
    assert f'data-ws-path="/ws/campaigns/{campaign.pk}/"' in page
    assert "招募中" in text_of(page) and "第1轮" in text_of(page)
    partial = client.get(reverse("recruit:campaign", args=[campaign.pk]) + "?partial=1").content.decode()
    assert "<html" not in partial and 'data-testid="count-invited"' in partial
    # Another employer: as if the campaign did not exist.
    other = login(Client(), cast.other_employer)
    assert other.get(reverse("recruit:campaign", args=[campaign.pk])).status_code == 404


def test_the_start_page_starts_a_campaign(cast: Any) -> None:
    job = h.start(cast, headcount=1).job  # an open posting (its first campaign is then cancelled)
    services.cancel(actor=cast.employer, campaign_id=job.pk and services.live_for_job(job.pk).get().pk)
    client = login(Client(), cast.employer)
    url = reverse("recruit:start", args=[job.pk])
    assert "发起即时快招" in get_page(client, url)
    starts = h.tomorrow_at(9)
    response = client.post(
        url,
        {
            "headcount": "1",
            "starts_at": timezone.localtime(starts).strftime("%Y-%m-%dT%H:%M"),
            "fill_deadline": timezone.localtime(starts - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "auto_offer": "on",
        },
    )
    assert response.status_code == 302
    bad = client.post(
        url, {"headcount": "0", "starts_at": "2020-01-01T08:00", "fill_deadline": "2020-01-01T07:00"}
    )
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()


def test_worker_answers_with_one_tap_from_the_invitation(cast: Any) -> None:
    campaign = _running(cast)
    invite = CampaignInvite.objects.filter(campaign=campaign).select_related("worker__user").first()
    assert invite is not None
    client = login(Client(), invite.worker.user)
    assert reverse("recruit:my_invitations") in get_page(client, reverse("jobs:list"))
    listing = get_page(client, reverse("recruit:my_invitations"))
    assert campaign.job.title in listing
    url = reverse("recruit:invitation", args=[campaign.pk])
    page = get_page(client, url)
    assert 'data-testid="answer"' in page and "接单" in page
    invite.refresh_from_db()
    assert invite.viewed_at is not None  # opening the invitation counts as viewed
    assert client.post(url).status_code == 302
    invite.refresh_from_db()
    assert invite.state == InviteState.OFFERED
    assert "确认接受录用" in get_page(client, url)
    # The public job page offers the same one tap.
    assert url in get_page(client, reverse("jobs:detail", args=[campaign.job_id]))
    # Staff and employers are not workers: no invitation page.
    assert login(Client(), cast.employer).get(url).status_code == 404


def test_station_staff_see_nearby_campaigns_and_nominate(cast: Any) -> None:
    campaign = _running(cast)
    client = login(Client(), cast.station_staff)
    assert reverse("recruit:station") in get_page(client, reverse("staff:dashboard"))
    page = get_page(client, reverse("recruit:station"))
    assert campaign.job.title in page and f"/ws/stations/{cast.station.pk}/live/" in page
    response = client.post(
        reverse("recruit:nominate"),
        {
            "campaign": str(campaign.pk),
            "phone": cast.other_worker.user.phone,
            "station": str(cast.station.pk),
        },
    )
    assert response.status_code == 302
    invite = CampaignInvite.objects.get(campaign=campaign, worker=cast.other_worker)
    assert invite.channel == "station" and invite.nominated_by_id == cast.station_staff.pk
    # Not staff: no station page.
    assert login(Client(), cast.worker.user).get(reverse("recruit:station")).status_code == 404
