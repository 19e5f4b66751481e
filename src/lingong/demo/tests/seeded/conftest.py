"""One demo market, seeded once for every module of this package (the seed takes tens of seconds and these
modules only read it, or change it inside their own test's savepoint).

The market is built inside an outer transaction rolled back after the package's last test (as Django's
``TestCase.setUpTestData`` does per class); each test's own transaction (the ``db`` fixture) is a savepoint of
it. The modules carry the ``demo_seed`` xdist group, so they run on one worker, one after another. Tests that
need an empty database live outside this package (``demo/tests/test_seed_command.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from lingong.demo.tests.seeding import seed
from lingong.testing import built_once_for_module


@pytest.fixture(scope="package")
def seeded_once(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    yield from built_once_for_module(django_db_blocker, seed)


@pytest.fixture
def seeded(seeded_once: str, db: Any) -> str:
    """The seed's summary; the demo market is in the database for the test."""
    return seeded_once
