"""The weekly run: each subscriber's digest, sent once, whatever crashes or repeats."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.digests import selection, send_log, weekly, weeks
from apps.digests.models import DigestSend, Subscription
from apps.digests.selection import matching_each, week_content
from apps.digests.send_log import subscriber_ranges
from apps.digests.tasks import send_weekly_digests
from apps.digests.weekly import digest_run
from apps.digests.weeks import previous_week, week_bounds
from apps.positions.stances import Stance
from apps.positions.timeline import TimelineFilters, filtered_positions
from tests.conftest import REPO_ROOT, permissions
from tests.digests.conftest import WEEK, Inbox
from tests.digests.test_subscribing import confirm_link, subscribe

pytestmark = pytest.mark.django_db


def subscriber(
    address: str, *, speakers=(), tags=(), stances=(), kinds=(), confirmed=True
) -> Subscription:
    subscription = Subscription.objects.create(
        email=address,
        stances=list(stances),
        kinds=list(kinds),
        confirmed_at=timezone.now() if confirmed else None,
    )
    subscription.speakers.set(speakers)
    subscription.tags.set(tags)
    return subscription


def test_subscribe_confirm_receive_follow_and_unsubscribe(client, smtp, week):
    subscribe(client)
    client.post(confirm_link(smtp))

    report = digest_run(WEEK)

    assert (report.positions, report.sent) == (2, 1)
    digest = smtp.to("reader@example.org")[-1]
    assert digest["Subject"] == f"Ukraine and NATO: 2 new positions, week {WEEK}"
    text, html = Inbox.text(digest), Inbox.html(digest)
    # Grouped by stance, with the change of stance called out.
    assert "== Opposes membership ==" in text
    assert "CHANGE OF STANCE: before, Conditional (1 Jun 2024)." in text
    assert "<strong>Change of stance:</strong> before, Conditional" in html
    assert "A candidate nobody reviewed yet" not in text
    assert "[[" not in text + html  # every link filled in
    assert "irreversible &amp; &lt;b&gt;clear&lt;/b&gt;" in html  # quotes are escaped
    # Every link works.
    links = [link.removeprefix("http://testserver") for link in Inbox.links(digest)]
    position_links = [link for link in links if link.startswith("/positions/")]
    assert sorted(position_links) == sorted(
        week[name].get_absolute_url() for name in ("shifted", "door")
    )
    for link in links:
        assert client.get(link).status_code == 200, link
    browser = next(link for link in links if f"/digest/{WEEK}/" in link)
    assert "Ukraine&#x27;s membership would mean war with Russia" in (
        client.get(browser).content.decode()
    )
    # One click, as a mail client does it.
    unsubscribe = digest["List-Unsubscribe"].strip("<>").removeprefix("http://testserver")
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    client.post(unsubscribe, "List-Unsubscribe=One-Click", content_type="text/plain")
    assert not Subscription.objects.get().is_active


@pytest.mark.parametrize(
    ("choices", "expected"),
    [
        ({}, {"shifted", "door"}),
        ({"speakers": ["rutte"]}, {"door"}),
        ({"stances": [Stance.OPPOSES]}, {"shifted"}),
        ({"tags": ["tag"]}, {"door"}),
        ({"kinds": ["refusal"]}, {"shifted"}),
        ({"kinds": ["promise", "demand"]}, {"door"}),
        ({"kinds": ["condition"]}, set()),
        ({"speakers": ["rutte"], "stances": [Stance.OPPOSES]}, set()),
    ],
)
def test_each_digest_holds_what_its_subscriber_chose(smtp, week, choices, expected):
    subscriber(
        "reader@example.org",
        speakers=[week[name] for name in choices.get("speakers", [])],
        tags=[week[name] for name in choices.get("tags", [])],
        stances=choices.get("stances", []),
        kinds=choices.get("kinds", []),
    )
    report = digest_run(WEEK)
    if not expected:
        assert (report.sent, report.nothing_new, smtp.messages) == (0, 1, [])
        return
    text = Inbox.text(smtp.to("reader@example.org")[0])
    for name, words in (("shifted", "war with Russia"), ("door", "irreversible")):
        assert (words in text) == (name in expected)


def test_only_confirmed_subscribers_receive_digests(smtp, week):
    subscriber("unconfirmed@example.org", confirmed=False)
    left = subscriber("left@example.org")
    left.unsubscribed_at = timezone.now()
    left.save()
    subscriber("reader@example.org")
    digest_run(WEEK)
    assert [message["To"] for message in smtp.messages] == ["reader@example.org"]


def test_nothing_is_sent_in_a_week_without_new_positions(smtp, week):
    subscriber("reader@example.org")
    report = digest_run("2025-W11")
    assert (report.positions, report.sent, smtp.messages) == (0, 0, [])
    assert not DigestSend.objects.exists()


def test_running_twice_sends_once(smtp, week):
    for index in range(3):
        subscriber(f"reader{index}@example.org")
    first, second = digest_run(WEEK), digest_run(WEEK)
    assert (first.sent, second.sent, second.already_sent) == (3, 0, 3)
    assert len(smtp.messages) == 3
    assert DigestSend.objects.filter(week=WEEK, sent_at__isnull=False).count() == 3


def test_a_run_that_crashes_sends_the_rest_next_time_and_nothing_twice(smtp, week, monkeypatch):
    for index in range(5):
        subscriber(f"reader{index}@example.org")
    build = weekly.digest_message
    calls = []

    def crash_on_the_third(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("worker lost")
        return build(*args, **kwargs)

    monkeypatch.setattr(weekly, "digest_message", crash_on_the_third)
    with pytest.raises(RuntimeError):
        digest_run(WEEK, batch_size=2)
    assert len(smtp.messages) == 2
    assert DigestSend.objects.filter(sent_at__isnull=False).count() == 2
    monkeypatch.setattr(weekly, "digest_message", build)

    report = digest_run(WEEK, batch_size=2)

    assert (report.sent, report.already_sent) == (3, 2)
    recipients = sorted(message["To"] for message in smtp.messages)
    assert recipients == [f"reader{index}@example.org" for index in range(5)]


def test_a_live_claim_is_left_to_its_run_and_a_stale_one_taken_over(smtp, week):
    reader = subscriber("reader@example.org")
    send = DigestSend.objects.create(
        subscription=reader, week=WEEK, claim="another-run", claimed_at=timezone.now()
    )
    busy = digest_run(WEEK)
    assert (busy.sent, busy.claimed_elsewhere) == (0, 1)  # another worker is sending it now
    send.claimed_at = timezone.now() - send_log.CLAIM_LEASE * 2
    send.save()
    assert digest_run(WEEK).sent == 1  # that worker died
    assert len(smtp.messages) == 1


def test_a_refused_address_is_logged_and_the_others_still_get_theirs(smtp, week):
    subscriber("gone@example.org")
    subscriber("reader@example.org")
    smtp.refuse.add("gone@example.org")
    report = digest_run(WEEK)
    assert (report.sent, report.failed, report.failed_temporarily) == (1, 1, 0)
    failed = DigestSend.objects.get(subscription__email="gone@example.org")
    assert failed.sent_at is None
    assert "550" in failed.error
    smtp.refuse.clear()
    assert digest_run(WEEK).sent == 1  # retried on the next run, and only that one


def test_queries_grow_with_batches_not_with_subscribers(smtp, week):
    for index in range(60):
        subscriber(f"reader{index}@example.org", speakers=[week["rutte"]] if index % 2 else [])
    with CaptureQueriesContext(connection) as queries:
        report = digest_run(WEEK, batch_size=20)
    assert (report.sent, report.batches) == (60, 3)
    reads = [q for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    # The week is read once (positions, their tags and citations, earlier stances, promise
    # status changes), then six reads a batch (its subscribers with their speakers and
    # tags, what their choices keep, the send log's claims) and one that finds no more; a
    # batch writes its claims twice, and the send log as the server takes the digests.
    assert len(reads) <= 5 + 6 * report.batches + 1
    writes = len(queries.captured_queries) - len(reads)
    assert writes <= 2 * report.batches + report.sent + report.batches


def test_the_command_runs_a_week_or_only_counts(smtp, week):
    subscriber("reader@example.org")
    call_command("send_digests", "--week", WEEK, "--dry-run")
    assert smtp.messages == []
    call_command("send_digests", "--week", WEEK)
    assert len(smtp.messages) == 1
    with pytest.raises(CommandError, match="A week is written like 2025-W07"):
        call_command("send_digests", "--week", "March")
    with pytest.raises(CommandError, match="There is no week 2025-W54"):
        call_command("send_digests", "--week", "2025-W54")


def test_beat_runs_the_task_weekly_for_the_last_full_week(settings, smtp, week):
    schedule = settings.CELERY_BEAT_SCHEDULE["send-weekly-digests"]
    assert schedule["task"] == "apps.digests.tasks.send_weekly_digests"
    assert schedule["schedule"].day_of_week == {1}  # Monday
    start, _ = week_bounds(previous_week())
    assert (timezone.now() - start).days in range(7, 14)
    subscriber("reader@example.org")
    assert send_weekly_digests.delay(week=WEEK).get() == 1  # one part, sent in-process here
    assert [message["To"] for message in smtp.messages] == ["reader@example.org"]


def test_parts_of_the_list_can_be_sent_apart_and_again(smtp, week):
    for index in range(5):
        subscriber(f"reader{index}@example.org")
    ranges = subscriber_ranges(size=2)
    assert len(ranges) == 3
    for bounds in [*ranges, ranges[1]]:  # one part twice, as a retried task would
        digest_run(WEEK, subscribers=bounds)
    recipients = sorted(message["To"] for message in smtp.messages)
    assert recipients == [f"reader{index}@example.org" for index in range(5)]


def test_workers_send_the_parts(celery_worker_process, smtp, week, settings):
    """Real workers on Redis and PostgreSQL, mail to the test's SMTP server."""
    settings.DIGEST_BATCH_SIZE = 2
    for index in range(6):
        subscriber(f"reader{index}@example.org")
    mail = {
        "EMAIL_URL": f"smtp://127.0.0.1:{settings.MAILERS['default']['OPTIONS']['port']}",
        "SITE_URL": "http://testserver",
        "DIGEST_BATCH_SIZE": "2",
    }
    celery_worker_process(environment=mail)
    celery_worker_process(environment=mail)
    send_weekly_digests.delay(week=WEEK)
    deadline = time.monotonic() + 30
    while DigestSend.objects.filter(sent_at__isnull=False).count() < 6:
        assert time.monotonic() < deadline, "the workers did not send every digest"
        time.sleep(0.2)
    recipients = sorted(message["To"] for message in smtp.messages)
    assert recipients == [f"reader{index}@example.org" for index in range(6)]


