"""Worker registration and profile changes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts import services as accounts
from lingong.accounts.access import market_of, require_role, require_staff, staff_can_see_station
from lingong.accounts.models import OtpPurpose, Role, User
from lingong.audit import trail as audit
from lingong.core import crypto
from lingong.core.errors import (
    ConflictError,
    InvalidInput,
    NotFoundError,
    PermissionDeniedError,
)
from lingong.core.validators import parse_resident_id
from lingong.org.area import validate_in_market_area
from lingong.org.models import Division, Station
from lingong.org.policy import policy_for
from lingong.org.selectors import default_market
from lingong.taxonomy.models import CertificateType, Occupation, PayUnit
from lingong.workers.models import (
    Availability,
    ConsentChannel,
    ConsentPurpose,
    ConsentRecord,
    DayType,
    RegistrationChannel,
    TargetGroup,
    WorkerCertificate,
    WorkerProfile,
    WorkerSkill,
)


@dataclass
class ProfileInput:
    """What a worker (or staff on their behalf) fills in. ``None`` means "leave unchanged"."""

    real_name: str | None = None
    id_number: str | None = None
    home_division: str | None = None
    home_lat: float | None = None
    home_lon: float | None = None
    travel_radius_km: int | None = None
    expected_pay: Decimal | str | None = None
    expected_pay_unit: str | None = None
    day_type: str | None = None
    skills: Sequence[tuple[str, int]] | None = None
    intended_occupations: Sequence[str] | None = None
    intended_divisions: Sequence[str] | None = None
    availability: Sequence[tuple[int, time, time]] | None = None
    target_groups: Sequence[str] | None = None
    about: str | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)


def _err(errors: dict[str, list[str]], name: str, message: str) -> None:
    errors.setdefault(name, []).append(str(message))


def _record_consent(
    user: User, purpose: str, channel: str, reference: str = "", recorded_by: User | None = None
) -> None:
    ConsentRecord.objects.create(
        user=user,
        notice_version=settings.LINGONG_PRIVACY_NOTICE_VERSION,
        purpose=purpose,
        channel=channel,
        reference=reference[:64],
        recorded_by=recorded_by,
    )


@transaction.atomic
def register_worker(
    *, phone: str, password: str, display_name: str = "", consent: bool, station_id: int | None = None
) -> WorkerProfile:
    """Self-registration: a phone number, a password and consent to the privacy notice.

    ``station_id`` is the station whose QR code or page the worker came from: the worker joins that
    station (and its market), as a walk-in joins the station that registered them."""
    if not consent:
        raise InvalidInput(
            _("请阅读并同意《个人信息保护告知书》后再注册。"), errors={"consent": [_("必须同意")]}
        )
    station = registration_station(station_id) if station_id is not None else None
    user = accounts.create_account(
        phone=phone,
        password=password,
        role=Role.WORKER,
        display_name=display_name,
        market_id=station.market_id if station else default_market().pk,
    )
    profile = WorkerProfile.objects.create(user=user, market=market_of(user), real_name="", station=station)
    _record_consent(user, ConsentPurpose.REGISTRATION, ConsentChannel.APP)
    data: dict[str, Any] = {"channel": "self"}
    if station is not None:
        data.update(station=station.pk, station_name=station.name)
    audit.record(action="worker.registered", obj=profile, actor=user, data=data)
    return profile


def registration_station(station_id: Any) -> Station:
    """The active station a sign-up link names, or a 422 saying the link is out of date."""
    station = None
    if str(station_id).isdigit():
        station = Station.objects.filter(pk=int(station_id), is_active=True).first()
    if station is None:
        raise InvalidInput(
            _("登记链接中的驿站不存在或已停用，请到驿站重新扫码，或直接注册。"),
            errors={"station": [_("驿站无效")]},
        )
    return station


def _apply_identity(profile: WorkerProfile, data: ProfileInput, errors: dict[str, list[str]]) -> None:
    if data.real_name is not None:
        name = data.real_name.strip()
        if not 2 <= len(name) <= 30:
            _err(errors, "real_name", _("请填写2至30个字的真实姓名"))
        profile.real_name = name
    if data.id_number is not None and data.id_number.strip():
        try:
            rid = parse_resident_id(data.id_number)
        except ValidationError as exc:
            _err(errors, "id_number", exc.messages[0])
            return
        index = crypto.blind_index(rid.number)
        taken = WorkerProfile.objects.filter(id_number_index=index).exclude(pk=profile.pk).exists()
        if taken:
            _err(errors, "id_number", _("该身份证号码已登记在其他账户下"))
            return
        profile.id_number = rid.number
        profile.id_number_index = index
        profile.gender = rid.gender
        profile.birth_date = rid.birth_date


def _apply_location(profile: WorkerProfile, data: ProfileInput, errors: dict[str, list[str]]) -> None:
    if data.home_division is not None:
        division = Division.objects.filter(code=data.home_division).first()
        if division is None:
            _err(errors, "home_division", _("请选择有效的区域"))
        else:
            profile.home_division = division
            if data.home_lat is None and data.home_lon is None:
                profile.home_lat, profile.home_lon = division.lat, division.lon
    if data.home_lat is not None or data.home_lon is not None:
        try:
            validate_in_market_area(data.home_lat, data.home_lon, profile.market_id)
        except ValidationError as exc:
            _err(errors, "home_location", exc.messages[0])
        else:
            profile.home_lat, profile.home_lon = data.home_lat, data.home_lon
    if data.travel_radius_km is not None:
        if not 1 <= int(data.travel_radius_km) <= 300:
            _err(errors, "travel_radius_km", _("通勤距离应在1至300公里之间"))
        else:
            profile.travel_radius_km = int(data.travel_radius_km)


def parse_pay(
    value: Any,
    errors: dict[str, list[str]],
    name: str,
    *,
    allow_none: bool = True,
    market_id: int | None = None,
) -> Decimal | None:
    if value is None or value == "":
        if not allow_none:
            _err(errors, name, _("请填写报酬"))
        return None
    if isinstance(value, float):
        value = str(value)
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        _err(errors, name, _("请填写有效的金额"))
        return None
    if not amount.is_finite() or amount < 0:
        _err(errors, name, _("金额不能为负数"))
        return None
    if amount > (max_pay := policy_for(market_id).max_pay):
        _err(errors, name, _("金额超出合理范围（不超过%(max)s元）") % {"max": max_pay})
        return None
    if amount != amount.quantize(Decimal("0.01")):
        _err(errors, name, _("金额最多保留两位小数"))
        return None
    return amount.quantize(Decimal("0.01"))


def _apply_preferences(profile: WorkerProfile, data: ProfileInput, errors: dict[str, list[str]]) -> None:
    if data.expected_pay is not None:
        profile.expected_pay = parse_pay(
            data.expected_pay, errors, "expected_pay", market_id=profile.market_id
        )
    if data.expected_pay_unit is not None:
        if data.expected_pay_unit not in PayUnit.values:
            _err(errors, "expected_pay_unit", _("计酬单位无效"))
        else:
            profile.expected_pay_unit = data.expected_pay_unit
    if data.day_type is not None:
        if data.day_type not in DayType.values:
            _err(errors, "day_type", _("工作时段无效"))
        else:
            profile.day_type = data.day_type
    if data.target_groups is not None:
        unknown = [g for g in data.target_groups if g not in TargetGroup.values]
        if unknown:
            _err(errors, "target_groups", _("重点群体选项无效"))
        else:
            profile.target_groups = sorted(set(data.target_groups))
    if data.about is not None:
        if len(data.about) > 500:
            _err(errors, "about", _("自我介绍不能超过500字"))
        profile.about = data.about.strip()[:500]


def _occupations(codes: Iterable[str], errors: dict[str, list[str]], name: str) -> list[Occupation]:
    codes = list(dict.fromkeys(codes))
    found = list(Occupation.objects.filter(code__in=codes))
    if len(found) != len(codes):
        _err(errors, name, _("包含无效的工种"))
    return found


@dataclass
class _Relations:
    """The checked rows a profile's lists are replaced with; ``None`` leaves a list unchanged."""

    skills: list[tuple[Occupation, int]] | None = None
    intended_occupations: list[Occupation] | None = None
    intended_divisions: list[Division] | None = None
    availability: list[tuple[int, time, time]] | None = None


