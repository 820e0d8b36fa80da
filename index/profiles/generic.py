"""The fallback: what any inspection report's cover, headings and tables say, with no family's rules.

Inspectorates share the bones of a report: a cover naming the inspected body and the inspection
dates, graded judgments on a common scale (outstanding, good, requires improvement, inadequate),
and lists under headings such as "What needs to improve" or "Recommendations". This profile reads
those, so a report of no known family still gets sections, findings and metadata.
"""

from __future__ import annotations

import re

from ..model import Document, Report
from .base import Label, Profile

GRADES = {
    "outstanding": "Outstanding", "good": "Good", "adequate": "Adequate", "satisfactory": "Satisfactory",
    "requires improvement": "Requires improvement", "requires improvement to be good": "Requires improvement to be good",
    "inadequate": "Inadequate", "not graded": "Ungraded", "ungraded": "Ungraded",
}
# "Grade 4 (Inadequate)", "Inadequate (Grade 4)", "Inadequate Grade 4": a scale's number printed beside its word.
NUMBERED_GRADE = re.compile(r"^(?:grade\s*\d\s*\(?(?P<a>[a-z ]+?)\)?|(?P<b>[a-z ]+?)\s*\(?grade\s*\d\)?)$")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE = rf"\d{{1,2}}(?:st|nd|rd|th)?(?:\s+(?:{MONTHS}))?(?:\s+\d{{4}})?"
# "Inspection dates: 9 to 13 December 2024", "Inspection date: 4 July 2016–28 July 2016", "15-19 July 2013".
DATES = re.compile(rf"\b(?P<dates>{DATE}\s*(?:to|–|—|-|─)\s*{DATE}|{DATE})", re.I)
DATES_LINE = re.compile(rf"inspection dates?\s*:?\s*(?P<dates>(?:{DATE})(?:\s*(?:to|–|—|-|─)\s*(?:{DATE}))?)", re.I)
INSPECTION_OF = re.compile(r"^(?:area send |joint )?(?:re-?)?inspection of\s+(?:the\s+)?(?P<name>.+?)"
                           r"(?:(?:’s|'s)?\s+(?:children.s services|services)\b.*)?$", re.I)
TITLE_WORDS = re.compile(r"^(?:(?:re-?)?inspection|area send inspection|report|review|joint)\b", re.I)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# The UK's inspectorates, as their reports name themselves.
INSPECTORATES = [
    ("HMICFRS", re.compile(r"HMICFRS|Inspectorate of Constabulary and Fire", re.I)),
    ("HMI Probation", re.compile(r"Inspectorate of Probation|HMI Probation", re.I)),
    ("HMI Prisons", re.compile(r"Inspectorate of Prisons|HMI Prisons", re.I)),
    ("CQC", re.compile(r"Care Quality Commission|\bCQC\b")),
    ("Ofsted", re.compile(r"\bOfsted\b|Office for Standards in Education")),
    ("Estyn", re.compile(r"\bEstyn\b")), ("Care Inspectorate Wales", re.compile(r"Care Inspectorate Wales", re.I)),
    ("Education Scotland", re.compile(r"Education Scotland", re.I)),
    ("Care Inspectorate", re.compile(r"\bCare Inspectorate\b")),
]
# A sentence saying how the inspection just named judged the body: "It was overall judged to be
# inadequate.", "The local authority was judged to be good.", "All of the judgements were ...".
JUDGED_THEN = re.compile(r"(?:(?:it|the \w+(?: \w+)?|they|services)\b[^.]{0,60}\b(?:judged|rated|graded)|"
                         r"all (?:of )?the judge?ments were)\b", re.I)
# When the report itself was published: "Report published: 20 September 2016", "Published: 23
# August 2013", "... were originally published on 11 February 2014" (not "the last inspection
# was published in June 2012"); else its copyright line ("© Crown copyright 2014").
PUBLISHED = re.compile(rf"\b(?:report published|published:|(?:first|originally) published on)\s*:?\s*(?P<date>{DATE})", re.I)
COPYRIGHT = re.compile(r"©\s*(?:crown copyright\s*)?(?P<year>(?:19|20)\d\d)\b", re.I)
# "Since the last inspection of Kent in 2019, when services ... were judged to be ..."
PREVIOUS = re.compile(r"\b(?:last|previous)\s+(?:\w+\s+){0,3}inspection\b", re.I)
# Words that end an organisation's name without telling it apart: "Bury Metropolitan Borough
# Council" and "Bury" name one body.
BODY_SUFFIX = re.compile(r"\s+(?:(?:city|county|district|metropolitan borough|borough|london borough)\s+)?council$|"
                         r"\s+local authority$|\s+local area partnership$|\s+(?:police|constabulary|police service)$|"
                         r"\s+fire and rescue (?:service|authority)$|\s+(?:primary |secondary |infant |junior )?school$|"
                         r"\s+(?:nhs )?(?:foundation )?trust$", re.I)


