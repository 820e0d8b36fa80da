"""Reading PDFs: text, lines, outline, and a clear reason for every bad file."""

import pytest

from index.errors import BadPdf
from index.pdf import read_pdf

from .conftest import DATA


def test_read_pdf_pages_are_one_based_with_text_and_styled_lines():
    doc = read_pdf(DATA / "mini-bookmarks.pdf")
    assert [p.number for p in doc.pages] == list(range(1, doc.page_count + 1))
    assert all(p.text.strip() and p.lines for p in doc.pages)
    assert all(line.page == p.number for p in doc.pages for line in p.lines)
    assert any(line.bold and line.size > 12 for p in doc.pages for line in p.lines)


def test_read_pdf_outline_levels_and_pages():
    doc = read_pdf(DATA / "mini-bookmarks.pdf")
    assert doc.outline, "the bookmarked fixture has an outline"
    assert {item.level for item in doc.outline} >= {1, 2}
    assert all(1 <= item.page <= doc.page_count for item in doc.outline)
    assert read_pdf(DATA / "mini-nobookmarks.pdf").outline == []


@pytest.mark.parametrize("name, reason", [
    ("broken.pdf", "corrupted or truncated"),
    ("encrypted.pdf", "encrypted"),
    ("empty.pdf", "empty file"),
    ("not-a-pdf.pdf", "not a PDF"),
    ("image-only.pdf", "no text layer"),
])
def test_read_pdf_bad_files_say_why(name, reason):
    with pytest.raises(BadPdf) as info:
        read_pdf(DATA / name)
    assert reason in str(info.value)
