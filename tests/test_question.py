"""The question parsed once: the bodies and years it names become filters, failing closed, and a
name no report prints is kept so the answer can say the index holds nothing on it."""

from __future__ import annotations

import pytest

from index.model import Filters, Report
from index.question import Catalog, parse

BODIES = [("Kent Police", "police force", "peel", "2021/22"),
          ("Kent Fire and Rescue Service", "fire and rescue service", "generic", "2022"),
          ("Kent County Council", "local authority", "ofsted", "2023"),
          ("Cheshire East local authority", "local authority", "ofsted", "2024")]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    reports = [Report(id=str(n), title=name, force=name if family == "peel" else None, year=year, pages=10,
                      sha256=f"{n:064d}", source="", filename="", organisation=name, organisation_type=kind,
                      family=family) for n, (name, kind, family, year) in enumerate(BODIES)]
    return Catalog(reports, frozenset({"vetting", "care", "leavers", "kent", "cheshire", "east", "inspection"}))


@pytest.mark.parametrize("name, ids", [
    ("Kent", ["0", "1", "2"]),  # a place names every body there
    ("kent police", ["0"]),  # a kind of body narrows it
    ("Kent Fire and Rescue Service", ["1"]),
    ("Kent County Council", ["2"]),
    ("Cheshire East", ["3"]),
    ("Atlantis", []),  # fails closed
])
def test_question_organisation_filters(catalog, name, ids):
    assert catalog.report_ids(Filters({"organisation": [name]})) == ids


@pytest.mark.parametrize("text, bodies, year", [
    ("How did Kent Police do on vetting?", ["Kent Police"], None),
    ("What did Kent fire and rescue service get in 2022?", ["Kent Fire and Rescue Service"], ["2022"]),
    ("care leavers grade cheshire east?", ["Cheshire East local authority"], None),
    # A year the body was not inspected in is the earlier inspection the question looks back to.
    ("Did Cheshire East fix the problems found at its 2019 inspection?", ["Cheshire East local authority"], None),
])
def test_question_scope_from_its_words(catalog, text, bodies, year):
    question = parse(text, Filters(), catalog)
    assert question.filters.values.get("organisation") == bodies
    assert question.filters.values.get("year") == year
    assert not any(b.lower() in question.search_text.lower() for b in bodies)


def test_question_explicit_filters_win(catalog):
    question = parse("How did Kent Police do on vetting?", Filters({"organisation": ["Cheshire East"]}), catalog)
    assert question.filters.values == {"organisation": ["Cheshire East"]}


def test_question_names_no_report_prints_are_kept(catalog):
    assert "bradford" in parse("What did inspectors find in Bradford's care leavers service?", Filters(), catalog).named
    assert parse("How are care leavers supported in Cheshire East?", Filters(), catalog).named == {"cheshire east"}
    # Only names inside a sentence: a capital that opens one is not taken for a name.
    assert not parse("Supervision of care leavers?", Filters(), catalog).named


def test_question_grade_area_is_neither_the_grade_nor_the_inspections(catalog):
    question = parse("In which inspections were services for care leavers graded inadequate?", Filters(), catalog)
    assert question.intent == "grade" and question.grades == ["Inadequate"]
    assert question.areas == ["services care leavers"]


@pytest.mark.parametrize("text, titles", [
    ("What grade did Kent County Council's Local Safeguarding Children Board get?",
     ["Local Safeguarding Children Board"]),
    ("Had Cheshire East adopted Signs of Safety?", ["Signs of Safety"]),  # an organisation is no title
    ("How were services for Care Leavers in Kent judged?", ["Care Leavers"]),
    ("How was Vetting graded in Kent?", []),  # one capitalised word is no title
])
def test_question_titles_are_capitalised_names_of_no_organisation(catalog, text, titles):
    assert parse(text, Filters(), catalog).titles == titles
