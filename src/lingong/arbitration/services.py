"""The arbitration direct line's state changes: build documents, refer a case, record its result, warn
before a limitation period ends."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.arbitration import documents, selectors
from lingong.arbitration.models import (
    FINAL_STATUSES,
    REFERRAL_LIFECYCLE,
    CaseDocuments,
    Forum,
    ForumKind,
    LimitationWarning,
    Referral,
    ReferralKind,
    ReferralStatus,
)
from lingong.audit import trail
from lingong.core.errors import InvalidInput, NotFoundError
from lingong.core.events import user_group
from lingong.disputes import routing
from lingong.disputes.models import COMPLAINT_LIFECYCLE, CloseReason, Complaint, ComplaintStatus
from lingong.disputes.services import close_complaint, staff_in_scope, visible_complaint
from lingong.notifications.services import notify
from lingong.org.policy import policy_for

# A referral's kind and the forums it can go to.
KIND_FORUMS = {
    ReferralKind.ARBITRATION: {ForumKind.ARBITRATION_COMMISSION},
    ReferralKind.COURT: {ForumKind.COURT},
    ReferralKind.PEOPLE_MEDIATION_CONFIRMATION: {ForumKind.PEOPLE_MEDIATION, ForumKind.COURT},
}
# Final results that end the complaint; a refusal to accept leaves it open for the next forum.
CLOSING = frozenset(
    {ReferralStatus.AWARDED, ReferralStatus.JUDGED, ReferralStatus.SETTLED, ReferralStatus.WITHDRAWN}
)
RESULT_REQUIRED = frozenset({ReferralStatus.AWARDED, ReferralStatus.JUDGED, ReferralStatus.SETTLED})


def start_url(complaint_id: int) -> str:
    return reverse("arbitration:start", kwargs={"complaint_id": complaint_id})


def case_for(actor: Any, complaint_id: int) -> Complaint:
    """The complaint, for its filer or staff in scope; anyone else gets 404."""
    complaint = visible_complaint(actor, complaint_id)
    if complaint.filed_by_id != actor.pk and not staff_in_scope(actor, complaint):
        raise NotFoundError(_("投诉不存在"))
    return complaint


def stored_answers(complaint: Complaint) -> tuple[dict[str, bool], str | None]:
    """The answers given and the relation staff set, from the last build."""
    docs = CaseDocuments.objects.filter(complaint=complaint).only("answers", "relation").first()
    if docs is None:
        return {}, None
    answers = dict(docs.answers or {})
    decided = answers.pop("_relation", None)
    return selectors.parse_answers(answers), decided


def route_for(
    actor: Any, complaint_id: int, raw_answers: dict[str, Any] | None = None
) -> selectors.CaseRoute:
    complaint = case_for(actor, complaint_id)
    answers, decided = stored_answers(complaint)
    answers.update(selectors.parse_answers(raw_answers or {}))
    return selectors.case_route(complaint, answers, relation=decided)


def route_meta(route: selectors.CaseRoute) -> dict[str, Any]:
    return {
        "relation": str(route.relation),
        "reasons": route.reasons,
        "limitation_deadline": route.limitation.deadline.isoformat() if route.limitation.deadline else None,
        "limitation_basis": route.limitation.basis,
    }


def build_documents(
    *, actor: Any, complaint_id: int, answers: dict[str, Any] | None = None, relation: str = ""
) -> CaseDocuments:
    """Build (or reuse, when nothing changed) the application, bundle PDF and zip for a complaint.

    ``relation`` is staff's decision for an unclear case; a party cannot set it.
    """
    complaint = case_for(actor, complaint_id)
    errors: dict[str, list[str]] = {}
    if relation and (
        relation not in {r.value for r in routing.Relation} or not staff_in_scope(actor, complaint)
    ):
        errors["relation"] = [_("只有工作人员可以认定关系，且只能是劳动关系、劳务关系或待认定。")]
    if errors:
        raise InvalidInput(_("请检查填写的内容。"), errors=errors)
    stored, decided = stored_answers(complaint)
    stored.update(selectors.parse_answers(answers or {}))
    decided = relation or decided
    route = selectors.case_route(complaint, stored, relation=decided)
    if route.document_kind is None:
        message = _("双方是劳动关系还是劳务关系还需工作人员认定，认定后才能准备仲裁或起诉材料。")
        raise InvalidInput(message, errors={"relation": [message]})
    saved_answers: dict[str, Any] = dict(stored)
    if decided:
        saved_answers["_relation"] = decided
    data = documents.gather(
        complaint, document_kind=route.document_kind, forum=route.forum, route_meta=route_meta(route)
    )
    digest = documents.input_digest(data)
    with transaction.atomic():
        Complaint.objects.select_for_update().filter(pk=complaint.pk).first()
        existing = CaseDocuments.objects.select_for_update().filter(complaint=complaint).first()
        if existing is not None and existing.input_digest == digest and existing.answers == saved_answers:
            return existing  # the same inputs give the same bytes: nothing to render
        built = documents.render(data)
        docs = existing or CaseDocuments(complaint=complaint)
        docs.relation = str(route.relation)
        docs.document_kind = route.document_kind
        docs.answers = saved_answers
        docs.input_digest = built.digest
        docs.application_pdf = built.application
        docs.application_sha256 = documents.sha256(built.application)
        docs.bundle_pdf = built.bundle
        docs.bundle_sha256 = documents.sha256(built.bundle)
        docs.bundle_zip = built.archive
        docs.zip_sha256 = documents.sha256(built.archive)
        docs.built_at = timezone.now()
        docs.built_by = actor
        docs.save()
        trail.record(
            action="arbitration.documents_built",
            obj=complaint,
            actor=actor,
            data={
                "relation": docs.relation,
                "document_kind": docs.document_kind,
                "input_digest": docs.input_digest,
                "application_sha256": docs.application_sha256,
                "bundle_sha256": docs.bundle_sha256,
                "zip_sha256": docs.zip_sha256,
            },
        )
    return docs


def documents_for(actor: Any, complaint_id: int) -> CaseDocuments:
    complaint = case_for(actor, complaint_id)
    docs = CaseDocuments.objects.filter(complaint=complaint).first()
    if docs is None:
        raise NotFoundError(_("材料尚未生成，请先点击“准备材料”。"))
    return docs


# --- referrals ------------------------------------------------------------------------------------------


def _parse_date(value: Any, key: str, errors: dict[str, list[str]], today: dt.date) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            errors[key] = [_("请输入正确的日期（年-月-日）。")]
            return None
    if day > today:
        errors[key] = [_("日期不能晚于今天。")]
        return None
    return day


def _parse_amount(value: Any, errors: dict[str, list[str]]) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        errors["amount_awarded"] = [_("请输入正确的金额。")]
        return None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e10"):
        errors["amount_awarded"] = [_("请输入正确的金额。")]
        return None
    return amount.quantize(Decimal("0.01"))


def _notify_parties(complaint: Complaint, kind: str, title: str) -> None:
    for user in [complaint.filed_by, complaint.other_party]:
        if user is None:
            continue
        notify(
            user=user,
            kind=kind,
            title=title,
            url=start_url(complaint.pk),
            link_text=_("查看进展"),
            params={"number": complaint.number},
        )


def create_referral(
    *, actor: Any, complaint_id: int, forum_id: Any, kind: str, sent_at: Any = None, case_number: str = ""
) -> Referral:
    """Record that the case goes to a commission or court; the complaint moves to REFERRED."""
    complaint = case_for(actor, complaint_id)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    forum = None
    if str(forum_id or "").isdigit():
        forum = Forum.objects.filter(pk=int(forum_id), market_id=complaint.market_id, active=True).first()
    if forum is None:
        errors["forum_id"] = [_("请选择受理机构。")]
    if kind not in ReferralKind.values:
        errors["kind"] = [_("请选择途径。")]
    elif forum is not None and forum.kind not in KIND_FORUMS[ReferralKind(kind)]:
        errors["forum_id"] = [_("所选机构不受理这类案件。")]
    is_staff_actor = staff_in_scope(actor, complaint)
    if kind == ReferralKind.ARBITRATION and not is_staff_actor:
        answers, decided = stored_answers(complaint)
        route = selectors.case_route(complaint, answers, relation=decided)
        if route.relation != routing.Relation.LABOUR:
            errors["kind"] = [_("您与用工方是劳务关系，劳动仲裁不受理，请选择人民调解或法院。")]
    sent = _parse_date(sent_at, "sent_at", errors, today)
    case_number = (case_number or "").strip()
    if len(case_number) > 60:
        errors["case_number"] = [_("案号不能超过60字。")]
    if errors:
        raise InvalidInput(_("请检查填写的内容。"), errors=errors)
    assert forum is not None
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        referral = Referral.objects.create(
            complaint=locked,
            market_id=locked.market_id,
            forum=forum,
            kind=kind,
            created_by=actor,
            sent_at=sent,
            case_number=case_number,
        )
        trail.record(
            action="arbitration.referral_created",
            obj=referral,
            actor=actor,
            data={"complaint": locked.pk, "forum": forum.pk, "kind": kind},
        )
        if locked.status != ComplaintStatus.REFERRED:
            COMPLAINT_LIFECYCLE.advance(
                locked,
                ComplaintStatus.REFERRED,
                actor=actor,
                data={"referral": referral.pk, "forum": forum.name},
                events=[
                    (
                        [user_group(locked.filed_by_id)],
                        {"type": "complaint", "op": "referred", "id": locked.pk},
                    )
                ],
            )
        if sent is not None:
            REFERRAL_LIFECYCLE.advance(
                referral, ReferralStatus.SUBMITTED, actor=actor, data={"sent_at": str(sent)}
            )
        _notify_parties(
            locked,
            "complaint_referred",
            _("投诉%(number)s已转%(forum)s") % {"number": locked.number, "forum": forum.name},
        )
    return referral


def visible_referral(actor: Any, referral_id: int) -> Referral:
    referral = Referral.objects.select_related("complaint", "forum").filter(pk=referral_id).first()
    if referral is None:
        raise NotFoundError(_("记录不存在"))
    case_for(actor, referral.complaint_id)
    return referral


def update_referral(*, actor: Any, referral_id: int, data: dict[str, Any]) -> Referral:
    """Staff in scope record a step (submitted, accepted, rejected) or the result; a final result closes
    the complaint (仲裁或诉讼已结案)."""
    referral = visible_referral(actor, referral_id)
    complaint = referral.complaint
    if not staff_in_scope(actor, complaint):
        raise NotFoundError(_("记录不存在"))
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    status = str(data.get("status") or "")
    if status and status not in ReferralStatus.values:
        errors["status"] = [_("请选择正确的状态。")]
    sent = _parse_date(data.get("sent_at"), "sent_at", errors, today)
    accepted = _parse_date(data.get("accepted_at"), "accepted_at", errors, today)
    result_at = _parse_date(data.get("result_at"), "result_at", errors, today)
    amount = _parse_amount(data.get("amount_awarded"), errors)
    result = str(data.get("result") or "").strip()
    if len(result) > 1000:
        errors["result"] = [_("结果不能超过1000字。")]
    case_number = str(data.get("case_number") or "").strip()
    if len(case_number) > 60:
        errors["case_number"] = [_("案号不能超过60字。")]
    if status in RESULT_REQUIRED and not result and not referral.result:
        errors["result"] = [_("请填写裁决、判决或调解的结果。")]
    if errors:
        raise InvalidInput(_("请检查填写的内容。"), errors=errors)
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        fields: list[str] = []
        for name, value in (
            ("sent_at", sent),
            ("accepted_at", accepted),
            ("result_at", result_at),
            ("amount_awarded", amount),
        ):
            if value is not None:
                setattr(referral, name, value)
                fields.append(name)
        if result:
            referral.result = result
            fields.append("result")
        if case_number:
            referral.case_number = case_number
            fields.append("case_number")
        if status == ReferralStatus.SUBMITTED and referral.sent_at is None:
            referral.sent_at = today
            fields.append("sent_at")
        if status == ReferralStatus.ACCEPTED and referral.accepted_at is None:
            referral.accepted_at = today
            fields.append("accepted_at")
        if status in FINAL_STATUSES and referral.result_at is None:
            referral.result_at = today
            fields.append("result_at")
        if status and status != referral.status:
            REFERRAL_LIFECYCLE.advance(
                referral,
                status,
                actor=actor,
                fields=sorted(set(fields)),
                data={"result": referral.result[:200], "amount_awarded": str(referral.amount_awarded or "")},
            )
        elif fields:
            referral.save(update_fields=[*sorted(set(fields)), "updated_at"])
            trail.record(
                action="arbitration.referral_updated",
                obj=referral,
                actor=actor,
                data={"fields": sorted(set(fields))},
            )
        else:
            return referral
        if status:
            _notify_parties(
                complaint,
                "referral_updated",
                _("投诉%(number)s：%(forum)s %(status)s")
                % {
                    "number": complaint.number,
                    "forum": referral.forum.name,
                    "status": referral.get_status_display(),
                },
            )
        if status in CLOSING:
            close_complaint(
                actor=actor,
                complaint_id=complaint.pk,
                reason=CloseReason.REFERRED_DONE,
                resolution=(f"{referral.forum.name}：{referral.get_status_display()}。{referral.result}")[
                    :1000
                ],
            )
    return referral


# --- limitation warnings -------------------------------------------------------------------------------

SECONDARY_THRESHOLDS = (30, 7)
PAST_REFERRAL = (ReferralStatus.PREPARED, ReferralStatus.REJECTED)


def thresholds_for(market_id: int) -> list[int]:
    first = policy_for(market_id).limitation_warning_days
    return sorted({first, *(t for t in SECONDARY_THRESHOLDS if t < first)})


def warn_limitations(today: dt.date | None = None) -> int:
    """Tell the filer once per threshold when the limitation period of an open case is about to end.

    A case already submitted to a forum is left alone (the application stops the clock)."""
    today = today or timezone.localdate()
    sent = 0
    complaints = (
        Complaint.objects.exclude(status=ComplaintStatus.CLOSED)
        .exclude(referrals__status__in=[s for s in ReferralStatus.values if s not in PAST_REFERRAL])
        .select_related("engagement__enterprise", "filed_by", "market")
        .order_by("pk")
        .distinct()
    )
    for complaint in complaints:
        answers, decided = stored_answers(complaint)
        route = selectors.case_route(complaint, answers, today=today, relation=decided)
        left = route.days_left
        if left is None or left < 0:
            continue
        crossed = [t for t in thresholds_for(complaint.market_id) if left <= t]
        if not crossed:
            continue
        threshold = min(crossed)
        deadline = route.limitation.deadline
        assert deadline is not None
        if LimitationWarning.objects.filter(
            complaint=complaint, threshold_days=threshold, deadline=deadline
        ).exists():
            continue
        try:
            with transaction.atomic():
                LimitationWarning.objects.create(
                    complaint=complaint, threshold_days=threshold, deadline=deadline
                )
                trail.record(
                    action="arbitration.limitation_warned",
                    obj=complaint,
                    actor=None,
                    data={"threshold_days": threshold, "days_left": left, "deadline": deadline.isoformat()},
                    market=complaint.market_id,
                )
                notify(
                    user=complaint.filed_by,
                    kind="limitation_warning",
                    title=_("投诉%(number)s：距时效届满还剩%(left)d天（%(day)s）")
                    % {"number": complaint.number, "left": left, "day": deadline.strftime("%Y年%m月%d日")},
                    url=start_url(complaint.pk),
                    link_text=_("下一步怎么办"),
                    params={"number": complaint.number},
                )
        except IntegrityError:
            continue  # sent already for this threshold
        sent += 1
    return sent
