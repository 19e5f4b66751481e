"""Labour-service contracts: a version per set of terms, signed with login + SMS code.

Lock order follows the engagements app: the engagement row first, then the contract row, so an amendment
and a signature on the same engagement never deadlock.

Nothing slow runs under a lock: a new version is committed as an intent (its terms, no PDF yet); the PDF
is rendered afterwards by ``ensure_rendered`` (a task queued on commit, or whoever needs the bytes
first), outside any transaction, and stored in a second short one. Rendering is deterministic, so two
renderers racing produce the same bytes and the first write wins. The signed PDF follows the same path.
What the signature means for the engagement (signed, then cover) is decided by ``lingong.workflow``.

Signing checks the one-time code twice (``accounts.services.verify_otp`` docstring): once outside the
transaction without consuming it, so a wrong guess is counted even though the request fails, and once
inside the signing transaction, consuming it, so a signature that rolls back leaves the code usable.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.models import User
from lingong.accounts.signing import SIGNING_METHOD, clean_ip, mask_ip, send_signing_code, verify_signing_code
from lingong.audit.lifecycle import Lifecycle
from lingong.contracts import access
from lingong.contracts.models import Contract, ContractSignature, ContractStatus, SignerParty
from lingong.contracts.rendering import (
    ContractParty,
    ContractTerms,
    SignatureMark,
    render_contract_pdf,
    render_signed_contract_pdf,
)
from lingong.core.client import USER_AGENT_MAX
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError, PermissionDeniedError
from lingong.core.masking import mask_id_number, mask_middle, mask_name, mask_phone
from lingong.core.pdf import format_yuan
from lingong.employers.models import EnterpriseKind
from lingong.engagements.access import employer_users, lock_for, party_of
from lingong.engagements.earnings import hourly_equivalent
from lingong.engagements.models import Engagement, EngagementStatus, Party
from lingong.engagements.trail import record
from lingong.jobs.models import SettlementCycle
from lingong.notifications.services import notify
from lingong.org.policy import policy_for
from lingong.taxonomy.models import PayUnit

TEMPLATE_VERSION = "labour_service_v1"
# A posting's source channel may name its own clause template (a housekeeping booking: 家政服务协议).
TEMPLATE_BY_CHANNEL = {"housekeeping": "housekeeping_service_v1"}
ARBITRATION_BODY = "唐山市劳动人事争议仲裁院"

# Industries whose work is physical and site-bound: stronger safety wording and protective equipment.
HEAVY_INDUSTRIES = frozenset(
    {
        "construction",
        "decoration",
        "manufacturing",
        "logistics",
        "sanitation_landscaping",
        "agriculture",
        "repair",
        "auto_service",
    }
)
# Statuses in which the terms may still change (work has not started).
AMENDABLE_STATUSES = (
    EngagementStatus.CONTRACT_PENDING,
    EngagementStatus.SIGNED,
    EngagementStatus.INSURED,
)
CONTRACT_LIFECYCLE = Lifecycle.of(
    "contract",
    [
        (ContractStatus.PENDING, ContractStatus.SIGNED),
        (ContractStatus.PENDING, ContractStatus.SUPERSEDED),
        (ContractStatus.SIGNED, ContractStatus.SUPERSEDED),
    ],
    choices=ContractStatus,
    subject="协议",
)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def contract_url(contract_id: int) -> str:
    return reverse("contracts:detail", args=[contract_id])


# --- Terms -------------------------------------------------------------------------------------------

SETTLEMENT_DATE_TEXT = {
    SettlementCycle.DAILY: "每个工作日结束、甲方确认当日工时后 1 日内支付当日报酬",
    SettlementCycle.WEEKLY: "每周结算一次，于每周最后一个工作日后 3 日内支付该周报酬",
    SettlementCycle.MONTHLY: "每月结算一次，于次月 10 日前支付上月报酬",
    SettlementCycle.ON_COMPLETION: "全部劳务完成并经甲方验收后 5 日内一次性支付",
}

ACCEPTANCE_STANDARD = (
    "乙方按本协议约定的工作内容、时间和地点完成劳务，工作成果符合甲方事先明确告知的质量要求及"
    "国家、行业相关标准；按日或按小时计酬的，以甲方在平台确认的实际出勤工时为准；按件计酬的，"
    "以双方确认的合格数量为准。"
)

SAFETY_BASIC = (
    "甲方负责作业现场的安全管理，上岗前向乙方说明工作内容、作业风险和注意事项；"
    "乙方服从合理的现场安全管理，不得擅自从事与约定劳务无关的作业。"
)
SAFETY_HEAVY = (
    "甲方负责作业现场的安全管理，上岗前对乙方进行安全教育和岗位操作交底，设置必要的安全警示标志和防护设施，"
    "保证所提供的机械、设备、工具完好并符合安全标准；高处作业、动火作业、用电作业、特种设备操作等应当由持有"
    "有效证件的人员进行，并落实专人监护。乙方严格遵守安全操作规程，不得违章作业，不得酒后上岗，"
    "发现安全隐患及时报告。"
)
EQUIPMENT_BASIC = "甲方根据岗位需要免费提供必要的劳动防护用品（如工作服、手套等），乙方应当正确使用。"
EQUIPMENT_HEAVY = (
    "甲方免费为乙方提供符合国家标准的劳动防护用品，包括但不限于安全帽、防护手套、劳保鞋、反光背心；"
    "高处作业提供安全带，粉尘、噪声环境提供防尘口罩、耳塞等，不得以货币或其他物品替代，也不得向乙方收取费用。"
    "乙方应当正确佩戴和使用。"
)


def _is_heavy(engagement: Engagement) -> bool:
    occupation = engagement.occupation
    return bool(occupation.industry_id in HEAVY_INDUSTRIES)


def _credit_code_masked(code: str | None) -> str:
    return mask_middle(code or "", 4, 4) if code else "—"


def _employer_party(engagement: Engagement) -> ContractParty:
    enterprise = engagement.enterprise
    if enterprise.kind == EnterpriseKind.HOUSEHOLD:
        id_label = _("身份证号码")
        id_masked = mask_id_number(enterprise.contact_id_number or "") or "—"
    else:
        id_label = _("统一社会信用代码")
        id_masked = _credit_code_masked(enterprise.credit_code)
    return ContractParty(
        role_label=_("甲方（用工方）"),
        name=enterprise.name,
        id_label=id_label,
        id_masked=id_masked,
        phone_masked=mask_phone(enterprise.contact_phone),
        address=enterprise.address,
    )


def _worker_party(engagement: Engagement) -> ContractParty:
    worker = engagement.worker
    return ContractParty(
        role_label=_("乙方（劳务提供方）"),
        name=worker.real_name or str(worker.user),
        id_label=_("身份证号码"),
        id_masked=worker.masked_id_number or "—",
        phone_masked=mask_phone(worker.user.phone),
    )


def _pay_texts(engagement: Engagement) -> tuple[Decimal | None, str]:
    """(pay_amount for the template, pay_text). None means the job was 面议 (negotiable)."""
    unit = PayUnit(engagement.pay_unit).label
    negotiable = engagement.job.pay_unit == PayUnit.NEGOTIABLE
    if engagement.pay_amount <= 0:
        return None, _("待甲方确定（确定前双方不能签署本协议）")
    text = f"{format_yuan(engagement.pay_amount)}/{unit}"
    return (None if negotiable else engagement.pay_amount), text


def _overtime_text(engagement: Engagement) -> str:
    hours = f"{engagement.daily_hours.normalize():f}"
    if engagement.pay_unit == PayUnit.PIECE:
        return _("本协议按件计酬，不另计加班报酬；每日工作时长原则上不超过 %(h)s 小时。") % {"h": hours}
    if engagement.overtime_rate is not None:
        return _("超出每日约定工作时长（%(h)s 小时）的部分，按每小时 %(rate)s 支付加班报酬。") % {
            "h": hours,
            "rate": format_yuan(engagement.overtime_rate),
        }
    hourly = hourly_equivalent(engagement.pay_amount, engagement.pay_unit, engagement.daily_hours)
    if hourly > 0:
        return _(
            "超出每日约定工作时长（%(h)s 小时）的部分，按本协议报酬折算的小时报酬（每小时 %(rate)s）支付。"
        ) % {"h": hours, "rate": format_yuan(hourly)}
    return _("超出每日约定工作时长（%(h)s 小时）的部分，按本协议报酬折算的小时报酬支付。") % {"h": hours}


def _insurance_text(engagement: Engagement) -> str:
    if not engagement.insurance_required:
        return _(
            "本岗位不要求投保意外伤害保险，甲方未为乙方投保；乙方可以自行投保。未投保不影响甲方依法应当承担的责任。"
        )
    rules = policy_for(engagement.market_id)
    return _(
        "甲方通过零工市场平台为乙方投保覆盖全部劳务日的意外伤害保险，承保机构为%(insurer)s，"
        "意外身故及伤残保险金额 %(death)s，意外医疗保险金额 %(medical)s，保险费由甲方承担，"
        "不得从乙方报酬中扣除。保险生效前乙方不上岗。"
    ) % {
        "insurer": rules.insurer_name,
        "death": format_yuan(rules.insurance_death_disability_sum),
        "medical": format_yuan(rules.insurance_medical_sum),
    }


def terms_for(
    engagement: Engagement, *, version: int = 1, created_at: dt.datetime | None = None
) -> ContractTerms:
    """The contract terms of the engagement as it stands now."""
    job = engagement.job
    heavy = _is_heavy(engagement)
    pay_amount, pay_text = _pay_texts(engagement)
    occupations = tuple(o.name for o in job.occupations.order_by("order")) or (engagement.occupation.name,)
    return ContractTerms(
        contract_no=f"{engagement.number}-{version:02d}",
        version=version,
        template_version=TEMPLATE_BY_CHANNEL.get(job.source_channel, TEMPLATE_VERSION),
        created_at=timezone.localtime(created_at or timezone.now()),
        employer=_employer_party(engagement),
        worker=_worker_party(engagement),
        market_name=engagement.market.name,
        arbitration_body=ARBITRATION_BODY,
        job_title=job.title,
        occupation_names=occupations,
        work_content=job.description.strip() or job.title,
        acceptance_standard=ACCEPTANCE_STANDARD,
        place=job.address,
        start_date=engagement.start_date,
        end_date=engagement.end_date,
        daily_start_time=engagement.daily_start_time,
        daily_end_time=engagement.daily_end_time,
        daily_hours=Decimal(engagement.daily_hours),
        pay_amount=pay_amount,
        pay_unit_label=str(PayUnit(engagement.pay_unit).label),
        pay_text=pay_text,
        settlement_cycle_label=str(SettlementCycle(engagement.settlement_cycle).label),
        settlement_date_text=SETTLEMENT_DATE_TEXT[SettlementCycle(engagement.settlement_cycle)],
        overtime_text=_overtime_text(engagement),
        safety_duties=SAFETY_HEAVY if heavy else SAFETY_BASIC,
        protective_equipment=EQUIPMENT_HEAVY if heavy else EQUIPMENT_BASIC,
        insurance_text=_insurance_text(engagement),
    )


def terms_to_json(terms: ContractTerms) -> dict[str, Any]:
    """JSON-safe form (dates, times, datetimes and Decimals as ISO strings)."""

    def default(value: Any) -> str:
        if isinstance(value, dt.datetime | dt.date | dt.time):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        raise TypeError(type(value))

    result: dict[str, Any] = json.loads(json.dumps(dataclasses.asdict(terms), default=default))
    return result


def terms_from_json(data: dict[str, Any]) -> ContractTerms:
    """The inverse of ``terms_to_json``: renders the same bytes as the original terms."""
    values = dict(data)
    values["employer"] = ContractParty(**data["employer"])
    values["worker"] = ContractParty(**data["worker"])
    values["created_at"] = dt.datetime.fromisoformat(data["created_at"])
    values["start_date"] = dt.date.fromisoformat(data["start_date"])
    values["end_date"] = dt.date.fromisoformat(data["end_date"])
    for name in ("daily_start_time", "daily_end_time"):
        values[name] = dt.time.fromisoformat(data[name]) if data.get(name) else None
    values["daily_hours"] = Decimal(data["daily_hours"])
    values["pay_amount"] = Decimal(data["pay_amount"]) if data.get("pay_amount") is not None else None
    values["occupation_names"] = tuple(data["occupation_names"])
    return ContractTerms(**values)


# --- Reading -----------------------------------------------------------------------------------------


def current_contract(engagement: Engagement) -> Contract | None:
    return (
        Contract.objects.filter(engagement=engagement)
        .exclude(status=ContractStatus.SUPERSEDED)
        .order_by("-version")
        .first()
    )


def access_contract_for(actor: Any, contract_id: int) -> tuple[Contract, str]:
    """Fetch the contract and the actor's party (``contracts.access``), with its PDF rendered for reading."""
    contract, party = access.access_contract_for(actor, contract_id)
    return ensure_documents(contract), party


