"""A one-time signing code for the seed, stored the way ``accounts.services.send_otp`` stores it.

send_otp hands the code to the SMS sender only after the transaction commits (the seed runs in one), and
its per-number limit would refuse the same person's next code within the minute; the seed signs contracts
and mediation agreements for the same people in quick succession, so it stores the code itself.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.utils import timezone

from lingong.accounts import services as account_services
from lingong.accounts.models import OtpCode, OtpPurpose, User


def stored_signing_code(user: User) -> str:
    code = f"{secrets.randbelow(1_000_000):06d}"
    OtpCode.objects.create(
        phone=user.phone,
        purpose=OtpPurpose.SIGN,
        code_hash=account_services._hash(f"{user.phone}:{OtpPurpose.SIGN}:{code}"),
        expires_at=timezone.now() + dt.timedelta(seconds=settings.LINGONG_OTP_TTL_SECONDS),
    )
    return code
