"""Compose answers from the reports' own sentences, each cited; or abstain, saying why.

No language model is needed, and nothing is written that the reports do not say: an answer is a
short lead line naming where it comes from, then report sentences with [n] markers (grouped by
report when several answer), or lines built from findings records. By what the question asks:
- a list of findings → the complete list from the findings table, or "none" with what was searched;
- a grade → one line per report and area asked about (`listing.grade_answer`);
- anything else → the sentences that state it, part by part (`extract`).
It abstains when an organisation or year the question is scoped to is not indexed, when the
thing a "what is the X" question names is in no sentence that is on its meaning, when a figure is
asked for and none is given (or none of the sentences giving one speaks of the numbers the question
names, "101 calls"), when a "who is the X" question finds no one named as X, and when no sentence
means enough.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .catalog import Catalog
from .embed import Embedder
from .extract import (
    Candidate,
    candidates,
    choose,
    gives,
    named_numbers,
    names_years,
    numbers,
    speaks_of,
)
from .listing import grade_answer, list_answer, none_found, previous_answer
from .model import Answer, Citation, Question, SearchResult
from .search import ANSWER_TYPES
from .store import Generation
from .text import squash, stems


def compose(result: SearchResult, generation: Generation, catalog: Catalog, embedder: Embedder,
            rest: SearchResult | None = None) -> Answer:
    """Answer the question of result from the passages and findings in result, or abstain; rest is
    the search for the parts of a grade question that ask for something else (`other_parts`)."""
    answer = _compose(result, generation, catalog, embedder, rest)
    answer.assumed = result.question.assumed  # what a follow-up took from the questions before it
    return answer


def _compose(result: SearchResult, generation: Generation, catalog: Catalog, embedder: Embedder,
             rest: SearchResult | None) -> Answer:
    question = result.question
    missing = _unknown_organisations(question, result, catalog)
    if missing:
        return Answer(question.text, None, True, reason=f"the index holds no report on {missing}")
    listing = question.listing
    if question.looks_back and question.intent in ("grade", "plain", "yesno"):
        earlier = previous_answer(result, generation, catalog)
        if earlier is not None:
            return earlier
    if question.intent == "grade" and not (listing and listing.grades):
        graded = grade_answer(result, generation, catalog, embedder)
        if graded is not None and rest is not None:
            return _and_the_rest(graded, rest, generation, catalog, embedder)
        if graded is not None:
            return graded
    elif listing is not None and result.items:
        return list_answer(result, generation, catalog)
    elif (listing is not None and listing.kind != "judgment" and listing.carried_from is None
          and not question.unindexed_years and result.reports_searched):
        # Items an earlier inspection raised are read from prose the extractor may miss, so only
        # a report's own items are said to be none.
        none = none_found(result, generation, catalog)
        if none is not None:
            return none
    if not result.hits:
        return Answer(question.text, None, True, reason="no passage matches the question and filters")
    return _extract(result, generation, catalog, embedder)


def _and_the_rest(graded: Answer, result: SearchResult, generation: Generation, catalog: Catalog,
                  embedder: Embedder) -> Answer:
    """A grade answer, then the sentences that answer the question's other parts, or why none is said."""
    rest = _extract(result, generation, catalog, embedder, first=len(graded.citations) + 1) if result.hits else \
        Answer(result.question.text, None, True, reason="no passage matches the rest of the question")
    if rest.abstained:
        said = f"{rest.reason[:1].upper()}{rest.reason[1:]}."
        return replace(graded, text=f"{graded.text}\n{said}")
    return replace(graded, text=f"{graded.text}\n{rest.text}", citations=graded.citations + rest.citations)


