"""jobs 0001-0003 squashed into one migration (Django's ``replaces``): a new database creates these tables in
one step. Replaying the migrations one by one re-rendered every related model after each operation, which
took most of a fresh ``manage.py migrate``.

A database that has applied all of 0001-0003 counts this one as applied; one that has applied only some
goes on with the old files, which stay until every database is past them. The operations are the old ones
reduced by Django's migration optimizer. The old backfills (RunPython) are left out: they only fill rows
of this app's own tables, and a database that runs this migration has not created them yet.

It stops at 0003: 0004 depends on workers 0002, which depends on ratings 0002 and so on jobs 0002, so a
squash of all of jobs would depend on itself.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [
        ("jobs", "0001_initial"),
        ("jobs", "0002_jobposting_auto_replace_jobposting_overtime_rate_and_more"),
        ("jobs", "0003_job_review_queue"),
    ]

    initial = True

    dependencies = [
        ("employers", "0001_initial"),
        ("org", "0001_initial"),
        ("taxonomy", "0001_squashed_0002_industry_gbt_section"),
        ("workers", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="JobPosting",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=60, verbose_name="标题")),
                ("description", models.TextField(max_length=2000, verbose_name="工作内容")),
                ("headcount", models.PositiveSmallIntegerField(verbose_name="招聘人数")),
                ("address", models.CharField(max_length=200, verbose_name="工作地点")),
                ("lat", models.FloatField(verbose_name="纬度（WGS84）")),
                ("lon", models.FloatField(verbose_name="经度（WGS84）")),
                (
                    "pay_amount",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=10, null=True, verbose_name="报酬"
                    ),
                ),
                (
                    "pay_unit",
                    models.CharField(
                        choices=[
                            ("hour", "小时"),
                            ("day", "天"),
                            ("piece", "件"),
                            ("month", "月"),
                            ("negotiable", "面议"),
                        ],
                        max_length=12,
                        verbose_name="计酬单位",
                    ),
                ),
                ("start_date", models.DateField(verbose_name="开始日期")),
                ("end_date", models.DateField(verbose_name="结束日期")),
                ("daily_start_time", models.TimeField(blank=True, null=True, verbose_name="每日上班时间")),
                ("daily_end_time", models.TimeField(blank=True, null=True, verbose_name="每日下班时间")),
                (
                    "daily_hours",
                    models.DecimalField(decimal_places=1, default=8, max_digits=4, verbose_name="每日工时"),
                ),
                (
                    "settlement_cycle",
                    models.CharField(
                        choices=[
                            ("daily", "日结"),
                            ("weekly", "周结"),
                            ("monthly", "月结"),
                            ("on_completion", "完工结算"),
                        ],
                        default="daily",
                        max_length=16,
                        verbose_name="结算周期",
                    ),
                ),
                ("is_urgent", models.BooleanField(default=False, verbose_name="急招")),
                ("insurance_required", models.BooleanField(default=False, verbose_name="需购买意外险")),
                (
                    "source_channel",
                    models.CharField(
                        choices=[
                            ("online", "线上发布"),
                            ("station", "驿站代发"),
                            ("live_stream", "直播带岗"),
                            ("phone", "电话登记"),
                        ],
                        default="online",
                        max_length=16,
                        verbose_name="来源渠道",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "草稿"),
                            ("pending_review", "待审核"),
                            ("open", "招聘中"),
                            ("filled", "已招满"),
                            ("closed", "已关闭"),
                            ("expired", "已过期"),
                            ("cancelled", "已取消"),
                            ("rejected", "审核未通过"),
                        ],
                        default="draft",
                        max_length=16,
                        verbose_name="状态",
                    ),
                ),
                ("review_note", models.CharField(blank=True, max_length=200, verbose_name="审核意见")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="创建时间"),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
                ("published_at", models.DateTimeField(blank=True, null=True, verbose_name="发布时间")),
                ("closed_at", models.DateTimeField(blank=True, null=True, verbose_name="结束时间")),
                (
                    "certificates_required",
                    models.ManyToManyField(
                        blank=True, related_name="+", to="taxonomy.certificatetype", verbose_name="所需证书"
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="发布人",
                    ),
                ),
                (
                    "division",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.division",
                        verbose_name="所在区划",
                    ),
                ),
                (
                    "enterprise",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="jobs",
                        to="employers.enterprise",
                        verbose_name="用工单位",
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
                    "occupations",
                    models.ManyToManyField(
                        related_name="jobs", to="taxonomy.occupation", verbose_name="所需工种"
                    ),
                ),
                (
                    "reviewed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="审核人",
                    ),
                ),
                (
                    "station",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="jobs",
                        to="org.station",
                        verbose_name="代发驿站",
                    ),
                ),
                ("auto_replace", models.BooleanField(default=False, verbose_name="缺勤自动补位")),
                (
                    "overtime_rate",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=8,
                        null=True,
                        verbose_name="加班费（元/小时）",
                    ),
                ),
                (
                    "post_review_status",
                    models.CharField(
                        choices=[
                            ("none", "无需事后复核"),
                            ("pending", "待事后复核"),
                            ("confirmed", "复核通过"),
                            ("taken_down", "已下架"),
                        ],
                        default="none",
                        max_length=12,
                        verbose_name="事后复核",
                    ),
                ),
                ("rejected_at", models.DateTimeField(blank=True, null=True, verbose_name="最近退回时间")),
                ("submitted_at", models.DateTimeField(blank=True, null=True, verbose_name="进入审核时间")),
            ],
            options={
                "verbose_name": "用工需求",
                "verbose_name_plural": "用工需求",
                "ordering": ["-published_at", "-id"],
                "indexes": [
                    models.Index(
                        fields=["market", "status", "lat", "lon"], name="jobs_jobpos_market__5143f8_idx"
                    ),
                    models.Index(fields=["status", "end_date"], name="jobs_jobpos_status_f62b7b_idx"),
                    models.Index(
                        fields=["market", "status", "is_urgent", "submitted_at"], name="job_review_queue"
                    ),
                    models.Index(fields=["market", "post_review_status"], name="job_post_review_queue"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("end_date__gte", models.F("start_date"))), name="job_dates_order"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("headcount__gte", 1), ("headcount__lte", 1000)),
                        name="job_headcount_range",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("pay_amount__isnull", True), ("pay_amount__gte", 0), _connector="OR"
                        ),
                        name="job_pay_nonneg",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Application",
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
                            ("applied", "已报名"),
                            ("shortlisted", "已入围"),
                            ("offered", "已发录用"),
                            ("accepted", "已接受"),
                            ("rejected", "未录用"),
                            ("withdrawn", "已撤回"),
                            ("declined", "已婉拒"),
                            ("cancelled", "用工已取消"),
                        ],
                        default="applied",
                        max_length=16,
                        verbose_name="状态",
                    ),
                ),
                ("message", models.CharField(blank=True, max_length=200, verbose_name="留言")),
                ("reason", models.CharField(blank=True, max_length=200, verbose_name="原因")),
                (
                    "applied_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="报名时间"),
                ),
                ("shortlisted_at", models.DateTimeField(blank=True, null=True, verbose_name="入围时间")),
                ("offered_at", models.DateTimeField(blank=True, null=True, verbose_name="录用时间")),
                ("decided_at", models.DateTimeField(blank=True, null=True, verbose_name="答复时间")),
                ("rejected_at", models.DateTimeField(blank=True, null=True, verbose_name="未录用时间")),
                ("withdrawn_at", models.DateTimeField(blank=True, null=True, verbose_name="撤回时间")),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "worker",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="applications",
                        to="workers.workerprofile",
                    ),
                ),
                (
                    "job",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="applications",
                        to="jobs.jobposting",
                    ),
                ),
            ],
            options={
                "verbose_name": "报名",
                "verbose_name_plural": "报名",
                "ordering": ["-applied_at"],
                "indexes": [models.Index(fields=["job", "status"], name="jobs_applic_job_id_a25382_idx")],
                "constraints": [
                    models.UniqueConstraint(fields=("job", "worker"), name="uniq_application_per_job")
                ],
            },
        ),
    ]
