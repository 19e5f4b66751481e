"""Review queues: when a posting entered review (the SLA clock), when it was last rejected (the employer's
clean record) and the post-publication review of postings that opened without one."""

from django.db import migrations, models


def start_the_clock(apps, schema_editor):
    """Postings already waiting start their clock when they were created, the best time on record."""
    JobPosting = apps.get_model("jobs", "JobPosting")
    JobPosting.objects.filter(status="pending_review").update(submitted_at=models.F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0002_jobposting_auto_replace_jobposting_overtime_rate_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="jobposting",
            name="post_review_status",
            field=models.CharField(
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
        migrations.AddField(
            model_name="jobposting",
            name="rejected_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="最近退回时间"),
        ),
        migrations.AddField(
            model_name="jobposting",
            name="submitted_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="进入审核时间"),
        ),
        migrations.AddIndex(
            model_name="jobposting",
            index=models.Index(
                fields=["market", "status", "is_urgent", "submitted_at"], name="job_review_queue"
            ),
        ),
        migrations.AddIndex(
            model_name="jobposting",
            index=models.Index(fields=["market", "post_review_status"], name="job_post_review_queue"),
        ),
        migrations.RunPython(start_the_clock, migrations.RunPython.noop),
    ]
