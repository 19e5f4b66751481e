from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Generic, TypeVar

from ninja import Schema
from pydantic import BaseModel, Field, WithJsonSchema

T = TypeVar("T")

# A short reference code in a request (occupation, division, certificate type, choice value): every free-text
# input has a maximum length, so that a list of them is bounded item by item too.
Code = Annotated[str, Field(max_length=64)]
# A row id sent in a body: ids beyond a 32-bit key are nobody's (and would overflow SQLite's INTEGER).
RowId = Annotated[int, Field(ge=1, le=2_147_483_647)]

# A time of day on the wall clock of the market (Asia/Shanghai), with no offset: "08:00" or "08:00:00" in,
# "08:00:00" out. OpenAPI's ``format: time`` is RFC 3339's full-time, which requires an offset
# ("08:00:00+08:00") that a shift's clock time does not have, so the document states the pattern instead.
CLOCK_TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"
ClockTime = Annotated[
    dt.time,
    WithJsonSchema({"type": "string", "pattern": CLOCK_TIME_PATTERN, "examples": ["08:00", "17:30:00"]}),
]


class ErrorOut(Schema):
    code: str
    message: str
    errors: dict[str, list[str]] = {}


class PageOut(BaseModel, Generic[T]):
    items: list[T]
    page: int
    page_size: int
    total: int
    pages: int


def page_dict(page: Any, items: list[Any]) -> dict[str, Any]:
    return {
        "items": items,
        "page": page.page,
        "page_size": page.page_size,
        "total": page.total,
        "pages": page.pages,
    }


ERRORS: dict[int, type[ErrorOut]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}
