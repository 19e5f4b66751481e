"""Mediation of a complaint (issue 11, section 2): open, sessions, the agreement, signing, payments, outcomes.

Every change locks its row, moves status through its Lifecycle (which writes the trail), and tells the
parties on commit. Signing reuses the contracts' mechanism (``accounts.signing``): the code is checked once
outside the transaction without being consumed (a wrong guess is counted though the request fails) and once
inside it, consumed; a second signature by the same side is 409 and stores nothing (also held by a unique
constraint). The agreement PDF is rendered before the transaction that stores it (rendering is
deterministic); the signed PDF after the transaction in which both sides signed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.models import User
from lingong.accounts.signing import (
    SIGNING_METHOD,
    clean_ip,
    mask_ip,
    send_signing_code,
    verify_signing_code,
)
from lingong.audit import trail
from lingong.core.client import USER_AGENT_MAX
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError, PermissionDeniedError
from lingong.core.events import user_group
from lingong.core.masking import mask_id_number, mask_middle, mask_name, mask_phone
from lingong.core.worktime import add_working_days
from lingong.disputes.models import (
    COMPLAINT_LIFECYCLE,
    CloseReason,
    Complaint,
    ComplaintStatus,
    Mediator,
)
from lingong.disputes.services import close_complaint, employer_users, staff_in_scope
from lingong.employers.models import EnterpriseKind
from lingong.mediation import selectors
from lingong.mediation.models import (
    AGREEMENT_LIFECYCLE,
    CASE_LIFECYCLE,
    TERM_LIFECYCLE,
    Agreement,
    AgreementSignature,
    AgreementStatus,
    CaseStatus,
    MediationCase,
    MediationSession,
    Outcome,
    PaymentTerm,
    SignerSide,
    TermStatus,
)
from lingong.mediation.rendering import (
    CURRENT_TEMPLATE,
    SignatureMark,
    load_template,
    render_agreement_pdf,
    render_signed_agreement_pdf,
)
from lingong.notifications.services import notify
from lingong.org.policy import policy_for

MAX_PAYMENT_ROWS = 12
MAX_AMOUNT = Decimal("10000000")
MAX_TERM_AHEAD = dt.timedelta(days=3 * 366)
SESSION_WINDOW = dt.timedelta(days=366)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def staff_url(case: MediationCase) -> str:
    return reverse("mediation:staff_case", args=[case.pk])


def party_url(case: MediationCase) -> str:
    return reverse("mediation:party", args=[case.pk])


def _party_users(case: MediationCase, side: str | None = None) -> list[User]:
    engagement = case.complaint.engagement
    if engagement is None:
        return []
    users: list[User] = []
    if side in (None, SignerSide.WORKER):
        users.append(engagement.worker.user)
    if side in (None, SignerSide.EMPLOYER):
        users.extend(employer_users(engagement.enterprise))
    return users


def _tell_parties(
    case: MediationCase, kind: str, title: str, *, side: str | None = None, body: str = ""
) -> None:
    for user in _party_users(case, side):
        notify(
            user=user,
            kind=kind,
            title=title,
            body=body,
            url=party_url(case),
            link_text=_("查看调解"),
            params={"number": case.complaint.number},
        )


def _tell_mediator(case: MediationCase, kind: str, title: str, body: str = "") -> None:
    notify(
        user=case.mediator.user,
        kind=kind,
        title=title,
        body=body,
        url=staff_url(case),
        link_text=_("查看调解案件"),
        params={"number": case.complaint.number},
    )


def _events(case: MediationCase, op: str) -> list[Any]:
    users = [u.pk for u in _party_users(case)] + [case.mediator.user_id]
    return [([user_group(uid) for uid in users], {"type": "mediation", "op": op, "id": case.pk})]


def _locked_case(case_id: int) -> MediationCase:
    """The case, locked, after its complaint: every path locks the complaint first and then the case (a
    payment that closes the complaint reaches the case through ``on_complaint_paid``), so a payment and a
    mediation step never wait on each other in opposite orders."""
    complaint_id = MediationCase.objects.filter(pk=case_id).values_list("complaint_id", flat=True).first()
    if complaint_id is None:
        raise NotFoundError(_("调解案件不存在"))
    Complaint.objects.select_for_update().filter(pk=complaint_id).values_list("pk", flat=True).first()
    case = MediationCase.objects.select_for_update().filter(pk=case_id).first()
    if case is None:
        raise NotFoundError(_("调解案件不存在"))
    return selectors.case_rows().get(pk=case.pk)


def _managed_locked(actor: Any, case_id: int) -> MediationCase:
    selectors.managed_case(actor, case_id)  # 404 for anyone else, before taking the lock
    return _locked_case(case_id)


# --- Opening -------------------------------------------------------------------------------------------


def open_case(*, actor: Any, complaint_id: int, mediator_id: int | None = None) -> MediationCase:
    """Staff in scope or the complaint's mediator open mediation on an acknowledged complaint."""
    if not getattr(actor, "is_authenticated", False):
        raise NotFoundError(_("投诉不存在"))
    with transaction.atomic():
        complaint = (
            Complaint.objects.select_for_update(of=("self",))
            .select_related(
                "engagement__worker__user", "engagement__enterprise", "engagement__station", "market"
            )
            .filter(pk=complaint_id)
            .first()
        )
        if complaint is None:
            raise NotFoundError(_("投诉不存在"))
        own = selectors.mediator_of(actor)
        is_its_mediator = own is not None and complaint.mediator_id == own.pk
        if not (is_its_mediator or staff_in_scope(actor, complaint)):
            raise NotFoundError(_("投诉不存在"))
        if complaint.engagement_id is None:
            raise ConflictError(
                _("该投诉没有关联用工单，无法确定双方当事人，请工作人员另行处理。"), code="no_parties"
            )
        COMPLAINT_LIFECYCLE.guard(complaint, ComplaintStatus.MEDIATING)
        mediator = _pick_mediator(complaint, mediator_id, own)
        if MediationCase.objects.filter(
            complaint=complaint, status__in=[s.value for s in selectors.ACTIVE_STATUSES]
        ).exists():
            raise ConflictError(_("该投诉已在调解中。"), code="already_mediating")
        now = timezone.now()
        days = policy_for(complaint.market_id).mediation_days
        case = MediationCase.objects.create(
            market_id=complaint.market_id,
            complaint=complaint,
            mediator=mediator,
            opened_by=actor,
            opened_at=now,
            due_at=now + dt.timedelta(days=days),
        )
        trail.record(
            action="mediation.opened",
            obj=case,
            actor=actor,
            data={"complaint": complaint.pk, "mediator": mediator.pk, "due_at": case.due_at.isoformat()},
            market=case.market_id,
        )
        complaint.due_at = case.due_at
        fields = ["due_at"]
        if complaint.mediator_id != mediator.pk:
            complaint.mediator = mediator
            fields.append("mediator")
        COMPLAINT_LIFECYCLE.advance(
            complaint,
            ComplaintStatus.MEDIATING,
            actor=actor,
            fields=fields,
            data={"mediation_case": case.pk},
        )
        case = selectors.case_rows().get(pk=case.pk)
        _tell_parties(
            case,
            "mediation_opened",
            _("投诉%(number)s已进入调解，调解员%(name)s")
            % {"number": complaint.number, "name": mediator.display_name},
            body=_("调解期限至%(day)s。") % {"day": timezone.localtime(case.due_at).strftime("%Y-%m-%d")},
        )
        if mediator.user_id != actor.pk:
            _tell_mediator(
                case, "mediation_assigned", _("请调解投诉%(number)s") % {"number": complaint.number}
            )
    return case