class Generic(Profile):
    name = "generic"
    grades = GRADES
    item_sections = [
        (re.compile(r"^what needs to improve\b", re.I), "area_for_improvement"),
        (re.compile(r"^areas? for (?:improvement|development)\b", re.I), "area_for_improvement"),
        (re.compile(r"^recommendations?\b", re.I), "recommendation"),
        (re.compile(r"^causes? of concern\b", re.I), "cause_of_concern"),
        (re.compile(r"^(?:areas? for )?priority (?:and immediate )?actions?\b", re.I), "cause_of_concern"),
    ]
    labels = [Label("area_for_improvement", "thing to improve", "things to improve"),
              Label("cause_of_concern", "priority action", "priority actions"),
              Label("recommendation", "recommendation", "recommendations"),
              Label("judgment", "graded judgment", "graded judgments")]
    intent_kinds = [
        (re.compile(r"\b(needs? to improve|improvements?|areas? for (?:improvement|development))\b", re.I),
         ("area_for_improvement",)),
        (re.compile(r"\bpriority actions?\b|\bareas? for priority action\b", re.I), ("cause_of_concern",)),
        (re.compile(r"\brecommend", re.I), ("recommendation",)),
        (re.compile(r"\b(grade[sd]?|grading|rated|rating|ratings|judg(e)?ments?|judged|verdicts?|outstanding|inadequate|"
                    r"requires improvement|outcome)\b", re.I), ("judgment", "table")),
    ]
    listing_kinds = [
        (re.compile(r"\b(?:needs?|needed|needing|told|asked|required|things?|points?) to (?:improve|work on)\b|\bareas? for (?:improvement|development)\b", re.I), "area_for_improvement"),
        (re.compile(r"\bpriority actions?\b|\bareas? for priority action\b", re.I), "cause_of_concern"),
        # "What did Ofsted recommend the council do?" asks for the recommendations too.
        (re.compile(r"\brecommend(?:ations?|ed|s)?\b", re.I), "recommendation"),
        (re.compile(r"\b(grades?|graded|rated|ratings?|judg(e)?ments?|judged|verdicts?)\b", re.I), "judgment"),
        # "What was the outcome of the inspection?", "SEND inspection outcome 2023": some frameworks
        # state an outcome, not a grade ("outcomes for children" alone are no judgment).
        (re.compile(r"\boutcomes?\b(?=[^?]*\binspections?\b)|\binspections?\s+outcomes?\b", re.I), "judgment"),
    ]
    plural_kinds = re.compile(r"\b(areas for (?:improvement|priority action)|priority actions|recommendations|"
                              r"grades|judg(e)?ments|ratings)\b", re.I)
    # A sentence saying what became of an earlier inspection's (or visit's) shortfalls.
    revisits = re.compile(
        r"(?=.*\b(?:last|previous|earlier|prior)\b.{0,60}\b(?:inspection|visit)\b|.*\b(?:focused|monitoring) visit\b|"
        r".*\bjoint targeted area inspection\b|.*\bJTAI\b)"
        r"(?=.*\b(?:shortfalls?|weaknesses|areas? for (?:priority action|improvement)|recommendations?|priority actions?)\b)",
        re.I)
    organisation_type: str | None = None
    inspectorate: str | None = None

    def score(self, doc: Document) -> float:
        # The floor: a family must recognise two of its cues to read a report instead.
        return 0.34

    def grade_of(self, text: str) -> str | None:
        words = re.sub(r"\s+", " ", text.strip().strip(".").lower())
        numbered = NUMBERED_GRADE.match(words)
        if numbered:
            words = (numbered.group("a") or numbered.group("b")).strip()
        return self.grades.get(words)

    def organisation_key(self, name: str) -> str:
        return BODY_SUFFIX.sub("", name.strip()).lower()

    def describe(self, doc: Document, sha256: str, source: str) -> Report:
        """Title, inspected body, dates and year from the cover's own words, never the file's name."""
        cover = _cover_lines(doc)
        organisation = self._organisation(cover)
        title = _title(cover, organisation) or doc.path.stem
        text = " ".join(ln.text for page in doc.pages[:2] for ln in page.lines)
        dates = _dates(text)
        years = YEAR.findall(dates or "") or YEAR.findall(title) or YEAR.findall(text[:2000])
        return Report(id=sha256[:16], title=title, force=None, year=years[-1] if years else None,
                      pages=doc.page_count, sha256=sha256, source=source, filename=doc.path.name,
                      organisation=organisation, organisation_type=kind_of_body(organisation),
                      inspectorate=self.inspectorate or _inspectorate(doc), inspected=dates, previous_inspection=_previous_dates(text),
                      published=_published(doc))

    def previous(self, sentences: list[str]) -> str | None:
        """The sentence that says when the body was last inspected, with the next when it says how
        it was judged then ("It was overall judged to be inadequate.", "All of the judgements were
        ..."): the first that says how it was judged, else the first."""
        told = []
        for n, sentence in enumerate(sentences):
            if PREVIOUS.search(sentence) and YEAR.search(sentence):
                after = sentences[n + 1] if n + 1 < len(sentences) else ""
                judged = JUDGED_THEN.match(after)
                told.append((bool(judged) or bool(self._grade_named(sentence)), f"{sentence} {after}" if judged else sentence))
        return max(told, key=lambda t: t[0])[1] if told else None

    def _grade_named(self, text: str) -> bool:
        return any(re.search(rf"\b{re.escape(g)}\b", text, re.I) for g in self.grades)

    def _organisation(self, cover: list[list[str]]) -> str | None:
        """The inspected body: named in an "Inspection of X" title, else a cover line naming a kind
        of body ("… Council", "… Fire and Rescue Service"), else the cover's largest line that is
        not the title."""
        for group in cover:
            match = INSPECTION_OF.match(" ".join(group))
            if match and match.group("name")[:1].isupper() and not TITLE_WORDS.match(match.group("name")):
                return match.group("name").strip()
        for group in cover:
            line = " ".join(group)
            if BODY_SUFFIX.search(line) and len(line.split()) <= 12:
                return line
        for group in cover:
            line = " ".join(group)
            if not TITLE_WORDS.match(line) and len(line.split()) <= 12 and not DATES_LINE.search(line):
                return line
        return None


