import time

from lingong.core import testing as t
from lingong.jobs import services
from lingong.notifications.models import Notification, OutboundMessage
from lingong.notifications.senders import LogSender


def test_probe(cast, django_capture_on_commit_callbacks):
    t0 = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=True) as cbs:
        job = t.make_job(cast.employer, admin=cast.admin)
        a = services.apply(actor=cast.worker.user, job_id=job.pk)
    print("cbs", len(cbs), "outbox", LogSender.outbox)
    print(Notification.objects.values_list("user_id", "kind"))
    print(OutboundMessage.objects.values_list("template", "status"))
    t1 = time.perf_counter()
    for i in range(5):
        t.make_worker(cast.market, name="张三")
    print("5 workers", time.perf_counter() - t1)
