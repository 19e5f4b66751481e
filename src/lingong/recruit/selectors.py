"""Reads of quick-recruit. ``campaign_summary`` and ``live_campaigns`` are the contract with the live pages
(the employer's page, the station page, the big-data screen and the station screens): nothing personal."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from lingong.core.geo import haversine_km
from lingong.core.masking import mask_name
from lingong.recruit.models import (
    LIVE_STATUSES,
    CampaignInvite,
    CampaignStatus,
    InviteState,
    QuickRecruit,
    Wave,
)

COUNT_NAMES = ("invited", "viewed", "answered", "offered", "accepted", "standby")


def counts(campaign: QuickRecruit) -> dict[str, int]:
    got = campaign.invites.aggregate(
        invited=Count("pk"),
        viewed=Count("pk", filter=Q(viewed_at__isnull=False)),
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
        offered=Count("pk", filter=Q(state=InviteState.OFFERED)),
        accepted=Count("pk", filter=Q(state=InviteState.ACCEPTED)),
        standby=Count("pk", filter=Q(state=InviteState.STANDBY)),
    )
    return {name: int(got[name] or 0) for name in COUNT_NAMES}


def _seconds(start: dt.datetime | None, end: dt.datetime | None) -> int | None:
    if start is None or end is None:
        return None
    return max(int((end - start).total_seconds()), 0)


def campaign_summary(campaign: QuickRecruit, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """One campaign as every live page shows it: no names, no phones."""
    now = now or timezone.now()
    job = campaign.job
    occupation = job.occupations.order_by("pk").first()
    end = (
        campaign.closed_at
        or (campaign.filled_at if campaign.status == CampaignStatus.FILLED else None)
        or now
    )
    return {
        "id": campaign.pk,
        "title": job.title,
        "enterprise": campaign.enterprise.name,
        "occupation": occupation.name if occupation else "",
        "headcount": campaign.headcount,
        "status": campaign.status,
        "status_label": campaign.get_status_display(),
        "counts": counts(campaign),
        "started_at": campaign.started_at.isoformat(),
        "starts_at": campaign.starts_at.isoformat(),
        "fill_deadline": campaign.fill_deadline.isoformat(),
        "elapsed_s": _seconds(campaign.started_at, end),
        "time_to_first_answer_s": campaign.time_to_first_answer_s,
        "time_to_fill_s": campaign.time_to_fill_s,
        "lat": round(campaign.lat, 5),
        "lon": round(campaign.lon, 5),
        "radius_km": campaign.radius_km,
        "waves": campaign.waves.count(),
        "pay": job.pay_display,
        "answer_url": reverse("recruit:invitation", args=[campaign.pk]),
    }


def live_campaigns(market_id: int, near: tuple[float, float, float] | None = None) -> list[dict[str, Any]]:
    """Summaries of the market's open and filling campaigns, newest first; ``near=(lat, lon, km)`` keeps
    those within km of a point (a station screen) and adds ``distance_km``."""
    out = []
    rows = (
        QuickRecruit.objects.filter(market_id=market_id, status__in=LIVE_STATUSES)
        .select_related("job", "enterprise")
        .order_by("-started_at", "-pk")
    )
    for campaign in rows:
        summary = campaign_summary(campaign)
        if near is not None:
            distance = haversine_km(near[0], near[1], campaign.lat, campaign.lon)
            if distance > near[2]:
                continue
            summary["distance_km"] = round(distance, 2)
        out.append(summary)
    return out


def waves(campaign: QuickRecruit) -> list[dict[str, Any]]:
    return [
        {
            "number": w.number,
            "radius_km": w.radius_km,
            "at": w.at.isoformat(),
            "invited": w.invited,
            "stations_linked": w.stations_linked,
        }
        for w in Wave.objects.filter(campaign=campaign).order_by("number")
    ]


def answers(campaign: QuickRecruit) -> list[dict[str, Any]]:
    """Who answered, masked, in answer order (the employer's live page)."""
    rows = (
        campaign.invites.filter(answered_at__isnull=False)
        .select_related("worker", "station")
        .order_by("answered_at", "pk")
    )
    return [
        {
            "id": invite.pk,
            "name": mask_name(invite.worker.real_name),
            "state": invite.state,
            "state_label": invite.get_state_display(),
            "channel": invite.channel,
            "channel_label": invite.get_channel_display(),
            "station": invite.station.name if invite.station else "",
            "answered_at": invite.answered_at,
            "can_confirm": invite.state == InviteState.STANDBY,
        }
        for invite in rows
    ]


def invitations_of(worker_id: int) -> list[CampaignInvite]:
    """A worker's quick-recruit invitations, newest first."""
    return list(
        CampaignInvite.objects.filter(worker_id=worker_id)
        .select_related("campaign__job", "campaign__enterprise")
        .order_by("-invited_at", "-pk")[:50]
    )


def campaigns_for_job(job_id: int) -> list[QuickRecruit]:
    return list(QuickRecruit.objects.filter(job_id=job_id).order_by("-started_at"))


def station_campaigns(station: Any) -> list[dict[str, Any]]:
    """Campaigns a wave linked to the station that still take answers (a filled one keeps its standby)."""
    rows = (
        QuickRecruit.objects.filter(
            station_links__station=station, status__in=[*LIVE_STATUSES, CampaignStatus.FILLED]
        )
        .select_related("job", "enterprise")
        .order_by("-started_at", "-pk")
    )
    out = []
    for campaign in rows:
        summary = campaign_summary(campaign)
        summary["distance_km"] = round(haversine_km(station.lat, station.lon, campaign.lat, campaign.lon), 2)
        out.append(summary)
    return out