def _cover_lines(doc: Document) -> list[list[str]]:
    """The first page's lines in groups of one style (in a tagged PDF, of one element), largest
    first: a title printed on two lines is one group."""
    lines = doc.pages[0].lines if doc.pages else []
    groups: list[tuple[tuple, list[str]]] = []
    for line in lines:
        style = (line.size, line.bold, line.tag.block if line.tag else None)
        if groups and groups[-1][0] == style and len(groups[-1][1]) < 4:
            groups[-1][1].append(line.text)
        else:
            groups.append((style, [line.text]))
    ordered = sorted(range(len(groups)), key=lambda n: (-groups[n][0][0], n))
    return [groups[n][1] for n in ordered if groups[n][0][0] > 0][:8]


def _title(cover: list[list[str]], organisation: str | None) -> str:
    """The cover's title: its largest text, with the line that says what inspection it was, and
    the body inspected when the title does not name it."""
    if not cover:
        return ""
    first = " ".join(cover[0])
    if TITLE_WORDS.match(first):
        return first
    subtitle = next((" ".join(g) for g in cover[1:] if TITLE_WORDS.match(" ".join(g))), "")
    if subtitle:
        return f"{first}: {subtitle}"
    return f"{first} – {organisation}" if organisation and organisation not in first else first


def kind_of_body(name: str | None) -> str | None:
    """What kind of body a name says it is, from the word that ends it."""
    match = BODY_SUFFIX.search(name or "")
    if not match:
        return None
    ending = match.group(0).strip().lower()
    for word, kind in (("council", "local authority"), ("local authority", "local authority"),
                       ("partnership", "local area partnership"), ("police", "police force"),
                       ("constabulary", "police force"), ("fire", "fire and rescue service"),
                       ("school", "school"), ("trust", "trust")):
        if word in ending:
            return kind
    return None


def _inspectorate(doc: Document) -> str | None:
    """The inspectorate a report names on its first or last pages."""
    text = " ".join(ln.text for page in doc.pages[:3] + doc.pages[-1:] for ln in page.lines)
    return next((name for name, pattern in INSPECTORATES if pattern.search(text)), None)


def _published(doc: Document) -> str | None:
    """When the report was published, as printed; else the year of its copyright line."""
    text = " ".join(ln.text for page in doc.pages for ln in page.lines)
    stated = next((m.group("date") for m in PUBLISHED.finditer(text) if YEAR.search(m.group("date"))), None)
    copyright_line = COPYRIGHT.search(text)
    return stated or (copyright_line.group("year") if copyright_line else None)


def _previous_dates(text: str) -> str | None:
    """A cover's "Dates of previous inspection: 4 to 8 July 2016"."""
    match = re.search(r"dates? of (?:the )?previous inspection\s*:?\s*(?P<dates>[^.]{4,60}?\d{4})", text, re.I)
    return match.group("dates").strip() if match else None


def _dates(text: str) -> str | None:
    match = DATES_LINE.search(text)
    return re.sub(r"\s+", " ", match.group("dates")).strip() if match else None
