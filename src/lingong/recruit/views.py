"""Quick-recruit pages: start one, watch it fill, answer an invitation, a station's nearby campaigns."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lingong.accounts.access import is_staff
from lingong.accounts.auth import AuthedRequest
from lingong.accounts.models import Role
from lingong.core.errors import DomainError
from lingong.core.forms import add_domain_error
from lingong.jobs.models import JobPosting
from lingong.jobs.services import can_manage_job
from lingong.org.models import Station
from lingong.recruit import selectors, services
from lingong.recruit.forms import CampaignForm, NominationForm
from lingong.recruit.models import CampaignInvite, InviteChannel, QuickRecruit
from lingong.workers.models import WorkerProfile
from lingong.workers.services import ProfileInput


def _campaign_or_404(campaign_id: int) -> QuickRecruit:
    campaign = QuickRecruit.objects.select_related("job", "enterprise").filter(pk=campaign_id).first()
    if campaign is None:
        raise Http404
    return campaign


@login_required
def start(request: AuthedRequest, job_id: int) -> HttpResponse:
    job = JobPosting.objects.select_related("enterprise").filter(pk=job_id).first()
    if job is None or not can_manage_job(request.user, job):
        raise Http404
    form = CampaignForm(request.POST or None, initial=CampaignForm.defaults(job))
    if request.method == "POST" and form.is_valid():
        data = services.CampaignInput(
            headcount=form.cleaned_data["headcount"],
            starts_at=form.cleaned_data["starts_at"],
            fill_deadline=form.cleaned_data["fill_deadline"],
            auto_offer=form.cleaned_data["auto_offer"],
            job_id=job.pk,
        )
        try:
            campaign = services.start_campaign(actor=request.user, data=data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("即时快招已发起，正在向附近的求职者推送。"))
            return redirect("recruit:campaign", campaign_id=campaign.pk)
    return render(request, "recruit/start.html", {"form": form, "job": job})


@login_required
def campaign(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    found = _campaign_or_404(campaign_id)
    try:
        services.require_viewer(request.user, found)
    except DomainError:
        raise Http404 from None
    summary = selectors.campaign_summary(found)
    context: dict[str, Any] = {
        "campaign": found,
        "summary": summary,
        "waves": selectors.waves(found),
        "answers": selectors.answers(found),
        "can_manage": services.can_manage(request.user, found),
        "live": found.status in ("open", "filling", "filled"),
    }
    if request.GET.get("partial"):
        return render(request, "recruit/_campaign_live.html", context)
    return render(request, "recruit/campaign.html", context)


@login_required
@require_POST
def cancel(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    try:
        services.cancel(actor=request.user, campaign_id=campaign_id)
    except DomainError as exc:
        if exc.status == 404:
            raise Http404 from None
        messages.error(request, exc.message)
    else:
        messages.success(request, _("快招已取消。"))
    return redirect("recruit:campaign", campaign_id=campaign_id)


@login_required
@require_POST
def confirm(request: AuthedRequest, campaign_id: int, invite_id: int) -> HttpResponse:
    try:
        services.confirm(actor=request.user, campaign_id=campaign_id, invite_id=invite_id)
    except DomainError as exc:
        if exc.status == 404:
            raise Http404 from None
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已发出录用。"))
    return redirect("recruit:campaign", campaign_id=campaign_id)


@login_required
def invitation(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    """The page the SMS short link opens: one big 接单 button."""
    found = _campaign_or_404(campaign_id)
    worker = WorkerProfile.objects.filter(user=request.user).first()
    if request.user.role != Role.WORKER or worker is None or worker.market_id != found.market_id:
        raise Http404
    if request.method == "POST":
        try:
            services.answer(actor=request.user, campaign_id=campaign_id)
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("recruit:invitation", campaign_id=campaign_id)
    services.mark_viewed(actor=request.user, campaign_id=campaign_id)
    invite = (
        CampaignInvite.objects.filter(campaign=found, worker=worker).select_related("application").first()
    )
    context = {
        "campaign": found,
        "summary": selectors.campaign_summary(found),
        "invite": invite,
        "open": found.status in ("open", "filling", "filled"),
    }
    return render(request, "recruit/invitation.html", context)


@login_required
def my_invitations(request: AuthedRequest) -> HttpResponse:
    worker = WorkerProfile.objects.filter(user=request.user).first()
    if worker is None:
        raise Http404
    context = {"invites": selectors.invitations_of(worker.pk)}
    if request.GET.get("partial"):
        return render(request, "recruit/_my_invitations.html", context)
    return render(request, "recruit/my_invitations.html", context)


def _station_of(request: AuthedRequest) -> Station | None:
    """Station staff: their station; centre and market staff: the station they chose, within their scope."""
    user = request.user
    if user.role == Role.STATION_STAFF:
        return Station.objects.filter(pk=user.station_id).first() if user.station_id else None
    chosen = request.GET.get("station") or request.POST.get("station")
    if user.role == Role.CENTRE_STAFF:
        stations = Station.objects.filter(centre_id=user.centre_id, is_active=True)
    else:
        stations = Station.objects.filter(market_id=user.market_id or 0, is_active=True)
    if chosen and str(chosen).isdigit():
        return stations.filter(pk=int(chosen)).first()
    return stations.order_by("pk").first()


@login_required
def station_page(request: AuthedRequest) -> HttpResponse:
    """附近快招: the campaigns that reached the station (linked by a wave), live, with nomination."""
    if not is_staff(request.user):
        raise Http404
    station = _station_of(request)
    campaigns = selectors.station_campaigns(station) if station is not None else []
    context = {"station": station, "campaigns": campaigns, "form": NominationForm()}
    if request.GET.get("partial"):
        return render(request, "recruit/_station_list.html", context)
    return render(request, "recruit/station.html", context)


@login_required
@require_POST
def nominate(request: AuthedRequest) -> HttpResponse:
    if not is_staff(request.user):
        raise Http404
    form = NominationForm(request.POST)
    campaign_id = request.POST.get("campaign", "")
    if form.is_valid() and campaign_id.isdigit():
        data = form.cleaned_data
        walk_in = None
        if data["real_name"] or data["id_number"]:
            walk_in = services.WalkIn(
                profile=ProfileInput(real_name=data["real_name"], id_number=data["id_number"]),
                consent_channel="paper",
                consent_reference=data["consent_reference"],
            )
        try:
            invite = services.nominate(
                actor=request.user, campaign_id=int(campaign_id), phone=data["phone"], walk_in=walk_in
            )
        except DomainError as exc:
            if exc.status == 404:
                raise Http404 from None
            detail = "；".join(m for msgs in exc.errors.values() for m in msgs)
            messages.error(request, f"{exc.message}{('：' + detail) if detail else ''}")
        else:
            messages.success(
                request,
                _("已代报名：%(state)s") % {"state": invite.get_state_display()}
                if invite.channel == InviteChannel.STATION
                else _("已代报名。"),
            )
    else:
        messages.error(request, _("请填写手机号。"))
    station = request.POST.get("station", "")
    return redirect(reverse("recruit:station") + (f"?station={station}" if station.isdigit() else ""))
