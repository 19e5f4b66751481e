"""The phone rating form and the staff moderation page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lingong.pagetools import follow, get_page, login, post_page, text_of
from lingong.ratings.models import Rating
from lingong.ratings.tests.helpers import completed, signed
from lingong.workflow import chain


def test_worker_rates_the_employer_on_the_phone_form(client: Client, cast: Any) -> None:
    e = completed(cast.worker, cast.employer)
    url = reverse("ratings:rate", args=[e.pk])
    login(client, cast.worker.user)
    html = get_page(client, url)
    for testid in ("stars-1", "stars-5", "pay_on_time-5", "safety-3", "as_described-1", "rating-comment"):
        assert f'data-testid="{testid}"' in html, testid
    assert 'data-testid="rating-submit"' in html
    assert "按时付款" in text_of(html) and "评价用工方" in text_of(html)
    # Without the overall stars the form comes back with the Chinese message.
    again = post_page(client, url, {"pay_on_time": "5", "comment": "挺好"})
    assert "请选择1至5星" in text_of(again)
    assert not Rating.objects.exists()
    path, html = follow(client, url, {"stars": "4", "pay_on_time": "5", "safety": "4", "comment": "按时发钱"})
    assert path == url
    assert "评价已提交" in text_of(html)
    rating = Rating.objects.get()
    assert (rating.direction, rating.stars, rating.d1, rating.d2, rating.d3) == (
        "worker_to_employer",
        4,
        5,
        4,
        None,
    )
    assert rating.comment == "按时发钱"
    # The form shows the rating and offers to change it.
    assert "修改评价" in text_of(html) and 'value="4" checked' in html


def test_employer_sees_the_workers_rating_and_the_lock(client: Client, cast: Any) -> None:
    e = completed(cast.worker, cast.employer)
    chain.rate_engagement(actor=cast.worker.user, engagement_id=e.pk, stars=5, comment="老板爽快")
    login(client, cast.employer)
    url = reverse("ratings:rate", args=[e.pk])
    html = get_page(client, url)
    assert "对方的评价" in text_of(html) and "老板爽快" in text_of(html)
    assert 'data-testid="quality-5"' in html and "评价劳动者" in text_of(html)
    chain.rate_engagement(actor=cast.employer, engagement_id=e.pk, stars=3)
    Rating.objects.filter(direction="employer_to_worker").update(
        created_at=timezone.now() - dt.timedelta(days=8)
    )
    locked = get_page(client, url)
    assert 'data-testid="rating-locked"' in locked and 'data-testid="rating-submit"' not in locked
    # A forced POST is refused by the service, shown on the page.
    assert "已不能修改" in text_of(post_page(client, url, {"stars": "5"}))


def test_rating_page_before_completion_and_for_outsiders(client: Client, cast: Any) -> None:
    e = signed(cast.worker, cast.employer)
    url = reverse("ratings:rate", args=[e.pk])
    login(client, cast.worker.user)
    html = get_page(client, url)
    assert 'data-testid="rating-not-open"' in html and 'data-testid="rating-submit"' not in html
    assert "完工后才能评价" in text_of(post_page(client, url, {"stars": "5"}))
    login(client, cast.other_worker.user)
    assert client.get(url).status_code == 404
    login(client, cast.other_station_staff)
    assert client.get(url).status_code == 404


def test_staff_moderation_page_hides_a_comment(client: Client, cast: Any) -> None:
    e = completed(cast.worker, cast.employer)
    rating = chain.rate_engagement(actor=cast.employer, engagement_id=e.pk, stars=1, comment="滚蛋吧你")
    login(client, cast.station_staff)
    url = reverse("ratings:moderation")
    html = get_page(client, url)
    assert html.count('data-testid="moderation-item"') == 1 and "滚蛋吧你" in text_of(html)
    _, html = follow(client, reverse("ratings:hide", args=[rating.pk]), {"reason": ""})
    assert "请填写隐藏原因" in text_of(html)
    _, html = follow(client, reverse("ratings:hide", args=[rating.pk]), {"reason": "辱骂"})
    assert "已隐藏该评价内容" in text_of(html) and 'data-testid="hidden-mark"' in html
    assert Rating.objects.get(pk=rating.pk).hidden
    assert get_page(client, url + "?hidden=1").count('data-testid="moderation-item"') == 1
    # The parties now see the replacement text; staff on the rating page still read the original.
    staff_page = get_page(client, reverse("ratings:rate", args=[e.pk]))
    assert "滚蛋吧你" in text_of(staff_page)
    login(client, cast.worker.user)
    worker_page = text_of(get_page(client, reverse("ratings:rate", args=[e.pk])))
    assert "滚蛋吧你" not in worker_page and "该评价内容因违反社区规范已被隐藏" in worker_page
    assert client.get(url).status_code == 403
    # Other station's staff: the rating is not in their list, and hiding it is a 404.
    login(client, cast.other_station_staff)
    assert 'data-testid="moderation-item"' not in get_page(client, url)
    assert client.post(reverse("ratings:hide", args=[rating.pk]), {"reason": "辱骂"}).status_code == 404
