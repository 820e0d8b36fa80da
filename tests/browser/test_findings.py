"""The findings explorer in Chromium: filters, text search, sorting, the grades matrix, the chart,
the CSV of the current view, and links to the viewer."""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.request
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from playwright.sync_api import Page, expect

from .steps import squash

pytestmark = pytest.mark.browser

# The cell colours, as style.css sets them; each cell also names its grade in words.
GRADE_COLOURS = {
    "Outstanding": "rgb(30, 107, 52)",
    "Good": "rgb(159, 213, 166)",
    "Requires improvement": "rgb(255, 201, 128)",
    "Inadequate": "rgb(179, 38, 30)",
    "Ungraded": "rgb(227, 229, 232)",
}


def api_findings(live_server: str, **params) -> list[dict]:
    """Every finding matching params, page after page."""
    found, url = [], f"{live_server}/api/findings?{urlencode({**params, 'limit': 50})}"
    while url:
        with urllib.request.urlopen(url) as response:
            page = json.load(response)
        found += page["findings"]
        url = page["next_url"]
    return found


def graded_rows(live_server: str, family: str = "peel") -> dict[str, dict[str, str]]:
    """Each organisation and year's grade for each question it grades, as the API lists them, for
    the reports of one family."""
    rows: dict[str, dict[str, str]] = {}
    for j in api_findings(live_server, kind="judgment"):
        if j["grade"] and j["report"]["family"] == family:
            rows.setdefault(f"{j['report']['organisation']} {j['report']['year']}", {})[j["text"]] = j["grade"]
    return rows


def same_everywhere(rows: dict[str, dict[str, str]]) -> dict[str, str]:
    """The questions that every row grading them grades alike (at least two rows), with that grade."""
    questions = {q for grades in rows.values() for q in grades}
    given = {q: [grades[q] for grades in rows.values() if q in grades] for q in questions}
    return {q: g[0] for q, g in given.items() if len(g) >= 2 and len(set(g)) == 1}


PEEL = ".matrix-group[data-family=peel]"


def open_findings(page: Page, query: str = "") -> None:
    page.goto(f"/findings{query}")
    expect(page.locator("#completeness")).to_contain_text("match")


def column(page: Page, key: str) -> list[str]:
    return page.locator(f"#ftable tbody td.col-{key}").all_text_contents()


def expect_rows(page: Page, count: int) -> None:
    expect(page.locator("#ftable tbody tr[data-id]")).to_have_count(count)


def test_findings_filters_narrow_the_table(page: Page, live_server):
    open_findings(page)
    everything = api_findings(live_server)
    expect_rows(page, len(everything))

    page.select_option("select[name=organisation]", "Northmoor Police")
    northmoor = api_findings(live_server, organisation="Northmoor Police")
    assert 0 < len(northmoor) < len(everything)
    expect_rows(page, len(northmoor))
    assert set(column(page, "organisation")) == {"Northmoor Police"}

    page.select_option("select[name=kind]", "area_for_improvement")
    page.select_option("select[name=year]", "2018/19")
    narrowed = api_findings(live_server, organisation="Northmoor Police", kind="area_for_improvement", year="2018/19")
    assert 0 < len(narrowed) < len(northmoor)
    expect_rows(page, len(narrowed))
    assert set(column(page, "kind")) == {"Area for improvement"}
    assert set(column(page, "year")) == {"2018/19"}
    expect(page.locator("#completeness")).to_contain_text(f"{len(narrowed)} findings match")
    expect(page).to_have_url(re.compile(r"organisation=Northmoor\+Police"))

    page.select_option("select[name=kind]", "")
    page.select_option("select[name=grade]", "Outstanding")
    expect_rows(page, len(api_findings(live_server, organisation="Northmoor Police", year="2018/19", grade="Outstanding")))
    assert set(column(page, "grade")) == {"Outstanding"}

    page.select_option("select[name=grade]", "")
    page.select_option("select[name=carried_from]", "2017")
    carried = api_findings(live_server, organisation="Northmoor Police", year="2018/19", carried_from="2017")
    assert carried
    expect_rows(page, len(carried))
    assert set(column(page, "carried_from")) == {"2017"}
    assert all(column(page, "progress"))


def test_findings_text_search(page: Page, live_server):
    open_findings(page)
    page.fill("input[name=q]", "vetting")
    expected = api_findings(live_server, q="vetting")
    assert expected
    expect_rows(page, len(expected))
    for text in column(page, "text"):
        assert "vetting" in text.lower()
    page.fill("input[name=q]", "no finding says this zzqx")
    expect(page.locator("#ftable tbody")).to_have_text("No findings match these filters.")


