"""Two families of report in one index, in Chromium: the fictional PEEL corpus (police forces) and
print-ligatures.pdf, a fire and rescue service's report the generic profile reads. The
organisation filter lists both kinds of body and narrows answers and findings to one; the grades
matrix has a group per family; filters saved before organisations still apply; and report text in
every new place (body names, their types, inspectorates, grades, outcome statements) stays text."""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import Page, expect

from .steps import XSS_IMG, XSS_SCRIPT, open_chat
from .test_chat import NO_INJECTED_ELEMENTS, ask_capturing
from .test_findings import GRADE_COLOURS, api_findings, column, expect_rows, open_findings

pytestmark = pytest.mark.browser

FIRE = "Fernhill Fire and Rescue Service"
PREVENTION_QUESTION = "What should be improved about prevention work?"
OPTION_GROUPS = "s => [...s.querySelectorAll('optgroup')].map(g => [g.label, [...g.children].map(o => o.value)])"


def test_chat_organisation_filter_lists_both_kinds_of_body_and_narrows_the_answer(page: Page, reports):
    open_chat(page)
    groups = dict(page.locator("#f-organisation").evaluate(OPTION_GROUPS))
    assert groups["Fire and rescue services"] == [FIRE]
    police = {r["organisation"] for r in reports if r["organisation_type"] == "police force"}
    assert set(groups["Police forces"]) == police and "Northmoor Police" in police

    _, _, unfiltered = ask_capturing(page, PREVENTION_QUESTION)
    assert {p["report"]["organisation"] for p in unfiltered["passages"]} - {FIRE}, \
        "the unfiltered question should find other bodies' passages too, or the filter proves nothing"
    page.select_option("#f-organisation", FIRE)
    exchange, sent, body = ask_capturing(page, PREVENTION_QUESTION)
    assert sent["filters"] == {"organisation": FIRE}
    assert body["passages"] and {p["report"]["organisation"] for p in body["passages"]} == {FIRE}
    assert {c["report"]["organisation"] for c in body["citations"]} <= {FIRE}
    expect(exchange.locator(".question-filters")).to_have_text(f"Searched only: Organisation: {FIRE}")
    exchange.locator(".passages summary").click()
    names = exchange.locator(".passage-report")
    expect(names).to_have_count(len(body["passages"]))
    assert set(names.all_text_contents()) == {f"{FIRE}, 2022"}

    exchange.locator(".passage-link").first.click()
    expect(page.locator("#panel-title")).to_have_text(f"{FIRE}, 2022")
    # The body's type and the profile that read it are beside its name.
    expect(page.locator("#panel-meta")).to_have_text(re.compile(r" · fire and rescue service · (.+ · )?generic profile$"))


def test_chat_citations_name_the_organisation(page: Page):
    open_chat(page)
    page.select_option("#f-organisation", FIRE)
    exchange, _, body = ask_capturing(page, "How well does the service prevent fires?")
    assert body["citations"], body
    metas = exchange.locator(".cite-meta")
    expect(metas).to_have_count(len(body["citations"]))
    assert all(m.startswith(f"{FIRE}, 2022 · ") for m in metas.all_text_contents())
    expect(metas.first).to_have_attribute("title", re.compile(r"\bfire and rescue service · (.+ · )?generic profile$"))


def test_chat_filters_and_conversations_saved_before_organisations_still_apply(page: Page):
    open_chat(page)
    old = {"id": "old1", "question": "What did the force do well?", "filters": {"force": "Northmoor Police"},
           "error": {"message": "The service answered 503.", "status": 503}}
    page.evaluate("""([filters, conversation]) => {
        localStorage.setItem("reportqa.filters.v1", JSON.stringify(filters));
        localStorage.setItem("reportqa.conversation.v1", JSON.stringify(conversation)); }""",
                  [{"force": "Northmoor Police", "year": "2017"}, [old]])
    page.reload()
    expect(page.locator("#index-info")).to_contain_text("reports indexed")
    expect(page.locator("#f-organisation")).to_have_value("Northmoor Police")
    expect(page.locator("#f-year")).to_have_value("2017")
    expect(page.locator("#x-old1 .question-filters")).to_have_text("Searched only: Force: Northmoor Police")
    # A new question sends the restored filter under its new name ...
    _, sent, body = ask_capturing(page, "What did the force do well?")
    assert sent["filters"] == {"organisation": "Northmoor Police", "year": "2017"}
    assert body["passages"] and {(p["report"]["organisation"], p["report"]["year"]) for p in body["passages"]} == \
        {("Northmoor Police", "2017")}
    # ... and trying the old one again sends its own, which the service still reads.
    with page.expect_response("**/api/ask") as info:
        page.locator("#x-old1 [data-retry]").click()
    assert info.value.request.post_data_json["filters"] == {"force": "Northmoor Police"}
    retried = info.value.json()
    assert retried["passages"] and {p["report"]["force"] for p in retried["passages"]} == {"Northmoor Police"}
    expect(page.locator(".exchange .question-filters").last).to_have_text("Searched only: Force: Northmoor Police")


