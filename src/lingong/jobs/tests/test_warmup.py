"""Start-up warming: the matching index of every active market and the text parser's labelled posts."""

from __future__ import annotations

from typing import Any

from lingong.jobs.matching_index import warm_in_background
from lingong.matching.parse import default_parser


def test_the_warm_up_builds_the_parser_and_its_nearest_posts(db: Any) -> None:
    default_parser.cache_clear()  # as in a new server process
    built_when_called: list[bool] = []
    warm_in_background(then=lambda: built_when_called.append("nearest_posts" in vars(default_parser()))).join(
        timeout=120
    )
    # the same parser the posting forms use, its labelled posts already read; then what the server asked
    # for after it (freezing what start-up built, lingong.asgi)
    assert "nearest_posts" in vars(default_parser())
    assert built_when_called == [True]