def _extract(result: SearchResult, generation: Generation, catalog: Catalog, embedder: Embedder,
             first: int = 1) -> Answer:
    question = result.question
    found = candidates(result, generation, embedder, catalog.bodies)
    if not found:
        return Answer(question.text, None, True, reason="the passages found hold no sentences")
    year = _year_not_covered(question, found, embedder.related)
    if year:
        return Answer(question.text, None, True,
                      reason=f"no report of {year} is indexed, and the passages found say nothing of {year} on this")
    chosen = choose(result, found, embedder)
    # A grade question no graded area answers is answered from prose only if the prose speaks of its
    # area: a sentence on the question's meaning, or one the answer quotes ("This rests on three
    # principles: ..." leans on the sentence before it for its meaning).
    focus = question.focus or [w for area in question.areas for w in area.split()]
    if focus and stems(" ".join(focus)):
        on_point = [c for c in found if c.meaning >= embedder.related] + chosen
        if not any(speaks_of(c, focus, result.related) for c in on_point):
            return Answer(question.text, None, True, reason=f"the reports found say nothing about the {' '.join(focus)}")
    if chosen and question.figure and (unsaid := sorted(named_numbers(question.text) - numbers(" ".join(c.text for c in chosen)))):
        # "How many 101 calls ...": a figure for telephone calls in general is not the one asked for.
        return Answer(question.text, None, True,
                      reason=f"no sentence found that gives a figure speaks of {' or '.join(unsaid)}")
    if chosen and question.expects == "date" and question.ahead and not any(
            _still_to_come(c.text, catalog.by_id[c.hit.report_id].year) for c in chosen):
        # "When will they next inspect?": a date the report gives from before its own year is past.
        return Answer(question.text, None, True, reason="the reports found give no date still to come for this")
    if not chosen and question.expects == "name":
        return Answer(question.text, None, True, reason=f"the reports found name no {_role(question)}")
    if not chosen:
        figure = question.figure and any(gives(c, i, False, embedder) for c in found for i in range(len(c.meanings)))
        return Answer(question.text, None, True, reason="the reports give no figure for this" if figure
                      else "the reports do not appear to answer this")
    unique = list({squash(c.text): c for c in reversed(chosen)}.values())[::-1]  # twin reports repeat sentences
    citations = [Citation(n=first + i, hit=c.hit, page=c.page, quote=c.text, page_end=c.page_end)
                 for i, c in enumerate(unique)]
    return Answer(question.text, _write(citations, catalog), False, citations)


def _still_to_come(text: str, year: str | None) -> bool:
    """Say whether a sentence gives a time that may be still to come when its report was written:
    one not dated ("within 18 months"), or a year after the one its report is of."""
    if not ANSWER_TYPES["date"].search(text):
        return False
    years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", text)]
    own = re.match(r"(?:19|20)\d\d", year or "")
    return not years or own is None or max(years) > int(own.group(0))


def _role(question: Question) -> str:
    """The role a "who is the X" question asks about, as it words it ("director of children's services")."""
    spans = [m for w in question.focus if (m := re.search(rf"\b{re.escape(w)}", question.text, re.IGNORECASE))]
    if not spans:
        return "one for this"
    return question.text[min(m.start() for m in spans):max(m.end() for m in spans)]


def _write(citations: list[Citation], catalog: Catalog) -> str:
    """A lead line naming the report, then its sentences with their markers; for several reports,
    a line per report, in the order their best sentence ranked."""
    reports = list(dict.fromkeys(c.hit.report_id for c in citations))
    if len(reports) == 1:
        return f"From {catalog.name(reports[0])}:\n" + " ".join(f"{c.quote} [{c.n}]" for c in citations)
    lines = [f"From {len(reports)} reports:"]
    for report_id in reports:
        said = " ".join(f"{c.quote} [{c.n}]" for c in citations if c.hit.report_id == report_id)
        lines.append(f"{catalog.name(report_id)}: {said}")
    return "\n".join(lines)


def _year_not_covered(question: Question, found: list[Candidate], bar: float) -> str | None:
    """A year the question is scoped to that no indexed report is of and no sentence found on the
    question's meaning mentions, with the very words of the thing it names ("budget for 2025":
    costs in a 2025 programme do not count)."""
    for year in question.unindexed_years:
        if not any(names_years(c, [year]) and c.meaning >= bar and speaks_of(c, question.focus, {}) for c in found):
            return year
    return None


def _unknown_organisations(question: Question, result: SearchResult, catalog: Catalog) -> str | None:
    """Name the organisations a question asks about when none of them has a report among those searched."""
    named = question.named | _unheard_bodies(question, result, catalog)
    if not named:
        return None
    searched = {catalog.key(h.report_id) for h in result.hits} | {catalog.key(i.finding.report_id) for i in result.items}
    if named & searched:
        return None
    return " or ".join(sorted(n.title() for n in named))


def _unheard_bodies(question: Question, result: SearchResult, catalog: Catalog) -> set[str]:
    """The words of a question that no report prints and whose nearest words in the index are
    at least half names of the bodies it holds ("birmingham", near "rotherham" and "doncaster"): the
    names of bodies it holds none on, however they are written."""
    scoped = question.filters.values.get("organisation") or question.filters.values.get("force")
    if not result.related or scoped or not catalog.words:
        return set()
    body_words = {w for key in catalog.keys for w in key.split()}
    out = set()
    for word in question.terms:
        near = result.related.get(word, [])[1:]
        if word not in catalog.words and len(near) >= 2 and 2 * sum(w in body_words for w in near) >= len(near):
            out.add(word)
    return out
