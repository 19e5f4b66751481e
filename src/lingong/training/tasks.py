"""Tasks of training: the certificate PDF, rendered after the pass commits (idempotent by its row)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from lingong.training import certificates


@db_task(retries=3, retry_delay=30, priority=0)
def render_certificate_pdf(certificate_id: int) -> None:
    certificates.store_pdf(certificate_id)
