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
