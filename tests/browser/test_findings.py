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
    with urllib.request.urlopen(f"{live_server}/api/findings?{urlencode(params)}") as response:
        return json.load(response)["findings"]


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

    page.select_option("select[name=force]", "Northmoor Police")
    northmoor = api_findings(live_server, force="Northmoor Police")
    assert 0 < len(northmoor) < len(everything)
    expect_rows(page, len(northmoor))
    assert set(column(page, "force")) == {"Northmoor Police"}

    page.select_option("select[name=kind]", "area_for_improvement")
    page.select_option("select[name=year]", "2018/19")
    narrowed = api_findings(live_server, force="Northmoor Police", kind="area_for_improvement", year="2018/19")
    assert 0 < len(narrowed) < len(northmoor)
    expect_rows(page, len(narrowed))
    assert set(column(page, "kind")) == {"Area for improvement"}
    assert set(column(page, "year")) == {"2018/19"}
    expect(page.locator("#completeness")).to_contain_text(f"{len(narrowed)} findings match")
    expect(page).to_have_url(re.compile(r"force=Northmoor\+Police"))

    page.select_option("select[name=kind]", "")
    page.select_option("select[name=grade]", "Outstanding")
    expect_rows(page, len(api_findings(live_server, force="Northmoor Police", year="2018/19", grade="Outstanding")))
    assert set(column(page, "grade")) == {"Outstanding"}

    page.select_option("select[name=grade]", "")
    page.select_option("select[name=carried_from]", "2017")
    carried = api_findings(live_server, force="Northmoor Police", year="2018/19", carried_from="2017")
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
    open_findings(page, "?force=Severn+Vale+Constabulary")
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
    expected: dict[str, dict[str, str]] = {}
    for j in api_findings(live_server, kind="judgment"):
        if j["grade"]:
            expected.setdefault(f"{j['report']['force']} {j['report']['year']}", {})[j["text"]] = j["grade"]
    matrix = page.locator(".matrix")
    expect(matrix).to_be_visible()
    questions = matrix.locator("thead .question-head").all_text_contents()
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


def test_findings_chart_counts_the_view(page: Page, live_server):
    open_findings(page, "?kind=area_for_improvement")
    rows = api_findings(live_server, kind="area_for_improvement")
    bars = page.locator(".chart-bar")
    expect(bars.first).to_be_attached()
    counted = {(b.get_attribute("data-pillar"), b.get_attribute("data-year")): int(b.get_attribute("data-count"))
               for b in bars.all()}
    for pillar, year in {(f["section"]["path"][0], f["report"]["year"]) for f in rows}:
        assert counted[(pillar, year)] == sum(
            1 for f in rows if f["section"]["path"][0] == pillar and f["report"]["year"] == year)
    assert sum(counted.values()) == len(rows)


def test_csv_download_matches_the_current_view(page: Page):
    open_findings(page, "?force=Severn+Vale+Constabulary&kind=area_for_improvement")
    ids = page.locator("#ftable tbody tr[data-id]")
    expect(ids.first).to_be_attached()
    shown = [row.get_attribute("data-id") for row in ids.all()]
    with page.expect_download() as info:
        page.locator("#csv").click()
    download = info.value
    assert download.suggested_filename == "findings.csv"
    rows = list(csv.DictReader(io.StringIO(download.path().read_text(encoding="utf-8"))))
    assert sorted(r["id"] for r in rows) == sorted(shown)
    assert {r["force"] for r in rows} == {"Severn Vale Constabulary"}
    assert {r["kind"] for r in rows} == {"area_for_improvement"}
    query = parse_qs(urlparse(page.locator("#csv").get_attribute("href")).query)
    assert query == {"force": ["Severn Vale Constabulary"], "kind": ["area_for_improvement"], "format": ["csv"]}


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
    expect(page.locator(".matrix")).to_be_visible()
    expect(page.locator(".chart-bar").first).to_be_attached()
    page.screenshot(path=str(artifacts / "findings.png"))
