"""Ofsted inspections: children's services (the single inspection framework, ILACS and earlier
looked-after-children inspections), joint Ofsted/CQC area SEND inspections, schools, and the
letters of focused and monitoring visits.

They share the generic bones (a cover naming the body, judgement tables, "What needs to improve",
"Recommendations"); this profile adds Ofsted's own: how to recognise its reports, the area SEND
template's fixed headings and outcome statement, "priority and immediate action", and the words
users and reports use for its bodies and shorthand.
"""

from __future__ import annotations

import re

from ..model import Document, Report
from .generic import Generic

CUES = [
    re.compile(r"\bOfsted\b|Office for Standards in Education"),
    re.compile(r"children.s (?:social care )?services|looked after children|\bSEND\b|special educational needs|"
               r"\bschool\b|\bchildcare\b", re.I),
    re.compile(r"\blocal authority\b|\bcouncil\b|local area partnership|\bHMI\b|Majesty.s Inspector", re.I),
]
# The area SEND framework's section headings, printed in several type styles (one in body type).
SEND_HEADINGS = [
    r"inspection outcome", r"information about the local area partnership",
    r"what is it like to be a child or young person with send in this area\??",
    r"what is the area partnership doing that is effective\??",
    r"what does the area partnership need to do better\??", r"areas? for priority action",
    r"areas? for improvement", r"local area partnership details", r"information about this inspection",
    r"inspection team",
]


class Ofsted(Generic):
    name = "ofsted"
    fixed_headings = [re.compile(rf"^{h}$", re.I) for h in SEND_HEADINGS]
    item_sections = Generic.item_sections + [
        (re.compile(r"^priority and immediate action\b", re.I), "cause_of_concern"),
    ]
    # Inspections of local authority children's services; the single inspection framework before them.
    programmes = re.compile(r"\b(?:ILACS|SIF)\b", re.I)
    glossary = {
        "lscb": ["safeguarding", "children", "board"], "lado": ["designated", "officer"],
        "iro": ["independent", "reviewing", "officer"], "iros": ["independent", "reviewing", "officers"],
        "ehc": ["education", "health", "care"], "ehcp": ["education", "health", "care", "plan"],
        "jtai": ["joint", "targeted", "area", "inspection"], "cla": ["looked", "after", "children"],
        "lac": ["looked", "after", "children"], "mash": ["multi-agency", "safeguarding", "hub"],
        "send": ["special", "educational", "needs", "disabilities"], "cqc": ["care", "quality", "commission"],
        "dcs": ["director", "children's", "services"], "asd": ["autism"], "sen": ["special", "educational", "needs"],
    }
    inspectorate = "Ofsted"

    def score(self, doc: Document) -> float:
        pages = doc.pages[:3] + doc.pages[-1:]
        text = " ".join(ln.text for page in pages for ln in page.lines)
        return sum(bool(cue.search(text)) for cue in CUES) / len(CUES)

    def describe(self, doc: Document, sha256: str, source: str) -> Report:
        report = super().describe(doc, sha256, source)
        name = f"{report.organisation or ''} {report.title}".lower()
        report.organisation_type = ("local area partnership" if "local area partnership" in name else
                                    "school" if re.search(r"\b(school|academy|college)\b", name) else "local authority")
        text = " ".join(ln.text for page in doc.pages[:2] + doc.pages[-2:] for ln in page.lines)
        if re.search(r"Care Quality Commission|\bCQC\b", text):
            report.inspectorate = "Ofsted and CQC"
        return report

    def judgment_label(self, area: str) -> str | None:
        """The single inspection framework's cover states its overall effectiveness judgement as
        "Children's services in X are inadequate"."""
        return "Overall effectiveness" if re.match(r"(?:children.s )?services in\b", area, re.I) else None

    def statement(self, section_title: str, sentences: list[str]) -> tuple[str, str] | None:
        """An outcome given in words rather than on a scale: the area SEND framework's outcome is
        the statement that opens its "Inspection outcome" section."""
        if re.fullmatch(r"inspection outcomes?", section_title.strip(), re.I) and sentences:
            return section_title.strip(), sentences[0]
        return None
