"""Report metadata: title, force and year from PDF metadata or the cover; ids from content."""

import json

import pytest

from .conftest import CORPUS, DATA, REAL_NOBOOKMARKS, REAL_PDF, parse


@pytest.mark.parametrize("pdf", sorted(CORPUS.glob("*.pdf")) + sorted(DATA.glob("mini-*.pdf")), ids=lambda p: p.name)
def test_describe_generated_reports(pdf):
    truth = json.loads(pdf.with_suffix(".structure.json").read_text())["report"]
    report = parse(pdf).report
    assert report.force == truth["force"]
    assert report.year == truth["year"]
    assert truth["force"] in report.title or report.title.startswith(truth["title"])
    assert report.id == report.sha256[:16]


def test_describe_real_report_with_and_without_metadata(shared):
    for pdf in (REAL_PDF, REAL_NOBOOKMARKS):
        report = parse(pdf).report
        assert report.force == "Leicestershire Police"
        assert report.year == "2018/19"
        assert "2018/19" in report.title and "Leicestershire Police" in report.title
