"""The per-process cache of derived reads (core.memo)."""

from __future__ import annotations

import threading

import pytest

from lingong.core import memo


def test_it_keeps_the_most_recently_used_and_drops_the_oldest() -> None:
    cache: memo.ProcessCache[str] = memo.ProcessCache(maxsize=2)
    cache.put("a", "A")
    cache.put("b", "B")
    assert cache.get("a") == "A"  # now the most recent
    cache.put("c", "C")
    assert cache.get("b") is None
    assert (cache.get("a"), cache.get("c"), len(cache)) == ("A", "C", 2)


def test_get_or_make_makes_a_value_once_per_key() -> None:
    cache: memo.ProcessCache[list[int]] = memo.ProcessCache(maxsize=8)
    made: list[str] = []

    def make(key: str) -> list[int]:
        made.append(key)
        return [len(made)]

    assert cache.get_or_make("x", lambda: make("x")) == [1]
    assert cache.get_or_make("x", lambda: make("x")) == [1]
    assert cache.get_or_make("y", lambda: make("y")) == [2]
    assert made == ["x", "y"] and (cache.hits, cache.misses) == (1, 2)


def test_threads_share_one_bounded_cache() -> None:
    cache: memo.ProcessCache[int] = memo.ProcessCache(maxsize=50)

    def work(offset: int) -> None:
        for i in range(500):
            key = (offset + i) % 120
            assert cache.get_or_make(key, lambda key=key: key * 2) == key * 2

    threads = [threading.Thread(target=work, args=(n * 7,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(cache) == 50


def test_clear_all_empties_every_cache_and_bad_sizes_are_refused() -> None:
    first: memo.ProcessCache[int] = memo.ProcessCache(maxsize=4)
    second: memo.ProcessCache[int] = memo.ProcessCache(maxsize=4)
    first.put(1, 1)
    second.put(2, 2)
    memo.clear_all()
    assert len(first) == len(second) == 0
    with pytest.raises(ValueError):
        memo.ProcessCache(maxsize=0)


def test_a_timed_cache_keeps_a_value_for_its_seconds_and_none_too() -> None:
    now = [100.0]
    cache: memo.TimedCache[str | None] = memo.TimedCache(maxsize=4, seconds=15, clock=lambda: now[0])
    made: list[str] = []

    def make(value: str | None) -> str | None:
        made.append(str(value))
        return value

    assert cache.get_or_make("banner", lambda: make(None)) is None
    assert cache.get_or_make("banner", lambda: make("new")) is None  # kept, None included
    now[0] += 14.9
    assert cache.get_or_make("banner", lambda: make("new")) is None
    now[0] += 0.1  # 15 s after it was made
    assert cache.get_or_make("banner", lambda: make("new")) == "new"
    assert made == ["None", "new"]
    with pytest.raises(ValueError):
        memo.TimedCache(maxsize=4, seconds=0)


@pytest.mark.django_db
def test_a_timed_cache_is_emptied_when_its_models_are_saved_or_deleted_here() -> None:
    from django.db.models.signals import post_delete, post_save

    from lingong.org.models import Division

    class Other:
        pass

    cache: memo.TimedCache[int] = memo.TimedCache(maxsize=4, seconds=60)
    cache.clear_on_save(Division)
    cache.get_or_make("a", lambda: 1)
    post_save.send(sender=Other, instance=None, created=False)  # another model: kept
    assert len(cache) == 1
    post_save.send(sender=Division, instance=None, created=False)
    assert len(cache) == 0
    cache.get_or_make("a", lambda: 1)
    post_delete.send(sender=Division, instance=None)
    assert len(cache) == 0


@pytest.mark.django_db(transaction=True)
def test_a_timed_cache_is_emptied_again_when_the_save_commits() -> None:
    from django.db import transaction
    from django.db.models.signals import post_save

    from lingong.org.models import Division

    cache: memo.TimedCache[str] = memo.TimedCache(maxsize=4, seconds=60)
    cache.clear_on_save(Division)
    with transaction.atomic():
        post_save.send(sender=Division, instance=None, created=False)
        # another request reads the old row before the save commits
        cache.get_or_make("a", lambda: "old")
        assert len(cache) == 1
    assert len(cache) == 0
