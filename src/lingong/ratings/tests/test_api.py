"""The ratings API: rate, read both ratings, reputation, hide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.utils import timezone

from lingong import testing as t
from lingong.jobs import services as job_services
from lingong.ratings import services
from lingong.ratings.models import Rating
from lingong.ratings.tests.helpers import call, completed, error, ok, settled, signed
from lingong.workflow import chain


def test_rate_create_then_update(client: Client, cast: Any) -> None:
    e = completed(cast.worker, cast.employer)
    path = f"/engagements/{e.pk}"
    body = {"stars": 5, "dimensions": {"quality": 5, "punctuality": 5}, "comment": "很专业"}
    created = ok(call(client, "post", path, cast.employer, body), 201)
    assert created["direction"] == "employer_to_worker" and created["stars"] == 5
    assert created["dimensions"] == {"quality": 5, "punctuality": 5, "attitude": None}
    assert created["comment"] == "很专业" and created["hidden"] is False
    updated = ok(call(client, "post", path, cast.employer, {"stars": 4, "comment": "很专业"}), 200)
    assert updated["id"] == created["id"] and updated["stars"] == 4
    assert updated["dimensions"] == {"quality": None, "punctuality": None, "attitude": None}


def test_rate_errors(client: Client, cast: Any) -> None:
    pending = signed(cast.worker, cast.employer)
    body = error(call(client, "post", f"/engagements/{pending.pk}", cast.worker.user, {"stars": 5}), 409)
    assert body["code"] == "not_completed" and "完工后才能评价" in body["message"]
    e = completed(cast.other_worker, cast.employer)
    path = f"/engagements/{e.pk}"
    bad = error(call(client, "post", path, cast.employer, {"stars": 6, "dimensions": {"quality": 0}}), 422)
    assert bad["errors"]["stars"] == ["请选择1至5星"] and bad["errors"]["quality"] == ["请选择1至5星"]
    error(call(client, "post", path, cast.employer, {}), 422)
    error(call(client, "post", path, cast.employer, "not json"), 400)
    error(call(client, "post", path, None, {"stars": 5}), 401)
    error(call(client, "post", path, cast.worker.user, {"stars": 5}), 404)  # not his engagement
    error(call(client, "post", path, cast.other_employer, {"stars": 5}), 404)
    error(call(client, "post", path, cast.admin, {"stars": 5}), 403)  # staff see it but do not rate
    # The edit window.
    ok(call(client, "post", path, cast.other_worker.user, {"stars": 3}), 201)
    Rating.objects.filter(engagement=e).update(created_at=timezone.now() - dt.timedelta(days=8))
    locked = error(call(client, "post", path, cast.other_worker.user, {"stars": 5}), 409)
    assert locked["code"] == "rating_locked"


def test_read_both_ratings_with_hidden_text(client: Client, cast: Any) -> None:
    e = settled(cast.worker, cast.employer)
    ok(
        call(client, "post", f"/engagements/{e.pk}", cast.worker.user, {"stars": 5, "comment": "老板人好"}),
        201,
    )
    mine = ok(
        call(client, "post", f"/engagements/{e.pk}", cast.employer, {"stars": 1, "comment": "骂人的话"}), 201
    )
    body = ok(call(client, "get", f"/engagements/{e.pk}", cast.worker.user))
    assert body["status"] == "rated" and body["party"] == "worker"
    assert body["my_direction"] == "worker_to_employer" and body["can_rate"] is True
    assert body["worker_to_employer"]["comment"] == "老板人好"
    assert body["employer_to_worker"]["stars"] == 1
    hidden = ok(call(client, "post", f"/{mine['id']}/hide", cast.station_staff, {"reason": "含侮辱性言语"}))
    assert hidden["hidden"] is True and hidden["comment"] == "骂人的话"  # staff still read it
    assert hidden["hidden_reason"] == "含侮辱性言语"
    for party in (cast.worker.user, cast.employer):
        seen = ok(call(client, "get", f"/engagements/{e.pk}", party))["employer_to_worker"]
        assert seen["comment"] == "该评价内容因违反社区规范已被隐藏" and seen["hidden"] is True
        assert seen["hidden_reason"] == ""
        assert seen["stars"] == 1
    staff_view = ok(call(client, "get", f"/engagements/{e.pk}", cast.station_staff))
    assert staff_view["party"] == "staff" and staff_view["can_rate"] is False
    assert staff_view["employer_to_worker"]["comment"] == "骂人的话"
    for outsider in (cast.other_worker.user, cast.other_employer, cast.other_station_staff):
        error(call(client, "get", f"/engagements/{e.pk}", outsider), 404)


def test_hide_permissions(client: Client, cast: Any) -> None:
    e = completed(cast.worker, cast.employer)
    rating = chain.rate_engagement(actor=cast.employer, engagement_id=e.pk, stars=2, comment="态度差")
    path = f"/{rating.pk}/hide"
    error(call(client, "post", path, cast.other_station_staff, {"reason": "侮辱"}), 404)
    error(call(client, "post", path, cast.worker.user, {"reason": "侮辱"}), 403)
    error(call(client, "post", path, cast.employer, {"reason": "侮辱"}), 403)
    missing = error(call(client, "post", path, cast.centre_staff, {"reason": ""}), 422)
    assert missing["errors"]["reason"] == ["请填写隐藏原因"]
    ok(call(client, "post", path, cast.centre_staff, {"reason": "侮辱"}))
    assert error(call(client, "post", path, cast.admin, {"reason": "侮辱"}), 409)["code"] == "already_hidden"
    error(call(client, "post", "/999999/hide", cast.admin, {"reason": "侮辱"}), 404)


def test_reputation_endpoints(client: Client, cast: Any) -> None:
    e = completed(cast.worker, cast.employer)
    chain.rate_engagement(
        actor=cast.employer,
        engagement_id=e.pk,
        stars=5,
        dimensions={"quality": 5, "punctuality": 4},
        comment="推荐",
    )
    chain.rate_engagement(actor=cast.worker.user, engagement_id=e.pk, stars=4, comment="按时结算")
    worker = ok(call(client, "get", f"/workers/{cast.worker.pk}/reputation", cast.employer))
    assert worker["star_level"] == "4.2" and worker["rating_count"] == 1
    assert worker["reliability"] == "0.909" and worker["reliability_percent"] == 91
    assert worker["has_history"] is True
    assert {d["key"]: d["average"] for d in worker["dimensions"]} == {
        "quality": "5.0",
        "punctuality": "4.0",
        "attitude": None,
    }
    assert [d["label"] for d in worker["dimensions"]] == ["质量", "守时", "态度"]
    [comment] = worker["comments"]
    assert comment["comment"] == "推荐" and comment["stars"] == 5
    assert comment["rater"] == "唐山****"  # the enterprise, masked
    assert comment["occupation"] == "装载机司机"
    employer = ok(call(client, "get", f"/enterprises/{e.enterprise_id}/reputation", cast.other_worker.user))
    assert employer["star_level"] == "4.0" and employer["rating_count"] == 1
    assert employer["comments"][0]["rater"] == "江**"
    assert [d["key"] for d in employer["dimensions"]] == ["pay_on_time", "safety", "as_described"]
    # A newcomer (applying to the employer's job): the priors, no comments.
    job = t.make_job(cast.employer, occupations=["carpenter"], title="路南区木工")
    job_services.apply(actor=cast.other_worker.user, job_id=job.pk)
    fresh = ok(call(client, "get", f"/workers/{cast.other_worker.pk}/reputation", cast.employer))
    assert (fresh["star_level"], fresh["rating_count"], fresh["reliability_percent"]) == ("4.0", 0, 90)
    assert fresh["has_history"] is False and fresh["comments"] == []
    # Hidden comments leave the public list; their stars stay.
    services.hide_comment(
        actor=cast.admin, rating_id=Rating.objects.get(comment="推荐").pk, reason="测试隐藏"
    )
    again = ok(call(client, "get", f"/workers/{cast.worker.pk}/reputation", cast.employer))
    assert again["comments"] == [] and again["rating_count"] == 1
    error(call(client, "get", f"/workers/{cast.worker.pk}/reputation"), 401)
    # Someone outside the market does not see it, even with a reason to.
    type(cast.employer).objects.filter(pk=cast.employer.pk).update(market=None)
    error(call(client, "get", f"/workers/{cast.worker.pk}/reputation", cast.employer), 404)
    error(call(client, "get", "/workers/999999/reputation", cast.other_employer), 404)
    error(call(client, "get", "/enterprises/999999/reputation", cast.other_employer), 404)


def test_a_worker_reputation_is_read_only_by_who_has_a_reason_to(client: Client, cast: Any) -> None:
    """The worker; staff in scope; an employer with the worker as applicant, candidate or hired worker.
    Anyone else gets 404, as for a worker who does not exist."""
    from lingong.accounts.models import Role

    path = f"/workers/{cast.worker.pk}/reputation"
    third = t.make_employer(cast.market, admin=cast.admin, name="唐山南堡装卸服务有限公司")
    third_job = t.make_job(third, occupations=["carpenter"], title="南堡木工")
    other_centre_staff = t.make_staff(
        Role.CENTRE_STAFF, cast.market, centre=cast.other_centre, name="南湖中心"
    )

    def status(user: Any) -> int:
        return int(call(client, "get", path, user).status_code)

    # The worker, and staff whose station, centre or market holds the worker's station.
    assert [status(u) for u in (cast.worker.user, cast.station_staff, cast.centre_staff, cast.admin)] == [
        200
    ] * 4
    # Nobody else yet: another worker, an employer with no link, staff of another station or centre.
    outsiders = (cast.other_worker.user, third, cast.other_station_staff, other_centre_staff)
    assert [status(u) for u in outsiders] == [404] * 4
    # A candidate: the worker holds an occupation of the employer's live posting.
    loaders = t.make_job(third, title="南堡装载机司机")
    assert status(third) == 200
    job_services.close_job(actor=third, job_id=loaders.pk)
    assert status(third) == 404
    # An applicant: the employer, and staff in scope of the job, may read it.
    third_job.station = cast.other_station
    third_job.save(update_fields=["station"])
    job_services.apply(actor=cast.worker.user, job_id=third_job.pk)
    assert status(third) == 200
    assert status(cast.other_station_staff) == 200
    assert status(other_centre_staff) == 200
    assert status(cast.other_worker.user) == 404
    assert status(cast.other_employer) == 404
