"""jobs 0004-0009 squashed into one migration (Django's ``replaces``), so a new database runs fewer
operations. A database that has applied all of 0004-0009 counts this one as applied; one that has applied
only some goes on with the old files, which stay until every database is past them. The operations are the
old ones reduced by Django's migration optimizer. The backfills (RunPython) are kept: jobs's tables exist
before this migration and may hold rows.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from lingong.org.migration_ops import fill_market_from_parent


class Migration(migrations.Migration):
    replaces = [
        ("jobs", "0004_invitation"),
        ("jobs", "0005_posting_screening"),
        ("jobs", "0006_report_month_indexes"),
        ("jobs", "0007_source_channel_housekeeping"),
        ("jobs", "0008_market_column"),
        ("jobs", "0009_market_not_null"),
    ]

    dependencies = [
        ("employers", "0002_squashed_0006_market_not_null"),
        ("jobs", "0001_squashed_0003_job_review_queue"),
        ("notifications", "0001_squashed_0003_notification_link_text"),
        ("org", "0002_squashed_0012_division_functional_zones"),
        ("taxonomy", "0001_squashed_0002_industry_gbt_section"),
        ("workers", "0002_squashed_0006_market_not_null"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="jobposting",
            name="risk_level",
            field=models.CharField(
                choices=[("low", "低风险"), ("flag", "中风险（已标记）"), ("hold", "高风险（暂停发布）")],
                default="low",
                max_length=8,
                verbose_name="风险等级",
            ),
        ),
        migrations.AddField(
            model_name="jobposting",
            name="risk_score",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="风险分"),
        ),
        migrations.CreateModel(
            name="PostingScreening",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("trigger", models.CharField(max_length=12, verbose_name="触发")),
                ("score", models.PositiveSmallIntegerField(verbose_name="风险分")),
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("low", "低风险"),
                            ("flag", "中风险（已标记）"),
                            ("hold", "高风险（暂停发布）"),
                        ],
                        max_length=8,
                        verbose_name="风险等级",
                    ),
                ),
                ("reasons", models.JSONField(default=list, verbose_name="原因")),
                ("hold_score", models.PositiveSmallIntegerField(verbose_name="当时的暂停分")),
                ("flag_score", models.PositiveSmallIntegerField(verbose_name="当时的标记分")),
                (
                    "decision",
                    models.CharField(
                        choices=[
                            ("pending", "待人工决定"),
                            ("approved", "通过"),
                            ("rejected", "退回/下架"),
                            ("none", "无需决定"),
                        ],
                        default="none",
                        max_length=10,
                        verbose_name="人工决定",
                    ),
                ),
                ("decided_at", models.DateTimeField(blank=True, null=True, verbose_name="决定时间")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="筛查时间"),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="决定人",
                    ),
                ),
                (
                    "job",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="screenings",
                        to="jobs.jobposting",
                    ),
                ),
                (
                    "market",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="org.market"
                    ),
                ),
            ],
            options={
                "verbose_name": "岗位风险筛查",
                "verbose_name_plural": "岗位风险筛查",
                "ordering": ["-created_at", "-id"],
                "indexes": [
                    models.Index(fields=["market", "decision", "decided_at"], name="screening_calibration")
                ],
            },
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["applied_at"], name="application_applied_month"),
        ),
        migrations.AddIndex(
            model_name="jobposting",
            index=models.Index(fields=["market", "published_at"], name="job_published_month"),
        ),
        migrations.AlterField(
            model_name="jobposting",
            name="source_channel",
            field=models.CharField(
                choices=[
                    ("online", "线上发布"),
                    ("station", "驿站代发"),
                    ("live_stream", "直播带岗"),
                    ("phone", "电话登记"),
                    ("housekeeping", "家政预约"),
                ],
                default="online",
                max_length=16,
                verbose_name="来源渠道",
            ),
        ),
        migrations.AddField(
            model_name="application",
            name="market",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.market",
                verbose_name="零工市场",
            ),
        ),
        migrations.CreateModel(
            name="Invitation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="邀请时间"),
                ),
                (
                    "invited_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="邀请人",
                    ),
                ),
                (
                    "job",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="invitations",
                        to="jobs.jobposting",
                    ),
                ),
                (
                    "notification",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="notifications.notification",
                    ),
                ),
                (
                    "worker",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="invitations",
                        to="workers.workerprofile",
                    ),
                ),
                (
                    "market",
                    models.ForeignKey(
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.market",
                        verbose_name="零工市场",
                    ),
                ),
            ],
            options={
                "verbose_name": "邀请报名",
                "verbose_name_plural": "邀请报名",
                "constraints": [
                    models.UniqueConstraint(fields=("job", "worker"), name="uniq_invitation_per_job")
                ],
            },
        ),
        migrations.CreateModel(
            name="JobReport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "reason",
                    models.CharField(
                        choices=[
                            ("fee", "收取押金或费用"),
                            ("fake", "虚假岗位或信息不实"),
                            ("contact", "引导到平台外联系"),
                            ("discrimination", "歧视性要求"),
                            ("minors", "招用未成年人"),
                            ("unpaid", "拖欠工钱"),
                            ("other", "其他"),
                        ],
                        max_length=16,
                        verbose_name="举报原因",
                    ),
                ),
                ("text", models.CharField(blank=True, max_length=500, verbose_name="补充说明")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="举报时间"),
                ),
                (
                    "job",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reports",
                        to="jobs.jobposting",
                    ),
                ),
                (
                    "reporter",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "market",
                    models.ForeignKey(
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.market",
                        verbose_name="零工市场",
                    ),
                ),
            ],
            options={
                "verbose_name": "岗位举报",
                "verbose_name_plural": "岗位举报",
                "ordering": ["-created_at"],
                "constraints": [
                    models.UniqueConstraint(fields=("job", "reporter"), name="uniq_report_per_user")
                ],
            },
        ),
        fill_market_from_parent(
            ("jobs.Application", "job"), ("jobs.Invitation", "job"), ("jobs.JobReport", "job")
        ),
        migrations.AlterField(
            model_name="application",
            name="market",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.market",
                verbose_name="零工市场",
            ),
        ),
        migrations.AlterField(
            model_name="invitation",
            name="market",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.market",
                verbose_name="零工市场",
            ),
        ),
        migrations.AlterField(
            model_name="jobreport",
            name="market",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.market",
                verbose_name="零工市场",
            ),
        ),
    ]
