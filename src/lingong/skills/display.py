"""How the figures read in Chinese: the pay range of an unlock, the requirement of a gap row."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lingong.core.money import format_yuan
from lingong.skills.selectors import CertificateUnlock, GapRow
from lingong.taxonomy.models import PayUnit


def pay_text(unlock: CertificateUnlock) -> str:
    """``日薪 200–300 元``; one figure when the range is one value; ``薪资面议`` when no job names its pay."""
    if unlock.pay_min is None or unlock.pay_max is None:
        return _("薪资面议")
    if unlock.pay_min == unlock.pay_max:
        amount = format_yuan(unlock.pay_min)
    else:
        amount = f"{format_yuan(unlock.pay_min)}–{format_yuan(unlock.pay_max)}"
    labels = {
        PayUnit.HOUR: _("时薪 %(amount)s 元"),
        PayUnit.DAY: _("日薪 %(amount)s 元"),
        PayUnit.MONTH: _("月薪 %(amount)s 元"),
        PayUnit.PIECE: _("计件 %(amount)s 元/件"),
    }
    return labels.get(unlock.pay_unit, _("%(amount)s 元")) % {"amount": amount}  # type: ignore[call-overload]


def requirement_label(row: GapRow) -> str:
    return row.certificate_name or _("技能（无需证书）")


def course_url(certificate_code: str) -> str:
    """The training app's course list for a certificate: a plain path, so this app imports nothing of it."""
    return f"/training/courses/?certificate={certificate_code}"
