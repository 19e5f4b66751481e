"""Closing an account: refused while work is not ended and paid; then personal data erased, what tax and
contract law keep locked (staff read it with a logged reason) and erased by the task when the time is up."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.test import Client
from django.utils import timezone

from lingong import testing as t
from lingong.accounts.models import LoginEvent, User
from lingong.apitools import error, ok, send, token_of
from lingong.audit.models import AuditEntry
from lingong.contracts.models import Contract, ContractSignature
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError, PermissionDeniedError
from lingong.engagements.models import Shift
from lingong.notifications.models import Notification
from lingong.rights import services
from lingong.rights.models import RetainedRecord, RightsRequest
from lingong.rights.tasks import purge_retained_data_daily
from lingong.rights.tests.helpers import paid_engagement
from lingong.settlement.models import Statement
from lingong.workers.models import WorkerProfile, WorkerSkill


def test_deletion_is_refused_while_an_engagement_is_in_progress(client: Client, cast: Any) -> None:
    engagement = t.make_engagement(cast.worker, cast.employer)
    body = error(
        send(client, "post", "/me/deletion-request", token_of(cast.worker.user), {}), 409, "deletion_blocked"
    )
    assert str(engagement.pk) in body["message"] and "结清" in body["message"]
    assert not RightsRequest.objects.exists()
    # Staff accounts are closed by their admin.
    error(
        send(client, "post", "/me/deletion-request", token_of(cast.station_staff), {}),
        409,
        "deletion_blocked",
    )


def erase(cast: Any) -> tuple[WorkerProfile, Any]:
    worker = cast.worker
    engagement = paid_engagement(worker, cast.employer)
    Client().login(phone=worker.user.phone, password=t.PASSWORD)
    request = services.request_deletion(actor=worker.user, detail="不再找工作")
    assert request.kind == "deletion"
    with_reason = PermissionDeniedError
    try:
        services.decide(actor=cast.station_staff, request_id=request.pk, complete=True, note="")
    except with_reason:
        pass
    else:  # pragma: no cover
        raise AssertionError("station staff may not close accounts")
    services.decide(actor=cast.admin, request_id=request.pk, complete=True, note="已注销")
    return worker, engagement


def test_deletion_anonymises_and_locks_what_the_law_keeps(client: Client, cast: Any) -> None:
    old_phone, old_id, user_id = cast.worker.user.phone, cast.worker.id_number, cast.worker.user.pk
    worker, engagement = erase(cast)

    user = User.objects.get(pk=user_id)
    assert user.phone != old_phone and not user.phone.startswith("1")
    assert (user.display_name, user.is_active, user.has_usable_password()) == ("", False, False)
    assert user.erased_at is not None
    profile = WorkerProfile.objects.get(pk=worker.pk)
    assert (profile.real_name, profile.id_number, profile.id_number_index, profile.home_lat) == (
        "",
        "",
        None,
        None,
    )
    assert not WorkerSkill.objects.filter(worker=profile).exists()
    assert not LoginEvent.objects.filter(user=user).exists()
    assert not Notification.objects.filter(user=user).exists()
    assert not Shift.objects.filter(engagement=engagement, check_in_lat__isnull=False).exists()
    # Nobody can sign in with the old number, by page or API.
    assert not client.login(phone=old_phone, password=t.PASSWORD)
    body = json.dumps({"phone": old_phone, "password": t.PASSWORD})
    assert client.post("/api/v1/auth/login", body, content_type="application/json").status_code >= 400

    # Kept and locked: the statement and the contract still exist, readable by nobody through the usual doors.
    assert Statement.objects.filter(engagement=engagement).exists()
    contract = Contract.objects.filter(engagement=engagement).first()
    assert contract is not None and bytes(contract.pdf).startswith(b"%PDF")
    token = token_of(cast.employer)
    error(send(client, "get", f"/contracts/{contract.pk}", token), 404)
    error(send(client, "get", f"/engagements/{engagement.pk}", token_of(cast.admin)), 404)
    records = {r.category: r for r in RetainedRecord.objects.filter(user=user)}
    assert set(records) == {"tax", "contract"}
    year = timezone.localdate().year
    assert records["tax"].retain_until == dt.date(year + 10, 12, 31)
    assert records["contract"].retain_until == engagement.end_date.replace(year=engagement.end_date.year + 3)

    # Staff read the locked data only with a reason, and the read is in the audit trail.
    try:
        services.read_locked(actor=cast.admin, record_id=records["tax"].pk, reason="查")
    except InvalidInput:
        pass
    else:  # pragma: no cover
        raise AssertionError("a reason is required")
    try:
        services.read_locked(
            actor=cast.other_station_staff, record_id=records["tax"].pk, reason="税务核查需要"
        )
    except NotFoundError:
        pass
    else:  # pragma: no cover
        raise AssertionError("out of scope")
    content = services.read_locked(
        actor=cast.admin, record_id=records["tax"].pk, reason="税务机关来函核查代扣申报"
    )
    assert content["identity"]["id_number"] == old_id and content["statements"]
    entry = AuditEntry.objects.get(action="rights.locked_data_read")
    assert (entry.actor_id, entry.data["reason"]) == (cast.admin.pk, "税务机关来函核查代扣申报")

    client.force_login(cast.admin)
    page = client.post(f"/staff/rights/locked/{records['contract'].pk}/", {"reason": "劳务纠纷调解调取协议"})
    assert "江小军" in page.content.decode()
    assert AuditEntry.objects.filter(action="rights.locked_data_read").count() == 2

    # Closing twice is refused.
    try:
        services.erase_account(actor=cast.admin, user_id=user.pk)
    except ConflictError as exc:
        assert exc.code == "already_erased"


def test_the_daily_task_erases_locked_data_after_its_retention_period(cast: Any) -> None:
    worker, engagement = erase(cast)
    contract_record = RetainedRecord.objects.get(user=worker.user, category="contract")
    tax_record = RetainedRecord.objects.get(user=worker.user, category="tax")
    # Time travel: the contract's period ended yesterday, the tax records' has years to run.
    RetainedRecord.objects.filter(pk=contract_record.pk).update(
        created_at=timezone.now() - dt.timedelta(days=3 * 366),
        retain_until=timezone.localdate() - dt.timedelta(days=1),
    )
    purge_retained_data_daily.call_local()

    contract_record.refresh_from_db()
    tax_record.refresh_from_db()
    assert contract_record.purged_at is not None and contract_record.snapshot == ""
    contract = Contract.objects.get(engagement=engagement, version=1)
    assert (bytes(contract.pdf), contract.signed_pdf, contract.terms) == (b"", None, {})
    assert not ContractSignature.objects.filter(contract=contract).exclude(user_agent="").exists()
    assert tax_record.purged_at is None and json.loads(tax_record.snapshot)["identity"]["id_number"]
    assert AuditEntry.objects.filter(
        action="rights.locked_data_purged", object_id=str(contract_record.pk)
    ).exists()
    # Purged: no longer readable.
    try:
        services.read_locked(actor=cast.admin, record_id=contract_record.pk, reason="再次调取协议")
    except NotFoundError:
        pass
    else:  # pragma: no cover
        raise AssertionError("purged records are gone")


def test_api_deletion_request(client: Client, cast: Any) -> None:
    created = ok(
        send(client, "post", "/me/deletion-request", token_of(cast.worker.user), {"detail": "不用了"}), 201
    )
    assert created["kind"] == "deletion" and created["due_at"]


def test_deletion_page_says_what_blocks_it_then_files_the_request(client: Client, cast: Any) -> None:
    t.make_engagement(cast.worker, cast.employer)
    client.force_login(cast.worker.user)
    page = client.get("/me/privacy/delete/").content.decode()
    assert 'data-testid="deletion-blockers"' in page and "尚未结束或尚未结清" in page
    client.force_login(cast.other_worker.user)
    assert "我已了解注销的后果" in client.get("/me/privacy/delete/").content.decode()
    client.post("/me/privacy/delete/", {"detail": "不用了"})  # not confirmed: nothing filed
    assert not RightsRequest.objects.filter(user=cast.other_worker.user).exists()
    assert client.post("/me/privacy/delete/", {"confirm": "on"}).status_code == 302
    assert RightsRequest.objects.get(user=cast.other_worker.user).kind == "deletion"


def test_an_employer_member_can_close_their_account_and_the_enterprise_stays(cast: Any) -> None:
    from lingong.employers.models import Enterprise, EnterpriseMember

    member = cast.other_employer
    enterprise_id = member.membership.enterprise_id
    request = services.request_deletion(actor=member)
    services.decide(actor=cast.admin, request_id=request.pk, complete=True, note="")
    member.refresh_from_db()
    assert (member.is_active, member.erased_at is not None) == (False, True)
    assert not EnterpriseMember.objects.filter(user=member).exists()
    assert Enterprise.objects.filter(pk=enterprise_id).exists()
    assert not RetainedRecord.objects.filter(user=member).exists()
