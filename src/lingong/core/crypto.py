"""Field encryption for sensitive personal data (PIPL): Fernet for the value, HMAC for lookups."""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


@lru_cache(maxsize=4)
def _keys(raw_key: str) -> tuple[Fernet, bytes]:
    material = raw_key.encode("utf-8")
    # Derive two independent keys so the blind index cannot be used to decrypt.
    enc = hashlib.sha256(b"lingong-field-encryption|" + material).digest()
    mac = hashlib.sha256(b"lingong-field-index|" + material).digest()
    return Fernet(base64.urlsafe_b64encode(enc)), mac


def encrypt(plaintext: str) -> str:
    fernet, _ = _keys(settings.LINGONG_FIELD_KEY)
    return fernet.encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    fernet, _ = _keys(settings.LINGONG_FIELD_KEY)
    try:
        return fernet.decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ValueError(
            "Encrypted field cannot be decrypted with the configured LINGONG_FIELD_KEY."
        ) from exc


def blind_index(plaintext: str) -> str:
    """A keyed hash of a normalised value, so uniqueness and lookup work without decrypting."""
    _, mac = _keys(settings.LINGONG_FIELD_KEY)
    return hmac.new(mac, plaintext.encode("utf-8"), hashlib.sha256).hexdigest()


# A field key is 32 or more random bytes, written in base64 (``python -c "import base64, secrets;
# print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())"``). The demo key has that shape
# but is public; production refuses it by value (settings).
FIELD_KEY_MIN_BYTES = 32


def field_key_problem(raw_key: str) -> str | None:
    """Why ``raw_key`` is not a full-strength field key, or None when it is."""
    if not raw_key:
        return "LINGONG_FIELD_KEY is not set."
    text = raw_key.strip()
    padded = text + "=" * (-len(text) % 4)
    try:
        material = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
    except (ValueError, TypeError):
        return "LINGONG_FIELD_KEY must be base64 (standard or URL-safe) of at least 32 random bytes."
    if len(material) < FIELD_KEY_MIN_BYTES:
        return (
            f"LINGONG_FIELD_KEY decodes to {len(material)} bytes; "
            f"at least {FIELD_KEY_MIN_BYTES} random bytes are required."
        )
    if len(set(material)) < FIELD_KEY_MIN_BYTES // 4:
        return "LINGONG_FIELD_KEY is not random (too few distinct bytes)."
    return None
