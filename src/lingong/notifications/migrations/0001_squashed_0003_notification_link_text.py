"""notifications 0001-0003 squashed into one migration (Django's ``replaces``): a new database creates these
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
        ("notifications", "0001_initial"),
        ("notifications", "0002_outbox_lifecycle"),
        ("notifications", "0003_notification_link_text"),
    ]

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="OutboundMessage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("idempotency_key", models.CharField(max_length=100, unique=True)),
                ("phone", models.CharField(max_length=11)),
                ("channel", models.CharField(default="sms", max_length=16)),
                ("template", models.CharField(max_length=48)),
                ("params", models.JSONField(default=dict)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "待发送"),
                            ("sending", "发送中"),
                            ("sent", "已发送"),
                            ("failed", "发送失败"),
                            ("dead", "已放弃"),
                            ("unknown", "结果未知"),
                        ],
                        default="pending",
                        max_length=12,
                    ),
                ),
                ("attempts", models.PositiveSmallIntegerField(default=0)),
                ("last_error", models.CharField(blank=True, max_length=300)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("sent_at", models.DateTimeField(blank=True, null=True)),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                ("lease_expires_at", models.DateTimeField(blank=True, null=True)),
                ("next_attempt_at", models.DateTimeField(blank=True, null=True)),
                ("provider_ref", models.CharField(blank=True, max_length=100)),
            ],
            options={
                "verbose_name": "外发消息",
                "verbose_name_plural": "外发消息",
                "indexes": [
                    models.Index(fields=["status", "next_attempt_at"], name="notificatio_status_431eed_idx")
                ],
            },
        ),
        migrations.CreateModel(
            name="Notification",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=48, verbose_name="类型")),
                ("title", models.CharField(max_length=100, verbose_name="标题")),
                ("body", models.CharField(blank=True, max_length=500, verbose_name="内容")),
                ("url", models.CharField(blank=True, max_length=200, verbose_name="链接")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="时间")),
                ("read_at", models.DateTimeField(blank=True, null=True, verbose_name="已读时间")),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                ("link_text", models.CharField(blank=True, max_length=20, verbose_name="链接文字")),
            ],
            options={
                "verbose_name": "站内消息",
                "verbose_name_plural": "站内消息",
                "ordering": ["-created_at", "-id"],
                "indexes": [models.Index(fields=["user", "read_at"], name="notificatio_user_id_47e85c_idx")],
            },
        ),
    ]
