"""Which report sentences an answer quotes: the growth of an answer past its anchor, on sentences
whose cosines are set by hand (the rule, not a model, is under test)."""

from types import SimpleNamespace

import numpy as np

from index.extract import Candidate, choose
from index.model import Filters, Hit, Part, Question, SearchResult

MODEL = SimpleNamespace(related=0.4, figure=0.5)


def _answer(sentences: list[tuple[str, float]]) -> list[str]:
    """The sentences quoted, of one passage whose sentences have these cosines to the question."""
    text = " ".join(s for s, _ in sentences)
    hit = Hit(row=0, id="c0", report_id="r", kind="body", section_path=["Findings"], text=text, page_start=1,
              page_end=1, score=1.0)
    question = Question(text="how are cases reviewed", search_text="how are cases reviewed", terms=["cases", "reviewed"],
                        all_terms=["cases", "reviewed"], explicit=Filters(), filters=Filters(), named=set(),
                        intent="plain", kinds=())
    found = [Candidate(hit=hit, rank=0, position=text.index(s), order=n, count=len(sentences), text=s, page=1,
                       page_end=None, meanings=[m], coverages=[0.5 if "cases" in s else 0.0],
                       number=any(ch.isdigit() for ch in s))
             for n, (s, m) in enumerate(sentences)]
    result = SearchResult(question=question, hits=[hit], vector=np.zeros(3, dtype=np.float32), took_ms=0.0)
    return [c.text for c in choose(result, found, MODEL)]


ANCHOR = ("Supervisors review most cases within a week of their allocation to an investigator.", 0.6)


def test_a_sentence_near_the_question_that_leans_on_the_one_before_carries_its_point_on():
    figure = ("At the time of our inspection, 349 files had waited longer than a month.", 0.35)
    back = ("We found that this has improved since our last inspection of the force.", 0.35)
    assert _answer([ANCHOR, figure]) == [ANCHOR[0], figure[0]]
    assert _answer([ANCHOR, back]) == [ANCHOR[0], back[0]]


def test_a_sentence_merely_near_the_question_that_starts_another_point_is_left_out():
    other = ("Many officers were unaware of how to raise ethical dilemmas with their managers.", 0.35)
    on_point = ("Supervisors record their reviews on the crime system for every investigation.", 0.45)
    assert _answer([ANCHOR, other]) == [ANCHOR[0]]
    assert _answer([ANCHOR, on_point, other]) == [ANCHOR[0], on_point[0]]


def test_an_it_that_stands_for_what_follows_needs_no_sentence_before_it():
    before = ("Investigators with relevant skills find the volume of cases manageable.", 0.3)
    expletive = ("It is noteworthy that cases are reviewed by a supervisor within a day.", 0.6)
    anaphor = ("It reviews cases with a supervisor within a day of their allocation.", 0.6)
    assert _answer([before, expletive]) == [expletive[0]]
    assert _answer([before, anaphor]) == [before[0], anaphor[0]]


def test_the_sentence_that_leads_into_the_anchor_is_quoted_when_it_is_on_the_question():
    lead_in = ("The force tells each victim what it will do about their case and how soon.", 0.45)
    off = ("The force has a new crime system that officers use on their phones.", 0.3)
    assert _answer([lead_in, ANCHOR]) == [lead_in[0], ANCHOR[0]]
    assert _answer([off, ANCHOR]) == [ANCHOR[0]]
