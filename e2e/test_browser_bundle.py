"""The worker downloads the evidence bundle on a phone; its hashes are checked against the platform's trail
(issue 11, section 5).

The case is set up before the browser starts (a signed contract, two worked and confirmed shifts, an unpaid
statement, a wage complaint with a photo acknowledged by staff, and a mediation whose signed agreement
was not kept in full), and everything is checked after it stops: Django refuses ORM calls while
Playwright's loop runs in this thread. On-commit work runs at once here (the test's database commits).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from e2e.browser import CHROMIUM_ARGS, login, no_horizontal_scroll, phone_page

pytestmark = pytest.mark.browser


@contextlib.contextmanager
def _commits_at_once(*, execute: bool = True) -> Iterator[None]:
    """Stands in for django_capture_on_commit_callbacks: a transactional test runs them on commit."""
    yield


def _case() -> dict[str, Any]:
    from lingong import testing as t
    from lingong.accounts.models import Role
    from lingong.arbitration.tests.helpers import make_forums, mediated, wage_complaint, worked_engagement

    market = t.make_market()
    centre = t.make_centre(market)
    station = t.make_station(centre, "友谊里社区零工驿站")
    admin = t.make_staff(Role.MARKET_ADMIN, market, name="市场管理员")
    cast = SimpleNamespace(
        market=market,
        centre=centre,
        station=station,
        admin=admin,
        station_staff=t.make_staff(
            Role.STATION_STAFF, market, centre=centre, station=station, name="驿站小王"
        ),
        worker=t.make_worker(market, name="江小军", station=station),
        employer=t.make_employer(market, admin=admin),
    )
    make_forums(market)
    engagement = worked_engagement(cast, _commits_at_once)
    complaint = wage_complaint(cast, engagement)
    mediation_case = mediated(cast, complaint, _commits_at_once)
    return {"cast": cast, "engagement": engagement, "complaint": complaint, "mediation": mediation_case}


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def test_worker_downloads_the_bundle_and_its_hashes_match_the_trail(
    chromium_path: str,
    live_server: Any,
    reference_data: None,
    settings: Any,
    tmp_path: Path,
    screenshot: Callable[..., Path],
) -> None:
    from playwright.sync_api import expect, sync_playwright

    settings.VAR_DIR = tmp_path
    case = _case()
    complaint = case["complaint"]
    worker = case["cast"].worker.user
    base = live_server.url
    downloads: dict[str, bytes] = {}
    shown: dict[str, str] = {}

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            page = phone_page(browser)
            login(page, base, worker.phone)

            # 1. The worker opens the complaint and its next step.
            page.goto(f"{base}/me/complaints/{complaint.pk}/")
            expect(page.locator("body")).to_contain_text(complaint.number)
            no_horizontal_scroll(page)
            screenshot(page, "01-complaint")
            page.get_by_test_id("next-step-link").click()
            expect(page).to_have_url(re.compile(rf"/me/complaints/{complaint.pk}/next/$"))
            expect(page.get_by_test_id("route")).to_be_visible()
            no_horizontal_scroll(page)
            screenshot(page, "02-next-step")

            # 2. Prepares the documents: the page lists them with their SHA-256.
            page.get_by_test_id("prepare").click()
            documents = page.get_by_test_id("documents")
            expect(documents).to_be_visible()
            no_horizontal_scroll(page)
            screenshot(page, "03-documents")
            for key, testid in (("bundle.pdf", "bundle-sha256"), ("bundle.zip", "zip-sha256")):
                shown[key] = documents.get_by_test_id(testid).inner_text().strip()

            # 3. Downloads the zip and the bundle PDF (download events), then the zip again.
            for key, link in (("bundle.zip", "zip-link"), ("bundle.pdf", "bundle-link")):
                with page.expect_download() as info:
                    documents.get_by_test_id(link).click()
                download = info.value
                assert download.failure() is None
                downloads[key] = Path(download.path()).read_bytes()
            again = page.request.get(f"{base}/api/v1/complaints/{complaint.pk}/bundle.zip")
            assert again.ok, again.status
            downloads["bundle.zip again"] = again.body()
            no_horizontal_scroll(page)
        finally:
            browser.close()

    from lingong.arbitration import documents as docs
    from lingong.arbitration import services as arbitration
    from lingong.arbitration.models import CaseDocuments
    from lingong.audit import trail
    from lingong.audit.models import AuditEntry
    from lingong.contracts.models import Contract
    from lingong.disputes.models import Evidence
    from lingong.mediation.models import Agreement

    archive_bytes = downloads["bundle.zip"]
    assert archive_bytes == downloads["bundle.zip again"]
    assert _sha(archive_bytes) == shown["bundle.zip"]
    assert _sha(downloads["bundle.pdf"]) == shown["bundle.pdf"]

    # Every file in the zip has its real hash in the manifest, and the manifest lists nothing else.
    archive = zipfile.ZipFile(io.BytesIO(archive_bytes))
    manifest = json.loads(archive.read("manifest.json"))
    sums = {f["name"]: f["sha256"] for f in manifest["files"]}
    contents = {n: archive.read(n) for n in archive.namelist() if n not in ("manifest.json", "MANIFEST.txt")}
    assert set(sums) == set(contents)
    for name, content in contents.items():
        assert sums[name] == _sha(content), name
        assert f"{sums[name]}  {name}  {len(content)}" in archive.read("MANIFEST.txt").decode()
    assert contents["bundle.pdf"] == downloads["bundle.pdf"]

    # The evidence photo, the signed contract and the signed mediation agreement are the stored files.
    evidence = Evidence.objects.get(complaint=complaint)
    evidence_names = [n for n in contents if n.startswith("evidence-")]
    assert len(evidence_names) == 1 and sums[evidence_names[0]] == evidence.sha256
    contract = Contract.objects.get(engagement=case["engagement"], status="signed")
    assert sums[f"contract-v{contract.version}-signed.pdf"] == contract.signed_pdf_sha256
    assert contract.signed_pdf_sha256 == _sha(bytes(contract.signed_pdf or b""))
    agreement = Agreement.objects.get(case=case["mediation"], status="signed")
    assert sums[f"mediation-{case['mediation'].pk}-agreement-v1-signed.pdf"] == agreement.signed_pdf_sha256

    # The trail entries the bundle lists are the stored entries, in chain order, including every entry of
    # the engagement and of the complaint; the PDF prints each hash; the chain verifies.
    listed = manifest["trail_hashes"]
    expected = [e.entry_hash for e in docs.trail_entries(complaint)]
    assert listed == expected
    rows = AuditEntry.objects.filter(entry_hash__in=listed)
    assert rows.count() == len(listed)
    own = AuditEntry.objects.exclude(action__startswith=docs.OWN_ACTIONS_PREFIX)
    for object_type, object_id in (
        ("engagements.engagement", case["engagement"].pk),
        ("disputes.complaint", complaint.pk),
    ):
        hashes = set(
            own.filter(object_type=object_type, object_id=str(object_id)).values_list("entry_hash", flat=True)
        )
        assert hashes and hashes <= set(listed), object_type
    pdf_text = _pdf_text(downloads["bundle.pdf"]).replace("\n", "")
    for entry_hash in listed:
        assert entry_hash in pdf_text
    for stored_hash in (evidence.sha256, contract.signed_pdf_sha256, agreement.signed_pdf_sha256):
        assert stored_hash in pdf_text
    assert "哈希链校验通过" in pdf_text
    assert trail.verify_chain(trail.chain_of(complaint)) is None

    # Built again from scratch, the documents are the same bytes.
    CaseDocuments.objects.filter(complaint=complaint).delete()
    rebuilt = arbitration.build_documents(actor=worker, complaint_id=complaint.pk)
    assert rebuilt.zip_sha256 == _sha(archive_bytes)
    assert rebuilt.bundle_sha256 == _sha(downloads["bundle.pdf"])
