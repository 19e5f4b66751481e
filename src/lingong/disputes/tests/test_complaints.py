"""Complaints (issue 11, section 1): filing with evidence, numbers, refusals, access, acknowledgement."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from lingong import apitools as at
from lingong import testing as t
from lingong.accounts.models import Role
from lingong.audit.models import AuditEntry
from lingong.disputes import services
from lingong.disputes.models import Complaint, ComplaintStatus, Evidence
from lingong.disputes.sniff import sniff
from lingong.engagements.models import Engagement
from lingong.notifications.models import Notification

pytestmark = pytest.mark.django_db


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 30, 30)).save(buffer, format="JPEG")
    return buffer.getvalue()


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200 + b"PE\x00\x00"


@pytest.fixture
def evidence_dir(settings: Any, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path
    return tmp_path / "evidence"


@pytest.fixture
def world(evidence_dir: Path) -> dict[str, Any]:
    market = t.make_market()
    centre_a = t.make_centre(market, "A中心")
    centre_b = t.make_centre(market, "B中心")
    station_a = t.make_station(centre_a, "A驿站")
    station_b = t.make_station(centre_b, "B驿站")
    admin = t.make_staff(Role.MARKET_ADMIN, market)
    worker = t.make_worker(market)
    employer = t.make_employer(market, admin=admin)
    engagement = t.make_engagement(worker, employer)
    Engagement.objects.filter(pk=engagement.pk).update(station=station_a)
    engagement.refresh_from_db()
    stranger_worker = t.make_worker(market, name="李建国")
    return {
        "market": market,
        "admin": admin,
        "worker": worker.user,
        "employer": employer,
        "engagement": engagement,
        "stranger": stranger_worker.user,
        "station_a": t.make_staff(Role.STATION_STAFF, market, centre=centre_a, station=station_a),
        "centre_a": t.make_staff(Role.CENTRE_STAFF, market, centre=centre_a),
        "station_b": t.make_staff(Role.STATION_STAFF, market, centre=centre_b, station=station_b),
        "dir": evidence_dir,
    }


def form(engagement_id: int | None, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "unpaid_pay",
        "what_happened": "干了三天活，老板一直不给工钱。",
        "asks_for": "结清三天工钱900元",
        "amount_claimed": "900.00",
    }
    if engagement_id is not None:
        data["engagement_id"] = str(engagement_id)
    data.update(overrides)
    return data


def post(user: Any, data: dict[str, Any], files: list[tuple[str, bytes, str]] = ()) -> Any:  # type: ignore[assignment]
    body = dict(data)
    if files:
        body["files"] = [
            SimpleUploadedFile(name, content, content_type=ctype) for name, content, ctype in files
        ]
    return Client().post(f"{at.API}/complaints", data=body, headers=at.bearer(at.token_of(user)))


def stored_files(directory: Path) -> list[Path]:
    return [p for p in directory.rglob("*") if p.is_file()] if directory.exists() else []


def test_sniffer_by_content_not_name() -> None:
    assert sniff(jpeg_bytes()[:32]) == "image/jpeg"
    assert sniff(b"%PDF-1.7\n" + b"\x00" * 20) == "application/pdf"
    assert sniff(b"#!AMR\n" + b"\x00" * 20) == "audio/amr"
    assert sniff(b"RIFF\x00\x00\x00\x00WAVEfmt " + b"\x00" * 16) == "audio/wav"
    assert sniff(b"\x00\x00\x00\x20ftypM4A " + b"\x00" * 16) == "audio/mp4"
    assert sniff(EXE[:32]) is None
    assert sniff(b"<?php echo 1; ?>" + b" " * 16) is None


def test_worker_files_with_a_photo(world: dict[str, Any]) -> None:
    photo = jpeg_bytes()
    response = post(world["worker"], form(world["engagement"].pk), [("欠条.jpg", photo, "image/jpeg")])
    body = at.ok(response, 201)
    assert re.fullmatch(r"TS-\d{4}-\d{6}", body["number"])
    assert body["status"] == "filed" and body["filer_role"] == "worker"
    assert body["amount_claimed"] == "900.00"
    complaint = Complaint.objects.get(pk=body["id"])
    assert complaint.other_party == world["employer"]
    assert complaint.acknowledge_by > complaint.filed_at
    evidence = Evidence.objects.get(complaint=complaint)
    assert evidence.content_type == "image/jpeg" and evidence.original_name == "欠条.jpg"
    assert "欠条" not in evidence.file.name and len(Path(evidence.file.name).stem) == 40
    on_disk = world["dir"] / evidence.file.name
    assert on_disk.read_bytes() == photo
    import hashlib

    assert evidence.sha256 == hashlib.sha256(photo).hexdigest()
    # Acknowledgement of filing: the filer gets the number, the other party is told; both audited.
    mine = Notification.objects.get(user=world["worker"], kind="complaint_filed")
    assert complaint.number in mine.title and mine.url == f"/me/complaints/{complaint.pk}/"
    theirs = Notification.objects.get(user=world["employer"], kind="complaint_against")
    assert theirs.title == "有人就您的用工提交了投诉"
    actions = set(AuditEntry.objects.filter(object_id=str(complaint.pk)).values_list("action", flat=True))
    assert {"complaint.filed", "complaint.filer_notified", "complaint.other_party_notified"} <= actions
    assert [c["id"] for c in at.ok(at.get(Client(), "/me/complaints", at.token_of(world["worker"])))] == [
        complaint.pk
    ]
    assert [c["id"] for c in at.ok(at.get(Client(), "/me/complaints", at.token_of(world["employer"])))] == [
        complaint.pk
    ]
    assert at.ok(at.get(Client(), "/me/complaints", at.token_of(world["stranger"]))) == []


def test_numbers_are_sequential_and_unique(world: dict[str, Any]) -> None:
    first = at.ok(post(world["worker"], form(world["engagement"].pk)), 201)["number"]
    second = at.ok(post(world["employer"], form(world["engagement"].pk, kind="other")), 201)["number"]
    assert first != second
    assert int(second[-6:]) == int(first[-6:]) + 1
    assert Complaint.objects.get(number=second).filer_role == "employer"
    assert Complaint.objects.get(number=second).other_party == world["worker"]


def test_exe_renamed_jpg_refuses_everything(world: dict[str, Any]) -> None:
    files = [("ok.jpg", jpeg_bytes(), "image/jpeg"), ("photo.jpg", EXE, "image/jpeg")]
    body = at.error(post(world["worker"], form(world["engagement"].pk), files), 422, "invalid_input", "files")
    assert "photo.jpg" in " ".join(body["errors"]["files"])
    assert not Complaint.objects.exists() and not Evidence.objects.exists()
    assert stored_files(world["dir"]) == []
    assert not Notification.objects.filter(kind__startswith="complaint").exists()


def test_too_large_file_refused(world: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    # Service level: the 10 MB per-file limit.
    big = SimpleUploadedFile("big.jpg", jpeg_bytes() + b"\x00" * services.MAX_FILE_BYTES, "image/jpeg")
    data = services.ComplaintInput(
        **{**form(world["engagement"].pk), "engagement_id": world["engagement"].pk}
    )
    with pytest.raises(services.InvalidInput) as refused:
        services.file_complaint(actor=world["worker"], data=data, files=[big])
    assert "files" in refused.value.errors
    assert not Complaint.objects.exists() and stored_files(world["dir"]) == []
    # Through the API: an 11 MB photo is a field error, a 6 MB one is taken (the evidence path's body cap
    # is 51 MB, not the 5 MB of other requests).
    eleven = [("big.jpg", jpeg_bytes() + b"\x00" * (11 * 1024 * 1024), "image/jpeg")]
    body = at.error(post(world["worker"], form(world["engagement"].pk), eleven), 422, "invalid_input")
    assert "10MB" in body["errors"]["files"][0]
    assert not Complaint.objects.exists() and stored_files(world["dir"]) == []
    six = [("six.jpg", jpeg_bytes() + b"\x00" * (6 * 1024 * 1024), "image/jpeg")]
    assert post(world["worker"], form(world["engagement"].pk), six).status_code == 201
    assert Evidence.objects.get().size > 6 * 1024 * 1024
    Complaint.objects.all().delete()


def test_a_200_mb_upload_is_413_and_nothing_is_stored(world: dict[str, Any]) -> None:
    response = Client().post(
        "/api/v1/complaints",
        data=b"--x--",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
        headers=at.bearer(at.token_of(world["worker"])),
    )
    body = at.error(response, 413, "request_too_large")
    assert body["errors"] == {}
    assert not Complaint.objects.exists() and stored_files(world["dir"]) == []


def test_bad_input_lists_every_field(world: dict[str, Any]) -> None:
    body = at.error(
        post(world["worker"], form(world["engagement"].pk, kind="nonsense", what_happened=" ", asks_for=" ")),
        422,
        "invalid_input",
    )
    assert {"kind", "what_happened", "asks_for"} <= set(body["errors"])
    assert not Complaint.objects.exists()


def test_someone_elses_engagement_is_404(world: dict[str, Any]) -> None:
    files = [("a.jpg", jpeg_bytes(), "image/jpeg")]
    at.error(post(world["stranger"], form(world["engagement"].pk), files), 404, "not_found")
    assert not Complaint.objects.exists() and stored_files(world["dir"]) == []


def test_access_to_complaint_and_evidence(world: dict[str, Any]) -> None:
    photo = jpeg_bytes()
    body = at.ok(post(world["worker"], form(world["engagement"].pk), [("x.jpg", photo, "image/jpeg")]), 201)
    path = f"/complaints/{body['id']}"
    evidence_path = f"{path}/evidence/{body['evidence'][0]['id']}"
    allowed = ["worker", "employer", "admin", "centre_a", "station_a"]
    for name in allowed:
        token = at.token_of(world[name])
        assert at.ok(at.get(Client(), path, token))["number"] == body["number"], name
        response = at.get(Client(), evidence_path, token)
        assert response.status_code == 200, name
        assert b"".join(response.streaming_content) == photo
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]
        assert response["Content-Type"] == "image/jpeg"
    for name in ["stranger", "station_b"]:
        token = at.token_of(world[name])
        at.error(at.get(Client(), path, token), 404)
        at.error(at.get(Client(), evidence_path, token), 404)
    assert at.get(Client(), path).status_code == 401
    # An evidence id of another complaint through this complaint's URL is 404.
    other = at.ok(
        post(world["employer"], form(world["engagement"].pk), [("y.jpg", photo, "image/jpeg")]), 201
    )
    at.error(
        at.get(Client(), f"{path}/evidence/{other['evidence'][0]['id']}", at.token_of(world["worker"])), 404
    )


def test_acknowledge_notifies_both_sides(world: dict[str, Any]) -> None:
    body = at.ok(post(world["worker"], form(world["engagement"].pk)), 201)
    ack = f"/complaints/{body['id']}/acknowledge"
    at.error(
        at.send(Client(), "post", ack, at.token_of(world["station_b"])),
        404,
    )
    at.error(at.send(Client(), "post", ack, at.token_of(world["worker"])), 404)
    done = at.ok(at.send(Client(), "post", ack, at.token_of(world["station_a"])))
    assert done["status"] == ComplaintStatus.ACKNOWLEDGED and done["acknowledged_at"]
    for user in (world["worker"], world["employer"]):
        note = Notification.objects.get(user=user, kind="complaint_acknowledged")
        assert body["number"] in note.title
    assert AuditEntry.objects.filter(object_id=str(body["id"]), action="complaint.acknowledged").exists()
    at.error(
        at.send(Client(), "post", ack, at.token_of(world["admin"])),
        409,
        "invalid_transition",
    )


@pytest.mark.django_db(transaction=True)
def test_two_filings_at_once_get_distinct_numbers(world: dict[str, Any]) -> None:
    """Each thread has its own connection: the counter row lock (PostgreSQL; on SQLite the IMMEDIATE write
    transaction) gives every filing its own number."""
    import threading

    from django.db import connection

    barrier = threading.Barrier(2)
    numbers: list[str] = []
    lock = threading.Lock()

    def file(user: Any) -> None:
        try:
            barrier.wait(timeout=30)
            fields = {**form(world["engagement"].pk), "engagement_id": world["engagement"].pk}
            complaint = services.file_complaint(actor=user, data=services.ComplaintInput(**fields))
            result = complaint.number
        except Exception as exc:  # pragma: no cover - reported in the assertion below
            result = f"crash:{type(exc).__name__}:{exc}"
        finally:
            connection.close()
        with lock:
            numbers.append(result)

    threads = [threading.Thread(target=file, args=(world[name],)) for name in ("worker", "employer")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(n.startswith("TS-") for n in numbers), numbers
    assert len(set(numbers)) == 2
    assert sorted(int(n[-6:]) for n in numbers) == [1, 2]
    assert Complaint.objects.count() == 2


def test_worker_page_files_from_the_engagement(world: dict[str, Any]) -> None:
    client = Client()
    client.force_login(world["worker"])
    engagement = world["engagement"]
    page = client.get(f"/work/{engagement.pk}/")
    assert f"/me/complaints/new/?engagement={engagement.pk}" in page.content.decode()
    form_page = client.get(f"/me/complaints/new/?engagement={engagement.pk}")
    assert form_page.status_code == 200 and "我要投诉" in form_page.content.decode()
    photo = SimpleUploadedFile("现场.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = client.post(
        "/me/complaints/new/", {**form(engagement.pk), "files": [photo]}, HTTP_HOST="testserver"
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/me/complaints/{complaint.pk}/"
    detail = client.get(response["Location"]).content.decode()
    assert complaint.number in detail and "现场.jpg" in detail
    bad = client.post("/me/complaints/new/", form(engagement.pk, what_happened=""))
    assert bad.status_code == 422 and Complaint.objects.count() == 1
    stranger = Client()
    stranger.force_login(world["stranger"])
    assert stranger.get(f"/me/complaints/{complaint.pk}/").status_code == 404


def test_close_complaint_records_reason_and_refuses_twice(world: Any) -> None:
    from lingong.core.errors import ConflictError
    from lingong.disputes.models import CloseReason

    complaint = services.file_complaint(
        actor=world["worker"],
        data=services.ComplaintInput(
            kind="unpaid_pay", what_happened="没发工资", asks_for="补发", engagement_id=world["engagement"].pk
        ),
    )
    closed = services.close_complaint(
        actor=None, complaint_id=complaint.pk, reason=CloseReason.PAID, amount_recovered=Decimal("300.00")
    )
    assert closed.status == "closed" and closed.closed_at is not None
    assert closed.amount_recovered == Decimal("300.00") and closed.due_at is None
    assert Notification.objects.filter(user=world["worker"], kind="complaint_closed").count() == 1
    with pytest.raises(ConflictError):
        services.close_complaint(actor=None, complaint_id=complaint.pk, reason=CloseReason.PAID)
    with pytest.raises(services.InvalidInput):
        services.close_complaint(actor=None, complaint_id=complaint.pk, reason="nope")


def test_my_complaints_page_lists_filed_and_against(world: dict[str, Any]) -> None:
    complaint = services.file_complaint(
        actor=world["worker"],
        data=services.ComplaintInput(
            kind="unpaid_pay", what_happened="没发工资", asks_for="补发", engagement_id=world["engagement"].pk
        ),
    )
    worker = Client()
    worker.force_login(world["worker"])
    page = worker.get("/me/complaints/").content.decode()
    assert complaint.number in page and 'data-testid="my-complaints"' in page
    assert 'data-testid="nav-complaints"' in page
    if complaint.other_party is not None:
        other = Client()
        other.force_login(complaint.other_party)
        page = other.get("/me/complaints/").content.decode()
        assert complaint.number in page and 'data-testid="complaints-against"' in page
    assert Client().get("/me/complaints/").status_code == 302


def test_every_member_of_the_employer_sees_a_complaint_about_its_engagement(world: dict[str, Any]) -> None:
    from lingong.accounts.models import User
    from lingong.employers.models import EnterpriseMember, MemberRole

    complaint = services.file_complaint(
        actor=world["worker"],
        data=services.ComplaintInput(
            kind="unpaid_pay", what_happened="没发工资", asks_for="补发", engagement_id=world["engagement"].pk
        ),
    )
    recruiter = User.objects.create_user(phone="13900000999", password="x-Lingong2026", role=Role.EMPLOYER)
    EnterpriseMember.objects.create(
        user=recruiter, enterprise=world["engagement"].enterprise, role=MemberRole.RECRUITER
    )
    assert complaint.other_party_id != recruiter.pk
    assert services.can_see(recruiter, complaint)
    assert complaint in services.my_complaints(recruiter)
    stranger = User.objects.create_user(phone="13900000998", password="x-Lingong2026", role=Role.EMPLOYER)
    assert not services.can_see(stranger, complaint) and services.my_complaints(stranger) == []
