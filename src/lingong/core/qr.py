"""QR codes (SVG, generated server-side) for the "scan to find work" entry (码上找工作)."""

from __future__ import annotations

import io

import segno


def qr_svg(url: str, *, scale: int = 6, title: str = "") -> str:
    qr = segno.make(url, error="m")
    buffer = io.BytesIO()
    qr.save(buffer, kind="svg", scale=scale, border=2, xmldecl=False, title=title or None, svgclass="qr")
    return buffer.getvalue().decode("utf-8")
