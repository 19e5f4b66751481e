"""Tell a file's type by its first bytes, never by its name (issue 11: evidence uploads).

Only the kinds a complaint may carry: photos (JPEG, PNG, WebP), PDF and phone audio (MP3, M4A, AMR, WAV).
Anything else (an executable renamed .jpg, a script, a zip) is ``None`` and refused.
"""

from __future__ import annotations


def sniff(head: bytes) -> str | None:
    """The content type of a file starting with ``head`` (at least 16 bytes read), or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"#!AMR"):
        return "audio/amr"
    if head[4:8] == b"ftyp" and head[8:11] in (b"M4A", b"mp4", b"iso", b"M4B"):
        return "audio/mp4"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0):
        return "audio/mpeg"
    return None


EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "audio/wav": ".wav",
    "application/pdf": ".pdf",
    "audio/amr": ".amr",
    "audio/mp4": ".m4a",
    "audio/mpeg": ".mp3",
}
