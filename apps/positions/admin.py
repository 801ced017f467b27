"""Admin for positions, with the editors' review queue, tags and events."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from simple_history.admin import SimpleHistoryAdmin

from apps.core.deletion import GuardedDeletionAdmin
from apps.core.numbers import ascii_int
from apps.positions.annotations import approval_share
from apps.positions.forms import CandidateForm, ReviewFilterForm
from apps.positions.models import Citation, Event, Position, Tag
from apps.positions.review import review_queue
from apps.positions.review_undo import Decision, UndoRefused, review, undo_review, undo_token
from apps.positions.services import can_review, position_edited, reviewed_fields_changed
from apps.speakers.services import likely_duplicates

REVIEW_PAGE_SIZE = 20


@admin.register(Tag)
class TagAdmin(GuardedDeletionAdmin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "starts_on", "ends_on", "location"]
    list_filter = ["kind"]
    search_fields = ["name", "location"]
    prepopulated_fields = {"slug": ["name"]}


class CitationInline(admin.TabularInline):
    model = Citation
    extra = 0
    autocomplete_fields = ["article"]
    fields = ["article", "quote_start", "quote_end", "other_wording"]


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    """Every report of every statement: which outlet carried which quote, and where."""

    list_display = ["position", "outlet", "article", "created_at"]
    list_filter = ["position__status"]
    list_select_related = ["position__speaker", "outlet", "article"]
    search_fields = ["position__quote", "position__speaker__full_name", "article__title",
                     "article__url", "outlet__name"]  # fmt: skip
    autocomplete_fields = ["position", "article"]
    readonly_fields = ["outlet", "created_at"]
    date_hierarchy = "created_at"


@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
    list_display = ["speaker", "quote", "said_on", "stance", "status", "confidence"]
    list_filter = ["status", "stance", "is_direct", "method"]
    list_select_related = ["speaker"]
    search_fields = ["quote", "speaker__full_name"]
    autocomplete_fields = ["speaker", "tags", "event"]
    # The status changes only by review (queue or actions), which checks the permission and
    # records who reviewed and when; a plain edit must not approve.
    readonly_fields = ["status", "reviewed_by", "reviewed_at", "created_at"]
    inlines = [CitationInline]
    actions = ["approve", "reject"]
    history_list_display = ["status", "reviewed_by"]

    def get_urls(self):
        review = path(
            "review/",
            self.admin_site.admin_view(self.review_queue_view),
            name="positions_position_review",
        )
        undo = path(
            "review/undo/",
            self.admin_site.admin_view(self.review_undo_view),
            name="positions_position_review_undo",
        )
        return [review, undo, *super().get_urls()]

    def has_review_permission(self, request: HttpRequest) -> bool:
        return can_review(request.user)

    def save_model(self, request: HttpRequest, obj: Position, form, change: bool) -> None:
        # Both the change form and a history revert save here; a revert's `obj` carries the
        # old version's status and reviewer, which position_edited replaces.
        if change:
            stored = Position.objects.select_for_update().get(pk=obj.pk)
            changed = reviewed_fields_changed(stored, obj, tags=form.cleaned_data.get("tags"))
            position_edited(obj, stored=stored, changed=changed, by=request.user)
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if change and any(formset.has_changed() for formset in formsets):
            position = form.instance
            position_edited(position, stored=position, changed=["citations"], by=request.user)
            position.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])

    def history_form_view(self, request: HttpRequest, object_id, version_id, extra_context=None):
        # Viewing an old version needs the view permission; reverting to it, the change one.
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        with transaction.atomic():
            return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request: HttpRequest, obj=None) -> bool:
        return not self.has_change_permission(request, obj) or super().revert_disabled(request, obj)

    @admin.action(description="Approve the selected positions", permissions=["review"])
    def approve(self, request: HttpRequest, queryset) -> None:
        decision = review(
            self._without_new_speakers(request, queryset), Position.Status.APPROVED, by=request.user
        )
        self._decided(request, decision, f"Approved {len(decision)} position(s).")

    def _without_new_speakers(self, request: HttpRequest, positions) -> list[Position]:
        """Approving publishes a speaker, who needs a role: candidates of a new speaker
        are approved one by one in the queue, where the role is asked for."""
        positions = list(positions.select_related("speaker").prefetch_related("speaker__roles"))
        held = [p for p in positions if p.status != Position.Status.APPROVED and p.speaker.is_new]
        if held:
            self.message_user(
                request,
                f"Left for review: {len(held)} candidate(s) by a new speaker "
                f"({', '.join(sorted({p.speaker.full_name for p in held}))}). Approve each in "
                "the review queue, giving the speaker's role.",
                messages.WARNING,
            )
        return [p for p in positions if p not in held]

    @admin.action(description="Reject the selected positions", permissions=["review"])
    def reject(self, request: HttpRequest, queryset) -> None:
        decision = review(queryset, Position.Status.REJECTED, by=request.user)
        self._decided(request, decision, f"Rejected {len(decision)} position(s).")

    def _decided(self, request: HttpRequest, decision: Decision, text: str) -> None:
        """The outcome, with a button to undo it for ten minutes when anything changed."""
        if not decision:
            self.message_user(request, text, messages.SUCCESS)
            return
        undo = format_html(
            '{} <form method="post" action="{}" class="undo-decision">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<input type="hidden" name="token" value="{}">'
            '<input type="hidden" name="next" value="{}">'
            '<button type="submit">Undo</button></form>',
            text,
            reverse("admin:positions_position_review_undo"),
            get_token(request),
            undo_token(decision, by=request.user),
            request.get_full_path(),
        )
        self.message_user(request, undo, messages.SUCCESS)

    def review_undo_view(self, request: HttpRequest) -> HttpResponse:
        """Put the candidates of one's own decision, made in the last ten minutes, back."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_review_permission(request):
            raise PermissionDenied
        try:
            undone = undo_review(request.POST.get("token", ""), by=request.user)
        except UndoRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
        else:
            for notice in undone.notices:
                self.message_user(request, notice, messages.WARNING)
            self.message_user(
                request,
                f"Undone: {undone.count} candidate(s) back in the review queue."
                if undone.count
                else "Nothing to undo: these candidates were changed since.",
                messages.SUCCESS if undone.count else messages.WARNING,
            )
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("admin:positions_position_review")
        return HttpResponseRedirect(target)

    def review_queue_view(self, request: HttpRequest) -> HttpResponse:
        """Pending candidates in their context, corrected and decided one by one or in bulk."""
        if not self.has_review_permission(request):
            raise PermissionDenied
        filter_form = ReviewFilterForm(request.GET or None)
        candidates = review_queue(filter_form.filters())
        invalid: CandidateForm | None = None
        if request.method == "POST":
            if "bulk" in request.POST:
                return self._decide_in_bulk(request)
            response, invalid = self._decide_one(request)
            if response is not None:
                return response
        page = Paginator(candidates, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
        cards = [
            (
                candidate,
                invalid
                if invalid is not None and invalid.instance.pk == candidate.pk
                else self._candidate_form(candidate),
                # A speaker extraction proposed may be one already known by another name.
                [] if candidate.speaker.is_confirmed else likely_duplicates(candidate.speaker),
            )
            for candidate in page.object_list
        ]
        media = self.media + CandidateForm(admin_site=self.admin_site).media
        return TemplateResponse(
            request,
            "admin/positions/position/review_queue.html",
            {
                **self.admin_site.each_context(request),
                "title": "Review queue",
                "opts": self.model._meta,
                "filter_form": filter_form,
                "page": page,
                "cards": cards,
                "media": media,
                "approval": approval_share(),
            },
            status=400 if invalid is not None else 200,
        )

    def _candidate_form(self, candidate: Position, data=None) -> CandidateForm:
        return CandidateForm(
            data, instance=candidate, prefix=f"p{candidate.pk}", admin_site=self.admin_site
        )

    def _decide_one(self, request: HttpRequest) -> tuple[HttpResponse | None, CandidateForm | None]:
        position_id = ascii_int(request.POST.get("position", ""))
        if position_id is None:
            raise BadRequest("Which candidate? The form named none.")
        candidate = get_object_or_404(Position, pk=position_id, status=Position.Status.PENDING)
        form = self._candidate_form(candidate, request.POST)
        if not form.is_valid():
            return None, form
        choice = request.POST.get("decision", "save")
        status = {"approve": Position.Status.APPROVED, "reject": Position.Status.REJECTED}
        with transaction.atomic():
            position = form.save()
            decision = (
                review([position], status[choice], by=request.user) if choice in status else None
            )
        if decision is None:
            self.message_user(request, f"Saved: {position}", messages.SUCCESS)
        else:
            outcome = "Approved" if choice == "approve" else "Rejected"
            self._decided(request, decision, f"{outcome}: {position}")
        return HttpResponseRedirect(request.get_full_path()), None

    def _decide_in_bulk(self, request: HttpRequest) -> HttpResponse:
        ids = [ascii_int(value) for value in request.POST.getlist("selected")]
        ids = [value for value in ids if value is not None]
        chosen = Position.objects.filter(status=Position.Status.PENDING, pk__in=ids)
        rejecting = request.POST.get("bulk") == "reject"
        status = Position.Status.REJECTED if rejecting else Position.Status.APPROVED
        if not rejecting:
            chosen = self._without_new_speakers(request, chosen)
        decision = review(chosen, status, by=request.user)
        if decision:
            outcome = "Rejected" if rejecting else "Approved"
            self._decided(request, decision, f"{outcome} {len(decision)} candidate(s).")
        elif not ids:
            self.message_user(request, "Select candidates first.", messages.WARNING)
        return HttpResponseRedirect(request.get_full_path())
