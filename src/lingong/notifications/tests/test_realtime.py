import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from lingong.core import events
from lingong.notifications.consumers import UserEventsConsumer
from lingong.notifications.services import notify


@pytest.mark.django_db(transaction=True)
def test_signed_in_user_receives_notification_event(cast):
    user = cast.worker.user

    async def scenario() -> dict:
        communicator = WebsocketCommunicator(UserEventsConsumer.as_asgi(), "/ws/events/")
        communicator.scope["user"] = user
        connected, _ = await communicator.connect()
        assert connected
        await sync_to_async(notify)(
            user=user, kind="offer_made", title="您收到了录用通知", url="/me/applications/", sms=False
        )
        message = await communicator.receive_json_from(timeout=5)
        await communicator.disconnect()
        return message

    message = async_to_sync(scenario)()
    assert message["type"] == "notification"
    assert message["title"] == "您收到了录用通知"


def test_anonymous_socket_is_refused():
    async def scenario() -> tuple[bool, int]:
        communicator = WebsocketCommunicator(UserEventsConsumer.as_asgi(), "/ws/events/")
        communicator.scope["user"] = AnonymousUser()
        connected, code = await communicator.connect()
        return connected, code

    connected, code = async_to_sync(scenario)()
    assert not connected
    assert code == 4401


def test_events_are_sent_only_after_commit(cast, django_capture_on_commit_callbacks, capture_events):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(
            user=cast.worker.user, kind="shortlisted", title="您已入围", url="/me/applications/", sms=False
        )
    assert len(capture_events) == 0
    for callback in callbacks:
        callback()
    assert capture_events.kinds() == ["notification.add"]
    assert capture_events.events()[0]["title"] == "您已入围"
    assert capture_events.groups() == [[f"user.{cast.worker.user.pk}"]]


def test_events_are_recorded_only_while_the_fixture_is_installed(cast, django_capture_on_commit_callbacks):
    assert events.recorder is None  # production keeps nothing
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            user=cast.worker.user, kind="shortlisted", title="您已入围", url="/me/applications/", sms=False
        )
    assert events.recorder is None


def test_the_capture_block_counts_only_its_own_events(cast, capture_events):
    with capture_events(expected=1) as sent:
        notify(
            user=cast.worker.user, kind="shortlisted", title="您已入围", url="/me/applications/", sms=False
        )
    with capture_events(expected=2) as second:
        notify(
            user=cast.worker.user,
            kind="offer_made",
            title="您收到了录用通知",
            url="/me/applications/",
            sms=False,
        )
        notify(
            user=cast.other_worker.user,
            kind="offer_made",
            title="您收到了录用通知",
            url="/me/applications/",
            sms=False,
        )
    assert sent.kinds() == ["notification.add"]
    assert [e["kind"] for e in second.events("notification", "add")] == ["offer_made", "offer_made"]
    assert len(capture_events) == 3
    with pytest.raises(AssertionError), capture_events(expected=2):
        notify(user=cast.worker.user, kind="shortlisted", title="又一条", url="/me/applications/", sms=False)
