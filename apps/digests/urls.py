from __future__ import annotations

from django.urls import path

from apps.digests import views

app_name = "digests"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<str:week>/<str:token>/", views.view_in_browser, name="view"),
]
