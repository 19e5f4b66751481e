"""Who may open the worker pages: an employer is turned away."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lingong.pagetools import login, text_of

pytestmark = pytest.mark.django_db


def test_employer_is_turned_away_from_worker_pages(client: Client, cast) -> None:
    login(client, cast.employer)
    response = client.get(reverse("jobs:worker_applications"), follow=True)
    assert response.redirect_chain
    assert "该页面仅供求职者使用" in text_of(response.content.decode())
