"""manage.py seed_synthetic --positions 100000: a reproducible synthetic data set for benchmarks.

Made-up speakers, outlets, articles and positions in realistic proportions (about 600
speakers, 300 outlets, 1.5 reports per position, a few tags each), all marked as
synthetic so they are never mistaken for real statements.
"""

from __future__ import annotations

import datetime as dt
import random
from itertools import accumulate

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from apps.core.dates import DatePrecision
from apps.core.text import quote_fingerprint
from apps.positions.models import Citation, Position, Tag
from apps.positions.stances import CommitmentKind, Stance
from apps.sources.models import Article, Outlet
from apps.speakers.models import Organisation, Role, Speaker

COUNTRIES = ["UA", "RU", "US", "DE", "FR", "GB", "PL", "LT", "EE", "LV", "HU", "SK", "IT", "TR", "FI", "SE", "NO", "NL", "CZ", "CA"]  # fmt: skip
FIRST = ["Anna", "Oleh", "Maria", "Ivan", "Jonas", "Petra", "Lukas", "Sofia", "Marek", "Elena", "Tomas", "Ingrid", "Pavel", "Clara", "Dmytro", "Helga", "Andrzej", "Ruta", "Viktor", "Emma"]  # fmt: skip
LAST = ["Kovalenko", "Schmidt", "Novak", "Laine", "Berg", "Moreau", "Rossi", "Kowalski", "Ivanov", "Horvat", "Jansen", "Olsen", "Petrov", "Lambert", "Bauer", "Nagy", "Dubois", "Svoboda", "Andersen", "Ozols"]  # fmt: skip
TITLES = [
    "Foreign Minister",
    "President",
    "Prime Minister",
    "Defence Minister",
    "Ambassador to NATO",
    "Spokesperson",
]
TAGS = ["invitation", "security guarantees", "reforms", "irreversible", "membership action plan", "neutrality", "ceasefire", "veto", "after the war", "consensus", "open door", "red lines", "bucharest-2008", "vilnius-2023", "washington-2024", "the-hague-2025", "referendum", "application", "timing", "nato expansion"]  # fmt: skip
PHRASES = {
    Stance.SUPPORTS_NOW: ["Ukraine should receive an invitation to join NATO now", "the alliance must admit Ukraine without delay", "we call for an accelerated accession"],
    Stance.SUPPORTS_AFTER_WAR: ["Ukraine will join NATO once the war is over", "the path to membership is irreversible", "membership will come when conditions are met"],
    Stance.SUPPORTS_LONG_TERM: ["Ukraine's rightful place is in NATO", "one day Ukraine will become a member of the alliance", "the door remains open in the long term"],
    Stance.CONDITIONAL: ["Ukraine must clean up corruption before it joins", "membership depends on reforms", "allies will decide by consensus when criteria are met"],
    Stance.ALTERNATIVE_GUARANTEES: ["security guarantees are possible without membership", "bilateral guarantees can deter aggression instead", "a coalition of the willing can protect Ukraine"],
    Stance.OPPOSES: ["Ukraine must never join NATO", "NATO expansion to Ukraine is a red line", "membership would mean a wider war"],
    Stance.NEUTRAL: ["it is too early to say when Ukraine will join", "this is a decision for allies and Ukraine", "the process continues"],
}  # fmt: skip
OCCASIONS = ["at a press conference", "in an interview", "after talks in Brussels", "at the summit", "in a statement", "on television", "before parliament", "to reporters"]  # fmt: skip


def compact_for_reading() -> None:
    """After a bulk load on PostgreSQL: fresh statistics, or the planner guesses at tables
    it has never seen full; the visibility map, or index-only scans still visit the table;
    and positions rewritten without the row versions their link triggers left (each
    position is updated once per statement that adds its citations or tags), as a
    restored database would be. Inside a transaction (tests) only ANALYZE can run."""
    with connection.cursor() as cursor:
        if connection.in_atomic_block:
            cursor.execute("ANALYZE")
            return
        cursor.execute("VACUUM (FULL, ANALYZE) positions_position")
        cursor.execute("VACUUM ANALYZE")


