"""Which report sentences an answer quotes: the growth of an answer past its anchor, on sentences
whose cosines are set by hand (the rule, not a model, is under test)."""

from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pytest

from index.answer import compose
from index.extract import (Candidate, candidates, choose, gives_number, named_numbers, names_someone, numbers,
                           short_forms, speaks_of)
from index.model import Filters, Hit, Part, Question, SearchResult

MODEL = SimpleNamespace(related=0.4, figure=0.5)


QUESTION = Question(text="how are cases reviewed", search_text="how are cases reviewed", terms=["cases", "reviewed"],
                    all_terms=["cases", "reviewed"], explicit=Filters(), filters=Filters(), named=set(),
                    intent="plain", kinds=())


def _quoted(passages: list[tuple[str, list[tuple[str, float]]]], terse: bool = False,
            question: Question = QUESTION) -> list[str]:
    """The sentences quoted from these passages, best ranked first, each of a report and with
    sentences whose cosines to the question are given."""
    hits, found = [], []
    for rank, (report, sentences) in enumerate(passages):
        text = " ".join(s for s, _ in sentences)
        hit = Hit(row=rank, id=f"c{rank}", report_id=report, kind="body", section_path=["Findings"], text=text,
                  page_start=1, page_end=1, score=1.0 - rank / 100)
        hits.append(hit)
        found += [Candidate(hit=hit, rank=rank, position=text.index(s), order=n, count=len(sentences), text=s, page=1,
                            page_end=None, meanings=[m],
                            coverages=[sum(w in s for w in question.terms) / len(question.terms)],
                            number=any(ch.isdigit() for ch in s), terse=terse)
                  for n, (s, m) in enumerate(sentences)]
    result = SearchResult(question=question, hits=hits, vector=np.zeros(3, dtype=np.float32), took_ms=0.0)
    return [c.text for c in choose(result, found, MODEL)]


def _answer(sentences: list[tuple[str, float]], terse: bool = False) -> list[str]:
    """The sentences quoted of one passage."""
    return _quoted([("r", sentences)], terse)


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
    dangling = ("The benefits of this arrangement are clear to every victim of crime.", 0.45)
    assert _answer([dangling, ANCHOR]) == [ANCHOR[0]]  # its own "this" would point at nothing quoted


def test_a_question_asking_for_several_things_takes_the_next_thing_before_carrying_one_on():
    filler = " and for the children, young people and families that they work with across the county"
    first = ("Supervisors review cases within a week of their allocation" + filler * 3 + ".", 0.6)
    carried = ("However, some of these reviews are brief and add little to the plan" + filler * 2 + ".", 0.3)
    second = ("Cases are reviewed again by a panel before they are closed" + filler * 2 + ".", 0.58)
    passages = [("r", [first, carried]), ("r", [second])]
    assert _quoted(passages) == [first[0], carried[0]]
    listing = replace(QUESTION, text="which cases are reviewed", enumerates=True)
    assert _quoted(passages, question=listing) == [first[0], second[0]]


def test_a_sentence_opening_a_list_is_quoted_with_its_first_item_or_not_at_all():
    opens = ("This is to ensure that cases are reviewed in these ways:", 0.3)
    item = ("every case is reviewed by a supervisor within a week;", 0.2)
    assert _answer([ANCHOR, opens, item]) == [ANCHOR[0], opens[0], item[0]]
    assert _answer([ANCHOR, opens]) == [ANCHOR[0]]  # the list is not in what search read


def test_a_sentence_speaks_of_what_its_heading_names():
    hit = Hit(row=0, id="c0", report_id="r", kind="body", section_path=["Findings", "The council has these strengths"],
              text="No child was excluded.", page_start=1, page_end=1)
    c = Candidate(hit=hit, rank=0, position=0, order=0, count=1, text=hit.text, page=1, page_end=None, meanings=[0.5])
    assert speaks_of(c, ["strengths"], {}) and not speaks_of(c, ["weaknesses"], {})


