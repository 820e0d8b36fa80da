"""Chunks: bounded by sections, sized in model tokens, boxes on their own, pages right."""

import pytest

from index.chunks import SPECIAL_TOKENS, make_chunks
from index.embed import get_embedder

from .conftest import CORPUS, DATA, parse

PDFS = sorted(CORPUS.glob("*.pdf"))[:2] + [DATA / "mini-nobookmarks.pdf"]


@pytest.fixture(scope="module", params=PDFS, ids=lambda p: p.name)
def parsed(request):
    sections = parse(request.param).sections
    embedder = get_embedder("hash")
    return sections, make_chunks(sections, "r", embedder.count_tokens, embedder.max_tokens), embedder


def test_chunks_never_straddle_sections(parsed):
    sections, chunks, _ = parsed
    paths = [s.path for s in sections]
    for chunk in chunks:
        assert chunk.section_path in paths
        section = next(s for s in sections if s.path == chunk.section_path)
        for sentence in chunk.sentences:
            quote = chunk.text[sentence.start:sentence.end]
            assert any(quote in b.text for b in section.blocks), quote


def test_chunks_fit_the_model_with_their_path_prefix(parsed):
    _, chunks, embedder = parsed
    counts = embedder.count_tokens([c.embed_text for c in chunks])
    assert max(counts) + SPECIAL_TOKENS <= embedder.max_tokens
    assert all(c.embed_text.startswith(" › ".join(c.section_path)) for c in chunks)


def test_chunks_pages_and_sentences_consistent(parsed):
    sections, chunks, _ = parsed
    for chunk in chunks:
        section = next(s for s in sections if s.path == chunk.section_path)
        assert section.page_start <= chunk.page_start <= chunk.page_end <= section.page_end
        assert all(chunk.page_start <= s.page <= chunk.page_end for s in chunk.sentences)
        assert "".join(chunk.text[s.start:s.end] for s in chunk.sentences).replace(" ", "") == \
            chunk.text.replace(" ", "").replace("\n", "")


def test_chunks_kinds_mark_boxes_and_judgments(parsed):
    sections, chunks, _ = parsed
    kinds = {c.kind for c in chunks}
    assert "area_for_improvement" in kinds
    graded = {tuple(s.path) for s in sections if s.grade}
    openers = {}
    for chunk in chunks:
        openers.setdefault(tuple(chunk.section_path), chunk)
    assert all(openers[p].kind == "judgment" for p in graded if p in openers)


def test_chunks_ids_are_stable_and_unique(parsed):
    _, chunks, _ = parsed
    assert len({c.id for c in chunks}) == len(chunks)
    assert chunks[0].id == "r-0000"
