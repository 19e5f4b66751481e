"""The floor plan of a fair, as pure functions: booths generated in rows, the checks on a booth's place, and
the plan drawn as SVG (numbered rectangles with the exhibitors' short names; each a link to its jobs)."""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

MAX_FLOOR = 40  # grid units each way
BOOTH_W, BOOTH_H = 2, 1  # a generated booth; rows are separated by an aisle one unit high
CELL = 40  # SVG units per grid unit


@dataclass(frozen=True)
class Place:
    number: str
    x: int
    y: int
    w: int
    h: int


def generated_places(count: int, floor_width: int, floor_height: int) -> list[Place] | None:
    """``count`` booths in rows from the top left, numbered A01, A02 ... B01 ...; None if they do not fit."""
    per_row = floor_width // BOOTH_W
    rows = (floor_height + 1) // (BOOTH_H + 1)
    if count < 1 or per_row < 1 or count > per_row * rows or rows > len(string.ascii_uppercase):
        return None
    places = []
    for i in range(count):
        row, col = divmod(i, per_row)
        letter = string.ascii_uppercase[row]
        places.append(Place(f"{letter}{col + 1:02d}", col * BOOTH_W, row * (BOOTH_H + 1), BOOTH_W, BOOTH_H))
    return places


def inside(place: Place, floor_width: int, floor_height: int) -> bool:
    return (
        place.w >= 1
        and place.h >= 1
        and place.x >= 0
        and place.y >= 0
        and place.x + place.w <= floor_width
        and place.y + place.h <= floor_height
    )


def overlaps(a: Place, b: Place) -> bool:
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


def first_overlap(place: Place, others: Iterable[Place]) -> Place | None:
    return next((other for other in others if overlaps(place, other)), None)


@dataclass(frozen=True)
class DrawnBooth:
    place: Place
    label: str  # the exhibitor's short name, or "" for a free booth
    href: str  # where a tap goes (the booth's jobs on the page), "" for none


def short_name(name: str, length: int = 6) -> str:
    """An enterprise's name without the city and the legal form, cut to fit a booth."""
    for prefix in ("唐山市", "唐山", "河北省", "河北"):
        if name.startswith(prefix) and len(name) > len(prefix) + 1:
            name = name[len(prefix) :]
            break
    district = re.match(r"^[\u4e00-\u9fff]{2}[区县]", name)
    if district and len(name) > district.end() + 1:
        name = name[district.end() :]
    for suffix in ("股份有限公司", "有限责任公司", "有限公司", "公司"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            name = name[: -len(suffix)]
            break
    return name[:length]


def floor_svg(floor_width: int, floor_height: int, booths: Sequence[DrawnBooth], title: str = "") -> str:
    """The plan as an SVG element that scales to its container's width (no fixed pixel size)."""
    width, height = floor_width * CELL, floor_height * CELL
    parts = [
        f'<svg class="fair-floor" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg" '
        'preserveAspectRatio="xMidYMid meet">',
        f'<rect x="0" y="0" width="{width}" height="{height}" class="floor-bg"/>',
    ]
    for booth in booths:
        p = booth.place
        x, y, w, h = p.x * CELL, p.y * CELL, p.w * CELL, p.h * CELL
        css = "booth taken" if booth.label else "booth free"
        inner = (
            f'<rect x="{x + 2}" y="{y + 2}" width="{w - 4}" height="{h - 4}" rx="4" class="{css}"/>'
            f'<text x="{x + w / 2:g}" y="{y + 14}" class="booth-no">{escape(p.number)}</text>'
        )
        if booth.label:
            inner += (
                f'<text x="{x + w / 2:g}" y="{y + h - 8}" class="booth-name">{escape(booth.label)}</text>'
            )
        if booth.href:
            inner = f'<a href="{escape(booth.href)}" data-booth="{escape(p.number)}">{inner}</a>'
        parts.append(f'<g data-testid="booth-{escape(p.number)}">{inner}</g>')
    parts.append("</svg>")
    return "".join(parts)
