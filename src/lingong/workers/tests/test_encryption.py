"""The worker's ID number is stored encrypted (core.fields.EncryptedTextField on WorkerProfile)."""

from __future__ import annotations

from django.db import connection

from lingong.workers.models import WorkerProfile


def test_id_number_is_encrypted_at_rest(cast):
    worker = cast.worker
    assert len(worker.id_number) == 18
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM workers_workerprofile WHERE id = %s", [worker.pk])
        (raw,) = cursor.fetchone()
    assert worker.id_number not in raw
    assert WorkerProfile.objects.get(pk=worker.pk).id_number == worker.id_number