def test_findings_organisation_filter_and_family_matrices(page: Page, live_server):
    open_findings(page)
    groups = dict(page.locator("select[name=organisation]").evaluate(OPTION_GROUPS))
    assert groups["Fire and rescue services"] == [FIRE] and "Severn Vale Constabulary" in groups["Police forces"]

    # A group per family, PEEL first; the generic family's areas are its columns, in reading order.
    expect(page.locator(".matrix-group")).to_have_count(2)
    assert [g.get_attribute("data-family") for g in page.locator(".matrix-group").all()] == ["peel", "generic"]
    generic = page.locator(".matrix-group[data-family=generic]")
    expect(generic.locator("h3")).to_have_text("Other inspection reports")
    expect(generic.locator(".matrix-summary")).to_have_text(re.compile(r"^1 report · fire and rescue service\b"))
    judgments = api_findings(live_server, organisation=FIRE, kind="judgment")
    assert len(judgments) == 7
    expect(generic.locator("thead .question-head")).to_have_text([j["text"] for j in judgments])
    expect(generic.locator("thead th.pillar")).to_have_count(0)
    expect(page.locator(".matrix-group[data-family=peel] thead th.pillar").first).to_be_visible()
    expect(generic.locator(".corner").last).to_have_text("Organisation and year")
    expect(generic.locator("tbody th")).to_have_text([f"{FIRE} 2022"])
    cells = generic.locator("tbody td").evaluate_all("tds => tds.map(td => [td.textContent, getComputedStyle(td).backgroundColor])")
    assert cells == [[j["grade"], GRADE_COLOURS[j["grade"]]] for j in judgments] and \
        {j["grade"] for j in judgments} == {"Good", "Requires improvement"}

    page.select_option("select[name=organisation]", FIRE)
    expect_rows(page, 12)
    assert set(column(page, "organisation")) == {FIRE}
    expect(page).to_have_url(re.compile(r"organisation=Fernhill\+Fire\+and\+Rescue\+Service"))
    expect(page.locator(".matrix-group")).to_have_count(1)
    expect(page.locator(".matrix-group")).to_have_attribute("data-family", "generic")
    # Its labels only repeat the kinds' names ("Areas for improvement"), so none is shown again.
    kinds = column(page, "kind")
    assert kinds.count("Judgment") == 7 and kinds.count("Area for improvement") == 5
    with page.expect_download() as info:
        page.locator("#csv").click()
    rows = list(csv.DictReader(io.StringIO(info.value.path().read_text(encoding="utf-8"))))
    assert len(rows) == 12 and {r["organisation"] for r in rows} == {FIRE} and {r["force"] for r in rows} == {""}
    assert sorted(r["label"] for r in rows if r["kind"] == "area_for_improvement") == \
        ["Area for improvement"] + ["Areas for improvement"] * 4


def test_findings_address_saved_with_a_force_still_filters(page: Page):
    open_findings(page, "?force=Brackenshire+Police")
    expect(page.locator("select[name=organisation]")).to_have_value("Brackenshire Police")
    expect(page).to_have_url(re.compile(r"\?organisation=Brackenshire\+Police$"))
    assert set(column(page, "organisation")) == {"Brackenshire Police"}
    expect(page.locator(".matrix-group")).to_have_count(1)


SEND_OUTCOME = (f"The local area partnership’s arrangements lead to inconsistent experiences and outcomes {XSS_IMG} "
                "for children and young people with SEND.")


def _report(n: int, **fields) -> dict:
    return {"id": f"{n:016x}", "title": f"Inspection {n} {XSS_SCRIPT}", "force": None, "year": "2024", "pages": 3,
            "organisation": None, "organisation_type": None, "inspectorate": None, "family": "ofsted",
            "inspected": None, **fields}


def _judgment(report: dict, n: int, text: str, grade: str, path: list[str]) -> dict:
    return {"id": f"{report['id']}-f{n}", "kind": "judgment", "label": None, "text": text, "report": report,
            "section": {"title": path[-1], "path": path}, "page": 1, "grade": grade, "last_inspected": None,
            "carried_from": None, "progress": None, "source": "table", "evidence": None, "passage_id": None,
            "linked_to": None, "mentions": [], "url": f"/reports/{report['id']}/pdf#page=1"}


