"""Answers that state the facts asked for, and nothing else: grade lines for the area asked,
complete lists by kind, each part of a question, several reports grouped and named, honest
abstention, follow-ups that say what they assumed, and quotes over a page break."""

import re

import pytest

from index.engine import Engine
from index.model import Filters, Finding, FindingQuery
from index.search import _merge, _names_pillar

from .conftest import assert_api_error


@pytest.fixture(scope="module")
def engine(hash_index):
    return Engine(hash_index)


def lines(text: str) -> list[str]:
    return text.splitlines()


def test_answer_grade_of_each_force_is_one_line_per_force_for_the_area_asked(engine):
    reply, _ = engine.ask("what grade did each force get for efficiency?")
    assert reply.mode == "findings" and not reply.abstained
    head, *body = lines(reply.text)
    assert head == "Graded judgments in 6 reports:"
    assert [line.split(" – ")[0] for line in body] == ["Brackenshire Police", "Northmoor Police",
                                                      "Severn Vale Constabulary"]
    assert all(line.split(" – ")[1].startswith("Efficiency: ") for line in body)
    assert not re.search(r"Legitimacy|Effectiveness|Investigating|Armed", reply.text)
    # Each body's line gives each report's grade and the year it was last inspected.
    assert body[0] == ("Brackenshire Police – Efficiency: Requires improvement, last inspected 2018/19 "
                       "(2018/19 report, p. 14) [1]; Good, last inspected 2017 (2017 report, p. 14) [2]")
    # A grade line cites the judgment record's own page and words.
    assert [(c.page, c.quote) for c in reply.citations][:2] == [
        (14, "How efficiently does the force operate and how sustainable are its services?")] * 2


def test_answer_grade_question_naming_no_area_gives_every_graded_area(engine):
    reply, result = engine.ask("What grades did Northmoor get in 2018/19?")
    judgments = engine.findings(FindingQuery(kind=["judgment"]), result.question.filters)
    head, *body = lines(reply.text)
    assert reply.mode == "findings" and head == "Graded judgments (Northmoor Police, 2018/19):"
    assert len(body) == len({f.text for f in judgments}) > 3
    # A part asking for the grades of areas it does not name asks for every one.
    other, _ = engine.ask("What grade did Northmoor get for efficiency in 2018/19, and how were the other areas graded?")
    assert lines(other.text) == lines(reply.text)


def test_answer_grade_of_one_area_is_one_line(engine):
    reply, _ = engine.ask("Was armed policing given a grade in Severn Vale's 2017 report?")
    assert lines(reply.text) == ["Graded judgments (Severn Vale Constabulary, 2017):",
                                 "Armed policing: Ungraded, last inspected 2017 (p. 4) [1]"]


def test_answer_lists_every_item_whole_and_under_its_own_kind(engine):
    reply, result = engine.ask("Which areas for improvement did Northmoor get in 2018/19?")
    assert reply.mode == "findings" and reply.completeness
    head, *entries = lines(reply.text)
    assert head == f"{len(result.items)} areas for improvement (Northmoor Police, 2018/19):"
    assert len(entries) == len(result.items) >= 2
    for entry in entries:
        text = re.sub(r"^\d+\. ", "", entry).split(" (p. ")[0]
        assert text[0].isupper() and text.rstrip()[-1] in ".!?", entry  # whole sentences


def test_answer_says_none_when_no_report_searched_has_the_kind(engine):
    reply, _ = engine.ask("What causes of concern did HMICFRS raise about Northmoor?")
    assert reply.abstained and reply.mode == "findings" and reply.text is None
    assert reply.reason == "no causes of concern are among the findings of the 2 reports searched"
    assert "not a top-k sample" in reply.completeness


@pytest.mark.parametrize("question, reason", [
    ("what is the chief constable's salary?", "say nothing about the chief constable salary"),
    ("What is Northmoor's budget for 2031?", "no report of 2031 is indexed"),
    ("What percentage of 999 calls did Kent Police answer within 10 seconds?", "no report on Kent"),
])
def test_answer_abstains_and_says_why(engine, question, reason):
    reply, _ = engine.ask(question)
    assert reply.abstained and reply.text is None and reply.citations == []
    assert reason in reply.reason


