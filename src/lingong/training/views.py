"""Training pages (course part): the course list with the courses recommended by the gap analysis, a course
and its enrol button, the worker's courses; the employer's orders; staff's queue, providers, orders and
courses (enrolments, walk-ins, sessions, start / complete / cancel). Thin views: each calls one service or
selector; a refused action shows its Chinese message."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lingong.accounts.access import enterprise_of, enterprise_scope_q, is_staff
from lingong.accounts.auth import AuthedRequest
from lingong.accounts.models import Role
from lingong.core.errors import DomainError
from lingong.core.forms import add_domain_error
from lingong.core.masking import mask_name
from lingong.core.pagination import paginate
from lingong.employers.models import Enterprise
from lingong.jobs.models import JobPosting
from lingong.org.models import Station
from lingong.taxonomy.models import CertificateType
from lingong.training import selectors, services
from lingong.training.access import can_edit_providers, can_manage
from lingong.training.forms import (
    CourseForm,
    OrderEmployerForm,
    OrderForm,
    ProviderForm,
    ReasonForm,
    SessionForm,
    StaffOrderForm,
    WalkInEnrolForm,
)
from lingong.training.models import CourseStatus, OrderStatus
from lingong.workers.models import WorkerProfile


def _worker_of(user: Any) -> WorkerProfile | None:
    if not getattr(user, "is_authenticated", False) or user.role != Role.WORKER:
        return None
    return WorkerProfile.objects.filter(user=user).first()


def _staff_only(request: HttpRequest) -> None:
    if not is_staff(request.user):
        raise PermissionDenied


def _market_id(request: HttpRequest) -> int | None:
    market_id = getattr(request.user, "market_id", None)
    return int(market_id) if getattr(request.user, "is_authenticated", False) and market_id else None


# --- Public and worker ---------------------------------------------------------------------------------


def course_list(request: HttpRequest) -> HttpResponse:
    """招生中的培训班; for a worker, first the courses the gap analysis recommends (推荐给你)."""
    certificate = request.GET.get("certificate", "").strip()[:64] or None
    worker = _worker_of(request.user)
    market_id = worker.market_id if worker is not None else _market_id(request)
    courses = list(selectors.enrolling_courses(market_id, certificate))
    recommended = selectors.recommended_courses(worker, courses) if worker is not None else []
    shown = {r.course.pk for r in recommended}
    context = {
        "recommended": recommended,
        "courses": [c for c in courses if c.pk not in shown],
        "certificate": certificate,
        # The filter names the certificate as people know it, not by its code.
        "certificate_name": CertificateType.objects.filter(code=certificate)
        .values_list("name", flat=True)
        .first()
        if certificate
        else None,
        "is_worker": worker is not None,
    }
    return render(request, "training/course_list.html", context)


def course_detail(request: HttpRequest, course_id: int) -> HttpResponse:
    course = selectors.course_for_viewer(request.user, course_id)
    worker = _worker_of(request.user)
    enrolment = selectors.enrolment_of(worker, course)
    context = {
        "course": course,
        "sessions": list(course.sessions.order_by("seq")),
        "seats_left": selectors.seats_left(course),
        "subsidy_groups": selectors.subsidy_group_labels(course),
        "eligible": selectors.subsidy_eligible(course, worker),
        "enrolment": enrolment,
        "position": selectors.waitlist_position(enrolment) if enrolment is not None else None,
        "is_worker": worker is not None,
        "can_enrol": course.status == CourseStatus.ENROLLING and enrolment is None,
        "manages": can_manage(request.user, course),
        "recommended": request.GET.get("from") == "recommended",
    }
    return render(request, "training/course_detail.html", context)


def enrol(request: HttpRequest, course_id: int) -> HttpResponse:
    """The 报名 button: a worker enrols (a seat, or the waiting list); anyone else is sent to log in."""
    here = reverse("training:course", args=[course_id])
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={here}")
    if request.method != "POST":
        return redirect(here)
    try:
        enrolment = services.enrol(
            actor=request.user,
            course_id=course_id,
            waitlist=True,
            recommended=request.POST.get("recommended") == "1",
        )
    except DomainError as exc:
        if exc.status == 404:
            raise Http404 from None
        messages.error(request, exc.message)
        return redirect(here)
    if enrolment.status == "enrolled":
        messages.success(request, _("报名成功！请按时到上课地点参加培训。"))
    else:
        position = selectors.waitlist_position(enrolment)
        messages.success(
            request, _("名额已满，您已进入候补名单第%(n)d位，有空位时会通知您。") % {"n": position}
        )
    return redirect("training:my_courses")


@login_required
@require_POST
def withdraw(request: AuthedRequest, enrolment_id: int) -> HttpResponse:
    enrolment = selectors.enrolment_for(request.user, enrolment_id)
    try:
        services.withdraw(actor=request.user, enrolment_id=enrolment.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已退出培训班。"))
    if is_staff(request.user):
        return redirect("training:staff_course", course_id=enrolment.course_id)
    return redirect("training:my_courses")


@login_required
def my_courses(request: AuthedRequest) -> HttpResponse:
    worker = _worker_of(request.user)
    if worker is None:
        raise PermissionDenied
    return render(request, "training/my_courses.html", {"enrolments": selectors.my_enrolments(worker)})


# --- Employer ----------------------------------------------------------------------------------------


def _employer(request: AuthedRequest) -> Any:
    if request.user.role != Role.EMPLOYER:
        raise PermissionDenied
    enterprise = enterprise_of(request.user)
    if enterprise is None:
        raise PermissionDenied
    return enterprise


def _own_jobs(enterprise: Any) -> list[JobPosting]:
    return list(
        JobPosting.objects.filter(enterprise=enterprise, status__in=services.ORDER_JOB_STATUSES).order_by(
            "-created_at"
        )[:50]
    )


@login_required
def employer_orders(request: AuthedRequest) -> HttpResponse:
    enterprise = _employer(request)
    orders = list(selectors.employer_orders(request.user))
    return render(request, "training/employer_orders.html", {"orders": orders, "enterprise": enterprise})


@login_required
def employer_order_new(request: AuthedRequest) -> HttpResponse:
    enterprise = _employer(request)
    jobs = _own_jobs(enterprise)
    form = OrderForm(request.POST or None, jobs=jobs)
    if request.method == "POST" and form.is_valid():
        try:
            order = services.submit_order(actor=request.user, data=form.to_input())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("培训订单已提交，驿站工作人员会尽快联系培训机构开班。"))
            return redirect("training:employer_order", order_id=order.pk)
    context = {"form": form, "enterprise": enterprise, "jobs": jobs}
    return render(request, "training/employer_order_form.html", context)


@login_required
def _cancel_order(request: AuthedRequest, order: Any, back: str) -> HttpResponse:
    """Cancel the order with the reason given (employer's or staff's page), then back to that page."""
    form = ReasonForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    try:
        services.cancel_order(actor=request.user, order_id=order.pk, reason=reason)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("培训订单已取消。"))
    return redirect(back, order_id=order.pk)


def employer_order(request: AuthedRequest, order_id: int) -> HttpResponse:
    _employer(request)
    order = selectors.order_for_viewer(request.user, order_id)
    if request.method == "POST":
        return _cancel_order(request, order, "training:employer_order")
    return render(request, "training/order_detail.html", _order_context(request, order, staff=False))


def _order_context(request: HttpRequest, order: Any, *, staff: bool) -> dict[str, Any]:
    return {
        "order": order,
        "parts": selectors.order_parts(order),
        "courses": list(selectors.staff_courses(request.user).filter(order=order))
        if staff
        else list(order.courses.select_related("provider").order_by("start_date")),
        "may_cancel": selectors.may_cancel_order(request.user, order),
        "staff": staff,
        "open": order.status in (OrderStatus.SUBMITTED, OrderStatus.SCHEDULED),
    }


# --- Staff -------------------------------------------------------------------------------------------


def _stations_for(user: Any) -> list[Station]:
    if user.role == Role.MARKET_ADMIN:
        return list(Station.objects.filter(market_id=user.market_id or 0, is_active=True).order_by("name"))
    if user.role == Role.CENTRE_STAFF:
        return list(Station.objects.filter(centre_id=user.centre_id or 0, is_active=True).order_by("name"))
    return []


def _enterprises_for(user: Any) -> list[Enterprise]:
    return list(Enterprise.objects.filter(enterprise_scope_q(user)).order_by("name")[:500])


@login_required
def staff_queue(request: AuthedRequest) -> HttpResponse:
    _staff_only(request)
    status = request.GET.get("status", "")
    if status not in OrderStatus.values:
        # Open on the first tab that has orders: a market whose orders are all under way is not empty.
        status = next(
            (s for s in OrderStatus.values if selectors.staff_orders(request.user, s).exists()),
            OrderStatus.SUBMITTED,
        )
    context = {
        "orders": paginate(selectors.staff_orders(request.user, status), request.GET.get("page", 1), 20),
        "status": status,
        "statuses": OrderStatus.choices,
        "courses": list(selectors.staff_courses(request.user).filter(status__in=services.ACTIVE_COURSE)[:50]),
        "can_edit_providers": can_edit_providers(request.user),
    }
    return render(request, "training/staff_queue.html", context)


@login_required
def staff_providers(request: AuthedRequest) -> HttpResponse:
    _staff_only(request)
    enterprises = Enterprise.objects.filter(market_id=request.user.market_id or 0).order_by("name")[:500]
    form = ProviderForm(request.POST or None, enterprises=enterprises)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_provider(actor=request.user, data=form.to_input())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("培训机构已添加。"))
            return redirect("training:staff_providers")
    context = {
        "providers": list(selectors.providers(request.user)),
        "form": form,
        "can_edit": can_edit_providers(request.user),
    }
    return render(request, "training/staff_providers.html", context)


@login_required
def staff_provider(request: AuthedRequest, provider_id: int) -> HttpResponse:
    _staff_only(request)
    provider = selectors.provider_for_staff(request.user, provider_id)
    enterprises = Enterprise.objects.filter(market_id=request.user.market_id or 0).order_by("name")[:500]
    if request.method == "POST":
        form = ProviderForm(request.POST, enterprises=enterprises)
        if form.is_valid():
            try:
                services.update_provider(actor=request.user, provider_id=provider.pk, data=form.to_input())
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("培训机构已保存。"))
                return redirect("training:staff_providers")
    else:
        initial = {
            name: getattr(provider, name)
            for name in ("name", "licence_number", "contact_name", "contact_phone", "address", "is_active")
        }
        initial["enterprise_id"] = provider.enterprise_id
        form = ProviderForm(initial=initial, enterprises=enterprises)
    context = {"provider": provider, "form": form, "can_edit": can_edit_providers(request.user)}
    return render(request, "training/staff_provider.html", context)


@login_required
def staff_order_new(request: AuthedRequest) -> HttpResponse:
    _staff_only(request)
    form = StaffOrderForm(request.POST or None, enterprises=_enterprises_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            order = services.create_order_for(
                actor=request.user, enterprise_id=form.cleaned_data["enterprise_id"], data=form.to_input()
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("已代用工单位提交培训订单。"))
            return redirect("training:staff_order", order_id=order.pk)
    return render(request, "training/staff_order_form.html", {"form": form})


@login_required
def staff_order(request: AuthedRequest, order_id: int) -> HttpResponse:
    _staff_only(request)
    order = selectors.order_for_viewer(request.user, order_id)
    enterprises = _enterprises_for(request.user)
    employer_form = OrderEmployerForm(enterprises=enterprises)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "cancel":
            return _cancel_order(request, order, "training:staff_order")
        if action != "employer":
            raise Http404
        employer_form = OrderEmployerForm(request.POST, enterprises=enterprises)
        if employer_form.is_valid():
            data = employer_form.cleaned_data
            try:
                services.add_order_employer(
                    actor=request.user,
                    order_id=order.pk,
                    enterprise_id=data["enterprise_id"],
                    places=data["places"],
                    job_ids=[],
                    note=data.get("note") or "",
                )
            except DomainError as exc:
                add_domain_error(employer_form, exc)
            else:
                messages.success(request, _("已增加订单企业。"))
                return redirect("training:staff_order", order_id=order.pk)
    context = {**_order_context(request, order, staff=True), "employer_form": employer_form}
    return render(request, "training/order_detail.html", context)


@login_required
def staff_course_new(request: AuthedRequest) -> HttpResponse:
    _staff_only(request)
    order_param = request.GET.get("order", "")
    order = selectors.order_for_viewer(request.user, int(order_param)) if order_param.isdigit() else None
    providers = list(selectors.providers(request.user, active_only=True))
    stations = _stations_for(request.user) if order is None else []
    if request.method == "POST":
        form = CourseForm(request.POST, providers=providers, stations=stations)
        if form.is_valid():
            try:
                course = services.create_course(
                    actor=request.user, data=form.to_input(), order_id=order.pk if order else None
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("培训班已开设，请添加课次。"))
                return redirect("training:staff_course", course_id=course.pk)
    else:
        initial: dict[str, Any] = {"subsidy_per_person": 0, "pass_score": 60}
        if order is not None:
            initial.update(
                title=order.title[:60],
                occupation=order.occupation_id,
                certificate_type=order.certificate_type_id or "",
                capacity=min(1000, max(1, int(getattr(order, "places", 0) or 1))),
            )
        form = CourseForm(initial=initial, providers=providers, stations=stations)
    context = {"form": form, "order": order, "providers": providers}
    return render(request, "training/staff_course_form.html", context)


@login_required
def staff_course_edit(request: AuthedRequest, course_id: int) -> HttpResponse:
    _staff_only(request)
    course = selectors.managed_course(request.user, course_id)
    providers = list(selectors.providers(request.user))
    if request.method == "POST":
        form = CourseForm(request.POST, providers=providers)
        if form.is_valid():
            try:
                services.update_course(actor=request.user, course_id=course.pk, data=form.to_input())
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("培训班已保存。"))
                return redirect("training:staff_course", course_id=course.pk)
    else:
        form = CourseForm(initial=CourseForm.initial_for(course), providers=providers)
    return render(request, "training/staff_course_form.html", {"form": form, "course": course})


def _staff_course_action(request: AuthedRequest, course_id: int) -> SessionForm | WalkInEnrolForm | None:
    """One POST of the course page; returns a form to show again with its errors."""
    action, user = request.POST.get("action", ""), request.user
    if action in ("start", "complete"):
        mover = {"start": services.start_course, "complete": services.complete_course}
        mover[action](actor=user, course_id=course_id)
        messages.success(request, _("培训班状态已更新。"))
    elif action == "cancel":
        form = ReasonForm(request.POST)
        form.is_valid()
        services.cancel_course(actor=user, course_id=course_id, reason=form.cleaned_data.get("reason", ""))
        messages.success(request, _("培训班已取消，已通知报名的学员。"))
    elif action == "session":
        session_form = SessionForm(request.POST)
        if not session_form.is_valid():
            return session_form
        try:
            services.add_session(actor=user, course_id=course_id, item=session_form.to_input())
        except DomainError as exc:
            add_domain_error(session_form, exc)
            return session_form
        messages.success(request, _("课次已添加。"))
    elif action == "enrol":
        walk_in = WalkInEnrolForm(request.POST)
        if not walk_in.is_valid():
            return walk_in
        try:
            enrolment = services.enrol_walk_in(
                actor=user,
                course_id=course_id,
                phone=walk_in.cleaned_data["phone"],
                waitlist=bool(walk_in.cleaned_data.get("waitlist")),
            )
        except DomainError as exc:
            add_domain_error(walk_in, exc)
            return walk_in
        messages.success(
            request,
            _("已为%(name)s报名（%(status)s）。")
            % {"name": mask_name(enrolment.worker.real_name), "status": enrolment.get_status_display()},
        )
    else:
        raise Http404
    return None


@login_required
def staff_course(request: AuthedRequest, course_id: int) -> HttpResponse:
    _staff_only(request)
    course = selectors.managed_course(request.user, course_id)
    shown: SessionForm | WalkInEnrolForm | None = None
    if request.method == "POST":
        try:
            shown = _staff_course_action(request, course.pk)
        except DomainError as exc:
            if exc.status == 404:
                raise Http404 from None
            messages.error(request, exc.message)
            shown = None
        if shown is None:
            return redirect("training:staff_course", course_id=course.pk)
        course = selectors.managed_course(request.user, course_id)
    enrolments = selectors.course_enrolments(course)
    for e in enrolments:
        e.position = selectors.waitlist_position(e)  # type: ignore[attr-defined]
        e.masked = mask_name(e.worker.real_name)  # type: ignore[attr-defined]
    context = {
        "course": course,
        "sessions": list(course.sessions.order_by("seq")),
        "enrolments": enrolments,
        "seats_left": selectors.seats_left(course),
        "session_form": shown if isinstance(shown, SessionForm) else SessionForm(),
        "walk_in_form": shown
        if isinstance(shown, WalkInEnrolForm)
        else WalkInEnrolForm(initial={"waitlist": True}),
        "active": course.status in services.ACTIVE_COURSE,
    }
    return render(request, "training/staff_course.html", context)
