"""Station pages: the list by centre, a station's nearby jobs, its poster and QR code, inactive stations."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lingong import testing as t
from lingong.jobs import services as job_services
from lingong.pagetools import get_page, text_of

pytestmark = pytest.mark.django_db


def test_station_list_groups_stations_by_centre(client: Client, cast) -> None:
    html = get_page(client, reverse("org:stations"))
    text = text_of(html)
    assert "零工驿站" in text
    assert "共2个驿站" in text
    assert cast.centre.name in text and cast.other_centre.name in text
    assert cast.station.name in text and cast.other_station.name in text
    assert f'href="{reverse("jobs:station", args=[cast.station.pk])}"' in html


def test_station_page_lists_nearby_open_jobs(client: Client, cast) -> None:
    job = t.make_job(cast.employer, admin=cast.admin, title="路南保洁员急招", division=t.LUNAN)
    draft = job_services.create_job(
        actor=cast.employer, data=t.job_input(title="草稿岗位不公开"), submit=False
    )
    html = get_page(client, reverse("jobs:station", args=[cast.station.pk]))
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
    assert '<div class="qr" data-testid="poster-qr"' in html and "<svg" in html
    # The print button works under the CSP: app.js handles data-action="print" (no inline handler).
    assert 'data-action="print"' in html and "lingong/app.js" in html


def test_station_poster_points_at_the_host_served_on(client: Client, cast, settings) -> None:
    from lingong.core.qr import qr_svg

    station_path = reverse("jobs:station", args=[cast.station.pk])
    settings.SITE_URL = ""
    html = get_page(client, reverse("org:station_poster", args=[cast.station.pk]), host="127.0.0.1:8123")
    url = f"http://127.0.0.1:8123{station_path}"
    assert f'data-url="{url}"' in html and f">{url}</a>" in html  # printed for those who cannot scan
    assert qr_svg(url, scale=10, title=cast.station.name) in html
    settings.SITE_URL = "https://lingong.example.org"
    html = get_page(client, reverse("org:station_poster", args=[cast.station.pk]), host="127.0.0.1:8123")
    assert f">https://lingong.example.org{station_path}</a>" in html


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
    for name in ("jobs:station", "org:station_qr", "org:station_poster"):
        assert client.get(reverse(name, args=[cast.other_station.pk])).status_code == 404
    assert cast.other_station.name not in text_of(get_page(client, reverse("org:stations")))
