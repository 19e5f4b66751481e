"""A worker types 1 on two devices at the same moment, three times each: one lead, no error.

Each thread has its own connection (transaction=True). The lead's unique constraints decide: the first
insert wins, the others find it (``leads.capture`` catches the IntegrityError in a savepoint)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from lingong.live import services
from lingong.live.models import Lead, LiveComment, LiveViewer
from lingong.live.tests import helpers as h


@pytest.mark.django_db(transaction=True)
def test_concurrent_intents_from_two_devices_leave_one_lead(cast: Any) -> None:
    services.rate_limiter.clear()
    session = h.make_session(cast)
    h.pinned(cast, session)
    user = cast.worker.user
    devices = [
        LiveViewer.objects.create(session=session, key=f"device{n}", user=user, nickname="江**")
        for n in range(2)
    ]
    senders = [device for device in devices for _ in range(3)]
    barrier = threading.Barrier(len(senders))
    outcomes: list[str] = []
    lock = threading.Lock()

    def send(viewer: Any) -> None:
        try:
            barrier.wait(timeout=30)
            posted = services.submit_comment(session, viewer, "1")
            result = "created" if posted.capture and posted.capture.created else "found"
        except Exception as exc:  # pragma: no cover - reported in the assertion below
            result = f"crash:{type(exc).__name__}:{exc}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=send, args=(viewer,)) for viewer in senders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(outcomes) == ["created"] + ["found"] * 5, outcomes
    assert Lead.objects.count() == 1
    assert LiveComment.objects.filter(is_intent=True).count() == 6
    services.rate_limiter.clear()
