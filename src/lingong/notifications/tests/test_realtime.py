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
        await sync_to_async(notify)(user=user, kind="offer_made", title="您收到了录用通知", sms=False)
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


def test_events_are_sent_only_after_commit(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(user=cast.worker.user, kind="shortlisted", title="您已入围", sms=False)
    assert not [e for e in events.sent_events if e[1].get("title") == "您已入围"]
    for callback in callbacks:
        callback()
    assert [e for e in events.sent_events if e[1].get("title") == "您已入围"]