def test_hostile_bodies_grades_and_outcomes_stay_text(page: Page):
    """Served reports and findings whose every new field holds markup: the explorer and the chat
    page show it as text, colour grades on any scale by their words, and list an outcome sentence."""
    council = _report(1, organisation=f"{XSS_IMG} Borough Council", organisation_type=f"local authority {XSS_SCRIPT}",
                      inspectorate=f"Ofsted {XSS_IMG}", inspected=f"1 to 5 May 2024 {XSS_SCRIPT}")
    send = _report(2, organisation=f"{XSS_SCRIPT} Local Area Partnership", organisation_type="local area partnership",
                   inspectorate="Ofsted and CQC")
    odd = _report(3, organisation="Oddshire School", organisation_type="school", family=f"<b>{XSS_SCRIPT}</b>")
    findings = [
        _judgment(council, 1, f"Overall effectiveness {XSS_IMG}", "Requires improvement to be good", ["Judgements"]),
        _judgment(council, 2, "The experiences and progress of care leavers", "Inadequate", ["Judgements"]),
        _judgment(council, 3, "Leadership", f"Grade 9 {XSS_IMG}", ["Judgements"]),
        _judgment(send, 1, "Inspection outcome", SEND_OUTCOME, ["Inspection outcome"]),
        _judgment(odd, 1, "Quality of education", "Outstanding", ["Judgements"]),
    ]
    findings[2]["label"] = f"Grade {XSS_SCRIPT}"
    page_body = {"findings": findings, "completeness": {"reports_searched": 3, "findings": len(findings),
                                                        "note": f"Note {XSS_IMG}"}, "next": None, "next_url": None}
    page.route("**/api/reports", lambda route: route.fulfill(json={"reports": [council, send, odd]}))
    page.route(re.compile(r".*/api/findings(\?.*)?$"), lambda route: route.fulfill(json=page_body))
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    open_findings(page)
    groups = dict(page.locator("select[name=organisation]").evaluate(OPTION_GROUPS))
    assert groups == {f"Local authority {XSS_SCRIPT}s": [f"{XSS_IMG} Borough Council"],
                      "Local area partnerships": [f"{XSS_SCRIPT} Local Area Partnership"],
                      "Schools": ["Oddshire School"]}
    ofsted = page.locator(".matrix-group[data-family=ofsted]")
    expect(ofsted.locator("h3")).to_have_text("Ofsted inspections")
    expect(ofsted.locator(".matrix-summary")).to_have_text(
        f"2 reports · local area partnership, local authority {XSS_SCRIPT} · Ofsted {XSS_IMG}, Ofsted and CQC")
    expect(ofsted.locator("thead .question-head")).to_have_text(
        [f"Overall effectiveness {XSS_IMG}", "The experiences and progress of care leavers", "Leadership"])
    expect(ofsted.locator("tbody th")).to_have_text([f"{XSS_IMG} Borough Council 2024"])
    expect(ofsted.locator("tbody th")).to_have_attribute("title", re.compile(re.escape(f"inspected 1 to 5 May 2024 {XSS_SCRIPT}")))
    cells = ofsted.locator("tbody td")
    expect(cells).to_have_text(["Requires improvement to be good", "Inadequate", f"Grade 9 {XSS_IMG}"])
    expect(cells.nth(0)).to_have_class(re.compile(r"\bgrade-requires-improvement\b"))
    assert cells.nth(0).evaluate("td => getComputedStyle(td).backgroundColor") == GRADE_COLOURS["Requires improvement"]
    expect(cells.nth(2)).to_have_class(re.compile(r"\bgrade-other\b"))
    # The SEND outcome is a sentence: listed as text under the matrix, in no grade cell, uncoloured.
    statement = ofsted.locator(".matrix-statements li")
    expect(statement).to_have_text(f"{XSS_SCRIPT} Local Area Partnership 2024 · Inspection outcome: {SEND_OUTCOME}")
    expect(ofsted.locator("tbody th", has_text="Local Area Partnership")).to_have_count(0)
    assert statement.locator("a").evaluate("a => getComputedStyle(a.parentElement).backgroundColor") == "rgba(0, 0, 0, 0)"
    # A family the page does not know is headed by its own name, as text.
    odd_group = page.locator(".matrix-group").nth(1)
    expect(odd_group.locator("h3")).to_have_text(f"<b>{XSS_SCRIPT}</b> reports")
    expect(page.locator("#ftable tbody")).to_contain_text(f"Grade {XSS_SCRIPT}")
    expect(page.locator("#ftable tbody")).to_contain_text(SEND_OUTCOME)
    page.wait_for_timeout(300)  # time for an injected image to fail and fire its handler
    assert page.evaluate(NO_INJECTED_ELEMENTS) == 0 and page.locator("#matrix b").count() == 0

    open_chat(page)
    groups = dict(page.locator("#f-organisation").evaluate(OPTION_GROUPS))
    assert f"{XSS_IMG} Borough Council" in groups[f"Local authority {XSS_SCRIPT}s"]
    options = page.locator("#f-report option").all_text_contents()
    assert f"{XSS_IMG} Borough Council, 2024 — Inspection 1 {XSS_SCRIPT}" in options
    page.wait_for_timeout(300)
    assert page.evaluate(NO_INJECTED_ELEMENTS) == 0
    assert dialogs == []


def test_viewer_names_the_body_its_type_and_profile(page: Page, reports):
    fire = next(r for r in reports if r["organisation"] == FIRE)
    page.goto(f"/viewer?report={fire['id']}&page=2")
    expect(page.locator("#report-meta")).to_have_text(
        re.compile(rf"^{FIRE}, 2022 · (.+ · )?fire and rescue service · (.+ · )?generic profile · {fire['pages']} pages$"))
    expect(page).to_have_title(f"{FIRE}, 2022 · reportqa")
