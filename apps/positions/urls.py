from __future__ import annotations

app_name = "positions"

urlpatterns: list = []
