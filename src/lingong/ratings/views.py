"""Rating pages: the phone rating form of an engagement and the staff moderation list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lingong.accounts.access import require_staff
from lingong.accounts.auth import AuthedRequest
from lingong.core.errors import DomainError, PermissionDeniedError
from lingong.core.forms import add_domain_error
from lingong.engagements.models import Party
from lingong.org.policy import policy_for
from lingong.ratings import selectors, services
from lingong.ratings.forms import HideForm, RatingForm
from lingong.ratings.models import Rating


def _initial(rating: Rating | None) -> dict[str, Any]:
    if rating is None:
        return {}
    initial: dict[str, Any] = {"stars": str(rating.stars), "comment": rating.comment}
    for key, value in rating.dimensions.items():
        initial[key] = "" if value is None else str(value)
    return initial


def _shown(rating: Rating | None, party: str) -> dict[str, Any] | None:
    if rating is None:
        return None
    return {
        **selectors.rating_dict(rating, viewer_is_staff=party == Party.STAFF),
        "dimension_items": rating.dimension_items,
    }


def rate_page(request: AuthedRequest, engagement_id: int, *, rate: Callable[..., Any]) -> HttpResponse:
    """The rating form; ``rate`` is ``workflow.chain.rate_engagement`` (rating can complete the chain)."""
    found = selectors.ratings_of_engagement(request.user, engagement_id)
    direction = found.direction
    form: RatingForm | None = None
    if direction is None:
        if request.method == "POST":
            raise PermissionDeniedError(_("只有用工双方可以评价。"))
    elif request.method == "POST":
        form = RatingForm(request.POST, direction=direction)
        if form.is_valid():
            try:
                rating = rate(actor=request.user, engagement_id=engagement_id, **form.service_args())
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(
                    request, _("评价已提交，谢谢！") if rating.was_created else _("评价已修改。")
                )
                return redirect("ratings:rate", engagement_id)
    else:
        form = RatingForm(initial=_initial(found.mine), direction=direction)
    mine = found.mine
    editable = bool(
        form is not None
        and found.can_rate
        and (mine is None or timezone.now() <= services.edit_deadline(mine))
    )
    context = {
        "e": found.engagement,
        "party": found.party,
        "form": form,
        "editable": editable,
        "mine": _shown(mine, found.party),
        "theirs": _shown(found.theirs, found.party),
        "all_ratings": [_shown(r, found.party) for r in found.ratings] if found.party == Party.STAFF else [],
        "can_rate": found.can_rate,
        "edit_days": policy_for(found.engagement.market_id).rating_edit_days,
    }
    return render(request, "ratings/rate.html", context)


@login_required
def moderation(request: AuthedRequest) -> HttpResponse:
    require_staff(request.user)
    only_hidden = request.GET.get("hidden") == "1"
    ratings = list(selectors.moderation_queue(request.user, only_hidden=only_hidden)[:100])
    return render(
        request,
        "ratings/moderation.html",
        {"ratings": ratings, "only_hidden": only_hidden, "hide_form": HideForm()},
    )


@login_required
@require_POST
def hide(request: AuthedRequest, rating_id: int) -> HttpResponse:
    form = HideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写隐藏原因（至少2个字）。"))
        return redirect("ratings:moderation")
    try:
        services.hide_comment(actor=request.user, rating_id=rating_id, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已隐藏该评价内容。"))
    return redirect("ratings:moderation")
