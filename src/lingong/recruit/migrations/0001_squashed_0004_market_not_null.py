"""recruit 0001-0004 squashed into one migration (Django's ``replaces``): a new database creates these tables
in one step. Replaying the migrations one by one re-rendered every related model after each operation,
which took most of a fresh ``manage.py migrate``.

A database that has applied all of 0001-0004 counts this one as applied; one that has applied only some
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
        ("recruit", "0001_initial"),
        ("recruit", "0002_inbound_sms"),
        ("recruit", "0003_market_column"),
        ("recruit", "0004_market_not_null"),
    ]

    initial = True

    dependencies = [
        ("employers", "0002_squashed_0006_market_not_null"),
        ("jobs", "0004_squashed_0009_market_not_null"),
        ("org", "0002_squashed_0012_division_functional_zones"),
        ("workers", "0002_squashed_0006_market_not_null"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="QuickRecruit",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("headcount", models.PositiveSmallIntegerField(verbose_name="招募人数")),
                ("starts_at", models.DateTimeField(verbose_name="到岗时间")),
                ("fill_deadline", models.DateTimeField(verbose_name="招满截止时间")),
                ("auto_offer", models.BooleanField(default=True, verbose_name="自动录用")),
                ("lat", models.FloatField(verbose_name="纬度（WGS84）")),
                ("lon", models.FloatField(verbose_name="经度（WGS84）")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("open", "已发起"),
                            ("filling", "招募中"),
                            ("filled", "已招满"),
                            ("expired", "已截止"),
                            ("cancelled", "已取消"),
                        ],
                        default="open",
                        max_length=12,
                        verbose_name="状态",
                    ),
                ),
                ("radius_km", models.FloatField(default=0, verbose_name="当前半径（公里）")),
                ("next_wave_at", models.DateTimeField(blank=True, null=True, verbose_name="下一轮时间")),
                ("started_at", models.DateTimeField(verbose_name="发起时间")),
                ("first_answer_at", models.DateTimeField(blank=True, null=True, verbose_name="首个响应时间")),
                ("filled_at", models.DateTimeField(blank=True, null=True, verbose_name="招满时间")),
                ("closed_at", models.DateTimeField(blank=True, null=True, verbose_name="结束时间")),
                (
                    "time_to_first_answer_s",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="首个响应用时（秒）"),
                ),
                (
                    "time_to_fill_s",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="招满用时（秒）"),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "enterprise",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="employers.enterprise",
                        verbose_name="用工单位",
                    ),
                ),
                (
                    "job",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="jobs.jobposting",
                        verbose_name="岗位",
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
                "verbose_name": "即时快招",
                "verbose_name_plural": "即时快招",
                "ordering": ["-started_at", "-id"],
                "indexes": [
                    models.Index(fields=["status", "next_wave_at"], name="campaign_due_waves"),
                    models.Index(fields=["market", "status"], name="campaign_market_live"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("headcount__gte", 1), ("headcount__lte", 500)),
                        name="campaign_headcount_range",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Wave",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveSmallIntegerField(verbose_name="轮次")),
                ("radius_km", models.FloatField(verbose_name="半径（公里）")),
                ("at", models.DateTimeField(verbose_name="时间")),
                ("invited", models.PositiveIntegerField(default=0, verbose_name="邀请人数")),
                ("stations_linked", models.PositiveIntegerField(default=0, verbose_name="新联动驿站")),
                (
                    "campaign",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="waves",
                        to="recruit.quickrecruit",
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
                "verbose_name": "快招轮次",
                "verbose_name_plural": "快招轮次",
                "ordering": ["campaign", "number"],
                "constraints": [
                    models.UniqueConstraint(fields=("campaign", "number"), name="uniq_wave_number")
                ],
            },
        ),
        migrations.CreateModel(
            name="CampaignInvite",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "channel",
                    models.CharField(
                        choices=[("sms", "短信"), ("app", "平台"), ("station", "驿站代报名")],
                        max_length=8,
                        verbose_name="渠道",
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("invited", "已邀请"),
                            ("standby", "候补"),
                            ("offered", "已录用待确认"),
                            ("accepted", "已接受"),
                            ("released", "已退出"),
                            ("lapsed", "录用超时"),
                            ("closed", "已结束"),
                        ],
                        default="invited",
                        max_length=10,
                        verbose_name="状态",
                    ),
                ),
                ("invited_at", models.DateTimeField(verbose_name="邀请时间")),
                ("viewed_at", models.DateTimeField(blank=True, null=True, verbose_name="查看时间")),
                ("answered_at", models.DateTimeField(blank=True, null=True, verbose_name="响应时间")),
                ("offered_at", models.DateTimeField(blank=True, null=True, verbose_name="录用时间")),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "application",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="jobs.application",
                    ),
                ),
                (
                    "nominated_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "station",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="org.station",
                    ),
                ),
                (
                    "worker",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="workers.workerprofile",
                    ),
                ),
                (
                    "campaign",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="invites",
                        to="recruit.quickrecruit",
                    ),
                ),
                (
                    "wave",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="invites",
                        to="recruit.wave",
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
                "verbose_name": "快招邀请",
                "verbose_name_plural": "快招邀请",
                "ordering": ["campaign", "answered_at", "id"],
                "indexes": [models.Index(fields=["campaign", "state", "answered_at"], name="invite_queue")],
                "constraints": [
                    models.UniqueConstraint(fields=("campaign", "worker"), name="uniq_invite_per_worker")
                ],
            },
        ),
        migrations.CreateModel(
            name="InboundSms",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("message_id", models.CharField(max_length=64, unique=True, verbose_name="短信平台消息编号")),
                ("phone", models.CharField(max_length=20, verbose_name="手机号")),
                ("text", models.CharField(max_length=500, verbose_name="内容")),
                ("received_at", models.DateTimeField(verbose_name="接收时间")),
                (
                    "outcome",
                    models.CharField(
                        choices=[
                            ("answered", "已接单（即时快招）"),
                            ("applied", "已报名（邀请报名）"),
                            ("refused", "未能办理"),
                            ("nothing_open", "没有待回复的邀请"),
                            ("not_understood", "回复内容无法识别"),
                            ("unknown_phone", "号码未注册"),
                        ],
                        max_length=16,
                        verbose_name="处理结果",
                    ),
                ),
                ("detail", models.CharField(blank=True, max_length=200, verbose_name="说明")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "application",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="jobs.application",
                    ),
                ),
                (
                    "campaign_invite",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="recruit.campaigninvite",
                    ),
                ),
                (
                    "invitation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="jobs.invitation",
                    ),
                ),
                (
                    "worker",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="workers.workerprofile",
                    ),
                ),
            ],
            options={
                "verbose_name": "上行短信",
                "verbose_name_plural": "上行短信",
                "indexes": [models.Index(fields=["phone", "created_at"], name="inbound_sms_phone")],
            },
        ),
        migrations.CreateModel(
            name="StationLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("wave_number", models.PositiveSmallIntegerField(verbose_name="轮次")),
                ("distance_km", models.FloatField(verbose_name="距离（公里）")),
                ("linked_at", models.DateTimeField(verbose_name="联动时间")),
                (
                    "campaign",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="station_links",
                        to="recruit.quickrecruit",
                    ),
                ),
                (
                    "station",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="org.station"
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
                "verbose_name": "联动驿站",
                "verbose_name_plural": "联动驿站",
                "constraints": [
                    models.UniqueConstraint(fields=("campaign", "station"), name="uniq_station_link")
                ],
            },
        ),
    ]
