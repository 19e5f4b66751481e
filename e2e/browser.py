"""What every browser test shares: Debian's chromium, its flags and the phone the pages are made for."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
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


def login(page: Any, base: str, phone: str) -> None:
    """Sign in through the login page with the test cast's password and wait to leave it."""
    from playwright.sync_api import expect

    from lingong import testing as t  # Django models: imported once Django is set up, not by the conftest

    page.goto(f"{base}/accounts/login/")
    page.fill("#id_phone", phone)
    page.fill("#id_password", t.PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def no_horizontal_scroll(page: Any) -> None:
    """A phone page must never scroll sideways."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["viewport"]["width"], f"{page.url} scrolls sideways: scrollWidth {width}"


# What the browser refused under the Content-Security-Policy during the current test (console messages);
# e2e/conftest.py fails the test when any is left. Filled by every page that phone_page opens.
CSP_VIOLATIONS: list[str] = []


def _watch_csp(page: Any) -> None:
    def on_console(message: Any) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            CSP_VIOLATIONS.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: on_console(type("M", (), {"text": str(error)})()))


def phone_page(browser: Any, base: str | None = None, phone: str | None = None) -> Any:
    """A fresh phone-sized page in its own context (its own cookies), signed in as ``phone`` when given.

    A page that breaks the Content-Security-Policy (an inline script, an eval) fails the test."""
    page = browser.new_context(**PHONE).new_page()
    _watch_csp(page)
    page.set_default_timeout(15_000)
    if phone is not None:
        assert base is not None, "signing in needs the server's address"
        login(page, base, phone)
    return page


# --- The platform under uvicorn, in a subprocess (WebSockets and the ASGI stack as served) -----------------

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def uvicorn_server(database: str, var_dir: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """``lingong.asgi`` under uvicorn as ./scripts/serve starts it, on a free port, reading the SQLite file
    ``database`` (the test's own: close the test's connection first); yields its base URL. ``env`` adds to
    a clean environment (nothing of the test run's LINGONG_/DJANGO_ settings, DEBUG, hosts or Redis)."""
    port = free_port()
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("LINGONG_", "DJANGO_", "PYTEST_"))}
    for name in ("DEBUG", "SITE_URL", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "DATABASE_URL", "REDIS_URL"):
        keep.pop(name, None)
    base = f"http://127.0.0.1:{port}"
    full_env = {
        **keep,
        "PYTHONPATH": str(ROOT / "src"),
        "DATABASE_URL": f"sqlite:///{database}",
        "LINGONG_VAR_DIR": str(var_dir),
        "SITE_URL": base,  # what scripts/serve exports
        **(env or {}),
    }
    command = [sys.executable, "-m", "uvicorn", "lingong.asgi:application", "--host", "127.0.0.1"]
    log_path = var_dir / "server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [*command, "--port", str(port), "--log-level", "warning"],
            cwd=ROOT,
            env=full_env,
            stdout=log,
            stderr=log,
        )
        try:
            wait_until_up(f"{base}/healthz", server, log_path)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=15)


def wait_until_up(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the server stopped:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"the server did not answer in 60 s:\n{log.read_text()}")
