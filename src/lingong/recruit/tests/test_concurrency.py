"""Thirty workers answer a three-place campaign at the same moment: exactly three offers, 27 on standby.

Each thread has its own connection (transaction=True). The job row, then the campaign row, are locked for
each answer (PostgreSQL row locks; on SQLite the IMMEDIATE write transaction serialises them the same way).
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from lingong.core.errors import DomainError
from lingong.jobs.models import Application, ApplicationStatus
from lingong.jobs.tests.test_concurrency import offered_workers
from lingong.recruit import services
from lingong.recruit.models import CampaignInvite, InviteState
from lingong.recruit.tests import helpers as h

WORKERS = 30
PLACES = 3


@pytest.mark.django_db(transaction=True)
def test_thirty_concurrent_answers_never_offer_more_than_the_places(cast: Any) -> None:
    campaign = h.start(cast, headcount=PLACES)
    # Thirty complete worker profiles (built in bulk by the jobs concurrency test's helper, which gives
    # each an offer on another posting; those do not matter here).
    other = h.start(cast, headcount=1)
    users = [user for user, _app in offered_workers(other.job, WORKERS)]
    barrier = threading.Barrier(WORKERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def answer(user: Any) -> None:
        try:
            barrier.wait(timeout=30)
            invite = services.answer(actor=user, campaign_id=campaign.pk)
            result = invite.state
        except DomainError as exc:  # pragma: no cover - reported in the assertion below
            result = f"error:{exc.code}"
        except Exception as exc:  # pragma: no cover
            result = f"crash:{type(exc).__name__}:{exc}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=answer, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(set(outcomes)) == ["offered", "standby"], outcomes
    assert outcomes.count("offered") == PLACES
    assert outcomes.count("standby") == WORKERS - PLACES
    assert CampaignInvite.objects.filter(campaign=campaign, state=InviteState.OFFERED).count() == PLACES
    assert (
        CampaignInvite.objects.filter(campaign=campaign, state=InviteState.STANDBY).count()
        == WORKERS - PLACES
    )
    offers = Application.objects.filter(job=campaign.job, status=ApplicationStatus.OFFERED)
    assert offers.count() == PLACES
    # Standby is ordered by answer time, each answer stamped under the lock.
    standby = list(
        CampaignInvite.objects.filter(campaign=campaign, state=InviteState.STANDBY).values_list(
            "answered_at", flat=True
        )
    )
    offered = list(
        CampaignInvite.objects.filter(campaign=campaign, state=InviteState.OFFERED).values_list(
            "answered_at", flat=True
        )
    )
    assert max(offered) <= min(standby)
