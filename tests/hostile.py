"""Hand-built hostile PDFs for the hardening tests (raw PDF syntax, so each fault is exact)."""

from __future__ import annotations

import zlib
from pathlib import Path

TEXT = ("Her Majesty's Inspectorate of Constabulary found that the force is good at investigating "
        "crime and protecting vulnerable people. ")


def write_pdf(path: Path, objects: list[bytes], root: int = 1) -> Path:
    """Write numbered objects (1-based) with a correct xref table and trailer."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def _stream(data: bytes, compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _text_ops(line: str, lines: int = 1) -> bytes:
    safe = line.replace("\\", "").replace("(", "").replace(")", "")
    return " ".join(f"BT /F1 11 Tf 72 {720 - 14 * n} Td ({safe}) Tj ET" for n in range(lines)).encode()


def many_pages(path: Path, pages: int, lines: int = 1) -> Path:
    """A valid PDF of many pages, each with lines of text (the same one)."""
    font, pages_obj = 3, 2
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for n in range(pages):
        content = len(objects) + 1
        objects.append(_stream(_text_ops(f"Page {n + 1}. {TEXT}", lines)))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (content, font))
        kids.append(len(objects))
    objects[pages_obj - 1] = (b"<< /Type /Pages /Count %d /Kids [" % pages
                              + b" ".join(b"%d 0 R" % k for k in kids) + b"] >>")
    return write_pdf(path, objects)


def self_referencing(path: Path) -> Path:
    """A page tree whose Pages node lists itself as its own kid."""
    return write_pdf(path, [b"<< /Type /Catalog /Pages 2 0 R >>",
                            b"<< /Type /Pages /Count 1 /Kids [2 0 R] >>"])


def deeply_nested(path: Path, depth: int = 100_000) -> Path:
    """A page whose resources hold arrays nested far deeper than any parser's recursion limit."""
    nested = b"[" * depth + b"]" * depth
    return write_pdf(path, [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /X " + nested + b" >> >>",
        _stream(_text_ops(TEXT)),
    ])


def huge_stream(path: Path, megabytes: int) -> Path:
    """A page whose content stream inflates from a few MB to many hundred MB of operators."""
    ops = (_text_ops(TEXT) + b"\n") * (megabytes * (1 << 20) // 160)
    return write_pdf(path, [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(ops, compress=True),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])