def _check_relations(data: ProfileInput, errors: dict[str, list[str]]) -> _Relations:
    """Check the profile's lists (skills, intentions, time slots) without writing anything."""
    relations = _Relations()
    if data.skills is not None:
        years = {code: int(y) for code, y in data.skills}
        if any(not 0 <= y <= 60 for y in years.values()):
            _err(errors, "skills", _("从业年限应在0至60年之间"))
        occs = _occupations(years, errors, "skills")
        if len(occs) > 20:
            _err(errors, "skills", _("技能最多填写20项"))
        relations.skills = [(o, years[o.code]) for o in occs]
    if data.intended_occupations is not None:
        relations.intended_occupations = _occupations(
            data.intended_occupations, errors, "intended_occupations"
        )
    if data.intended_divisions is not None:
        codes = list(dict.fromkeys(data.intended_divisions))
        divisions = list(Division.objects.filter(code__in=codes))
        if len(divisions) != len(codes):
            _err(errors, "intended_divisions", _("包含无效的区域"))
        relations.intended_divisions = divisions
    if data.availability is not None:
        slots = list(data.availability)
        if any(not 0 <= wd <= 6 or end <= start for wd, start, end in slots):
            _err(errors, "availability", _("可工作时段无效：结束时间须晚于开始时间"))
        relations.availability = slots
    return relations


