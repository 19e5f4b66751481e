"""Every employer gets the station that serves it (staff scope, accounts.access): those that registered
on their own had none and were therefore outside every station's and centre's scope. The nearest active
station of its market is assigned, as ``register_employer`` now does."""

import math

from django.db import migrations


def _km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def assign_home_stations(apps, schema_editor):
    Enterprise = apps.get_model("employers", "Enterprise")
    Station = apps.get_model("org", "Station")
    stations = {}
    for e in Enterprise.objects.filter(station__isnull=True).order_by("pk"):
        if e.market_id not in stations:
            stations[e.market_id] = list(
                Station.objects.filter(market_id=e.market_id, is_active=True).order_by("pk")
            )
        candidates = stations[e.market_id]
        if not candidates:
            continue
        best = min(candidates, key=lambda s: (_km(e.lat, e.lon, s.lat, s.lon), s.pk))
        Enterprise.objects.filter(pk=e.pk).update(station_id=best.pk)


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0003_enterprise_submitted_at"),
    ]

    operations = [migrations.RunPython(assign_home_stations, migrations.RunPython.noop)]