def test_answer_from_several_reports_is_grouped_by_report_each_named(engine, hash_index):
    reply, _ = engine.ask("vetting backlog?")
    head, *groups = lines(reply.text)
    cited = list(dict.fromkeys(c.hit.report_id for c in reply.citations))
    assert head == f"From {len(cited)} reports:" and len(cited) > 1
    catalog = engine.catalog
    assert [g.split(": ")[0] for g in groups] == [catalog.name(r) for r in cited]
    for group, report_id in zip(groups, cited):
        marks = [int(n) for n in re.findall(r"\[(\d+)\]", group)]
        assert {reply.citations[n - 1].hit.report_id for n in marks} == {report_id}


def test_answer_from_one_report_leads_with_its_name(engine):
    reply, _ = engine.ask("Does Northmoor have a crime management unit?")
    head, said = lines(reply.text)
    assert head == "From Northmoor Police, 2018/19:"
    assert said == " ".join(f"{c.quote} [{c.n}]" for c in reply.citations)


def test_answer_citation_over_a_page_break_opens_where_the_quote_starts(engine):
    reply, _ = engine.ask("Does Northmoor have a crime management unit?")
    cite = reply.citations[0]
    assert cite.quote.startswith("The force has introduced a crime management unit")
    assert (cite.page, cite.page_end) == (8, 9)


def test_answer_follow_ups_inherit_what_they_do_not_name(client):
    def ask(question, history=()):
        body = client.post("/api/ask", json={"question": question, "history": [
            {"question": q, "answer": None} for q in history]}).get_json()
        return body

    first = ask("What grade did Northmoor get for efficiency?")
    assert first["assumed"] == {} and "2017" in first["answer"] and "2018/19" in first["answer"]
    year = ask("and in 2017?", ["What grade did Northmoor get for efficiency?"])
    assert year["assumed"] == {"organisation": ["Northmoor Police"], "area": ["efficiency"]}
    assert lines(year["answer"]) == ["Graded judgments (Northmoor Police, 2017):",
                                     "Efficiency: Good, last inspected 2017 (p. 15) [1]"]
    body = ask("what about Severn Vale?", ["What grade did Northmoor get for efficiency?", "and in 2017?"])
    assert body["assumed"] == {"year": ["2017"], "area": ["efficiency"]}
    assert body["answer"].startswith("Graded judgments (Severn Vale Constabulary, 2017):")
    area = ask("and for armed policing?", ["What grade did Northmoor get for efficiency?"])
    assert area["assumed"] == {"organisation": ["Northmoor Police"]}
    assert re.findall(r"^Northmoor Police – (\w[\w ]+):", area["answer"], re.M) == ["Armed policing"]
    # A question about every body takes none from the one before.
    every = ask("what grade did each force get for efficiency?", ["What grade did Northmoor get for efficiency?"])
    assert every["assumed"] == {} and "Severn Vale" in every["answer"]


@pytest.mark.parametrize("history", [
    "not a list", [{"answer": "x"}], [{"question": ""}], [{"question": "q", "extra": 1}],
    [{"question": "q"}] * 21, [{"question": "q", "answer": 3}],
])
def test_answer_history_is_validated(client, history):
    assert_api_error(client.post("/api/ask", json={"question": "vetting", "history": history}), 422,
                     "invalid_request")


@pytest.mark.model
def test_model_answer_gives_both_halves_of_a_figure(real_index):
    reply, _ = Engine(real_index).ask("how many case files did the inspectors review and how many were good?")
    assert [c.quote for c in reply.citations] == [
        "As part of this inspection, we reviewed 60 files from recent investigations.",
        "We found the standard was good in 52 of them."]


@pytest.mark.model
@pytest.mark.parametrize("question, expected", [
    ("what grade did the force get for legitimacy?",
     ["Graded judgments (Leicestershire Police, 2018/19):", "Legitimacy: Good, last inspected 2018/19 (p. 35) [1]"]),
    ("Was armed policing given a grade this time?",
     ["Graded judgments (Leicestershire Police, 2018/19):", "Armed policing: Ungraded, last inspected 2018/19 (p. 5) [1]"]),
    # A grade named in a yes/no question is answered by the area's own grade.
    ("Was the force rated outstanding for legitimacy?",
     ["Graded judgments (Leicestershire Police, 2018/19):", "Legitimacy: Good, last inspected 2018/19 (p. 35) [1]"]),
])
def test_model_answer_grade_lines_on_the_real_report(real_index, question, expected):
    reply, _ = Engine(real_index).ask(question)
    assert lines(reply.text) == expected


