"""The simulation run's task (idempotent: only a queued run is picked up)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from lingong.simulation import services


@db_task(retries=0, priority=0)
def run_simulation(run_id: int) -> None:
    services.execute(run_id)
