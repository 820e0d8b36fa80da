"""HMICFRS PEEL police inspections: the template's grade labels, boxes, summary tables, force
names, and the ways a report refers back to earlier inspections."""

from __future__ import annotations

import re

from ..model import Document, Report
from .base import Label, Profile

GRADES = {
    "outstanding": "Outstanding", "good": "Good", "adequate": "Adequate",
    "requires improvement": "Requires improvement", "inadequate": "Inadequate",
    "ungraded": "Ungraded", "not graded": "Ungraded",
}
_GRADE_WORDS = "|".join(sorted(set(GRADES.values()), key=len, reverse=True))

FORCE_SUFFIX = r"(?:Police Service|Police Force|Constabulary|Police)"
_SUFFIX_AT_END = re.compile(rf"\s+{FORCE_SUFFIX}$", re.I)
FORCE = re.compile(
    r"\b((?:[A-Z][\w'’&-]*|and|of|the)(?:\s+(?:[A-Z][\w'’&-]*|and|of|the))*?\s+" + FORCE_SUFFIX + r")\b")
INSPECTION_OF = re.compile(r"inspection of\s+(?:the\s+)?(.+?" + FORCE_SUFFIX + r")\b", re.I)
# "X Police" in running text, for forces the index does not hold.
NAMED = re.compile(r"\b((?:[A-Z][\w'-]+\s+)(?:(?:and|of)\s+)?(?:[A-Z][\w'-]+\s+)?)" + FORCE_SUFFIX + r"\b")
TITLE_YEAR = re.compile(r"\b(20\d\d)\s*(?:/|–|-)\s*(\d\d)\b|\b(20\d\d)\b")
# Words that may open a title-case run yet are never part of a force's name.
NOT_FORCE_WORDS = {"The", "An", "A", "Of", "And", "PEEL", "HMICFRS", "Inspection", "Her", "His", "Majesty’s",
                   "Majesty's", "Inspectorate", "Constabulary", "Fire", "Rescue", "Services", "Police",
                   "the", "and", "of"}
# The 43 territorial forces of England and Wales: questions name them whether or not they are indexed.
TERRITORIAL = [
    "Avon and Somerset", "Bedfordshire", "Cambridgeshire", "Cheshire", "City of London", "Cleveland",
    "Cumbria", "Derbyshire", "Devon and Cornwall", "Dorset", "Durham", "Dyfed-Powys", "Essex",
    "Gloucestershire", "Greater Manchester", "Gwent", "Hampshire", "Hertfordshire", "Humberside",
    "Kent", "Lancashire", "Leicestershire", "Lincolnshire", "Merseyside", "Metropolitan", "Norfolk",
    "North Wales", "North Yorkshire", "Northamptonshire", "Northumbria", "Nottinghamshire",
    "South Wales", "South Yorkshire", "Staffordshire", "Suffolk", "Surrey", "Sussex", "Thames Valley",
    "Warwickshire", "West Mercia", "West Midlands", "West Yorkshire", "Wiltshire",
]
_GAZETTEER = sorted((n.lower() for n in TERRITORIAL), key=len, reverse=True)
CUES = [re.compile(r"\bPEEL\b"), re.compile(r"\b(?:police|constabulary)\b", re.I),
        re.compile(r"HMICFRS|\bHMIC\b|Inspectorate of Constabulary")]

# How a report's prose refers back to an item an earlier inspection raised, and its verdict on it.
EARLIER_ITEM = re.compile(
    r"\b(area|areas) for improvement\b|\bcauses? of concern\b|\brecommend(ed|ation|ations)?\b", re.I)
SAID_SHOULD = re.compile(r"\b(we|it|they) (said|stated|recommended|found)\b.*\bshould\b", re.I)
REFERS_BACK = re.compile(
    r"\b(identified|raised|said|stated|set out|highlighted|found|recommended|was also|were also|"
    r"has been|had been|previous(ly)?|last)\b", re.I)
SHOULD = re.compile(r"\b((?:the |all )?[\w’'-]+ should\b.*)", re.I)
IDENTIFIED_AS = re.compile(r"identified (?P<what>.+?) as an area for improvement", re.I)


