"""The arbitration direct line (issue 11, section 3)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db.models import Q
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from lingong import apitools as at
from lingong.arbitration import documents, selectors, services
from lingong.arbitration.models import (
    CaseDocuments,
    DocumentKind,
    LimitationWarning,
    Referral,
    ReferralStatus,
)
from lingong.arbitration.tests.helpers import (
    LUNAN_COURT,
    MEDIATION_NOTES,
    make_forums,
    mediated,
    wage_complaint,
    worked_engagement,
)
from lingong.audit import trail
from lingong.audit.models import AuditEntry
from lingong.contracts.models import Contract
from lingong.disputes import routing
from lingong.disputes.models import CloseReason, Complaint, ComplaintStatus, Evidence
from lingong.mediation.models import Agreement, PaymentTerm
from lingong.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(cast: Any, settings: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> dict[str, Any]:
    settings.VAR_DIR = tmp_path
    forums = make_forums(cast.market)
    engagement = worked_engagement(cast, django_capture_on_commit_callbacks)
    complaint = wage_complaint(cast, engagement)
    return {"cast": cast, "forums": forums, "engagement": engagement, "complaint": complaint}


def api(user: Any, method: str, path: str, body: Any = None) -> Any:
    client = Client()
    headers = at.bearer(at.token_of(user))
    if method == "get":
        return client.get(f"{at.API}{path}", headers=headers)
    return client.post(
        f"{at.API}{path}", data=json.dumps(body or {}), content_type="application/json", headers=headers
    )


# --- routing --------------------------------------------------------------------------------------------


def test_gig_engagement_is_labour_service_and_goes_to_court_never_arbitration(case: dict[str, Any]) -> None:
    worker = case["cast"].worker.user
    body = at.ok(api(worker, "get", f"/complaints/{case['complaint'].pk}/routing"))
    assert body["relation"] == "labour_service"
    assert body["document_kind"] == DocumentKind.CIVIL_COMPLAINT
    assert body["forum"]["name"] == LUNAN_COURT
    assert "labour_arbitration" not in body["forums"]
    assert "不归劳动仲裁管" in body["explanation"]
    # Three years from the end of the work (民法典 art. 188).
    end = case["engagement"].end_date
    knew_on = min(end, timezone.localdate(case["complaint"].filed_at))
    assert body["limitation_end"] == routing.add_years(knew_on, 3).isoformat()
    assert body["warning"] is None
    docs = services.build_documents(actor=worker, complaint_id=case["complaint"].pk)
    assert docs.document_kind == DocumentKind.CIVIL_COMPLAINT
    text = _pdf_text(bytes(docs.application_pdf))
    assert "仲裁申请书" not in text
    # The page offers only the court's draft, never an arbitration application.
    client = Client()
    client.force_login(worker)
    page = client.get(f"/me/complaints/{case['complaint'].pk}/next/").content.decode()
    assert "民事起诉状" in page and "仲裁申请书" not in page
    # A labour-service case cannot be sent to arbitration by the worker.
    refused = api(
        worker,
        "post",
        f"/complaints/{case['complaint'].pk}/referrals",
        {"forum_id": case["forums"]["commission"].pk, "kind": "arbitration"},
    )
    at.error(refused, 422, field="kind")
    assert not Referral.objects.exists()


def test_labour_answers_give_the_arbitration_application(case: dict[str, Any]) -> None:
    worker = case["cast"].worker.user
    complaint = case["complaint"]
    route = selectors.case_route(complaint, {"written_labour_contract": True})
    assert route.relation == routing.Relation.LABOUR
    assert route.document_kind == DocumentKind.ARBITRATION_APPLICATION
    assert route.forum is not None and route.forum.name == case["forums"]["commission"].name
    body = at.ok(
        api(worker, "post", f"/complaints/{complaint.pk}/documents", {"written_labour_contract": True})
    )
    assert body["document_kind"] == DocumentKind.ARBITRATION_APPLICATION
    assert body["relation"] == "labour"


def test_unclear_relation_waits_for_staff(case: dict[str, Any]) -> None:
    cast, complaint = case["cast"], case["complaint"]
    facts = routing.RelationFacts(
        employer_is_household=False,
        days_engaged=60,
        paid_monthly=True,
        under_employer_rules=True,
        part_of_employer_business=True,
    )
    assert routing.classify(facts).relation == routing.Relation.UNCLEAR
    # The worker cannot decide it for themselves.
    refused = api(cast.worker.user, "post", f"/complaints/{complaint.pk}/documents", {"relation": "labour"})
    assert refused.status_code == 422 and "relation" in refused.json()["errors"]
    body = at.ok(api(cast.admin, "post", f"/complaints/{complaint.pk}/documents", {"relation": "labour"}))
    assert body["relation"] == "labour"
    again = at.ok(api(cast.worker.user, "get", f"/complaints/{complaint.pk}/routing"))
    assert again["relation"] == "labour"


def test_limitation_warning_shown_within_policy_days(case: dict[str, Any]) -> None:
    complaint = case["complaint"]
    route = selectors.case_route(complaint, {})
    deadline = route.limitation.deadline
    assert deadline is not None
    near = selectors.case_route(complaint, {}, today=deadline - dt.timedelta(days=20))
    assert near.days_left == 20 and near.warning and "20" in near.warning


# --- documents ------------------------------------------------------------------------------------------


def _pdf_text(pdf: bytes) -> str:
    return "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def test_documents_are_deterministic(case: dict[str, Any]) -> None:
    complaint = case["complaint"]
    route = selectors.case_route(complaint, {})
    args = {
        "document_kind": route.document_kind,
        "forum": route.forum,
        "route_meta": services.route_meta(route),
    }
    first = documents.build(complaint, **args)
    second = documents.build(complaint, **args)
    assert first.digest == second.digest
    assert hashlib.sha256(first.application).digest() == hashlib.sha256(second.application).digest()
    assert hashlib.sha256(first.bundle).digest() == hashlib.sha256(second.bundle).digest()
    assert hashlib.sha256(first.archive).digest() == hashlib.sha256(second.archive).digest()
    # Through the service: the build is recorded in the trail, and building again gives the same bytes.
    worker = case["cast"].worker.user
    one = at.ok(api(worker, "post", f"/complaints/{complaint.pk}/documents"))
    CaseDocuments.objects.all().delete()
    two = at.ok(api(worker, "post", f"/complaints/{complaint.pk}/documents"))
    for key in ("application_sha256", "bundle_sha256", "zip_sha256", "input_digest"):
        assert one[key] == two[key]
    assert AuditEntry.objects.filter(action="arbitration.documents_built").count() == 2


def test_bundle_has_index_pages_and_the_sections(case: dict[str, Any]) -> None:
    worker = case["cast"].worker.user
    complaint = case["complaint"]
    at.ok(api(worker, "post", f"/complaints/{complaint.pk}/documents"))
    response = api(worker, "get", f"/complaints/{complaint.pk}/bundle.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    for title in (
        "目录",
        "劳务协议及签署记录",
        "考勤记录",
        "工时确认",
        "结算单",
        "支付记录",
        "评价",
        "投诉证据清单",
    ):
        assert title in text
    assert "哈希链校验通过" in text
    assert "您的投诉已提交" in text  # the platform's messages about the case
    assert "第 1 页" in text


def test_zip_manifest_matches_the_platform_hashes(case: dict[str, Any]) -> None:
    worker = case["cast"].worker.user
    complaint = case["complaint"]
    built = at.ok(api(worker, "post", f"/complaints/{complaint.pk}/documents"))
    response = api(worker, "get", f"/complaints/{complaint.pk}/bundle.zip")
    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == built["zip_sha256"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert names == sorted(names)
    manifest = json.loads(archive.read("manifest.json"))
    sums = {f["name"]: f["sha256"] for f in manifest["files"]}
    # Every file in the archive is in the manifest with its real hash.
    for name in names:
        if name.startswith("MANIFEST") or name == "manifest.json":
            continue
        assert sums[name] == hashlib.sha256(archive.read(name)).hexdigest()
    # And those hashes are the ones the platform stored.
    evidence = Evidence.objects.get(complaint=complaint)
    assert evidence.sha256 in sums.values()
    contract = Contract.objects.get(engagement=case["engagement"], status="signed")
    assert contract.signed_pdf_sha256 and contract.signed_pdf_sha256 in sums.values()
    assert sums["application.pdf"] == built["application_sha256"]
    assert sums["bundle.pdf"] == built["bundle_sha256"]
    text = archive.read("MANIFEST.txt").decode()
    assert f"{evidence.sha256}  " in text
    # The trail hashes in the bundle are the stored entry hashes of the engagement and the complaint.
    stored = set(AuditEntry.objects.values_list("entry_hash", flat=True))
    assert manifest["trail_hashes"] and set(manifest["trail_hashes"]) <= stored
    complaint_hashes = set(
        AuditEntry.objects.filter(object_type="disputes.complaint", object_id=str(complaint.pk))
        .exclude(action__startswith="arbitration.documents")
        .values_list("entry_hash", flat=True)
    )
    assert complaint_hashes <= set(manifest["trail_hashes"])
    pdf_text = _pdf_text(archive.read("bundle.pdf")).replace("\n", "")
    for entry_hash in complaint_hashes:
        assert entry_hash in pdf_text
    assert trail.verify_chain(trail.chain_of(complaint)) is None


def test_mediated_complaint_bundle_has_the_mediation_record_and_signed_agreement(
    case: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    cast, complaint = case["cast"], case["complaint"]
    mediation_case = mediated(cast, complaint, django_capture_on_commit_callbacks)
    agreement = Agreement.objects.get(case=mediation_case)
    route = selectors.case_route(complaint, {})
    args = {
        "document_kind": route.document_kind,
        "forum": route.forum,
        "route_meta": services.route_meta(route),
    }
    first = documents.build(complaint, **args)
    second = documents.build(complaint, **args)
    assert first.digest == second.digest
    assert first.bundle == second.bundle and first.archive == second.archive

    titles = [s.title for s in first.data.sections]
    assert titles[:3] == [
        "一、劳务协议及签署记录",
        "二、考勤记录（签到、签退的时间与位置）",
        "三、工时确认与异议",
    ]
    assert "七、调解记录" in titles and "八、调解协议及签署记录" in titles
    assert titles[-1] == "十二、平台留痕记录（哈希链）"

    text = _pdf_text(first.bundle).replace("\n", "")
    for needle in (
        "调解记录",
        "友谊里社区零工驿站调解室",
        MEDIATION_NOTES,
        "劳动者到场；用工方到场",
        "调解协议及签署记录",
        agreement.pdf_sha256,
        agreement.signed_pdf_sha256,
        "10.1.*.*",
        "第 1 期",
        "已支付",
        "待支付",
        "300.00 元",
    ):
        assert needle in text, needle
    # The agreement's signatures show only the masked address.
    mediation_rows = next(s for s in first.data.sections if s.title.endswith("调解协议及签署记录")).rows
    assert "10.1.2.3" not in json.dumps(mediation_rows, ensure_ascii=False)

    archive = zipfile.ZipFile(io.BytesIO(first.archive))
    manifest = json.loads(archive.read("manifest.json"))
    sums = {f["name"]: f["sha256"] for f in manifest["files"]}
    name = f"mediation-{mediation_case.pk}-agreement-v1-signed.pdf"
    assert sums[name] == agreement.signed_pdf_sha256
    assert hashlib.sha256(archive.read(name)).hexdigest() == agreement.signed_pdf_sha256
    # The mediation's trail entries (case, agreement, payment terms) are listed with their stored hashes.
    term_ids = [
        str(pk) for pk in PaymentTerm.objects.filter(agreement=agreement).values_list("pk", flat=True)
    ]
    mediation_hashes = set(
        AuditEntry.objects.filter(
            Q(object_type="mediation.mediationcase", object_id=str(mediation_case.pk))
            | Q(object_type="mediation.agreement", object_id=str(agreement.pk))
            | Q(object_type="mediation.paymentterm", object_id__in=term_ids)
        ).values_list("entry_hash", flat=True)
    )
    assert mediation_hashes and mediation_hashes <= set(manifest["trail_hashes"])


def test_only_the_filer_and_staff_in_scope_get_the_documents(case: dict[str, Any]) -> None:
    cast, complaint = case["cast"], case["complaint"]
    at.ok(api(cast.worker.user, "post", f"/complaints/{complaint.pk}/documents"))
    for path in ("routing", "application.pdf", "bundle.pdf", "bundle.zip"):
        assert api(cast.other_worker.user, "get", f"/complaints/{complaint.pk}/{path}").status_code == 404
        assert api(cast.admin, "get", f"/complaints/{complaint.pk}/{path}").status_code == 200
    assert api(cast.other_worker.user, "post", f"/complaints/{complaint.pk}/documents").status_code == 404
    client = Client()
    client.force_login(cast.other_worker.user)
    assert client.get(f"/me/complaints/{complaint.pk}/next/").status_code == 404
    # Nothing before it is built.
    assert api(cast.worker.user, "get", "/complaints/999999/bundle.zip").status_code == 404


# --- referrals ------------------------------------------------------------------------------------------


def test_referral_lifecycle_closes_the_complaint(case: dict[str, Any]) -> None:
    cast, complaint, forums = case["cast"], case["complaint"], case["forums"]
    at.ok(api(cast.worker.user, "post", f"/complaints/{complaint.pk}/documents"))
    created = at.ok(
        api(
            cast.worker.user,
            "post",
            f"/complaints/{complaint.pk}/referrals",
            {"forum_id": forums["court"].pk, "kind": "court"},
        ),
        201,
    )
    assert created["status"] == "prepared"
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.REFERRED
    rid = created["id"]
    # The worker cannot record the result; staff can.
    assert api(cast.worker.user, "post", f"/referrals/{rid}", {"status": "submitted"}).status_code == 404
    today = timezone.localdate()
    body = at.ok(api(cast.admin, "post", f"/referrals/{rid}", {"status": "submitted"}))
    assert body["status"] == "submitted" and body["sent_at"]
    body = at.ok(
        api(
            cast.admin,
            "post",
            f"/referrals/{rid}",
            {"status": "accepted", "case_number": "(2026)冀0202民初1号"},
        )
    )
    assert body["accepted_at"]
    # Going back is refused with 409.
    assert api(cast.admin, "post", f"/referrals/{rid}", {"status": "submitted"}).status_code == 409
    # A judgment needs its result.
    missing = api(cast.admin, "post", f"/referrals/{rid}", {"status": "judged"})
    assert missing.status_code == 422 and "result" in missing.json()["errors"]
    body = at.ok(
        api(
            cast.admin,
            "post",
            f"/referrals/{rid}",
            {"status": "judged", "result": "判决被告支付劳务报酬600元", "amount_awarded": "600.00"},
        )
    )
    assert body["status"] == "judged" and body["amount_awarded"] == "600.00"
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED and complaint.close_reason == CloseReason.REFERRED_DONE
    assert AuditEntry.objects.filter(object_type="arbitration.referral", object_id=str(rid)).count() >= 4
    assert Notification.objects.filter(user=cast.worker.user, kind="referral_updated").exists()
    outcomes = selectors.referral_outcomes(cast.market, today.strftime("%Y-%m"))
    assert outcomes["total"] == 1 and outcomes["by_status"]["judged"] == 1
    assert outcomes["by_forum"] == [{"forum": LUNAN_COURT, "count": 1}]
    listing = at.ok(api(cast.admin, "get", "/referrals"))
    assert [r["id"] for r in listing] == [rid]
    assert api(cast.worker.user, "get", "/referrals").status_code == 404
    # The staff page lists it.
    client = Client()
    client.force_login(cast.admin)
    page = client.get("/staff/referrals/")
    assert page.status_code == 200 and LUNAN_COURT in page.content.decode()


def test_arbitration_expected_dates(case: dict[str, Any]) -> None:
    cast, complaint, forums = case["cast"], case["complaint"], case["forums"]
    referral = services.create_referral(
        actor=cast.admin,
        complaint_id=complaint.pk,
        forum_id=forums["commission"].pk,
        kind="arbitration",
        sent_at=dt.date(2026, 3, 2),
    )
    assert referral.status == ReferralStatus.SUBMITTED
    referral = services.update_referral(
        actor=cast.admin, referral_id=referral.pk, data={"status": "accepted", "accepted_at": "2026-03-05"}
    )
    dates = selectors.expected_dates(referral)
    assert dates["accept_by"] == dt.date(2026, 3, 7)
    assert dates["award_by"] == dt.date(2026, 4, 19)
    assert dates["award_by_extended"] == dt.date(2026, 5, 4)


def test_bad_input_is_422_and_writes_nothing(case: dict[str, Any]) -> None:
    cast, complaint, forums = case["cast"], case["complaint"], case["forums"]
    path = f"/complaints/{complaint.pk}/referrals"
    bad = api(cast.admin, "post", path, {"forum_id": 999999, "kind": "court"})
    assert bad.status_code == 422 and "forum_id" in bad.json()["errors"]
    bad = api(cast.admin, "post", path, {"forum_id": forums["court"].pk, "kind": "nonsense"})
    assert bad.status_code == 422 and "kind" in bad.json()["errors"]
    bad = api(cast.admin, "post", path, {"forum_id": forums["commission"].pk, "kind": "court"})
    assert bad.status_code == 422 and "forum_id" in bad.json()["errors"]
    future = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    bad = api(cast.admin, "post", path, {"forum_id": forums["court"].pk, "kind": "court", "sent_at": future})
    assert bad.status_code == 422 and "sent_at" in bad.json()["errors"]
    assert bad.json()["code"] and bad.json()["message"]
    assert not Referral.objects.exists()
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ACKNOWLEDGED
    referral = services.create_referral(
        actor=cast.admin, complaint_id=complaint.pk, forum_id=forums["court"].pk, kind="court"
    )
    bad = api(cast.admin, "post", f"/referrals/{referral.pk}", {"status": "flying"})
    assert bad.status_code == 422
    bad = api(cast.admin, "post", f"/referrals/{referral.pk}", {"accepted_at": "2026-13-40"})
    assert bad.status_code == 422


def test_limitation_warning_task_warns_once_per_threshold(case: dict[str, Any]) -> None:
    cast, complaint = case["cast"], case["complaint"]
    deadline = selectors.case_route(complaint, {}).limitation.deadline
    assert deadline is not None
    assert services.warn_limitations(today=deadline - dt.timedelta(days=200)) == 0
    day = deadline - dt.timedelta(days=60)
    assert services.warn_limitations(today=day) == 1
    assert services.warn_limitations(today=day) == 0
    assert services.warn_limitations(today=day + dt.timedelta(days=1)) == 0
    assert services.warn_limitations(today=deadline - dt.timedelta(days=20)) == 1  # the 30-day threshold
    assert LimitationWarning.objects.filter(complaint=complaint).count() == 2
    notes = Notification.objects.filter(user=cast.worker.user, kind="limitation_warning")
    assert notes.count() == 2 and f"/me/complaints/{complaint.pk}/next/" in notes.first().url
    assert AuditEntry.objects.filter(action="arbitration.limitation_warned").count() == 2
    # A submitted case is not warned any more.
    services.create_referral(
        actor=cast.admin,
        complaint_id=complaint.pk,
        forum_id=case["forums"]["court"].pk,
        kind="court",
        sent_at=timezone.localdate(),
    )
    assert services.warn_limitations(today=deadline - dt.timedelta(days=3)) == 0


def test_start_page_shows_route_and_builds(case: dict[str, Any]) -> None:
    cast, complaint = case["cast"], case["complaint"]
    client = Client()
    client.force_login(cast.worker.user)
    url = f"/me/complaints/{complaint.pk}/next/"
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "劳务关系" in html and "时效" in html
    response = client.post(url, {"action": "build", "worker_draws_pension": "0"})
    assert response.status_code == 302
    docs = CaseDocuments.objects.get(complaint=complaint)
    assert docs.answers == {"worker_draws_pension": False}
    html = client.get(url).content.decode()
    assert docs.bundle_sha256 in html
    response = client.post(url, {"action": "referral", "forum_id": "x", "kind": "court"})
    assert response.status_code == 422
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.ACKNOWLEDGED


def test_staff_page_updates_a_referral_and_refuses_bad_input(case: dict[str, Any]) -> None:
    cast, complaint = case["cast"], case["complaint"]
    referral = services.create_referral(
        actor=cast.admin, complaint_id=complaint.pk, forum_id=case["forums"]["court"].pk, kind="court"
    )
    client = Client()
    client.force_login(cast.admin)
    home = client.get("/staff/").content.decode()
    assert "/staff/referrals/" in home
    url = f"/staff/referrals/{referral.pk}/"
    bad = client.post(url, {"status": "submitted", "amount_awarded": "abc"})
    assert bad.status_code == 422 and "请输入正确的金额" in bad.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.PREPARED
    assert client.post(url, {"status": "submitted"}).status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SUBMITTED and referral.sent_at == timezone.localdate()
    # Workers do not reach the staff pages.
    worker = Client()
    worker.force_login(cast.worker.user)
    assert worker.get("/staff/referrals/").status_code == 404
    assert worker.post(url, {"status": "accepted"}).status_code == 404
    # Staff see the relation choice on the case page; the worker does not.
    page = client.get(f"/me/complaints/{complaint.pk}/next/").content.decode()
    assert 'name="relation"' in page
    assert 'name="relation"' not in worker.get(f"/me/complaints/{complaint.pk}/next/").content.decode()


def test_the_monthly_complaint_report_has_the_referral_section(case: dict[str, Any]) -> None:
    """The referral and its result appear in the complaint report's page and .xlsx (report_sections)."""
    import openpyxl

    cast, complaint, forums = case["cast"], case["complaint"], case["forums"]
    at.ok(api(cast.worker.user, "post", f"/complaints/{complaint.pk}/documents"))
    created = at.ok(
        api(
            cast.worker.user,
            "post",
            f"/complaints/{complaint.pk}/referrals",
            {"forum_id": forums["court"].pk, "kind": "court"},
        ),
        201,
    )
    for step in ({"status": "submitted"}, {"status": "accepted"}):
        at.ok(api(cast.admin, "post", f"/referrals/{created['id']}", step))
    at.ok(
        api(
            cast.admin,
            "post",
            f"/referrals/{created['id']}",
            {"status": "judged", "result": "判决支付600元", "amount_awarded": "600.00"},
        )
    )
    month = timezone.localdate().strftime("%Y-%m")
    client = Client()
    client.force_login(cast.admin)
    page = client.get(f"/staff/complaints/report/?month={month}").content.decode()
    assert "转仲裁与诉讼" in page and forums["court"].name in page
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/staff/complaints/report.xlsx?month={month}").content), read_only=True
    )
    rows = {row[0]: row[1] for row in book["转仲裁与诉讼"].iter_rows(min_row=2, values_only=True)}
    assert rows["本月转出（件）"] == 1
    assert rows[f"受理机构：{forums['court'].name}"] == 1
    assert rows["状态：已判决"] == 1 or any(k.startswith("状态：") and v == 1 for k, v in rows.items())
    assert Decimal(str(rows["裁决或判决金额（元）"])) == Decimal("600.00")
