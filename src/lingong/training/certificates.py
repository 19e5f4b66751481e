"""Training certificates (培训合格证书): issued with the pass, rendered to PDF after commit, verified in
public by their token, revoked by staff; and the certificate that goes into the worker's profile.

- A certificate the provider's pass confers (its type is not a national one) is added to the worker's
  profile at once, verified by the person who entered the result.
- A national certificate (special operations, special equipment, driving) is issued by an authority after
  its own exam: staff in scope check it and record its official number and expiry
  (``record_official``); that adds the verified certificate to the profile.

The PDF is rendered by ``tasks.render_certificate_pdf`` (its idempotency key is the certificate row: a
stored PDF is never rendered again) outside any transaction, and stored in a short one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

import segno
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.audit import trail
from lingong.core.errors import ConflictError, InvalidInput
from lingong.core.pdf import MUTED_COLOR, TEXT_COLOR, PdfDocument, format_date_cn
from lingong.core.siteurl import absolute_url
from lingong.org.models import Market
from lingong.taxonomy.models import CertificateType
from lingong.training.attendance import hours_attended
from lingong.training.models import (
    CERTIFICATE_LIFECYCLE,
    CertificateStatus,
    Enrolment,
    TrainingCertificate,
)
from lingong.training.permissions import certificate_for
from lingong.workers.models import WorkerCertificate
from lingong.workers.services import refuse_certificate_number_of_another

# Certificates issued by an authority after its own exam, never by the training school's pass.
NATIONAL_KINDS = frozenset({"special_operations", "special_equipment", "driving"})


def is_national(ctype: CertificateType | None) -> bool:
    return ctype is not None and ctype.kind in NATIONAL_KINDS


def verify_url(cert: TrainingCertificate) -> str:
    return absolute_url(reverse("training:certificate_verify", args=[cert.verify_token]))


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _next_number(market_id: int, year: int) -> str:
    """``LG01-2026-000123``: per market and year, in order. The caller holds the market row's lock."""
    prefix = f"LG{market_id:02d}-{year}-"
    last = (
        TrainingCertificate.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:06d}"


def issue(*, enrolment: Enrolment, actor: Any) -> TrainingCertificate:
    """The certificate of a pass, inside the result's transaction (the enrolment row is locked)."""
    existing = TrainingCertificate.objects.filter(enrolment=enrolment).first()
    if existing is not None:
        return existing
    course = enrolment.course
    Market.objects.select_for_update().filter(pk=course.market_id).first()  # numbers in order
    today = timezone.localdate()
    ctype = course.certificate_type
    expires_on = _add_years(today, ctype.validity_years) if ctype and ctype.validity_years else None
    cert = TrainingCertificate.objects.create(
        enrolment=enrolment,
        number=_next_number(course.market_id, today.year),
        verify_token=secrets.token_urlsafe(32),
        issued_on=today,
        expires_on=expires_on,
        issued_by=actor,
    )
    if ctype is not None and not is_national(ctype):
        cert.worker_certificate = WorkerCertificate.objects.create(
            worker=enrolment.worker,
            certificate_type=ctype,
            number=cert.number,
            issuer=course.provider.name[:100],
            issued_on=today,
            expires_on=expires_on,
            verified_by=actor,
            verified_at=timezone.now(),
        )
        cert.save(update_fields=["worker_certificate"])
    trail.record(
        action="training_certificate.issued",
        obj=cert,
        actor=actor,
        data={"number": cert.number, "enrolment": enrolment.pk, "on_profile": cert.worker_certificate_id},
        market=course.market_id,
    )
    return cert


