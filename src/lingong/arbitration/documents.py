"""The application (仲裁申请书 / 民事起诉状 draft) and the evidence bundle (PDF + zip), deterministically.

``gather`` reads everything a document shows into plain JSON-able data (strings, sorted by primary key),
plus the original files; ``input_digest`` hashes that data, and the renderers take only the data. The
PDF creation date is the latest timestamp in the data (never "now"), zip entries carry that same time,
are sorted by name and stored with fixed deflate settings, so the same data gives the same bytes.

The mediation record (sessions, the agreement with its terms, amounts, payment schedule, signatures with
time, masked IP and SHA-256, and whether each payment was kept) comes from the mediation app, which sits
below this one in the layers; the signed agreement PDF goes into the zip. ``register_section`` is a hook
for any other provider. Sections go into the input digest; they are numbered in the order they appear.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from lingong.accounts.signing import mask_ip
from lingong.arbitration.models import DocumentKind, Forum
from lingong.audit import trail
from lingong.audit.models import AuditEntry
from lingong.contracts.models import Contract, ContractStatus
from lingong.core.masking import mask_phone
from lingong.core.pdf import SHANGHAI, PdfDocument, format_date_cn, format_datetime_cn
from lingong.disputes.models import Complaint, Evidence, evidence_storage
from lingong.disputes.services import complaint_url
from lingong.engagements import links as engagement_links
from lingong.engagements.models import AttendanceCase, Shift
from lingong.mediation.models import (
    Agreement,
    AgreementSignature,
    AgreementStatus,
    MediationCase,
    MediationSession,
    PaymentTerm,
)
from lingong.mediation.services import party_url as mediation_party_url
from lingong.notifications.models import Notification
from lingong.ratings.models import Rating
from lingong.settlement import links as settlement_links
from lingong.settlement.models import Payment, Statement

# Trail actions of this app's own document builds: left out of the bundle, or every build would change
# the next one.
OWN_ACTIONS_PREFIX = "arbitration.documents"

Row = tuple[str, str]


@dataclass
class Section:
    title: str
    rows: list[list[Row]] = field(default_factory=list)  # one key/value table per item
    note: str = ""


# Extension point for apps above this one: a function that receives the complaint and returns sections.
# It must be deterministic; its output goes into the input digest.
SectionProvider = Callable[[Complaint], list[Section]]
EXTRA_SECTIONS: list[SectionProvider] = []

CN_NUMERALS = "一二三四五六七八九十"


def cn_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 21 -> 二十一 (section numbers, 1..99)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_NUMERALS[tens - 1] + "十")
    return head + (CN_NUMERALS[ones - 1] if ones else "")


def _iso_day(value: Any) -> str:
    try:
        return format_date_cn(dt.date.fromisoformat(str(value)))
    except ValueError:
        return str(value or "—")


def _came(value: bool | None) -> str:
    return "未记录" if value is None else ("到场" if value else "未到场")


def _session_rows(session: MediationSession) -> list[Row]:
    return [
        ("调解会时间", _dt(session.starts_at)),
        ("地点", session.place or ("视频调解" if session.video_url else "—")),
        (
            "到场情况",
            f"劳动者{_came(session.worker_came)}；用工方{_came(session.employer_came)}"
            + (f"；其他参加人：{session.others}" if session.others else ""),
        ),
        ("调解笔录", session.notes or "（尚未记录）"),
        ("记录时间", _dt(session.recorded_at)),
    ]


def _agreement_rows(agreement: Agreement) -> list[Row]:
    terms = agreement.terms or {}
    schedule = "；".join(
        f"第 {i} 期 {_iso_day(p.get('due_date'))} 支付 {p.get('amount', '—')} 元"
        for i, p in enumerate(terms.get("payments") or [], start=1)
    )
    rows: list[Row] = [
        ("协议编号", str(terms.get("agreement_no") or "—")),
        ("协议版本", f"第 {agreement.version} 版（模板 {agreement.template_version}）"),
        ("状态", agreement.get_status_display()),
        ("协议金额", _money(agreement.total_amount)),
        ("付款安排", schedule or "—"),
        ("纠纷事实", str(terms.get("facts") or "—")),
        ("协议内容", str(terms.get("terms_text") or "—")),
        ("起草 / 送签时间", f"{_dt(agreement.created_at)} / {_dt(agreement.sent_at)}"),
        ("双方签署完成", _dt(agreement.completed_at)),
        ("协议文件 SHA-256", agreement.pdf_sha256 or "—"),
        ("已签署文件 SHA-256", agreement.signed_pdf_sha256 or "—"),
    ]
    signatures: list[AgreementSignature] = sorted(
        agreement.signatures.all(), key=lambda sig: (sig.signed_at, sig.pk)
    )
    for sig in signatures:
        rows.append(
            (
                f"签署：{sig.get_party_display()}",
                f"{_dt(sig.signed_at)}；IP {mask_ip(sig.ip)}；设备 {sig.user_agent[:80] or '—'}；"
                f"所签文件 SHA-256 {sig.pdf_sha256}",
            )
        )
    return rows


def _term_rows(agreement: Agreement, term: PaymentTerm) -> list[Row]:
    return [
        ("协议 / 期次", f"第 {agreement.version} 版 · 第 {term.seq} 期"),
        ("应付日期", _d(term.due_date)),
        ("应付 / 已付金额", f"{_money(term.amount)} / {_money(term.paid_amount)}"),
        ("状态", term.get_status_display()),
        ("付清 / 逾期时间", f"{_dt(term.paid_at)} / {_dt(term.missed_at)}"),
    ]


def mediation_cases(complaint: Complaint) -> list[MediationCase]:
    return list(
        MediationCase.objects.filter(complaint=complaint)
        .select_related("mediator")
        .prefetch_related("sessions", "agreements__signatures", "agreements__payment_terms")
        .order_by("opened_at", "pk")
    )


def mediation_sections(complaint: Complaint, files: list[tuple[str, bytes]] | None = None) -> list[Section]:
    """The mediation record of the complaint: each case with its sessions, the agreement versions with
    their terms, hashes and signatures, and the payment terms with what was kept or missed. The signed
    agreement PDF (or the PDF sent for signing, while unsigned) goes into ``files``."""
    cases = mediation_cases(complaint)
    if not cases:
        return []
    record = Section("调解记录")
    agreements = Section("调解协议及签署记录")
    payments = Section("调解协议履行情况（付款期）")
    for case in cases:
        record.rows.append(
            [
                ("调解员", case.mediator.display_name),
                ("状态", case.get_status_display()),
                ("开始时间 / 调解期限", f"{_dt(case.opened_at)} / {_dt(case.due_at)}"),
                ("结果", f"{case.get_outcome_display()} {case.outcome_note}".strip() or "—"),
                ("协议签署 / 结束时间", f"{_dt(case.signed_at)} / {_dt(case.closed_at)}"),
            ]
        )
        for session in sorted(case.sessions.all(), key=lambda s: (s.starts_at, s.pk)):
            record.rows.append(_session_rows(session))
        for agreement in sorted(case.agreements.all(), key=lambda a: a.version):
            agreements.rows.append(_agreement_rows(agreement))
            if agreement.status == AgreementStatus.SUPERSEDED:
                continue
            for term in sorted(agreement.payment_terms.all(), key=lambda p: p.seq):
                payments.rows.append(_term_rows(agreement, term))
            if files is None:
                continue
            stem = f"mediation-{case.pk}-agreement-v{agreement.version}"
            if agreement.signed_pdf_sha256 and agreement.signed_pdf:
                files.append((f"{stem}-signed.pdf", bytes(agreement.signed_pdf)))
            elif agreement.status == AgreementStatus.SENT and agreement.pdf:
                files.append((f"{stem}.pdf", bytes(agreement.pdf)))
    if not agreements.rows:
        agreements.note = "调解未形成协议。"
    if not payments.rows:
        payments.note = "没有付款安排。"
    return [record, agreements, payments]


def register_section(provider: SectionProvider) -> None:
    if provider not in EXTRA_SECTIONS:
        EXTRA_SECTIONS.append(provider)


@dataclass
class CaseData:
    meta: dict[str, Any]
    sections: list[Section]
    files: list[tuple[str, bytes]]  # (zip name, bytes), sorted by name
    trail_hashes: list[str]

    def as_json(self) -> dict[str, Any]:
        return {
            "meta": self.meta,
            "sections": [{"title": s.title, "rows": s.rows, "note": s.note} for s in self.sections],
            "files": [[name, hashlib.sha256(content).hexdigest()] for name, content in self.files],
        }


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _dt(value: dt.datetime | None) -> str:
    return format_datetime_cn(value) if value else "—"


def _d(value: dt.date | None) -> str:
    return format_date_cn(value) if value else "—"


def _money(value: Decimal | None) -> str:
    return f"{value:.2f} 元" if value is not None else "—"


def _num(value: Any) -> str:
    return "—" if value is None else str(value)


def _coords(lat: float | None, lon: float | None) -> str:
    return f"{lat:.5f}, {lon:.5f}" if lat is not None and lon is not None else "—"


def _contract_section(engagement: Any, files: list[tuple[str, bytes]]) -> tuple[Section, list[Any]]:
    section = Section("劳务协议及签署记录")
    contracts = list(
        Contract.objects.filter(engagement=engagement).prefetch_related("signatures").order_by("version")
    )
    for contract in contracts:
        rows: list[Row] = [
            ("协议版本", f"第 {contract.version} 版（模板 {contract.template_version}）"),
            ("状态", contract.get_status_display()),
            ("生成时间", _dt(contract.created_at)),
            ("协议文件 SHA-256", contract.pdf_sha256 or "—"),
            ("已签署文件 SHA-256", contract.signed_pdf_sha256 or "—"),
            ("双方签署完成", _dt(contract.completed_at)),
        ]
        for sig in contract.signatures.order_by("signed_at", "pk"):
            rows.append(
                (
                    f"签署：{sig.get_party_display()}",
                    f"{_dt(sig.signed_at)}；IP {mask_ip(sig.ip)}；设备 {sig.user_agent[:80] or '—'}；"
                    f"所签文件 SHA-256 {sig.pdf_sha256}",
                )
            )
        section.rows.append(rows)
        if contract.status == ContractStatus.SIGNED and contract.signed_pdf:
            files.append((f"contract-v{contract.version}-signed.pdf", bytes(contract.signed_pdf)))
        elif contract.pdf:
            files.append((f"contract-v{contract.version}.pdf", bytes(contract.pdf)))
    if not contracts:
        section.note = "本用工单没有电子劳务协议。"
    return section, contracts


def _attendance_sections(engagement: Any) -> list[Section]:
    attendance = Section("考勤记录（签到、签退的时间与位置）")
    hours = Section("工时确认与异议")
    for shift in Shift.objects.filter(engagement=engagement).order_by("date", "pk"):
        attendance.rows.append(
            [
                ("日期", _d(shift.date)),
                ("状态", shift.get_status_display()),
                (
                    "签到",
                    f"{_dt(shift.check_in_at)}；位置 {_coords(shift.check_in_lat, shift.check_in_lon)}；"
                    f"距工地 {_num(shift.check_in_distance_m)} 米",
                ),
                (
                    "签退",
                    f"{_dt(shift.check_out_at)}；位置 {_coords(shift.check_out_lat, shift.check_out_lon)}；"
                    f"距工地 {_num(shift.check_out_distance_m)} 米",
                ),
                ("计酬工时", str(shift.worked_hours) if shift.worked_hours is not None else "—"),
            ]
        )
        hours.rows.append(
            [
                ("日期", _d(shift.date)),
                ("确认状态", shift.get_confirmation_display()),
                ("确认工时", str(shift.confirmed_hours) if shift.confirmed_hours is not None else "—"),
                ("确认时间", _dt(shift.confirmed_at)),
            ]
        )
        for case in AttendanceCase.objects.filter(shift=shift).order_by("pk"):
            hours.rows.append(
                [
                    ("异议", case.reason),
                    ("主张工时", str(case.claimed_hours) if case.claimed_hours is not None else "—"),
                    ("处理", f"{case.get_status_display()} {case.resolution_note}".strip()),
                    ("提出/处理时间", f"{_dt(case.opened_at)} / {_dt(case.resolved_at)}"),
                ]
            )
    if not attendance.rows:
        attendance.note = "暂无考勤记录。"
        hours.note = "暂无工时确认记录。"
    return [attendance, hours]


def _settlement_sections(engagement: Any) -> list[Section]:
    statements = Section("结算单")
    payments = Section("支付记录")
    for st in Statement.objects.filter(engagement=engagement).order_by("pk"):
        statements.rows.append(
            [
                ("结算单号", st.number),
                ("结算期间", f"{_d(st.period_start)} 至 {_d(st.period_end)}"),
                ("应发 / 个税 / 实发", f"{_money(st.gross)} / {_money(st.tax)} / {_money(st.net)}"),
                ("状态", st.get_status_display()),
                ("生成 / 支付时间", f"{_dt(st.created_at)} / {_dt(st.paid_at)}"),
            ]
        )
        for pay in Payment.objects.filter(statement=st).order_by("pk"):
            payments.rows.append(
                [
                    ("结算单号", st.number),
                    ("金额", _money(pay.amount)),
                    ("状态", pay.get_status_display()),
                    ("渠道 / 凭证号", f"{pay.provider} / {pay.reference or pay.provider_reference or '—'}"),
                    ("时间", _dt(pay.paid_at)),
                ]
            )
    if not statements.rows:
        statements.note = "暂无结算单（用工方未出具结算单）。"
    if not payments.rows:
        payments.note = "暂无支付记录。"
    return [statements, payments]


def _ratings_section(engagement: Any) -> Section:
    section = Section("评价")
    for rating in Rating.objects.filter(engagement=engagement).order_by("pk"):
        section.rows.append(
            [
                ("方向", rating.get_direction_display()),
                ("评分", f"{rating.stars} 星"),
                ("内容", "（已隐藏）" if rating.hidden else (rating.comment or "—")),
                ("时间", _dt(rating.created_at)),
            ]
        )
    if not section.rows:
        section.note = "暂无评价。"
    return section


def _message_urls(complaint: Complaint) -> set[str]:
    """The pages the platform's messages about this case point to."""
    urls = {complaint_url(complaint), reverse("arbitration:start", kwargs={"complaint_id": complaint.pk})}
    for case in MediationCase.objects.filter(complaint=complaint).order_by("pk"):
        urls.add(mediation_party_url(case))
    engagement_id = complaint.engagement_id
    if engagement_id is not None:
        urls |= {
            engagement_links.engagement_url(engagement_id),
            engagement_links.contract_url(engagement_id),
            engagement_links.settlement_url(engagement_id),
            settlement_links.engagement_settlement_url(engagement_id),
            settlement_links.rate_url(engagement_id),
        }
        for statement_id in Statement.objects.filter(engagement_id=engagement_id).values_list(
            "pk", flat=True
        ):
            urls.add(settlement_links.statement_url(statement_id))
    return urls


