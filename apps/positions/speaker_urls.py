"""/speakers/...: the directory and each speaker's page (a filtered timeline), and the
speaker suggestions of the timeline's filter. The names stay in the "speakers" namespace."""

from __future__ import annotations

from django.urls import path

from apps.positions import speaker_pages
from apps.speakers.views import speaker_suggest

app_name = "speakers"

urlpatterns = [
    path("", speaker_pages.directory, name="directory"),
    path("suggest/", speaker_suggest, name="suggest"),
    path("<slug:slug>/", speaker_pages.speaker_detail, name="detail"),
]