def test_findings_sort_by_column(page: Page):
    open_findings(page, "?organisation=Severn+Vale+Constabulary")
    page_head = page.locator("#ftable th[data-key=page]")
    page_head.locator("button").click()
    expect(page_head).to_have_attribute("aria-sort", "ascending")
    pages = [int(p) for p in column(page, "page")]
    assert pages == sorted(pages) and pages[0] < pages[-1]
    page_head.locator("button").click()
    expect(page_head).to_have_attribute("aria-sort", "descending")
    assert [int(p) for p in column(page, "page")] == sorted(pages, reverse=True)

    page.locator("#ftable th[data-key=text] button").click()
    expect(page.locator("#ftable th[data-key=text]")).to_have_attribute("aria-sort", "ascending")
    expect(page_head).to_have_attribute("aria-sort", "none")
    # The page sorts with the browser's collation; compare on the part both orders agree on.
    keys = [re.sub(r"[^\w ]", "", t.casefold())[:20] for t in page.locator("#ftable td.col-text a").all_text_contents()]
    assert keys == sorted(keys) and keys[0] != keys[-1]


def test_grades_matrix_has_a_coloured_cell_per_graded_question(page: Page, live_server):
    open_findings(page)
    expected = graded_rows(live_server)
    matrix = page.locator(f"{PEEL} .matrix")
    expect(matrix).to_be_visible()
    questions = matrix.locator("thead .question-head").all_text_contents()
    assert sorted(questions) == sorted({q for grades in expected.values() for q in grades} - set(same_everywhere(expected)))
    rows = matrix.evaluate("""m => [...m.tBodies[0].rows].map(r => [r.cells[0].textContent,
        [...r.querySelectorAll("td")].map(td => [td.textContent, getComputedStyle(td).backgroundColor])])""")
    assert sorted(name for name, _ in rows) == sorted(expected)
    for name, cells in rows:
        assert len(cells) == len(questions)
        for question, (text, colour) in zip(questions, cells):
            grade = expected[name].get(question)
            if grade is None:
                assert text == "—", (name, question, text)
            else:
                assert (text, colour) == (grade, GRADE_COLOURS[grade]), (name, question)

    page.select_option("select[name=year]", "2017")
    expect(matrix.locator("tbody th")).to_have_count(len([k for k in expected if k.endswith(" 2017")]))


def test_grades_matrix_fits_1400_by_900(page: Page, live_server):
    assert page.viewport_size == {"width": 1400, "height": 900}
    open_findings(page)
    scroller, hint = page.locator(f"{PEEL} .matrix-scroll"), page.locator(f"{PEEL} .scroll-hint")
    expect(scroller).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1400, "the page itself scrolls sideways"
    box = scroller.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1400
    heads = page.locator(f"{PEEL} .matrix thead .question-head")
    last = heads.nth(heads.count() - 1)
    assert last.bounding_box()["x"] > box["x"] + box["width"], "every column fits: nothing to check"
    # The hint says what is out of sight, under which pillar, and the box's edge is shaded.
    expect(hint).to_be_visible()
    expect(hint).to_contain_text("to the right (Legitimacy)")
    expect(page.locator(f"{PEEL} .matrix-frame")).to_have_class(re.compile(r"\bmore-right\b"))

    scroller.evaluate("s => { s.scrollLeft = s.scrollWidth; }")
    expect(hint).to_contain_text("to the left (Effectiveness")
    expect(hint).not_to_contain_text("to the right")
    expect(page.locator(f"{PEEL} .matrix-frame")).not_to_have_class(re.compile(r"\bmore-right\b"))
    head = last.bounding_box()
    assert head["x"] + head["width"] <= box["x"] + box["width"] + 1, "the last column is in view at the far right"
    # The force and year of each row stay in place at the left, above the cells scrolled under them.
    first_column = page.locator(f"{PEEL} .matrix tbody th").first
    assert abs(first_column.bounding_box()["x"] - box["x"]) <= 1.5
    covered = first_column.evaluate("th => { const r = th.getBoundingClientRect();"
                                    " return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === th; }")
    assert covered, "a grade cell is drawn over the first column"