def _write_relations(profile: WorkerProfile, relations: _Relations) -> None:
    if relations.skills is not None:
        profile.skills.all().delete()
        WorkerSkill.objects.bulk_create(
            [WorkerSkill(worker=profile, occupation=o, years=y) for o, y in relations.skills]
        )
    if relations.intended_occupations is not None:
        profile.intended_occupations.set(relations.intended_occupations)
    if relations.intended_divisions is not None:
        profile.intended_divisions.set(relations.intended_divisions)
    if relations.availability is not None:
        profile.availability.all().delete()
        Availability.objects.bulk_create(
            [
                Availability(worker=profile, weekday=wd, start_time=s, end_time=e)
                for wd, s, e in relations.availability
            ]
        )


def _profile_errors(profile: WorkerProfile, data: ProfileInput) -> tuple[dict[str, list[str]], _Relations]:
    """Apply the plain fields to ``profile`` (unsaved) and check the lists: every problem at once."""
    errors: dict[str, list[str]] = {}
    _apply_identity(profile, data, errors)
    _apply_location(profile, data, errors)
    _apply_preferences(profile, data, errors)
    relations = _check_relations(data, errors)
    return errors, relations


def access_worker_for_edit(*, actor: User, worker_id: int) -> WorkerProfile:
    profile = WorkerProfile.objects.select_for_update().filter(pk=worker_id).first()
    if profile is None:
        raise NotFoundError(_("求职者不存在"))
    if actor.role == Role.WORKER and profile.user_id == actor.pk:
        return profile
    if staff_can_see_station(actor, profile.station) and profile.market_id == actor.market_id:
        return profile
    raise PermissionDeniedError(_("您没有权限修改该求职者的资料。"))


@transaction.atomic
def update_profile(*, actor: User, worker_id: int, data: ProfileInput) -> WorkerProfile:
    profile = access_worker_for_edit(actor=actor, worker_id=worker_id)
    errors, relations = _profile_errors(profile, data)
    if errors:
        raise InvalidInput(_("资料填写有误，请检查标红的项目。"), errors=errors)
    profile.save()
    _write_relations(profile, relations)
    if data.id_number and actor.pk == profile.user_id:
        # Only the worker ticks the box in the app; staff record consent by SMS code or paper form.
        _record_consent(profile.user, ConsentPurpose.SENSITIVE, ConsentChannel.APP, recorded_by=actor)
    audit.record(
        action="worker.profile_updated",
        obj=profile,
        actor=actor,
        data={"fields": sorted(k for k, v in vars(data).items() if v is not None and k != "errors")},
    )
    return profile


@transaction.atomic
def set_worker_elder_mode(*, actor: User, worker_id: int, on: bool) -> WorkerProfile:
    """Station staff switch elder mode (长辈模式) on or off for a worker in their scope (the worker asked at
    the desk). The worker can switch it back on any page."""
    require_staff(actor)
    profile = access_worker_for_edit(actor=actor, worker_id=worker_id)
    accounts.set_elder_mode(actor=actor, user_id=profile.user_id, on=on, reason="staff")
    return profile


