"""Admin for outlets, feeds and articles: submit, re-extract, poll, pause, see errors."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from apps.sources.forms import ArticleSubmitForm, OpmlImportForm
from apps.sources.models import Article, Feed, Outlet
from apps.sources.services.articles import article_submit, article_submit_text
from apps.sources.services.feed_lists import ListedFeed, feeds_add, sort_entries, write_opml
from apps.sources.services.feeds import feed_health
from apps.sources.services.fetching import FetchRefused
from apps.sources.services.pages import UnreadablePage
from apps.sources.tasks import poll_feed, queue_ingest, reextract_article


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "kind", "state_controlled", "country", "article_count"]
    list_filter = ["kind", "state_controlled", "country"]
    search_fields = ["name", "domain"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Outlet]:
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description="Articles", ordering="article_count")
    def article_count(self, outlet: Outlet) -> int:
        return outlet.article_count


class FeedHealthFilter(admin.SimpleListFilter):
    title = "health"
    parameter_name = "health"

    def lookups(self, request, model_admin):
        return [("failing", "Failing"), ("paused", "Paused"), ("well", "Polling without error")]

    def queryset(self, request, queryset):
        if self.value() == "failing":
            return queryset.filter(is_active=True, error_count__gt=0)
        if self.value() == "paused":
            return queryset.filter(is_active=False)
        if self.value() == "well":
            return queryset.filter(is_active=True, error_count=0)
        return queryset


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    """The feeds as a health view: when each was and will be polled, what it brought in
    the last 30 days, and how many polls failed in a row."""

    list_display = [
        "__str__",
        "outlet",
        "is_active",
        "last_polled_at",
        "next_poll_at",
        "items_30_days",
        "relevant_30_days",
        "statements_30_days",
        "error_count",
        "last_error",
    ]
    list_filter = [FeedHealthFilter, "is_active", "language"]
    search_fields = ["url", "title", "outlet__name"]
    change_list_template = "admin/sources/feed/change_list.html"
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

    def get_queryset(self, request: HttpRequest) -> QuerySet[Feed]:
        since = timezone.now() - dt.timedelta(days=30)
        recent = Q(articles__first_seen_at__gte=since)
        return (
            super()
            .get_queryset(request)
            .select_related("outlet")
            .annotate(
                items=Count("articles", filter=recent, distinct=True),
                relevant=Count(
                    "articles",
                    filter=recent & Q(articles__status=Article.Status.ANALYSED),
                    distinct=True,
                ),
                statements=Count("articles__citations", filter=recent, distinct=True),
            )
        )

    @admin.display(description="Items, 30 days", ordering="items")
    def items_30_days(self, feed: Feed) -> int:
        return feed.items

    @admin.display(description="Relevant, 30 days", ordering="relevant")
    def relevant_30_days(self, feed: Feed) -> int:
        return feed.relevant

    @admin.display(description="Statements, 30 days", ordering="statements")
    def statements_30_days(self, feed: Feed) -> int:
        return feed.statements

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

    def get_urls(self):
        own = [
            path("import/", self.admin_site.admin_view(self.import_view), name="sources_feed_import"),
            path("export.opml", self.admin_site.admin_view(self.export_view), name="sources_feed_export"),
            path("health/", self.admin_site.admin_view(self.health_view), name="sources_feed_health"),
        ]  # fmt: skip
        return own + super().get_urls()

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload an OPML file, see what it would add, skip or refuse, then confirm."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "opts": self.model._meta}
        context["title"] = "Import feeds from OPML"
        if request.method == "POST" and "confirm" in request.POST:
            entries = [ListedFeed(**item) for item in request.session.pop("opml_import", [])]
            added = feeds_add(entries)
            self.message_user(request, f"{added} feed(s) added.", messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:sources_feed_changelist"))
        form = OpmlImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            reading = sort_entries(form.cleaned_data["entries"])
            request.session["opml_import"] = [asdict(entry) for entry in reading.new]
            context["reading"] = reading
        context["form"] = form
        return TemplateResponse(request, "admin/sources/feed/import.html", context)

    def export_view(self, request: HttpRequest) -> HttpResponse:
        """Every feed, as OPML, with its outlet, kind and language."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        feeds = list(Feed.objects.select_related("outlet").order_by("url"))
        response = HttpResponse(write_opml(feeds), content_type="text/x-opml; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="accession-tracker-feeds.opml"'
        return response

    def health_view(self, request: HttpRequest) -> HttpResponse:
        """Which feeds are failing, overdue or paused, and which are well."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        return TemplateResponse(
            request,
            "admin/sources/feed/health.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "Feed health",
                "groups": feed_health(),
            },
        )


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
