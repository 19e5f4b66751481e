from __future__ import annotations

from django.db.models import Model, QuerySet

from lingong.audit.models import AuditEntry


def trail_for(obj: Model) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("id")
