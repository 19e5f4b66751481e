"""One number of one certificate type belongs to one worker (issue 13): a second worker is refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lingong import apitools as at
from lingong.core.errors import ConflictError
from lingong.workers import services
from lingong.workers.models import WorkerCertificate

pytestmark = pytest.mark.django_db


def test_a_number_another_worker_holds_is_refused(cast: Any) -> None:
    services.add_certificate(
        actor=cast.worker.user,
        worker_id=cast.worker.pk,
        certificate_type="special_equipment_forklift",
        number="TZ-5566",
    )
    with pytest.raises(ConflictError) as exc:
        services.add_certificate(
            actor=cast.other_worker.user,
            worker_id=cast.other_worker.pk,
            certificate_type="special_equipment_forklift",
            number="tz-5566",
        )
    assert exc.value.code == "certificate_number_taken" and "number" in exc.value.errors
    assert not WorkerCertificate.objects.filter(worker=cast.other_worker).exists()
    # The same number of another type, or the same worker again (a renewal), is not refused.
    services.add_certificate(
        actor=cast.other_worker.user,
        worker_id=cast.other_worker.pk,
        certificate_type="health_certificate",
        number="TZ-5566",
    )
    services.add_certificate(
        actor=cast.worker.user,
        worker_id=cast.worker.pk,
        certificate_type="special_equipment_forklift",
        number="TZ-5566",
    )


def test_the_api_answers_409(client: Client, cast: Any) -> None:
    services.add_certificate(
        actor=cast.worker.user,
        worker_id=cast.worker.pk,
        certificate_type="special_equipment_forklift",
        number="TZ-7788",
    )
    response = at.send(
        client,
        "post",
        "/workers/me/certificates",
        at.token_of(cast.other_worker.user),
        {"certificate_type": "special_equipment_forklift", "number": "TZ-7788"},
    )
    at.error(response, 409, "certificate_number_taken", "number")
