"""Signals the engagement record sends to the caches above it (sent after commit).

``reliability_changed``: a show, no-show, late cancellation or disputed shift changed what a worker's
or an employer's reputation is computed from. ``worker_id`` / ``enterprise_id`` name whose (either may
be None). The ratings app listens and refreshes its cached reputation, which feeds matching.
"""

from __future__ import annotations

from django.dispatch import Signal

reliability_changed = Signal()
