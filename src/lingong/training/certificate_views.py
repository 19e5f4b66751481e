"""Pages of attendance, results and certificates: the classroom QR code, the worker's check-in, the
session roll (hand marking), the results form, the certificate PDF and its public verification page,
the official number of a national certificate and revocation, the order's promise, and the lists that
lead there (the worker's certificates, the courses a provider or staff member runs, staff's certificates,
the ordering employer's orders)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lingong.accounts.access import enterprise_of, is_staff
from lingong.accounts.auth import AuthedRequest
from lingong.core.errors import DomainError, NotFoundError
from lingong.core.qr import qr_svg
from lingong.core.siteurl import absolute_url
from lingong.training import attendance, certificates, promise, results
from lingong.training.models import Course, TrainingCertificate, TrainingOrder
from lingong.training.permissions import (
    certificate_for,
    courses_run_by_q,
    order_for_promise,
    staff_scope_q,
)


def _or_404(call: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return call(*args, **kwargs)
    except NotFoundError:
        raise Http404 from None


# --- Attendance ------------------------------------------------------------------------------------------


@login_required
def session_qr(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = _or_404(attendance.session_for_runner, request.user, session_id)
    url = absolute_url(reverse("training:checkin", args=[session.checkin_token]))
    context = {
        "session": session,
        "course": session.course,
        "qr": qr_svg(url, scale=10, title=str(_("扫码签到"))),
        "url": url,
        "problem": attendance.window_problem(session, timezone.now()),
    }
    return render(request, "training/attendance_qr.html", context)


@login_required
def checkin(request: AuthedRequest, token: str) -> HttpResponse:
    """What a worker's phone opens on scanning the classroom code: the check-in, done at once."""
    session = _or_404(attendance.session_by_token, token)
    error, done = "", None
    try:
        done = attendance.check_in(actor=request.user, token=token)
    except DomainError as exc:
        error = exc.message
    context = {"session": session, "course": session.course, "done": done, "error": error}
    return render(request, "training/attendance_checkin.html", context, status=409 if error else 200)


