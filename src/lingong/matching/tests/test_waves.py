"""The quick-recruit wave schedule shared by recruit.services and the simulator."""

from __future__ import annotations

from lingong.matching.waves import choose_invitees, next_wave, ranking_depth


def schedule(start: float, cap: float) -> list[tuple[float, bool]]:
    steps, last = [], None
    while True:
        step = next_wave(
            last_radius_km=last, open_places=3, start_radius_km=start, cap_km=cap, over_invite_factor=2.0
        )
        steps.append((step.radius_km, step.more_follow))
        if not step.more_follow:
            return steps
        last = step.radius_km


def test_the_radius_doubles_from_the_start_to_the_cap_and_then_stops() -> None:
    assert schedule(3, 30) == [(3, True), (6, True), (12, True), (24, True), (30, False)]
    assert schedule(5, 5) == [(5, False)]  # a start at the cap is the only wave
    assert schedule(4, 16) == [(4, True), (8, True), (16, False)]


def test_the_size_is_the_open_places_times_the_factor_rounded_up() -> None:
    def size(places: int, factor: float) -> int:
        return next_wave(
            last_radius_km=None, open_places=places, start_radius_km=3, cap_km=30, over_invite_factor=factor
        ).size

    assert [size(3, 2.0), size(3, 1.5), size(1, 1.2), size(0, 2.0), size(-2, 2.0)] == [6, 5, 2, 0, 0]


def test_invitees_are_the_best_not_invited_and_not_busy() -> None:
    ranked = [7, 3, 9, 1, 4, 8]
    assert choose_invitees(ranked, invited={3}, busy={9}, size=3) == [7, 1, 4]
    assert choose_invitees(ranked, invited=set(), busy=set(), size=0) == []
    assert choose_invitees(ranked, invited=set(ranked), busy=set(), size=5) == []
    assert ranking_depth(6, 10) == 66 and ranking_depth(900, 500) == 1000
