"""The /viewer page in Chromium: the cited page, the quote highlighted, navigation and zoom."""

from __future__ import annotations

import json
import re
import urllib.request
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

from .steps import squash

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def citation(live_server) -> dict:
    """A real citation: the first one the service gives for a question the corpus answers."""
    body = json.dumps({"question": "What should the force improve about the supervision of investigations?"})
    request = urllib.request.Request(f"{live_server}/api/ask", data=body.encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)["citations"][0]


def open_viewer(page: Page, report_id: str, page_number: int, quote: str = "") -> None:
    page.goto("/viewer?" + urlencode({"report": report_id, "page": page_number, "q": quote}))


def marked_text(page: Page) -> str:
    expect(page.locator(".textLayer .hl").first).to_be_attached()
    return squash("".join(page.locator(".textLayer .hl").all_text_contents()))


def test_viewer_shows_cited_page_with_quote_highlighted(page: Page, citation):
    open_viewer(page, citation["report"]["id"], citation["page"], citation["quote"])
    expect(page.locator("#report-title")).to_have_text(citation["report"]["title"])
    expect(page.locator(f".pdfv-sheet[data-page-number='{citation['page']}']")).to_be_visible()
    expect(page.locator(".pdfv-total")).to_have_text(str(citation["report"]["pages"]))
    assert marked_text(page) == squash(citation["quote"])
    expect(page.locator(".pdfv-quote")).to_contain_text("Highlighted on this page")


def test_viewer_matches_quote_despite_different_spacing(page: Page, citation):
    words = citation["quote"].split()
    respaced = "\n".join("  ".join(words[i:i + 4]) for i in range(0, len(words), 4))
    open_viewer(page, citation["report"]["id"], citation["page"], respaced)
    assert marked_text(page) == squash(citation["quote"])


def test_viewer_falls_back_to_longest_matching_run(page: Page, citation):
    altered = "Inspectors wrote that " + citation["quote"].rstrip(".") + " across every district without fail."
    open_viewer(page, citation["report"]["id"], citation["page"], altered)
    assert marked_text(page) == squash(citation["quote"].rstrip("."))
    expect(page.locator(".pdfv-quote")).to_contain_text("Partly highlighted")


def test_viewer_says_when_quote_is_not_on_page(page: Page, citation):
    open_viewer(page, citation["report"]["id"], 1, citation["quote"])
    expect(page.locator(".pdfv-sheet[data-page-number='1']")).to_be_visible()
    expect(page.locator(".pdfv-quote")).to_contain_text("Not found on this page")
    expect(page.locator(".textLayer .hl")).to_have_count(0)


def test_viewer_navigates_pages_and_zooms(page: Page, citation):
    n = citation["page"]
    open_viewer(page, citation["report"]["id"], n, citation["quote"])
    expect(page.locator(f".pdfv-sheet[data-page-number='{n}']")).to_be_visible()

    page.locator(".pdfv-next").click()
    expect(page.locator(f".pdfv-sheet[data-page-number='{n + 1}']")).to_be_visible()
    expect(page.locator(".pdfv-page")).to_have_value(str(n + 1))
    expect(page).to_have_url(re.compile(rf"page={n + 1}\b"))
    page.locator(".pdfv-prev").click()
    expect(page.locator(f".pdfv-sheet[data-page-number='{n}']")).to_be_visible()
    page.locator(".pdfv-page").fill("3")
    page.locator(".pdfv-page").press("Enter")
    expect(page.locator(".pdfv-sheet[data-page-number='3']")).to_be_visible()

    def width() -> float:
        return page.locator(".pdfv-sheet").evaluate("e => e.getBoundingClientRect().width")

    fitted = width()
    zoom = page.locator(".pdfv-zoom").text_content()
    page.locator(".pdfv-zoomin").click()
    expect(page.locator(".pdfv-zoom")).not_to_have_text(zoom)
    page.wait_for_function(f"() => document.querySelector('.pdfv-sheet').getBoundingClientRect().width > {fitted + 50}")
    page.locator(".pdfv-fit").click()
    expect(page.locator(".pdfv-zoom")).to_have_text(zoom)
    assert abs(width() - fitted) < 2


def test_viewer_reports_unknown_report(page: Page, allowed_errors):
    allowed_errors.append("404")
    open_viewer(page, "0" * 16, 1)
    expect(page.locator(".pdfv-status")).to_have_text("Could not open this report's PDF (the server answered 404).")


# Northmoor's 2018/19 report prints this sentence across pages 8 and 9, five of its words on page 8.
PAGE_BREAK_QUOTE = "The force has introduced a crime management unit that deals with investigations that have few lines of enquiry."


def test_viewer_highlights_a_quote_over_a_page_break_on_both_pages(page: Page, reports):
    report = next(r for r in reports if r["force"] == "Northmoor Police" and r["year"] == "2018/19")
    open_viewer(page, report["id"], 8, PAGE_BREAK_QUOTE)
    expect(page.locator(".pdfv-sheet[data-page-number='8']")).to_be_visible()
    start = marked_text(page)
    expect(page.locator(".pdfv-quote")).to_contain_text("it goes on over the page")
    page.locator(".pdfv-continue").click()
    expect(page.locator(".pdfv-sheet[data-page-number='9']")).to_be_visible()
    expect(page.locator(".pdfv-quote")).to_contain_text("it starts on the page before")
    assert start + marked_text(page) == squash(PAGE_BREAK_QUOTE)