def register_walk_in(
    *,
    actor: User,
    phone: str,
    consent_channel: str,
    consent_reference: str = "",
    otp_code: str = "",
    data: ProfileInput,
    elder_mode: bool = False,
) -> WorkerProfile:
    """Station staff register a worker who walked in. Consent is a code sent to the worker's phone or a
    signed paper form whose reference number is recorded.

    Every problem is reported at once (phone, consent, name, ID number, skills...): 422 with an error per
    field. A phone number already registered, when it is the only problem, is a 409 ``phone_taken``."""
    errors = walk_in_errors(
        actor=actor,
        phone=phone,
        consent_channel=consent_channel,
        consent_reference=consent_reference,
        otp_code=otp_code,
        data=data,
    )
    if errors == {"phone": [_phone_taken()]}:
        raise ConflictError(_("该手机号已注册，请直接登录。"), code="phone_taken", errors=errors)
    if errors:
        raise InvalidInput(
            _("登记信息有%(n)d处需要修改，请检查标红的项目。") % {"n": sum(map(len, errors.values()))},
            errors=errors,
        )
    return _register_walk_in(
        actor=actor,
        phone=phone,
        consent_channel=consent_channel,
        consent_reference=consent_reference,
        otp_code=otp_code,
        data=data,
        elder_mode=elder_mode,
    )


def _phone_taken() -> str:
    return _("该手机号已注册")


def _require_walk_in_registrar(actor: User) -> None:
    require_staff(actor)
    # The new profile belongs to the actor's station; staff without one (centre staff) could not edit it.
    if actor.role != Role.MARKET_ADMIN and actor.station_id is None:
        raise PermissionDeniedError(_("您尚未关联驿站，不能代为登记。"))


def walk_in_errors(
    *,
    actor: User,
    phone: str | None,
    consent_channel: str | None,
    consent_reference: str | None = "",
    otp_code: str | None = "",
    data: ProfileInput,
    check_code: bool = True,
) -> dict[str, list[str]]:
    """Every reason a walk-in registration would be refused, by field, all at once; writes nothing but a
    wrong code's guess count. ``None`` skips a value (a page passes what its form could read).

    ``check_code=False`` only asks that a code is there: a page whose other fields are still wrong does
    not spend one of the worker's guesses. The code is checked outside the registration transaction so
    that a wrong guess is counted even though nothing is registered; it is spent inside it, so a failed
    registration keeps it usable."""
    _require_walk_in_registrar(actor)
    errors: dict[str, list[str]] = {}
    clean = _check_walk_in_phone(phone, errors)
    _check_walk_in_consent(consent_channel, consent_reference, otp_code, errors)
    if clean and check_code and consent_channel == ConsentChannel.SMS_CODE and "otp_code" not in errors:
        try:
            accounts.verify_otp(phone=clean, code=otp_code or "", purpose=OtpPurpose.CONSENT, consume=False)
        except InvalidInput as exc:  # a locked code (too many guesses) stays a 429 of its own
            _err(errors, "otp_code", exc.message)
    # A missing name or ID number gets one message, not a second one from the profile's own checks.
    if not (data.real_name or "").strip():
        _err(errors, "real_name", _("请填写求职者的真实姓名"))
        data = replace(data, real_name=None)
    if not (data.id_number or "").strip():
        _err(errors, "id_number", _("请填写求职者的身份证号码"))
        data = replace(data, id_number=None)
    draft = WorkerProfile(market_id=actor.market_id or default_market().pk)
    profile_errors, _relations = _profile_errors(draft, data)
    for name, messages in profile_errors.items():
        errors.setdefault(name, []).extend(messages)
    return errors


def _check_walk_in_phone(phone: str | None, errors: dict[str, list[str]]) -> str | None:
    """The phone number in its normal form if it is valid and free, else ``None`` with the reason."""
    if phone is None:
        return None
    try:
        clean = accounts.clean_phone(phone)
    except InvalidInput as exc:
        _err(errors, "phone", exc.message)
        return None
    if User.objects.filter(phone=clean).exists():
        _err(errors, "phone", _phone_taken())
        return None
    return clean