@pytest.mark.model
@pytest.mark.parametrize("question, reason", [
    ("what causes of concern did HMICFRS raise?", "no causes of concern are among the findings"),
    ("what is the chief constable's salary?", "say nothing about the chief constable salary"),
    ("what is the force's budget for 2025?", "no report of 2025 is indexed"),
    ("Who is the chief constable of Leicestershire?", "the reports found name no chief constable"),
    # A figure for telephone calls in general is not the one a question about 999 calls asks for.
    ("How many 999 calls did Leicestershire Police receive?", "no sentence found that gives a figure speaks of 999"),
])
def test_model_answer_abstains_on_the_real_report(real_index, question, reason):
    reply, _ = Engine(real_index).ask(question)
    assert reply.abstained and reason in reply.reason


@pytest.mark.model
def test_model_answer_carried_items_labelled_by_kind(real_index):
    reply, _ = Engine(real_index).ask("which areas for improvement were carried from 2017")
    head, *rest = lines(reply.text)
    assert head == "7 areas for improvement and 1 recommendation first raised in 2017 (Leicestershire Police, 2018/19):"
    assert rest[0] == "Areas for improvement:" and rest[8] == "Recommendation:"
    assert all(re.match(r"\d+\. [A-Z]", entry) for entry in rest if entry[0].isdigit()), rest


@pytest.mark.model
def test_model_explorer_counts_each_carried_item_once_as_the_chat_does(real_index):
    """A box and the prose that revisits its item are one finding: the explorer's records of
    items carried from 2017 are the chat's list, one each, the box's record keeping the prose's
    history (its evidence sentence and verdict)."""
    engine = Engine(real_index)
    records = engine.findings(FindingQuery(kind=["area_for_improvement", "recommendation"], carried_from=["2017"]),
                              Filters())
    _, result = engine.ask("which areas for improvement were carried from 2017")
    assert sorted(r.id for r in records) == sorted(i.finding.id for i in result.items) and len(records) == 8
    boxed = [r for r in records if r.source == "box"]
    assert boxed and all(r.evidence and r.progress and r.mentions for r in boxed)


@pytest.mark.model
def test_model_answer_vetting_backlog_names_each_report_and_its_figure(corpus_index):
    reply, _ = Engine(corpus_index).ask("vetting backlog?")
    assert reply.text.startswith("From ") and "349 members of the workforce" in reply.text
    named = re.findall(r"^(\w[\w ]+), (?:2017|2018/19):", reply.text, re.M)
    assert len(named) == len({c.hit.report_id for c in reply.citations}) >= 2
    markers = [int(n) for n in re.findall(r"\[(\d+)\]", reply.text)]
    assert markers == list(range(1, len(reply.citations) + 1))  # numbered in the order they are read


def test_answer_grade_of_an_area_named_by_title_is_of_that_area_only(engine):
    reply, _ = engine.ask("Was Armed Policing given a grade in Severn Vale's 2017 report?")
    assert lines(reply.text)[1:] == ["Armed policing: Ungraded, last inspected 2017 (p. 4) [1]"]
    # A title no graded area uses all the words of is not graded, though "armed policing" is.
    reply, _ = engine.ask("Was the Armed Policing Review Board given a grade in Severn Vale's 2017 report?")
    assert "Armed policing: Ungraded" not in (reply.text or "")


def test_answer_list_on_a_subject_holds_only_the_items_on_it(engine):
    reply, _ = engine.ask("Which areas for improvement about safeguarding referrals did Northmoor get?")
    assert lines(reply.text) == [
        "2 areas for improvement on safeguarding referrals in 2 reports:",
        "Northmoor Police, 2017, area for improvement:",
        "1. The force should ensure that safeguarding referrals made by frontline officers are reviewed and acted on "
        "within a timescale that reflects the level of risk. (p. 11) [1]",
        "Northmoor Police, 2018/19, area for improvement:",
        "1. The force should make sure that safeguarding referrals from frontline officers are assessed promptly and "
        "that the action taken reflects the level of risk. (p. 11; raised in 2017; limited progress) [2] [3]"]
    reply, _ = engine.ask("Which areas for improvement relating to horses did Northmoor get?")
    assert reply.abstained and reply.reason == (
        "no areas for improvement on horses are among the findings of the 2 reports searched")