def _messages_section(complaint: Complaint) -> Section:
    section = Section("平台消息")
    users = [uid for uid in (complaint.filed_by_id, complaint.other_party_id) if uid]
    notes = Notification.objects.filter(url__in=sorted(_message_urls(complaint)), user_id__in=users)
    for note in notes.order_by("created_at", "pk"):
        to = "投诉人" if note.user_id == complaint.filed_by_id else "被投诉方"
        section.rows.append([("时间", _dt(note.created_at)), ("收件人", to), ("内容", note.title)])
    if not section.rows:
        section.note = "暂无相关消息。"
    return section


def _evidence_section(complaint: Complaint, files: list[tuple[str, bytes]]) -> Section:
    section = Section("投诉证据清单")
    storage = evidence_storage()
    for i, ev in enumerate(Evidence.objects.filter(complaint=complaint).order_by("pk"), start=1):
        section.rows.append(
            [
                ("序号", str(i)),
                ("文件名", ev.original_name),
                ("类型 / 大小", f"{ev.content_type} / {ev.size} 字节"),
                ("SHA-256", ev.sha256),
                ("上传时间", _dt(ev.uploaded_at)),
            ]
        )
        with storage.open(str(ev.file.name), "rb") as fh:
            content = fh.read()
        stored_name = str(ev.file.name)
        suffix = stored_name.rsplit(".", 1)[-1] if "." in stored_name else "bin"
        files.append((f"evidence-{i:02d}-{ev.pk}.{suffix}", content))
    if not section.rows:
        section.note = "投诉时未上传证据文件。"
    return section


