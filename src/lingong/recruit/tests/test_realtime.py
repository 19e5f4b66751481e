"""The live sockets: the campaign's employer and the station's staff receive the campaign's updates."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from lingong.recruit import services
from lingong.recruit.routing import websocket_urlpatterns
from lingong.recruit.tests import helpers as h

pytestmark = pytest.mark.django_db(transaction=True)


def _connect(path: str, user: Any) -> Any:
    communicator = WebsocketCommunicator(URLRouter(websocket_urlpatterns), path)
    communicator.scope["user"] = user
    return communicator


def test_employer_and_station_see_the_campaign_fill_live(cast: Any) -> None:
    (worker,) = h.workers_near(cast, 1)
    campaign = h.start(cast, headcount=1)  # after commit, wave 1 runs at once (Huey immediate)
    worker_user = worker.user  # loaded here: the scenario runs in an event loop

    async def scenario() -> tuple[dict[str, Any], dict[str, Any]]:
        employer = _connect(f"/ws/campaigns/{campaign.pk}/", cast.employer)
        station = _connect(f"/ws/stations/{cast.station.pk}/live/", cast.station_staff)
        assert (await employer.connect())[0] and (await station.connect())[0]
        await sync_to_async(services.answer)(actor=worker_user, campaign_id=campaign.pk)
        seen_by_employer = await employer.receive_json_from(timeout=5)
        seen_by_station = await station.receive_json_from(timeout=5)
        await employer.disconnect()
        await station.disconnect()
        return seen_by_employer, seen_by_station

    by_employer, by_station = async_to_sync(scenario)()
    for event in (by_employer, by_station):
        assert event["type"] == "campaign" and event["op"] == "update"
        assert event["campaign"]["id"] == campaign.pk
        assert event["campaign"]["counts"]["answered"] == 1
        assert worker.real_name not in str(event) and worker.user.phone not in str(event)


def test_others_are_refused(cast: Any) -> None:
    campaign = h.start(cast, headcount=1)
    tries = (
        (f"/ws/campaigns/{campaign.pk}/", cast.other_employer),
        (f"/ws/campaigns/{campaign.pk}/", cast.worker.user),
        (f"/ws/stations/{cast.station.pk}/live/", cast.other_station_staff),
        (f"/ws/stations/{cast.station.pk}/live/", cast.employer),
    )

    async def scenario() -> list[tuple[bool, int]]:
        out = []
        for path, user in tries:
            communicator = _connect(path, user)
            connected, code = await communicator.connect()
            out.append((connected, code))
        return out

    assert async_to_sync(scenario)() == [(False, 4403)] * 4
