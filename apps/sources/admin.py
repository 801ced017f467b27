"""Admin for outlets, feeds and articles: submit, re-extract, poll, pause, see errors."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from apps.sources.forms import ArticleSubmitForm
from apps.sources.models import Article, Feed, Outlet
from apps.sources.services.articles import article_submit, article_submit_text
from apps.sources.services.fetching import FetchRefused
from apps.sources.services.pages import UnreadablePage
from apps.sources.tasks import poll_feed, queue_ingest, reextract_article


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "kind", "country", "article_count"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "domain"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Outlet]:
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description="Articles", ordering="article_count")
    def article_count(self, outlet: Outlet) -> int:
        return outlet.article_count


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "outlet",
        "is_active",
        "poll_interval",
        "last_polled_at",
        "error_count",
        "last_error",
    ]
    list_filter = ["is_active"]
    search_fields = ["url", "title", "outlet__name"]
    autocomplete_fields = ["outlet"]
    readonly_fields = [
        "etag",
        "last_modified",
        "last_polled_at",
        "next_poll_at",
        "error_count",
        "last_error",
    ]
    actions = ["poll_now", "pause", "resume"]

    @admin.action(description="Poll the selected feeds now", permissions=["change"])
    def poll_now(self, request: HttpRequest, queryset: QuerySet[Feed]) -> None:
        feeds = list(queryset.values_list("pk", flat=True))
        for feed_id in feeds:
            transaction.on_commit(lambda feed_id=feed_id: poll_feed.delay(feed_id=feed_id))
        self.message_user(request, f"{len(feeds)} feed(s) queued for polling.", messages.SUCCESS)

    @admin.action(description="Pause the selected feeds", permissions=["change"])
    def pause(self, request: HttpRequest, queryset: QuerySet[Feed]) -> None:
        changed = queryset.update(is_active=False)
        self.message_user(request, f"{changed} feed(s) paused.", messages.SUCCESS)

    @admin.action(description="Resume the selected feeds", permissions=["change"])
    def resume(self, request: HttpRequest, queryset: QuerySet[Feed]) -> None:
        changed = queryset.update(is_active=True, next_poll_at=timezone.now())
        self.message_user(request, f"{changed} feed(s) resumed.", messages.SUCCESS)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "outlet",
        "published_on",
        "status",
        "statement_count",
        "first_seen_at",
        "error",
    ]
    list_filter = ["status", "origin", "language", "outlet__kind"]
    list_select_related = ["outlet"]
    search_fields = ["title", "url", "text"]
    date_hierarchy = "first_seen_at"
    autocomplete_fields = ["outlet", "feed"]
    readonly_fields = [
        "content_hash", "first_seen_at", "fetched_at", "analysed_at", "attempts", "status", "error", "language",
    ]  # fmt: skip
    exclude = ["raw_compressed"]
    actions = ["reextract"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).annotate(statement_count=Count("citations"))

    @admin.display(description="Statements", ordering="statement_count")
    def statement_count(self, article: Article) -> int:
        return article.statement_count

    def get_urls(self):
        return [
            path(
                "submit/",
                self.admin_site.admin_view(self.submit_view),
                name="sources_article_submit",
            ),
            *super().get_urls(),
        ]

    @admin.action(description="Extract statements again", permissions=["change"])
    def reextract(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        ids = list(queryset.exclude(text="").values_list("pk", flat=True))
        for article_id in ids:
            transaction.on_commit(
                lambda article_id=article_id: reextract_article.delay(article_id=article_id)
            )
        self.message_user(
            request, f"{len(ids)} article(s) queued for extraction.", messages.SUCCESS
        )

    def submit_view(self, request: HttpRequest) -> HttpResponse:
        """Add an article by its address or by pasted text; a worker ingests it."""
        if not self.has_add_permission(request):
            return HttpResponse(status=403)
        form = ArticleSubmitForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                if data["text"].strip():
                    article = article_submit_text(
                        text=data["text"],
                        url=data["url"],
                        published=data["published"],
                        title=data["title"],
                    )
                else:
                    article, _ = article_submit(
                        url=data["url"],
                        origin=Article.Origin.URL,
                        title=data["title"],
                        published=data["published"],
                    )
            except (FetchRefused, UnreadablePage) as error:
                form.add_error(None, str(error))
            else:
                queue_ingest(article.pk)
                self.message_user(
                    request, f"“{article}” is queued for ingestion.", messages.SUCCESS
                )
                return HttpResponseRedirect(
                    reverse("admin:sources_article_change", args=[article.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": "Add an article by address or text",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/sources/article/submit.html", context)
