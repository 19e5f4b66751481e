"""Kiosk URLs: one secret per screen (the market's, each centre's, each station's), rotated by staff.

Only the SHA-256 of a secret is stored; the URL is shown once, when it is made. A screen opened with a
secret is read-only and shows nothing personal (the screens never do). Rotating replaces the hash: the old
URL stops working at once, and open sockets that used it are closed (the consumer re-checks its key when
told of a rotation and when it connects).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.access import require_role
from lingong.accounts.models import Role
from lingong.audit import trail as audit
from lingong.core.errors import InvalidInput, NotFoundError
from lingong.core.events import market_group, send_event_on_commit, station_group
from lingong.org.models import Market, ServiceCentre, Station
from lingong.stats.access import station_scope
from lingong.stats.models import ScreenKey, ScreenKind


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def resolve(secret: str | None) -> ScreenKey | None:
    """The screen a secret opens, or None. Looked up by its hash, compared again in constant time."""
    if not secret or len(secret) > 100:
        return None
    wanted = digest(secret)
    key = ScreenKey.objects.select_related("market", "centre", "station").filter(secret_sha256=wanted).first()
    if key is None or not hmac.compare_digest(key.secret_sha256, wanted):
        return None
    return key


def still_valid(key_id: int, secret_sha256: str) -> bool:
    return ScreenKey.objects.filter(pk=key_id, secret_sha256=secret_sha256).exists()


def keys_for_page(user: Any) -> list[dict[str, Any]]:
    """The screens whose URL this staff member may rotate, with when each was last made."""
    require_role(user, Role.MARKET_ADMIN, Role.STATION_STAFF)
    existing = {
        (k.kind, k.centre_id, k.station_id): k for k in ScreenKey.objects.filter(market_id=user.market_id)
    }
    screens: list[tuple[str, Any, Any, str]] = []
    if user.role == Role.MARKET_ADMIN:
        screens.append((ScreenKind.MARKET, None, None, _("市场数据大屏")))
        for centre in ServiceCentre.objects.filter(market_id=user.market_id).order_by("pk"):
            screens.append((ScreenKind.CENTRE, centre, None, _("%(name)s 数据大屏") % {"name": centre.name}))
    if user.role == Role.STATION_STAFF and user.station_id:
        station = Station.objects.get(pk=user.station_id)
        screens.append((ScreenKind.STATION, None, station, _("%(name)s 驿站屏") % {"name": station.name}))
    out = []
    for kind, centre, station, label in screens:
        key = existing.get((kind, centre.pk if centre else None, station.pk if station else None))
        out.append(
            {
                "kind": kind,
                "centre_id": centre.pk if centre else None,
                "station_id": station.pk if station else None,
                "label": label,
                "rotated_at": key.rotated_at if key else None,
            }
        )
    return out


@transaction.atomic
def rotate(
    *, actor: Any, kind: str, centre_id: int | None = None, station_id: int | None = None
) -> tuple[ScreenKey, str]:
    """Make a new secret for one screen (its first or a replacement); return the key and the secret."""
    centre = station = None
    if kind in (ScreenKind.MARKET, ScreenKind.CENTRE):
        require_role(actor, Role.MARKET_ADMIN)
        if kind == ScreenKind.CENTRE:
            centre = ServiceCentre.objects.filter(pk=centre_id or 0, market_id=actor.market_id).first()
            if centre is None:
                raise NotFoundError(_("服务中心不存在"))
    elif kind == ScreenKind.STATION:
        require_role(actor, Role.STATION_STAFF)
        station = station_scope(actor, int(station_id or 0))
    else:
        raise InvalidInput(_("屏幕类型无效"), errors={"kind": [_("屏幕类型无效")]})
    market = Market.objects.select_for_update().get(pk=actor.market_id)  # one rotation at a time per market
    secret = secrets.token_urlsafe(24)
    key = (
        ScreenKey.objects.select_for_update()
        .filter(kind=kind, market=market, centre=centre, station=station)
        .first()
    )
    if key is None:
        key = ScreenKey(kind=kind, market=market, centre=centre, station=station)
    key.secret_sha256 = digest(secret)
    key.rotated_at = timezone.now()
    key.rotated_by = actor
    key.save()
    audit.record(
        action="screen.key_rotated",
        obj=key,
        actor=actor,
        market=market,
        data={
            "kind": kind,
            "centre": centre.pk if centre else None,
            "station": station.pk if station else None,
        },
    )
    groups = [station_group(station.pk)] if station is not None else [market_group(market.pk)]
    # Internal: the screen consumers close the sockets opened with the old secret; never sent to a browser.
    send_event_on_commit(groups, {"type": "kiosk", "op": "rotated", "key_id": key.pk})
    return key, secret