def test_a_question_of_a_few_words_is_answered_by_the_sentences_holding_them_all():
    """"cases reviewed?": a cosine to so few words is low, so holding them all nearly suffices."""
    holds = ("Supervisors say most cases are reviewed within a week.", 0.35)
    assert _answer([holds], terse=True) == [holds[0]]
    assert _answer([holds]) == []
    assert _answer([("Supervisors say most files wait a week.", 0.35)], terse=True) == []


def test_sentences_of_several_reports_are_grouped_by_report_in_the_order_each_first_answers():
    """Numbered as they are shown: a report's sentences together, though its passages rank apart."""
    first = ("Supervisors review most cases within a week in this force.", 0.6)
    other = ("Supervisors review most cases within a fortnight in that force.", 0.58)
    later = ("Supervisors review most cases again before they are closed.", 0.57)
    assert _quoted([("a", [first]), ("b", [other]), ("a", [later])]) == [first[0], later[0], other[0]]


def test_a_number_the_question_already_holds_is_no_figure_given_whatever_follows_it():
    question = numbers("How many care leavers over 21 had been left without a personal adviser?")
    assert not gives_number("For care leavers over the age of 21, persistent efforts are not made.", question)
    assert not gives_number("Care leavers aged 21. Few are visited.", question)
    assert gives_number("At the time of this inspection, there were over 200 young people in this category.", question)
    assert gives_number("Of the 121 care leavers, some had no adviser.", question)  # not the question's 21
    assert not gives_number("Since 2019, advisers have left.", question)  # a year alone is a date


def test_a_count_that_refers_back_is_quoted_after_the_sentence_saying_what_it_counts():
    """The count's own words are not the question's: it names what it counts by pointing back."""
    question = replace(QUESTION, text="how many cases are reviewed late", terms=["cases", "reviewed", "late"],
                       all_terms=["cases", "reviewed", "late"], intent="figure", figure=True)
    subject = ("Supervisors review cases late when the investigator is on leave or off sick.", 0.6)
    count = ("At the time of our inspection, 349 of these were waiting.", 0.55)
    unrelated = ("At the time of our inspection, 349 officers were on patrol.", 0.55)
    assert _quoted([("r", [subject, count])], question=question) == [subject[0], count[0]]
    assert _quoted([("r", [subject, unrelated])], question=question) == []  # it points back to nothing
    assert _quoted([("r", [("The force has a new crime system for officers.", 0.3), count])], question=question) == []


def test_the_number_after_a_figure_is_said_too_when_it_is_clearly_on_the_question():
    question = replace(QUESTION, text="what share of cases reviewed had grounds recorded",
                       terms=["share", "cases", "reviewed"], all_terms=["share", "cases", "reviewed"],
                       intent="figure", figure=True)
    sample = ("We reviewed a sample of 163 cases.", 0.68)
    share = ("We found that 95 percent had grounds recorded.", 0.62)
    aside = ("In 2 cases the officer had left.", 0.45)  # a number, only near the question
    assert _quoted([("r", [sample, share])], question=question) == [sample[0], share[0]]
    assert _quoted([("r", [sample, aside])], question=question) == [sample[0]]
    between = ("Most are closed soon after.", 0.45)
    assert _quoted([("r", [sample, between, share])], question=question) == [sample[0], share[0]]


def test_a_count_of_nought_in_words_is_a_figure_given():
    asked = numbers("How many care leavers is the council supporting?")
    assert gives_number("There are no care-experienced young people receiving care-leaving services.", asked)
    assert gives_number("None of the care leavers had a pathway plan.", asked)
    assert not gives_number("There is no evidence that plans are reviewed.", asked)  # an absence, not a count


def test_a_quote_leaves_out_the_bullet_of_its_list_item():
    text = "Waiting times are long. ◼ There are long waits for speech and language services."
    hit = Hit(row=0, id="c0", report_id="r", kind="body", section_path=["Findings"], text=text, page_start=3, page_end=3)
    bullet = text.index("◼")
    generation = SimpleNamespace(
        sentences=lambda rows: (np.array([[0, 0, bullet - 1, 3], [0, bullet, len(text), 3]]), np.eye(2, 3, dtype=np.float32)),
        counts=lambda: {"chunks": 1}, document_frequency=lambda form: 1)
    result = SearchResult(question=QUESTION, hits=[hit], vector=np.array([1, 0, 0], dtype=np.float32), took_ms=0.0)
    found = candidates(result, generation, MODEL)
    assert [c.text for c in found] == ["Waiting times are long.", "There are long waits for speech and language services."]
    assert text[found[1].position:].startswith("There")


