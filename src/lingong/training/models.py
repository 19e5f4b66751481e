"""Order-based training (订单式培训, issue 13 section 2).

Employers' demand decides what is taught: a ``TrainingOrder`` is one or more employers' commitment to hire
graduates (``TrainingOrderEmployer``: how many, for which jobs), for an occupation and the certificate it
needs. Staff turn an order into a ``Course`` with a ``TrainingProvider`` (a training school, acting through
the members of its ``Enterprise``): syllabus, dates, place, capacity, cost and subsidy, and the exam.
Workers enrol (or staff enrol walk-ins); past capacity they wait in line. Each ``CourseSession`` has a
check-in QR code shown in the classroom (``Attendance``). The provider enters each result; passing issues a
``TrainingCertificate`` (PDF, number, public verification page) and the certificate the jobs require is
added to the worker's profile as verified (``workers.WorkerCertificate``), so matching sees it at once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lingong.audit.lifecycle import Lifecycle
from lingong.org.models import MarketScoped


class TrainingProvider(models.Model):
    """A training school (培训机构). Its people sign in as members of its enterprise."""

    market = models.ForeignKey(
        "org.Market", verbose_name=_("零工市场"), on_delete=models.PROTECT, related_name="+"
    )
    enterprise = models.OneToOneField(
        "employers.Enterprise",
        verbose_name=_("对应单位账号"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_provider",
    )
    name = models.CharField(_("培训机构名称"), max_length=100)
    licence_number = models.CharField(_("办学许可证号"), max_length=64, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=30, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    is_active = models.BooleanField(_("合作中"), default=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("培训机构")
        verbose_name_plural = _("培训机构")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrderStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    SCHEDULED = "scheduled", _("已开班")
    CLOSED = "closed", _("已结束")
    CANCELLED = "cancelled", _("已取消")


ORDER_LIFECYCLE = Lifecycle.of(
    "training_order",
    [
        (OrderStatus.SUBMITTED, OrderStatus.SCHEDULED),
        (OrderStatus.SUBMITTED, OrderStatus.CANCELLED),
        (OrderStatus.SCHEDULED, OrderStatus.CLOSED),
        (OrderStatus.SCHEDULED, OrderStatus.CANCELLED),
    ],
    choices=OrderStatus,
    subject=str(_("培训订单")),
)


class TrainingOrder(models.Model):
    """Employers' commitment to hire graduates: what to teach follows from what they will hire."""

    market = models.ForeignKey(
        "org.Market", verbose_name=_("零工市场"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("订单编号"), max_length=20, unique=True)
    title = models.CharField(_("名称"), max_length=60)
    occupation = models.ForeignKey(
        "taxonomy.Occupation", verbose_name=_("培训工种"), on_delete=models.PROTECT, related_name="+"
    )
    certificate_type = models.ForeignKey(
        "taxonomy.CertificateType",
        verbose_name=_("所需证书"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    skill_note = models.CharField(_("技能要求"), max_length=300, blank=True)
    station = models.ForeignKey(
        "org.Station",
        verbose_name=_("负责驿站"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=OrderStatus.choices, default=OrderStatus.SUBMITTED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    scheduled_at = models.DateTimeField(_("开班时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("培训订单")
        verbose_name_plural = _("培训订单")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["market", "status"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class TrainingOrderEmployer(MarketScoped):
    """One employer's part of an order: it will hire this many graduates for these jobs."""

    market_parent = "order"

    order = models.ForeignKey(TrainingOrder, on_delete=models.CASCADE, related_name="employers")
    enterprise = models.ForeignKey(
        "employers.Enterprise", verbose_name=_("订单企业"), on_delete=models.PROTECT, related_name="+"
    )
    places = models.PositiveSmallIntegerField(_("承诺录用人数"))
    jobs = models.ManyToManyField("jobs.JobPosting", verbose_name=_("对应岗位"), blank=True, related_name="+")
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("加入时间"), default=timezone.now)

    class Meta:
        verbose_name = _("订单企业")
        verbose_name_plural = _("订单企业")
        constraints = [
            models.UniqueConstraint(fields=["order", "enterprise"], name="uniq_order_employer"),
            models.CheckConstraint(
                condition=models.Q(places__gte=1) & models.Q(places__lte=1000), name="order_places_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.enterprise_id} × {self.places}"


class CourseStatus(models.TextChoices):
    ENROLLING = "enrolling", _("招生中")
    IN_PROGRESS = "in_progress", _("开课中")
    COMPLETED = "completed", _("已结业")
    CANCELLED = "cancelled", _("已取消")


COURSE_LIFECYCLE = Lifecycle.of(
    "course",
    [
        (CourseStatus.ENROLLING, CourseStatus.IN_PROGRESS),
        (CourseStatus.ENROLLING, CourseStatus.CANCELLED),
        (CourseStatus.IN_PROGRESS, CourseStatus.COMPLETED),
        (CourseStatus.IN_PROGRESS, CourseStatus.CANCELLED),
    ],
    choices=CourseStatus,
    subject=str(_("培训班")),
)


class Course(models.Model):
    market = models.ForeignKey(
        "org.Market", verbose_name=_("零工市场"), on_delete=models.PROTECT, related_name="+"
    )
    order = models.ForeignKey(
        TrainingOrder,
        verbose_name=_("培训订单"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="courses",
    )
    provider = models.ForeignKey(
        TrainingProvider, verbose_name=_("培训机构"), on_delete=models.PROTECT, related_name="courses"
    )
    code = models.CharField(_("班级编号"), max_length=20, unique=True)
    title = models.CharField(_("班级名称"), max_length=60)
    occupation = models.ForeignKey(
        "taxonomy.Occupation", verbose_name=_("培训工种"), on_delete=models.PROTECT, related_name="+"
    )
    # The certificate the course prepares for: the one the ordering employers' jobs require.
    certificate_type = models.ForeignKey(
        "taxonomy.CertificateType",
        verbose_name=_("对应证书"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    syllabus = models.TextField(_("培训内容"), max_length=4000)
    start_date = models.DateField(_("开班日期"))
    end_date = models.DateField(_("结业日期"))
    place = models.CharField(_("上课地点"), max_length=200)
    division = models.ForeignKey(
        "org.Division",
        verbose_name=_("所在区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lat = models.FloatField(_("纬度（WGS84）"), null=True, blank=True)
    lon = models.FloatField(_("经度（WGS84）"), null=True, blank=True)
    capacity = models.PositiveSmallIntegerField(_("招生人数"))
    cost_per_person = models.DecimalField(_("培训费用（元/人）"), max_digits=10, decimal_places=2)
    # 职业技能培训补贴 (DOMAIN-RULES "Training and subsidies"): amounts and groups are local settings.
    subsidy_per_person = models.DecimalField(
        _("培训补贴（元/人）"), max_digits=10, decimal_places=2, default=0
    )
    subsidy_groups = models.JSONField(_("补贴对象（重点群体）"), default=list, blank=True)
    subsidy_note = models.CharField(_("补贴政策说明"), max_length=300, blank=True)
    exam_date = models.DateField(_("考核日期"), null=True, blank=True)
    exam_place = models.CharField(_("考核地点"), max_length=200, blank=True)
    exam_note = models.CharField(_("考核方式"), max_length=300, blank=True)
    pass_score = models.DecimalField(_("合格分数"), max_digits=5, decimal_places=1, default=60)
    station = models.ForeignKey(
        "org.Station",
        verbose_name=_("负责驿站"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=CourseStatus.choices, default=CourseStatus.ENROLLING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    started_at = models.DateTimeField(_("开课时间"), null=True, blank=True)
    completed_at = models.DateTimeField(_("结业时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("培训班")
        verbose_name_plural = _("培训班")
        ordering = ["start_date", "id"]
        indexes = [models.Index(fields=["market", "status", "start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="course_dates_order"
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1) & models.Q(capacity__lte=1000),
                name="course_capacity_range",
            ),
            models.CheckConstraint(
                condition=models.Q(cost_per_person__gte=0) & models.Q(subsidy_per_person__gte=0),
                name="course_money_nonneg",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class CourseSession(MarketScoped):
    """One class meeting; its check-in QR code (a URL with ``checkin_token``) is shown in the classroom."""

    market_parent = "course"

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    seq = models.PositiveSmallIntegerField(_("课次"))
    topic = models.CharField(_("内容"), max_length=100, blank=True)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    checkin_token = models.CharField(max_length=43, unique=True, editable=False)

    class Meta:
        verbose_name = _("课次")
        verbose_name_plural = _("课次")
        ordering = ["course", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["course", "seq"], name="uniq_course_session_seq"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course_id} #{self.seq}"


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("已报名")
    WAITLISTED = "waitlisted", _("候补中")
    WITHDRAWN = "withdrawn", _("已退出")
    PASSED = "passed", _("考核合格")
    FAILED = "failed", _("考核不合格")


ENROLMENT_LIFECYCLE = Lifecycle.of(
    "enrolment",
    [
        (EnrolmentStatus.WAITLISTED, EnrolmentStatus.ENROLLED),
        (EnrolmentStatus.WAITLISTED, EnrolmentStatus.WITHDRAWN),
        (EnrolmentStatus.ENROLLED, EnrolmentStatus.WITHDRAWN),
        (EnrolmentStatus.ENROLLED, EnrolmentStatus.PASSED),
        (EnrolmentStatus.ENROLLED, EnrolmentStatus.FAILED),
        # A result entered by mistake is corrected by the provider (the trail keeps both).
        (EnrolmentStatus.FAILED, EnrolmentStatus.PASSED),
    ],
    choices=EnrolmentStatus,
    subject=str(_("报名")),
)

# Statuses that hold one of the course's places.
SEAT_STATUSES = (EnrolmentStatus.ENROLLED, EnrolmentStatus.PASSED, EnrolmentStatus.FAILED)


class EnrolmentChannel(models.TextChoices):
    SELF = "self", _("本人报名")
    STAFF = "staff", _("工作人员代报名")


class Enrolment(MarketScoped):
    market_parent = "course"

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    worker = models.ForeignKey(
        "workers.WorkerProfile", verbose_name=_("学员"), on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(_("状态"), max_length=12, choices=EnrolmentStatus.choices)
    channel = models.CharField(
        _("报名方式"), max_length=8, choices=EnrolmentChannel.choices, default=EnrolmentChannel.SELF
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Came through the "学个证，多接活" recommendation (the gap analysis), for the funnel.
    recommended = models.BooleanField(_("来自推荐"), default=False)
    score = models.DecimalField(_("考核成绩"), max_digits=5, decimal_places=1, null=True, blank=True)
    result_note = models.CharField(_("考核说明"), max_length=200, blank=True)
    result_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("成绩录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("报名时间"), default=timezone.now)
    enrolled_at = models.DateTimeField(_("入班时间"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("退出时间"), null=True, blank=True)
    passed_at = models.DateTimeField(_("合格时间"), null=True, blank=True)
    failed_at = models.DateTimeField(_("不合格时间"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("培训报名")
        verbose_name_plural = _("培训报名")
        ordering = ["course", "created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["course", "worker"], name="uniq_enrolment")]
        indexes = [models.Index(fields=["course", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.course_id}: {self.worker_id} {self.status}"


class AttendanceMethod(models.TextChoices):
    QR = "qr", _("扫码签到")
    STAFF = "staff", _("老师代签")


class Attendance(MarketScoped):
    market_parent = "session"

    session = models.ForeignKey(CourseSession, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    method = models.CharField(_("签到方式"), max_length=8, choices=AttendanceMethod.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签到人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_in_at = models.DateTimeField(_("签到时间"), default=timezone.now)

    class Meta:
        verbose_name = _("出勤")
        verbose_name_plural = _("出勤")
        constraints = [models.UniqueConstraint(fields=["session", "enrolment"], name="uniq_attendance")]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.enrolment_id}"


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("有效")
    REVOKED = "revoked", _("已撤销")


class TrainingCertificate(MarketScoped):
    """The training certificate (培训合格证书) a pass issues: a number, a PDF and a public verification page
    (``verify_token``) that shows validity and a masked name only.

    ``worker_certificate`` is the certificate added to the worker's profile: at once for a certificate the
    provider's pass confers; for a national certificate (special operations, special equipment, driving)
    once staff have checked and recorded its official number and expiry (``official_recorded_at``)."""

    market_parent = "enrolment"

    enrolment = models.OneToOneField(Enrolment, on_delete=models.PROTECT, related_name="certificate")
    number = models.CharField(_("证书编号"), max_length=32, unique=True)
    verify_token = models.CharField(max_length=43, unique=True, editable=False)
    issued_on = models.DateField(_("发证日期"))
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=8, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    revoked_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    pdf = models.BinaryField(_("证书PDF"), null=True, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    worker_certificate = models.ForeignKey(
        "workers.WorkerCertificate",
        verbose_name=_("档案中的证书"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    official_recorded_at = models.DateTimeField(_("官方证书登记时间"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发证人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("培训合格证书")
        verbose_name_plural = _("培训合格证书")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.number


CERTIFICATE_LIFECYCLE = Lifecycle.of(
    "training_certificate",
    [(CertificateStatus.VALID, CertificateStatus.REVOKED)],
    choices=CertificateStatus,
    subject=str(_("培训合格证书")),
)
