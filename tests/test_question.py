"""The question parsed once: the bodies and years it names become filters, failing closed, and a
name no report prints is kept so the answer can say the index holds nothing on it."""

from __future__ import annotations

import pytest

from index.catalog import Catalog
from index.model import Filters, Report
from index.profiles import PROFILES
from index.question import other_parts, parse, terms

BODIES = [("Kent Police", "police force", "peel", "2021/22"),
          ("Kent Fire and Rescue Service", "fire and rescue service", "generic", "2022"),
          ("Kent County Council", "local authority", "ofsted", "2023"),
          ("Cheshire East local authority", "local authority", "ofsted", "2024")]


GRADES = {grade for profile in PROFILES for grade in profile.grades.values()}


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


@pytest.mark.parametrize("text, searched", [
    ("How did Kent Police do on vetting?", "How did do on vetting?"),
    ("How many care leavers is the Cheshire East local authority supporting?", "How many care leavers is supporting?"),
    ("Vetting backlog in Kent Police?", "Vetting backlog?"),
])
def test_question_scope_leaves_no_words_that_tied_its_name_in(catalog, text, searched):
    # "in", "the" and a stray space before "?" left behind move the question's vector off its topic.
    assert parse(text, Filters(), catalog).search_text == searched


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


@pytest.mark.parametrize("text, areas", [
    ("What grades did Kent Police get?", []),
    ("What grade did Kent Police get for vetting, and how were the other three areas graded?", []),
    ("What grade did Kent Police get for vetting, and what were the other judgements?", []),
    ("What grade did Kent Police get for vetting, and why?", ["vetting"]),  # a part that asks no grade
    ("What grade did Kent County Council get for adoption and for care leavers?", ["adoption", "care leavers"]),
])
def test_question_a_grade_part_that_names_no_area_asks_for_every_one(catalog, text, areas):
    question = parse(text, Filters(), catalog)
    assert question.intent == "grade" and question.areas == areas


@pytest.mark.parametrize("text, grades", [
    ("Which of Kent County Council's judgements was not outstanding?", sorted(GRADES - {"Outstanding"})),
    ("Which area was graded good rather than outstanding?", ["Good"]),
    ("Which of Kent Police's judgements were not good?", sorted(GRADES - {"Good"})),  # "good" ruled out is a grade
    ("Which of Kent Police's judgements weren't good?", sorted(GRADES - {"Good"})),
    ("Which areas weren't graded inadequate or outstanding?", sorted(GRADES - {"Inadequate", "Outstanding"})),
])
def test_question_a_grade_ruled_out_stands_for_every_other(catalog, text, grades):
    assert sorted(parse(text, Filters(), catalog).grades) == sorted(grades)


@pytest.mark.parametrize("text, titles", [
    ("What grade did Kent County Council's Local Safeguarding Children Board get?",
     ["Local Safeguarding Children Board"]),
    ("Had Cheshire East adopted Signs of Safety?", ["Signs of Safety"]),  # an organisation is no title
    ("How were services for Care Leavers in Kent judged?", ["Care Leavers"]),
    ("How was Vetting graded in Kent?", []),  # one capitalised word is no title
])
def test_question_titles_are_capitalised_names_of_no_organisation(catalog, text, titles):
    assert parse(text, Filters(), catalog).titles == titles


@pytest.mark.parametrize("text, kind, topic, broad", [
    ("Which recommendations about vetting did HMICFRS make to Kent Police?", "recommendation", "vetting", False),
    ("Which areas for improvement relating to care leavers were raised?", "area_for_improvement", "care leavers", False),
    # Asked in plain words, not by a label: every kind of item to improve, on the verb's object.
    ("Which councils were told to improve social workers' supervision?", "area_for_improvement",
     "social workers' supervision", True),
    ("What does Cheshire East need to improve about care leavers in Kent?", "area_for_improvement", "care leavers", True),
    # No subject: the verb's object is only scope, or the words after the kind start a clause.
    ("What did Kent County Council need to improve in Kent?", "area_for_improvement", None, True),
    ("which areas for improvement were carried from 2017", "area_for_improvement", None, False),
    ("What causes of concern did HMICFRS raise?", "cause_of_concern", None, False),
    # When the list was made is no subject of it.
    ("What did Kent County Council need to improve after its 2023 inspection?", "area_for_improvement", None, True),
    # Whose word it is, or which inspection said it, is no subject either.
    ("What does Kent County Council need to improve according to the 2023 inspection?", "area_for_improvement",
     None, True),
    ("What did Kent County Council need to improve in its latest inspection?", "area_for_improvement", None, True),
    ("What does Kent County Council need to improve about fostering in the 2023 report?", "area_for_improvement",
     "fostering", True),
])
def test_question_listing_subject(catalog, text, kind, topic, broad):
    listing = parse(text, Filters(), catalog).listing
    assert (listing.kind, listing.topic, listing.broad) == (kind, topic, broad)


