from lingong import testing as t
from lingong.jobs import services
from lingong.jobs.models import ApplicationStatus, JobStatus
from lingong.workflow import chain


def test_offer_accept_fills_single_place(cast):
    job = t.make_job(cast.employer, admin=cast.admin)
    assert job.status == JobStatus.OPEN
    application = services.apply(actor=cast.worker.user, job_id=job.pk)
    services.offer(actor=cast.employer, application_id=application.pk)
    accepted = chain.accept_offer(actor=cast.worker.user, application_id=application.pk)
    assert accepted.status == ApplicationStatus.ACCEPTED
    job.refresh_from_db()
    assert job.status == JobStatus.FILLED
