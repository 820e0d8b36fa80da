"""The chat page in Chromium: answers with citations, the side-panel viewer, filters, abstention,
inert report text, persistence, keyboard use, the busy state and error messages."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from .steps import XSS_IMG, XSS_SCRIPT, ask, open_chat, squash

pytestmark = pytest.mark.browser

AFI_QUESTION = "What are the areas for improvement for Northmoor Police?"
SUPERVISION_QUESTION = "What should the force improve about the supervision of investigations?"
CALLS_QUESTION = "How many emergency calls per 1,000 population did the force receive?"
UNANSWERABLE = "What percentage of 999 calls did Kent Police answer within 10 seconds?"
XSS_QUESTION = f"What did the free-text field of the complaints system store? {XSS_IMG} {XSS_SCRIPT}"
# The pages themselves have no <img> and no inline <script>: any found was injected.
NO_INJECTED_ELEMENTS = "() => document.querySelectorAll('img, script:not([src])').length"


def ask_capturing(page: Page, question: str) -> tuple:
    """Ask, and return (the exchange, the /api/ask request body, the JSON the page received)."""
    with page.expect_response("**/api/ask") as info:
        exchange = ask(page, question)
    response = info.value
    return exchange, response.request.post_data_json, response.json()


def expect_highlight(page: Page, page_number: int, quote: str) -> None:
    """The viewer shows page_number with marked text that is part of quote."""
    sheet = page.locator(f".pdfv-sheet[data-page-number='{page_number}']")
    expect(sheet).to_be_visible()
    expect(sheet.locator(".textLayer .hl").first).to_be_attached()
    marked = squash("".join(sheet.locator(".textLayer .hl").all_text_contents()))
    assert len(marked) >= 20 and marked in squash(quote), (marked, quote)


def test_chat_answer_lists_cited_sources(page: Page, artifacts):
    open_chat(page)
    exchange, _, body = ask_capturing(page, AFI_QUESTION)
    assert not body["abstained"] and body["citations"], body

    expect(exchange.locator(".question-text")).to_have_text(AFI_QUESTION)
    citations = exchange.locator(".citation")
    expect(citations).to_have_count(len(body["citations"]))
    for item, cite in zip(citations.all(), body["citations"]):
        expect(item.locator(".cite-n")).to_have_text(f"[{cite['n']}]")
        expect(item.locator(".cite-title")).to_have_text(cite["report"]["title"])
        meta = f"{cite['report']['force']}, {cite['report']['year']} · {' › '.join(cite['section']['path'])} · p. {cite['page']}"
        expect(item.locator(".cite-meta")).to_have_text(meta)
        expect(item.locator(".cite-quote")).to_have_text(cite["quote"])
    # Every [n] in the answer is a link to citation n's page in the viewer.
    markers = exchange.locator(".answer-text a.marker")
    numbers = [int(n) for n in re.findall(r"\[(\d+)\]", body["answer"])]
    expect(markers).to_have_count(len(numbers))
    first = body["citations"][0]
    href = markers.first.get_attribute("href")
    assert href.startswith("/viewer?") and f"report={first['report']['id']}" in href and f"page={first['page']}" in href
    if body["mode"] == "findings":
        expect(exchange.locator(".completeness")).to_have_text(body["completeness"])
    page.screenshot(path=str(artifacts / "chat-answer.png"))


def test_findings_mode_answer_shows_completeness(page: Page):
    open_chat(page)
    exchange, _, body = ask_capturing(page, AFI_QUESTION)
    assert body["mode"] == "findings", "the service no longer answers this list question in findings mode"
    expect(exchange.locator(".completeness")).to_have_text(body["completeness"])
    # The list keeps its line breaks: one numbered item per line.
    assert exchange.locator(".answer-text").evaluate("e => getComputedStyle(e).whiteSpace") == "pre-line"


def test_citation_opens_viewer_at_page_with_quote_highlighted(page: Page, artifacts):
    open_chat(page)
    exchange, _, body = ask_capturing(page, SUPERVISION_QUESTION)
    cite = body["citations"][0]
    exchange.locator(".cite-link").first.click()
    expect(page.locator("#panel")).to_be_visible()
    expect(page.locator("#panel-title")).to_have_text(f"{cite['report']['force']}, {cite['report']['year']}")
    expect(page.locator("#panel .pdfv-page")).to_have_value(str(cite["page"]))
    expect_highlight(page, cite["page"], cite["quote"])
    expect(page.locator("#panel .pdfv-quote")).to_contain_text("Highlighted on this page")
    expect(page.locator("#panel-newtab")).to_have_attribute("href", re.compile(rf"report={cite['report']['id']}"))
    page.screenshot(path=str(artifacts / "chat-viewer.png"))


def test_answer_marker_opens_its_citation(page: Page):
    open_chat(page)
    exchange, _, body = ask_capturing(page, AFI_QUESTION)
    cite = body["citations"][2]
    exchange.locator(".answer-text a.marker", has_text=f"[{cite['n']}]").click()
    expect(exchange.locator(".citation.current .cite-n")).to_have_text(f"[{cite['n']}]")
    expect(page.locator("#panel .pdfv-page")).to_have_value(str(cite["page"]))
    expect_highlight(page, cite["page"], cite["quote"])
    page.locator("#panel-close").click()
    expect(page.locator("#panel")).to_be_hidden()


def test_filters_restrict_results(page: Page):
    open_chat(page)
    _, _, unfiltered = ask_capturing(page, CALLS_QUESTION)
    assert {c["report"]["force"] for c in unfiltered["citations"]} - {"Northmoor Police"}, \
        "the unfiltered question should cite other forces too, or the filter proves nothing"

    page.select_option("#f-organisation", "Northmoor Police")
    exchange, sent, body = ask_capturing(page, CALLS_QUESTION)
    assert sent["filters"] == {"organisation": "Northmoor Police"}
    expect(exchange.locator(".question-filters")).to_have_text("Searched only: Organisation: Northmoor Police")
    metas = exchange.locator(".cite-meta")
    expect(metas.first).to_be_visible()
    assert all(m.startswith("Northmoor Police, ") for m in metas.all_text_contents())
    exchange.locator(".passages summary").click()
    expect(exchange.locator(".passages summary")).to_have_text(re.compile(r"^Hide passages \(\d+\)$"))
    passages = exchange.locator(".passage-report").all_text_contents()
    assert passages and all(p.startswith("Northmoor Police") for p in passages), passages

    page.select_option("#f-organisation", "")
    report = next(c["report"] for c in unfiltered["citations"] if c["report"]["force"] != "Northmoor Police")
    page.select_option("#f-report", report["id"])
    exchange, sent, body = ask_capturing(page, CALLS_QUESTION)
    assert sent["filters"] == {"report_id": report["id"]}
    titles = exchange.locator(".cite-title").all_text_contents()
    assert titles and set(titles) == {report["title"]}


def test_abstention_shows_not_found(page: Page):
    open_chat(page)
    exchange, _, body = ask_capturing(page, UNANSWERABLE)
    assert body["abstained"], f"the service answered instead of abstaining: {body['answer']!r}"
    reply = exchange.locator(".reply.abstained")
    expect(reply.locator(".abstain-title")).to_have_text("Not found in the reports")
    expect(reply).to_contain_text(f"Reason: {body['reason']}")
    expect(exchange.locator(".citation")).to_have_count(0)


def test_xss_payloads_render_as_inert_text(page: Page, live_server):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_chat(page)
    options = page.locator("#f-report option").all_text_contents()
    assert any(XSS_IMG in o and XSS_SCRIPT in o for o in options), options

    exchange, _, body = ask_capturing(page, XSS_QUESTION)
    expect(exchange.locator(".question-text")).to_have_text(XSS_QUESTION)
    assert any(c["report"]["force"] == "Xssford Police" for c in body["citations"]), body
    answer = exchange.locator(".answer-text")
    expect(answer).to_contain_text(XSS_IMG)
    expect(answer).to_contain_text(XSS_SCRIPT)
    expect(exchange.locator(".cite-title").first).to_contain_text(f"{XSS_IMG} {XSS_SCRIPT}")
    expect(exchange.locator(".cite-meta").first).to_contain_text(f"Complaints records and {XSS_IMG}")

    exchange.locator(".cite-link").first.click()
    expect(page.locator("#panel-meta")).to_contain_text(XSS_SCRIPT)
    expect(page.locator("#panel .textLayer .hl").first).to_be_attached()
    layer = squash(page.locator("#panel .textLayer").text_content())
    assert squash(XSS_IMG) in layer

    page.reload()  # the stored conversation is drawn again from localStorage
    expect(page.locator(".exchange .question-text")).to_have_text(XSS_QUESTION)
    page.wait_for_timeout(300)  # time for an injected image to fail and fire its handler
    assert page.evaluate(NO_INJECTED_ELEMENTS) == 0
    page.goto("/findings?force=Xssford+Police")
    expect(page.locator("#ftable tbody")).to_contain_text(XSS_SCRIPT)
    expect(page.locator(".matrix")).to_contain_text("Xssford Police 2018/19")
    page.wait_for_timeout(300)
    assert page.evaluate(NO_INJECTED_ELEMENTS) == 0
    assert dialogs == []


def test_conversation_survives_reload_and_clears(page: Page):
    open_chat(page)
    exchange = ask(page, SUPERVISION_QUESTION)
    answer = exchange.locator(".answer-text").text_content()
    page.reload()
    expect(page.locator(".exchange")).to_have_count(1)
    expect(page.locator(".exchange .question-text")).to_have_text(SUPERVISION_QUESTION)
    expect(page.locator(".exchange .answer-text")).to_have_text(answer)
    expect(page.locator("#intro")).to_be_hidden()

    page.locator("#clear").click()
    expect(page.locator(".exchange")).to_have_count(0)
    expect(page.locator("#intro")).to_be_visible()
    page.reload()
    expect(page.locator("#index-info")).to_contain_text("reports indexed")
    expect(page.locator(".exchange")).to_have_count(0)


def test_enter_sends_and_shift_enter_adds_a_line(page: Page):
    open_chat(page)
    box = page.locator("#question")
    box.click()
    page.keyboard.type("Which forces were graded")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("Outstanding?")
    expect(box).to_have_value("Which forces were graded\nOutstanding?")
    expect(page.locator(".exchange")).to_have_count(0)

    with page.expect_request("**/api/ask") as request:
        page.keyboard.press("Enter")
    assert request.value.post_data_json["question"] == "Which forces were graded\nOutstanding?"
    expect(page.locator(".exchange")).to_have_count(1)
    expect(box).to_have_value("")


def test_busy_indicator_while_waiting(page: Page):
    held = []
    page.route("**/api/ask", lambda route: held.append(route))
    open_chat(page)
    page.fill("#question", SUPERVISION_QUESTION)
    page.press("#question", "Enter")
    expect(page.locator("#busy")).to_be_visible()
    expect(page.locator("#send")).to_be_disabled()
    expect(page.locator(".exchange .reply.pending")).to_be_visible()
    assert len(held) == 1

    held[0].continue_()
    expect(page.locator(".exchange .reply.answered")).to_be_visible()
    expect(page.locator("#busy")).to_be_hidden()
    expect(page.locator("#send")).to_be_enabled()


def test_server_error_and_network_failure_are_shown(page: Page, allowed_errors):
    allowed_errors += ["status of 500", "net::ERR_FAILED"]
    message = "the server hit an unexpected error; it has been logged"
    page.route("**/api/ask", lambda route: route.fulfill(
        status=500, content_type="application/json",
        body=json.dumps({"error": {"code": "internal_error", "message": message}})))
    open_chat(page)
    exchange = ask(page, SUPERVISION_QUESTION)
    expect(exchange.locator(".reply.error")).to_be_visible()
    expect(exchange.locator(".error-message")).to_have_text(message)

    page.unroute("**/api/ask")
    page.route("**/api/ask", lambda route: route.abort("failed"))
    exchange = ask(page, SUPERVISION_QUESTION)
    expect(exchange.locator(".error-message")).to_contain_text("Could not reach the reportqa service")
    expect(page.locator("#send")).to_be_enabled()

    page.unroute("**/api/ask")
    exchange.locator("button.retry").click()
    expect(page.locator(".exchange .reply.answered")).to_have_count(1)
    expect(page.locator(".exchange .reply.error")).to_have_count(1)


def test_follow_up_sends_the_conversation_and_shows_what_it_assumed(page: Page):
    open_chat(page)
    first, sent, _ = ask_capturing(page, "What grade did Northmoor get for efficiency?")
    assert "history" not in sent
    exchange, sent, body = ask_capturing(page, "and in 2017?")
    assert [turn["question"] for turn in sent["history"]] == ["What grade did Northmoor get for efficiency?"]
    assert sent["history"][0]["answer"] == first.locator(".answer-text").text_content()
    assert body["assumed"] == {"organisation": ["Northmoor Police"], "area": ["efficiency"]}
    expect(exchange.locator(".assumed")).to_have_text(
        "Taken from the question before: Organisation: Northmoor Police · Asked about: efficiency")
    expect(exchange.locator(".answer-text")).to_contain_text("Efficiency: Good, last inspected 2017")
    # The follow-up of a follow-up leans on both; the conversation survives a reload.
    page.reload()
    expect(page.locator(".exchange")).to_have_count(2)
    exchange, sent, body = ask_capturing(page, "what about Severn Vale?")
    assert [turn["question"] for turn in sent["history"]] == ["What grade did Northmoor get for efficiency?",
                                                             "and in 2017?"]
    expect(exchange.locator(".answer-text")).to_contain_text("Severn Vale Constabulary, 2017")
    page.locator("#clear").click()
    _, sent, _ = ask_capturing(page, "and in 2017?")
    assert "history" not in sent