def trail_entries(complaint: Complaint) -> list[AuditEntry]:
    q = Q(object_type="disputes.complaint", object_id=str(complaint.pk))
    q |= Q(
        object_type="arbitration.referral",
        object_id__in=[str(r) for r in complaint.referrals.values_list("pk", flat=True)],
    )
    case_ids = list(MediationCase.objects.filter(complaint=complaint).values_list("pk", flat=True))
    agreement_ids = list(Agreement.objects.filter(case_id__in=case_ids).values_list("pk", flat=True))
    term_ids = PaymentTerm.objects.filter(agreement_id__in=agreement_ids).values_list("pk", flat=True)
    for object_type, ids in (
        ("mediation.mediationcase", case_ids),
        ("mediation.agreement", agreement_ids),
        ("mediation.paymentterm", list(term_ids)),
    ):
        if ids:
            q |= Q(object_type=object_type, object_id__in=[str(pk) for pk in ids])
    if complaint.engagement_id:
        q |= Q(object_type="engagements.engagement", object_id=str(complaint.engagement_id))
        q |= Q(data__engagement_id=complaint.engagement_id)
    return list(
        AuditEntry.objects.filter(q).exclude(action__startswith=OWN_ACTIONS_PREFIX).order_by("chain", "seq")
    )


def _trail_section(complaint: Complaint, entries: list[AuditEntry]) -> Section:
    section = Section("平台留痕记录（哈希链）")
    problem = trail.verify_chain(trail.chain_of(complaint))
    section.note = (
        "本市场留痕哈希链校验通过：记录未被篡改、删除或调换顺序。"
        if problem is None
        else f"本市场留痕哈希链校验未通过：第 {problem.seq} 条（{problem.reason}）。"
    )
    for entry in entries:
        section.rows.append(
            [
                ("序号 / 时间", f"{entry.chain}-{entry.seq} · {_dt(entry.created_at)}"),
                ("事件 / 对象", f"{entry.action} · {entry.object_type}#{entry.object_id}"),
                ("前一条哈希", entry.prev_hash),
                ("本条哈希", entry.entry_hash),
            ]
        )
    return section