def test_answer_told_to_improve_lists_each_body_with_its_items_on_the_subject(engine):
    reply, _ = engine.ask("Which forces were told to improve vetting?")
    head, *rest = lines(reply.text)
    assert head == "3 areas for improvement on vetting in 3 reports:"
    assert [line for line in rest if not line[0].isdigit()] == [
        "Northmoor Police, 2017, area for improvement:", "Severn Vale Constabulary, 2017, area for improvement:",
        "Westmarch Police, 2017, area for improvement:"]
    assert all("vett" in line for line in rest if line[0].isdigit())


def test_answer_told_to_improve_is_every_kind_of_item_to_improve(engine):
    told, _ = engine.ask("What was Severn Vale told to improve?")
    labelled, _ = engine.ask("Which areas for improvement did Severn Vale get?")
    groups = [line for line in lines(told.text)[1:] if not line[0].isdigit()]
    assert groups == ["Severn Vale Constabulary, 2017, areas for improvement:",
                      "Severn Vale Constabulary, 2017, cause of concern:",
                      "Severn Vale Constabulary, 2017, recommendations:",
                      "Severn Vale Constabulary, 2018/19, areas for improvement:"]
    assert [line for line in lines(labelled.text)[1:] if not line[0].isdigit()] == [groups[0], groups[3]]


LOOKED_BACK = ["ofsted-sifreinspection-doncaster-2018.pdf", "ofsted-ilacs-sunderland-2021.pdf",
               "ofsted-ilacs2026-south-tyneside-2026.pdf", "ofsted-sif-wirral-2016.pdf",
               "ofsted-ilacsshort-isles-of-scilly-2023.pdf", "ofstedcqc-send-rotherham-2024.pdf"]


@pytest.fixture(scope="module")
def looked_back(shared, tmp_path_factory) -> Engine:
    """Real Ofsted reports that each say how the inspection before judged the council."""
    from index.engine import ingest_files

    root = tmp_path_factory.mktemp("looked-back")
    results = ingest_files([shared / "corpus" / "real" / name for name in LOOKED_BACK], root, embedder="hash")
    assert [r.status for r in results] == ["ok"] * len(LOOKED_BACK)
    return Engine(root)


def test_answer_looking_back_gives_each_reports_account_and_search_finds_it(looked_back):
    question = "Which councils had been judged inadequate at their previous inspection?"
    reply, result = looked_back.ask(question)
    head, *rest = lines(reply.text)
    assert head == "The inspection before, as 3 reports say:"
    assert [line.split(",")[0] for line in rest] == ["Doncaster Metropolitan Borough Council", "South Tyneside local authority",
                                                     "Sunderland City Council"]
    assert all("inadequate" in line.lower() for line in rest)  # Wirral's was judged good
    # Search brings the passages holding those accounts to the top, for /api/search too.
    top = {h.id for h in looked_back.search(question, 5).hits}
    assert {c.hit.id for c in reply.citations} <= top


def test_answer_grade_overall_and_for_another_area_gives_both(looked_back):
    reply, _ = looked_back.ask("What grade did Isles of Scilly get overall and for children in care?")
    assert [line.split(":")[0] for line in lines(reply.text)[1:]] == [
        "The experiences and progress of children in care", "Overall effectiveness"]


def test_answer_looking_back_quotes_the_account_as_far_as_it_goes(looked_back):
    reply, _ = looked_back.ask("How was Doncaster judged at its previous inspection?")
    quotes = [c.quote.strip() for c in reply.citations]
    # (The report prints a Wingdings bullet, a private-use code point, before it: no text, so not quoted.)
    assert quotes[0].startswith("The previous inspection of the local authority’s services") and "inadequate" in quotes[0]
    # The next sentences carry the account on: the other services' judgments, and the overall one.
    assert quotes[1:] == ["It was judged to require improvement for services for children looked after, experiences "
                          "of care leavers, and leadership, management and governance, and was judged good for "
                          "adoption performance.", "It was overall judged to be inadequate."]
    # An inspection older than the only report held on the council: what that report says of it, as
    # far as the account goes (the sentence after the visit's is no account of an inspection).
    reply, result = looked_back.ask("Did the Isles of Scilly fix the problems found at its 2019 inspection?")
    assert result.question.looks_back and reply.mode == "findings"
    assert [c.quote for c in reply.citations] == [
        "The council of the Isles of Scilly has not acted quickly enough to address shortfalls identified at the "
        "previous judgement inspection in 2019.",
        "A focused visit in 2022 that considered the quality of work with children in need of help or protection "
        "found that the quality of practice had deteriorated."]
    # A sentence the passage cuts off is never quoted.
    reply, _ = looked_back.ask("Which councils had been judged inadequate at their previous inspection?")
    assert all(re.search(r"[.!?][\"”’)]*\s*$", c.quote) for c in reply.citations), [c.quote for c in reply.citations]


