"""Errors the matching engine raises on bad input.

All are ValueError subclasses, so callers may map them to HTTP 400.
"""

from __future__ import annotations


class MatchingError(ValueError):
    """Base class of every error the matching library raises on purpose."""


class InvalidQueryError(MatchingError):
    """A query parameter is out of range (k <= 0, radius <= 0 or above the configured maximum, ...)."""


class UnknownOccupationError(MatchingError):
    """An occupation code or index is not in the taxonomy the index was built with."""


class OutsideServedAreaError(MatchingError):
    """Coordinates lie outside the market's served area."""


class InvalidInputError(MatchingError):
    """Arrays handed to a build or update are inconsistent (lengths, ranges, duplicate ids)."""
