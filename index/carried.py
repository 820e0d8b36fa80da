"""Items of earlier inspections that a report revisits in its prose, with its verdict on each.

Some families name each earlier item ("In 2017 we said the force should ..."): the profile's
back-reference patterns find them and the item itself. Others only say, in a sentence, that an
earlier inspection's shortfalls were or were not dealt with: that sentence is the record.
"""

from __future__ import annotations

import re

from .blocks import section_sentences
from .model import Finding, Mention, Section
from .profiles import YEAR, Profile
from .text import similar

WINDOW = 5  # sentences after a back-reference searched for its progress verdict


def carried_items(sections: list[Section], year: str | None, profile: Profile) -> list[Finding]:
    """Every earlier inspection's item the report revisits, in reading order."""
    if profile.earlier_item is not None:
        return _listed(sections, year, profile)
    if profile.revisits is not None:
        return _stated(sections, year, profile)
    return []


def _stated(sections: list[Section], year: str | None, profile: Profile) -> list[Finding]:
    """Sentences that say what became of an earlier inspection's shortfalls or recommendations."""
    out: list[Finding] = []
    for section, sents, n, earlier in _looking_back(sections, year):
        sentence, page = sents[n]
        if profile.revisits.search(sentence):
            progress = _progress([s for s, _ in sents[n:n + WINDOW]], profile)
            out.append(Finding(id="", kind="area_for_improvement", text=sentence, section_path=section.path,
                               page=page, source="text", carried_from=earlier, progress=progress, evidence=sentence))
    return out


def _listed(sections: list[Section], year: str | None, profile: Profile) -> list[Finding]:
    """The items of earlier inspections that the report's prose names one by one ("we said the
    force should ..."), with its verdict on each."""
    out: list[Finding] = []
    for section, sents, n, earlier in _looking_back(sections, year):
        sentence, page = sents[n]
        named = profile.earlier_item.search(sentence) and profile.refers_back.search(sentence)
        if not (named or profile.said_should.search(sentence)):
            continue
        kind = profile.back_reference_kind(sentence)
        progress = _progress([s for s, _ in sents[n:n + WINDOW]], profile)
        for text in _items(sents, n, profile):
            out.append(Finding(id="", kind=kind, text=text, section_path=section.path, page=page,
                               source="text", carried_from=earlier, progress=progress, evidence=sentence))
    return _dedupe(out, profile)


def _looking_back(sections: list[Section], year: str | None):
    """Each sentence that names a year before the report's own: (section, its sentences, the
    sentence's place among them, that year)."""
    this_year = int(year[:4]) if year and year[:4].isdigit() else None
    for section in sections:
        sents = section_sentences(section)
        for n, (sentence, _) in enumerate(sents):
            earlier = _earlier_year(sentence, this_year)
            if earlier:
                yield section, sents, n, earlier


def _earlier_year(sentence: str, this_year: int | None) -> str | None:
    for match in YEAR.finditer(sentence):
        if this_year is None or int(match.group(1)) < this_year:
            return match.group(0).replace(" ", "")
    return None


def _progress(window: list[str], profile: Profile) -> str | None:
    text = " ".join(window)
    hits = [(m.start(), rank, verdict) for rank, (pattern, verdict) in enumerate(profile.progress)
            for m in [pattern.search(text)] if m]
    return min(hits)[2] if hits else None


def _items(sents: list[tuple[str, int]], n: int, profile: Profile) -> list[str]:
    """Say what the earlier item was: a 'should' clause nearby, a named object, or the sentence before."""
    sentence = sents[n][0]
    named = profile.identified_as.search(sentence)
    if named and not re.match(r"(this|it|these)\b", named.group("what"), re.I):
        return [named.group("what")]
    count = re.search(r"\b(two|three|four|several)\b areas", sentence, re.I)
    wanted = {"two": 2, "three": 3, "four": 4}.get(count.group(1).lower(), 2) if count else 1
    items = []
    after = sents[n + 1:n + 1 + 2 * wanted]
    for k, (text, _) in enumerate([sents[n]] + after):
        match = profile.should.search(text)
        if match:
            clause = match.group(1).strip()
            if clause.endswith((":", "should")):
                # "... recommended that all forces should:" then a list of lower-case items.
                tail = [t for t, _ in sents[n + k + 1:n + k + 6]]
                tail = tail[:next((i for i, t in enumerate(tail) if not t[:1].islower()), len(tail))]
                clause = " ".join([clause] + tail)
            items.append(clause.rstrip(" .;:"))
            if len(items) == wanted:
                return items
    if items:
        return items
    if n > 0 and re.search(r"\b(this|it)\b", sentence, re.I):
        return [sents[n - 1][0]]
    return [sentence]


def _dedupe(items: list[Finding], profile: Profile) -> list[Finding]:
    out: list[Finding] = []
    for item in items:
        twin = next((f for f in out if f.carried_from == item.carried_from and similar(f.text, item.text) >= 0.6), None)
        if twin is None:
            out.append(item)
        else:
            # Keep the most explicit wording ("the force should ...") as the record's text.
            if "should" in item.text and "should" not in twin.text:
                twin.text, item.text = item.text, twin.text
                twin.page, item.page = item.page, twin.page
            twin.progress = _worse(twin.progress, item.progress, profile)
            twin.mentions.append(Mention(page=item.page, quote=item.evidence or item.text))
    return out


def _worse(a: str | None, b: str | None, profile: Profile) -> str | None:
    order = [v for _, v in profile.progress]
    known = [v for v in (a, b) if v]
    return min(known, key=order.index) if known else None


