"""The log of reads of unmasked ID numbers and phones (PIPL art. 51, 55: access control and records).

Staff see numbers masked by default; "显示完整号码" asks for a reason and writes one ``SensitiveRead`` row
before the number is shown. A payroll export with full ID numbers (the withholding declaration) writes one
row for the file. Who may read what is decided above (staff, settlement); this module only checks the
reason and records.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.audit.models import ReadReason, SensitiveField, SensitiveRead
from lingong.core.errors import InvalidInput

NOTE_MAX = 200


def clean_reason(reason: Any, note: Any) -> tuple[str, str]:
    """A reason from the list, and a note (required for "other"); refuses anything else with 422."""
    errors: dict[str, list[str]] = {}
    reason_text = reason.strip() if isinstance(reason, str) else ""
    note_text = " ".join(note.split()) if isinstance(note, str) else ""
    if reason_text not in ReadReason.values:
        errors["reason"] = [_("请选择查看完整号码的原因")]
    elif reason_text == ReadReason.OTHER and len(note_text) < 2:
        errors["note"] = [_("选择“其他”时请说明原因")]
    if len(note_text) > NOTE_MAX:
        errors["note"] = [_("说明不能超过 %(n)s 个字") % {"n": NOTE_MAX}]
    if errors:
        raise InvalidInput(_("请说明查看完整号码的原因。"), errors=errors)
    return reason_text, note_text


def record_read(
    *,
    actor: Any,
    field: str,
    subject: Model,
    subject_user: Any = None,
    subject_label: str = "",
    reason: str,
    note: str = "",
    count: int = 1,
    market_id: int | None = None,
    ip: str | None = None,
) -> SensitiveRead:
    """Append one read. ``reason``/``note`` are checked here, so no caller can log a read without them."""
    if field not in SensitiveField.values:
        raise ValueError(f"unknown sensitive field {field!r}")
    reason, note = clean_reason(reason, note)
    if market_id is None:
        market_id = getattr(subject, "market_id", None) or getattr(actor, "market_id", None)
    return SensitiveRead.objects.create(
        at=timezone.now(),
        actor=actor,
        actor_label=f"user:{actor.pk}:{actor.role}",
        actor_role=actor.role,
        market_id=market_id,
        station_id=getattr(actor, "station_id", None),
        centre_id=getattr(actor, "centre_id", None),
        subject_user=subject_user,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        subject_label=subject_label[:100],
        field=field,
        count=count,
        reason=reason,
        note=note,
        ip=ip,
    )