def test_answer_list_merges_a_revisit_into_its_item_but_never_two_items_alike_in_wording():
    """Two items of one list that share a report's stock wording stay two; the prose that revisits
    an item (an index written before ingest merged revisits still holds it) is a mention of it."""
    def finding(n: int, text: str, source: str) -> Finding:
        return Finding(id=f"f{n}", kind="area_for_improvement", text=text, section_path=["Areas for improvement"],
                       page=5 + n, source=source, report_id="r")
    items = _merge([
        finding(0, "Leaders across the partnership should establish effective communication across the partnership.", "list"),
        finding(1, "Leaders across the partnership should improve their evaluation across the partnership.", "list"),
        finding(2, "leaders across the partnership should establish effective communication", "text")])
    assert [i.finding.id for i in items] == ["f0", "f1"]
    assert [q[0] for q in items[0].quotes][-1] == "leaders across the partnership should establish effective communication"


@pytest.fixture(scope="module")
def stated_outcome(shared, tmp_path_factory) -> Engine:
    """A real area SEND report: its inspection outcome is a statement, not a grade."""
    from index.engine import ingest_files

    root = tmp_path_factory.mktemp("stated-outcome")
    results = ingest_files([shared / "corpus" / "real" / "ofstedcqc-send-hertfordshire-2023.pdf"], root, embedder="hash")
    assert [r.status for r in results] == ["ok"]
    return Engine(root)


@pytest.mark.parametrize("question", ["Hertfordshire SEND inspection outcome July 2023",
                                      "What was the outcome of the Hertfordshire SEND inspection?"])
def test_answer_inspection_outcome_is_the_stated_outcome_as_one_line(stated_outcome, question):
    reply, _ = stated_outcome.ask(question)
    head, *rest = lines(reply.text)
    assert reply.mode == "findings" and head == "Graded judgments (Hertfordshire Local Area Partnership, 2023):"
    assert len(rest) == 1 and rest[0].startswith("Inspection outcome: There are widespread and/or systemic failings")
    assert "must address urgently, last inspected 2023 (p. 1)" in rest[0]  # the statement's full stop gives way


@pytest.mark.model
def test_model_answer_names_who_signed_the_report(real_index):
    reply, _ = Engine(real_index).ask("Which HMI signed the report?")
    assert lines(reply.text)[1:] == ["Zoë Billingham HM Inspector of Constabulary [1]"]


@pytest.mark.model
@pytest.mark.parametrize("question, rest", [
    ("What grade did the force get for legitimacy, and which HMI signed the report?",
     ["From Leicestershire Police, 2018/19:", "Zoë Billingham HM Inspector of Constabulary [2]"]),
    ("what grade did Leicestershire get for legitimacy and how many case files did the inspectors review?",
     ["From Leicestershire Police, 2018/19:", "As part of this inspection, we reviewed 60 files from recent investigations. [2]"]),
    # A part the reports do not answer is said to be unanswered, beside the grade that is.
    ("what grade did the force get for legitimacy, and who is the chief constable?",
     ["The reports found name no chief constable."]),
])
def test_model_answer_grade_and_a_part_asking_someone_or_a_figure_answers_both(real_index, question, rest):
    reply, _ = Engine(real_index).ask(question)
    assert lines(reply.text) == ["Graded judgments (Leicestershire Police, 2018/19):",
                                 "Legitimacy: Good, last inspected 2018/19 (p. 35) [1]", *rest]
    assert [c.n for c in reply.citations] == list(range(1, len(reply.citations) + 1))


