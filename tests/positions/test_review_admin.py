"""The review queue: candidates in context, corrected, approved or rejected, alone or in bulk."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse

from apps.positions.models import Position, Tag
from apps.positions.stances import Stance
from tests.conftest import staff_group
from tests.positions.factories import CitationFactory, PositionFactory, TagFactory
from tests.sources.factories import ArticleFactory, OutletFactory
from tests.speakers.factories import SpeakerFactory

pytestmark = pytest.mark.django_db

REVIEW = reverse("admin:positions_position_review")


@pytest.fixture
def queue():
    reuters = OutletFactory(name="Reuters", slug="reuters")
    tass = OutletFactory(name="TASS", slug="tass")
    text = (
        "Leaders met in <Vilnius>.\nThe president said Ukraine will join NATO "
        "when allies agree and conditions are met.\nThe summit ends today."
    )
    sure = PositionFactory(
        status=Position.Status.PENDING,
        quote="Ukraine will join NATO when allies agree and conditions are met",
        stance=Stance.CONDITIONAL,
        confidence=0.9,
        method="rules:reported",
    )
    start = text.index(sure.quote)
    CitationFactory(
        position=sure,
        article=ArticleFactory(outlet=reuters, text=text),
        quote_start=start,
        quote_end=start + len(sure.quote),
    )
    unsure = PositionFactory(
        status=Position.Status.PENDING,
        quote="NATO expansion threatens us <script>alert(1)</script>",
        stance=Stance.OPPOSES,
        confidence=0.3,
        said_on=dt.date(2022, 3, 1),
    )
    # Pasted or re-extracted texts may lack offsets: the quote alone is shown.
    CitationFactory(
        position=unsure, article=ArticleFactory(outlet=tass), quote_start=None, quote_end=None
    )
    approved = PositionFactory(status=Position.Status.APPROVED, quote="Already approved quote")
    return {"sure": sure, "unsure": unsure, "approved": approved}


def candidates_in(response) -> set[int]:
    return {candidate.pk for candidate, *_ in response.context["cards"]}


def test_the_queue_shows_pending_candidates_in_their_context(client, editor, queue):
    client.force_login(editor)
    response = client.get(REVIEW)
    html = response.content.decode()
    assert response.status_code == 200
    assert candidates_in(response) == {queue["sure"].pk, queue["unsure"].pk}
    assert "Already approved quote" not in html
    assert "<mark>Ukraine will join NATO when allies agree and conditions are met</mark>" in html
    assert "The president said " in html
    assert "Leaders met" not in html  # the quote's paragraph only
    assert "confidence 0.90 · rules:reported" in html
    assert "Reasons not recorded for this candidate." in html  # recorded before they were kept
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # Newest first.
    assert [c.pk for c, *_ in response.context["cards"]] == [queue["unsure"].pk, queue["sure"].pk]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"outlet": "reuters"}, {"sure"}),
        ({"confidence": "low"}, {"unsure"}),
        ({"confidence": "high"}, {"sure"}),
        ({"stance": "opposes_membership"}, {"unsure"}),
        ({"date_from": "2024-01-01"}, {"sure"}),
        ({"date_to": "2023-01-01"}, {"unsure"}),
    ],
)
def test_the_queue_filters(client, editor, queue, query, expected):
    client.force_login(editor)
    response = client.get(REVIEW, query)
    assert candidates_in(response) == {queue[name].pk for name in expected}


def test_the_queue_says_why_each_label_was_chosen(client, editor, queue):
    queue["sure"].extraction_rules = ["reported-that", "speaker-named", "topic-own-words"]
    queue["sure"].stance_cues = [
        {
            "id": "conditions-met",
            "words": "conditions are met",
            "stance": "conditional",
            "weight": 3,
        },
        {"id": "x", "words": "<b>cue</b>", "stance": "conditional", "weight": -1.5},
    ]
    queue["sure"].save()
    client.force_login(editor)
    html = client.get(REVIEW).content.decode()
    assert "Why this label: Conditional" in html
    assert "<q>conditions are met</q> (conditional +3)" in html
    assert "<q>&lt;b&gt;cue&lt;/b&gt;</q> (conditional -1.5)" in html
    assert "<code>reported-that</code>, <code>speaker-named</code>" in html
    assert "the label is a weak default" not in html


@pytest.mark.parametrize(
    ("cue", "shown"),
    [
        (
            {"id": "joining-unqualified", "words": "join", "scope": "negated"},
            "<q>join</q> (opposes_membership +0, negated)",
        ),
        # a label from the speaker's record quotes no words
        (
            {"id": "speaker-usual-stance", "words": "", "scope": ""},
            "the speaker's usual stance: opposes_membership",
        ),
    ],
)
def test_the_queue_says_when_the_words_decide_no_label(client, editor, queue, cue, shown):
    queue["sure"].extraction_rules = ["reported-that", "speaker-named", "topic-own-words"]
    queue["sure"].stance_cues = [{**cue, "stance": "opposes_membership", "weight": 0}]
    queue["sure"].save()
    client.force_login(editor)
    html = client.get(REVIEW).content.decode()
    assert shown in html
    assert "<q></q>" not in html
    assert "No cue decides: the label is a weak default." in html


def test_a_bad_filter_is_named_and_left_out(client, editor, queue):
    client.force_login(editor)
    response = client.get(REVIEW, {"date_from": "last week", "confidence": "certain"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dates are written YYYY-MM-DD." in html
    assert candidates_in(response) == {queue["sure"].pk, queue["unsure"].pk}


def test_an_editor_corrects_and_approves_a_candidate(client, editor, queue):
    client.force_login(editor)
    candidate = queue["unsure"]
    lavrov = SpeakerFactory(full_name="Sergey Lavrov")
    existing = TagFactory(name="neutrality")
    prefix = f"p{candidate.pk}"
    response = client.post(
        f"{REVIEW}?confidence=low",
        {
            "position": candidate.pk,
            "decision": "approve",
            f"{prefix}-speaker": lavrov.pk,
            f"{prefix}-said_on": "2022-02-28",
            f"{prefix}-said_precision": "month",
            f"{prefix}-stance": Stance.OPPOSES,
            f"{prefix}-tags": [existing.pk],
            f"{prefix}-new_tags": "red lines, Istanbul talks",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{REVIEW}?confidence=low"
    candidate.refresh_from_db()
    assert candidate.status == Position.Status.APPROVED
    assert candidate.speaker == lavrov
    assert (candidate.said_on, candidate.said_precision) == (dt.date(2022, 2, 28), "month")
    assert candidate.reviewed_by == editor
    assert set(candidate.tags.values_list("name", flat=True)) == {
        "neutrality",
        "red lines",
        "Istanbul talks",
    }
    assert Tag.objects.filter(slug="istanbul-talks").exists()
    # The audit trail says who changed what.
    latest = candidate.history.latest()
    assert latest.history_user == editor
    assert latest.status == Position.Status.APPROVED
    tagged = candidate.history.filter(history_user=editor).order_by("history_date")
    assert {row.tag.name for row in tagged.last().tags.all()} == {
        "neutrality",
        "red lines",
        "Istanbul talks",
    }
    assert tagged.first().stance == Stance.OPPOSES


def test_saving_without_a_decision_keeps_the_candidate_pending(client, editor, queue):
    client.force_login(editor)
    candidate = queue["sure"]
    prefix = f"p{candidate.pk}"
    client.post(
        REVIEW,
        {
            "position": candidate.pk,
            "decision": "save",
            f"{prefix}-speaker": candidate.speaker_id,
            f"{prefix}-said_on": "2023-07-11",
            f"{prefix}-said_precision": "day",
            f"{prefix}-stance": Stance.SUPPORTS_AFTER_WAR,
        },
    )
    candidate.refresh_from_db()
    assert candidate.status == Position.Status.PENDING
    assert candidate.stance == Stance.SUPPORTS_AFTER_WAR


def test_a_bad_correction_is_refused_and_nothing_changes(client, editor, queue):
    client.force_login(editor)
    candidate = queue["sure"]
    prefix = f"p{candidate.pk}"
    response = client.post(
        REVIEW,
        {
            "position": candidate.pk,
            "decision": "approve",
            f"{prefix}-speaker": candidate.speaker_id,
            f"{prefix}-said_on": "",
            f"{prefix}-said_precision": "day",
            f"{prefix}-stance": "maybe",
            f"{prefix}-new_tags": "!!!",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "A precision needs a date." in html
    assert "Select a valid choice." in html
    assert "“!!!” cannot be a tag" in html
    candidate.refresh_from_db()
    assert candidate.status == Position.Status.PENDING
    assert candidate.stance == Stance.CONDITIONAL


def test_moving_a_quote_to_a_speaker_who_already_has_it_is_refused(client, editor, queue):
    client.force_login(editor)
    candidate = queue["sure"]
    other = SpeakerFactory(full_name="Olaf Scholz")
    PositionFactory(speaker=other, quote=candidate.quote.upper())  # the same words
    prefix = f"p{candidate.pk}"
    response = client.post(
        REVIEW,
        {
            "position": candidate.pk,
            "decision": "approve",
            f"{prefix}-speaker": other.pk,
            f"{prefix}-stance": Stance.CONDITIONAL,
        },
    )
    assert response.status_code == 400
    assert "This speaker already has a position with this quote" in response.content.decode()
    candidate.refresh_from_db()
    assert (candidate.speaker_id, candidate.status) != (other.pk, Position.Status.APPROVED)
    assert candidate.status == Position.Status.PENDING


@pytest.mark.parametrize("position", ["", "abc", "1 OR 1=1"])
def test_a_decision_naming_no_candidate_is_a_bad_request(client, editor, queue, position):
    client.force_login(editor)
    response = client.post(REVIEW, {"position": position, "decision": "approve"})
    assert response.status_code == 400
    assert Position.objects.filter(status=Position.Status.PENDING).count() == 2


def test_the_history_of_a_position_is_visible_in_the_admin(client, editor, queue):
    client.force_login(editor)
    client.post(REVIEW, {"bulk": "approve", "selected": [queue["sure"].pk]})
    response = client.get(reverse("admin:positions_position_history", args=[queue["sure"].pk]))
    assert response.status_code == 200
    rows = response.context["page_obj"].object_list
    assert [(row.history_user, row.status) for row in rows][0] == (editor, "approved")
    assert "erin" in response.content.decode()


def test_bulk_approve_and_reject(client, editor, queue):
    client.force_login(editor)
    client.post(REVIEW, {"bulk": "approve", "selected": [queue["sure"].pk]})
    client.post(REVIEW, {"bulk": "reject", "selected": [queue["unsure"].pk, queue["approved"].pk]})
    statuses = dict(Position.objects.values_list("pk", "status"))
    assert statuses[queue["sure"].pk] == Position.Status.APPROVED
    assert statuses[queue["unsure"].pk] == Position.Status.REJECTED
    # Bulk decisions touch pending candidates only.
    assert statuses[queue["approved"].pk] == Position.Status.APPROVED


def test_a_bulk_decision_without_a_selection_says_so(client, editor, queue):
    client.force_login(editor)
    response = client.post(REVIEW, {"bulk": "approve"}, follow=True)
    assert "Select candidates first." in response.content.decode()
    assert Position.objects.filter(status=Position.Status.PENDING).count() == 2


def test_approved_candidates_reach_the_timeline(client, editor, queue):
    assert "when allies agree" not in client.get(reverse("positions:timeline")).content.decode()
    client.force_login(editor)
    client.post(REVIEW, {"bulk": "approve", "selected": [queue["sure"].pk]})
    client.logout()
    assert "when allies agree" in client.get(reverse("positions:timeline")).content.decode()


def test_the_admin_front_page_counts_the_queue(client, editor, queue):
    client.force_login(editor)
    html = client.get(reverse("admin:index")).content.decode()
    assert "2 candidates</strong> waiting for review" in html


def test_the_changelist_actions_approve_and_reject(client, editor, queue):
    client.force_login(editor)
    client.post(
        reverse("admin:positions_position_changelist"),
        {"action": "approve", "_selected_action": [queue["sure"].pk]},
    )
    queue["sure"].refresh_from_db()
    assert queue["sure"].status == Position.Status.APPROVED


@pytest.mark.parametrize("who", ["anonymous", "analyst"])
def test_people_without_staff_rights_never_reach_the_admin(client, request, queue, who):
    if who == "analyst":
        client.force_login(request.getfixturevalue("analyst"))
    for url in (REVIEW, reverse("admin:index"), reverse("admin:positions_position_changelist")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    client.post(REVIEW, {"bulk": "approve", "selected": [queue["sure"].pk]})
    queue["sure"].refresh_from_db()
    assert queue["sure"].status == Position.Status.PENDING


def test_staff_without_the_review_permission_cannot_decide(client, django_user_model, queue):
    clerk = django_user_model.objects.create_user(
        username="clerk", password="clerk-password-1", is_staff=True
    )
    clerk.user_permissions.add(Permission.objects.get(codename="view_position"))
    client.force_login(clerk)
    assert client.get(REVIEW).status_code == 403
    assert (
        client.post(REVIEW, {"bulk": "approve", "selected": [queue["sure"].pk]}).status_code == 403
    )
    html = client.get(reverse("admin:index")).content.decode()
    assert "waiting for review" not in html


def test_the_admin_group_manages_users_and_the_editor_group_does_not(client, editor, site_admin):
    users = reverse("admin:auth_user_changelist")
    client.force_login(editor)
    assert client.get(users).status_code == 403
    assert client.get(REVIEW).status_code == 200
    client.force_login(site_admin)
    assert client.get(users).status_code == 200
    assert client.get(REVIEW).status_code == 200


def test_the_admin_group_gets_the_permissions_of_every_app_migrated(db):
    admin_group = staff_group("Admin")
    admin_group.permissions.clear()
    # As on a fresh database: the digests app, listed after this one, has no permissions yet.
    Permission.objects.filter(content_type__app_label="digests").delete()

    call_command("migrate", verbosity=0)

    assert Permission.objects.filter(content_type__app_label="digests").exists()
    assert set(admin_group.permissions.all()) == set(Permission.objects.all())


def test_editing_a_position_cannot_approve_it_past_the_review(client, django_user_model, queue):
    clerk = django_user_model.objects.create_user("clerk", password="pw-clerk-1", is_staff=True)
    clerk.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_position", "change_position"])
    )
    client.force_login(clerk)
    candidate = queue["sure"]
    url = reverse("admin:positions_position_change", args=[candidate.pk])
    form = client.get(url).context["adminform"].form
    assert "status" not in form.fields
    client.post(url, {"status": "approved", "quote": candidate.quote})
    candidate.refresh_from_db()
    assert (candidate.status, candidate.reviewed_at) == (Position.Status.PENDING, None)


def test_the_queue_links_only_web_addresses(client, editor, queue):
    pasted = ArticleFactory(url="urn:sha256:" + "0" * 64, text="He said it.")
    CitationFactory(position=queue["unsure"], article=pasted, quote_start=None, quote_end=None)
    client.force_login(editor)
    html = client.get(REVIEW).content.decode()
    assert 'href="urn:' not in html
    assert 'href="https://' in html


def decide_on_card(client, candidate, decision="approve", *, follow=False, **fields):
    """The candidate's card posted with a decision, its fields as they stand."""
    prefix = f"p{candidate.pk}"
    data = {
        "position": candidate.pk,
        "decision": decision,
        f"{prefix}-speaker": candidate.speaker.pk,
        f"{prefix}-stance": candidate.stance,
        f"{prefix}-said_on": "2024-07-10",
        f"{prefix}-said_precision": "day",
    }
    data |= {f"{prefix}-{name}": value for name, value in fields.items()}
    return client.post(REVIEW, data, follow=follow)