def record_official(
    *, actor: Any, certificate_id: int, number: str, expires_on: dt.date | None
) -> TrainingCertificate:
    """Staff in scope record the national certificate's official number and expiry after checking it."""
    cert = certificate_for(actor, certificate_id, manage=True)
    ctype = cert.enrolment.course.certificate_type
    if ctype is None or not is_national(ctype):
        raise ConflictError(_("该培训证书不对应国家职业资格类证书，无需登记官方证书。"), code="not_national")
    number = (number or "").strip()
    errors: dict[str, list[str]] = {}
    if not 4 <= len(number) <= 64:
        errors["number"] = [_("请填写4至64位官方证书编号")]
    if expires_on is None:
        errors["expires_on"] = [_("请填写官方证书有效期")]
    elif expires_on <= timezone.localdate():
        errors["expires_on"] = [_("有效期已过，不能登记过期的证书")]
    if errors:
        raise InvalidInput(_("官方证书信息有误"), errors=errors)
    with transaction.atomic():
        locked = TrainingCertificate.objects.select_for_update().get(pk=cert.pk)
        if locked.status != CertificateStatus.VALID:
            raise ConflictError(_("证书已撤销，不能登记官方证书。"), code="certificate_revoked")
        if locked.official_recorded_at is not None:
            raise ConflictError(_("官方证书已登记。"), code="already_recorded")
        CertificateType.objects.select_for_update().filter(pk=ctype.pk).first()
        worker = cert.enrolment.worker
        refuse_certificate_number_of_another(ctype=ctype, number=number, worker_id=worker.pk)
        now = timezone.now()
        locked.worker_certificate = WorkerCertificate.objects.create(
            worker=worker,
            certificate_type=ctype,
            number=number,
            issuer=ctype.issuer_hint[:100],
            expires_on=expires_on,
            verified_by=actor,
            verified_at=now,
        )
        locked.official_recorded_at = now
        locked.save(update_fields=["worker_certificate", "official_recorded_at"])
        trail.record(
            action="training_certificate.official_recorded",
            obj=locked,
            actor=actor,
            data={"type": ctype.pk, "expires_on": expires_on.isoformat() if expires_on else None},
            market=cert.enrolment.course.market_id,
        )
    return locked


def revoke(*, actor: Any, certificate_id: int, reason: str) -> TrainingCertificate:
    """Staff in scope revoke a certificate (the public page then says 已撤销). A certificate the pass put on
    the profile leaves it; an official national certificate is the authority's and stays."""
    cert = certificate_for(actor, certificate_id, manage=True)
    reason = (reason or "").strip()
    if not 2 <= len(reason) <= 200:
        message = _("请填写撤销原因（2至200字）")
        raise InvalidInput(message, errors={"reason": [message]})
    with transaction.atomic():
        locked = TrainingCertificate.objects.select_for_update().get(pk=cert.pk)
        locked.revoked_reason = reason
        CERTIFICATE_LIFECYCLE.advance(
            locked,
            CertificateStatus.REVOKED,
            actor=actor,
            stamp="revoked_at",
            fields=["revoked_reason"],
            data={"reason": reason},
            market=cert.enrolment.course.market_id,
        )
        ctype = cert.enrolment.course.certificate_type
        if locked.worker_certificate_id and not is_national(ctype):
            WorkerCertificate.objects.filter(pk=locked.worker_certificate_id).delete()
    return locked


def state(cert: TrainingCertificate, today: dt.date | None = None) -> str:
    """valid / revoked / expired, for the public page."""
    if cert.status == CertificateStatus.REVOKED:
        return "revoked"
    today = today or timezone.localdate()
    if cert.expires_on is not None and cert.expires_on < today:
        return "expired"
    return "valid"


STATE_LABELS = {"valid": _("有效"), "revoked": _("已撤销"), "expired": _("已过期")}


# --- The PDF --------------------------------------------------------------------------------------------


class CertificatePdf(PdfDocument):
    def qr(self, url: str, x: float, y: float, size: float) -> None:
        """A QR code of ``url`` drawn as vector squares (no image library), ``size`` mm square."""
        code = segno.make(url, error="m")
        rows = [list(row) for row in code.matrix]
        border = 2
        cell = size / (len(rows) + 2 * border)
        pdf = self._pdf
        pdf.set_fill_color(0, 0, 0)
        for r, row in enumerate(rows):
            for c, dark in enumerate(row):
                if dark:
                    pdf.rect(x + (c + border) * cell, y + (r + border) * cell, cell, cell, style="F")

    def centred(self, text: str, size: float, line: float, *, bold: bool = False) -> None:
        self._set_font("B" if bold else "", size)
        self._lines(self._wrap(self._clean(text), self._content_width), line, align="C")


