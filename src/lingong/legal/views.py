"""Pages: the legal-help hub, advisers and booking, my consultations, the policy library, 政策匹配 and
arbitration days (public/worker); the staff pages under /staff/legal/ (roster, slots, bookings and advice,
arbitration days, articles, rules versions)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lingong.accounts.access import is_staff
from lingong.accounts.auth import AuthedRequest
from lingong.accounts.models import Role
from lingong.core.errors import DomainError, NotFoundError, PermissionDeniedError
from lingong.legal import selectors, services
from lingong.legal.models import (
    AdviserKind,
    ArbitrationDay,
    ConsultationStatus,
    Industry,
    LegalAdviser,
    PolicyArticle,
    PolicyCategory,
    PolicyGroup,
    SlotMode,
)
from lingong.legal.rules_engine import FACTS, clean_facts


def _get(request: HttpRequest, name: str, limit: int = 200) -> str:
    return str(request.GET.get(name, ""))[:limit]


def _post(request: HttpRequest, name: str, limit: int = 2000) -> str:
    return str(request.POST.get(name, ""))[:limit]


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 10 else None


# --- public and worker pages ------------------------------------------------------------------------


def hub(request: HttpRequest) -> HttpResponse:
    market_id = selectors.market_id_for(request.user)
    context = {
        "advisers": len(selectors.advisers(market_id)),
        "days": selectors.arbitration_days(market_id)[:3],
        "categories": PolicyCategory.choices,
    }
    return render(request, "legal/hub.html", context)


def advisers(request: HttpRequest) -> HttpResponse:
    market_id = selectors.market_id_for(request.user)
    industry = _get(request, "industry", 20)
    if industry not in Industry.values:
        industry = ""
    slots = selectors.open_slots(market_id)
    by_adviser: dict[int, list[Any]] = {}
    for slot in slots:
        if slot.adviser_id:
            by_adviser.setdefault(slot.adviser_id, []).append(slot)
    rows = [(a, by_adviser.get(a.pk, [])[:6]) for a in selectors.advisers(market_id, industry)]
    return render(
        request, "legal/advisers.html", {"rows": rows, "industries": Industry.choices, "industry": industry}
    )


def arbitration_days(request: HttpRequest) -> HttpResponse:
    days = selectors.arbitration_days(selectors.market_id_for(request.user))
    return render(request, "legal/arbitration_days.html", {"days": days})


@login_required
def book(request: AuthedRequest, slot_id: int) -> HttpResponse:
    if request.user.role != Role.WORKER:
        raise PermissionDenied(_("只有求职者可以预约法律咨询。"))
    try:
        slot = selectors.slot_for_booking(selectors.market_id_for(request.user), slot_id)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    errors: dict[str, list[str]] = {}
    message = ""
    status = 200
    if request.method == "POST":
        data = services.BookingInput(
            topic=_post(request, "topic", 20), question=_post(request, "question", 1100)
        )
        try:
            services.book(actor=request.user, slot_id=slot.pk, data=data)
        except NotFoundError as exc:
            raise Http404(exc.message) from exc
        except DomainError as exc:
            errors, message, status = exc.errors, exc.message, exc.status
        else:
            messages.success(request, _("预约成功，开始前会提醒您。"))
            return redirect("legal:my_consultations")
    context = {
        "slot": slot,
        "industries": Industry.choices,
        "errors": errors,
        "message": message,
        "values": request.POST if request.method == "POST" else {},
    }
    return render(request, "legal/book.html", context, status=status)


@login_required
def my_consultations(request: AuthedRequest) -> HttpResponse:
    return render(
        request, "legal/my_consultations.html", {"consultations": selectors.my_consultations(request.user)}
    )


@login_required
@require_POST
def cancel(request: AuthedRequest, consultation_id: int) -> HttpResponse:
    try:
        services.cancel_booking(actor=request.user, consultation_id=consultation_id)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已取消预约。"))
    if is_staff(request.user):
        return redirect("legal:staff_bookings")
    return redirect("legal:my_consultations")


def policies(request: HttpRequest) -> HttpResponse:
    market_id = selectors.market_id_for(request.user)
    q = _get(request, "q", 100)
    category = _get(request, "category", 40)
    group = _get(request, "group", 40)
    category = category if category in PolicyCategory.values else ""
    group = group if group in PolicyGroup.values else ""
    found = selectors.search_articles(market_id, q, category=category, group=group)
    context = {
        "q": q,
        "category": category,
        "group": group,
        "articles": found,
        "categories": PolicyCategory.choices,
        "groups": PolicyGroup.choices,
    }
    return render(request, "legal/policies.html", context)


def policy(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        article = selectors.article_by_slug(selectors.market_id_for(request.user), slug)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    paragraphs = [p.strip() for p in article.body.splitlines() if p.strip()]
    return render(request, "legal/policy.html", {"article": article, "paragraphs": paragraphs})


def _fact_fields(values: dict[str, Any]) -> list[dict[str, Any]]:
    fields = []
    for name, fact in FACTS.items():
        value = values.get(name)
        if fact.kind == "bool":
            choices = [("true", _("是")), ("false", _("否"))]
            current = "" if value is None else ("true" if value in (True, "true") else "false")
        elif fact.kind == "choice":
            choices = [(c, str(label)) for c, label in fact.choices]
            current = "" if value is None else str(value)
        else:
            choices = []
            current = "" if value is None else str(value)
        fields.append(
            {"name": name, "label": str(fact.label), "kind": fact.kind, "choices": choices, "value": current}
        )
    return fields


def check(request: HttpRequest) -> HttpResponse:
    market_id = selectors.market_id_for(request.user)
    prefilled = selectors.prefill_facts(request.user)
    errors: dict[str, list[str]] = {}
    results = None
    version = None
    values: dict[str, Any] = dict(prefilled)
    status = 200
    if request.method == "POST":
        raw = {name: _post(request, name, 10) for name in FACTS if name in request.POST}
        facts, errors = clean_facts(raw)
        values = {**raw}
        if errors:
            status = 422
        else:
            results, version = selectors.check(market_id, facts, selectors.division_of(request.user))
    context = {
        "fields": _fact_fields(values),
        "prefilled": bool(prefilled),
        "errors": errors,
        "results": results,
        "version": version,
    }
    return render(request, "legal/check.html", context, status=status)


# --- staff pages ------------------------------------------------------------------------------------------


def _staff(request: HttpRequest) -> None:
    if not is_staff(request.user):
        raise PermissionDenied(_("仅限工作人员。"))


def _manager(request: HttpRequest) -> bool:
    return bool(getattr(request.user, "role", "") in services.MANAGERS)


def _staff_render(
    request: HttpRequest, tab: str, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, template, {"tab": tab, "can_manage": _manager(request), **context}, status=status)


@login_required
def staff_home(request: AuthedRequest) -> HttpResponse:
    _staff(request)
    market_id = int(request.user.market_id or 0)
    context = {
        "advisers": selectors.advisers(market_id, include_inactive=True),
        "kinds": AdviserKind.choices,
        "industries": Industry.choices,
        "errors": {},
        "values": {},
    }
    return _staff_render(request, "roster", "legal/staff/roster.html", context)


def _adviser_input(request: HttpRequest) -> services.AdviserInput:
    return services.AdviserInput(
        name=_post(request, "name", 40),
        kind=_post(request, "kind", 30),
        organisation=_post(request, "organisation", 120),
        industries=[str(i)[:20] for i in request.POST.getlist("industries")[:10]],
        phone=_post(request, "phone", 30),
        languages=_post(request, "languages", 120),
        notes=_post(request, "notes", 600),
        active=request.POST.get("active") == "on",
    )


@login_required
def staff_adviser(request: AuthedRequest, adviser_id: int | None = None) -> HttpResponse:
    _staff(request)
    market_id = int(request.user.market_id or 0)
    adviser = None
    if adviser_id is not None:
        adviser = LegalAdviser.objects.filter(pk=adviser_id, market_id=market_id).first()
        if adviser is None:
            raise Http404(_("法律顾问不存在"))
    errors: dict[str, list[str]] = {}
    message = ""
    if request.method == "POST":
        try:
            services.save_adviser(actor=request.user, data=_adviser_input(request), adviser_id=adviser_id)
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc
        except NotFoundError as exc:
            raise Http404(exc.message) from exc
        except DomainError as exc:
            errors, message = exc.errors, exc.message
        else:
            messages.success(request, _("已保存。"))
            return redirect("legal:staff_home")
    if request.method == "POST":
        values: dict[str, Any] = {
            **request.POST.dict(),
            "industries": request.POST.getlist("industries"),
            "active": request.POST.get("active") == "on",
        }
    elif adviser is not None:
        values = {
            "name": adviser.name,
            "kind": adviser.kind,
            "organisation": adviser.organisation,
            "industries": adviser.industries,
            "phone": adviser.phone,
            "languages": adviser.languages,
            "notes": adviser.notes,
            "active": adviser.active,
        }
    else:
        values = {"active": True, "industries": []}
    context = {
        "adviser": adviser,
        "kinds": AdviserKind.choices,
        "industries": Industry.choices,
        "errors": errors,
        "message": message,
        "values": values,
    }
    return _staff_render(request, "roster", "legal/staff/adviser.html", context, 422 if errors else 200)


@login_required
def staff_slots(request: AuthedRequest) -> HttpResponse:
    _staff(request)
    market_id = int(request.user.market_id or 0)
    errors: dict[str, list[str]] = {}
    message = ""
    if request.method == "POST":
        data = services.SlotInput(
            adviser_id=_int(_post(request, "adviser_id", 12)),
            arbitration_day_id=_int(_post(request, "arbitration_day_id", 12)),
            starts_at=_post(request, "starts_at", 30),
            ends_at=_post(request, "ends_at", 30),
            mode=_post(request, "mode", 10),
            place=_post(request, "place", 220),
            video_link=_post(request, "video_link", 320),
        )
        try:
            services.add_slot(actor=request.user, data=data)
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            errors, message = exc.errors, exc.message
        else:
            messages.success(request, _("已添加时段。"))
            return redirect("legal:staff_slots")
    context = {
        "slots": selectors.staff_slots(market_id),
        "advisers": selectors.advisers(market_id),
        "days": selectors.arbitration_days(market_id, published_only=False),
        "modes": SlotMode.choices,
        "errors": errors,
        "message": message,
        "values": request.POST if request.method == "POST" else {},
    }
    return _staff_render(request, "slots", "legal/staff/slots.html", context, 422 if errors else 200)


@login_required
@require_POST
def staff_slot_cancel(request: AuthedRequest, slot_id: int) -> HttpResponse:
    _staff(request)
    try:
        services.cancel_slot(actor=request.user, slot_id=slot_id)
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已取消时段。"))
    return redirect("legal:staff_slots")


@login_required
def staff_bookings(request: AuthedRequest) -> HttpResponse:
    _staff(request)
    status = _get(request, "status", 20)
    status = status if status in ConsultationStatus.values else ""
    context = {
        "bookings": selectors.staff_bookings(int(request.user.market_id or 0), status),
        "statuses": ConsultationStatus.choices,
        "status": status,
    }
    return _staff_render(request, "bookings", "legal/staff/bookings.html", context)


@login_required
def staff_booking(request: AuthedRequest, consultation_id: int) -> HttpResponse:
    _staff(request)
    try:
        consultation = selectors.visible_consultation(request.user, consultation_id)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    errors: dict[str, list[str]] = {}
    message = ""
    if request.method == "POST":
        try:
            services.record_advice(
                actor=request.user,
                consultation_id=consultation.pk,
                advice=_post(request, "advice", 2100),
                no_show=request.POST.get("no_show") == "on",
            )
        except NotFoundError as exc:
            raise Http404(exc.message) from exc
        except DomainError as exc:
            errors, message = exc.errors, exc.message
        else:
            messages.success(request, _("已记录。"))
            return redirect("legal:staff_bookings")
    context = {
        "c": consultation,
        "errors": errors,
        "message": message,
        "values": request.POST if request.method == "POST" else {},
    }
    return _staff_render(request, "bookings", "legal/staff/booking.html", context, 422 if errors else 200)


@login_required
def staff_days(request: AuthedRequest) -> HttpResponse:
    _staff(request)
    errors: dict[str, list[str]] = {}
    message = ""
    if request.method == "POST":
        data = services.DayInput(
            date=_post(request, "date", 12),
            place=_post(request, "place", 220),
            commission=_post(request, "commission", 120),
            notes=_post(request, "notes", 600),
            published=request.POST.get("published") == "on",
        )
        try:
            services.save_arbitration_day(actor=request.user, data=data)
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            errors, message = exc.errors, exc.message
        else:
            messages.success(request, _("已保存仲裁庭进驻日。"))
            return redirect("legal:staff_days")
    days = list(
        ArbitrationDay.objects.filter(market_id=request.user.market_id or 0).order_by("-date", "-pk")[:50]
    )
    context = {
        "days": days,
        "errors": errors,
        "message": message,
        "values": request.POST if request.method == "POST" else {"published": "on"},
    }
    return _staff_render(request, "days", "legal/staff/days.html", context, 422 if errors else 200)


@login_required
def staff_articles(request: AuthedRequest) -> HttpResponse:
    _staff(request)
    articles = list(PolicyArticle.objects.filter(market__isnull=True).order_by("title")[:200]) + list(
        PolicyArticle.objects.filter(market_id=request.user.market_id or 0).order_by("title")[:200]
    )
    return _staff_render(
        request,
        "articles",
        "legal/staff/articles.html",
        {"articles": articles, "is_admin": request.user.role == Role.MARKET_ADMIN},
    )


@login_required
def staff_article(request: AuthedRequest, article_id: int | None = None) -> HttpResponse:
    _staff(request)
    if request.user.role != Role.MARKET_ADMIN:
        raise PermissionDenied(_("只有市场管理员可以编辑政策库。"))
    article = None
    if article_id is not None:
        article = PolicyArticle.objects.filter(pk=article_id).first()
        if article is None or article.market_id not in (None, request.user.market_id):
            raise Http404(_("政策文章不存在"))
    errors: dict[str, list[str]] = {}
    message = ""
    if request.method == "POST":
        data = services.ArticleInput(
            slug=_post(request, "slug", 100),
            title=_post(request, "title", 140),
            summary=_post(request, "summary", 320),
            body=_post(request, "body", 20100),
            category=_post(request, "category", 40),
            groups=[str(g)[:40] for g in request.POST.getlist("groups")[:10]],
            districts=_post(request, "districts", 200).replace("，", ",").split(","),
            issuer=_post(request, "issuer", 220),
            effective_on=_post(request, "effective_on", 12),
            published=request.POST.get("published") == "on",
            national=request.POST.get("national") == "on",
        )
        try:
            services.save_article(actor=request.user, data=data, article_id=article_id)
        except NotFoundError as exc:
            raise Http404(exc.message) from exc
        except DomainError as exc:
            errors, message = exc.errors, exc.message
        else:
            messages.success(request, _("已保存政策文章。"))
            return redirect("legal:staff_articles")
        values: dict[str, Any] = {**request.POST.dict(), "groups": request.POST.getlist("groups")}
        values["published"] = request.POST.get("published") == "on"
        values["national"] = request.POST.get("national") == "on"
    elif article is not None:
        values = {
            "slug": article.slug,
            "title": article.title,
            "summary": article.summary,
            "body": article.body,
            "category": article.category,
            "groups": article.groups,
            "districts": ",".join(article.districts),
            "issuer": article.issuer,
            "effective_on": article.effective_on.isoformat() if article.effective_on else "",
            "published": article.published,
            "national": article.market_id is None,
        }
    else:
        values = {"published": True, "groups": []}
    context = {
        "article": article,
        "categories": PolicyCategory.choices,
        "groups": PolicyGroup.choices,
        "errors": errors,
        "message": message,
        "values": values,
    }
    return _staff_render(request, "articles", "legal/staff/article.html", context, 422 if errors else 200)


@login_required
def staff_rules(request: AuthedRequest) -> HttpResponse:
    _staff(request)
    market_id = int(request.user.market_id or 0)
    errors: dict[str, list[str]] = {}
    message = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        text = upload.read(200_001) if upload is not None else _post(request, "rules", 200_000)
        try:
            if len(text) > 200_000:
                raise services.InvalidInput(
                    _("规则文件过大。"), errors={"rules": [_("规则文件不能超过200KB。")]}
                )
            saved = services.upload_rules(actor=request.user, text=text, note=_post(request, "note", 220))
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            errors, message = exc.errors, exc.message
        else:
            messages.success(request, _("已发布规则版本 v%(v)s。") % {"v": saved.version})
            return redirect("legal:staff_rules")
    active = selectors.active_rules(market_id)
    context = {
        "active": active,
        "versions": selectors.rules_versions(market_id),
        "errors": errors,
        "message": message,
        "is_admin": request.user.role == Role.MARKET_ADMIN,
    }
    return _staff_render(request, "rules", "legal/staff/rules.html", context, 422 if errors else 200)
