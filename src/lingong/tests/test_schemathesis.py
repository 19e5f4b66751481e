"""Schemathesis over the whole OpenAPI of /api/v1: no server error and no response that contradicts the
schema, for every operation, anonymous and with a token of each role.

Cases are generated from the document ``api.get_openapi_schema()`` (what ``/api/v1/openapi.json`` serves)
and sent through Django's WSGI application inside the test's transaction. Path ids are drawn partly from the
rows of a small world (a job, an application, an engagement with its shifts, contract, policy and statement,
a rating, a notification) so that requests reach the code behind the 404s. Bounded: a few examples per
operation and role, derandomised, so a run is reproducible and takes well under three minutes on SQLite.

The run belongs to the normal pytest run, on SQLite and on PostgreSQL alike: about a minute of CPU, and a
server error can depend on the database. ``LINGONG_SKIP_SCHEMATHESIS=1`` skips it where time is short (a
quick local run); ``LINGONG_SCHEMATHESIS_EXAMPLES`` (default 6 per operation and role) and
``LINGONG_SCHEMATHESIS_MODE=negative`` explore further by hand; ``LINGONG_SCHEMATHESIS_VERBOSE=1`` prints
the status codes each operation answered.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

from lingong.accounts import services as accounts
from lingong.api import api
from lingong.apitools import ROLES, api_world, role_users

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        os.environ.get("LINGONG_SKIP_SCHEMATHESIS") == "1",
        reason="LINGONG_SKIP_SCHEMATHESIS=1 (the SQLite run covers it)",
    ),
]

EXAMPLES = int(os.environ.get("LINGONG_SCHEMATHESIS_EXAMPLES", "6"))
MODE = GenerationMode(os.environ.get("LINGONG_SCHEMATHESIS_MODE", "positive"))
CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture
def keep_connection() -> Any:
    """The WSGI handler closes the database connection after each request; the test's transaction lives on
    it, so (as Django's test client does) the closing is switched off for the test."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _schema() -> Any:
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
    schema.app = get_wsgi_application()
    return schema


def _token(cast: Any, role: str) -> str | None:
    user = role_users(cast)[role]
    return accounts.issue_token(user=user) if user is not None else None


STATUSES: Counter[tuple[str, int]] = Counter()
SECONDS: Counter[str] = Counter()


def run_operation(operation: Any, headers: dict[str, str], ids: dict[str, list[Any]]) -> list[str]:
    """Run ``EXAMPLES`` generated cases of one operation; return the failures' one-line descriptions."""
    found: list[str] = []
    path_names = [p.name for p in operation.path_parameters]

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=MODE), data=st.data())
    def check(case: Any, data: Any) -> None:
        for name in path_names:
            # The world's rows first (Hypothesis starts from the simplest choice), the generated value last.
            chosen = data.draw(st.sampled_from([*ids.get(name, []), None]))
            if chosen is not None:
                case.path_parameters[name] = chosen
        # The role's credentials only: not the random ones generated from the security schemes.
        if case.headers:
            case.headers.pop("Authorization", None)
        if case.cookies:
            case.cookies.clear()
        try:
            started = time.perf_counter()
            response = case.call(headers=headers)
            STATUSES[(case.operation.label, response.status_code)] += 1
            SECONDS[case.operation.label] += time.perf_counter() - started
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as group:
            found.extend(_describe(case, failure) for failure in group.exceptions)
        except AssertionError as failure:
            found.append(_describe(case, failure))

    try:
        check()
    except Unsatisfiable:
        # Only in negative mode: an operation with nothing to make invalid (no parameters, no body).
        assert MODE == GenerationMode.NEGATIVE, operation.label
    return found


def _describe(case: Any, failure: Any) -> str:
    title = getattr(failure, "title", type(failure).__name__)
    message = str(getattr(failure, "message", failure)).splitlines()[0:3]
    return f"{case.operation.label} {case.path_parameters} {case.query} :: {title} :: {' | '.join(message)}"


@pytest.mark.parametrize("role", ROLES)
def test_whole_api_has_no_server_error_and_matches_its_schema(cast, role, keep_connection):
    schema = _schema()
    ids = api_world(cast)
    token = _token(cast, role)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    failures: list[str] = []
    operations = 0
    # Signing out revokes the token the rest of the run uses: last.
    all_operations = sorted(
        (result.ok() for result in schema.get_all_operations()),
        key=lambda op: op.path == "/api/v1/auth/logout",
    )
    for operation in all_operations:
        operations += 1
        failures.extend(run_operation(operation, headers, ids))
    assert operations > 100
    if os.environ.get("LINGONG_SCHEMATHESIS_VERBOSE"):
        for (label, status), n in sorted(STATUSES.items()):
            print(role, label, status, n)
        for label, seconds in SECONDS.most_common(8):
            print("slowest", role, label, round(seconds, 2))
    kinds = Counter(f.split(" :: ")[1] for f in failures)
    assert not failures, f"{len(failures)} failures ({dict(kinds)}):\n" + "\n".join(
        sorted(set(failures))[:80]
    )
