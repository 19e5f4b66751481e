"""What every browser test shares: Debian's chromium, its flags and the phone the pages are made for."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

SCREENSHOT_DIR = Path(__file__).resolve().parent / "screenshots"

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# A mid-range Android phone, the device most of the market's users have.
PHONE: dict[str, Any] = {
    "viewport": {"width": 375, "height": 812},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
    "timezone_id": "Asia/Shanghai",
}


def chromium_executable() -> str | None:
    """Debian's chromium: $LINGONG_CHROMIUM, then chromium on PATH, then /usr/bin/chromium."""
    for candidate in (os.environ.get("LINGONG_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None
