"""training 0001-0003 squashed into one migration (Django's ``replaces``): a new database creates these
tables in one step. Replaying the migrations one by one re-rendered every related model after each
operation, which took most of a fresh ``manage.py migrate``.

A database that has applied all of 0001-0003 counts this one as applied; one that has applied only some
goes on with the old files, which stay until every database is past them. The operations are the old ones
reduced by Django's migration optimizer. The old backfills (RunPython) are left out: they only fill rows
of this app's own tables, and a database that runs this migration has not created them yet.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [
        ("training", "0001_initial"),
        ("training", "0002_market_column"),
        ("training", "0003_market_not_null"),
    ]

    initial = True

    dependencies = [
        ("employers", "0002_squashed_0006_market_not_null"),
        ("jobs", "0004_squashed_0009_market_not_null"),
        ("org", "0002_squashed_0012_division_functional_zones"),
        ("taxonomy", "0001_squashed_0002_industry_gbt_section"),
        ("workers", "0002_squashed_0006_market_not_null"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="TrainingOrder",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(max_length=20, unique=True, verbose_name="订单编号")),
                ("title", models.CharField(max_length=60, verbose_name="名称")),
                ("skill_note", models.CharField(blank=True, max_length=300, verbose_name="技能要求")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("submitted", "已提交"),
                            ("scheduled", "已开班"),
                            ("closed", "已结束"),
                            ("cancelled", "已取消"),
                        ],
                        default="submitted",
                        max_length=12,
                        verbose_name="状态",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="提交时间"),
                ),
                ("scheduled_at", models.DateTimeField(blank=True, null=True, verbose_name="开班时间")),
                ("closed_at", models.DateTimeField(blank=True, null=True, verbose_name="结束时间")),
                ("cancelled_at", models.DateTimeField(blank=True, null=True, verbose_name="取消时间")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
                (
                    "certificate_type",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="taxonomy.certificatetype",
                        verbose_name="所需证书",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="提交人",
                    ),
                ),
                (
                    "market",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.market",
                        verbose_name="零工市场",
                    ),
                ),
                (
                    "occupation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="taxonomy.occupation",
                        verbose_name="培训工种",
                    ),
                ),
                (
                    "station",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.station",
                        verbose_name="负责驿站",
                    ),
                ),
            ],
            options={
                "verbose_name": "培训订单",
                "verbose_name_plural": "培训订单",
                "ordering": ["-created_at", "-id"],
                "indexes": [models.Index(fields=["market", "status"], name="training_tr_market__0069ae_idx")],
            },
        ),
        migrations.CreateModel(
            name="TrainingProvider",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, verbose_name="培训机构名称")),
                ("licence_number", models.CharField(blank=True, max_length=64, verbose_name="办学许可证号")),
                ("contact_name", models.CharField(blank=True, max_length=30, verbose_name="联系人")),
                ("contact_phone", models.CharField(blank=True, max_length=20, verbose_name="联系电话")),
                ("address", models.CharField(blank=True, max_length=200, verbose_name="地址")),
                ("is_active", models.BooleanField(default=True, verbose_name="合作中")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="创建时间"),
                ),
                (
                    "enterprise",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="training_provider",
                        to="employers.enterprise",
                        verbose_name="对应单位账号",
                    ),
                ),
                (
                    "market",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.market",
                        verbose_name="零工市场",
                    ),
                ),
            ],
            options={
                "verbose_name": "培训机构",
                "verbose_name_plural": "培训机构",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="Course",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(max_length=20, unique=True, verbose_name="班级编号")),
                ("title", models.CharField(max_length=60, verbose_name="班级名称")),
                ("syllabus", models.TextField(max_length=4000, verbose_name="培训内容")),
                ("start_date", models.DateField(verbose_name="开班日期")),
                ("end_date", models.DateField(verbose_name="结业日期")),
                ("place", models.CharField(max_length=200, verbose_name="上课地点")),
                ("lat", models.FloatField(blank=True, null=True, verbose_name="纬度（WGS84）")),
                ("lon", models.FloatField(blank=True, null=True, verbose_name="经度（WGS84）")),
                ("capacity", models.PositiveSmallIntegerField(verbose_name="招生人数")),
                (
                    "cost_per_person",
                    models.DecimalField(decimal_places=2, max_digits=10, verbose_name="培训费用（元/人）"),
                ),
                (
                    "subsidy_per_person",
                    models.DecimalField(
                        decimal_places=2, default=0, max_digits=10, verbose_name="培训补贴（元/人）"
                    ),
                ),
                (
                    "subsidy_groups",
                    models.JSONField(blank=True, default=list, verbose_name="补贴对象（重点群体）"),
                ),
                ("subsidy_note", models.CharField(blank=True, max_length=300, verbose_name="补贴政策说明")),
                ("exam_date", models.DateField(blank=True, null=True, verbose_name="考核日期")),
                ("exam_place", models.CharField(blank=True, max_length=200, verbose_name="考核地点")),
                ("exam_note", models.CharField(blank=True, max_length=300, verbose_name="考核方式")),
                (
                    "pass_score",
                    models.DecimalField(decimal_places=1, default=60, max_digits=5, verbose_name="合格分数"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("enrolling", "招生中"),
                            ("in_progress", "开课中"),
                            ("completed", "已结业"),
                            ("cancelled", "已取消"),
                        ],
                        default="enrolling",
                        max_length=12,
                        verbose_name="状态",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="创建时间"),
                ),
                ("started_at", models.DateTimeField(blank=True, null=True, verbose_name="开课时间")),
                ("completed_at", models.DateTimeField(blank=True, null=True, verbose_name="结业时间")),
                ("cancelled_at", models.DateTimeField(blank=True, null=True, verbose_name="取消时间")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
                (
                    "certificate_type",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="taxonomy.certificatetype",
                        verbose_name="对应证书",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="创建人",
                    ),
                ),
                (
                    "division",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.division",
                        verbose_name="所在区划",
                    ),
                ),
                (
                    "market",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.market",
                        verbose_name="零工市场",
                    ),
                ),
                (
                    "occupation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="taxonomy.occupation",
                        verbose_name="培训工种",
                    ),
                ),
                (
                    "station",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.station",
                        verbose_name="负责驿站",
                    ),
                ),
                (
                    "order",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="courses",
                        to="training.trainingorder",
                        verbose_name="培训订单",
                    ),
                ),
                (
                    "provider",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="courses",
                        to="training.trainingprovider",
                        verbose_name="培训机构",
                    ),
                ),
            ],
            options={
                "verbose_name": "培训班",
                "verbose_name_plural": "培训班",
                "ordering": ["start_date", "id"],
                "indexes": [
                    models.Index(
                        fields=["market", "status", "start_date"], name="training_co_market__5778f9_idx"
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("end_date__gte", models.F("start_date"))),
                        name="course_dates_order",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("capacity__gte", 1), ("capacity__lte", 1000)),
                        name="course_capacity_range",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("cost_per_person__gte", 0), ("subsidy_per_person__gte", 0)),
                        name="course_money_nonneg",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="CourseSession",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("seq", models.PositiveSmallIntegerField(verbose_name="课次")),
                ("topic", models.CharField(blank=True, max_length=100, verbose_name="内容")),
                ("starts_at", models.DateTimeField(verbose_name="开始时间")),
                ("ends_at", models.DateTimeField(verbose_name="结束时间")),
                ("checkin_token", models.CharField(editable=False, max_length=43, unique=True)),
                (
                    "course",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sessions",
                        to="training.course",
                    ),
                ),
                (
                    "market",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.market",
                        verbose_name="零工市场",
                    ),
                ),
            ],
            options={
                "verbose_name": "课次",
                "verbose_name_plural": "课次",
                "ordering": ["course", "seq"],
                "constraints": [
                    models.UniqueConstraint(fields=("course", "seq"), name="uniq_course_session_seq"),
                    models.CheckConstraint(
                        condition=models.Q(("ends_at__gt", models.F("starts_at"))), name="session_order"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Enrolment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("enrolled", "已报名"),
                            ("waitlisted", "候补中"),
                            ("withdrawn", "已退出"),
                            ("passed", "考核合格"),
                            ("failed", "考核不合格"),
                        ],
                        max_length=12,
                        verbose_name="状态",
                    ),
                ),
                (
                    "channel",
                    models.CharField(
                        choices=[("self", "本人报名"), ("staff", "工作人员代报名")],
                        default="self",
                        max_length=8,
                        verbose_name="报名方式",
                    ),
                ),
                ("recommended", models.BooleanField(default=False, verbose_name="来自推荐")),
                (
                    "score",
                    models.DecimalField(
                        blank=True, decimal_places=1, max_digits=5, null=True, verbose_name="考核成绩"
                    ),
                ),
                ("result_note", models.CharField(blank=True, max_length=200, verbose_name="考核说明")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="报名时间"),
                ),
                ("enrolled_at", models.DateTimeField(blank=True, null=True, verbose_name="入班时间")),
                ("withdrawn_at", models.DateTimeField(blank=True, null=True, verbose_name="退出时间")),
                ("passed_at", models.DateTimeField(blank=True, null=True, verbose_name="合格时间")),
                ("failed_at", models.DateTimeField(blank=True, null=True, verbose_name="不合格时间")),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "course",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="enrolments",
                        to="training.course",
                    ),
                ),
                (
                    "enrolled_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="经办人",
                    ),
                ),
                (
                    "result_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="成绩录入人",
                    ),
                ),
                (
                    "worker",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="enrolments",
                        to="workers.workerprofile",
                        verbose_name="学员",
                    ),
                ),
                (
                    "market",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.market",
                        verbose_name="零工市场",
                    ),
                ),
            ],
            options={
                "verbose_name": "培训报名",
                "verbose_name_plural": "培训报名",
                "ordering": ["course", "created_at", "id"],
                "indexes": [
                    models.Index(
                        fields=["course", "status", "created_at"], name="training_en_course__2710d4_idx"
                    )
                ],
                "constraints": [models.UniqueConstraint(fields=("course", "worker"), name="uniq_enrolment")],
            },
        ),
        migrations.CreateModel(
            name="Attendance",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "method",
                    models.CharField(
                        choices=[("qr", "扫码签到"), ("staff", "老师代签")],
                        max_length=8,
                        verbose_name="签到方式",
                    ),
                ),
                (
                    "checked_in_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="签到时间"),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="签到人",
                    ),
                ),
                (
                    "session",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="attendance",
                        to="training.coursesession",
                    ),
                ),
                (
                    "enrolment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="attendance",
                        to="training.enrolment",
                    ),
                ),
                (
                    "market",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.market",
                        verbose_name="零工市场",
                    ),
                ),
            ],
            options={
                "verbose_name": "出勤",
                "verbose_name_plural": "出勤",
                "constraints": [
                    models.UniqueConstraint(fields=("session", "enrolment"), name="uniq_attendance")
                ],
            },
        ),
        migrations.CreateModel(
            name="TrainingCertificate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.CharField(max_length=32, unique=True, verbose_name="证书编号")),
                ("verify_token", models.CharField(editable=False, max_length=43, unique=True)),
                ("issued_on", models.DateField(verbose_name="发证日期")),
                ("expires_on", models.DateField(blank=True, null=True, verbose_name="有效期至")),
                (
                    "status",
                    models.CharField(
                        choices=[("valid", "有效"), ("revoked", "已撤销")],
                        default="valid",
                        max_length=8,
                        verbose_name="状态",
                    ),
                ),
                ("revoked_reason", models.CharField(blank=True, max_length=200, verbose_name="撤销原因")),
                ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="撤销时间")),
                ("pdf", models.BinaryField(blank=True, null=True, verbose_name="证书PDF")),
                ("pdf_sha256", models.CharField(blank=True, max_length=64)),
                (
                    "official_recorded_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="官方证书登记时间"),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="创建时间"),
                ),
                (
                    "enrolment",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="certificate",
                        to="training.enrolment",
                    ),
                ),
                (
                    "issued_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="发证人",
                    ),
                ),
                (
                    "worker_certificate",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="workers.workercertificate",
                        verbose_name="档案中的证书",
                    ),
                ),
                (
                    "market",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.market",
                        verbose_name="零工市场",
                    ),
                ),
            ],
            options={
                "verbose_name": "培训合格证书",
                "verbose_name_plural": "培训合格证书",
                "ordering": ["-issued_on", "-id"],
            },
        ),
        migrations.CreateModel(
            name="TrainingOrderEmployer",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("places", models.PositiveSmallIntegerField(verbose_name="承诺录用人数")),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="备注")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="加入时间"),
                ),
                (
                    "enterprise",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="employers.enterprise",
                        verbose_name="订单企业",
                    ),
                ),
                (
                    "jobs",
                    models.ManyToManyField(
                        blank=True, related_name="+", to="jobs.jobposting", verbose_name="对应岗位"
                    ),
                ),
                (
                    "order",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="employers",
                        to="training.trainingorder",
                    ),
                ),
                (
                    "market",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.market",
                        verbose_name="零工市场",
                    ),
                ),
            ],
            options={
                "verbose_name": "订单企业",
                "verbose_name_plural": "订单企业",
                "constraints": [
                    models.UniqueConstraint(fields=("order", "enterprise"), name="uniq_order_employer"),
                    models.CheckConstraint(
                        condition=models.Q(("places__gte", 1), ("places__lte", 1000)),
                        name="order_places_range",
                    ),
                ],
            },
        ),
    ]
