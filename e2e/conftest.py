"""Real-browser tests: Playwright's sync API driving Debian's chromium (no downloaded browser builds).

The app is served by pytest-django's ``live_server`` (a threaded WSGI server on a free port, static files
served by staticfiles), so each xdist worker gets its own server and its own test database.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from e2e.browser import CSP_VIOLATIONS, SCREENSHOT_DIR, chromium_executable


@pytest.fixture(autouse=True)
def _no_csp_violations() -> Any:
    """Every page opened with ``phone_page`` runs under the site's Content-Security-Policy unharmed."""
    CSP_VIOLATIONS.clear()
    yield
    violations, CSP_VIOLATIONS[:] = list(CSP_VIOLATIONS), []
    assert violations == [], "the Content-Security-Policy refused:\n" + "\n".join(violations)


@pytest.fixture
def chromium_path() -> str:
    path = chromium_executable()
    if path is None:
        pytest.skip(
            "No chromium binary found (looked at $LINGONG_CHROMIUM, PATH and /usr/bin/chromium): "
            "install Debian's with `apt-get install chromium fonts-noto-cjk` to run the browser tests."
        )
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    return path


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Callable[..., Path]:
    """``screenshot(page, "01-register")`` saves e2e/screenshots/<test>/01-register.png (gitignored).

    Whole pages by default; ``full_page=False`` keeps just what the phone's screen shows."""
    folder = SCREENSHOT_DIR / re.sub(r"[^\w.-]+", "_", request.node.name)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)

    def take(page: Any, name: str, *, full_page: bool = True) -> Path:
        path = folder / f"{name}.png"
        if full_page:
            # From the top, so the sticky header is drawn where a person first sees it.
            page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_load_state()
        try:
            page.screenshot(path=str(path), full_page=full_page)
        except Exception as exc:  # playwright's Error; imported lazily, the browser tests may be skipped
            # Chromium now and then refuses a capture while it is compositing ("Unable to capture
            # screenshot"); a second try a moment later succeeds. Anything else is a real failure.
            if "Unable to capture screenshot" not in str(exc):
                raise
            page.wait_for_timeout(500)
            page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


@pytest.fixture
def reference_data(transactional_db: Any) -> None:
    """Make sure the rows ``migrate`` creates (divisions, occupations, content types) are there.

    A transactional test normally leaves them: its closing flush re-emits post_migrate, which reloads
    them. But a test marked ``serialized_rollback=True`` flushes *without* post_migrate (Django restores
    its snapshot only at the start of the next such test), so a transactional test that runs after it on
    the same xdist worker would find empty reference tables. Re-emitting post_migrate is idempotent.
    """
    from django.core.management.sql import emit_post_migrate_signal

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