def _check_walk_in_consent(
    channel: str | None, reference: str | None, otp_code: str | None, errors: dict[str, list[str]]
) -> None:
    if channel is None:
        return
    if channel == ConsentChannel.SMS_CODE:
        if otp_code is not None and not otp_code.strip():
            _err(errors, "otp_code", _("请填写求职者手机收到的验证码"))
    elif channel == ConsentChannel.PAPER:
        if reference is not None and not 4 <= len(reference.strip()) <= 64:
            _err(errors, "consent_reference", _("请填写纸质授权书编号（4至64个字符）"))
    else:
        _err(errors, "consent_channel", _("请选择求职者的授权方式"))


@transaction.atomic
def _register_walk_in(
    *,
    actor: User,
    phone: str,
    consent_channel: str,
    consent_reference: str,
    otp_code: str,
    data: ProfileInput,
    elder_mode: bool = False,
) -> WorkerProfile:
    """Write the registration checked by ``walk_in_errors``; the checks that guard against a race (the
    phone or the ID number taken meanwhile) run again in here."""
    if consent_channel == ConsentChannel.SMS_CODE:
        accounts.verify_otp(phone=phone, code=otp_code, purpose=OtpPurpose.CONSENT)
        reference = "sms"
    else:
        reference = consent_reference.strip()
    user = accounts.create_account(
        phone=phone,
        password=None,
        role=Role.WORKER,
        display_name=data.real_name or "",
        market_id=actor.market_id or default_market().pk,
        actor=actor,
        elder_mode=elder_mode,  # asked for at the desk: "为其开启长辈模式"
    )
    profile = WorkerProfile.objects.create(
        user=user,
        market=market_of(user),
        station=actor.station,
        registration_channel=RegistrationChannel.STATION,
        registered_by=actor,
    )
    for purpose in (ConsentPurpose.REGISTRATION, ConsentPurpose.SENSITIVE):
        _record_consent(user, purpose, consent_channel, reference, recorded_by=actor)
    audit.record(
        action="worker.registered",
        obj=profile,
        actor=actor,
        data={"channel": "station", **({"elder_mode": True} if elder_mode else {})},
    )
    update_profile(actor=actor, worker_id=profile.pk, data=data)
    profile.refresh_from_db()
    return profile


@transaction.atomic
def add_certificate(
    *,
    actor: User,
    worker_id: int,
    certificate_type: str,
    number: str,
    issuer: str = "",
    issued_on: date | None = None,
    expires_on: date | None = None,
) -> WorkerCertificate:
    profile = access_worker_for_edit(actor=actor, worker_id=worker_id)
    errors: dict[str, list[str]] = {}
    ctype = CertificateType.objects.filter(code=certificate_type).first()
    if ctype is None:
        _err(errors, "certificate_type", _("证书类型无效"))
    number = (number or "").strip()
    if not 4 <= len(number) <= 64:
        _err(errors, "number", _("请填写4至64位证书编号"))
    if issued_on and expires_on and expires_on < issued_on:
        _err(errors, "expires_on", _("有效期不能早于发证日期"))
    if errors or ctype is None:
        raise InvalidInput(_("证书信息有误"), errors=errors)
    # One number of one certificate type belongs to one worker (issue 13): the type's row is the lock.
    CertificateType.objects.select_for_update().filter(pk=ctype.pk).first()
    refuse_certificate_number_of_another(ctype=ctype, number=number, worker_id=profile.pk)
    cert = WorkerCertificate.objects.create(
        worker=profile,
        certificate_type=ctype,
        number=number,
        issuer=issuer.strip()[:100],
        issued_on=issued_on,
        expires_on=expires_on,
    )
    audit.record(action="worker.certificate_added", obj=cert, actor=actor, data={"type": certificate_type})
    return cert


def refuse_certificate_number_of_another(*, ctype: CertificateType, number: str, worker_id: int) -> None:
    """409 ``certificate_number_taken`` when another worker already holds this number of this type.

    Callers hold the certificate type's row lock (``select_for_update``) so two claims cannot both pass."""
    taken = (
        WorkerCertificate.objects.filter(certificate_type=ctype, number__iexact=number.strip())
        .exclude(worker_id=worker_id)
        .exists()
    )
    if taken:
        message = _("该证书编号已被其他劳动者登记，请核对。")
        raise ConflictError(message, code="certificate_number_taken", errors={"number": [message]})


