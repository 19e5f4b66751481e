"""Elder mode in the demo (长辈模式, issue 12 §3): 李建国 (LI_PHONE, the older of the two worker logins) has
it on, so a newcomer sees the large type, the read-aloud and call-the-station buttons and the plain 报名
confirmation."""

from __future__ import annotations

from lingong.accounts import services as account_services
from lingong.accounts.models import User
from lingong.demo.cast import LI_PHONE
from lingong.demo.context import DemoContext


def build_elder(ctx: DemoContext) -> None:
    user = User.objects.filter(phone=LI_PHONE).first()
    if user is None:
        return
    account_services.set_elder_mode(actor=user, user_id=user.pk, on=True)
    ctx.counts["elder_mode_accounts"] = 1
