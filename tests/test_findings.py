"""Findings as records: judgments, boxed items, items carried from earlier inspections, and
links between a force's reports, checked against recorded ground truth."""

import json
import re

import pytest

from index.findings import extract_findings
from index.model import Block, Section
from index.profiles import by_name
from index.text import similar

from .conftest import CORPUS, DATA, REAL_NOBOOKMARKS, REAL_PDF, REAL_TRUTH, generation, parse

GENERATED = sorted(CORPUS.glob("*.pdf")) + sorted(DATA.glob("mini-*.pdf"))


def extract(pdf):
    parsed = parse(pdf)
    return extract_findings(parsed.sections, "r", parsed.report.year, by_name(parsed.report.family))


def _same(want: dict, got) -> bool:
    if want["kind"] != got.kind:
        return False
    if got.kind == "judgment":
        return want.get("grade") == got.grade and (
            similar(want["text"], got.text) >= 0.99 or want["section_path"][-1] == got.section_path[-1])
    return similar(want["text"], got.text) >= 0.5


def _one_per_item(want: list[dict]) -> list[dict]:
    """The truth records, one per item: the generator records an item it boxes again and revisits
    in prose twice (box and prose, the same earlier item linked), where the index keeps one
    finding, the box, which learns its history from the prose."""
    boxed = [w["links_to"] for w in want if w.get("source") == "box" and w.get("links_to")]
    return [w for w in want if not (w.get("source") == "prose" and w.get("links_to") in boxed)]


def test_findings_precision_and_recall_on_generated_corpus():
    tp = fp = fn = 0
    wrong = []
    for pdf in GENERATED:
        want = _one_per_item(json.loads(pdf.with_suffix(".structure.json").read_text())["findings"])
        used = set()
        for got in extract(pdf):
            match = next((j for j, w in enumerate(want) if j not in used and _same(w, got)), None)
            if match is None:
                fp += 1
                continue
            used.add(match)
            tp += 1
            w = want[match]
            if w.get("carried_from") != got.carried_from or (w.get("progress") and w["progress"] != got.progress):
                wrong.append((pdf.name, got.text, got.carried_from, got.progress, w.get("carried_from"), w.get("progress")))
            if got.kind == "judgment" and w.get("last_inspected") != got.last_inspected:
                wrong.append((pdf.name, got.text, got.last_inspected, w.get("last_inspected")))
        fn += len(want) - len(used)
    assert tp / (tp + fp) >= 0.95 and tp / (tp + fn) >= 0.95, (tp, fp, fn)
    assert len(wrong) <= 0.05 * tp, wrong


def test_findings_cross_year_links(hash_index):
    store = generation(hash_index)
    by_id = {r["id"]: dict(r) for r in store.db.execute(
        "SELECT f.id, f.text, f.linked_to, r.filename FROM findings f JOIN reports r ON r.id = f.report_id")}
    checked = 0
    for pdf in sorted(CORPUS.glob("*2018-19.pdf")):
        for want in _one_per_item(json.loads(pdf.with_suffix(".structure.json").read_text())["findings"]):
            if not want.get("links_to"):
                continue
            got = [f for f in by_id.values() if f["filename"] == pdf.name and similar(f["text"], want["text"]) >= 0.5]
            assert got, want["text"]
            target = by_id.get(got[0]["linked_to"])
            assert target is not None, ("no link", want["text"])
            assert target["filename"] == want["links_to"]["document"]
            assert any(similar(target["text"], text) >= 0.5 for text in _same_box(want["links_to"])), \
                (target["text"], want["links_to"]["text"])
            checked += 1
    assert checked >= 10


def _same_box(link: dict) -> list[str]:
    """The linked item's text, and for a cause of concern, the recommendations in its box."""
    earlier = json.loads((CORPUS / link["document"]).with_suffix(".structure.json").read_text())
    box = next((b for b in earlier["boxes"] if b.get("concern") == link["text"]), None)
    return [link["text"]] + (box["recommendations"] if box else [])


