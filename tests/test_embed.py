"""The plain-torch MiniLM gives the vectors sentence-transformers gives for the same model."""

import os

import numpy as np
import pytest

from index.chunks import make_chunks
from index.embed import MiniLMEmbedder, _model_dir, _tokenizer
from index.question import STOPWORDS
from index.vocab import WORD

from .conftest import CORPUS, parse

pytestmark = pytest.mark.model

ODD = ["", " ", "Café naïve résumé — “quotes” ½ 東京", "officers " * 400,  # the last is cut at 256 tokens
       "[CLS] [SEP] [PAD] [UNK] [MASK]", "x"]


@pytest.fixture(scope="module")
def reference():
    # The packaged model must never reach for the hub, and its loading bar is noise here.
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_DISABLE_PROGRESS_BARS"):
        os.environ.setdefault(name, "1")
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(_model_dir()), device="cpu")


@pytest.fixture(scope="module")
def texts():
    model = MiniLMEmbedder()
    parsed = parse(min(CORPUS.glob("*.pdf")))
    chunks = make_chunks(parsed.sections, parsed.report.id, model.count_tokens, model.max_tokens)
    sentences = [c.text[s.start:s.end] for c in chunks for s in c.sentences][:150]
    words = sorted({w for c in chunks for w in WORD.findall(c.text.lower()) if w not in STOPWORDS})[:200]
    return {"chunks": [c.embed_text for c in chunks], "sentences": sentences, "words": words, "odd": ODD}


@pytest.mark.parametrize("kind", ["chunks", "sentences", "words", "odd"])
def test_vectors_match_sentence_transformers(reference, texts, kind):
    ours = MiniLMEmbedder().encode(texts[kind])
    theirs = reference.encode(texts[kind], normalize_embeddings=True, convert_to_numpy=True)
    assert ours.shape == theirs.shape and ours.dtype == np.float32
    assert (ours * theirs).sum(axis=1).min() > 0.9999


def test_span_pass_pools_the_same_token_embeddings(reference, texts):
    chunks = texts["chunks"][:20]
    spans = [[(0, len(t) // 2), (len(t) // 2, len(t))] for t in chunks]
    whole, parts = MiniLMEmbedder().encode_spans(chunks, spans)
    assert (whole * reference.encode(chunks, normalize_embeddings=True)).sum(axis=1).min() > 0.9999
    tokens = reference.encode(chunks, output_value="token_embeddings", convert_to_numpy=False)
    for matrix, text, ranges, own in zip(tokens, chunks, spans, parts):
        offsets = _tokenizer(256).encode(text).offsets
        for (start, end), vector in zip(ranges, own):
            inside = [i for i, (a, b) in enumerate(offsets) if b > a and a >= start and b <= end]
            expected = matrix[inside].mean(dim=0).numpy()
            assert vector @ expected / np.linalg.norm(expected) > 0.9999


def test_batching_does_not_change_vectors(texts):
    model = MiniLMEmbedder()
    mixed = texts["chunks"][:8] + texts["words"][:40]
    alone = np.vstack([model.encode([t]) for t in mixed])
    assert np.abs(model.encode(mixed) - alone).max() < 1e-5
