"""Job fairs (/fairs/..., /staff/fairs/...): the fair, its booths and registrations, and the intentions."""

from __future__ import annotations

from lingong.fairs import fair_urls, intention_urls

app_name = "fairs"

urlpatterns = [*fair_urls.urlpatterns, *intention_urls.urlpatterns]
