"""Read a PDF into pages of positioned, styled lines; with `tags`, the only code that imports pypdf.

Each line is one run of text as pypdf extracts it, with its position, size and weight, and in a
tagged PDF the structure element it belongs to. Text is normalised here, once: ligature glyphs
become their letters and soft hyphens go, so every later stage sees "Effectiveness".
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

import pypdf
from pypdf.errors import FileNotDecryptedError, LimitReachedError, PdfReadError, PyPdfError
from pypdf.generic import ContentStream, DictionaryObject, FloatObject, NameObject, NumberObject

from ..errors import BadPdf
from ..model import Document, Line, OutlineItem, Page, Tag
from .tags import read_structure

# pypdf logs every recoverable oddity of a damaged file; we report the outcome ourselves.
logging.getLogger("pypdf").setLevel(logging.ERROR)

BOLD_MARKERS = ("bold", "black", "heavy", "semibold", "demi")
# Below this many letters in the whole file we call it image-only rather than guess.
MIN_LETTERS = 200
# Presentation forms that typesetters (Chromium, InDesign) keep as single glyphs, and the soft
# hyphen, which only marks where a word may break.
LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                           "\ufb05": "st", "\ufb06": "st", "\u00ad": None})
# pypdf emits text at flushes, not at marked-content boundaries; an identity matrix operator
# before each BDC/BMC/EMC forces a flush there, so each piece is attributed to its own element
# (the operator changes nothing on the page).
_FLUSH = ([FloatObject(1), FloatObject(0), FloatObject(0), FloatObject(1), FloatObject(0), FloatObject(0)], b"cm")


def file_sha256(path: Path) -> str:
    """Hash a file's bytes; the report id and the skip-unchanged check both use it."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_pdf_bytes(head: bytes) -> None:
    """Raise BadPdf unless these first bytes of a file look like a PDF."""
    if not head:
        raise BadPdf("empty file (0 bytes)")
    # The spec allows junk before the header; readers accept it within the first KiB.
    if b"%PDF-" not in head[:1024]:
        raise BadPdf("not a PDF (no %PDF- header; the file is something else renamed .pdf)")


def read_pdf(path: Path, max_pages: int = 2000) -> Document:
    """Read a PDF from disk, or raise BadPdf with a reason a user can act on."""
    path = Path(path)
    with open(path, "rb") as fh:
        check_pdf_bytes(fh.read(1024))
    try:
        reader = pypdf.PdfReader(path, strict=False)
        _unlock(reader)
        count = len(reader.pages)
        if count == 0:
            raise BadPdf("the PDF has no pages")
        if count > max_pages:
            raise BadPdf(f"too many pages ({count}; the limit is {max_pages})")
        tags = read_structure(reader)
        pages = [_read_page(reader, i, tags) for i in range(count)]
        outline = _read_outline(reader)
        meta = _read_meta(reader)
    except BadPdf:
        raise
    except FileNotDecryptedError as exc:
        raise BadPdf("encrypted: the PDF needs a password to open") from exc
    except LimitReachedError as exc:
        raise BadPdf(f"a stream inflates past the safety limit (a decompression bomb?): {exc}") from exc
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError,
            IndexError, RecursionError, OverflowError, UnicodeError, AssertionError) as exc:
        # pypdf signals damaged structure with a wide mix of exception types.
        raise BadPdf(f"corrupted or truncated PDF ({type(exc).__name__}: {exc})") from exc
    letters = sum(ch.isalpha() for page in pages for ch in page.text)
    if letters < MIN_LETTERS:
        raise BadPdf("no text layer (scanned or image-only PDF); run OCR on it first")
    return Document(path=path, pages=pages, outline=outline, meta=meta, tagged=bool(tags))


def _unlock(reader: pypdf.PdfReader) -> None:
    if not reader.is_encrypted:
        return
    # Owner-password-only PDFs (print/copy restrictions) open with an empty user password.
    try:
        opened = reader.decrypt("")
    except (NotImplementedError, PyPdfError) as exc:
        raise BadPdf(f"encrypted with an unsupported scheme ({exc})") from exc
    if not opened:
        raise BadPdf("encrypted: the PDF needs a password to open")


_Run = tuple[str, float, float, float, bool, Tag | None]


def _read_page(reader: pypdf.PdfReader, index: int, tags: dict[tuple[int, int], Tag]) -> Page:
    page = reader.pages[index]
    runs: list[_Run] = []
    marks: list[tuple[bool, int | None]] = []  # open marked content: (artifact, MCID)
    forms = 0  # text inside form XObjects has MCIDs of the form's own

    def before(op: bytes, args: list, cm: list, tm: list) -> None:
        nonlocal forms
        if op in (b"BDC", b"BMC"):
            props = _properties(args[1], page) if op == b"BDC" and len(args) > 1 else None
            mcid = props.get("/MCID") if props is not None else None
            artifact = bool(args) and args[0] == "/Artifact"
            marks.append((artifact, int(mcid) if isinstance(mcid, (int, NumberObject)) and not forms else None))
        elif op == b"EMC" and marks:
            marks.pop()
        elif op == b"Do":
            forms += 1

    def after(op: bytes, args: list, cm: list, tm: list) -> None:
        nonlocal forms
        if op == b"Do":
            forms -= 1

    def visit(text: str, cm: list[float], tm: list[float], font: dict | None, size: float) -> None:
        if any(artifact for artifact, _ in marks):
            return  # running headers, footers and page numbers the producer marked as such
        mcid = next((m for _, m in reversed(marks) if m is not None), None)
        # Text space -> device space: the run's position and its printed size.
        a, b, c, d, e, f = _multiply(tm, cm)
        scale = (c * c + d * d) ** 0.5 or 1.0
        runs.append((text, e, f, round(size * scale, 1), _is_bold(font), tags.get((index, mcid))))

    if tags:
        _flush_at_marks(page, reader)
    text = page.extract_text(visitor_text=visit, visitor_operand_before=before, visitor_operand_after=after)
    return Page(number=index + 1, height=float(page.mediabox.height), text=text,
                lines=_lines_from_runs(runs, index + 1))


