"""Page-number pagination shared by the API and pages.

A page number past the last page (however large: ``?page=19392661562357424128``) is served as the last page,
the way Django's ``Paginator.get_page`` does, on pages and in the API alike; the answer's ``page`` says which
page it is. A number that is not one is page 1. Neither ever reaches the database as an offset.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")

MAX_PAGE_SIZE = 100


@dataclass
class Page(Generic[T]):
    items: list[T]
    page: int
    page_size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def clamp_page(page: Any, page_size: Any, default_size: int = 20) -> tuple[int, int]:
    try:
        p = max(1, int(page))
    except (TypeError, ValueError):
        p = 1
    try:
        s = int(page_size)
    except (TypeError, ValueError):
        s = default_size
    return p, min(max(1, s), MAX_PAGE_SIZE)


def paginate(queryset_or_list: Any, page: Any, page_size: Any, default_size: int = 20) -> Page[Any]:
    p, s = clamp_page(page, page_size, default_size)
    is_list = isinstance(queryset_or_list, list)
    total = len(queryset_or_list) if is_list else queryset_or_list.count()
    p = min(p, max(1, -(-total // s)))  # past the end: the last page
    window = queryset_or_list[(p - 1) * s : p * s]
    return Page(items=window if is_list else list(window), page=p, page_size=s, total=total)
