from __future__ import annotations

app_name = "speakers"

urlpatterns: list = []