class Peel(Profile):
    name = "peel"
    grades = GRADES
    boxes = [
        (re.compile(r"^areas? for improvement:?$", re.I), "area_for_improvement"),
        (re.compile(r"^causes? of concern:?$", re.I), "cause_of_concern"),
        (re.compile(r"^recommendations?:?$", re.I), "recommendation"),
    ]
    labels = [Label("area_for_improvement", "area for improvement", "areas for improvement"),
              Label("cause_of_concern", "cause of concern", "causes of concern"),
              Label("recommendation", "recommendation", "recommendations"),
              Label("judgment", "graded judgment", "graded judgments")]
    intent_kinds = [
        (re.compile(r"\bareas? for improvement\b|\bAFIs?\b", re.I), ("area_for_improvement",)),
        (re.compile(r"\bcauses? of concern\b", re.I), ("cause_of_concern",)),
        # A PEEL recommendation is printed in its cause of concern's box.
        (re.compile(r"\brecommend", re.I), ("recommendation", "cause_of_concern")),
        (re.compile(r"\b(grade[sd]?|grading|rated|rating|ratings|judg(e)?ments?|judged|verdicts?|outstanding|inadequate|"
                    r"requires improvement|last inspected)\b", re.I), ("judgment", "table")),
    ]
    listing_kinds = [
        (re.compile(r"\bareas? for improvement\b|\bAFIs?\b", re.I), "area_for_improvement"),
        (re.compile(r"\bcauses? of concern\b", re.I), "cause_of_concern"),
        (re.compile(r"\brecommendations?\b", re.I), "recommendation"),
        (re.compile(r"\b(grades?|graded|rated|ratings?|judg(e)?ments?|judged|verdicts?)\b", re.I), "judgment"),
    ]
    plural_kinds = re.compile(
        r"\b(areas for improvement|AFIs|causes of concern|recommendations|grades|judgments|ratings)\b", re.I)
    programmes = re.compile(r"\b(?:PEEL|IPA)\b", re.I)  # IPA: integrated PEEL assessment
    glossary = {
        "hmi": ["inspector", "inspectorate"], "hmicfrs": ["inspectorate"], "afi": ["improvement"],
        "afis": ["improvement"], "pcc": ["commissioner"], "csp": ["community", "safety", "partnership"],
        "asb": ["anti-social", "behaviour"], "dv": ["domestic", "violence"], "da": ["domestic", "abuse"],
        "cse": ["child", "sexual", "exploitation"], "soc": ["serious", "organised"],
        "ocg": ["organised", "crime", "group"], "peel": ["effectiveness", "efficiency", "legitimacy"],
        "niu": ["neighbourhood", "investigation"],
    }
    # Findings: a row of a summary grade table, and the back-references described above.
    table_row = re.compile(rf"^(?P<area>.+?)\s+(?P<grade>{_GRADE_WORDS}|Not graded)\s+"
                           rf"(?P<year>20\d\d(?:/\d\d)?|Last inspected)$", re.I)
    earlier_item = EARLIER_ITEM
    said_should = SAID_SHOULD
    refers_back = REFERS_BACK
    should = SHOULD
    identified_as = IDENTIFIED_AS

    def score(self, doc: Document) -> float:
        pages = doc.pages[:3] + doc.pages[-1:]
        text = " ".join(ln.text for page in pages for ln in page.lines)
        return sum(bool(cue.search(text)) for cue in CUES) / len(CUES)

    def describe(self, doc: Document, sha256: str, source: str) -> Report:
        """Read title, force and year from the PDF's metadata, else from its cover page."""
        cover = _cover_title(doc)
        title = doc.meta.get("title") or cover or doc.path.stem
        texts = [title, doc.meta.get("subject", ""), doc.meta.get("keywords", ""), cover,
                 " ".join(ln.text for page in doc.pages[:2] for ln in page.lines)]
        force = _force(texts)
        return Report(id=sha256[:16], title=title, force=force, year=_year(texts), pages=doc.page_count,
                      sha256=sha256, source=source, filename=doc.path.name, organisation=force,
                      organisation_type="police force" if force else None, inspectorate="HMICFRS")

    def organisation_key(self, name: str) -> str:
        """Lower case, without 'Police' or 'Constabulary'."""
        return _SUFFIX_AT_END.sub("", name.strip()).lower()

    def organisations_named(self, text: str, known: list[str]) -> set[str]:
        """Indexed forces, territorial forces, or any 'X Police' a text names."""
        found: set[str] = set()
        lowered = text.lower()
        for name in [self.organisation_key(k) for k in known if k] + _GAZETTEER:
            if re.search(rf"\b{re.escape(name)}\b", lowered) and not any(name in f for f in found):
                found.add(name)
        for match in NAMED.finditer(text):
            name = self.organisation_key(match.group(0))
            if not any(name in f or f in name for f in found):
                found.add(name)
        return found

    def names_pattern(self, name: str) -> str:
        """A regex for a force's name as a question may write it ("Northmoor's", "Northmoor Police")."""
        return rf"\b{re.escape(name)}(['’]s)?(\s+(police service|police|constabulary))?\b"

    def judgment_year(self, texts: list[str]) -> str | None:
        """The year a judgment carried over from an earlier inspection was made, if stated."""
        for text in texts:
            if "carried over" in text:
                match = re.search(r"\b20\d\d(?:/\d\d)?\b", text.split("judgment", 1)[-1])
                if match:
                    return match.group(0)
        return None

    def is_pillar_question(self, title: str) -> bool:
        """Say whether a graded heading is a pillar's own question (its row in the summary table)."""
        return title.startswith("How")

    def back_reference_kind(self, sentence: str) -> str:
        """The kind of item a sentence referring back to an earlier inspection revisits."""
        if re.search(r"cause", sentence, re.I):
            return "cause_of_concern"
        return "recommendation" if re.search(r"recommend", sentence, re.I) else "area_for_improvement"


def _cover_title(doc: Document) -> str:
    """Join the largest lines of the first page, plus the 'An inspection of ...' line under them."""
    lines = doc.pages[0].lines if doc.pages else []
    if not lines:
        return ""
    biggest = max(ln.size for ln in lines)
    title = " ".join(ln.text for ln in lines if ln.size >= biggest - 0.5)
    subtitle = next((ln.text for ln in lines if INSPECTION_OF.search(ln.text) and ln.text not in title), "")
    return f"{title} – {subtitle}" if subtitle else title


def _force(texts: list[str]) -> str | None:
    for text in texts:
        match = INSPECTION_OF.search(text or "")
        if match:
            return _clean_force(match.group(1))
    for text in texts:
        for match in FORCE.finditer(text or ""):
            name = _clean_force(match.group(1))
            if name:
                return name
    return None


def _clean_force(name: str) -> str | None:
    words = re.sub(r"\s+", " ", name).strip().split(" ")
    while words and words[0] in NOT_FORCE_WORDS:
        words = words[1:]
    return " ".join(words) if len(words) >= 2 else None


def _year(texts: list[str]) -> str | None:
    for text in texts:
        for match in TITLE_YEAR.finditer(text or ""):
            if match.group(1):
                return f"{match.group(1)}/{match.group(2)}"
    for text in texts:
        match = TITLE_YEAR.search(text or "")
        if match:
            return match.group(3)
    return None
