"""Reading what is printed: ligature glyphs and soft hyphens, words broken at line ends, a tagged
PDF's structure (headings, cells, artifacts), and a hostile structure tree."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pypdf
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

from index.layout import analyse, reading_stream
from index.model import Document, Line, Page
from index.pdf import read_pdf

from .conftest import CORPUS, DATA, parse

PRINTED = DATA / "print-ligatures.pdf"


def test_reading_ligatures_and_soft_hyphens_become_letters():
    truth = json.loads(PRINTED.with_suffix(".truth.json").read_text())
    doc = read_pdf(PRINTED)
    assert truth["hazards"]["ligatures_in_raw_text"] and any("\ufb00" in p.text for p in doc.pages)
    lines = " ".join(line.text for page in doc.pages for line in page.lines)
    assert not re.search("[\ufb00-\ufb06\u00ad]", lines)
    text = " ".join(b.text for s in parse(PRINTED).sections for b in s.blocks)
    # Chromium prints a soft hyphen as a space-like glyph: those words are its own loss, listed apart.
    unreadable = set(truth["whole_words_split_by_text_normalisation"])
    missing = [w for w in truth["whole_words"] if w not in unreadable and w not in text]
    assert not missing


def _doc(*texts: str) -> Document:
    lines = [Line(text=t, page=1, x=72.0, y=700.0 - 14 * n, size=10.0, bold=False) for n, t in enumerate(texts)]
    return Document(path=Path("t.pdf"), pages=[Page(number=1, height=842.0, text="\n".join(texts), lines=lines)],
                    outline=[], meta={})


def test_reading_words_broken_at_line_ends_are_rejoined():
    doc = _doc("The investigation began in May.", "Each investi-", "gation was reviewed and the anti-",
               "social behaviour team saw a dis\u2010", "proportionate rise.")
    got = [line.text for line in reading_stream(doc, analyse(doc))]
    # A word the document spells whole elsewhere, and one broken with a typesetter's hyphen, are
    # joined; a word typed with its hyphen ("anti-social") keeps it.
    assert got == ["The investigation began in May.", "Each investigation", "was reviewed and the anti-",
                   "social behaviour team saw a disproportionate", "rise."]


def test_reading_tagged_pdf_structure():
    doc = read_pdf(PRINTED)
    assert doc.tagged and not read_pdf(CORPUS / "northmoor-peel-2017.pdf").tagged
    lines = [line for page in doc.pages for line in page.lines]
    heading = next(line for line in lines if line.text == "Effectiveness")
    assert heading.tag is not None and heading.tag.role == "H1"
    cells = [line for line in lines if line.tag is not None and line.tag.table >= 0]
    wrapped = [line for line in cells if line.text.startswith("Understanding the risk of fire")]
    assert wrapped and {(c.tag.row, c.tag.col) for c in cells if c.tag.block == wrapped[0].tag.block} == {(1, 0)}
    truth = json.loads(PRINTED.with_suffix(".truth.json").read_text())
    # A cell that wraps onto two lines is one cell of its row.
    table = next(b for s in parse(PRINTED).sections for b in s.blocks if b.kind == "table")
    assert table.rows[1:] == truth["table"]["rows"]


def _cyclic_tree(path: Path) -> Path:
    """A PDF whose structure tree points back at itself, and claims MCIDs on pages it has not."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(CORPUS / "northmoor-peel-2017.pdf"))
    element = DictionaryObject({NameObject("/S"): NameObject("/P")})
    ref = writer._add_object(element)
    element[NameObject("/K")] = ArrayObject([ref, NumberObject(7), ref])
    root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot"), NameObject("/K"): ref})
    writer._root_object[NameObject("/StructTreeRoot")] = writer._add_object(root)
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def test_reading_hostile_structure_tree_is_survived(tmp_path):
    start = time.monotonic()
    doc = read_pdf(_cyclic_tree(tmp_path / "cyclic.pdf"))
    assert time.monotonic() - start < 30 and not doc.tagged
    assert sum(len(p.lines) for p in doc.pages) == sum(len(p.lines) for p in read_pdf(CORPUS / "northmoor-peel-2017.pdf").pages)


def test_reading_a_sentence_a_tagged_pdf_breaks_at_a_page_stays_one_paragraph(shared):
    """Some tagged PDFs start a new paragraph element at each page, mid-sentence; the paragraph
    goes on, so that no quote starts halfway through a sentence ("trend is further ...")."""
    report = parse(shared / "corpus" / "real" / "ofsted-sif-wirral-2016.pdf")
    blocks = [b for s in report.sections for b in s.blocks if b.kind == "body"]
    run_on = next(b for b in blocks if "improving compliance. This trend is further exemplified" in b.text)
    assert [page for _, page in run_on.starts] == [32, 33]
    assert not any(b.text[:1].islower() and not b.listed and len(b.text.split()) > 1 for b in blocks)