@transaction.atomic
def verify_certificate(*, actor: User, certificate_id: int) -> WorkerCertificate:
    require_staff(actor)
    cert = (
        WorkerCertificate.objects.select_for_update(of=("self",))
        .select_related("worker")
        .filter(pk=certificate_id)
        .first()
    )
    if cert is None:
        raise NotFoundError(_("证书不存在"))
    worker = cert.worker
    unassigned_here = worker.station_id is None and worker.market_id == actor.market_id
    if not (
        unassigned_here or staff_can_see_station(actor, worker.station) or actor.role == Role.MARKET_ADMIN
    ):
        raise PermissionDeniedError(_("您没有权限核验该证书。"))
    if cert.verified_at is not None:
        raise ConflictError(_("该证书已核验"))
    cert.verified_by = actor
    cert.verified_at = timezone.now()
    cert.save(update_fields=["verified_by", "verified_at"])
    if unassigned_here and actor.station_id is not None:
        # A self-registered worker who brings the original to a station becomes that station's worker.
        WorkerProfile.objects.filter(pk=worker.pk, station__isnull=True).update(station_id=actor.station_id)
    audit.record(
        action="worker.certificate_verified", obj=cert, actor=actor, data={"station": actor.station_id}
    )
    return cert


@transaction.atomic
def give_share_contact_consent(*, actor: User) -> ConsentRecord:
    """The worker's separate consent (PIPL art. 23) to show their full phone number to the employers of the
    jobs they apply to before any offer is accepted. Given again while active: the same record."""
    require_role(actor, Role.WORKER)
    active = ConsentRecord.objects.filter(
        user=actor, purpose=ConsentPurpose.SHARE_CONTACT, withdrawn_at__isnull=True
    ).first()
    if active is not None:
        return active
    _record_consent(actor, ConsentPurpose.SHARE_CONTACT, ConsentChannel.APP)
    audit.record(
        action="worker.consent_given", obj=actor, actor=actor, data={"purpose": ConsentPurpose.SHARE_CONTACT}
    )
    return ConsentRecord.objects.filter(user=actor, purpose=ConsentPurpose.SHARE_CONTACT).order_by("-pk")[0]


def has_share_contact_consent(user: Any) -> bool:
    return ConsentRecord.objects.filter(
        user=user, purpose=ConsentPurpose.SHARE_CONTACT, withdrawn_at__isnull=True
    ).exists()


@transaction.atomic
def withdraw_consent(*, actor: User, purpose: str) -> int:
    require_role(actor, Role.WORKER)
    count = ConsentRecord.objects.filter(user=actor, purpose=purpose, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
    audit.record(action="worker.consent_withdrawn", obj=actor, actor=actor, data={"purpose": purpose})
    return count


# ---- photo (issue 13 hk-booking) -------------------------------------------------------------------------

PHOTO_MAX_BYTES = 3 * 1024 * 1024


def photo_type(content: bytes) -> str | None:
    """The image type by its first bytes (JPEG, PNG or WebP); None for anything else, whatever its name."""
    if content[:3] == b"\xff\xd8\xff":
        return "image/jpeg"
    if content[:8] == b"\x89PNG\r\n\x1a\n":
        return "image/png"
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    return None


@transaction.atomic
def set_photo(*, actor: User, worker_id: int, content: bytes) -> WorkerProfile:
    """The worker (or staff of their station) sets the face photo households see before an in-home visit:
    JPEG, PNG or WebP by content, at most 3 MB."""
    profile = access_worker_for_edit(actor=actor, worker_id=worker_id)
    content = bytes(content or b"")
    if not content:
        raise InvalidInput(_("请选择照片。"), errors={"photo": [_("请选择照片")]})
    if len(content) > PHOTO_MAX_BYTES:
        raise InvalidInput(
            _("照片不能超过3MB。"), code="photo_too_large", errors={"photo": [_("照片不能超过3MB")]}
        )
    kind = photo_type(content)
    if kind is None:
        raise InvalidInput(
            _("只支持JPG、PNG或WebP格式的照片。"), code="photo_type", errors={"photo": [_("照片格式不支持")]}
        )
    profile.photo = content
    profile.photo_content_type = kind
    profile.photo_uploaded_at = timezone.now()
    profile.save(update_fields=["photo", "photo_content_type", "photo_uploaded_at", "updated_at"])
    audit.record(
        action="worker.photo_set", obj=profile, actor=actor, data={"type": kind, "bytes": len(content)}
    )
    return profile
