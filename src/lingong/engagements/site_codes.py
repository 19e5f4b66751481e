"""Site check-in codes (现场签到码): a signed, time-limited token the employer shows or prints at the site.

A worker whose phone cannot give a location scans it to check in or out. The token names one engagement
or one job (every worker hired for it) and when it stops working; it is signed with the project's secret
key (Django's signing), so it cannot be made up or changed, and it is checked again at every use. It
holds no personal data: the worker still has to be signed in as the engaged worker.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.core.errors import ConflictError, InvalidInput

SALT = "lingong.engagements.site-code"
ENGAGEMENT = "e"
JOB = "j"

# How long a code works: shown on a screen for today, or printed and posted for the whole period.
DAY = "day"
PERIOD = "period"
VALIDITIES = (DAY, PERIOD)


@dataclass(frozen=True)
class SiteCode:
    scope: str  # ENGAGEMENT or JOB
    object_id: int
    expires_at: dt.datetime
    token: str

    @property
    def is_job(self) -> bool:
        return self.scope == JOB


def expiry(validity: str, *, end_date: dt.date, now: dt.datetime) -> dt.datetime:
    """A day code works for 24 hours; a period code until noon after the last working day (a night
    shift of the last day ends the next morning)."""
    if validity == DAY:
        return now + dt.timedelta(hours=24)
    if validity == PERIOD:
        noon = dt.datetime.combine(end_date + dt.timedelta(days=1), dt.time(12, 0))
        return max(timezone.make_aware(noon), now + dt.timedelta(hours=24))
    raise InvalidInput(_("有效期无效。"), errors={"validity": [_("请选择当天有效或用工期内有效")]})


def issue(scope: str, object_id: int, expires_at: dt.datetime) -> SiteCode:
    payload = {"s": scope, "i": object_id, "x": int(expires_at.timestamp())}
    token = signing.dumps(payload, salt=SALT, compress=True)
    return SiteCode(scope, object_id, expires_at, token)


def read(token: str, *, now: dt.datetime) -> SiteCode:
    """The code the token stands for; refused when it was not made here or has expired."""
    try:
        payload = signing.loads(str(token or "")[:400], salt=SALT)
        scope, object_id, expires = payload["s"], int(payload["i"]), int(payload["x"])
        if scope not in (ENGAGEMENT, JOB):
            raise ValueError(scope)
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise InvalidInput(
            _("无法识别这个签到码，请扫描用工方出示的现场签到码。"),
            code="site_code_invalid",
            errors={"site_code": [_("签到码无效")]},
        ) from exc
    expires_at = dt.datetime.fromtimestamp(expires, tz=dt.UTC)
    if now >= expires_at:
        raise ConflictError(
            _("这个现场签到码已过期，请用工方重新出示当天的签到码。"), code="site_code_expired"
        )
    return SiteCode(scope, object_id, expires_at, str(token))
