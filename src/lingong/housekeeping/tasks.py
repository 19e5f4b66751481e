"""Periodic housekeeping work (Huey): lapsed offers every minute, recurring visits every night."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lingong.housekeeping import dispatch, plans


@db_periodic_task(crontab(minute="*"))
def expire_offers() -> int:
    return dispatch.expire_offers()


@db_periodic_task(crontab(minute="10", hour="1"))
def generate_plan_visits() -> int:
    return plans.generate_all()