@pytest.mark.parametrize("text, focus", [
    ("What are the four cornerstones of the strategy?", ["four", "cornerstones"]),
    ("What are the four cornerstones behind Kent's strategy?", ["four", "cornerstones"]),
    ("What are the four cornerstones in Kent's strategy?", ["four", "cornerstones"]),  # not "cornerstones strategy"
    ("What are the short films Kent Police made about vulnerability called?", ["short", "films"]),  # not "made"
    ("What is Kent's budget for 2025?", ["budget"]),
    ("What is the model underpinning practice?", ["model", "underpinning", "practice"]),
    ("Who is the director of children's services?", ["director"]),
])
def test_question_focus_is_the_thing_asked_for_up_to_its_preposition(catalog, text, focus):
    assert parse(text, Filters(), catalog).focus == focus


def test_question_a_report_named_by_the_year_it_was_published_is_that_inspections(catalog):
    published = Catalog([r if r.id != "2" else Report(**{**r.__dict__, "published": "10 January 2024"})
                         for r in catalog.reports], catalog.words)
    question = parse("What did Kent County Council need to improve in its 2024 report?", Filters(), published)
    assert question.filters.values["year"] == ["2023"] and not question.unindexed_years
    assert "2024" not in question.search_text
    graded = parse("What grades did Kent County Council get in its 2024 report?", Filters(), published)
    assert graded.intent == "grade" and graded.areas == [] and graded.filters.values["year"] == ["2023"]
    # A year some report of the body was inspected in is that year; another body's year is still a year.
    assert parse("What did Cheshire East need to improve in 2024?", Filters(), published).filters.values["year"] == ["2024"]
    assert parse("Kent Police vetting in 2024?", Filters(), published).filters.values["year"] == ["2024"]
    assert parse("What did Kent County Council need to improve in 2024?", Filters(), catalog).filters.values["year"] == ["2024"]


def test_question_an_earlier_visit_a_report_tells_of_is_no_report_year(catalog):
    # Kent Fire and Rescue's 2022 report is not what a 2023 report on Kent County Council tells of.
    question = parse("Had Kent County Council acted on what was found at the 2022 focused visit?", Filters(), catalog)
    assert "year" not in question.filters.values
    assert parse("What did Kent County Council's 2023 inspection find?", Filters(), catalog).filters.values["year"] == ["2023"]


def test_question_the_outcome_and_the_areas_named_beside_it(catalog):
    for text in ("How was Kent County Council judged in 2023 - overall, and for children in care?",
                 "What grade did Kent County Council get overall and for children in care?"):
        question = parse(text, Filters(), catalog)
        assert question.outcome and question.areas == ["children care"], text
    assert parse("What grade did Kent County Council get overall?", Filters(), catalog).areas == []


def test_question_why_a_number_of_things_is_not_a_figure(catalog):
    question = parse("Why were a small number of children in Kent placed out of area?", Filters(), catalog)
    assert question.intent == "reason" and not question.figure and not any(p.figure for p in question.parts)
    assert parse("Why did it happen, and how many children in Kent were placed out of area?", Filters(),
                 catalog).parts[-1].figure


@pytest.mark.parametrize("text, looks_back", [
    ("Did Cheshire East fix the problems found at its 2019 inspection?", True),  # its only report is of 2024
    ("What did the inspection in 2019 find in Cheshire East?", True),
    ("What did Cheshire East's 2024 inspection find about care leavers?", False),
    ("Did Kent fix the problems found at its 2022 inspection?", False),  # Kent has reports of 2021/22 to 2023
    ("Did Atlantis fix the problems found at its 2019 inspection?", False),  # no report held on it
])
def test_question_an_inspection_before_every_report_held_looks_back(catalog, text, looks_back):
    assert parse(text, Filters(), catalog).looks_back is looks_back


@pytest.mark.parametrize("text, expects, focus", [
    ("Who is the chief executive of Kent County Council?", "name", ["chief", "executive"]),
    ("What is the name of Kent's director of children's services?", "name", ["director", "children", "services"]),
    ("Which HMI signed the report?", "name", ["hmi"]),
    ("Who is the HM Inspector who wrote the observations?", "name", ["hm", "inspector"]),
    ("Who is responsible for health services in Kent?", None, ["responsible"]),
    ("Who led the inspection of Kent?", None, []),
    ("Who was the lead inspector (2023)?", "name", ["lead", "inspector"]),  # the year is not the role
    ("Which forces does Kent Police share its armed policing with?", "body", ["forces"]),  # bodies, by name
])
def test_question_asking_for_someone_by_name_and_the_role(catalog, text, expects, focus):
    question = parse(text, Filters(), catalog)
    assert (question.expects, question.focus) == (expects, focus)


