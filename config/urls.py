"""Top-level URLs: each app under its namespace, and the admin."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Accession Tracker editors"
admin.site.site_title = "Accession Tracker"
admin.site.index_title = "Review and curate"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("speakers/", include("apps.positions.speaker_urls")),
    path("promises/", include("apps.promises.urls")),
    path("digest/", include("apps.digests.urls")),
    path("", include("apps.positions.urls")),
]

handler400 = "apps.core.views.bad_request"
handler404 = "apps.core.views.not_found"
