"""Section recovery against recorded ground truth: the real report and every generated one."""

import json
import re
from pathlib import Path

import pytest

from index.chunks import make_chunks
from index.embed import get_embedder
from index.pdf import read_pdf

from .conftest import CORPUS, DATA, REAL_NOBOOKMARKS, REAL_PDF, REAL_TRUTH, parse

GENERATED = sorted(CORPUS.glob("*.pdf")) + sorted(DATA.glob("mini-*.pdf"))
RETYPESET = DATA / "retypeset-northmoor-2018-19.pdf"


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def check_against_truth(pdf: Path, truth: dict) -> None:
    sections = parse(pdf).sections
    # The generators record no section for the contents page; reportqa keeps its heading as one.
    got = {(_norm(s.title), s.level, s.page_start) for s in sections if _norm(s.title) != "contents"}
    want = {(_norm(s["title"]), s["level"], s["page_start"]) for s in truth["sections"]}
    found = len(got & want) / len(want)
    spurious = len(got - want) / max(1, len(got))
    assert found >= 0.95, sorted(want - got)
    assert spurious <= 0.05, sorted(got - want)
    chunks = make_chunks(sections, "r", get_embedder("hash").count_tokens)
    for box in truth["boxes"]:
        items = box["items"][1:] if box["kind"] == "cause_of_concern" else box["items"]
        holders = [c for c in chunks if c.kind == box["kind"] and c.page_start == box["page"]
                   and c.section_path[-1] == box["section_title"]]
        assert holders, f"no {box['kind']} chunk for the box on page {box['page']}"
        text = _norm(holders[0].text)
        assert all(_norm(item) in text for item in items), (box, holders[0].text)
        others = [c for c in chunks if c.kind == "body" and any(_norm(i) in _norm(c.text) for i in items)]
        assert not others, "a box's items live in the box's own chunk only"


@pytest.mark.parametrize("pdf", GENERATED, ids=lambda p: p.name)
def test_sections_match_generated_truth(pdf):
    truth = json.loads(pdf.with_suffix(".structure.json").read_text())
    assert bool(read_pdf(pdf).outline) == truth["report"]["bookmarks"]
    check_against_truth(pdf, truth)


@pytest.mark.parametrize("pdf", [REAL_PDF, REAL_NOBOOKMARKS], ids=["bookmarks", "no-bookmarks"])
def test_sections_match_real_report_truth(shared, pdf):
    truth = json.loads(REAL_TRUTH.read_text())
    check_against_truth(pdf, truth)


def test_sections_real_report_boxes_are_four_bullets(shared):
    for pdf in (REAL_PDF, REAL_NOBOOKMARKS):
        blocks = [(s.path, b) for s in parse(pdf).sections for b in s.blocks
                  if b.kind == "area_for_improvement"]
        assert [len(b.items) for _, b in blocks] == [1, 2, 1]
        assert [b.page_start for _, b in blocks] == [9, 23, 30]
        assert blocks[0][0] == ["Effectiveness", "Investigating crime", "Investigation quality"]


def test_sections_strip_running_headers_and_page_numbers():
    pdf = CORPUS / "brackenshire-peel-2018-19.pdf"  # this style prints a running header
    sections = parse(pdf).sections
    text = "\n".join(b.text for s in sections for b in s.blocks)
    assert "PEEL 2018/19" not in text
    assert not re.search(r"(^|\n)\d{1,2}(\n|$)", text), "a bare page number was left in the text"


def test_sections_grades_under_question_headings():
    truth = json.loads((CORPUS / "severn-vale-peel-2017.structure.json").read_text())
    want = {s["title"]: s["grade"] for s in truth["sections"] if s.get("grade")}
    got = {s.title: s.grade for s in parse(CORPUS / "severn-vale-peel-2017.pdf").sections if s.grade}
    assert got == want


def test_sections_of_a_retypeset_report():
    """The same report set again in a layout nobody tuned to: a serif face, numbered headings, the
    grade on the heading line, a running header and "Page N of M" footer, no bookmarks."""
    truth = json.loads(RETYPESET.with_suffix(".structure.json").read_text())
    sections = parse(RETYPESET).sections
    got = {(_norm(s.title), s.page_start): s for s in sections}
    found = [t for t in truth["sections"] if (_norm(t["title"]), t["page_start"]) in got]
    assert len(found) >= 0.95 * len(truth["sections"])
    graded = {t["title"]: t["grade"] for t in truth["sections"] if t.get("grade")}
    assert {s.title: s.grade for s in sections if s.title in graded} == graded
    text = "\n".join(b.text for s in sections for b in s.blocks)
    assert "Page 3 of" not in text and truth["report"]["force"] + " – PEEL" not in text
