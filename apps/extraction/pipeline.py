"""From article text to statements: who said what about Ukraine's NATO membership, and when.

Pure functions over text: no database, no network and no Django, so the worker,
`manage.py extract` and the quality benchmark all run exactly this code.

The stages, in order, over one Document read once:
1. find candidates: direct quotations with their attributions, quotations going on from
   the one before, a transcript's own words (find_quotes); reported speech ("X said that
   ...", "..., X said", "according to X, ...") and stated positions ("X has long opposed
   ...", "X, who has repeatedly called for ...") that no quotation covers (find_reported);
2. attribute speakers: each candidate's subject resolved once, pronouns, bare titles and
   "the allies" through earlier statements (attribute.Speakers);
3. judge: keep statements about membership, date them, label their stance, weigh the
   confidence, and record the rules behind each (judge.Judge);
4. tidy: drop a reported sentence that only paraphrases the quotation beside it, and
   merge repeats (tidy).
"""

from __future__ import annotations

import datetime as dt

from apps.core.dates import PartialDate
from apps.extraction import claims, find_parsed, find_quotes, find_reported, parsing, tidy
from apps.extraction.attribute import Speakers
from apps.extraction.candidates import Candidate, Statement
from apps.extraction.document import Document
from apps.extraction.judge import Judge
from apps.extraction.names import Gazetteer

# The most text read for statements: every stage is linear in it (bench/extraction_scale.py
# measures about 0.5 ms a quotation), so this bounds a page's time well within a worker's
# limit, and no real article comes near it.
MAX_CHARACTERS = 2_000_000


def reading_limit(text: str, max_characters: int | None = None) -> tuple[int, str]:
    """Where reading stops (a paragraph's end), and why, if before the end of the text."""
    max_characters = max_characters or MAX_CHARACTERS
    if len(text) <= max_characters:
        return len(text), ""
    end = text.rfind("\n", 0, max_characters)
    end = end if end > 0 else max_characters
    return end, (
        f"Statements were sought in the first {end:,} of {len(text):,} characters only "
        f"(the limit is {max_characters:,})."
    )


def extract_statements(
    text: str,
    *,
    published: dt.date | PartialDate | None = None,
    gazetteer: Gazetteer | None = None,
    max_characters: int | None = None,
    parser_model: str = parsing.DEFAULT_MODEL,
) -> list[Statement]:
    """Statements about Ukraine's NATO membership in `text`, in the order they appear;
    beyond `max_characters` (see reading_limit) the text is not read. A publication known
    only to the month or year (`PartialDate`) dates no statement more precisely than that.
    `parser_model` names the spaCy pipeline (parsing.py)."""
    end, _ = reading_limit(text, max_characters)
    doc = Document.read(text[:end], published, gazetteer or Gazetteer(), parser_model)
    found = find_candidates(doc)
    doc.parse_ahead([(c.start, c.end) for c in found])  # each quote, for claims and stance
    candidates = claims.split_claims(doc, found)
    # each claim, and each sentence whose verb may say when (judge.Judge._said_on)
    doc.parse_ahead(
        [(c.start, c.end) for c in candidates]
        + [(c.sentence.start, c.sentence.end) for c in candidates]
    )
    speakers = Speakers(doc, candidates)
    judge = Judge(doc, candidates, speakers)
    statements = [s for s in map(judge.statement, candidates) if s is not None]
    statements = tidy.drop_paraphrases(doc, speakers, statements)
    return tidy.merge_repeats(doc, statements)


def find_candidates(doc: Document) -> list[Candidate]:
    """Every candidate statement, in text order; reported speech only where no quotation
    already says it."""
    candidates = find_quotes.direct_quotes(doc)
    candidates += find_parsed.parsed_speech(doc, taken=candidates)
    candidates += find_reported.reported_speech(doc, taken=candidates)
    candidates += find_quotes.quotes_standing_alone(doc, taken=candidates)
    candidates += find_quotes.transcript(doc, taken=candidates)
    return sorted(candidates, key=lambda candidate: candidate.start)
