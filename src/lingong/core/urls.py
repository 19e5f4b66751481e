from django.urls import path

from lingong.core import pwa, views

# The home page ("home") is mounted in lingong/urls.py: it routes by role, which core does not know about.
urlpatterns = [
    path("privacy/", views.privacy, name="privacy"),
    # The installable web app: the worker at the root so that its scope is the whole site.
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("offline/", pwa.offline, name="offline"),
    path("favicon.ico", pwa.favicon, name="favicon"),
]