def test_grades_matrix_folds_a_question_graded_alike_everywhere(page: Page, live_server):
    open_findings(page)
    folded = same_everywhere(graded_rows(live_server))
    assert folded.get("Armed policing") == "Ungraded", folded  # the sample corpus grades no force on it
    notes = page.locator(f"{PEEL} .matrix-notes li")
    expect(notes).to_have_count(len(folded))
    for question, grade in folded.items():
        item = page.locator(f"{PEEL} .matrix-notes li", has_text=question)
        expect(item).to_contain_text(f"{question}: {grade} for every force and year")
        expect(page.locator(f"{PEEL} .matrix thead .question-head",
                            has_text=re.compile(f"^{re.escape(question)}$"))).to_have_count(0)
    # One force and year: nothing is the same "for every row", so nothing folds.
    page.select_option("select[name=organisation]", "Northmoor Police")
    page.select_option("select[name=year]", "2017")
    expect(page.locator(".matrix-group")).to_have_count(1)
    expect(page.locator(f"{PEEL} .matrix tbody th")).to_have_count(1)
    expect(notes).to_have_count(0)
    expect(page.locator(f"{PEEL} .matrix thead .question-head", has_text="Armed policing")).to_have_count(1)


def test_findings_chart_counts_the_view(page: Page, live_server):
    open_findings(page, "?kind=area_for_improvement")
    rows = api_findings(live_server, kind="area_for_improvement")
    bars = page.locator(".chart-bar")
    expect(bars.first).to_be_attached()
    counted = {(b.get_attribute("data-pillar"), b.get_attribute("data-year")): int(b.get_attribute("data-count"))
               for b in bars.all()}
    tops = {}
    for f in rows:
        tops.setdefault(f["report"]["id"], set()).add(f["section"]["path"][0])

    def pillar(f):
        # A report whose findings all sit under one top heading (its title) is grouped by the next.
        path = f["section"]["path"]
        return path[1] if len(tops[f["report"]["id"]]) == 1 and len(path) > 1 else path[0]

    assert {p for p, _ in counted} >= {"Effectiveness", "Efficiency", "Legitimacy"}
    for key in {(pillar(f), f["report"]["year"]) for f in rows}:
        assert counted[key] == sum(1 for f in rows if (pillar(f), f["report"]["year"]) == key)
    assert sum(counted.values()) == len(rows)


def test_csv_download_matches_the_current_view(page: Page):
    open_findings(page, "?organisation=Severn+Vale+Constabulary&kind=area_for_improvement")
    ids = page.locator("#ftable tbody tr[data-id]")
    expect(ids.first).to_be_attached()
    shown = [row.get_attribute("data-id") for row in ids.all()]
    with page.expect_download() as info:
        page.locator("#csv").click()
    download = info.value
    assert download.suggested_filename == "findings.csv"
    rows = list(csv.DictReader(io.StringIO(download.path().read_text(encoding="utf-8"))))
    assert sorted(r["id"] for r in rows) == sorted(shown)
    assert {(r["force"], r["organisation"]) for r in rows} == {("Severn Vale Constabulary", "Severn Vale Constabulary")}
    assert {r["kind"] for r in rows} == {"area_for_improvement"}
    query = parse_qs(urlparse(page.locator("#csv").get_attribute("href")).query)
    assert query == {"organisation": ["Severn Vale Constabulary"], "kind": ["area_for_improvement"], "format": ["csv"]}


def test_finding_links_to_its_page_in_the_viewer(page: Page, live_server):
    open_findings(page, "?force=Brackenshire+Police&kind=area_for_improvement")
    first = api_findings(live_server, force="Brackenshire Police", kind="area_for_improvement")[0]
    link = page.locator(f"#ftable tr[data-id='{first['id']}'] td.col-text a")
    with page.expect_popup() as popup:
        link.click()
    viewer = popup.value
    expect(viewer.locator(f".pdfv-sheet[data-page-number='{first['page']}']")).to_be_visible()
    expect(viewer.locator(".textLayer .hl").first).to_be_attached()
    marked = squash("".join(viewer.locator(".textLayer .hl").all_text_contents()))
    assert marked == squash(first["text"])


def test_findings_page_screenshot(page: Page, artifacts):
    page.set_viewport_size({"width": 1400, "height": 1300})
    open_findings(page)
    expect(page.locator(f"{PEEL} .matrix")).to_be_visible()
    expect(page.locator(".chart-bar").first).to_be_attached()
    page.screenshot(path=str(artifacts / "findings.png"))
