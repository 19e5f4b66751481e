"""Insurance pages: the certificate download and the staff list of failed purchases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lingong.accounts.access import require_staff
from lingong.accounts.auth import AuthedRequest
from lingong.core.errors import DomainError
from lingong.insurance import selectors
from lingong.insurance.access import access_policy_for
from lingong.insurance.models import PolicyStatus


@login_required
def certificate(request: AuthedRequest, policy_id: int) -> HttpResponse:
    policy, _party = access_policy_for(request.user, policy_id)
    if policy.status != PolicyStatus.ISSUED or not policy.certificate_pdf:
        raise Http404(_("保单尚未生效"))
    response = HttpResponse(bytes(policy.certificate_pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="policy-{policy.policy_number}.pdf"'
    return response


@login_required
def failed(request: AuthedRequest) -> HttpResponse:
    require_staff(request.user)
    policies = list(selectors.failed_policies_for_staff(request.user)[:100])
    return render(request, "insurance/failed.html", {"policies": policies})


def retry_page(request: AuthedRequest, policy_id: int, *, retry: Callable[..., Any]) -> HttpResponse:
    """POST of the staff's retry button; ``retry`` is ``workflow.chain.retry_cover``."""
    try:
        policy = retry(actor=request.user, policy_id=policy_id)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if policy.status == PolicyStatus.ISSUED:
            messages.success(request, _("投保成功，保单号 %(no)s。") % {"no": policy.policy_number})
        else:
            messages.error(request, _("仍未投保成功：%(e)s") % {"e": policy.last_error})
    return redirect("insurance:failed")
