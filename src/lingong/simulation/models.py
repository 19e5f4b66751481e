"""A what-if run of the market simulator (lingong.sim) that staff started from the page, and its result."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lingong.audit.lifecycle import Lifecycle


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("运行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


RUN_LIFECYCLE = Lifecycle.of(
    "simulation",
    [
        (RunStatus.QUEUED, RunStatus.RUNNING),
        (RunStatus.RUNNING, RunStatus.DONE),
        (RunStatus.RUNNING, RunStatus.FAILED),
    ],
    choices=RunStatus,
    subject=str(_("仿真")),
)


class SimulationRun(models.Model):
    market = models.ForeignKey("org.Market", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    status = models.CharField(_("状态"), max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    # {"seed", "days", "scale", "policies": [...], "knobs": {...}} as validated by services.clean_params
    params = models.JSONField(_("参数"))
    # lingong.sim.simulate's result, timings left out (the same params give the same result)
    result = models.JSONField(_("结果"), null=True, blank=True)
    wall_seconds = models.FloatField(_("耗时（秒）"), null=True, blank=True)
    error = models.CharField(_("错误"), max_length=500, blank=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("仿真运行")
        verbose_name_plural = _("仿真运行")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["market", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.pk} {self.status}"
