from __future__ import annotations

from django.urls import path

from apps.speakers import views

app_name = "speakers"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("suggest/", views.speaker_suggest, name="suggest"),
    path("<slug:slug>/", views.speaker_detail, name="detail"),
]