@pytest.mark.parametrize("text, focus", [
    ("What is working well in Kent County Council?", []),  # what is going on, no thing named
    ("What was holding up health assessments in Kent?", []),
    ("What's the agency social worker rate in Kent?", ["agency", "social", "worker"]),  # the rate is the figure
    ("What is the funding gap in Kent?", ["funding", "gap"]),
    ("What is working well according to the 2023 inspection?", []),
])
def test_question_focus_is_the_thing_a_what_is_question_names(catalog, text, focus):
    assert parse(text, Filters(), catalog).focus == focus


def test_question_an_aside_in_brackets_is_no_subject_of_a_list(catalog):
    listing = parse("List the things Kent County Council needs to improve (2023 inspection).", Filters(), catalog).listing
    assert listing is not None and listing.topic is None and listing.broad


def test_question_a_capitalised_word_that_describes_is_no_body_asked_about(catalog):
    assert parse("Why do some Cornish children wait for a school place?", Filters(), catalog).named == set()
    assert parse("Why did Bradford children wait for a school place?", Filters(), catalog).named == {"bradford"}


def test_question_a_percent_sign_asks_for_a_figure(catalog):
    assert parse("crime bureau caseload and % passed to the NIU", Filters(), catalog).figure
    assert not parse("crime bureau caseload and cases passed to the NIU", Filters(), catalog).figure
    assert parse("crimes per 1,000 population in Kent", Filters(), catalog).figure  # a rate
    assert not parse("what did Kent do per the plan?", Filters(), catalog).figure


def test_question_what_was_recommended_lists_the_recommendations(catalog):
    listing = parse("What did Ofsted recommend Cheshire East do next?", Filters(), catalog).listing
    assert listing is not None and listing.kind == "recommendation"


def test_question_still_needing_to_improve_in_the_reports_own_year_is_no_carried_item(catalog):
    listing = parse("What is still needing to improve in Cheshire East in 2024?", Filters(), catalog).listing
    assert listing is not None and listing.kind == "area_for_improvement"
    assert (listing.carried_from, listing.years) == (None, ["2024"])
    earlier = parse("What is still needing to improve in Cheshire East from 2019?", Filters(), catalog).listing
    assert earlier.carried_from == "2019"


def test_question_a_rate_at_a_body_is_a_figure(catalog):
    assert parse("What's the agency staff rate at Cheshire East?", Filters(), catalog).figure


@pytest.fixture
def shires() -> Catalog:
    bodies = [("Hertfordshire Local Area Partnership", "2023"), ("Stoke-on-Trent City Council", "2019"),
              ("North Lincolnshire Council", "2017"), ("Medway Council", "2013")]
    reports = [Report(id=str(n), title=name, force=None, year=year, pages=10, sha256=f"{n:064d}", source="",
                      filename="", organisation=name, organisation_type="local authority", family="ofsted")
               for n, (name, year) in enumerate(bodies)]
    return Catalog(reports, frozenset({"send", "care"}))


@pytest.mark.parametrize("text, body", [
    ("herts EHCPs - any good?", "Hertfordshire Local Area Partnership"),
    ("north lincs adoption judgement", "North Lincolnshire Council"),
    ("did stoke do what it was told?", "Stoke-on-Trent City Council"),
    ("stoke on trent - kids in care?", "Stoke-on-Trent City Council"),
    ("meds for children in care", None),  # a short form only of a county's name
])
def test_question_a_body_named_as_people_shorten_it(shires, text, body):
    assert parse(text, Filters(), shires).filters.values.get("organisation") == ([body] if body else None)


def test_question_a_year_before_every_report_on_the_body_is_what_a_later_one_tells_of(shires):
    question = parse("Stoke was told in 2015 to improve supervision - has it done it?", Filters(), shires)
    assert "year" not in question.filters.values and question.unindexed_years == []
    assert parse("What did Stoke plan for 2031?", Filters(), shires).unindexed_years == ["2031"]


def test_question_last_time_looks_back(catalog):
    assert parse("what did Cheshire East get last time?", Filters(), catalog).looks_back


@pytest.mark.parametrize("text, carried_from", [
    ("cheshire east - list of things to improve", None),
    ("cheshire east - what do they still need to work on?", None),  # what is still needed is its own list
    ("The 2019 inspection raised priority actions for Cheshire East - what were they about?", "2019"),
])
def test_question_a_list_asked_after_its_topic(catalog, text, carried_from):
    listing = parse(text, Filters(), catalog).listing
    assert listing is not None and listing.carried_from == carried_from