def gather(
    complaint: Complaint, *, document_kind: str, forum: Forum | None, route_meta: dict[str, Any]
) -> CaseData:
    """Everything the documents show, as data (reads only)."""
    complaint = Complaint.objects.select_related(
        "filed_by", "other_party", "engagement__enterprise", "engagement__job", "engagement__worker__user"
    ).get(pk=complaint.pk)
    engagement = complaint.engagement
    files: list[tuple[str, bytes]] = []
    sections: list[Section] = []
    stamps = [complaint.filed_at]
    if engagement is not None:
        contract_section, _contracts = _contract_section(engagement, files)
        sections.append(contract_section)
        sections += _attendance_sections(engagement)
        sections += _settlement_sections(engagement)
        sections.append(_ratings_section(engagement))
    sections += mediation_sections(complaint, files)
    sections.append(_messages_section(complaint))
    sections.append(_evidence_section(complaint, files))
    entries = trail_entries(complaint)
    sections.append(_trail_section(complaint, entries))
    for provider in EXTRA_SECTIONS:
        sections += provider(complaint)
    for i, section in enumerate(sections, start=1):
        section.title = f"{cn_numeral(i)}、{section.title}"
    stamps += [e.created_at for e in entries]
    created = max(stamps)
    worker_user = engagement.worker.user if engagement is not None else complaint.filed_by
    worker_profile = getattr(worker_user, "worker_profile", None)
    enterprise = engagement.enterprise if engagement is not None else None
    meta: dict[str, Any] = {
        "number": complaint.number,
        "document_kind": document_kind,
        "created_at": created.astimezone(SHANGHAI).isoformat(),
        "filer_is_worker": complaint.filer_role == "worker",
        "worker_name": (worker_profile.real_name if worker_profile else "") or worker_user.display_name,
        "worker_gender": worker_profile.get_gender_display()
        if worker_profile and worker_profile.gender
        else "",
        "worker_phone": mask_phone(worker_user.phone),
        "employer_name": enterprise.name
        if enterprise
        else (complaint.other_party.display_name if complaint.other_party else "—"),
        "employer_credit_code": (enterprise.credit_code or "—") if enterprise else "—",
        "employer_address": enterprise.address if enterprise else "—",
        "kind": complaint.get_kind_display(),
        "what_happened": complaint.what_happened,
        "asks_for": complaint.asks_for,
        "amount_claimed": f"{complaint.amount_claimed:.2f}" if complaint.amount_claimed is not None else "",
        "forum_name": forum.name if forum else "",
        "forum_address": forum.address if forum else "",
        "route": route_meta,
        "filed_on": format_date_cn(timezone.localdate(complaint.filed_at)),
    }
    if engagement is not None:
        meta["engagement"] = {
            "title": engagement.job.title,
            "place": engagement.job.address,
            "dates": f"{_d(engagement.start_date)} 至 {_d(engagement.end_date)}",
            "hours": f"每日 {engagement.daily_start_time:%H:%M}—{engagement.daily_end_time:%H:%M}，"
            f"{engagement.daily_hours} 小时",
            "pay": f"{engagement.pay_amount:.2f} 元/{engagement.get_pay_unit_display()}，"
            f"{engagement.get_settlement_cycle_display()}",
        }
    files.sort(key=lambda f: f[0])
    return CaseData(meta=meta, sections=sections, files=files, trail_hashes=[e.entry_hash for e in entries])


