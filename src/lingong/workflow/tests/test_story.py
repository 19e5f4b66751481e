"""The whole story of an engagement on its timeline: registration and consent, hiring, then the work.

One walk through the chain by the services: station staff register a walk-in worker (paper consent), the
employer invites them, they apply, are shortlisted, offered and accept; both sign, the cover is issued, a
day is worked, confirmed, settled, paid and rated. The timeline must list every step in time order, each
with who and when, in Chinese, masked for the viewer.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lingong import testing as t
from lingong.apitools import Api
from lingong.audit.models import AuditEntry
from lingong.engagements.models import Engagement, Party
from lingong.pagetools import get_page, login, text_of
from lingong.workflow.selectors import StoryItem, engagement_story
from lingong.workflow.tests.helpers import walk_the_chain

pytestmark = pytest.mark.django_db

PAPER_FORM = "LN-2026-0815"

# The steps of the walk below, in the order they happened (other entries may sit between them).
STEPS = [
    "worker.registered",
    "worker.consent_given",
    "worker.consent_given",
    "job.approved",
    "job.worker_invited",
    "application.applied",
    "application.shortlisted",
    "application.offered",
    "application.accepted",
    "engagement.created",
    "contract.created",
    "contract.signed",
    "contract.signed",
    "contract.completed",
    "engagement.signed",
    "insurance.issued",
    "engagement.insured",
    "shift.checked_in",
    "shift.checked_out",
    "shift.confirmed",
    "settlement.issued",
    "payment.recorded",
    "engagement.settled",
    "rating.created",
    "rating.created",
    "engagement.rated",
]


@pytest.fixture(autouse=True)
def _quick_codes(settings: Any) -> None:
    settings.LINGONG_OTP_RESEND_SECONDS = 0
    settings.LINGONG_OTP_MAX_PER_HOUR = 50


@pytest.fixture
def story(cast: Any, django_capture_on_commit_callbacks: Any) -> Engagement:
    return walk_the_chain(cast, django_capture_on_commit_callbacks, paper_form=PAPER_FORM)


def _in_order(actions: list[str], steps: list[str]) -> list[str]:
    """The steps not found, in order, as a subsequence of ``actions`` (empty when all are)."""
    rest = iter(actions)
    return [step for step in steps if step not in rest]


def _item(items: list[StoryItem], action: str) -> StoryItem:
    return next(i for i in items if i.action == action)


def test_the_timeline_tells_the_whole_story_in_order(story: Engagement, cast: Any) -> None:
    items = engagement_story(story, Party.WORKER)
    actions = [i.action for i in items]
    assert _in_order(actions, STEPS) == []
    assert [i.at for i in items] == sorted(i.at for i in items)
    for item in items:
        assert item.label and "." not in item.label, item  # named in Chinese, never a raw action
        assert item.actor and item.at is not None, item
    assert {i.phase for i in items[:3]} == {"worker"}
    assert _item(items, "application.applied").phase == "hiring"
    assert _item(items, "engagement.created").phase == "engagement"
    # Every trail entry keeps its number in the market's chain; consents live in their own table.
    assert all(i.seq for i in items if i.action != "worker.consent_given")
    trail = AuditEntry.objects.filter(seq__in=[i.seq for i in items if i.seq], action__in=actions)
    assert set(trail.values_list("chain", flat=True)) == {story.market_id}


def test_registration_says_who_registered_the_worker_where_and_how_they_consented(
    story: Engagement, cast: Any
) -> None:
    mine = engagement_story(story, Party.WORKER)
    registered = _item(mine, "worker.registered")
    assert registered.label == "驿站工作人员代为求职登记"
    assert "驿站工作人员" in registered.actor and "友谊里社区零工驿站" in registered.actor
    assert "驿站小王" not in registered.actor and "驿***" in registered.actor  # masked for the worker
    assert "登记驿站：友谊里社区零工驿站" in registered.detail
    consents = [i for i in mine if i.action == "worker.consent_given"]
    assert [c.label for c in consents] == [
        "同意个人信息授权：求职登记与岗位匹配",
        "同意个人信息授权：处理身份证号等敏感个人信息",
    ]
    assert all("纸质授权书" in c.detail and PAPER_FORM in c.detail for c in consents)
    invited = _item(mine, "job.worker_invited")
    assert invited.actor == "用工方" and invited.label == "用工方邀请报名"
    # Staff see their colleague's name; the employer does not see the consent form's number.
    assert "驿站小王" in _item(engagement_story(story, Party.STAFF), "worker.registered").actor
    theirs = [i for i in engagement_story(story, Party.EMPLOYER) if i.action == "worker.consent_given"]
    assert theirs and all(PAPER_FORM not in c.detail and "纸质授权书" in c.detail for c in theirs)


def test_the_timeline_page_and_api_show_the_story_to_the_parties_only(
    story: Engagement, cast: Any, client: Client
) -> None:
    path = reverse("engagements:timeline", args=[story.pk])
    login(client, cast.employer)
    text = text_of(get_page(client, path).split('data-testid="timeline"')[1])
    for words in ("驿站工作人员代为求职登记", "同意个人信息授权", "报名", "接受录用", "生成用工单", "签到"):
        assert words in text, words
    assert text.index("驿站工作人员代为求职登记") < text.index("报名") < text.index("生成用工单")
    assert PAPER_FORM not in text
    login(client, cast.other_employer)
    assert client.get(path).status_code == 404
    api = Api(story.worker.user)
    body = api.get(f"/engagements/{story.pk}/timeline").json()
    assert _in_order([i["action"] for i in body], STEPS) == []
    assert body[0]["phase"] == "worker" and body[0]["phase_label"] == "求职登记"
    assert Api(cast.other_worker.user).get(f"/engagements/{story.pk}/timeline").status_code == 404


def test_a_self_registered_worker_and_a_plain_application(cast: Any) -> None:
    """The cast's worker registered online; no invitation, no shortlist: the story says so."""
    engagement = t.make_engagement(cast.worker, cast.employer, insurance_required=False)
    items = engagement_story(engagement, Party.EMPLOYER)
    actions = [i.action for i in items]
    assert _in_order(actions, ["worker.registered", "worker.consent_given", "application.applied"]) == []
    assert "job.worker_invited" not in actions and "application.shortlisted" not in actions
    registered = _item(items, "worker.registered")
    assert (registered.label, registered.actor) == ("本人注册求职账号", "劳动者本人")
    assert actions.index("application.accepted") < actions.index("engagement.created")