def test_a_what_is_question_is_answered_when_a_sentence_it_quotes_names_the_thing():
    # "This is based on ..." leans on the sentence before it, so alone it is less near the question.
    question = replace(QUESTION, text="What are the four cornerstones of the strategy?", focus=["four", "cornerstones"],
                       search_text="What are the four cornerstones of the strategy?",
                       terms=["four", "cornerstones", "strategy"], all_terms=["four", "cornerstones", "strategy"])
    text = "They have a strategy that reflects their priorities. This is based on their four cornerstones: care and value."
    split = text.index("This")
    hit = Hit(row=0, id="c0", report_id="r", kind="body", section_path=["Findings"], text=text, page_start=3, page_end=3)
    generation = SimpleNamespace(
        sentences=lambda rows: (np.array([[0, 0, split - 1, 3], [0, split, len(text), 3]]),
                                np.array([[0.6, 0.8, 0.0], [0.35, 0.0, 0.94]], dtype=np.float32)),
        counts=lambda: {"chunks": 1}, document_frequency=lambda form: 1)
    result = SearchResult(question=question, hits=[hit], vector=np.array([1, 0, 0], dtype=np.float32), took_ms=0.0)
    answer = compose(result, generation, SimpleNamespace(name=lambda report_id: "Rotherham, 2024", bodies={}), MODEL)
    assert not answer.abstained and [c.quote for c in answer.citations] == [text[:split - 1], text[split:]]


def test_a_passage_opening_on_this_is_quoted_after_the_sentence_it_points_back_to():
    before = "The new case management system slowed the work of the front door. Interim arrangements added pressure."
    text = "This was made worse by staff changes, so some children waited too long for a decision."
    chunks = {0: Hit(row=0, id="c0", report_id="r", kind="body", section_path=["Front door"], text=before,
                     page_start=2, page_end=2),
              1: Hit(row=1, id="c1", report_id="r", kind="body", section_path=["Front door"], text=text,
                     page_start=2, page_end=2)}
    split = before.index("Interim")
    spans = {0: [[0, 0, split - 1, 2], [0, split, len(before), 2]], 1: [[1, 0, len(text), 2]]}
    vectors = {0: [[0.3, 0.95, 0.0], [0.2, 0.0, 0.98]], 1: [[0.7, 0.71, 0.0]]}

    def sentences(rows):
        return (np.array([s for r in rows for s in spans[r]]).reshape(-1, 4),
                np.array([v for r in rows for v in vectors[r]], dtype=np.float32).reshape(-1, 3))

    generation = SimpleNamespace(sentences=sentences, hits=lambda rows: [chunks[r] for r in rows],
                                 counts=lambda: {"chunks": 2}, document_frequency=lambda form: 1)
    result = SearchResult(question=QUESTION, hits=[chunks[1]], vector=np.array([1, 0, 0], dtype=np.float32), took_ms=0.0)
    found = candidates(result, generation, MODEL)
    assert [c.text for c in choose(result, found, MODEL)] == ["Interim arrangements added pressure.", text]


LOWER = set("inspector lead member chief constable deputy which the chairs executive director of council city".split())


@pytest.mark.parametrize("text, role, named", [
    ("Lead inspector: Teresa Godfrey, His Majesty’s Inspector", ["lead", "inspector"], True),
    ("Zoë Billingham HM Inspector of Constabulary", ["hmi"], True),  # the short form spelt by initials
    ("Lead inspector: Neil Penswick", ["lead", "member"], False),  # a name, given for another role
    ("Operation Fox, which the deputy chief constable chairs, oversees integrity.", ["chief", "constable"], False),
    ("He agreed, with the City Director (chief executive of the council), to act.", ["chief", "executive"], False),
    ("Northmoor Police has a new chief constable.", ["chief", "constable"], False),  # the body, no one in it
])
def test_a_sentence_names_someone_beside_the_role_asked_about(text, role, named):
    assert names_someone(text, role, {"northm", "polic"}, LOWER) is named


