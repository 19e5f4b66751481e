from django.db import connection

from lingong.core import crypto
from lingong.workers.models import WorkerProfile


def test_encrypt_round_trip_and_blind_index_is_stable():
    token = crypto.encrypt("11010519491231002X")
    assert "11010519491231002X" not in token
    assert crypto.decrypt(token) == "11010519491231002X"
    assert crypto.blind_index("11010519491231002X") == crypto.blind_index("11010519491231002X")
    assert crypto.blind_index("11010519491231002X") != crypto.blind_index("110105194912310029")


def test_id_number_is_encrypted_at_rest(cast):
    worker = cast.worker
    assert len(worker.id_number) == 18
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM workers_workerprofile WHERE id = %s", [worker.pk])
        (raw,) = cursor.fetchone()
    assert worker.id_number not in raw
    assert WorkerProfile.objects.get(pk=worker.pk).id_number == worker.id_number