def test_approving_a_new_speaker_asks_for_their_role(client, editor):
    newcomer = SpeakerFactory(full_name="Radosław Sikorski", is_confirmed=False)
    candidate = PositionFactory(
        speaker=newcomer, status=Position.Status.PENDING, reported_role="Polish foreign minister"
    )
    client.force_login(editor)
    queue_page = client.get(REVIEW).content.decode()
    # The role the article gave is offered.
    assert 'value="Polish foreign minister"' in queue_page

    refused = decide_on_card(client, candidate, speaker_role="")
    assert refused.status_code == 400
    assert "Radosław Sikorski is new: give their role before approving" in refused.content.decode()
    candidate.refresh_from_db()
    assert candidate.status == Position.Status.PENDING

    approved = decide_on_card(client, candidate, speaker_role="Minister of Foreign Affairs")
    assert approved.status_code == 302
    candidate.refresh_from_db()
    newcomer.refresh_from_db()
    assert candidate.status == Position.Status.APPROVED
    assert newcomer.is_confirmed
    assert [role.title for role in newcomer.roles.all()] == ["Minister of Foreign Affairs"]
    assert candidate.role_display == "Minister of Foreign Affairs"


def test_a_known_speaker_needs_no_role_and_saving_needs_none(client, editor):
    known = PositionFactory(status=Position.Status.PENDING)
    client.force_login(editor)
    assert decide_on_card(client, known).status_code == 302
    newcomer = PositionFactory(
        speaker=SpeakerFactory(is_confirmed=False), status=Position.Status.PENDING
    )
    prefix = f"p{newcomer.pk}"
    saved = client.post(
        REVIEW,
        {
            "position": newcomer.pk,
            "decision": "save",
            f"{prefix}-speaker": newcomer.speaker.pk,
            f"{prefix}-stance": newcomer.stance,
        },
    )
    assert saved.status_code == 302
    newcomer.speaker.refresh_from_db()
    assert not newcomer.speaker.is_confirmed


def test_bulk_approval_leaves_new_speakers_for_review_with_their_role(client, editor):
    known = PositionFactory(status=Position.Status.PENDING)
    newcomer = PositionFactory(
        speaker=SpeakerFactory(full_name="Radosław Sikorski", is_confirmed=False),
        status=Position.Status.PENDING,
    )
    client.force_login(editor)
    html = client.post(
        REVIEW, {"bulk": "approve", "selected": [known.pk, newcomer.pk]}, follow=True
    ).content.decode()
    assert "Approved 1 candidate(s)." in html
    assert "Left for review: 1 candidate(s) by a new speaker (Radosław Sikorski)" in html
    statuses = dict(Position.objects.values_list("pk", "status"))
    assert statuses == {known.pk: "approved", newcomer.pk: "pending"}
    # Rejecting needs no role.
    client.post(REVIEW, {"bulk": "reject", "selected": [newcomer.pk]})
    newcomer.refresh_from_db()
    assert newcomer.status == Position.Status.REJECTED