def test_admins_preview_any_week_and_send_themselves_a_test(client, site_admin, smtp, week):
    site_admin.email = "editor@example.org"
    site_admin.save()
    reader = subscriber("reader@example.org", speakers=[week["rutte"]])
    client.force_login(site_admin)
    url = reverse("admin:digests_subscription_preview")
    everything = client.get(url, {"week": WEEK}).content.decode()
    assert "2 positions" in everything
    as_reader = client.get(url, {"week": WEEK, "subscription": reader.pk}).content.decode()
    assert "1 position." in as_reader
    client.post(f"{url}?week={WEEK}&subscription={reader.pk}")
    (test,) = smtp.messages
    assert test["To"] == "editor@example.org"
    assert test["Subject"].startswith("[Test] Ukraine and NATO: 1 new position")
    assert not DigestSend.objects.exists()  # a test is not a send
    # The reader's own links stay with the reader: a test carries none of them.
    assert test["List-Unsubscribe"] is None
    assert all("/digest/manage/" not in link and "/unsubscribe/" not in link
               for link in Inbox.links(test))  # fmt: skip
    assert client.get(url, {"week": WEEK, "subscription": "x"}).status_code == 400
    assert client.get(url, {"week": "9999-W52"}).status_code == 200  # named, not a 500


def test_staff_who_may_only_view_subscriptions_cannot_send_tests(
    client, django_user_model, smtp, week
):
    viewer = django_user_model.objects.create_user(
        "viewer", "viewer@example.org", "pw-viewer-1", is_staff=True
    )
    viewer.user_permissions.add(*permissions("view_subscription"))
    client.force_login(viewer)
    url = reverse("admin:digests_subscription_preview")
    assert client.get(url, {"week": WEEK}).status_code == 200
    assert client.post(f"{url}?week={WEEK}").status_code == 403
    assert not smtp.messages


