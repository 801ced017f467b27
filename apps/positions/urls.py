from __future__ import annotations

from django.urls import path

from apps.positions import views
from apps.positions.feeds import PositionsFeed

app_name = "positions"

urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("facets/", views.facets, name="facets"),
    path("positions/<int:pk>/", views.position_detail, name="detail"),
    path(
        "positions/<int:pk>/sources/<int:citation_pk>/stored/",
        views.stored_copy,
        name="stored_copy",
    ),
    path("table/", views.table, name="table"),
    path("matrix/", views.matrix, name="matrix"),
    path("trends/", views.trends, name="trends"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.json", views.export_json, name="export_json"),
    path("feed.atom", PositionsFeed(), name="feed"),
    path("health/", views.health, name="health"),
    path("about/", views.about, name="about"),
]