@pytest.mark.parametrize("text, named", [
    ("What percentage of 999 calls were answered within 10 seconds?", {"999", "10"}),
    ("How many care leavers over 21 had no adviser?", {"21"}),
    ("crimes per 1,000 population", {"1,000"}),
    ("List the areas for improvement in the 2018/19 report.", set()),  # a year's part is a date
    ("How much will it spend in 2025-26?", set()),
    ("How many children were looked after at 31 October 2017?", set()),  # a day of a month
])
def test_the_numbers_a_question_names_its_subject_by(text, named):
    assert named_numbers(text) == named


def test_a_when_question_is_answered_by_a_sentence_that_gives_a_time_or_by_none():
    when = replace(QUESTION, text="when are cases reviewed", expects="date")
    dated = ("Cases are reviewed within 28 days of their allocation.", 0.5)
    undated = ("Supervisors review cases with care and record what they decide.", 0.7)
    assert _quoted([("r", [dated]), ("r", [undated])], question=when) == [dated[0]]
    assert _quoted([("r", [undated])], question=when) == []
    assert _quoted([("r", [undated])]) == [undated[0]]  # a question not asking when takes it


def test_a_why_question_is_not_answered_by_a_row_of_a_table():
    text = "Overall effectiveness of the service Inadequate"
    hit = Hit(row=0, id="c0", report_id="r", kind="table", section_path=["Judgements"], text=text, page_start=1, page_end=1)
    generation = SimpleNamespace(sentences=lambda rows: (np.array([[0, 0, len(text), 1]]), np.array([[0.9, 0, 0]], dtype=np.float32)),
                                 counts=lambda: {"chunks": 1}, document_frequency=lambda form: 1)
    catalog = SimpleNamespace(name=lambda report_id: "Kent, 2023", bodies={})
    for intent, quoted in (("reason", False), ("plain", True)):
        question = replace(QUESTION, text="why was the service inadequate", intent=intent)
        result = SearchResult(question=question, hits=[hit], vector=np.array([1, 0, 0], dtype=np.float32), took_ms=0.0)
        assert (not compose(result, generation, catalog, MODEL).abstained) is quoted, intent


def test_a_short_form_is_known_by_the_words_that_introduce_it():
    text = ("The force uses domestic violence protection notices (DVPNs) and orders (DVPOs). "
            "The multi-agency safeguarding hub (MASH) meets daily.")
    hit = Hit(row=0, id="c0", report_id="r", kind="body", section_path=["Findings"], text=text, page_start=1, page_end=1)
    assert short_forms([hit]) == {"r": {"DVPNs": "domestic violence protection notices",
                                        "DVPN": "domestic violence protection notices",
                                        "MASH": "multi agency safeguarding hub"}}


@pytest.mark.parametrize("sentence, answered", [
    ("The service was last inspected in June 2012 and judged good.", False),  # past when the report was written
    ("The next inspection of the service will be within 18 months.", True),
    ("A monitoring visit to the service is planned for 2018.", True),
])
def test_a_question_of_when_something_will_happen_is_not_answered_by_a_date_already_past(sentence, answered):
    hit = Hit(row=0, id="c0", report_id="r", kind="body", section_path=["Next steps"], text=sentence, page_start=1,
              page_end=1)
    generation = SimpleNamespace(
        sentences=lambda rows: (np.array([[0, 0, len(sentence), 1]]), np.array([[0.9, 0, 0]], dtype=np.float32)),
        counts=lambda: {"chunks": 1}, document_frequency=lambda form: 1)
    catalog = SimpleNamespace(name=lambda report_id: "Kent, 2017", bodies={},
                              by_id={"r": SimpleNamespace(year="2017")})
    question = replace(QUESTION, text="when will the service next be inspected", expects="date", ahead=True)
    result = SearchResult(question=question, hits=[hit], vector=np.array([1, 0, 0], dtype=np.float32), took_ms=0.0)
    reply = compose(result, generation, catalog, MODEL)
    assert reply.abstained is not answered
    if not answered:
        assert reply.reason == "the reports found give no date still to come for this"
