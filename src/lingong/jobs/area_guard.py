"""Open jobs must stay inside their market's served area: jobs registers this check with org, which sits below
jobs and cannot ask it (``JobsConfig.ready``). A new area that would leave out a job people can still apply
to (open, or waiting for review and about to open) is refused by ``org.area.update_area``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lingong.core.geo import ServedRegion
from lingong.jobs.models import JobPosting, JobStatus
from lingong.org.area import count_outside, exclusion_checks
from lingong.org.models import Market

LIVE_STATUSES = (JobStatus.OPEN, JobStatus.PENDING_REVIEW)


def live_jobs_outside(market: Market, region: ServedRegion) -> int:
    rows = JobPosting.objects.filter(market=market, status__in=LIVE_STATUSES).values_list("lat", "lon")
    return count_outside(region, rows)


def register() -> None:
    exclusion_checks.register(live_jobs_outside, name="open_jobs", label=_("招聘中或待审核的岗位"))