def current_for_engagement(actor: Any, engagement_id: int) -> tuple[Contract, str]:
    engagement = (
        Engagement.objects.select_related("worker__user", "enterprise", "station")
        .filter(pk=engagement_id)
        .first()
    )
    party = party_of(actor, engagement) if engagement is not None else None
    if engagement is None or party is None:
        raise NotFoundError(_("用工单不存在"))
    contract = current_contract(engagement)
    if contract is None:
        raise NotFoundError(_("该用工单尚未生成劳务协议"))
    return ensure_documents(contract), party


def signatures_of(contract: Contract) -> dict[str, ContractSignature]:
    return {s.party: s for s in contract.signatures.select_related("user")}


# --- Creating versions -------------------------------------------------------------------------------


def _open_version(engagement: Engagement, version: int, actor: User | None) -> Contract:
    """Commit the intent: the version and the terms it will be rendered from (no PDF yet)."""
    now = timezone.now()
    terms = terms_for(engagement, version=version, created_at=now)
    contract = Contract.objects.create(
        engagement=engagement,
        version=version,
        template_version=terms.template_version,
        terms=terms_to_json(terms),
        pdf=b"",
        pdf_sha256="",
        created_at=now,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record(
        "contract.created",
        engagement,
        actor,
        obj=contract,
        version=version,
        template_version=contract.template_version,
    )
    return contract


def open_first_version(*, engagement: Engagement, actor: User | None) -> Contract:
    """Version 1 for a new engagement (the caller holds the engagement's transaction)."""
    existing = Contract.objects.filter(engagement=engagement).order_by("-version").first()
    if existing is not None:
        return existing
    return _open_version(engagement, 1, actor)


def open_next_version(*, engagement: Engagement, actor: User) -> Contract:
    """New terms were applied to the (locked) engagement: the old version is void, a new one opens."""
    previous = (
        Contract.objects.select_for_update()
        .filter(engagement=engagement)
        .exclude(status=ContractStatus.SUPERSEDED)
        .order_by("-version")
        .first()
    )
    if previous is not None:
        CONTRACT_LIFECYCLE.advance(
            previous,
            ContractStatus.SUPERSEDED,
            actor=actor,
            stamp="superseded_at",
            market=engagement.market_id,
            data={"engagement_id": engagement.pk, "version": previous.version},
        )
    last = (
        Contract.objects.filter(engagement=engagement)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
        or 0
    )
    contract = _open_version(engagement, last + 1, actor)
    title = _("劳务协议已更新，请重新签署")
    body = _("“%(title)s”的协议条款已变更（第 %(v)s 版），双方需重新签署后方可开工。") % {
        "title": engagement.job.title,
        "v": contract.version,
    }
    _notify(
        engagement,
        contract,
        [Party.WORKER, Party.EMPLOYER],
        "contract_amended",
        title,
        body,
        link_text=_("去重新签署"),
    )
    return contract


def check_amendable(engagement: Engagement, changes: dict[str, Any]) -> None:
    if engagement.status not in AMENDABLE_STATUSES:
        raise ConflictError(
            _("开工后不能修改条款；如需调整，请协商提前结束后重新录用。"), code="invalid_transition"
        )
    if not changes:
        raise InvalidInput(_("请至少修改一项条款。"), errors={"__all__": [_("没有需要修改的条款")]})


# --- Rendering, outside any lock ---------------------------------------------------------------------


def ensure_documents(contract: Contract) -> Contract:
    """The contract with its PDF rendered (needed to read or sign it); the signed PDF is rendered by its
    task after both signed, or by ``ensure_signed_rendered`` when someone downloads it first."""
    if not contract.pdf_sha256:
        contract = ensure_rendered(contract_id=contract.pk)
    return contract


def ensure_rendered(*, contract_id: int) -> Contract:
    """Render the version's PDF from its stored terms once (idempotent, keyed by the contract row)."""
    contract = Contract.objects.select_related("engagement").get(pk=contract_id)
    if contract.pdf_sha256:
        return contract
    pdf = render_contract_pdf(terms_from_json(contract.terms))
    digest = sha256_hex(pdf)
    with transaction.atomic():
        stored = Contract.objects.filter(pk=contract_id, pdf_sha256="").update(pdf=pdf, pdf_sha256=digest)
        if stored:
            record(
                "contract.rendered",
                contract.engagement,
                None,
                obj=contract,
                version=contract.version,
                pdf_sha256=digest,
            )
    return Contract.objects.select_related("engagement").get(pk=contract_id)


def ensure_signed_rendered(*, contract_id: int) -> Contract:
    """Render the signed PDF (both signatures and the hash) once both sides signed (also for a version
    superseded since: it stays downloadable as it was signed)."""
    contract = Contract.objects.select_related("engagement").get(pk=contract_id)
    if contract.completed_at is None or contract.signed_pdf_sha256:  # not signed by both, or rendered
        return contract
    marks = [_mark(s, contract) for s in signatures_of(contract).values()]
    signed_pdf = render_signed_contract_pdf(terms_from_json(contract.terms), marks, contract.pdf_sha256)
    digest = sha256_hex(signed_pdf)
    with transaction.atomic():
        stored = Contract.objects.filter(pk=contract_id, signed_pdf_sha256="").update(
            signed_pdf=signed_pdf, signed_pdf_sha256=digest
        )
        if stored:
            record(
                "contract.signed_rendered",
                contract.engagement,
                None,
                obj=contract,
                version=contract.version,
                signed_pdf_sha256=digest,
            )
    return Contract.objects.select_related("engagement").get(pk=contract_id)


# --- Signing -----------------------------------------------------------------------------------------


def _notify(
    engagement: Engagement,
    contract: Contract,
    parties: list[str],
    kind: str,
    title: str,
    body: str,
    *,
    link_text: str,
) -> None:
    """The parties; the link opens this contract version (where it is signed or downloaded)."""
    url = contract_url(contract.pk)
    users = []
    if Party.WORKER in parties:
        users.append(engagement.worker.user)
    if Party.EMPLOYER in parties:
        users.extend(employer_users(engagement))
    for user in users:
        notify(user=user, kind=kind, title=title, body=body, url=url, link_text=link_text)


def _signer_party(party: str) -> str:
    if party == Party.WORKER:
        return SignerParty.WORKER
    if party == Party.EMPLOYER:
        return SignerParty.EMPLOYER
    raise PermissionDeniedError(_("只有协议双方本人可以签署，工作人员不能代为签署。"))


def _check_signable(contract: Contract, engagement: Engagement, signer: str, pdf_sha256: str | None) -> None:
    if contract.status != ContractStatus.PENDING:
        if contract.status == ContractStatus.SUPERSEDED:
            raise ConflictError(_("该版本协议已作废，请查看并签署最新版本。"), code="superseded")
        raise ConflictError(_("协议已由双方签署完成。"), code="already_signed")
    if engagement.status != EngagementStatus.CONTRACT_PENDING:
        raise ConflictError(
            _("用工单当前状态为“%(status)s”，不能签署协议。")
            % {"status": EngagementStatus(engagement.status).label},
            code="invalid_transition",
        )
    if engagement.pay_amount <= 0:
        raise ConflictError(
            _("该岗位报酬为面议，请用工方先修改条款、填写双方约定的报酬后再签署。"), code="pay_not_set"
        )
    if contract.signatures.filter(party=signer).exists():
        raise ConflictError(_("您已签署过该协议，无需重复签署。"), code="already_signed")
    if pdf_sha256 is not None and pdf_sha256.strip().lower() != contract.pdf_sha256:
        raise ConflictError(_("协议内容已更新，请重新查看。"), code="document_changed")


def request_signing_code(*, actor: User, contract_id: int) -> None:
    """Text a one-time code to the signer's own phone (the worker, or a member of the employer)."""
    contract, party = access_contract_for(actor, contract_id)
    signer = _signer_party(party)
    _check_signable(contract, contract.engagement, signer, None)
    send_signing_code(actor)


@dataclasses.dataclass(frozen=True)
class SignatureResult:
    signature: ContractSignature
    contract: Contract
    engagement: Engagement
    completed: bool  # both sides have now signed this version


def check_signing_code(*, actor: User, contract_id: int, code: str, pdf_sha256: str) -> Contract:
    """Before the signing transaction: the signer may sign, and the code is right (not consumed yet).

    A wrong guess is counted and committed here even though the request then fails.
    """
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDeniedError(_("请先登录。"), code="not_authenticated")
    contract, party = access_contract_for(actor, contract_id)
    signer = _signer_party(party)
    _check_signable(contract, contract.engagement, signer, pdf_sha256)
    verify_signing_code(actor, code, consume=False)
    return contract


def record_signature(
    *,
    actor: User,
    contract_id: int,
    engagement_id: int,
    code: str,
    pdf_sha256: str,
    ip: str | None,
    user_agent: str,
) -> SignatureResult:
    """Inside the orchestrator's transaction: lock, check again, consume the code, store the signature.

    When both sides have signed, the version becomes SIGNED; its signed PDF is rendered after commit.
    """
    engagement, party = lock_for(actor, engagement_id, Party.WORKER, Party.EMPLOYER)
    contract = Contract.objects.select_for_update().get(pk=contract_id)
    signer = _signer_party(party)
    _check_signable(contract, engagement, signer, pdf_sha256)
    verify_signing_code(actor, code, consume=True)
    signature = ContractSignature.objects.create(
        contract=contract,
        party=signer,
        user=actor,
        signed_at=timezone.now(),
        ip=clean_ip(ip),
        user_agent=(user_agent or "")[:USER_AGENT_MAX],
        pdf_sha256=contract.pdf_sha256,
    )
    record(
        "contract.signed",
        engagement,
        actor,
        obj=contract,
        version=contract.version,
        party=signer,
        signature=signature.pk,
        pdf_sha256=contract.pdf_sha256,
        ip=mask_ip(signature.ip),
    )
    completed = set(signatures_of(contract)) == {SignerParty.WORKER, SignerParty.EMPLOYER}
    if completed:
        _complete(contract, engagement, actor)
    else:
        other = Party.EMPLOYER if signer == SignerParty.WORKER else Party.WORKER
        _notify(
            engagement,
            contract,
            [other],
            "contract_your_turn",
            _("请签署劳务协议"),
            _("对方已签署“%(title)s”的劳务协议（第 %(v)s 版），请您查看并签署。")
            % {"title": engagement.job.title, "v": contract.version},
            link_text=_("去签署劳务协议"),
        )
    return SignatureResult(signature, contract, engagement, completed)


PARTY_LABELS = {SignerParty.EMPLOYER: "甲方", SignerParty.WORKER: "乙方"}


def _mark(signature: ContractSignature, contract: Contract) -> SignatureMark:
    user = signature.user
    if signature.party == SignerParty.WORKER:
        name = mask_name(contract.terms["worker"]["name"])
    else:
        person = mask_name(user.display_name) or mask_phone(user.phone)
        name = f"{contract.terms['employer']['name']}（{person}）"
    return SignatureMark(
        party_label=PARTY_LABELS[SignerParty(signature.party)],
        signer_name=name,
        signed_at=timezone.localtime(signature.signed_at),
        method=SIGNING_METHOD,
        ip_masked=mask_ip(signature.ip),
        document_sha256=signature.pdf_sha256,
    )


def _complete(contract: Contract, engagement: Engagement, actor: User) -> None:
    CONTRACT_LIFECYCLE.advance(
        contract,
        ContractStatus.SIGNED,
        actor=actor,
        action="contract.completed",
        stamp="completed_at",
        market=engagement.market_id,
        data={"engagement_id": engagement.pk, "version": contract.version, "pdf_sha256": contract.pdf_sha256},
    )
    _notify(
        engagement,
        contract,
        [Party.WORKER, Party.EMPLOYER],
        "contract_completed",
        _("劳务协议已签署完成"),
        _("“%(title)s”的劳务协议（第 %(v)s 版）已由双方签署，可在协议页面下载。")
        % {"title": engagement.job.title, "v": contract.version},
        link_text=_("查看并下载协议"),
    )
