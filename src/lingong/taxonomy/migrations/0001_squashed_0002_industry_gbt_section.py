"""taxonomy 0001-0002 squashed into one migration (Django's ``replaces``): a new database creates these
tables in one step. Replaying the migrations one by one re-rendered every related model after each
operation, which took most of a fresh ``manage.py migrate``.

A database that has applied all of 0001-0002 counts this one as applied; one that has applied only some
goes on with the old files, which stay until every database is past them. The operations are the old ones
reduced by Django's migration optimizer. The old backfills (RunPython) are left out: they only fill rows
of this app's own tables, and a database that runs this migration has not created them yet.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [("taxonomy", "0001_initial"), ("taxonomy", "0002_industry_gbt_section")]

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="CertificateType",
            fields=[
                (
                    "code",
                    models.SlugField(max_length=64, primary_key=True, serialize=False, verbose_name="代码"),
                ),
                ("name", models.CharField(max_length=100, verbose_name="名称")),
                ("kind", models.CharField(max_length=32, verbose_name="类别")),
                (
                    "validity_years",
                    models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="有效期（年）"),
                ),
                (
                    "review_years",
                    models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="复审周期（年）"),
                ),
                ("issuer_hint", models.CharField(blank=True, max_length=100, verbose_name="发证机关")),
            ],
            options={
                "verbose_name": "证书类型",
                "verbose_name_plural": "证书类型",
                "ordering": ["code"],
            },
        ),
        migrations.CreateModel(
            name="Industry",
            fields=[
                (
                    "code",
                    models.SlugField(max_length=64, primary_key=True, serialize=False, verbose_name="代码"),
                ),
                ("name", models.CharField(max_length=50, verbose_name="名称")),
                ("order", models.PositiveSmallIntegerField(default=0)),
                ("insurance_default", models.BooleanField(default=False, verbose_name="默认需要意外险")),
                (
                    "gbt_section",
                    models.CharField(blank=True, max_length=1, verbose_name="国民经济行业门类（GB/T 4754）"),
                ),
            ],
            options={
                "verbose_name": "行业",
                "verbose_name_plural": "行业",
                "ordering": ["order"],
            },
        ),
        migrations.CreateModel(
            name="TaxonomyVersion",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ("version", models.CharField(max_length=32)),
                ("loaded_at", models.DateTimeField(auto_now=True)),
            ],
        ),
        migrations.CreateModel(
            name="Occupation",
            fields=[
                (
                    "code",
                    models.SlugField(max_length=64, primary_key=True, serialize=False, verbose_name="代码"),
                ),
                ("name", models.CharField(db_index=True, max_length=50, verbose_name="职业名称")),
                (
                    "noc_code",
                    models.CharField(blank=True, max_length=16, verbose_name="国家职业分类代码（2022）"),
                ),
                ("synonyms", models.JSONField(blank=True, default=list, verbose_name="俗称")),
                ("insurance_default", models.BooleanField(default=False, verbose_name="默认需要意外险")),
                (
                    "default_pay_unit",
                    models.CharField(
                        choices=[
                            ("hour", "小时"),
                            ("day", "天"),
                            ("piece", "件"),
                            ("month", "月"),
                            ("negotiable", "面议"),
                        ],
                        default="day",
                        max_length=12,
                        verbose_name="常用计酬单位",
                    ),
                ),
                ("typical_pay_min", models.PositiveIntegerField(default=0, verbose_name="常见报酬下限")),
                ("typical_pay_max", models.PositiveIntegerField(default=0, verbose_name="常见报酬上限")),
                ("order", models.PositiveSmallIntegerField(default=0)),
                (
                    "certificate",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="taxonomy.certificatetype",
                        verbose_name="所需证书",
                    ),
                ),
                (
                    "industry",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="occupations",
                        to="taxonomy.industry",
                        verbose_name="行业",
                    ),
                ),
                (
                    "related",
                    models.ManyToManyField(blank=True, to="taxonomy.occupation", verbose_name="相关职业"),
                ),
            ],
            options={
                "verbose_name": "职业",
                "verbose_name_plural": "职业",
                "ordering": ["industry__order", "order"],
            },
        ),
    ]
