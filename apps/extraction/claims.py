"""Claims: a quotation of several sentences may say something about membership in some
and other things in the rest ("We need air defence now. ... Ukraine's place is in NATO.").
Each sentence is a claim; the runs of claims about membership become the statements, and
the others are left out, so what the editor sees is what was said about membership.
"""

from __future__ import annotations

from dataclasses import replace

from apps.extraction.candidates import Candidate, Form
from apps.extraction.clauses import trim
from apps.extraction.document import Document
from apps.extraction.topic import speaks_to_membership

# Quoted words that may hold more than one claim; reported clauses are one already.
_QUOTED = {Form.DIRECT, Form.CONTINUED, Form.TRANSCRIPT}
# Fewer words than this are one claim, whatever the punctuation.
_MIN_WORDS = 16


def split_claims(doc: Document, candidates: list[Candidate]) -> list[Candidate]:
    """The candidates, each quotation cut down to its runs of claims about membership."""
    return [claim for candidate in candidates for claim in _claims(doc, candidate)]


def _claims(doc: Document, candidate: Candidate) -> list[Candidate]:
    if candidate.form not in _QUOTED:
        return [candidate]
    words = doc.span(candidate.start, candidate.end)
    if len(words.split()) < _MIN_WORDS:
        return [candidate]
    sentences = [
        (candidate.start + s.start_char, candidate.start + s.end_char)
        for s in doc.parse(candidate.start, candidate.end).sents
    ]
    if len(sentences) < 2:
        return [candidate]
    # Each claim is read with the whole quotation around it: "NATO is our only guarantee"
    # is about membership in a quotation that speaks of joining.
    about = [speaks_to_membership(doc.span(start, end), words) for start, end in sentences]
    if all(about) or not any(about):
        return [candidate]  # one subject throughout: the topic rules judge it whole
    # From the first claim about membership to the last: what lies between goes with them.
    first = about.index(True)
    last = len(about) - 1 - about[::-1].index(True)
    start, end = trim(doc, sentences[first][0], sentences[last][1])
    return [replace(candidate, start=start, end=end, rules=[*candidate.rules, "claims-split"])]
