"""``{% cert_unlocks worker %}``: the worker's "学个证，多接活" card on lower apps' pages.

The worker's profile (workers) and the job list (jobs) load this library by name, so the card renders with
the page while those apps import nothing from skills (as workflow's ``chain_todo``). One call of
``unlocks_for_worker`` per page; nothing is rendered when there is nothing to unlock.
"""

from __future__ import annotations

from typing import Any

from django import template

from lingong.skills.display import course_url, pay_text
from lingong.skills.selectors import unlocks_for_worker

register = template.Library()

SHOWN = 3


@register.inclusion_tag("skills/_cert_unlocks.html")
def cert_unlocks(worker: Any) -> dict[str, Any]:
    if worker is None:
        return {"unlocks": []}
    unlocks = unlocks_for_worker(worker, limit=SHOWN)
    return {
        "unlocks": [{"unlock": u, "pay": pay_text(u), "url": course_url(u.certificate_code)} for u in unlocks]
    }
