"""Who may see and change housekeeping rows: pure checks on loaded rows plus Qs for lists.

- The catalogue: market admins and centre staff of its market edit it; everyone signed in reads the active
  entries of their own market.
- A booking: the members of its household; staff in scope of the household (its station, the centre above
  it, the market admin: ``accounts.access.enterprise_scope_q``). Staff out of scope get 404.
- The worker of a booking (assigned, or offered it) sees only what dispatch shows them (``selectors``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from lingong.accounts.access import enterprise_of, enterprise_scope_q, is_staff, staff_can_act_for_enterprise
from lingong.accounts.models import Role
from lingong.core.errors import PermissionDeniedError
from lingong.employers.models import Enterprise, EnterpriseKind

CATALOGUE_EDITORS = (Role.MARKET_ADMIN, Role.CENTRE_STAFF)


def household_of(user: Any) -> Enterprise | None:
    """The household enterprise the user is a member of (None for anyone else)."""
    enterprise = enterprise_of(user)
    if enterprise is None or enterprise.kind != EnterpriseKind.HOUSEHOLD:
        return None
    return enterprise


def require_household(user: Any) -> Enterprise:
    if not getattr(user, "is_authenticated", False):
        raise PermissionDeniedError(_("请先登录。"), code="not_authenticated")
    household = household_of(user)
    if household is None:
        raise PermissionDeniedError(_("只有家庭雇主可以预约家政服务。"), code="not_household")
    return household


def can_edit_catalogue(user: Any, market_id: int | None = None) -> bool:
    if not is_staff(user) or user.role not in CATALOGUE_EDITORS or user.market_id is None:
        return False
    return market_id is None or int(market_id) == int(user.market_id)


def require_catalogue_editor(user: Any) -> None:
    if not getattr(user, "is_authenticated", False):
        raise PermissionDeniedError(_("请先登录。"), code="not_authenticated")
    if not can_edit_catalogue(user):
        raise PermissionDeniedError(_("只有市场管理员和服务中心工作人员可以维护家政服务目录。"))


def is_household_member(user: Any, booking: Any) -> bool:
    household = household_of(user)
    return household is not None and household.pk == booking.household_id


def staff_in_scope(user: Any, booking: Any) -> bool:
    return is_staff(user) and staff_can_act_for_enterprise(user, booking.household)


def can_see_booking(user: Any, booking: Any) -> bool:
    return is_household_member(user, booking) or staff_in_scope(user, booking)


def booking_scope_q(user: Any) -> Q:
    """Q over bookings the user may read as a household or as staff; nothing for anyone else."""
    household = household_of(user)
    if household is not None:
        return Q(household_id=household.pk)
    if is_staff(user):
        return enterprise_scope_q(user, "household__")
    return Q(pk__in=[])


def is_assigned_worker(user: Any, booking: Any) -> bool:
    """The worker who took the booking (confirmed or later)."""
    profile = getattr(user, "worker_profile", None) if getattr(user, "is_authenticated", False) else None
    return profile is not None and booking.worker_id is not None and booking.worker_id == profile.pk
