from __future__ import annotations

from django.urls import path

from apps.promises import views
from apps.promises.feeds import StatusChangesFeed

app_name = "promises"

urlpatterns = [
    path("", views.promise_index, name="index"),
    path("feed.atom", StatusChangesFeed(), name="feed"),
    path("<slug:slug>/", views.promise_detail, name="detail"),
]