def test_a_deferred_digest_is_sent_when_its_part_runs_again(smtp, week):
    subscriber("busy@example.org")
    subscriber("reader@example.org")
    smtp.defer["busy@example.org"] = 1
    report = digest_run(WEEK)
    assert (report.sent, report.failed, report.failed_temporarily) == (1, 1, 1)
    assert "451" in DigestSend.objects.get(subscription__email="busy@example.org").error
    again = digest_run(WEEK)
    assert (again.sent, again.already_sent) == (1, 1)
    assert sorted(m["To"] for m in smtp.messages) == ["busy@example.org", "reader@example.org"]


def test_a_worker_tries_deferred_digests_again_later(celery_worker_process, smtp, week, settings):
    subscriber("busy@example.org")
    subscriber("reader@example.org")
    smtp.defer["busy@example.org"] = 2
    worker = celery_worker_process(
        environment={
            "EMAIL_URL": f"smtp://127.0.0.1:{settings.MAILERS['default']['OPTIONS']['port']}",
            "SITE_URL": "http://testserver",
            "DIGEST_RETRY_DELAY": "0.5",
        }
    )
    send_weekly_digests.delay(week=WEEK)
    deadline = time.monotonic() + 30
    while DigestSend.objects.filter(sent_at__isnull=False).count() < 2:
        assert time.monotonic() < deadline, f"the deferred digest was not sent:\n{worker.log()}"
        time.sleep(0.2)
    assert worker.log().count("Retry in") == 2
    assert sorted(m["To"] for m in smtp.messages) == ["busy@example.org", "reader@example.org"]


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"DIGEST_WEEKDAY": "fri", "DIGEST_HOUR": "18"}, "{5} {18}"),
        ({}, "{1} {7}"),
    ],
)
def test_the_weekly_run_day_and_hour_come_from_the_environment(environment, expected):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DIGEST_")}
    schedule = subprocess.run(
        [
            sys.executable,
            "-c",
            "import config.settings as s; "
            "c = s.CELERY_BEAT_SCHEDULE['send-weekly-digests']['schedule']; "
            "print(c.day_of_week, c.hour)",
        ],
        cwd=REPO_ROOT,
        env=clean | environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert schedule.stdout.strip() == expected


def test_a_bad_weekday_stops_the_settings_with_its_name():
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=REPO_ROOT,
        env=os.environ | {"DIGEST_WEEKDAY": "funday"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "funday" in result.stderr


def test_a_run_killed_outright_resends_at_most_the_digests_in_flight(
    postgres, transactional_db, smtp, week, settings
):
    """A real process sending 300 digests is killed (SIGKILL: nothing runs after it);
    what the mail server took but the send log does not show is what a later run sends
    twice. It is bounded by the messages in flight, not by a batch of the log."""
    for index in range(300):
        subscriber(f"reader{index}@example.org")
    database = connection.settings_dict
    environment = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}",
        "EMAIL_URL": f"smtp://127.0.0.1:{settings.MAILERS['default']['OPTIONS']['port']}",
        "SITE_URL": "http://testserver",
        "DJANGO_ENV": "development",
    }
    program = (
        "import django; django.setup(); from apps.digests.weekly import digest_run; "
        f"digest_run({WEEK!r})"
    )
    sending = subprocess.Popen(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", program], cwd=REPO_ROOT, env=environment
    )
    deadline = time.monotonic() + 60
    while len(smtp.messages) < 120:
        assert time.monotonic() < deadline, "the run did not send"
        assert sending.poll() is None, "the run ended before it was killed"
        time.sleep(0.01)
    sending.kill()
    sending.wait(timeout=10)
    time.sleep(0.5)  # what the server was receiving at the kill lands in the inbox

    delivered = len(smtp.messages)
    recorded = DigestSend.objects.filter(week=WEEK, sent_at__isnull=False).count()
    in_flight = weekly.SMTP_CONNECTIONS * 4
    print(f"killed after {delivered} delivered, {recorded} recorded as sent")
    assert delivered - recorded <= in_flight

    # Once the dead run's claims lapse, the next run sends the rest, and those twice only.
    DigestSend.objects.filter(sent_at=None).update(claimed_at=timezone.now() - send_log.CLAIM_LEASE)
    digest_run(WEEK)
    assert len(smtp.messages) - 300 == delivered - recorded


