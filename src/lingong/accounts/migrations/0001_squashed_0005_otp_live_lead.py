"""accounts 0001-0005 squashed into one migration (Django's ``replaces``): a new database creates these
tables in one step. Replaying the migrations one by one re-rendered every related model after each
operation, which took most of a fresh ``manage.py migrate``.

A database that has applied all of 0001-0005 counts this one as applied; one that has applied only some
goes on with the old files, which stay until every database is past them. The operations are the old ones
reduced by Django's migration optimizer. The old backfills (RunPython) are left out: they only fill rows
of this app's own tables, and a database that runs this migration has not created them yet.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import lingong.accounts.models


class Migration(migrations.Migration):
    replaces = [
        ("accounts", "0001_initial"),
        ("accounts", "0002_alter_otpcode_purpose"),
        ("accounts", "0003_login_history_and_erasure"),
        ("accounts", "0004_user_elder_mode"),
        ("accounts", "0005_otp_live_lead"),
    ]

    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("org", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="User",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("password", models.CharField(max_length=128, verbose_name="password")),
                ("last_login", models.DateTimeField(blank=True, null=True, verbose_name="last login")),
                (
                    "is_superuser",
                    models.BooleanField(
                        default=False,
                        help_text="Designates that this user has all permissions without explicitly assigning them.",
                        verbose_name="superuser status",
                    ),
                ),
                ("phone", models.CharField(max_length=11, unique=True, verbose_name="手机号")),
                ("display_name", models.CharField(blank=True, max_length=50, verbose_name="称呼")),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("worker", "求职者"),
                            ("employer", "用工单位"),
                            ("station_staff", "驿站工作人员"),
                            ("centre_staff", "服务中心工作人员"),
                            ("market_admin", "市场管理员"),
                        ],
                        default="worker",
                        max_length=20,
                        verbose_name="角色",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="启用")),
                ("is_staff", models.BooleanField(default=False, verbose_name="可进入后台")),
                (
                    "date_joined",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="注册时间"),
                ),
                (
                    "centre",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="staff",
                        to="org.servicecentre",
                        verbose_name="所属服务中心",
                    ),
                ),
                (
                    "groups",
                    models.ManyToManyField(
                        blank=True,
                        help_text="The groups this user belongs to. A user will get all permissions granted to each of their groups.",
                        related_name="user_set",
                        related_query_name="user",
                        to="auth.group",
                        verbose_name="groups",
                    ),
                ),
                (
                    "market",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="users",
                        to="org.market",
                        verbose_name="所属市场",
                    ),
                ),
                (
                    "station",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="staff",
                        to="org.station",
                        verbose_name="所属驿站",
                    ),
                ),
                (
                    "user_permissions",
                    models.ManyToManyField(
                        blank=True,
                        help_text="Specific permissions for this user.",
                        related_name="user_set",
                        related_query_name="user",
                        to="auth.permission",
                        verbose_name="user permissions",
                    ),
                ),
                ("erased_at", models.DateTimeField(blank=True, null=True, verbose_name="注销时间")),
                ("elder_mode", models.BooleanField(default=False, verbose_name="长辈模式")),
            ],
            options={
                "verbose_name": "用户",
                "verbose_name_plural": "用户",
            },
            managers=[
                ("objects", lingong.accounts.models.UserManager()),
            ],
        ),
        migrations.CreateModel(
            name="ApiToken",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key_hash", models.CharField(max_length=64, unique=True)),
                ("name", models.CharField(blank=True, max_length=64)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("expires_at", models.DateTimeField()),
                ("last_used_at", models.DateTimeField(blank=True, null=True)),
                ("revoked_at", models.DateTimeField(blank=True, null=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="api_tokens",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "接口令牌",
                "verbose_name_plural": "接口令牌",
            },
        ),
        migrations.CreateModel(
            name="LoginEvent",
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
                        db_index=True, default=django.utils.timezone.now, verbose_name="登录时间"
                    ),
                ),
                (
                    "method",
                    models.CharField(
                        choices=[
                            ("page_password", "网页密码登录"),
                            ("page_otp", "网页验证码登录"),
                            ("api_password", "客户端密码登录"),
                            ("api_otp", "客户端验证码登录"),
                            ("other", "其他方式"),
                        ],
                        max_length=16,
                        verbose_name="登录方式",
                    ),
                ),
                ("ip", models.GenericIPAddressField(blank=True, null=True, verbose_name="IP地址")),
                ("user_agent", models.CharField(blank=True, max_length=300, verbose_name="设备信息")),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="login_events",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "登录记录",
                "verbose_name_plural": "登录记录",
                "ordering": ["-at"],
                "indexes": [models.Index(fields=["user", "at"], name="accounts_lo_user_id_a6e0e4_idx")],
            },
        ),
        migrations.CreateModel(
            name="OtpCode",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("phone", models.CharField(db_index=True, max_length=11)),
                (
                    "purpose",
                    models.CharField(
                        choices=[
                            ("login", "登录"),
                            ("register", "注册"),
                            ("consent", "代登记授权"),
                            ("sign", "签署协议"),
                            ("live_lead", "直播间报名"),
                        ],
                        max_length=16,
                    ),
                ),
                ("code_hash", models.CharField(max_length=64)),
                ("created_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ("expires_at", models.DateTimeField()),
                ("attempts", models.PositiveSmallIntegerField(default=0)),
                ("used_at", models.DateTimeField(blank=True, null=True)),
            ],
            options={
                "verbose_name": "短信验证码",
                "verbose_name_plural": "短信验证码",
                "indexes": [
                    models.Index(
                        fields=["phone", "purpose", "created_at"], name="accounts_ot_phone_4a5cc3_idx"
                    )
                ],
            },
        ),
    ]
