"""Order-based training pages: training/..., me/training/..., employer/training/..., staff/training/...;
the public certificate verification page is under training/verify/."""

from __future__ import annotations

from lingong.training import certificate_urls, course_urls

app_name = "training"

urlpatterns = [*course_urls.urlpatterns, *certificate_urls.urlpatterns]