@pytest.fixture(scope="module", params=[REAL_PDF, REAL_NOBOOKMARKS], ids=["bookmarks", "no-bookmarks"])
def real(request, shared):
    return extract(request.param)


def test_findings_real_report_judgments(real):
    truth = json.loads(REAL_TRUTH.read_text())
    rows = [row for t in truth["tables"] if t["name"].startswith("overall_summary") for row in t["rows"]]
    assert len(rows) == 10
    judgments = [f for f in real if f.kind == "judgment"]
    for area, grade, year in rows:
        match = [f for f in judgments if similar(f.text, area) >= 0.99 or f.text == area]
        assert match, area
        assert (match[0].grade, match[0].last_inspected) == (grade, year), (area, match[0])


def test_findings_real_report_boxed_areas_for_improvement(real):
    boxed = [f for f in real if f.kind == "area_for_improvement" and f.source == "box"]
    truth = [item for box in json.loads(REAL_TRUTH.read_text())["boxes"] for item in box["items"]]
    assert [f.text for f in boxed] == truth
    assert [f.page for f in boxed] == [9, 23, 23, 30]


CARRIED = [  # what the report says of the 2017 items it revisits
    (r"skills and capabilities|workforce.s capabilities", {"limited progress", "not fully addressed"}),
    (r"leadership skills audit", {"limited progress", "not fully addressed"}),
    (r"talent", {"limited progress", "little progress", "not fully addressed"}),
    (r"THRIVE", {"improved"}),
    (r"totality of demand", {"improved", "good progress"}),
    (r"neighbourhood teams are allocated incidents", {"improved"}),
]


@pytest.mark.parametrize("pattern, verdicts", CARRIED, ids=[c[0][:20] for c in CARRIED])
def test_findings_real_report_carried_from_2017(real, pattern, verdicts):
    carried = [f for f in real if f.carried_from == "2017" and re.search(pattern, f.text + " " + (f.evidence or ""))]
    assert carried, pattern
    assert {f.progress for f in carried} & verdicts, [(f.text, f.progress) for f in carried]
    assert all(f.evidence and "2017" in f.evidence for f in carried)


@pytest.mark.parametrize("cell, area, grade", [
    ("The overall judgement is inadequate There are widespread and serious failures.", "The overall judgement",
     "Inadequate"),  # the grade runs into the explanation, with no full stop between
    ("The overall judgement is inadequate.", "The overall judgement", "Inadequate"),
    ("Leadership is judged to be good. Leaders know their services well.", "Leadership", "Good"),
    ("The overall judgement is that there are widespread failures", None, None),  # no grade stated
])
def test_findings_one_cell_row_that_states_a_grade(cell, area, grade):
    table = Block(kind="table", text=cell, starts=[(0, 3)], rows=[[cell]])
    section = Section(title="Summary", level=1, path=["Summary"], page_start=3, page_end=3, blocks=[table])
    found = [(f.text, f.grade, f.page) for f in extract_findings([section], "r", "2014", by_name("generic"))
             if f.kind == "judgment"]
    assert found == ([(area, grade, 3)] if area else [])


def test_findings_the_key_to_a_scale_of_grades_grades_nothing():
    key = [["A service that significantly exceeds minimum requirements", "Outstanding"],
           ["A service that exceeds minimum requirements", "Good"],
           ["A service that only meets minimum requirements", "Adequate"],
           ["A service that does not meet minimum requirements", "Inadequate"]]
    graded = [["Overall effectiveness", "Inadequate"], ["Capacity to improve", "Adequate"],
              ["Quality of provision", "Good"]]
    found = {}
    for name, rows in (("key", key), ("graded", graded)):
        text = "\n".join(" ".join(r) for r in rows)
        table = Block(kind="table", text=text, starts=[(0, 4)], rows=rows)
        section = Section(title=name, level=1, path=[name], page_start=4, page_end=4, blocks=[table])
        found[name] = [f.text for f in extract_findings([section], "r", "2013", by_name("ofsted")) if f.kind == "judgment"]
    assert found == {"key": [], "graded": ["Overall effectiveness", "Capacity to improve", "Quality of provision"]}
