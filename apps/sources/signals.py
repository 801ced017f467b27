"""What the sources app tells the apps above it, without importing them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent with `article_id` when an article's text has been stored, or asked to be read
# again, outside any transaction of the sender's: the positions app extracts and records
# its statements (positions/ingest.py). With a freshly fetched page, also `raw` and
# `content_type`: the page as fetched, which is kept for relevant articles only.
article_text_ready = Signal()
