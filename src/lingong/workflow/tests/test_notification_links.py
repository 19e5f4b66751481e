"""Every notification along the chain (and its refusals) opens, for its recipient, the page of their next
step: signing after acceptance, the offer to accept, hours to confirm, pay, rating ..."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import resolve, reverse

from lingong import testing as t
from lingong.employers import services as employer_services
from lingong.jobs import services as job_services
from lingong.notifications.models import Notification, OutboundMessage
from lingong.workflow.tests.helpers import walk_the_chain

pytestmark = pytest.mark.django_db

# The page each kind must lead to (URL name), where the kind's next step is taken.
NEXT_STEP = {
    "enterprise_verified": "jobs:job_new",
    "enterprise_rejected": "employers:edit_enterprise",
    "job_approved": "jobs:job_applicants",
    "job_rejected": "jobs:job_edit",
    "job_invitation": "jobs:detail",
    "job_closed": "jobs:list",
    "application_received": "jobs:job_applicants",
    "shortlisted": "jobs:worker_applications",
    "offer_made": "jobs:worker_applications",
    "application_rejected": "jobs:list",
    "offer_accepted": "jobs:job_applicants",
    "offer_declined": "jobs:job_applicants",
    "engagement_created": "contracts:for_engagement",
    "contract_your_turn": "contracts:detail",
    "contract_completed": "contracts:detail",
    "insurance_issued": "engagements:detail",
    "shift_checked_out": "engagements:detail",
    "engagement_completed": "settlements:engagement",
    "statement_issued": "settlements:detail",
    "statement_paid": "ratings:rate",
    "rating_received": "ratings:rate",
}


@pytest.fixture(autouse=True)
def _quick_codes(settings: Any) -> None:
    settings.LINGONG_OTP_RESEND_SECONDS = 0
    settings.LINGONG_OTP_MAX_PER_HOUR = 50


def _side_paths(cast: Any) -> None:
    """Refusals and endings off the main path: each notifies someone too."""
    rejected = t.make_job(cast.employer, admin=cast.admin, title="路南仓库理货员")
    application = job_services.apply(actor=cast.worker.user, job_id=rejected.pk)
    job_services.reject_application(actor=cast.employer, application_id=application.pk, reason="人已招满")
    declined = t.make_job(cast.employer, admin=cast.admin, title="路北搬运工")
    application = job_services.apply(actor=cast.worker.user, job_id=declined.pk)
    job_services.offer(actor=cast.employer, application_id=application.pk)
    job_services.decline_offer(actor=cast.worker.user, application_id=application.pk, reason="时间冲突")
    closed = t.make_job(cast.employer, admin=cast.admin, title="开平装修小工")
    job_services.apply(actor=cast.other_worker.user, job_id=closed.pk)
    job_services.close_job(actor=cast.employer, job_id=closed.pk)
    pending = job_services.create_job(actor=cast.employer, data=t.job_input(title="古冶保洁员"))
    job_services.reject_job(actor=cast.admin, job_id=pending.pk, reason="请写明工作时间")
    enterprise = employer_services.register_employer(
        phone=t.next_phone(), password=t.PASSWORD, data=t.enterprise_input("唐山市路南区第一幼儿园")
    )
    employer_services.reject_enterprise(actor=cast.admin, enterprise_id=enterprise.pk, reason="执照不清晰")


@pytest.fixture
def public_site(settings: Any) -> None:
    """Text messages sent outside a request link to the configured public address."""
    settings.SITE_URL = "https://lingong.example.org"


def test_every_notification_opens_its_next_step_for_its_recipient(
    public_site: None, cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    engagement = walk_the_chain(cast, django_capture_on_commit_callbacks, paper_form="LN-2026-0901")
    _side_paths(cast)
    notes = list(Notification.objects.select_related("user").order_by("pk"))
    kinds = {n.kind for n in notes}
    assert set(NEXT_STEP) <= kinds, sorted(set(NEXT_STEP) - kinds)
    for note in notes:
        path = note.url.split("#")[0]
        assert resolve(path).view_name == NEXT_STEP.get(note.kind, resolve(path).view_name), note.kind
        assert note.link_label and "." not in note.link_label
        client = Client()
        client.force_login(note.user)
        response = client.get(reverse("notifications:open", args=[note.pk]), follow=True)
        assert response.status_code == 200, (note.kind, note.url)
        final = response.redirect_chain[-1][0] if response.redirect_chain else ""
        assert "/accounts/login/" not in final, (note.kind, note.url)
    # After acceptance the worker is sent to sign the contract, which must come first.
    signing = Notification.objects.get(user=engagement.worker.user, kind="engagement_created")
    assert signing.url == reverse("contracts:for_engagement", args=[engagement.pk])
    assert signing.link_text == "去签署劳务协议"
    # Text messages carry the short link to the same step.
    for message in OutboundMessage.objects.exclude(template__startswith="otp_"):
        assert message.params["link"].startswith("https://lingong.example.org/inbox/"), message.template
