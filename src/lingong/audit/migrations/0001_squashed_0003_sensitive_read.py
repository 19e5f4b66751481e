"""audit 0001-0003 squashed into one migration (Django's ``replaces``): a new database creates these tables
in one step. Replaying the migrations one by one re-rendered every related model after each operation,
which took most of a fresh ``manage.py migrate``.

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
        ("audit", "0001_initial"),
        ("audit", "0002_chain_per_market"),
        ("audit", "0003_sensitive_read"),
    ]

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditHead",
            fields=[
                ("id", models.PositiveBigIntegerField(primary_key=True, serialize=False)),
                ("last_seq", models.BigIntegerField(default=0)),
                (
                    "last_hash",
                    models.CharField(
                        default="0000000000000000000000000000000000000000000000000000000000000000",
                        max_length=64,
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="AuditEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("seq", models.BigIntegerField(verbose_name="序号")),
                ("created_at", models.DateTimeField(verbose_name="时间")),
                ("actor_label", models.CharField(blank=True, max_length=64, verbose_name="操作人标识")),
                ("action", models.CharField(db_index=True, max_length=64, verbose_name="事件")),
                ("object_type", models.CharField(max_length=64, verbose_name="对象类型")),
                ("object_id", models.CharField(max_length=64, verbose_name="对象ID")),
                ("data", models.JSONField(blank=True, default=dict, verbose_name="数据")),
                ("result", models.CharField(default="ok", max_length=16, verbose_name="结果")),
                ("prev_hash", models.CharField(max_length=64)),
                ("entry_hash", models.CharField(max_length=64, unique=True)),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="操作人",
                    ),
                ),
                ("chain", models.PositiveBigIntegerField(default=0, verbose_name="链")),
            ],
            options={
                "verbose_name": "审计记录",
                "verbose_name_plural": "审计记录",
                "ordering": ["chain", "seq"],
                "indexes": [
                    models.Index(
                        fields=["object_type", "object_id", "seq"], name="audit_audit_object__72f2d0_idx"
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("chain", "seq"), name="audit_entry_chain_seq")
                ],
            },
        ),
        migrations.CreateModel(
            name="SensitiveRead",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "at",
                    models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now, verbose_name="时间"
                    ),
                ),
                ("actor_label", models.CharField(blank=True, max_length=64, verbose_name="查看人标识")),
                ("actor_role", models.CharField(blank=True, max_length=20, verbose_name="查看人角色")),
                (
                    "market_id",
                    models.PositiveBigIntegerField(blank=True, db_index=True, null=True, verbose_name="市场"),
                ),
                ("station_id", models.PositiveBigIntegerField(blank=True, null=True, verbose_name="驿站")),
                ("centre_id", models.PositiveBigIntegerField(blank=True, null=True, verbose_name="服务中心")),
                ("subject_type", models.CharField(max_length=64, verbose_name="对象类型")),
                ("subject_id", models.CharField(max_length=64, verbose_name="对象ID")),
                ("subject_label", models.CharField(blank=True, max_length=100, verbose_name="对象")),
                (
                    "field",
                    models.CharField(
                        choices=[("id_number", "身份证号码"), ("phone", "手机号码")],
                        max_length=16,
                        verbose_name="字段",
                    ),
                ),
                ("count", models.PositiveIntegerField(default=1, verbose_name="完整号码数")),
                (
                    "reason",
                    models.CharField(
                        choices=[
                            ("contact_worker", "联系求职者（到岗、改期、安全）"),
                            ("contact_employer", "联系用工单位联系人"),
                            ("verify_identity", "核实身份（登记、证书、保险）"),
                            ("dispute", "处理争议或投诉"),
                            ("tax_withholding", "个人所得税扣缴申报"),
                            ("other", "其他（请说明）"),
                        ],
                        max_length=32,
                        verbose_name="原因",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="说明")),
                ("ip", models.GenericIPAddressField(blank=True, null=True, verbose_name="IP 地址")),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="查看人",
                    ),
                ),
                (
                    "subject_user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="信息主体",
                    ),
                ),
            ],
            options={
                "verbose_name": "敏感信息查看记录",
                "verbose_name_plural": "敏感信息查看记录",
                "ordering": ["-at", "-id"],
                "indexes": [models.Index(fields=["market_id", "at"], name="audit_sensi_market__63b380_idx")],
            },
        ),
    ]
