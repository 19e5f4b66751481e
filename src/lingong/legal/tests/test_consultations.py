"""Legal consultations: roster and slots, booking (double booking 409, past 422), cancel, advice,
reminders once with an injected now, access."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from lingong import apitools as at
from lingong import testing as t
from lingong.accounts.models import Role
from lingong.audit.models import AuditEntry
from lingong.core.errors import InvalidInput, PermissionDeniedError
from lingong.legal import services
from lingong.legal.models import Consultation, ConsultationSlot, LegalAdviser, SlotStatus
from lingong.notifications.models import Notification
from lingong.org.policy import policy_for

pytestmark = pytest.mark.django_db

QUESTION = {"topic": "construction", "question": "干了半个月活，老板只给了一半工钱，怎么办？"}


def book(user: Any, slot_id: int, body: dict[str, Any] | None = None) -> Any:
    return at.send(Client(), "post", f"/legal/slots/{slot_id}/book", at.token_of(user), body or QUESTION)


def test_worker_books_and_is_notified(legal_world: dict[str, Any]) -> None:
    w = legal_world
    body = at.ok(book(w["worker"], w["slot"].pk), 201)
    assert body["status"] == "booked" and body["slot"]["mode"] == "on_site"
    w["slot"].refresh_from_db()
    assert w["slot"].status == SlotStatus.BOOKED
    note = Notification.objects.get(user=w["worker"], kind="legal_consultation_booked")
    assert note.url == "/me/consultations/"
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "consultation.booked",
        "legal_slot.booked",
        "legal.adviser_created",
        "legal.slot_created",
    } <= actions
    mine = at.ok(at.get(Client(), "/me/consultations", at.token_of(w["worker"])))
    assert [c["id"] for c in mine] == [body["id"]]
    assert at.ok(at.get(Client(), "/me/consultations", at.token_of(w["other"]))) == []
    # The open-slot list no longer offers it.
    assert w["slot"].pk not in [s["id"] for s in at.ok(at.get(Client(), "/legal/slots"))]


def test_second_booking_is_409_and_stores_nothing(legal_world: dict[str, Any]) -> None:
    w = legal_world
    at.ok(book(w["worker"], w["slot"].pk), 201)
    notes = Notification.objects.count()
    entries = AuditEntry.objects.count()
    at.error(book(w["other"], w["slot"].pk), 409, "slot_taken")
    assert Consultation.objects.count() == 1
    assert Notification.objects.count() == notes and AuditEntry.objects.count() == entries


def test_one_live_booking_per_slot_is_enforced_by_the_database(legal_world: dict[str, Any]) -> None:
    from django.db import IntegrityError, transaction

    w = legal_world
    Consultation.objects.create(
        market=w["market"], slot=w["slot"], worker=w["worker"], question="问题一二三四五"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Consultation.objects.create(
            market=w["market"], slot=w["slot"], worker=w["other"], question="问题一二三四五"
        )


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_one_wins(legal_world: dict[str, Any]) -> None:
    w = legal_world
    results: list[str] = []

    def attempt(user: Any) -> None:
        try:
            services.book(actor=user, slot_id=w["slot"].pk, data=services.BookingInput(**QUESTION))
            results.append("ok")
        except Exception as exc:
            results.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in (w["worker"], w["other"])]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert results.count("ok") == 1, results
    assert Consultation.objects.filter(slot=w["slot"]).count() == 1


def test_past_slot_is_422(legal_world: dict[str, Any]) -> None:
    w = legal_world
    past = ConsultationSlot.objects.create(
        market=w["market"],
        adviser=w["adviser"],
        starts_at=timezone.now() - dt.timedelta(hours=1),
        ends_at=timezone.now() - dt.timedelta(minutes=30),
        mode="phone",
    )
    at.error(book(w["worker"], past.pk), 422, "invalid_input", "slot")
    assert not Consultation.objects.exists()


def test_bad_booking_input_is_422(legal_world: dict[str, Any]) -> None:
    w = legal_world
    body = at.error(
        book(w["worker"], w["slot"].pk, {"topic": "space", "question": "短"}), 422, "invalid_input"
    )
    assert {"topic", "question"} <= set(body["errors"])
    at.error(book(w["worker"], w["slot"].pk, {"question": "长" * 1001}), 422)
    at.error(book(w["worker"], 999999), 404, "not_found")
    at.error(book(w["admin"], w["slot"].pk), 403)
    assert not Consultation.objects.exists()


def test_cancel_reopens_the_slot(legal_world: dict[str, Any]) -> None:
    w = legal_world
    booking = at.ok(book(w["worker"], w["slot"].pk), 201)
    at.error(
        at.send(Client(), "post", f"/legal/consultations/{booking['id']}/cancel", at.token_of(w["other"])),
        404,
    )
    body = at.ok(
        at.send(Client(), "post", f"/legal/consultations/{booking['id']}/cancel", at.token_of(w["worker"]))
    )
    assert body["status"] == "cancelled"
    w["slot"].refresh_from_db()
    assert w["slot"].status == SlotStatus.OPEN
    at.error(
        at.send(Client(), "post", f"/legal/consultations/{booking['id']}/cancel", at.token_of(w["worker"])),
        409,
        "invalid_transition",
    )
    at.ok(book(w["other"], w["slot"].pk), 201)


def test_staff_record_advice(legal_world: dict[str, Any]) -> None:
    w = legal_world
    booking = at.ok(book(w["worker"], w["slot"].pk), 201)
    path = f"/legal/consultations/{booking['id']}/advice"
    advice = {"advice": "属于劳务关系，建议先申请人民调解，保留考勤和聊天记录。"}
    at.error(at.send(Client(), "post", path, at.token_of(w["worker"]), advice), 404)
    at.error(
        at.send(Client(), "post", path, at.token_of(w["station_staff"]), {"advice": ""}), 422, field="advice"
    )
    body = at.ok(at.send(Client(), "post", path, at.token_of(w["station_staff"]), advice))
    assert body["status"] == "done" and body["advice"] == advice["advice"]
    w["slot"].refresh_from_db()
    assert w["slot"].status == SlotStatus.DONE
    assert Notification.objects.filter(user=w["worker"], kind="legal_advice_recorded").exists()
    at.error(at.send(Client(), "post", path, at.token_of(w["admin"]), advice), 409)


def test_reminder_sent_once_at_policy_hours(legal_world: dict[str, Any]) -> None:
    w = legal_world
    booking = services.book(actor=w["worker"], slot_id=w["slot"].pk, data=services.BookingInput(**QUESTION))
    starts = w["slot"].starts_at
    hours = policy_for(w["market"].pk).consultation_reminder_hours
    assert services.send_reminders(now=starts - dt.timedelta(hours=hours, minutes=20)) == 0
    now = starts - dt.timedelta(hours=hours, minutes=-10)
    assert services.send_reminders(now=now) == 1
    assert services.send_reminders(now=now + dt.timedelta(minutes=15)) == 0
    booking.refresh_from_db()
    assert booking.reminded_at == now
    assert Notification.objects.filter(user=w["worker"], kind="legal_consultation_reminder").count() == 1
    assert AuditEntry.objects.filter(action="consultation.reminded", object_id=str(booking.pk)).count() == 1


def test_roster_and_slot_rules(legal_world: dict[str, Any]) -> None:
    w = legal_world
    with pytest.raises(PermissionDeniedError):
        services.save_adviser(actor=w["station_staff"], data=services.AdviserInput(name="x"))
    with pytest.raises(InvalidInput) as refused:
        services.save_adviser(actor=w["centre_staff"], data=services.AdviserInput(name="", kind="judge"))
    assert {"name", "kind", "industries"} <= set(refused.value.errors)
    assert LegalAdviser.objects.count() == 1
    start = w["slot"].starts_at + dt.timedelta(minutes=10)
    with pytest.raises(InvalidInput) as clash:
        services.add_slot(
            actor=w["admin"],
            data=services.SlotInput(
                adviser_id=w["adviser"].pk,
                starts_at=start,
                ends_at=start + dt.timedelta(minutes=30),
                mode="phone",
            ),
        )
    assert "starts_at" in clash.value.errors
    with pytest.raises(InvalidInput) as bad:
        services.add_slot(
            actor=w["admin"],
            data=services.SlotInput(
                adviser_id=w["adviser"].pk,
                starts_at=timezone.now() - dt.timedelta(hours=1),
                ends_at=timezone.now(),
                mode="video",
                video_link="ftp://x",
            ),
        )
    assert {"starts_at", "video_link"} <= set(bad.value.errors)
    assert ConsultationSlot.objects.count() == 1


def test_arbitration_day_slots_are_booked_the_same_way(legal_world: dict[str, Any]) -> None:
    w = legal_world
    day_date = timezone.localdate() + dt.timedelta(days=5)
    day = services.save_arbitration_day(
        actor=w["admin"],
        data=services.DayInput(
            date=day_date.isoformat(), place="零工市场一楼", commission="唐山市劳动人事争议仲裁委员会"
        ),
    )
    start = timezone.make_aware(dt.datetime.combine(day_date, dt.time(9, 0)))
    slot = services.add_slot(
        actor=w["admin"],
        data=services.SlotInput(
            arbitration_day_id=day.pk,
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=20),
            mode="on_site",
            place="一楼仲裁庭",
        ),
    )
    days = at.ok(at.get(Client(), "/legal/arbitration-days"))
    assert [d["id"] for d in days] == [day.pk] and days[0]["open_slots"][0]["id"] == slot.pk
    at.ok(book(w["worker"], slot.pk), 201)
    assert at.ok(at.get(Client(), "/legal/arbitration-days"))[0]["open_slots"] == []


def test_other_markets_slot_is_404(legal_world: dict[str, Any]) -> None:
    from lingong.org.models import Market

    w = legal_world
    other_market = Market.objects.create(
        code="other", name="另一个市场", address="x", division=w["market"].division, lat=0, lon=0
    )
    admin_b = t.make_staff(Role.MARKET_ADMIN, other_market)
    adviser_b = services.save_adviser(
        actor=admin_b, data=services.AdviserInput(name="赵律师", kind="lawyer", industries=["other"])
    )
    start = timezone.now() + dt.timedelta(days=1)
    slot_b = services.add_slot(
        actor=admin_b,
        data=services.SlotInput(
            adviser_id=adviser_b.pk, starts_at=start, ends_at=start + dt.timedelta(minutes=30), mode="phone"
        ),
    )
    at.error(book(w["worker"], slot_b.pk), 404)
    assert not Consultation.objects.exists()