def input_digest(data: CaseData) -> str:
    blob = json.dumps(data.as_json(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return sha256(blob.encode())


def _created(data: CaseData) -> dt.datetime:
    return dt.datetime.fromisoformat(data.meta["created_at"])


def render_application(data: CaseData) -> bytes:
    m = data.meta
    labour = m["document_kind"] == DocumentKind.ARBITRATION_APPLICATION
    title = "劳动人事争议仲裁申请书" if labour else "民事起诉状"
    doc = PdfDocument(title=title, created_at=_created(data), subject=m["number"])
    doc.title(title)
    doc.subtitle(
        f"投诉编号 {m['number']}（由零工市场平台根据投诉记录生成）"
        if labour
        else f"草稿，请核对后向人民法院递交 · 投诉编号 {m['number']}"
    )
    who, other = ("申请人", "被申请人") if labour else ("原告", "被告")
    doc.heading(f"{who}")
    doc.key_value_table(
        [("姓名", m["worker_name"]), ("性别", m["worker_gender"] or "—"), ("联系电话", m["worker_phone"])]
    )
    doc.heading(f"{other}")
    doc.key_value_table(
        [
            ("名称", m["employer_name"]),
            ("统一社会信用代码", m["employer_credit_code"]),
            ("住所地", m["employer_address"]),
        ]
    )
    doc.heading("仲裁请求" if labour else "诉讼请求")
    claims = []
    if m["amount_claimed"]:
        claims.append(
            f"1. 请求裁决{other}支付{m['kind']}相关款项人民币 {m['amount_claimed']} 元；"
            if labour
            else f"1. 判令{other}支付劳务报酬等款项人民币 {m['amount_claimed']} 元；"
        )
    claims.append(f"{len(claims) + 1}. {m['asks_for']}")
    claims.append(
        f"{len(claims) + 1}. 本案{'仲裁' if labour else '诉讼'}费用由{other}承担。"
        if not labour
        else f"{len(claims) + 1}. 其他依法应予支持的请求。"
    )
    for line in claims:
        doc.paragraph(line, indent=False)
    doc.heading("事实与理由")
    eng = m.get("engagement")
    if eng:
        doc.paragraph(
            f"{who}通过零工市场平台与{other}建立用工关系，从事“{eng['title']}”工作，工作地点{eng['place']}，"
            f"用工期间{eng['dates']}，{eng['hours']}，报酬{eng['pay']}。"
        )
    doc.paragraph(m["what_happened"])
    for reason in m["route"].get("reasons", []):
        doc.paragraph(reason)
    doc.paragraph(
        f"以上事实有所附证据材料（证据目录及平台留痕记录）为证。{who}依法提出"
        f"{'仲裁申请' if labour else '诉讼'}，请依法{'裁决' if labour else '判决'}。"
    )
    doc.heading("此致")
    doc.paragraph(
        m["forum_name"] or ("劳动人事争议仲裁委员会" if labour else "人民法院"), indent=False, bold=True
    )
    doc.signature_block(
        [
            [f"{who}（签名）：", "", f"日期：{'  年  月  日'}"],
            ["附：证据材料一份（含目录）", f"投诉提交日期：{m['filed_on']}"],
        ]
    )
    return doc.output()


def _render_bundle(data: CaseData, pages: list[int]) -> tuple[bytes, list[int]]:
    m = data.meta
    doc = PdfDocument(
        title="证据材料",
        created_at=_created(data),
        subject=m["number"],
        footer_text=f"投诉编号 {m['number']} · 证据材料",
    )
    doc.title("证据材料")
    doc.subtitle(f"投诉编号 {m['number']} · {m['worker_name']} 与 {m['employer_name']}")
    eng = m.get("engagement") or {}
    doc.key_value_table(
        [
            ("投诉类型", m["kind"]),
            ("主张金额", f"{m['amount_claimed']} 元" if m["amount_claimed"] else "—"),
            ("用工内容", eng.get("title", "—")),
            ("工作地点", eng.get("place", "—")),
            ("用工期间", eng.get("dates", "—")),
            ("工作时间", eng.get("hours", "—")),
            ("报酬", eng.get("pay", "—")),
        ],
        label_width=30,
    )
    doc.heading("目录")
    index_rows = [
        (s.title, f"第 {pages[i]} 页" if i < len(pages) else "第 — 页") for i, s in enumerate(data.sections)
    ]
    doc.key_value_table(index_rows, label_width=130)
    doc.paragraph(
        "说明：本材料由零工市场平台根据平台记录自动生成。每份原始文件的 SHA-256 见压缩包中的 MANIFEST.txt；"
        "留痕记录的哈希可在平台上核验。",
        muted=True,
        size=9,
    )
    starts: list[int] = []
    for section in data.sections:
        doc.page_break()
        starts.append(doc.page_count)
        doc.heading(section.title)
        if section.note:
            doc.paragraph(section.note, indent=False)
        for rows in section.rows:
            doc.key_value_table(rows, label_width=34)
    return doc.output(), starts


def render_bundle(data: CaseData) -> bytes:
    """Two passes: the first learns where each section starts, the second prints it in the index (the
    index has the same length in both passes, so the page numbers hold)."""
    placeholder = [0] * len(data.sections)
    _first, starts = _render_bundle(data, placeholder)
    pdf, again = _render_bundle(data, starts)
    assert again == starts
    return pdf


def build_zip(data: CaseData, application: bytes, bundle: bytes) -> bytes:
    created = _created(data).astimezone(SHANGHAI)
    stamp = (
        max(created.year, 1980),
        created.month,
        created.day,
        created.hour,
        created.minute,
        created.second,
    )
    entries = dict(data.files)
    entries["application.pdf"] = application
    entries["bundle.pdf"] = bundle
    manifest_rows = [(name, sha256(content), len(content)) for name, content in sorted(entries.items())]
    entries["MANIFEST.txt"] = (
        "\n".join(
            [
                f"# {data.meta['number']} SHA-256 manifest",
                *(f"{h}  {n}  {size}" for n, h, size in manifest_rows),
            ]
        )
        + "\n"
    ).encode()
    entries["manifest.json"] = (
        json.dumps(
            {
                "complaint": data.meta["number"],
                "created_at": data.meta["created_at"],
                "files": [{"name": n, "sha256": h, "size": size} for n, h, size in manifest_rows],
                "trail_hashes": data.trail_hashes,
            },
            ensure_ascii=False,
            indent=2,
            sort_keys=True,
        )
        + "\n"
    ).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, entries[name], compresslevel=6)
    return buffer.getvalue()


@dataclass
class Built:
    digest: str
    application: bytes
    bundle: bytes
    archive: bytes
    data: CaseData


def build(
    complaint: Complaint, *, document_kind: str, forum: Forum | None, route_meta: dict[str, Any]
) -> Built:
    return render(gather(complaint, document_kind=document_kind, forum=forum, route_meta=route_meta))


def render(data: CaseData) -> Built:
    application = render_application(data)
    bundle = render_bundle(data)
    return Built(input_digest(data), application, bundle, build_zip(data, application, bundle), data)
