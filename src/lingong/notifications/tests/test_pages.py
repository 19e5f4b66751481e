"""The notification inbox page: the unread badge, opening and reading notifications, other people's."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lingong import testing as t
from lingong.jobs import services as job_services
from lingong.notifications.models import Notification, OutboundMessage
from lingong.notifications.services import notify
from lingong.pagetools import get_page, login, text_of

pytestmark = pytest.mark.django_db


def _offer_to(cast) -> Notification:
    job = t.make_job(cast.employer, admin=cast.admin, title="唐山站装卸工")
    application = job_services.apply(actor=cast.worker.user, job_id=job.pk)
    job_services.offer(actor=cast.employer, application_id=application.pk)
    return Notification.objects.get(user=cast.worker.user, kind="offer_made")


def test_inbox_lists_notifications_with_unread_badge_in_header(client: Client, cast) -> None:
    note = _offer_to(cast)
    notify(
        user=cast.worker.user,
        kind="notice",
        title="驿站通知：周六招聘会",
        body="地点：万达广场",
        url="/jobs/",
        sms=False,
    )
    login(client, cast.worker.user)
    html = get_page(client, reverse("notifications:inbox"))
    text = text_of(html)
    assert "您收到了录用通知" in text
    assert "唐山站装卸工" in text  # the body names the job
    assert "驿站通知：周六招聘会" in text and "地点：万达广场" in text
    assert html.count('data-testid="notification"') == 2
    # Each links to its next step, named: the offer to accept, the notice with the default words.
    assert f'href="/inbox/{note.pk}/" data-testid="notification-link">查看录用并确认 ›<' in html
    assert 'data-testid="notification-link">查看详情 ›<' in html
    assert '<span class="badge" data-testid="unread-count" data-unread>2</span>' in html
    assert "全部已读" in text
    # The badge shows on every page, not just the inbox.
    assert 'data-testid="unread-count" data-unread>2<' in get_page(client, reverse("jobs:list"))
    assert note.read_at is None


def test_opening_a_notification_marks_it_read_and_follows_its_link(client: Client, cast) -> None:
    note = _offer_to(cast)
    application = note.user.worker_profile.applications.get()
    login(client, cast.worker.user)
    response = client.get(reverse("notifications:open", args=[note.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('jobs:worker_applications')}#application-{application.pk}"
    note.refresh_from_db()
    assert note.read_at is not None
    # The POST form of the same step does the same.
    assert client.post(reverse("notifications:read", args=[note.pk]))["Location"] == response["Location"]
    html = get_page(client, reverse("notifications:inbox"))
    assert 'data-testid="unread-count" data-unread hidden>0<' in html  # kept hidden for live updates
    assert "全部已读" not in text_of(html)


def test_read_all_clears_the_badge(client: Client, cast) -> None:
    for i in range(3):
        notify(user=cast.worker.user, kind="notice", title=f"通知{i}", url="/jobs/", sms=False)
    login(client, cast.worker.user)
    assert 'data-testid="unread-count" data-unread>3<' in get_page(client, reverse("notifications:inbox"))
    response = client.post(reverse("notifications:read_all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(user=cast.worker.user, read_at__isnull=True).exists()
    assert 'data-testid="unread-count" data-unread hidden>0<' in get_page(
        client, reverse("notifications:inbox")
    )


def test_a_user_cannot_mark_someone_elses_notification_read(client: Client, cast) -> None:
    note = _offer_to(cast)
    login(client, cast.other_worker.user)
    assert client.post(reverse("notifications:read", args=[note.pk])).status_code == 404
    assert client.get(reverse("notifications:open", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None
    assert "您收到了录用通知" not in text_of(get_page(client, reverse("notifications:inbox")))


def test_empty_inbox_says_so(client: Client, cast) -> None:
    login(client, cast.other_worker.user)
    assert "暂无消息" in text_of(get_page(client, reverse("notifications:inbox")))


def test_the_text_message_carries_the_short_link_and_it_works_after_login(
    client: Client, cast, settings
) -> None:
    settings.SITE_URL = "https://lingong.example.org"  # a text message needs the public address
    note = _offer_to(cast)
    message = OutboundMessage.objects.get(idempotency_key=f"notification:{note.pk}")
    link = message.params["link"]
    assert link == f"https://lingong.example.org/inbox/{note.pk}/"
    path = reverse("notifications:open", args=[note.pk])
    response = client.get(path)  # not signed in: log in first, then on to the step
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    login(client, cast.worker.user)
    assert client.get(path)["Location"].startswith(reverse("jobs:worker_applications"))


def test_a_notification_without_a_next_step_is_refused(cast) -> None:
    for url in ("", "https://example.com/x", "jobs/"):
        with pytest.raises(ValueError, match="next step"):
            notify(user=cast.worker.user, kind="notice", title="无链接", url=url, sms=False)
    assert not Notification.objects.filter(kind="notice").exists()
