"""One lifecycle helper for every stateful model (pretix's order services, one table per model).

A ``Lifecycle`` holds the allowed (from, to) pairs of one status field as data. ``advance`` is the one
place that writes that field: it checks the pair, stamps the time, saves, appends the audit entry and
queues the realtime events for after commit. ``advance_many`` does the same for a queryset (bulk
changes such as "cancel every scheduled shift"). Nothing else assigns a status field; a test scans the
code for it (``lingong/audit/tests/test_lifecycle_scan.py``).

It lives in ``audit`` (the layer just above ``core``) because every transition is also a trail entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.audit import trail
from lingong.core.errors import ConflictError
from lingong.core.events import send_event_on_commit

Event = tuple[Iterable[str], dict[str, Any]]


@dataclass(frozen=True)
class Lifecycle:
    """The allowed transitions of ``model.<status_field>``.

    ``name`` prefixes the default audit action (``"engagement"`` -> ``"engagement.signed"``);
    ``labels`` turns a status value into the Chinese word shown in the refusal message.
    """

    name: str
    transitions: frozenset[tuple[str, str]]
    labels: Mapping[str, str] = field(default_factory=dict)
    status_field: str = "status"
    subject: str = ""  # e.g. "用工单"; used in the refusal message

    @classmethod
    def of(
        cls,
        name: str,
        pairs: Iterable[tuple[Any, Any]],
        *,
        choices: type[models.TextChoices] | None = None,
        status_field: str = "status",
        subject: str = "",
    ) -> Lifecycle:
        labels = {str(v): str(label) for v, label in choices.choices} if choices is not None else {}
        return cls(
            name=name,
            transitions=frozenset((str(a), str(b)) for a, b in pairs),
            labels=labels,
            status_field=status_field,
            subject=subject,
        )

    # --- reading -----------------------------------------------------------------------------------

    def allows(self, current: Any, to: Any) -> bool:
        return (str(current), str(to)) in self.transitions

    def sources_of(self, to: Any) -> set[str]:
        """Every status from which ``to`` may be reached."""
        return {a for a, b in self.transitions if b == str(to)}

    def label(self, value: Any) -> str:
        return self.labels.get(str(value), str(value))

    def guard(self, obj: models.Model, to: Any) -> None:
        """Raise 409 ``invalid_transition`` unless the object may move to ``to``."""
        current = getattr(obj, self.status_field)
        if not self.allows(current, to):
            raise ConflictError(self.refusal(current), code="invalid_transition")

    def refusal(self, current: Any) -> str:
        return _("%(subject)s当前状态为“%(status)s”，不能进行此操作。") % {
            "subject": self.subject or _("记录"),
            "status": self.label(current),
        }

    # --- writing -----------------------------------------------------------------------------------

    def assign(self, obj: models.Model, to: Any) -> str:
        """Guard and set the status without saving; return the status it had.

        For a transition that rewrites the whole row (check-in sets a dozen fields): the caller saves
        the row and writes the trail entry of the step in the same transaction.
        """
        self.guard(obj, to)
        previous = str(getattr(obj, self.status_field))
        setattr(obj, self.status_field, to)
        return previous

    def advance(
        self,
        obj: models.Model,
        to: Any,
        *,
        actor: Any,
        action: str | None = None,
        data: dict[str, Any] | None = None,
        audit_obj: models.Model | None = None,
        stamp: str | None = None,
        fields: Iterable[str] = (),
        events: Iterable[Event] = (),
        audit: bool = True,
        result: str = "ok",
        market: Any = None,
    ) -> str:
        """Move one (locked) object to ``to``; return the status it had.

        ``fields`` are other attributes the caller set on ``obj`` for this transition, saved in the same
        write. ``stamp`` names a datetime field set to now. ``audit=False`` is for rows that are not
        part of the trail (an outbox message's delivery attempts); ``result`` marks a failure ("error");
        ``market`` names the audit chain when neither the object nor the actor carries a market.
        """
        previous = self.assign(obj, to)
        update = [self.status_field, *fields]
        if stamp:
            setattr(obj, stamp, timezone.now())
            update.append(stamp)
        if _has_field(obj, "updated_at"):
            update.append("updated_at")
        obj.save(update_fields=list(dict.fromkeys(update)))
        if audit:
            trail.record(
                action=action or f"{self.name}.{to}",
                obj=audit_obj or obj,
                actor=actor,
                data={"from": previous, "to": str(to), **(data or {})},
                result=result,
                market=market,
            )
        for groups, payload in events:
            send_event_on_commit(groups, payload)
        return previous

    def advance_many(self, queryset: models.QuerySet[Any], to: Any, **extra: Any) -> int:
        """Move every row of ``queryset`` whose status may reach ``to``; return how many moved.

        For bulk changes the caller audits the whole batch once (for example ``shift.lapsed``).
        """
        sources = self.sources_of(to)
        values: dict[str, Any] = {self.status_field: to, **extra}
        if _has_field(queryset.model, "updated_at"):
            values.setdefault("updated_at", timezone.now())
        return queryset.filter(**{f"{self.status_field}__in": sources}).update(**values)


def _has_field(model: Any, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:
        return False
    return True