@login_required
def session_attendance(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = _or_404(attendance.session_for_runner, request.user, session_id)
    if request.method == "POST":
        try:
            enrolment_id = int(request.POST.get("enrolment", "0"))
        except ValueError:
            enrolment_id = 0
        try:
            attendance.mark_present(actor=request.user, session_id=session.pk, enrolment_id=enrolment_id)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已代签到。"))
        return redirect("training:session_attendance", session_id=session.pk)
    rows = attendance.session_roll(session)
    context = {
        "session": session,
        "course": session.course,
        "rows": rows,
        "present": sum(1 for r in rows if r["attendance"]),
        "sessions": session.course.sessions.order_by("seq"),
    }
    return render(request, "training/attendance_roll.html", context)


# --- Results ---------------------------------------------------------------------------------------------


@login_required
def course_results(request: AuthedRequest, course_id: int) -> HttpResponse:
    course = _or_404(results.course_for_runner, request.user, course_id)
    errors: dict[int, str] = {}
    if request.method == "POST":
        try:
            enrolment_id = int(request.POST.get("enrolment", "0"))
        except ValueError:
            enrolment_id = 0
        try:
            enrolment = results.enter_result(
                actor=request.user,
                enrolment_id=enrolment_id,
                score=request.POST.get("score", ""),
                note=request.POST.get("note", ""),
            )
        except DomainError as exc:
            errors[enrolment_id] = exc.message
        else:
            messages.success(
                request,
                _("已录入：%(name)s %(status)s")
                % {"name": enrolment.worker.masked_name, "status": enrolment.get_status_display()},
            )
            return redirect("training:course_results", course_id=course.pk)
    context = {
        "course": course,
        "rows": results.result_rows(course),
        "errors": errors,
        "started": results.course_started(course),
        "sessions": course.sessions.order_by("seq"),
    }
    return render(request, "training/result_form.html", context, status=422 if errors else 200)


@login_required
def my_courses_to_run(request: AuthedRequest) -> HttpResponse:
    """The courses a provider's people or staff run: QR codes, rolls and results."""
    q = courses_run_by_q(request.user)
    courses = list(
        Course.objects.filter(q)
        .select_related("provider")
        .prefetch_related("sessions")
        .order_by("-start_date")[:100]
    )
    if not courses and enterprise_of(request.user) is None and not is_staff(request.user):
        raise Http404
    return render(request, "training/attendance_courses.html", {"courses": courses})


# --- Certificates ----------------------------------------------------------------------------------------


@login_required
def certificate_pdf(request: AuthedRequest, certificate_id: int) -> HttpResponse:
    cert, body = _or_404(certificates.pdf_for, request.user, certificate_id)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{cert.number}.pdf"'
    return response


def certificate_verify(request: HttpRequest, token: str) -> HttpResponse:
    view = certificates.public_view(token)
    if view is None:
        raise Http404
    return render(request, "training/certificate_verify.html", {"v": view})


def _official_context(cert: TrainingCertificate, **extra: Any) -> dict[str, Any]:
    return {
        "cert": cert,
        "course": cert.enrolment.course,
        "worker": cert.enrolment.worker,
        "national": certificates.is_national(cert.enrolment.course.certificate_type),
        "state": certificates.state(cert),
        "verify_url": certificates.verify_url(cert),
        "errors": {},
        "values": {},
        **extra,
    }


@login_required
def certificate_official(request: AuthedRequest, certificate_id: int) -> HttpResponse:
    cert = _or_404(certificate_for, request.user, certificate_id, manage=True)
    if request.method == "POST":
        raw = request.POST.get("expires_on", "")
        try:
            expires_on = dt.date.fromisoformat(raw) if raw else None
        except ValueError:
            expires_on = None
        try:
            certificates.record_official(
                actor=request.user,
                certificate_id=cert.pk,
                number=request.POST.get("number", ""),
                expires_on=expires_on,
            )
        except DomainError as exc:
            context = _official_context(
                cert,
                error=exc.message,
                errors=exc.errors,
                values={"number": request.POST.get("number", ""), "expires_on": raw},
            )
            return render(request, "training/certificate_official.html", context, status=exc.status)
        messages.success(request, _("已登记官方证书，并加入劳动者档案。"))
        return redirect("training:certificate_official", certificate_id=cert.pk)
    return render(request, "training/certificate_official.html", _official_context(cert))


@login_required
@require_POST
def certificate_revoke(request: AuthedRequest, certificate_id: int) -> HttpResponse:
    cert = _or_404(certificate_for, request.user, certificate_id, manage=True)
    try:
        certificates.revoke(actor=request.user, certificate_id=cert.pk, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("证书已撤销。"))
    return redirect("training:certificate_official", certificate_id=cert.pk)


@login_required
def my_certificates(request: AuthedRequest) -> HttpResponse:
    worker = getattr(request.user, "worker_profile", None)
    if worker is None:
        raise Http404
    certs = list(
        TrainingCertificate.objects.filter(enrolment__worker=worker)
        .select_related("enrolment__course__provider")
        .order_by("-issued_on", "-pk")
    )
    rows = [
        {"cert": c, "state": certificates.state(c), "label": certificates.STATE_LABELS[certificates.state(c)]}
        for c in certs
    ]
    return render(request, "training/certificate_mine.html", {"rows": rows})


@login_required
def staff_certificates(request: AuthedRequest) -> HttpResponse:
    if not is_staff(request.user):
        raise Http404
    certs = list(
        TrainingCertificate.objects.filter(staff_scope_q(request.user, "enrolment__course__"))
        .select_related(
            "enrolment__course__provider", "enrolment__course__certificate_type", "enrolment__worker"
        )
        .order_by("official_recorded_at", "-issued_on", "-pk")[:200]
    )
    rows = [
        {
            "cert": c,
            "national": certificates.is_national(c.enrolment.course.certificate_type),
            "label": certificates.STATE_LABELS[certificates.state(c)],
        }
        for c in certs
    ]
    return render(request, "training/certificate_staff_list.html", {"rows": rows})


# --- The promise -----------------------------------------------------------------------------------------


@login_required
def order_promise(request: AuthedRequest, order_id: int) -> HttpResponse:
    order = _or_404(order_for_promise, request.user, order_id)
    return render(request, "training/promise_order.html", {"order": order, "p": promise.order_promise(order)})


@login_required
def my_order_promises(request: AuthedRequest) -> HttpResponse:
    """The ordering employer's orders (or staff's orders in scope) with their promise."""
    enterprise = enterprise_of(request.user)
    if enterprise is not None:
        orders = TrainingOrder.objects.filter(employers__enterprise=enterprise)
    elif is_staff(request.user):
        orders = TrainingOrder.objects.filter(staff_scope_q(request.user))
    else:
        raise Http404
    rows = [promise.order_promise(o) for o in orders.distinct().order_by("-created_at")[:50]]
    return render(request, "training/promise_list.html", {"rows": rows})
