"""Parse one PDF into what ingest needs: report metadata and sections."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .pdf import read_pdf
from .reports import Report, describe
from .sections import Section, split_sections


@dataclass
class Parsed:
    report: Report
    sections: list[Section]


def parse_file(path: Path) -> Parsed:
    """Read a PDF and recover its report metadata and section tree; raises BadPdf."""
    doc = read_pdf(path)
    return Parsed(report=describe(doc), sections=split_sections(doc))
