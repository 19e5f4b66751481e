"""Fair pages: the public list and page with its floor plan; the worker's registrations and entry QR code;
the enterprise's booth applications; staff's list, management page and the door (check-in). Thin views:
each calls one service or selector."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lingong.accounts import services as account_services
from lingong.accounts.access import enterprise_of, is_staff
from lingong.accounts.auth import AuthedRequest
from lingong.accounts.models import OtpPurpose, Role
from lingong.core.errors import DomainError, InvalidInput
from lingong.core.forms import add_domain_error
from lingong.core.masking import mask_name, mask_phone
from lingong.core.middleware import allow_camera
from lingong.core.pagination import paginate
from lingong.core.qr import qr_svg
from lingong.core.siteurl import absolute_url
from lingong.fairs import selectors, services
from lingong.fairs.access import can_manage_fair
from lingong.fairs.forms import BoothApplicationForm, FairForm, WalkInForm
from lingong.fairs.models import BoothApplication, BoothStatus, FairRegistration, FairStatus, JobFair
from lingong.org.models import Station
from lingong.taxonomy.models import Industry
from lingong.workers.models import WorkerProfile


def _market_id(request: HttpRequest) -> int | None:
    user = request.user
    if getattr(user, "is_authenticated", False) and getattr(user, "market_id", None):
        return int(getattr(user, "market_id", 0))
    return None


def _worker_of(user: Any) -> WorkerProfile | None:
    if not getattr(user, "is_authenticated", False) or user.role != Role.WORKER:
        return None
    return WorkerProfile.objects.filter(user=user).first()


def _staff_only(request: HttpRequest) -> None:
    if not is_staff(request.user):
        raise PermissionDenied


# --- Public ------------------------------------------------------------------------------------------


def fair_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    fairs = list(selectors.public_fairs(_market_id(request), today))
    return render(request, "fairs/list.html", {"fairs": fairs, "today": today})


def fair_detail(request: HttpRequest, code: str) -> HttpResponse:
    fair = selectors.fair_for_viewer(request.user, code)
    shown = selectors.exhibitors(fair)
    worker = _worker_of(request.user)
    context = {
        "fair": fair,
        "exhibitors": shown,
        "floor_svg": selectors.floor_plan(fair, shown) if fair.is_onsite else "",
        "registration": selectors.registration_of(worker, fair),
        "can_register": fair.status == FairStatus.PUBLISHED and not services.has_ended(fair),
        "is_worker": worker is not None,
        "manages": can_manage_fair(request.user, fair),
        "map_url": "https://uri.amap.com/search?" + urlencode({"keyword": f"{fair.venue} {fair.address}"}),
        "page_url": absolute_url(services.fair_url(fair)),
    }
    return render(request, "fairs/detail.html", context)


def register(request: HttpRequest, code: str) -> HttpResponse:
    """The 预约登记 button: a worker registers; anyone else is sent to log in (or register) and back."""
    fair = selectors.fair_for_viewer(request.user, code)
    here = services.fair_url(fair)
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': here})}")
    if request.method != "POST":
        return redirect(here)
    try:
        services.register_self(actor=request.user, fair_id=fair.pk)
    except DomainError as exc:
        if exc.code != "already_registered":
            messages.error(request, exc.message)
            return redirect(here)
    else:
        messages.success(request, _("登记成功！入场时请出示您的入场码。"))
    return redirect("fairs:my_fair", code=fair.code)


# --- Worker ------------------------------------------------------------------------------------------


@login_required
def my_fairs(request: AuthedRequest) -> HttpResponse:
    worker = _worker_of(request.user)
    if worker is None:
        raise PermissionDenied
    today = timezone.localdate()
    registrations = list(selectors.my_registrations(worker))
    registered = {r.fair_id for r in registrations}
    upcoming = [f for f in selectors.public_fairs(worker.market_id, today) if f.pk not in registered]
    return render(request, "fairs/my_fairs.html", {"registrations": registrations, "upcoming": upcoming})


@login_required
def my_fair(request: AuthedRequest, code: str) -> HttpResponse:
    worker = _worker_of(request.user)
    if worker is None:
        raise PermissionDenied
    registration = selectors.my_registration(worker, code)
    context = {
        "registration": registration,
        "fair": registration.fair,
        "qr": qr_svg(registration.code, scale=10, title=_("入场码")),
    }
    return render(request, "fairs/my_fair.html", context)


# --- Employer ----------------------------------------------------------------------------------------


def _enterprise(request: AuthedRequest) -> Any:
    if request.user.role != Role.EMPLOYER:
        raise PermissionDenied
    enterprise = enterprise_of(request.user)
    if enterprise is None:
        raise PermissionDenied
    return enterprise


@login_required
def employer_fairs(request: AuthedRequest) -> HttpResponse:
    enterprise = _enterprise(request)
    open_fairs, mine = selectors.fairs_for_enterprise(enterprise)
    context = {"open_fairs": open_fairs, "applications": mine, "enterprise": enterprise}
    return render(request, "fairs/employer_fairs.html", context)


@login_required
def employer_apply(request: AuthedRequest, code: str) -> HttpResponse:
    """Apply for a booth, or edit the application while it waits for review."""
    enterprise = _enterprise(request)
    fair = selectors.fair_for_viewer(request.user, code)
    existing = BoothApplication.objects.filter(fair=fair, enterprise=enterprise).first()
    jobs = list(selectors.open_jobs_of(enterprise))
    if existing is not None:
        jobs += [j for j in existing.jobs.all() if j not in jobs]
    if request.method == "POST":
        form = BoothApplicationForm(request.POST, jobs=jobs)
        if form.is_valid():
            data = form.cleaned_data
            kwargs = {"job_ids": data["job_ids"], "contact_name": data["contact_name"], "note": data["note"]}
            try:
                if existing is not None:
                    services.update_booth_application(
                        actor=request.user, application_id=existing.pk, **kwargs
                    )
                    messages.success(request, _("参展申请已修改。"))
                else:
                    services.apply_for_booth(actor=request.user, fair_id=fair.pk, **kwargs)
                    messages.success(request, _("参展申请已提交，请等待工作人员审核。"))
                return redirect("fairs:employer_fairs")
            except DomainError as exc:
                add_domain_error(form, exc)
    elif existing is not None:
        initial = {
            "job_ids": [j.pk for j in existing.jobs.all()],
            "contact_name": existing.contact_name,
            "note": existing.note,
        }
        form = BoothApplicationForm(initial=initial, jobs=jobs)
    else:
        form = BoothApplicationForm(initial={"contact_name": enterprise.contact_name}, jobs=jobs)
    context = {"fair": fair, "form": form, "existing": existing, "enterprise": enterprise, "jobs": jobs}
    return render(request, "fairs/employer_apply.html", context)


@login_required
@require_POST
def employer_withdraw(request: AuthedRequest, application_id: int) -> HttpResponse:
    _enterprise(request)
    try:
        services.withdraw_booth_application(actor=request.user, application_id=application_id)
    except DomainError as exc:
        if exc.status == 404:
            raise Http404 from None
        messages.error(request, exc.message)
    else:
        messages.success(request, _("参展申请已撤回。"))
    return redirect("fairs:employer_fairs")


# --- Staff -------------------------------------------------------------------------------------------


def _stations_for(user: Any) -> list[Station]:
    if user.role == Role.MARKET_ADMIN:
        return list(Station.objects.filter(market_id=user.market_id or 0, is_active=True).order_by("name"))
    if user.role == Role.CENTRE_STAFF:
        return list(Station.objects.filter(centre_id=user.centre_id or 0, is_active=True).order_by("name"))
    return []


@login_required
def staff_fairs(request: AuthedRequest) -> HttpResponse:
    _staff_only(request)
    stations = _stations_for(request.user)
    if request.method == "POST":
        form = FairForm(request.POST)
        form.is_valid()
        data = form.to_input()
        station = request.POST.get("station", "")
        data.station_id = int(station) if station.isdigit() else None
        try:
            fair = services.create_fair(actor=request.user, data=data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("招聘会已创建，请布置展位后发布。"))
            return redirect("fairs:staff_fair", code=fair.code)
    else:
        form = FairForm()
    page = paginate(selectors.staff_fairs(request.user), request.GET.get("page", 1), 20)
    return render(request, "fairs/staff_fairs.html", {"page": page, "form": form, "stations": stations})


def _int(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.lstrip("-").isdigit() else None


def _staff_action(request: AuthedRequest, fair: JobFair) -> HttpResponse | None:
    """One POST of the management page; returns the page to show when the form must be shown again."""
    post, user, action = request.POST, request.user, request.POST.get("action", "")
    if action == "details":
        form = FairForm(post)
        form.is_valid()
        try:
            services.update_fair(actor=user, fair_id=fair.pk, data=form.to_input())
        except DomainError as exc:
            add_domain_error(form, exc)
            return _manage_page(request, fair, details_form=form)
        messages.success(request, _("招聘会信息已保存。"))
    elif action in ("publish", "close", "cancel"):
        mover = {
            "publish": services.publish_fair,
            "close": services.close_fair,
            "cancel": services.cancel_fair,
        }
        mover[action](actor=user, fair_id=fair.pk)
        messages.success(request, _("招聘会状态已更新。"))
    elif action == "generate":
        booths = services.generate_booths(actor=user, fair_id=fair.pk, count=_int(post.get("count")) or 0)
        messages.success(request, _("已生成%(n)d个展位。") % {"n": len(booths)})
    elif action == "booth":
        values = [_int(post.get(k)) for k in ("x", "y", "w", "h")]
        if any(v is None for v in values):
            raise InvalidInput(_("请填写展位位置和大小"))
        x, y, w, h = (int(v or 0) for v in values)
        booth_id = _int(post.get("booth"))
        if booth_id:
            number = str(post.get("number", "")) or None
            services.move_booth(actor=user, booth_id=booth_id, x=x, y=y, w=w, h=h, number=number)
        else:
            number = str(post.get("number", ""))
            services.add_booth(actor=user, fair_id=fair.pk, number=number, x=x, y=y, w=w, h=h)
        messages.success(request, _("展位已保存。"))
    elif action == "remove_booth":
        services.remove_booth(actor=user, booth_id=_int(post.get("booth")) or 0)
        messages.success(request, _("展位已删除。"))
    elif action == "limits":
        limits: dict[str, int] = {}
        for key in post:
            value = str(post.get(key, "")).strip()
            if key.startswith("limit_") and value:
                limit = _int(value)
                limits[key.removeprefix("limit_")] = limit if limit is not None else -1
        services.set_industry_limits(actor=user, fair_id=fair.pk, limits=limits)
        messages.success(request, _("行业展位上限已保存。"))
    elif action == "approve":
        services.approve_booth_application(
            actor=user, application_id=_int(post.get("application")) or 0, booth_id=_int(post.get("booth"))
        )
        messages.success(request, _("已通过参展申请。"))
    elif action == "reject":
        services.reject_booth_application(
            actor=user, application_id=_int(post.get("application")) or 0, reason=post.get("reason", "")
        )
        messages.success(request, _("已退回参展申请。"))
    elif action == "register":
        registration = services.register_worker(
            actor=user, fair_id=fair.pk, phone=post.get("phone", ""), check_in_now=bool(post.get("check_in"))
        )
        messages.success(
            request,
            _("已为%(name)s登记，入场码%(code)s")
            % {"name": mask_name(registration.worker.real_name), "code": registration.code},
        )
    else:
        raise Http404
    return None


def _manage_page(
    request: AuthedRequest,
    fair: JobFair,
    *,
    details_form: FairForm | None = None,
    walk_in_form: WalkInForm | None = None,
) -> HttpResponse:
    shown = selectors.exhibitors(fair)
    q = request.GET.get("q", "").strip()[:30]
    registrations = paginate(selectors.registrations_for_staff(fair, q), request.GET.get("page", 1), 30)
    applications = list(selectors.applications_for_staff(fair))
    industries = list(Industry.objects.order_by("order", "code"))
    limits = fair.industry_limits or {}
    context = {
        "fair": fair,
        "details_form": details_form or FairForm.for_fair(fair),
        "walk_in_form": walk_in_form or WalkInForm(),
        "floor_svg": selectors.floor_plan(fair, shown, services.fair_url(fair)) if fair.is_onsite else "",
        "booths": list(fair.booths.all().select_related("exhibitor__enterprise")),
        "free_booths": services.free_booths(fair),
        "applications": applications,
        "pending": [a for a in applications if a.status == BoothStatus.SUBMITTED],
        "industries": [(i, limits.get(i.code, "")) for i in industries],
        "registrations": registrations,
        "q": q,
        "counts": services.counts(fair),
        "editable": fair.status in (FairStatus.DRAFT, FairStatus.PUBLISHED),
    }
    return render(request, "fairs/staff_fair.html", context)


@login_required
def staff_fair(request: AuthedRequest, code: str) -> HttpResponse:
    _staff_only(request)
    fair = selectors.managed_fair(request.user, code)
    if request.method == "POST":
        if request.POST.get("action") in ("walk_in", "send_code"):
            return _walk_in(request, fair)
        try:
            shown = _staff_action(request, fair)
        except DomainError as exc:
            if exc.status == 404:
                raise Http404 from None
            detail = "；".join(m for msgs in exc.errors.values() for m in msgs if m != exc.message)
            messages.error(request, f"{exc.message}{('：' + detail) if detail else ''}")
            shown = None
        if shown is not None:
            return shown
        return redirect(reverse("fairs:staff_fair", args=[fair.code]) + "#" + request.POST.get("action", ""))
    return _manage_page(request, fair)


def _walk_in(request: AuthedRequest, fair: JobFair) -> HttpResponse:
    form = WalkInForm(request.POST)
    if request.POST.get("action") == "send_code":
        form = WalkInForm(initial={k: request.POST.get(k, "") for k in WalkInForm.base_fields})
        try:
            account_services.send_otp(phone=request.POST.get("phone", ""), purpose=OtpPurpose.CONSENT)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.info(request, _("验证码已发送到求职者手机，请让求职者告诉您验证码。"))
        return _manage_page(request, fair, walk_in_form=form)
    if form.is_valid():
        data = form.cleaned_data
        walk_in = services.WalkIn(
            phone=data["phone"],
            real_name=data["real_name"],
            id_number=data["id_number"],
            consent_channel=data["consent_channel"],
            consent_reference=data["consent_reference"],
            otp_code=data["otp_code"],
        )
        try:
            registration = services.register_walk_in(
                actor=request.user,
                fair_id=fair.pk,
                walk_in=walk_in,
                check_in_now=bool(request.POST.get("check_in")),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("已为%(name)s完成现场登记，入场码%(code)s")
                % {"name": mask_name(registration.worker.real_name), "code": registration.code},
            )
            return redirect(reverse("fairs:staff_fair", args=[fair.code]) + "#walk_in")
    return _manage_page(request, fair, walk_in_form=form)


# --- The door ----------------------------------------------------------------------------------------


def _door_result(request: AuthedRequest, fair: JobFair) -> dict[str, Any]:
    code = request.POST.get("code", "")
    try:
        registration = services.check_in(actor=request.user, fair_id=fair.pk, code=code)
    except services.CheckInRefused as exc:
        reg: FairRegistration | None = exc.registration
        return {
            "ok": False,
            "message": exc.message,
            "name": mask_name(reg.worker.real_name) if reg else "",
            "code": code,
        }
    except DomainError as exc:
        if exc.status == 404:
            raise Http404 from None
        return {"ok": False, "message": exc.message, "name": "", "code": code}
    at = (
        timezone.localtime(registration.checked_in_at).strftime("%H:%M") if registration.checked_in_at else ""
    )
    return {
        "ok": True,
        "message": _("签到成功 %(t)s") % {"t": at},
        "name": mask_name(registration.worker.real_name),
        "phone": mask_phone(registration.worker.user.phone),
        "code": registration.code,
    }


@allow_camera
@login_required
def door(request: AuthedRequest, code: str) -> HttpResponse:
    """检票口: scan the worker's QR code with the camera (static/lingong/fairs.js with jsQR) or type it."""
    _staff_only(request)
    fair = selectors.managed_fair(request.user, code)
    result = _door_result(request, fair) if request.method == "POST" else None
    context = {"fair": fair, "result": result, "counts": services.counts(fair)}
    if request.headers.get("HX-Request"):
        return render(request, "fairs/_door_result.html", context)
    return render(request, "fairs/door.html", context)
