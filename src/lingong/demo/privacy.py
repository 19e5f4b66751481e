"""Demo reads of full numbers (issue 9): the boss exports this month's payroll with full ID numbers (the
withholding declaration), station staff look up 江小军's phone to tell him where to meet, centre staff check
李建国's ID number for his insurance. Each goes through the real services, so each is a logged read."""

from __future__ import annotations

from lingong.accounts.models import User
from lingong.audit.models import ReadReason, SensitiveField
from lingong.core.errors import NotFoundError
from lingong.demo.cast import CENTRE_STAFF_PHONE, EMPLOYER_PHONE, JIANG_PHONE, LI_PHONE, STATION_STAFF_PHONE
from lingong.demo.context import DemoContext
from lingong.settlement import services as settlement_services
from lingong.settlement.models import Statement, StatementStatus
from lingong.staff import sensitive
from lingong.workers.models import WorkerProfile


def add_sensitive_reads(ctx: DemoContext) -> None:
    users = {u.phone: u for u in User.objects.filter(phone__in=[CENTRE_STAFF_PHONE, STATION_STAFF_PHONE])}
    boss = User.objects.get(phone=EMPLOYER_PHONE)
    paid = (
        Statement.objects.filter(enterprise__members__user=boss, status=StatementStatus.PAID)
        .order_by("pk")
        .first()
    )
    if paid is not None:
        settlement_services.payroll_xlsx(
            actor=boss, enterprise_id=paid.enterprise_id, month=paid.payment_month
        )
    jiang = WorkerProfile.objects.get(user__phone=JIANG_PHONE)
    li = WorkerProfile.objects.get(user__phone=LI_PHONE)
    reads = 1 if paid is not None else 0
    looks = (
        (STATION_STAFF_PHONE, jiang, SensitiveField.PHONE, ReadReason.CONTACT_WORKER, "通知明早改到东门集合"),
        (CENTRE_STAFF_PHONE, li, SensitiveField.ID_NUMBER, ReadReason.VERIFY_IDENTITY, "核对意外险投保信息"),
    )
    for phone, worker, field, reason, note in looks:
        try:
            sensitive.reveal_worker(
                actor=users[phone], worker_id=worker.pk, field=field, reason=reason, note=note
            )
        except NotFoundError:  # the worker is outside this staff member's station or centre
            continue
        reads += 1
    ctx.counts["sensitive_reads"] = reads