def test_the_first_digest_after_set_up_does_not_call_the_starter_data_news(smtp):
    from apps.positions.starter import starter_data_load

    starter_data_load()
    subscriber("reader@example.org")
    report = digest_run(weeks.iso_week(timezone.localdate()))  # the week it was loaded
    assert report.positions == 0
    assert smtp.messages == []


def test_each_subscribers_choice_keeps_what_the_same_timeline_filter_keeps(week):
    chosen = {
        "speakers": ([week["rutte"]], TimelineFilters(speakers=("mark-rutte",))),
        "stances": ([Stance.OPPOSES], TimelineFilters(stances=(Stance.OPPOSES.value,))),
        "kinds": (["refusal"], TimelineFilters(kind="refusal")),
        "tags": ([week["tag"]], TimelineFilters(tag=week["tag"].slug)),
    }
    everyone = subscriber("all@example.org")
    choosy = {
        choice: subscriber(f"{choice}@example.org", **{choice: values})
        for choice, (values, _) in chosen.items()
    }
    content = week_content(WEEK)
    this_week = [position.pk for position in content.positions]
    # One batch: the four choices are asked together, in one compound query.
    selected = matching_each(content, [everyone, *choosy.values()])
    assert len(selected[everyone.pk].positions) == len(this_week)
    for choice, (_, filters) in chosen.items():
        kept = {position.pk for position in selected[choosy[choice].pk].positions}
        timeline = filtered_positions(filters).filter(pk__in=this_week)
        assert kept == set(timeline.values_list("pk", flat=True)), choice
        assert 0 < len(kept) < len(this_week), choice


def test_more_choices_than_one_query_holds_are_asked_in_several(week, monkeypatch):
    # Rutte's statement, Orban's, and none of the week's.
    choices = [{"speakers": [week["rutte"]]}, {"stances": [Stance.OPPOSES]}, {"kinds": ["demand"]}]
    for index, chosen in enumerate(choices):
        subscriber(f"r{index}@example.org", **chosen)
    # As a batch reads them: with their speakers and tags.
    subscriptions = list(Subscription.objects.prefetch_related("speakers", "tags").order_by("pk"))
    content = week_content(WEEK)
    at_once = matching_each(content, subscriptions)
    monkeypatch.setattr(selection, "SUBQUERIES_PER_QUERY", 2)
    with CaptureQueriesContext(connection) as queries:
        in_two = matching_each(content, subscriptions)
    assert len(queries.captured_queries) == 2
    assert {pk: s.key for pk, s in in_two.items()} == {pk: s.key for pk, s in at_once.items()}
    assert len({s.key for s in in_two.values()}) == 3