def render_pdf(cert: TrainingCertificate) -> bytes:
    enrolment = cert.enrolment
    course = enrolment.course
    worker = enrolment.worker
    created_at = timezone.make_aware(dt.datetime.combine(cert.issued_on, dt.time(9, 0)))
    doc = CertificatePdf(
        title=f"{_('培训合格证书')} {cert.number}", created_at=created_at, subject=course.title
    )
    doc._pdf.set_y(26)
    doc.centred(str(_("培训合格证书")), 28, 14, bold=True)
    doc._space(2)
    doc.centred(course.provider.name, 13, 7)
    doc._space(6)
    doc.paragraph(
        _("%(name)s 同志于 %(start)s 至 %(end)s 参加“%(course)s”培训，经考核成绩合格，特发此证。")
        % {
            "name": worker.real_name or str(worker),
            "start": format_date_cn(course.start_date),
            "end": format_date_cn(course.end_date),
            "course": course.title,
        }
    )
    doc._space(3)
    rows = [
        (str(_("姓名")), worker.real_name or str(worker)),
        (str(_("培训班")), f"{course.title}（{course.code}）"),
        (str(_("培训工种")), course.occupation.name),
        (str(_("培训机构")), course.provider.name),
        (str(_("培训时间")), f"{format_date_cn(course.start_date)} 至 {format_date_cn(course.end_date)}"),
        (str(_("出勤学时")), _("%(h)s 学时") % {"h": hours_attended(enrolment)}),
        (
            str(_("考核结果")),
            _("合格（%(score)s 分）") % {"score": enrolment.score}
            if enrolment.score is not None
            else _("合格"),
        ),
        (str(_("证书编号")), cert.number),
        (str(_("发证日期")), format_date_cn(cert.issued_on)),
        (str(_("有效期至")), format_date_cn(cert.expires_on) if cert.expires_on else str(_("长期"))),
    ]
    if course.certificate_type is not None:
        rows.insert(3, (str(_("对应证书")), course.certificate_type.name))
    doc.key_value_table(rows, label_width=30)
    size = 48.0
    y = max(doc._pdf.get_y() + 8, 200.0)
    doc.qr(verify_url(cert), (doc._pdf.w - size) / 2, y, size)
    doc._pdf.set_y(y + size + 2)
    doc._pdf.set_text_color(*TEXT_COLOR)
    doc.centred(str(_("扫码核验证书真伪")), 11, 6, bold=True)
    doc._pdf.set_text_color(*MUTED_COLOR)
    doc.centred(verify_url(cert), 8, 4.5)
    doc._pdf.set_text_color(*TEXT_COLOR)
    return doc.output()


def _load(certificate_id: int) -> TrainingCertificate | None:
    return (
        TrainingCertificate.objects.select_related(
            "enrolment__course__provider",
            "enrolment__course__occupation",
            "enrolment__course__certificate_type",
            "enrolment__worker",
        )
        .filter(pk=certificate_id)
        .first()
    )


def store_pdf(certificate_id: int) -> bool:
    """Render and store the PDF unless it is stored already (the task's idempotency); True if it stored."""
    cert = _load(certificate_id)
    if cert is None or cert.pdf is not None:
        return False
    body = render_pdf(cert)  # slow: outside any transaction or lock
    with transaction.atomic():
        locked = TrainingCertificate.objects.select_for_update().filter(pk=certificate_id).first()
        if locked is None or locked.pdf is not None:
            return False
        locked.pdf = body
        locked.pdf_sha256 = hashlib.sha256(body).hexdigest()
        locked.save(update_fields=["pdf", "pdf_sha256"])
    return True


def pdf_for(user: Any, certificate_id: int) -> tuple[TrainingCertificate, bytes]:
    """The PDF for its holder, the provider or staff in scope; rendered now if the task has not yet."""
    cert = certificate_for(user, certificate_id)
    if cert.pdf is None:
        store_pdf(cert.pk)
        cert.refresh_from_db(fields=["pdf", "pdf_sha256"])
    return cert, bytes(cert.pdf or b"")


def public_view(token: str) -> dict[str, Any] | None:
    """What the public verification page shows: no ID number, phone or photo; a masked name."""
    cert = (
        TrainingCertificate.objects.select_related(
            "enrolment__course__provider", "enrolment__course__certificate_type", "enrolment__worker"
        )
        .filter(verify_token=token)
        .first()
        if token
        else None
    )
    if cert is None:
        return None
    course = cert.enrolment.course
    st = state(cert)
    return {
        "state": st,
        "state_label": str(STATE_LABELS[st]),
        "number": cert.number,
        "course": course.title,
        "certificate_type": course.certificate_type.name if course.certificate_type else "",
        "provider": course.provider.name,
        "issued_on": cert.issued_on,
        "expires_on": cert.expires_on,
        "revoked_at": cert.revoked_at,
        "masked_name": cert.enrolment.worker.masked_name,
    }
