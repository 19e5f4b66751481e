"""Signing a document with login + SMS code: the part every signed document shares (contracts, mediation
agreements).

The caller checks who may sign what; this module texts the code to the signer's own phone, checks it
(first without consuming it, outside the caller's transaction, so a wrong guess is counted even when the
request fails; then consuming it inside the signing transaction, so a signature that rolls back leaves the
code usable), and reads the address kept with a signature (stored whole, shown masked).
"""

from __future__ import annotations

import ipaddress
from typing import Any

from lingong.accounts import services as accounts
from lingong.accounts.models import OtpPurpose

SIGNING_METHOD = "登录验证 + 短信验证码"


def send_signing_code(user: Any) -> None:
    """Text a one-time signing code to the signer's own phone (rate-limited like every code)."""
    accounts.send_otp(phone=user.phone, purpose=OtpPurpose.SIGN)


def verify_signing_code(user: Any, code: str, *, consume: bool) -> None:
    """Raise 422 (wrong or expired code) or 429 (too many guesses); ``consume`` uses the code up."""
    accounts.verify_otp(phone=user.phone, code=code, purpose=OtpPurpose.SIGN, consume=consume)


def mask_ip(ip: str | None) -> str:
    """192.168.1.20 -> 192.168.*.*; IPv6 keeps its first two groups."""
    try:
        address = ipaddress.ip_address((ip or "").strip())
    except ValueError:
        return "—"
    if address.version == 4:
        head = str(address).split(".")[:2]
        return ".".join([*head, "*", "*"])
    groups = address.exploded.split(":")[:2]
    return ":".join([*groups, "*"])


def clean_ip(ip: str | None) -> str | None:
    """The address in canonical form, or None when it is not one."""
    try:
        return str(ipaddress.ip_address((ip or "").strip()))
    except ValueError:
        return None