def _properties(props: object, page: pypdf.PageObject) -> DictionaryObject | None:
    """A BDC operator's property list, inline or named in the page's resources."""
    props = props.get_object() if hasattr(props, "get_object") else props
    if isinstance(props, DictionaryObject):
        return props
    resources = page.get("/Resources")
    named = resources.get_object().get("/Properties") if resources is not None else None
    found = named.get_object().get(props) if named is not None and isinstance(props, str) else None
    return found.get_object() if found is not None else None


def _flush_at_marks(page: pypdf.PageObject, reader: pypdf.PdfReader) -> None:
    contents = page.get_contents()
    if contents is None:
        return
    stream = ContentStream(contents, reader, "bytes")  # undecoded strings, as pypdf's extraction parses them
    operations = []
    for operands, operator in stream.operations:
        if operator in (b"BDC", b"BMC", b"EMC"):
            operations.append(_FLUSH)
        operations.append((operands, operator))
    stream.operations = operations
    page[NameObject("/Contents")] = stream


def _multiply(m: list[float], n: list[float]) -> tuple[float, ...]:
    a1, b1, c1, d1, e1, f1 = (float(v) for v in m)
    a2, b2, c2, d2, e2, f2 = (float(v) for v in n)
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


def _is_bold(font: dict | None) -> bool:
    if not font:
        return False
    name = str(font.get("/BaseFont", "")).lower()
    return any(marker in name for marker in BOLD_MARKERS)


def _lines_from_runs(runs: list[_Run], page: int) -> list[Line]:
    """Split the run stream on pypdf's own newlines, so line text matches extract_text(), and
    where a tagged PDF moves to another block (two table cells printed on one baseline)."""
    lines: list[Line] = []
    buf: list[str] = []
    style: list[tuple[float, float, float, bool]] = []  # (x, y, size, bold) of printed runs
    tag: Tag | None = None

    def flush() -> None:
        text = re.sub(r"\s+", " ", "".join(buf).translate(LIGATURES)).strip()
        if text:
            x, y, size, _ = style[0] if style else (0.0, 0.0, 0.0, False)
            size = max((s[2] for s in style), default=size)
            bold = bool(style) and all(s[3] for s in style)
            lines.append(Line(text=text, page=page, x=round(x, 1), y=round(y, 1), size=size, bold=bold,
                              tag=tag))
        buf.clear()
        style.clear()

    last: tuple[float, float] = (0.0, 0.0)  # baseline and size of the last printed run
    for text, x, y, size, bold, run_tag in runs:
        if text.strip().isdigit() and len(text.strip()) <= 2 and size < 0.8 * last[1] and y > last[0] + 1:
            continue  # a superscript footnote mark ("Board1"): not part of the words it follows
        if text.strip():
            last = (y, size)
        for i, piece in enumerate(text.split("\n")):
            if i:
                flush()
            if piece.strip():
                started = "".join(buf).strip()
                if started and run_tag is not None and tag is not None and run_tag.block != tag.block:
                    flush()
                    started = ""
                if not started:
                    tag = run_tag
                style.append((x, y, size, bold))
            buf.append(piece)
    flush()
    return lines


def _read_outline(reader: pypdf.PdfReader) -> list[OutlineItem]:
    items: list[OutlineItem] = []

    def walk(nodes: list, level: int) -> None:
        for node in nodes:
            if isinstance(node, list):
                walk(node, level + 1)
                continue
            try:
                index = reader.get_destination_page_number(node)
            except (PyPdfError, KeyError, TypeError, ValueError, AttributeError):
                continue
            title = re.sub(r"\s+", " ", str(node.title or "")).strip()
            if title and index is not None and index >= 0:
                items.append(OutlineItem(title=title, level=level, page=index + 1))

    try:
        walk(reader.outline, 1)
    except (PyPdfError, KeyError, TypeError, ValueError, AttributeError, RecursionError):
        return []
    return items


def _read_meta(reader: pypdf.PdfReader) -> dict[str, str]:
    try:
        info = reader.metadata or {}
    except (PyPdfError, KeyError, TypeError, ValueError):
        return {}
    meta = {}
    for key in ("/Title", "/Author", "/Subject", "/Keywords", "/CreationDate"):
        value = info.get(key)
        if value:
            meta[key.strip("/").lower()] = re.sub(r"\s+", " ", str(value)).strip()
    return meta