def test_question_a_shortened_body_name_is_scope_not_search_words(shires):
    assert "herts" not in parse("herts EHCPs - any good?", Filters(), shires).terms
    assert parse("stoke on trent - kids in care?", Filters(), shires).terms == ["kids", "care"]


def test_question_a_negative_contraction_is_no_search_word():
    assert terms("Why doesn't Slough have a MASH, and why hadn’t leaders acted?") == ["slough", "mash", "leaders", "acted"]


def test_question_a_span_of_years_names_a_report_of_either_year(catalog):
    question = parse("What was the verdict on Kent County Council in 2023/24?", Filters(), catalog)
    assert question.filters.values["year"] == ["2023"] and not question.unindexed_years
    assert parse("What was the verdict on Kent County Council in 2030/31?", Filters(), catalog).unindexed_years == ["2030/31"]


def test_question_a_grade_question_asking_someone_too_asks_it_as_a_part_of_its_own(catalog):
    question = parse("What grade did Kent County Council get for care leavers, and who was the lead inspector?",
                     Filters(), catalog)
    assert question.intent == "grade" and question.areas == ["care leavers"]
    rest = other_parts(question)
    assert [p.text for p in rest.parts] == ["who was the lead inspector"]
    assert (rest.intent, rest.expects, rest.focus, rest.filters) == ("plain", "name", ["lead", "inspector"], question.filters)
    assert other_parts(parse("What grade did Kent County Council get for care leavers?", Filters(), catalog)) is None
    assert other_parts(parse("How many care leavers does Kent have, and who leads them?", Filters(), catalog)) is None


def test_question_what_it_takes_as_given_is_a_part_of_its_own(catalog):
    question = parse("Kent County Council has no children in care – so what grade did it get for care leavers?",
                     Filters(), catalog)
    assert [(p.text, p.asks) for p in question.parts] == [("has no children in care", "claim"),
                                                          ("so what grade did it get for care leavers", None)]
    assert question.areas == ["care leavers"] and [p.asks for p in other_parts(question).parts] == ["claim"]
    # A topic that names what the question is about says nothing of it; one that asks is no claim.
    assert [p.asks for p in parse("crime bureau - how many cases does it handle?", Filters(), catalog).parts] == ["number"]
    assert "claim" not in [p.asks for p in parse("Is gossip a problem in Kent – are staff careless with records?",
                                                 Filters(), catalog).parts]


def test_question_the_programme_inspected_under_is_no_area_graded(catalog):
    assert parse("What grade did Kent Police get for effectiveness in the 2021/22 PEEL inspection?", Filters(),
                 catalog).areas == ["effectiveness"]
    assert parse("What was Kent County Council's ILACS grade for care leavers?", Filters(), catalog).areas == ["care leavers"]


def test_question_the_reports_held_named_as_a_library_are_what_it_asks_across(catalog):
    question = parse("Which inspections in the library were led by Jane Smith?", Filters(), catalog)
    assert question.text == "Which inspections in the library were led by Jane Smith?"  # as asked
    assert question.focus == ["inspections"] and "library" not in question.terms
    assert "collection" not in parse("Which councils in the collection were judged inadequate overall?", Filters(),
                                     catalog).search_text


def test_question_a_part_that_points_back_speaks_of_what_the_part_before_named(catalog):
    parts = parse("Up to what age does the care leaver offer go, and what perks does it include?", Filters(), catalog).parts
    assert parts[1].text == "what perks does it include (age care leaver offer go)"
    parts = parse("How many foster carers were approved and what share of children have a plan?", Filters(), catalog).parts
    assert parts[1].text == "what share of children have a plan"  # names its own subject


def test_question_a_verdict_asked_beside_someone_is_a_grade_and_its_own_part(catalog):
    question = parse("Who was the lead inspector for Kent County Council (2023/24) and what was the verdict on its LSCB?",
                     Filters(), catalog)
    assert "/24" not in question.search_text and question.filters.values["year"] == ["2023"]
    assert question.intent == "grade" and question.areas == ["lscb"]  # "its" is the council's, not the inspector's
    assert other_parts(question).expects == "name"


@pytest.mark.parametrize("text, ahead", [
    ("When will Ofsted next inspect Kent County Council?", True),
    ("When is Kent's new case recording system due?", True),
    ("When was Kent County Council last inspected?", False),
])
def test_question_asking_when_something_is_yet_to_happen(catalog, text, ahead):
    question = parse(text, Filters(), catalog)
    assert (question.expects, question.ahead) == ("date", ahead)


def test_question_a_when_clause_that_sets_the_scene_asks_no_date(catalog):
    question = parse("When the inspectors checked Kent's case files, how many were good?", Filters(), catalog)
    assert question.expects == "number" and [p.asks for p in question.parts] == [None, "number"]
