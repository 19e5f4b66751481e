"""Accessibility audit (issue 12 §3): axe-core (vendored, pinned, injected by this test only) on the main
pages at phone size, in the standard mode and in elder mode (长辈模式): no violation of impact "serious" or
"critical" under the WCAG 2 A and AA rules. And elder mode's own figures (MIIT 适老化): body text ≥ 20 px,
primary buttons ≥ 44 px high; the read-aloud button where speech synthesis exists; the voice phrase rule.

One browser for the whole audit, one context per person (their own cookies). The contexts bypass the
Content-Security-Policy only so that axe can be injected as a script; the site's own pages run under it in
every other browser test.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from e2e.browser import CHROMIUM_ARGS, PHONE, login, no_horizontal_scroll
from lingong import testing as t
from lingong.accounts.models import Role

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent.parent / "src/lingong/static/vendor/axe-core-4.10.3/axe.min.js"
BLOCKING = {"serious", "critical"}

RUN_AXE = """async () => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa"]}});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 4).map(n => n.target.join(" ") + " :: " + (n.failureSummary || "").slice(0, 160)),
  }));
}"""


def _audit(page: Any, url: str, mode: str, found: list[str]) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    elder = page.evaluate("document.body.classList.contains('elder')")
    assert elder == (mode == "elder"), f"{url}: expected {mode} mode"
    no_horizontal_scroll(page)
    page.add_script_tag(path=str(AXE))
    for v in page.evaluate(RUN_AXE):
        if v["impact"] in BLOCKING:
            found.append(
                f"[{mode}] {url} {v['impact']} {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"])
            )


def _switch_to_elder(page: Any) -> None:
    page.get_by_test_id("elder-toggle").click()
    page.wait_for_load_state("load")
    assert page.evaluate("document.body.classList.contains('elder')")


def _elder_figures(page: Any, url: str) -> None:
    page.goto(url)
    size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert size >= 20, f"{url}: body font-size {size}px in elder mode"
    line = page.evaluate(
        "(() => { const s = getComputedStyle(document.body);"
        " return parseFloat(s.lineHeight) / parseFloat(s.fontSize); })()"
    )
    assert line >= 1.5, f"{url}: line height {line}"
    heights = page.evaluate(
        "Array.from(document.querySelectorAll('main .btn:not(.small), .elder-toggle button'))"
        ".filter(b => b.offsetParent !== null)"
        ".map(b => [b.textContent.trim(), b.getBoundingClientRect().height])"
    )
    assert heights, f"{url}: no visible buttons"
    low = [(text, h) for text, h in heights if h < 44]
    assert not low, f"{url}: buttons under 44 px: {low}"


def test_main_pages_have_no_serious_accessibility_violations_in_both_modes(
    chromium_path: str, live_server: Any, reference_data: None, screenshot: Callable[..., Path]
) -> None:
    from playwright.sync_api import sync_playwright

    market = t.make_market()
    centre = t.make_centre(market)
    station = t.make_station(centre, "友谊里社区零工驿站")
    admin = t.make_staff(Role.MARKET_ADMIN, market, name="市场管理员")
    staff = t.make_staff(Role.STATION_STAFF, market, centre=centre, station=station, name="驿站小王")
    worker = t.make_worker(market, name="江小军", station=station)
    employer = t.make_employer(market, admin=admin)
    job = t.make_job(employer, admin=admin)
    type(station).objects.filter(pk=station.pk).update(phone="0315-2345678")
    base = live_server.url
    people: list[tuple[str | None, list[str]]] = [
        (None, ["/", "/accounts/login/", "/accounts/register/"]),
        (
            worker.user.phone,
            ["/jobs/", f"/jobs/{job.pk}/", "/me/profile/", "/me/applications/", "/inbox/"],
        ),
        (employer.phone, ["/employer/"]),
        (staff.phone, ["/staff/"]),
    ]
    found: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            for phone, urls in people:
                page = browser.new_context(**PHONE, bypass_csp=True).new_page()
                page.set_default_timeout(15_000)
                if phone is not None:
                    login(page, base, phone)
                for url in urls:
                    _audit(page, base + url, "standard", found)
                _switch_to_elder(page)
                for url in urls:
                    _audit(page, base + url, "elder", found)
                if phone == worker.user.phone:
                    _elder_figures(page, f"{base}/jobs/")
                    _elder_figures(page, f"{base}/jobs/{job.pk}/")
                    # Read aloud shows where the browser speaks; the call button dials the station.
                    page.goto(f"{base}/jobs/{job.pk}/")
                    screenshot(page, "elder-job-detail")
                    page.goto(f"{base}/jobs/")
                    screenshot(page, "elder-job-list")
                    if page.evaluate("!!window.speechSynthesis"):
                        assert page.get_by_test_id("read-aloud").is_visible()
                    assert page.get_by_test_id("call-station").get_attribute("href") == "tel:0315-2345678"
                    # The voice phrase rule of elder.js.
                    phrases = ["报名", "我要报名", "好", "是", "不报名", "别报名了", "11点开始吗", ""]
                    verdicts = page.evaluate("(p) => p.map(window.lingongElderIsYes)", phrases)
                    assert verdicts == [True, True, True, True, False, False, False, False]
                    # The profile form shows one group of fields at a time.
                    page.goto(f"{base}/me/profile/")
                    assert page.locator(".step-count").first.is_visible()
                    assert not page.get_by_test_id("save-profile").is_visible()
                    screenshot(page, "elder-profile-step-1", full_page=False)
                if phone is None:
                    _elder_figures(page, f"{base}/accounts/login/")
                page.context.close()
        finally:
            browser.close()
    assert not found, "axe found serious or critical violations:\n" + "\n".join(found)
