"""Error pages with DEBUG off (issue 16, item 11): Chinese, branded, a way home; the 500 page and the pages
Django renders without a request need neither the database nor context processors; the API stays JSON."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import path
from django.views import defaults

from lingong.core.errors import ConflictError
from lingong.core.middleware import DomainErrorPageMiddleware
from lingong.urls import urlpatterns as project_urlpatterns

pytestmark = pytest.mark.django_db


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("an unexpected bug")


# This module doubles as a URLconf (pytest.mark.urls below): the project's URLs plus a view that fails.
urlpatterns = [path("boom/", boom), *project_urlpatterns]

DEBUG_PAGE_MARKS = ("URLconf", "Page not found", "Traceback", "Django tried these URL patterns")


def _assert_no_debug_page(html: str) -> None:
    for mark in DEBUG_PAGE_MARKS:
        assert mark not in html


def test_an_unknown_page_is_the_chinese_404_with_ways_home(client: Client, settings: Any) -> None:
    assert settings.DEBUG is False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'lang="zh-hans"' in html
    assert "页面不存在" in html and "返回首页" in html and "看看其他岗位" in html
    assert "/no-such-page/" in html  # the address the person typed, to spot a typo
    assert 'href="/"' in html
    _assert_no_debug_page(html)


def test_a_missing_object_is_the_same_404_page(client: Client) -> None:
    html = client.get("/jobs/999999/").content.decode()
    assert "页面不存在" in html and "返回首页" in html


def test_unknown_api_paths_answer_json_in_the_error_shape(client: Client) -> None:
    for url in ("/api/v1/no-such-endpoint", "/api/v2/jobs", "/api/", "/api/v1/jobs/999999"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"].startswith("application/json"), url
        body = response.json()
        assert set(body) == {"code", "message", "errors"}, url
        assert body["code"] == "not_found"


@pytest.mark.urls(__name__)
def test_an_unexpected_error_is_the_chinese_500_page(settings: Any) -> None:
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "服务器开小差了" in html and "返回首页" in html and 'href="/"' in html
    assert 'lang="zh-hans"' in html and "#c8102e" in html  # branded, with its look inline
    _assert_no_debug_page(html)
    assert "an unexpected bug" not in html


def test_the_500_page_renders_without_the_database_or_context(django_assert_num_queries: Any) -> None:
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = defaults.server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "服务器开小差了" in html
    assert "/static/" not in html  # no static lookup: a deployment without collected files still shows it


def test_a_refused_page_is_the_chinese_403_with_login(client: Client, cast: Any) -> None:
    response = client.get("/staff/")
    # Staff pages send anonymous visitors to log in; a signed-in worker is refused with the 403 page.
    assert response.status_code == 302
    client.force_login(cast.worker.user)
    response = client.get("/staff/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "没有权限" in html and "返回首页" in html
    _assert_no_debug_page(html)


def test_an_expired_form_is_a_chinese_csrf_page(cast: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"phone": cast.worker.user.phone, "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "页面已过期" in html and "返回上一页" in html and "返回首页" in html
    assert "CSRF verification failed" not in html


def test_a_bad_host_is_a_chinese_400_page(client: Client) -> None:
    response = client.get("/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    html = response.content.decode()
    assert "请求有误" in html and "返回首页" in html
    assert "DisallowedHost" not in html and "Bad Request" not in html


def test_a_refused_action_page_says_what_happened_not_no_permission(rf: Any) -> None:
    request = rf.get("/work/1/")
    request.user = AnonymousUser()
    error = ConflictError("用工单已结束，不能再签到")
    response = DomainErrorPageMiddleware(lambda r: HttpResponse()).process_exception(request, error)
    assert response is not None and response.status_code == 409
    html = response.content.decode()
    assert "无法完成操作" in html and "用工单已结束，不能再签到" in html and "没有权限" not in html
