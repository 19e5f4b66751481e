"""Signals between the parts of housekeeping: the booking part sends, dispatch listens.

``booking_ready`` is sent on commit when a booking is created or put back into dispatch (kwargs:
``booking_id``); dispatch connects to it in ``HousekeepingConfig.ready`` and offers it to workers.
"""

from __future__ import annotations

from django.dispatch import Signal

booking_ready = Signal()
