"""Public pages, stations, the notification inbox and who may open which page (Django test client)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lingong import testing as t
from lingong.jobs import services as job_services
from lingong.notifications.models import Notification
from lingong.notifications.services import notify
from lingong.pagetools import LANG_MARK, get_page, login, text_of

pytestmark = pytest.mark.django_db


# --- Public pages ---------------------------------------------------------------------------------


def test_home_page_offers_both_ways_in(client: Client, cast) -> None:
    html = get_page(client, "/")
    text = text_of(html)
    assert "找活干，来零工市场" in text
    assert f'href="{reverse("jobs:list")}"' in html
    assert f'href="{reverse("accounts:register")}"' in html
    assert f'href="{reverse("employers:register")}"' in html
    assert f'href="{reverse("org:stations")}"' in html
    # The static assets the page needs are linked, and the header offers sign-in to visitors.
    assert "/static/lingong/app.css" in html
    assert "/static/vendor/htmx-2.0.4/htmx.min.js" in html
    assert "登录" in text and "注册" in text
    assert 'data-testid="unread-count"' not in html


@pytest.mark.parametrize(
    ("who", "target"),
    [("worker", "jobs:list"), ("employer", "employers:dashboard"), ("station_staff", "staff:dashboard")],
)
def test_home_sends_signed_in_people_to_their_start_page(client: Client, cast, who: str, target: str) -> None:
    user = getattr(cast, who)
    login(client, getattr(user, "user", user))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse(target)


def test_privacy_notice_names_version_and_rights(client: Client, cast, settings) -> None:
    settings.LINGONG_PRIVACY_NOTICE_VERSION = "2026-11"
    text = text_of(get_page(client, reverse("privacy")))
    assert "个人信息保护告知书" in text
    assert "版本 2026-11" in text
    assert "身份证号码" in text and "加密" in text
    assert "撤回授权" in text


@pytest.mark.parametrize(
    "path",
    [
        "lingong/app.css",
        "lingong/app.js",
        "vendor/htmx-2.0.4/htmx.min.js",
        "vendor/alpinejs-3.14.9/alpine.min.js",
    ],
)
def test_static_assets_are_found_and_served(client: Client, db, path: str) -> None:
    from django.contrib.staticfiles import finders

    assert finders.find(path), f"no staticfiles finder knows {path}"
    response = client.get(f"/static/{path}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert len(body) > 100


def test_healthz_answers_ok(client: Client, db) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_missing_page_is_404(client: Client, cast) -> None:
    assert client.get("/jobs/999999/").status_code == 404
    assert client.get("/org/stations/999999/").status_code == 404


# --- Stations -------------------------------------------------------------------------------------


def test_station_list_groups_stations_by_centre(client: Client, cast) -> None:
    html = get_page(client, reverse("org:stations"))
    text = text_of(html)
    assert "零工驿站" in text
    assert "共2个驿站" in text
    assert cast.centre.name in text and cast.other_centre.name in text
    assert cast.station.name in text and cast.other_station.name in text
    assert f'href="{reverse("org:station", args=[cast.station.pk])}"' in html


def test_station_page_lists_nearby_open_jobs(client: Client, cast) -> None:
    job = t.make_job(cast.employer, admin=cast.admin, title="路南保洁员急招", division=t.LUNAN)
    draft = job_services.create_job(
        actor=cast.employer, data=t.job_input(title="草稿岗位不公开"), submit=False
    )
    html = get_page(client, reverse("org:station", args=[cast.station.pk]))
    text = text_of(html)
    assert cast.station.name in text
    assert cast.centre.name in text
    assert "驿站附近的岗位（1个）" in text
    assert job.title in text
    assert draft.title not in text
    assert 'data-testid="distance"' in html  # sorted by distance from the station
    assert f'href="{reverse("org:station_poster", args=[cast.station.pk])}"' in html


def test_station_poster_embeds_an_inline_qr_code(client: Client, cast) -> None:
    html = get_page(client, reverse("org:station_poster", args=[cast.station.pk]))
    text = text_of(html)
    assert "码上找工作" in text
    assert cast.station.name in text
    assert cast.market.name in text
    assert '<div class="qr"><svg' in html
    assert "window.print()" in html


def test_station_qr_is_an_svg_pointing_at_the_station(client: Client, cast) -> None:
    response = client.get(reverse("org:station_qr", args=[cast.station.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    body = response.content.decode()
    assert body.startswith("<svg")
    assert f"<title>{cast.station.name}</title>" in body


def test_inactive_station_pages_are_gone(client: Client, cast) -> None:
    cast.other_station.is_active = False
    cast.other_station.save(update_fields=["is_active"])
    for name in ("org:station", "org:station_qr", "org:station_poster"):
        assert client.get(reverse(name, args=[cast.other_station.pk])).status_code == 404
    assert cast.other_station.name not in text_of(get_page(client, reverse("org:stations")))


# --- Notifications --------------------------------------------------------------------------------


def _offer_to(cast) -> Notification:
    job = t.make_job(cast.employer, admin=cast.admin, title="唐山站装卸工")
    application = job_services.apply(actor=cast.worker.user, job_id=job.pk)
    job_services.offer(actor=cast.employer, application_id=application.pk)
    return Notification.objects.get(user=cast.worker.user, kind="offer_made")


def test_inbox_lists_notifications_with_unread_badge_in_header(client: Client, cast) -> None:
    note = _offer_to(cast)
    notify(
        user=cast.worker.user, kind="notice", title="驿站通知：周六招聘会", body="地点：万达广场", sms=False
    )
    login(client, cast.worker.user)
    html = get_page(client, reverse("notifications:inbox"))
    text = text_of(html)
    assert "您收到了录用通知" in text
    assert "唐山站装卸工" in text  # the body names the job
    assert "驿站通知：周六招聘会" in text and "地点：万达广场" in text
    assert html.count('data-testid="notification"') == 2
    assert '<span class="badge" data-testid="unread-count" data-unread>2</span>' in html
    assert "全部已读" in text
    # The badge shows on every page, not just the inbox.
    assert 'data-testid="unread-count" data-unread>2<' in get_page(client, reverse("jobs:list"))
    assert note.read_at is None


def test_opening_a_notification_marks_it_read_and_follows_its_link(client: Client, cast) -> None:
    note = _offer_to(cast)
    login(client, cast.worker.user)
    response = client.post(reverse("notifications:read", args=[note.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("workers:applications")
    note.refresh_from_db()
    assert note.read_at is not None
    html = get_page(client, reverse("notifications:inbox"))
    assert 'data-testid="unread-count" data-unread hidden>0<' in html  # kept hidden for live updates
    assert "全部已读" not in text_of(html)


def test_read_all_clears_the_badge(client: Client, cast) -> None:
    for i in range(3):
        notify(user=cast.worker.user, kind="notice", title=f"通知{i}", sms=False)
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
    client.post(reverse("notifications:read", args=[note.pk]))
    note.refresh_from_db()
    assert note.read_at is None
    assert "您收到了录用通知" not in text_of(get_page(client, reverse("notifications:inbox")))


def test_empty_inbox_says_so(client: Client, cast) -> None:
    login(client, cast.other_worker.user)
    assert "暂无消息" in text_of(get_page(client, reverse("notifications:inbox")))


# --- Permissions ----------------------------------------------------------------------------------

STAFF_PAGES = [
    "staff:dashboard",
    "staff:walk_in",
    "staff:workers",
    "staff:jobs",
    "staff:job_new",
    "staff:job_reviews",
    "staff:enterprises",
    "staff:enterprise_new",
]


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_anonymous_visitor_is_sent_to_login_from_staff_pages(client: Client, cast, name: str) -> None:
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=" in response["Location"]


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_worker_and_employer_are_refused_staff_pages(client: Client, cast, name: str) -> None:
    login(client, cast.worker.user)
    assert client.get(reverse(name)).status_code == 403
    client.logout()
    login(client, cast.employer)
    assert client.get(reverse(name)).status_code == 403


def test_worker_cannot_decide_reviews_through_staff_urls(client: Client, cast) -> None:
    job = job_services.create_job(actor=cast.employer, data=t.job_input())
    login(client, cast.worker.user)
    assert client.post(reverse("staff:job_decision", args=[job.pk, "approve"])).status_code == 403
    job.refresh_from_db()
    assert job.status == "pending_review"


def test_station_staff_are_refused_market_review_pages(client: Client, cast) -> None:
    login(client, cast.station_staff)
    assert client.get(reverse("staff:job_reviews")).status_code == 403
    assert client.get(reverse("staff:enterprises")).status_code == 403


def test_other_employer_gets_404_on_someone_elses_applicants_page(client: Client, cast) -> None:
    job = t.make_job(cast.employer, admin=cast.admin)
    application = job_services.apply(actor=cast.worker.user, job_id=job.pk)
    login(client, cast.other_employer)
    assert client.get(reverse("employers:job_applicants", args=[job.pk])).status_code == 404
    assert client.get(reverse("employers:job_edit", args=[job.pk])).status_code == 404
    # Nor can they act on the application through the form URL.
    client.post(reverse("employers:application_action", args=[application.pk, "offer"]))
    application.refresh_from_db()
    assert application.status == "applied"


def test_worker_gets_404_on_employer_pages(client: Client, cast) -> None:
    job = t.make_job(cast.employer, admin=cast.admin)
    login(client, cast.worker.user)
    assert client.get(reverse("employers:dashboard")).status_code == 404
    assert client.get(reverse("employers:job_applicants", args=[job.pk])).status_code == 404


def test_employer_is_turned_away_from_worker_pages(client: Client, cast) -> None:
    login(client, cast.employer)
    response = client.get(reverse("workers:applications"), follow=True)
    assert response.redirect_chain
    assert "该页面仅供求职者使用" in text_of(response.content.decode())


@pytest.mark.parametrize(
    "name", ["workers:profile", "workers:applications", "notifications:inbox", "employers:dashboard"]
)
def test_private_pages_ask_for_login(client: Client, cast, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_every_main_page_declares_chinese(client: Client, cast) -> None:
    job = t.make_job(cast.employer, admin=cast.admin)
    public = [
        "/",
        reverse("privacy"),
        reverse("jobs:list"),
        reverse("jobs:detail", args=[job.pk]),
        reverse("org:stations"),
        reverse("accounts:login"),
        reverse("accounts:otp_login"),
        reverse("accounts:register"),
        reverse("employers:register"),
    ]
    for url in public:
        assert LANG_MARK in get_page(client, url)