def _pick_mediator(complaint: Complaint, mediator_id: int | None, own: Mediator | None) -> Mediator:
    if mediator_id is not None:
        mediator = Mediator.objects.filter(pk=mediator_id, market_id=complaint.market_id, active=True).first()
        if mediator is None:
            raise InvalidInput(_("请选择在岗的调解员。"), errors={"mediator_id": [_("调解员不存在或不在岗")]})
        return mediator
    if complaint.mediator_id is not None:
        return Mediator.objects.get(pk=complaint.mediator_id)
    if own is not None and own.market_id == complaint.market_id and own.active:
        return own
    raise InvalidInput(_("请先为投诉指派调解员。"), errors={"mediator_id": [_("请选择调解员")]})


# --- Sessions ------------------------------------------------------------------------------------------


@dataclass
class SessionInput:
    starts_at: Any = None
    place: str = ""
    video_url: str = ""


def _parse_datetime(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        parsed = value
    else:
        try:
            parsed = dt.datetime.fromisoformat(str(value or "").strip())
        except ValueError:
            return None
    if parsed.year < 1900 or parsed.year > 9000:
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def schedule_session(*, actor: Any, case_id: int, data: SessionInput) -> MediationSession:
    errors: dict[str, list[str]] = {}
    starts_at = _parse_datetime(data.starts_at)
    now = timezone.now()
    if starts_at is None or not (now - SESSION_WINDOW <= starts_at <= now + SESSION_WINDOW):
        errors["starts_at"] = [_("请填写正确的调解时间（一年以内）。")]
    place = (data.place or "").strip()
    video = (data.video_url or "").strip()
    if not place and not video:
        errors["place"] = [_("请填写调解地点或视频链接。")]
    if len(place) > 200:
        errors["place"] = [_("地点不能超过200字。")]
    if video and (not video.startswith("https://") or len(video) > 300 or " " in video):
        errors["video_url"] = [_("视频链接须以 https:// 开头。")]
    if errors:
        raise InvalidInput(_("请检查填写的内容。"), errors=errors)
    assert starts_at is not None
    with transaction.atomic():
        case = _managed_locked(actor, case_id)
        if case.status not in (CaseStatus.OPEN, CaseStatus.AGREEMENT_DRAFTED):
            raise ConflictError(CASE_LIFECYCLE.refusal(case.status), code="invalid_transition")
        session = MediationSession.objects.create(
            case=case, starts_at=starts_at, place=place, video_url=video, created_by=actor
        )
        trail.record(
            action="mediation.session_scheduled",
            obj=case,
            actor=actor,
            data={"session": session.pk, "starts_at": starts_at.isoformat(), "video": bool(video)},
            market=case.market_id,
        )
        when = timezone.localtime(starts_at).strftime("%Y-%m-%d %H:%M")
        _tell_parties(
            case,
            "mediation_session",
            _("调解会安排在%(when)s") % {"when": when},
            body=place or _("视频调解，链接见调解页面"),
        )
    return session


@dataclass
class SessionRecord:
    worker_came: bool | None = None
    employer_came: bool | None = None
    others: str = ""
    notes: str = ""


def record_session(*, actor: Any, case_id: int, session_id: int, data: SessionRecord) -> MediationSession:
    """Attendance and the notes (调解笔录) of a session; may be corrected while the case is open."""
    errors: dict[str, list[str]] = {}
    notes = (data.notes or "").strip()
    others = (data.others or "").strip()
    if not notes:
        errors["notes"] = [_("请填写调解笔录。")]
    elif len(notes) > 5000:
        errors["notes"] = [_("调解笔录不能超过5000字。")]
    if len(others) > 300:
        errors["others"] = [_("其他参加人不能超过300字。")]
    if data.worker_came is None or data.employer_came is None:
        errors["attendance"] = [_("请填写双方是否到场。")]
    if errors:
        raise InvalidInput(_("请检查填写的内容。"), errors=errors)
    with transaction.atomic():
        case = _managed_locked(actor, case_id)
        session = MediationSession.objects.select_for_update().filter(pk=session_id, case=case).first()
        if session is None:
            raise NotFoundError(_("调解会不存在"))
        if case.status not in (CaseStatus.OPEN, CaseStatus.AGREEMENT_DRAFTED):
            raise ConflictError(CASE_LIFECYCLE.refusal(case.status), code="invalid_transition")
        session.worker_came = data.worker_came
        session.employer_came = data.employer_came
        session.others = others
        session.notes = notes
        session.recorded_by = actor
        session.recorded_at = timezone.now()
        session.save(
            update_fields=["worker_came", "employer_came", "others", "notes", "recorded_by", "recorded_at"]
        )
        trail.record(
            action="mediation.session_recorded",
            obj=case,
            actor=actor,
            data={
                "session": session.pk,
                "worker_came": data.worker_came,
                "employer_came": data.employer_came,
                "notes_sha256": sha256_hex(notes.encode()),
            },
            market=case.market_id,
        )
    return session


# --- The agreement -------------------------------------------------------------------------------------


@dataclass
class PaymentRow:
    due_date: Any = None
    amount: Any = None


@dataclass
class AgreementInput:
    facts: str = ""
    terms_text: str = ""
    payments: list[PaymentRow] = field(default_factory=list)


def _money(value: Any) -> Decimal | None:
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if (
        not amount.is_finite()
        or amount <= 0
        or amount >= MAX_AMOUNT
        or amount != amount.quantize(Decimal("0.01"))
    ):
        return None
    return amount.quantize(Decimal("0.01"))


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None


def _check_agreement(data: AgreementInput, today: dt.date) -> tuple[str, str, list[tuple[dt.date, Decimal]]]:
    errors: dict[str, list[str]] = {}
    facts = (data.facts or "").strip()
    terms_text = (data.terms_text or "").strip()
    if not facts:
        errors["facts"] = [_("请填写纠纷事实。")]
    elif len(facts) > 2000:
        errors["facts"] = [_("纠纷事实不能超过2000字。")]
    if not terms_text:
        errors["terms_text"] = [_("请填写协议内容。")]
    elif len(terms_text) > 3000:
        errors["terms_text"] = [_("协议内容不能超过3000字。")]
    rows: list[tuple[dt.date, Decimal]] = []
    if not data.payments:
        errors["payments"] = [_("请至少填写一期付款。")]
    elif len(data.payments) > MAX_PAYMENT_ROWS:
        errors["payments"] = [_("付款最多分%(n)d期。") % {"n": MAX_PAYMENT_ROWS}]
    else:
        for i, row in enumerate(data.payments):
            day = _date(row.due_date)
            amount = _money(row.amount)
            if day is None or day < today or day > today + MAX_TERM_AHEAD:
                errors[f"payments.{i}.due_date"] = [_("请填写今天起三年以内的付款日期。")]
            if amount is None:
                errors[f"payments.{i}.amount"] = [_("请填写大于0的金额（最多两位小数）。")]
            if day is not None and amount is not None:
                rows.append((day, amount))
        days = [d for d, _a in rows]
        if len(days) == len(data.payments) and days != sorted(days):
            errors["payments"] = [_("付款日期请按先后顺序填写。")]
    if errors:
        raise InvalidInput(_("请检查协议内容。"), errors=errors)
    return facts, terms_text, rows


def _worker_party(case: MediationCase) -> dict[str, str]:
    engagement = case.complaint.engagement
    assert engagement is not None
    worker = engagement.worker
    return {
        "name": worker.real_name or str(worker.user),
        "id_masked": worker.masked_id_number or "—",
        "phone_masked": mask_phone(worker.user.phone),
    }


def _employer_party(case: MediationCase) -> dict[str, str]:
    engagement = case.complaint.engagement
    assert engagement is not None
    enterprise = engagement.enterprise
    if enterprise.kind == EnterpriseKind.HOUSEHOLD:
        id_label = _("身份证号码")
        id_masked = mask_id_number(enterprise.contact_id_number or "") or "—"
    else:
        id_label = _("统一社会信用代码")
        id_masked = mask_middle(enterprise.credit_code or "", 4, 4) if enterprise.credit_code else "—"
    return {
        "name": enterprise.name,
        "id_label": id_label,
        "id_masked": id_masked,
        "phone_masked": mask_phone(enterprise.contact_phone),
    }


def draft_agreement(*, actor: Any, case_id: int, data: AgreementInput) -> Agreement:
    """Render a new agreement version from the current template; a previous unsigned version is void."""
    case = selectors.managed_case(actor, case_id)
    if case.status not in (CaseStatus.OPEN, CaseStatus.AGREEMENT_DRAFTED):
        raise ConflictError(CASE_LIFECYCLE.refusal(case.status), code="invalid_transition")
    facts, terms_text, rows = _check_agreement(data, timezone.localdate())
    template = load_template(CURRENT_TEMPLATE)
    version = (case.agreements.order_by("-version").values_list("version", flat=True).first() or 0) + 1
    now = timezone.localtime(timezone.now()).replace(microsecond=0)
    total = sum((a for _d, a in rows), Decimal("0.00"))
    terms = {
        "agreement_no": f"{case.complaint.number}-TJ{version:02d}",
        "version": version,
        "template_version": template["version"],
        "created_at": now.isoformat(),
        "complaint_number": case.complaint.number,
        "kind_label": str(case.complaint.get_kind_display()),
        "market_name": case.market.name,
        "mediator_name": case.mediator.display_name,
        "worker": _worker_party(case),
        "employer": _employer_party(case),
        "facts": facts,
        "terms_text": terms_text,
        "total_amount": str(total),
        "payments": [{"due_date": d.isoformat(), "amount": str(a)} for d, a in rows],
    }
    pdf = render_agreement_pdf(terms)  # outside the lock: deterministic
    digest = sha256_hex(pdf)
    with transaction.atomic():
        case = _managed_locked(actor, case_id)
        if case.status not in (CaseStatus.OPEN, CaseStatus.AGREEMENT_DRAFTED):
            raise ConflictError(CASE_LIFECYCLE.refusal(case.status), code="invalid_transition")
        if case.agreements.filter(version=version).exists():
            raise ConflictError(_("协议已被他人更新，请刷新后重试。"), code="concurrent_update")
        for old in Agreement.objects.select_for_update().filter(
            case=case, status__in=[AgreementStatus.DRAFT, AgreementStatus.SENT]
        ):
            AGREEMENT_LIFECYCLE.advance(
                old,
                AgreementStatus.SUPERSEDED,
                actor=actor,
                stamp="superseded_at",
                data={"version": old.version},
                market=case.market_id,
            )
        agreement = Agreement.objects.create(
            case=case,
            version=version,
            template_version=template["version"],
            terms=terms,
            total_amount=total,
            pdf=pdf,
            pdf_sha256=digest,
            created_by=actor,
            created_at=now,
        )
        PaymentTerm.objects.bulk_create(
            [
                PaymentTerm(agreement=agreement, seq=i, due_date=d, amount=a)
                for i, (d, a) in enumerate(rows, start=1)
            ]
        )
        trail.record(
            action="mediation.agreement_drafted",
            obj=agreement,
            actor=actor,
            data={
                "case": case.pk,
                "version": version,
                "template_version": template["version"],
                "pdf_sha256": digest,
                "total": str(total),
            },
            market=case.market_id,
        )
        if case.status == CaseStatus.OPEN:
            CASE_LIFECYCLE.advance(
                case,
                CaseStatus.AGREEMENT_DRAFTED,
                actor=actor,
                events=_events(case, "drafted"),
                market=case.market_id,
            )
    return agreement


def send_agreement(*, actor: Any, case_id: int) -> Agreement:
    """The current draft goes to both sides for signing."""
    with transaction.atomic():
        case = _managed_locked(actor, case_id)
        agreement = (
            Agreement.objects.select_for_update()
            .filter(case=case, status=AgreementStatus.DRAFT)
            .order_by("-version")
            .first()
        )
        if agreement is None:
            raise ConflictError(_("没有待发送的协议草稿。"), code="no_draft")
        AGREEMENT_LIFECYCLE.advance(
            agreement,
            AgreementStatus.SENT,
            actor=actor,
            stamp="sent_at",
            data={"version": agreement.version, "pdf_sha256": agreement.pdf_sha256},
            events=_events(case, "sent"),
            market=case.market_id,
        )
        _tell_parties(
            case,
            "mediation_agreement_sent",
            _("请查看并签署调解协议书"),
            body=_("协议金额%(total)s元。") % {"total": agreement.total_amount},
        )
    return agreement


# --- Signing -------------------------------------------------------------------------------------------


def _signable(case: MediationCase, side: str, pdf_sha256: str | None) -> Agreement:
    agreement = selectors.current_agreement(case)
    if agreement is None or agreement.status == AgreementStatus.DRAFT:
        raise ConflictError(_("调解协议尚未发送签署。"), code="not_sent")
    if agreement.status == AgreementStatus.SIGNED:
        raise ConflictError(_("调解协议已由双方签署完成。"), code="already_signed")
    if agreement.signatures.filter(party=side).exists():
        raise ConflictError(_("您已签署过该协议，无需重复签署。"), code="already_signed")
    if pdf_sha256 is not None and pdf_sha256.strip().lower() != agreement.pdf_sha256:
        raise ConflictError(_("协议内容已更新，请重新查看。"), code="document_changed")
    return agreement


def request_signing_code(*, actor: Any, case_id: int) -> None:
    """Text a signing code to the party's own phone (the worker, or a member of the employer)."""
    case, side = selectors.party_case(actor, case_id)
    _signable(case, side, None)
    send_signing_code(actor)


@dataclass(frozen=True)
class SignResult:
    agreement: Agreement
    signature: AgreementSignature
    completed: bool


def sign_agreement(
    *, actor: Any, case_id: int, code: str, pdf_sha256: str, ip: str | None, user_agent: str
) -> SignResult:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDeniedError(_("请先登录。"), code="not_authenticated")
    if not (pdf_sha256 or "").strip():
        raise InvalidInput(_("缺少协议的SHA-256。"), errors={"pdf_sha256": [_("请重新打开协议后签署")]})
    case, side = selectors.party_case(actor, case_id)
    _signable(case, side, pdf_sha256)
    verify_signing_code(actor, code, consume=False)
    with transaction.atomic():
        case = _locked_case(case_id)
        agreement = Agreement.objects.select_for_update().get(pk=_signable(case, side, pdf_sha256).pk)
        verify_signing_code(actor, code, consume=True)
        signature = AgreementSignature.objects.create(
            agreement=agreement,
            party=side,
            user=actor,
            signed_at=timezone.now(),
            ip=clean_ip(ip),
            user_agent=(user_agent or "")[:USER_AGENT_MAX],
            pdf_sha256=agreement.pdf_sha256,
        )
        trail.record(
            action="mediation.agreement_signature",
            obj=agreement,
            actor=actor,
            data={
                "case": case.pk,
                "party": side,
                "signature": signature.pk,
                "pdf_sha256": agreement.pdf_sha256,
                "ip": mask_ip(signature.ip),
            },
            market=case.market_id,
        )
        completed = set(agreement.signatures.values_list("party", flat=True)) == set(SignerSide.values)
        if completed:
            AGREEMENT_LIFECYCLE.advance(
                agreement,
                AgreementStatus.SIGNED,
                actor=actor,
                stamp="completed_at",
                data={"pdf_sha256": agreement.pdf_sha256},
                market=case.market_id,
            )
            CASE_LIFECYCLE.advance(
                case,
                CaseStatus.SIGNED,
                actor=actor,
                stamp="signed_at",
                events=_events(case, "signed"),
                market=case.market_id,
            )
            _tell_parties(case, "mediation_agreement_signed", _("调解协议书已由双方签署，可下载签署版本"))
            _tell_mediator(case, "mediation_agreement_signed", _("调解协议书已由双方签署"))
        else:
            other = SignerSide.EMPLOYER if side == SignerSide.WORKER else SignerSide.WORKER
            _tell_parties(case, "mediation_your_turn", _("对方已签署调解协议书，请您签署"), side=other)
    if completed:
        agreement = ensure_signed_rendered(agreement_id=agreement.pk)
    return SignResult(agreement, signature, completed)


PARTY_LABELS = {SignerSide.WORKER: "劳动者", SignerSide.EMPLOYER: "用工方"}


def _mark(signature: AgreementSignature, agreement: Agreement) -> SignatureMark:
    if signature.party == SignerSide.WORKER:
        name = mask_name(agreement.terms["worker"]["name"])
    else:
        person = mask_name(signature.user.display_name) or mask_phone(signature.user.phone)
        name = f"{agreement.terms['employer']['name']}（{person}）"
    return SignatureMark(
        party_label=PARTY_LABELS[SignerSide(signature.party)],
        signer_name=name,
        signed_at=timezone.localtime(signature.signed_at),
        method=SIGNING_METHOD,
        ip_masked=mask_ip(signature.ip),
        document_sha256=signature.pdf_sha256,
    )


def ensure_signed_rendered(*, agreement_id: int) -> Agreement:
    """Render the signed PDF once both sides signed (idempotent; the first write wins)."""
    agreement = Agreement.objects.get(pk=agreement_id)
    if agreement.status != AgreementStatus.SIGNED or agreement.signed_pdf_sha256:
        return agreement
    signatures = agreement.signatures.select_related("user").order_by("party")
    marks = [_mark(s, agreement) for s in signatures]
    signed_pdf = render_signed_agreement_pdf(agreement.terms, marks, agreement.pdf_sha256)
    digest = sha256_hex(signed_pdf)
    with transaction.atomic():
        stored = Agreement.objects.filter(pk=agreement_id, signed_pdf_sha256="").update(
            signed_pdf=signed_pdf, signed_pdf_sha256=digest
        )
        if stored:
            trail.record(
                action="mediation.agreement_signed_rendered",
                obj=agreement,
                actor=None,
                data={"signed_pdf_sha256": digest},
                market=agreement.case.market_id,
            )
    return Agreement.objects.get(pk=agreement_id)


# --- Payments ------------------------------------------------------------------------------------------


def record_payment(*, actor: Any, case_id: int, term_id: int, amount: Any) -> PaymentTerm:
    """The worker confirms receipt (确认收款), or the mediator/staff record it; all paid closes the case."""
    case, side = selectors.visible_case(actor, case_id)
    if side == SignerSide.EMPLOYER:
        raise PermissionDeniedError(_("收款由劳动者本人确认，或由调解员登记。"), code="worker_confirms")
    value = _money(amount)
    if value is None:
        raise InvalidInput(
            _("请填写正确的金额。"), errors={"amount": [_("请填写大于0的金额（最多两位小数）。")]}
        )
    with transaction.atomic():
        case = _locked_case(case_id)
        if case.status != CaseStatus.SIGNED:
            raise ConflictError(CASE_LIFECYCLE.refusal(case.status), code="invalid_transition")
        term = (
            PaymentTerm.objects.select_for_update(
                of=("self",)
            )  # the case is locked; its agreement is read only
            .filter(pk=term_id, agreement__case=case, agreement__status=AgreementStatus.SIGNED)
            .first()
        )
        if term is None:
            raise NotFoundError(_("付款期不存在"))
        if term.status == TermStatus.PAID:
            raise ConflictError(_("该期款项已确认收到。"), code="already_paid")
        if value > term.remaining:
            raise InvalidInput(
                _("金额超过该期未付金额。"),
                errors={"amount": [_("该期还需支付%(left)s元。") % {"left": term.remaining}]},
            )
        term.paid_amount = term.paid_amount + value
        data = {"term": term.pk, "seq": term.seq, "amount": str(value), "by": side or "staff"}
        if term.paid_amount == term.amount:
            TERM_LIFECYCLE.advance(
                term,
                TermStatus.PAID,
                actor=actor,
                stamp="paid_at",
                fields=["paid_amount"],
                data=data,
                market=case.market_id,
            )
        else:
            term.save(update_fields=["paid_amount"])
            trail.record(
                action="mediation_payment.partial", obj=term, actor=actor, data=data, market=case.market_id
            )
        open_terms = PaymentTerm.objects.filter(agreement=term.agreement).exclude(status=TermStatus.PAID)
        if not open_terms.exists():
            _fulfil(actor, case, term.agreement)
        else:
            _tell_mediator(
                case,
                "mediation_payment",
                _("投诉%(number)s第%(seq)d期款项已到账") % {"number": case.complaint.number, "seq": term.seq},
            )
    return term


def _fulfil(actor: Any, case: MediationCase, agreement: Agreement, note: str = "") -> None:
    """Every term paid: the case is fulfilled and the complaint closes as AGREEMENT, unless it is closed
    already (the employer's payment closed it as PAID first): then this path yields and leaves it be."""
    case.outcome = Outcome.AGREEMENT
    case.outcome_note = note
    CASE_LIFECYCLE.advance(
        case,
        CaseStatus.FULFILLED,
        actor=actor,
        stamp="closed_at",
        fields=["outcome", "outcome_note"],
        data={"total": str(agreement.total_amount)},
        events=_events(case, "fulfilled"),
        market=case.market_id,
    )
    complaint = Complaint.objects.select_for_update().get(pk=case.complaint_id)
    if COMPLAINT_LIFECYCLE.allows(complaint.status, ComplaintStatus.CLOSED):
        close_complaint(
            actor=actor,
            complaint_id=case.complaint_id,
            reason=CloseReason.AGREEMENT,
            resolution=_("调解协议已全部履行，共%(total)s元。") % {"total": agreement.total_amount},
            amount_recovered=agreement.total_amount,
            market=case.market,
        )
    _tell_mediator(
        case,
        "mediation_fulfilled",
        _("投诉%(number)s的调解协议已全部履行") % {"number": case.complaint.number},
    )


def _void_unsigned_agreements(case: MediationCase, actor: Any, *, why: str) -> None:
    """Draft and sent versions of the agreement are void once the case ends without a signature."""
    for agreement in Agreement.objects.select_for_update().filter(
        case=case, status__in=[AgreementStatus.DRAFT, AgreementStatus.SENT]
    ):
        AGREEMENT_LIFECYCLE.advance(
            agreement,
            AgreementStatus.SUPERSEDED,
            actor=actor,
            stamp="superseded_at",
            data={"version": agreement.version, "why": why},
            market=case.market_id,
        )


def on_complaint_paid(*, complaint: Complaint, actor: Any = None) -> MediationCase | None:
    """The complaint closed as PAID (the employer paid the wages in full on the platform) in the payment's
    transaction, with the complaint locked. Its active case does not dangle:

    - signed: every term not yet paid is recorded as paid by the platform payment (the amount still due),
      and the case is fulfilled (the complaint stays closed as PAID);
    - no signed agreement yet: drafts and sent versions are void and the case is settled (outcome PAID).

    Never raises for a case that is gone or ended: it runs inside the payment, which must not fail on it.
    """
    found = (
        MediationCase.objects.select_for_update()
        .filter(complaint_id=complaint.pk, status__in=[s.value for s in selectors.ACTIVE_STATUSES])
        .values_list("pk", flat=True)
        .first()
    )
    if found is None:
        return None
    case = selectors.case_rows().get(pk=found)
    if case.status == CaseStatus.SIGNED:
        agreement = Agreement.objects.select_for_update().get(case=case, status=AgreementStatus.SIGNED)
        for term in PaymentTerm.objects.select_for_update().filter(agreement=agreement).order_by("seq"):
            if term.status == TermStatus.PAID:
                continue
            remaining = term.remaining
            term.paid_amount = term.amount
            TERM_LIFECYCLE.advance(
                term,
                TermStatus.PAID,
                actor=actor,
                stamp="paid_at",
                fields=["paid_amount"],
                data={"term": term.pk, "seq": term.seq, "amount": str(remaining), "by": "platform_payment"},
                market=case.market_id,
            )
        _fulfil(
            actor,
            case,
            agreement,
            note=_("用工方已通过平台足额支付工资，协议未付款项记为已付清。"),
        )
        _tell_parties(
            case,
            "mediation_fulfilled",
            _("投诉%(number)s的调解协议已履行完毕") % {"number": case.complaint.number},
        )
    else:
        case.outcome = Outcome.PAID
        case.outcome_note = _("用工方已通过平台足额支付工资，投诉已结案，调解终结。")
        CASE_LIFECYCLE.advance(
            case,
            CaseStatus.SETTLED,
            actor=actor,
            stamp="closed_at",
            fields=["outcome", "outcome_note"],
            data={"complaint_closed": "paid"},
            events=_events(case, "settled"),
            market=case.market_id,
        )
        _void_unsigned_agreements(case, actor, why="paid")
        _tell_parties(
            case,
            "mediation_settled",
            _("投诉%(number)s：工资已足额支付，调解终结") % {"number": case.complaint.number},
        )
        _tell_mediator(
            case,
            "mediation_settled",
            _("投诉%(number)s：用工方已足额支付工资，调解终结") % {"number": case.complaint.number},
        )
    return case


def on_complaint_closed_otherwise(
    *, complaint: Complaint, actor: Any = None, reason: str
) -> MediationCase | None:
    """The complaint was closed for a reason other than a payment or a kept agreement (the filer withdrew
    it, staff merged, resolved or did not uphold it, the court decided) in the closing transaction, with the
    complaint locked. An unsigned active case ends (ENDED; drafts and sent versions void) and both sides and
    the mediator are told. A signed agreement binds the parties whatever became of the complaint: that case
    keeps tracking its payments. Never raises: it runs inside the close."""
    found = (
        MediationCase.objects.select_for_update()
        .filter(complaint_id=complaint.pk, status__in=[CaseStatus.OPEN, CaseStatus.AGREEMENT_DRAFTED])
        .values_list("pk", flat=True)
        .first()
    )
    if found is None:
        return None
    case = selectors.case_rows().get(pk=found)
    case.outcome = Outcome.WITHDRAWN if reason == CloseReason.WITHDRAWN else Outcome.CLOSED
    case.outcome_note = _("投诉已结案（%(reason)s），调解终结。") % {"reason": CloseReason(reason).label}
    CASE_LIFECYCLE.advance(
        case,
        CaseStatus.ENDED,
        actor=actor,
        stamp="closed_at",
        fields=["outcome", "outcome_note"],
        data={"complaint_closed": reason},
        events=_events(case, "ended"),
        market=case.market_id,
    )
    _void_unsigned_agreements(case, actor, why="complaint_closed")
    title = _("投诉%(number)s已结案，调解终结") % {"number": case.complaint.number}
    _tell_parties(case, "mediation_ended", title)
    _tell_mediator(case, "mediation_ended", title)
    return case


def mark_missed_payments(*, today: dt.date | None = None) -> int:
    """Terms still unpaid ``agreement_payment_grace_days`` after their date become missed; the mediator and
    the worker are told. Returns how many were marked."""
    today = today or timezone.localdate()
    marked = 0
    candidates = PaymentTerm.objects.filter(
        status=TermStatus.DUE, agreement__status=AgreementStatus.SIGNED, due_date__lt=today
    ).values_list("pk", "agreement__case__market_id")
    for term_id, market_id in list(candidates):
        grace = policy_for(market_id).agreement_payment_grace_days
        with transaction.atomic():
            term = PaymentTerm.objects.select_for_update().filter(pk=term_id, status=TermStatus.DUE).first()
            if term is None or term.due_date + dt.timedelta(days=grace) >= today:
                continue
            case = selectors.case_rows().get(pk=term.agreement.case_id)
            TERM_LIFECYCLE.advance(
                term,
                TermStatus.MISSED,
                actor=None,
                stamp="missed_at",
                market=case.market_id,
                data={"seq": term.seq, "due_date": term.due_date.isoformat(), "unpaid": str(term.remaining)},
            )
            values = {
                "number": case.complaint.number,
                "seq": term.seq,
                "day": term.due_date.isoformat(),
                "left": term.remaining,
            }
            _tell_mediator(
                case,
                "mediation_payment_missed",
                _("投诉%(number)s第%(seq)d期款项逾期未付") % values,
                body=_("应于%(day)s支付，尚欠%(left)s元。请联系用工方督促履行。") % values,
            )
            _tell_parties(
                case,
                "mediation_payment_missed",
                _("调解协议第%(seq)d期款项逾期未付") % values,
                side=SignerSide.WORKER,
                body=_("应于%(day)s支付，尚欠%(left)s元。调解员已收到提醒。") % values,
            )
            marked += 1
    return marked


# --- Outcomes ------------------------------------------------------------------------------------------


def _end(case: MediationCase, to: str, actor: Any, note: str) -> None:
    """A case that ends without a kept agreement: the complaint goes back to staff for the next step."""
    case.outcome = Outcome(str(to))
    case.outcome_note = note
    CASE_LIFECYCLE.advance(
        case,
        to,
        actor=actor,
        stamp="closed_at",
        fields=["outcome", "outcome_note"],
        market=case.market_id,
        events=_events(case, str(to)),
    )
    for agreement in Agreement.objects.select_for_update().filter(
        case=case, status__in=[AgreementStatus.DRAFT, AgreementStatus.SENT]
    ):
        AGREEMENT_LIFECYCLE.advance(
            agreement, AgreementStatus.SUPERSEDED, actor=actor, stamp="superseded_at", market=case.market_id
        )
    complaint = Complaint.objects.select_for_update().get(pk=case.complaint_id)
    if complaint.status == ComplaintStatus.MEDIATING:
        complaint.due_at = add_working_days(
            timezone.now(), policy_for(case.market_id).complaint_ack_working_days
        )
        COMPLAINT_LIFECYCLE.advance(
            complaint,
            ComplaintStatus.ACKNOWLEDGED,
            actor=actor,
            fields=["due_at"],
            market=case.market_id,
            data={"mediation_case": case.pk, "outcome": str(to)},
        )
    step = selectors.next_step(case)
    label = CASE_LIFECYCLE.label(to)
    for user in _party_users(case):
        notify(
            user=user,
            kind="mediation_ended",
            title=_("投诉%(number)s调解结束：%(outcome)s")
            % {"number": case.complaint.number, "outcome": label},
            body=step.text,
            url=party_url(case),
            link_text=_("查看下一步"),
            params={"number": case.complaint.number},
        )
    if actor is None or actor.pk != case.mediator.user_id:
        _tell_mediator(
            case,
            "mediation_ended",
            _("投诉%(number)s调解结束：%(outcome)s") % {"number": case.complaint.number, "outcome": label},
        )


def set_outcome(*, actor: Any, case_id: int, outcome: str, note: str = "") -> MediationCase:
    """withdrawn: the filer withdraws from mediation; failed: the mediator (or staff) ends it, with a note."""
    note = (note or "").strip()
    if outcome not in (CaseStatus.WITHDRAWN, CaseStatus.FAILED):
        raise InvalidInput(_("请选择调解结果。"), errors={"outcome": [_("只能选择“撤回”或“调解不成”。")]})
    if len(note) > 1000:
        raise InvalidInput(_("说明不能超过1000字。"), errors={"note": [_("说明不能超过1000字。")]})
    case, side = selectors.visible_case(actor, case_id)
    if outcome == CaseStatus.WITHDRAWN:
        if case.complaint.filed_by_id != actor.pk:
            raise PermissionDeniedError(_("只有投诉人可以撤回调解。"), code="filer_only")
    else:
        if side is not None:
            raise PermissionDeniedError(_("调解不成由调解员确认。"), code="mediator_only")
        if not note:
            raise InvalidInput(_("请填写调解不成的原因。"), errors={"note": [_("请填写调解不成的原因。")]})
    with transaction.atomic():
        case = _locked_case(case_id)
        CASE_LIFECYCLE.guard(case, outcome)
        _end(case, outcome, actor, note)
    return selectors.case_rows().get(pk=case_id)


def expire_cases(*, now: dt.datetime | None = None) -> int:
    """Open cases past their deadline (policy.mediation_days) expire; the next step is offered at once."""
    now = now or timezone.now()
    ids = list(
        MediationCase.objects.filter(
            status__in=[CaseStatus.OPEN, CaseStatus.AGREEMENT_DRAFTED], due_at__lt=now
        ).values_list("pk", flat=True)
    )
    expired = 0
    for case_id in ids:
        with transaction.atomic():
            case = _locked_case(case_id)
            if case.status not in (CaseStatus.OPEN, CaseStatus.AGREEMENT_DRAFTED) or case.due_at >= now:
                continue
            _end(case, CaseStatus.EXPIRED, None, _("调解期限届满未达成协议。"))
            expired += 1
    return expired
