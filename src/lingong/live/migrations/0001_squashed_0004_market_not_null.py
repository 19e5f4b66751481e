"""live 0001-0004 squashed into one migration (Django's ``replaces``): a new database creates these tables in
one step. Replaying the migrations one by one re-rendered every related model after each operation, which
took most of a fresh ``manage.py migrate``.

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
        ("live", "0001_initial"),
        ("live", "0002_lead_consent"),
        ("live", "0003_market_column"),
        ("live", "0004_market_not_null"),
    ]

    initial = True

    dependencies = [
        ("jobs", "0004_squashed_0009_market_not_null"),
        ("org", "0002_squashed_0012_division_functional_zones"),
        ("workers", "0002_squashed_0006_market_not_null"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="LiveSession",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(max_length=16, unique=True, verbose_name="直播间编号")),
                ("title", models.CharField(max_length=60, verbose_name="标题")),
                ("description", models.CharField(blank=True, max_length=300, verbose_name="简介")),
                ("host_name", models.CharField(blank=True, max_length=30, verbose_name="主播称呼")),
                ("starts_at", models.DateTimeField(verbose_name="开播时间")),
                (
                    "planned_minutes",
                    models.PositiveSmallIntegerField(default=60, verbose_name="计划时长（分钟）"),
                ),
                (
                    "stream_kind",
                    models.CharField(
                        choices=[
                            ("none", "无视频（仅评论与岗位卡片）"),
                            ("hls", "本市场推流服务器（HLS）"),
                            ("external", "外部平台直播间链接"),
                        ],
                        default="none",
                        max_length=12,
                        verbose_name="视频来源",
                    ),
                ),
                ("stream_url", models.URLField(blank=True, max_length=500, verbose_name="视频地址")),
                ("replay_url", models.URLField(blank=True, max_length=500, verbose_name="回放地址")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("scheduled", "预告"),
                            ("live", "直播中"),
                            ("ended", "已结束"),
                            ("cancelled", "已取消"),
                        ],
                        default="scheduled",
                        max_length=12,
                        verbose_name="状态",
                    ),
                ),
                ("pinned_at", models.DateTimeField(blank=True, null=True, verbose_name="置顶时间")),
                ("started_at", models.DateTimeField(blank=True, null=True, verbose_name="实际开播")),
                ("ended_at", models.DateTimeField(blank=True, null=True, verbose_name="结束时间")),
                ("cancelled_at", models.DateTimeField(blank=True, null=True, verbose_name="取消时间")),
                ("peak_viewers", models.PositiveIntegerField(default=0, verbose_name="峰值在线")),
                ("total_viewers", models.PositiveIntegerField(default=0, verbose_name="累计观看")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "centre",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.servicecentre",
                        verbose_name="主办服务中心",
                    ),
                ),
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
                    "host",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="主播",
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
                    "station",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.station",
                        verbose_name="主办驿站",
                    ),
                ),
            ],
            options={
                "verbose_name": "直播带岗场次",
                "verbose_name_plural": "直播带岗场次",
                "ordering": ["-starts_at"],
            },
        ),
        migrations.CreateModel(
            name="LiveSettings",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("intent_phrases", models.TextField(blank=True, verbose_name="报名意向词")),
                ("blocked_words", models.TextField(blank=True, verbose_name="屏蔽词")),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "market",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="live_settings",
                        to="org.market",
                        verbose_name="零工市场",
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "直播带岗设置",
                "verbose_name_plural": "直播带岗设置",
            },
        ),
        migrations.CreateModel(
            name="LiveViewer",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=32)),
                ("nickname", models.CharField(max_length=20, verbose_name="昵称")),
                ("muted", models.BooleanField(default=False, verbose_name="已禁言")),
                ("muted_at", models.DateTimeField(blank=True, null=True)),
                ("joined_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("last_seen_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "muted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "session",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="viewers",
                        to="live.livesession",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
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
                "verbose_name": "观众",
                "verbose_name_plural": "观众",
                "constraints": [
                    models.UniqueConstraint(fields=("session", "key"), name="live_viewer_key_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="LiveComment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("is_host", models.BooleanField(default=False)),
                ("text", models.CharField(max_length=200, verbose_name="评论")),
                ("public_text", models.CharField(max_length=200, verbose_name="公开内容")),
                (
                    "hidden_reason",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("", "未隐藏"),
                            ("word_list", "含屏蔽词"),
                            ("staff", "工作人员隐藏"),
                            ("muted", "观众已被禁言"),
                        ],
                        default="",
                        max_length=12,
                        verbose_name="隐藏原因",
                    ),
                ),
                ("hidden_at", models.DateTimeField(blank=True, null=True)),
                ("is_intent", models.BooleanField(default=False)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "answer_to",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="live.livecomment",
                    ),
                ),
                (
                    "author",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "hidden_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "job",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="jobs.jobposting",
                    ),
                ),
                (
                    "session",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="comments",
                        to="live.livesession",
                    ),
                ),
                (
                    "viewer",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="comments",
                        to="live.liveviewer",
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
                "verbose_name": "直播评论",
                "verbose_name_plural": "直播评论",
                "ordering": ["created_at", "pk"],
                "indexes": [models.Index(fields=["session", "created_at"], name="live_comment_stream_idx")],
            },
        ),
        migrations.CreateModel(
            name="SessionJob",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="顺序")),
                ("pinned_count", models.PositiveIntegerField(default=0)),
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
                    "session",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="jobs",
                        to="live.livesession",
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
                "verbose_name": "推介岗位",
                "verbose_name_plural": "推介岗位",
                "ordering": ["session", "position", "pk"],
                "constraints": [
                    models.UniqueConstraint(fields=("session", "job"), name="live_session_job_unique")
                ],
            },
        ),
        migrations.AddField(
            model_name="livesession",
            name="pinned",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="live.sessionjob",
                verbose_name="当前置顶岗位",
            ),
        ),
        migrations.AddIndex(
            model_name="livesession",
            index=models.Index(fields=["market", "status", "starts_at"], name="live_session_list_idx"),
        ),
        migrations.CreateModel(
            name="Lead",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("phone", models.CharField(blank=True, max_length=11, verbose_name="手机号")),
                (
                    "phone_verified_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="手机号验证时间"),
                ),
                (
                    "source",
                    models.CharField(
                        choices=[("comment", "评论扣1"), ("tap", "点击我要报名")],
                        max_length=12,
                        verbose_name="来源",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("new", "待跟进"),
                            ("contacted", "已联系"),
                            ("applied", "已报名"),
                            ("hired", "已录用上岗"),
                            ("not_interested", "无意向"),
                            ("no_answer", "未接通"),
                        ],
                        default="new",
                        max_length=16,
                        verbose_name="跟进状态",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=300, verbose_name="跟进备注")),
                ("followed_at", models.DateTimeField(blank=True, null=True, verbose_name="最近跟进")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="留资时间"),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "application",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="jobs.application",
                        verbose_name="报名",
                    ),
                ),
                (
                    "followed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
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
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.market",
                        verbose_name="零工市场",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
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
                (
                    "comment",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="live.livecomment",
                    ),
                ),
                (
                    "session",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="leads",
                        to="live.livesession",
                    ),
                ),
                (
                    "viewer",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="leads",
                        to="live.liveviewer",
                    ),
                ),
                ("consented_at", models.DateTimeField(blank=True, null=True, verbose_name="同意报名时间")),
            ],
            options={
                "verbose_name": "报名线索",
                "verbose_name_plural": "报名线索",
                "ordering": ["-created_at"],
                "indexes": [models.Index(fields=["session", "status"], name="live_lead_queue_idx")],
                "constraints": [
                    models.UniqueConstraint(fields=("session", "job", "viewer"), name="live_lead_per_viewer"),
                    models.UniqueConstraint(
                        condition=models.Q(("user__isnull", False)),
                        fields=("session", "job", "user"),
                        name="live_lead_per_user",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("phone", ""), _negated=True),
                        fields=("session", "job", "phone"),
                        name="live_lead_per_phone",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="LeadFollowUp",
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
                            ("new", "待跟进"),
                            ("contacted", "已联系"),
                            ("applied", "已报名"),
                            ("hired", "已录用上岗"),
                            ("not_interested", "无意向"),
                            ("no_answer", "未接通"),
                        ],
                        max_length=16,
                        verbose_name="跟进状态",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=300, verbose_name="备注")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "lead",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="follow_ups", to="live.lead"
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
                "verbose_name": "线索跟进记录",
                "verbose_name_plural": "线索跟进记录",
                "ordering": ["created_at", "pk"],
            },
        ),
    ]