class Command(BaseCommand):
    help = "Fill the database with a reproducible synthetic data set for benchmarks."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--positions", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--speakers", type=int, default=600)
        parser.add_argument("--outlets", type=int, default=300)
        parser.add_argument("--chunk", type=int, default=20_000, help="positions per write")

    def handle(
        self, *args, positions: int, seed: int, speakers: int, outlets: int, chunk: int, **options
    ) -> None:
        if min(positions, speakers, outlets, chunk) < 1:
            raise CommandError("Counts must be positive.")
        if Speaker.objects.filter(slug__startswith="synthetic-").exists():
            raise CommandError("Synthetic data is loaded already; use a fresh database.")
        random_ = random.Random(seed)  # noqa: S311 - benchmark data, not secrets
        with transaction.atomic():
            self._seed(random_, positions, speakers, outlets, chunk)
        if connection.vendor == "postgresql":
            compact_for_reading()
        self.stdout.write(
            f"Synthetic data: {positions} positions from {speakers} speakers, {outlets} outlets."
        )

    def _seed(
        self, rng: random.Random, n_positions: int, n_speakers: int, n_outlets: int, chunk: int
    ) -> None:
        organisations = Organisation.objects.bulk_create(
            Organisation(
                name=f"Synthetic government of {code}",
                slug=f"synthetic-gov-{code.lower()}",
                country=code,
                kind="government",
            )
            for code in COUNTRIES
        )
        speakers = Speaker.objects.bulk_create(
            Speaker(
                full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {index}",
                slug=f"synthetic-speaker-{index}",
                country=rng.choice(COUNTRIES),
            )
            for index in range(n_speakers)
        )
        by_country = {organisation.country: organisation for organisation in organisations}
        Role.objects.bulk_create(
            Role(
                speaker=speaker,
                title=rng.choice(TITLES),
                organisation=by_country[speaker.country],
                started_on=dt.date(rng.randint(2000, 2020), 1, 1),
            )
            for speaker in speakers
        )
        leanings = {speaker.pk: rng.choice(list(Stance)) for speaker in speakers}
        outlet_rows = Outlet.objects.bulk_create(
            Outlet(
                name=f"Synthetic Outlet {index}",
                slug=f"synthetic-outlet-{index}",
                domain=f"outlet{index}.synthetic.example",
                country=rng.choice(COUNTRIES),
                kind=rng.choice(Outlet.Kind.values),
            )
            for index in range(n_outlets)
        )
        tags = Tag.objects.bulk_create(
            Tag(name=f"{name} (synthetic)", slug=f"synthetic-{index}")
            for index, name in enumerate(TAGS)
        )
        # Outlets get readers unevenly: a few wires carry most reports; some speakers talk
        # far more than others. Cumulative weights, computed once.
        outlet_weights = list(accumulate(1 / (rank + 1) for rank in range(len(outlet_rows))))
        speaker_weights = list(accumulate(1 / (1 + i % 50) for i in range(len(speakers))))
        made = 0
        while made < n_positions:
            size = min(chunk, n_positions - made)
            self._seed_chunk(
                rng, range(made, made + size), speakers, speaker_weights, leanings,
                outlet_rows, outlet_weights, tags,
            )  # fmt: skip
            made += size

    def _seed_chunk(
        self, rng, numbers, speakers, speaker_weights, leanings, outlets, outlet_weights, tags
    ) -> None:
        """Positions, their articles and citations and tags, for one chunk of numbers: the
        data set is written a chunk at a time, so a million positions fit in memory."""
        start, days = dt.date(2008, 1, 1), (dt.date(2025, 12, 31) - dt.date(2008, 1, 1)).days
        now = timezone.now()
        position_rows, article_rows, reports = [], [], []
        for index in numbers:
            speaker = rng.choices(speakers, cum_weights=speaker_weights)[0]
            stance = leanings[speaker.pk] if rng.random() < 0.7 else rng.choice(list(Stance))
            said_on = start + dt.timedelta(days=rng.randrange(days))
            precision = rng.choices(
                [DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR], weights=[85, 10, 5]
            )[0]
            if precision != DatePrecision.DAY:
                said_on = said_on.replace(
                    day=1, month=said_on.month if precision == DatePrecision.MONTH else 1
                )
            quote = f"{rng.choice(PHRASES[stance])}, {rng.choice(OCCASIONS)} (synthetic statement {index})"
            # Reported that day or within a week; the timeline places it when it was said.
            copies = rng.choices([1, 2, 3, 4], weights=[60, 25, 10, 5])[0]
            published = sorted(
                said_on + dt.timedelta(days=rng.choice([0, 0, 0, 1, 2, 7])) for _ in range(copies)
            )
            position = Position(
                speaker=speaker, quote=quote, quote_fingerprint=quote_fingerprint(quote), is_direct=rng.random() < 0.5,
                said_on=said_on, said_precision=precision, reported_on=published[0], dated_on=said_on,
                stance=stance, kind=rng.choice(CommitmentKind.values), kind_reviewed=True,
                status=Position.Status.APPROVED if rng.random() < 0.95 else Position.Status.PENDING,
                confidence=round(rng.uniform(0.4, 0.99), 2), method="synthetic", reviewed_at=now, created_at=now,
            )  # fmt: skip
            position_rows.append(position)
            for outlet, published_on in zip(
                rng.choices(outlets, cum_weights=outlet_weights, k=copies), published, strict=True
            ):
                number = f"{index}-{len(reports)}"
                article_rows.append(
                    Article(
                        url=f"https://{outlet.domain}/story-{number}", outlet=outlet, title=f"Synthetic story {number}",
                        published_on=published_on, text=f"Report. {quote}. More context follows.",
                        content_hash=f"synthetic-{number}", status=Article.Status.ANALYSED, first_seen_at=now,
                    )
                )  # fmt: skip
                reports.append(
                    (position, article_rows[-1], len("Report. "), len("Report. ") + len(quote))
                )
        Position.objects.bulk_create(position_rows, batch_size=2000)
        Article.objects.bulk_create(article_rows, batch_size=2000)
        Citation.objects.bulk_create(
            (
                Citation(
                    position=position, article=article, outlet_id=article.outlet_id,
                    quote_start=start_at, quote_end=end_at,
                )
                for position, article, start_at, end_at in reports
            ),
            batch_size=5000,
            ignore_conflicts=True,
        )  # fmt: skip
        through = Position.tags.through
        through.objects.bulk_create(
            (
                through(position_id=position.pk, tag_id=tag.pk)
                for position in position_rows
                for tag in rng.sample(tags, rng.choice([0, 1, 1, 2, 3]))
            ),
            batch_size=5000,
        )