@pytest.mark.model
def test_model_answer_a_figure_given_under_a_short_form_is_found_by_the_words_it_stands_for(real_index):
    reply, _ = Engine(real_index).ask("How many domestic violence protection notices were authorised and how many "
                                      "orders did the courts grant?")
    assert [c.quote for c in reply.citations] == [
        "In the year to 30 September 2018, 124 DVPNs were authorised, and the courts granted 115 DVPOs."]


@pytest.mark.model
def test_model_answer_which_forces_is_the_sentence_naming_them(real_index):
    reply, _ = Engine(real_index).ask("Which forces does Leicestershire share its armed policing arrangements with?")
    assert [c.quote for c in reply.citations] == ["Currently, Leicestershire Police operates joint arrangements with "
                                                  "Lincolnshire Police and Northamptonshire Police to provide armed policing."]


@pytest.mark.model
def test_model_answer_areas_of_a_pillar_with_the_grade_named(real_index):
    reply, _ = Engine(real_index).ask("Which legitimacy areas were graded good?")
    head, *entries = lines(reply.text)
    assert head == "4 graded judgments (Leicestershire Police, 2018/19):"
    assert [e.split(" (p.")[0] for e in entries] == [
        "1. How legitimately does the force treat the public and its workforce?", "2. Treating the public fairly",
        "3. Ethical and lawful workforce behaviour", "4. Treating the workforce fairly"]


@pytest.mark.parametrize("area, pillar, names", [
    ("legitimacy", "Legitimacy", True),
    ("legitimacy areas", "Legitimacy", True),
    ("councils", "Sunderland City Council", False),  # a report's title is no pillar a word of it names
    ("efficiency", "Legitimacy", False),
])
def test_a_question_names_the_pillar_a_judgment_stands_in_by_all_its_words(area, pillar, names):
    finding = Finding(id="f", kind="judgment", text="Treating the public fairly", section_path=[pillar], page=1,
                      source="table", grade="Good")
    assert _names_pillar(area, finding) is names


def test_answer_looking_back_an_account_that_only_dates_it_answers_only_when(looked_back):
    """Rotherham's report gives only the dates of the inspection before it."""
    when, _ = looked_back.ask("When was Rotherham's previous SEND inspection?")
    assert lines(when.text)[0] == "The inspection before, as the report says:" and "2021" in when.text
    found, _ = looked_back.ask("What did Rotherham's previous SEND inspection find?")
    assert not (found.text or "").startswith("The inspection before")


@pytest.fixture(scope="module")
def councils(shared, tmp_path_factory) -> Engine:
    """Four real Ofsted reports, with the packaged MiniLM model (its nearest words are what count)."""
    from index.engine import ingest_files

    root = tmp_path_factory.mktemp("councils")
    names = ["ofsted-sifreinspection-doncaster-2018.pdf", "ofsted-ilacs-sunderland-2021.pdf",
             "ofstedcqc-send-rotherham-2024.pdf", "ofsted-ilacsshort-isles-of-scilly-2023.pdf"]
    assert [r.status for r in ingest_files([shared / "corpus" / "real" / n for n in names], root)] == ["ok"] * 4
    return Engine(root)


@pytest.mark.model
@pytest.mark.parametrize("question, body", [
    ("birmingham care leavers grade", "Birmingham"),  # in lower case: no capital says it is a name
    ("leeds caseloads", "Leeds"),
])
def test_model_answer_a_body_the_index_holds_nothing_on_is_said_to_be_missing(councils, question, body):
    reply, _ = councils.ask(question)
    assert reply.abstained and reply.reason == f"the index holds no report on {body}"
    held, _ = councils.ask("sunderland care leavers grade")
    assert lines(held.text)[0] == "Graded judgments (Sunderland City Council, 2021):"


@pytest.mark.model
def test_model_answer_what_a_grade_question_takes_as_given_is_checked_beside_the_grade(councils):
    reply, _ = councils.ask("The Isles of Scilly has no looked-after children – so what grade did it get for children in care?")
    head, grade, source, claim = lines(reply.text)
    assert head == "Graded judgments (Isles of Scilly local authority, 2023):"
    assert grade.startswith("The experiences and progress of children in care: Requires improvement to be good")
    assert source == "From Isles of Scilly local authority, 2023:" and "no children" in claim and claim.endswith("[2]")
