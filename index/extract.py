"""Pick the report sentences that answer a question, part by part.

Sentences of the top passages are scored by meaning (cosine to the question, or to the part of
it they answer) and by how much of its wording they cover. Each part gets the sentence that best
states it, its anchor: for a figure, one that gives a number the question does not, preferably
beside the sentence that answers another part, else a count that refers back to the sentence
before it saying what it counts (quoted with it). Then, while the answer stays short (a word
allowance per report), the best of: the sentence after a quoted one that carries its point on
("But ...", "Because ...", the next one still on the question, or one near it that gives the
point's figure or refers back to it), the sentence before an anchor when it is on the question
too, and the best sentence of another passage nearly as good as the anchor (with the sentence its
"This ..." points back to). A question over several reports gets sentences from each report that
answers it well. A question asking who holds a role is answered by the sentence that names someone
beside that role, and by nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from .embed import Embedder
from .layout import BULLET
from .model import Hit, Part, SearchResult
from .profiles import PROFILES, is_label
from .search import ANSWER_TYPES, coverage, term_weights
from .store import Generation
from .text import STOP, roots, squash, stems

PASSAGES_READ = 8
# A figure is only given when a sentence with a number not in the question is clearly on its
# meaning (the embedder's `figure` bar) and shares this much of the question's wording, or sits
# beside the sentence that answers another part of the same question: "we reviewed 55 files.
# We found that 44 of them ...".
FIGURE_COVERAGE = 0.4
# A sentence that gives a number and uses this much of the question's wording answers it even when
# its meaning is only related, not clearly on it: the words say what the number is of.
FIGURE_WORDS = 0.6
NEAR = 2  # sentences apart that count as beside each other, across a passage boundary too
NEAR_BONUS = 0.2
PASSAGE_MARGIN = 0.15  # how far below the best sentence another passage's best may be and still be said
LIST_MARGIN = 0.35  # the same, for a question that asks for several things
GROW = 0.8  # share of the embedder's `related` bar a sentence that depends on the one before needs
FOLLOW_BONUS = 0.15  # a sentence that carries a quoted point on reads better than a new point
LEAD_BONUS = 0.1  # for a question that asks for several things, a new point reads better
# Words of report text an answer may grow to (its anchor sentences may make it longer); as a
# sentence is added only when it is on the question or leans on one quoted, most end well before.
WORDS = 110
LIST_WORDS = 120  # the same, for a question that asks for several things
WORDS_PER_REPORT = 45  # each further report's share, when several answer
SHORT = 40  # an answer this short takes sentences of its report's passages twice as far below the best
MAX_REPORTS = 4
TERSE = 2  # content words of a question that is a keyword search more than a sentence
GRADE_BONUS = 0.1  # for a question of how well something is done, a sentence that states a grade
# The grade words of every family ("outstanding", "requires improvement", ...).
GRADE_WORD = re.compile(r"\b(" + "|".join(sorted({re.escape(g) for p in PROFILES for g in p.grades}, key=len, reverse=True))
                        + r")\b", re.I)
MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"
YEAR_ONLY = re.compile(r"(19|20)\d\d")  # a year gives a date, not the figure a "how many" asks for
NUMBER = re.compile(r"£?\d[\d,]*(\.\d+)?\s*(%|percent|m\b|bn\b|k\b)?")
# "There are no care leavers ...", "none of them ...": a count of nought, given in words ("there is
# no evidence" is not a count).
NOUGHT = re.compile(r"\bthere\s+(?:are|were|(?:have|had)\s+been)\s+no\b|\bnone\s+of\b", re.I)
ANAPHOR = re.compile(r"^(this|these|that|those|it|they|such|both|however|but)\b", re.I)
# "It is clear that ...", "It is too early to ...": an "it" that stands for what follows, not for
# something said before.
EXPLETIVE = re.compile(r"^it (is|was|has been|seems|appears|remains)( \w+){0,3} (that|to|whether|how|why)\b", re.I)
REFERS_BACK = re.compile(r"\b(this|these|those|such)\b", re.I)
# A run of capitalised words ("Jane Smith", "Ann Jones HM Inspector"), which may hold
# the small words of a title ("Director of Children's Services").
CAPITALISED = re.compile(r"[A-Z][\w’'.-]*(?:\s+(?:(?:of|the|and|de|van|von)\s+)?[A-Z][\w’'.-]*)*")
BESIDE = 2  # words between a name and the role it is given for the one to be the other's
SHORT_FORM = re.compile(r"\b[A-Z]{2,6}s?\b")  # "DVPNs", "MASH", "IROs"
CONTINUES = re.compile(r"^(but|because|however|this|these|that|those|it|they|such|as a result|so|therefore|"
                       r"consequently|although|in addition|also)\b", re.I)


@dataclass(eq=False)
class Candidate:
    """One sentence of a passage read for an answer, with how well it answers each part."""

    hit: Hit
    rank: int  # of its passage
    position: int  # offset in the passage
    order: int  # which sentence of the passage it is
    count: int  # how many sentences the passage has
    text: str
    page: int
    page_end: int | None
    meanings: list[float]  # cosine to each part of the question
    coverages: list[float] = field(default_factory=list)
    number: bool = False
    bonus: float = 0.0  # for stating what the kind of question asks for (a grade)
    # The question is a few words only ("caseloads?"): its cosine to any sentence is low, so the
    # sentences that hold all its words are the ones it asks for.
    terse: bool = False
    # For a passage's first sentence: the last of the passage before it in the same section, which
    # its opening "This ..." may point back to.
    before: Candidate | None = None
    names: bool = False  # names someone (for a question asking who)

    @property
    def meaning(self) -> float:
        return max(self.meanings)

    def score(self, part: int) -> float:
        return self.meanings[part] + 0.3 * self.coverages[part] - 0.01 * self.rank + self.bonus


def candidates(result: SearchResult, generation: Generation, embedder: Embedder,
               bodies: dict[str, str] | None = None) -> list[Candidate]:
    """The sentences of the top passages, scored against every part of the question; bodies are
    the inspected bodies' names by report id, which name no one a "who" question asks for, nor
    another body than the report's own for a "which forces" one."""
    bodies = bodies or {}
    question = result.question
    who = question.expects == "name" or any(p.asks == "name" for p in question.parts)
    # The role asked about is the part's that asks who, when the question asks other things too.
    role = next((p.focus for p in question.parts if p.asks == "name"), []) if len(question.parts) > 1 else question.focus
    which = question.expects == "body" and len(question.parts) < 2  # "which forces ...?": other bodies, by name
    if which:  # each report's own body, by the keys a sentence naming it gives
        own = {report: _bodies_named(name, [name]) for report, name in bodies.items()}
    if who:  # read only for a question asking who
        known = roots(" ".join([*question.all_terms, *bodies.values()]))
        lower = set(re.findall(r"\b[a-z][\w’'-]*", " ".join(h.text for h in result.hits)))
    hits = result.hits[:PASSAGES_READ]
    rank_of = {h.row: i for i, h in enumerate(hits)}
    spans, vectors = generation.sentences([h.row for h in hits])
    if not len(spans):
        return []
    targets = [result.vector] if len(question.parts) < 2 else list(embedder.encode([p.text for p in question.parts]))
    sims = vectors @ np.array(targets, dtype=np.float32).T
    by_row = {h.row: h for h in hits}
    rows = spans.tolist()
    out = []
    asked = numbers(question.text)
    order: dict[int, int] = {}
    count: dict[int, int] = {}
    for row, *_ in rows:
        count[row] = count.get(row, 0) + 1
    for i, ((chunk_row, start, end, page), meanings) in enumerate(zip(rows, sims.tolist())):
        hit = by_row[chunk_row]
        text = hit.text[start:end]
        bullet = BULLET.match(text)
        if bullet:
            # A list item's bullet is layout: a quote is the words the report says.
            text, start = text[bullet.end():], start + bullet.end()
        order[chunk_row] = order.get(chunk_row, -1) + 1
        if len(text.split()) < 3 or text in hit.section_path or is_label(text):
            continue  # headings and labels name a topic; they do not answer anything
        if question.intent == "reason" and hit.kind == "table":
            continue  # a table's row gives a grade or a figure, never why
        later = rows[i + 1][3] if i + 1 < len(rows) and rows[i + 1][0] == chunk_row else hit.page_end
        out.append(Candidate(hit=hit, rank=rank_of[hit.row], position=start, order=order[chunk_row], count=count[chunk_row], text=text, page=page,
                             page_end=later if later > page else None, meanings=meanings,
                             number=gives_number(text, asked),
                             bonus=GRADE_BONUS if question.evaluates and GRADE_WORD.search(text) else 0.0,
                             terse=len(question.terms) <= TERSE,
                             names=(who and names_someone(text, role, known, lower))
                             or (which and bool(_bodies_named(text, list(bodies.values())) - own.get(hit.report_id, set())))))
    _cover(result, out, generation)
    _link_back(out, generation, targets)
    return out


def _link_back(found: list[Candidate], generation: Generation, targets: list[np.ndarray]) -> None:
    """Give each passage's first sentence that leans on the one before it ("This was made worse
    by ...") that sentence: the last of the previous passage of its section, read when search did
    not bring it."""
    openers = [c for c in found if c.order == 0 and ANAPHOR.match(c.text) and not EXPLETIVE.match(c.text)]
    if not openers:
        return
    last = {c.hit.row: c for c in sorted(found, key=lambda c: c.position)}
    missing = [c.hit.row - 1 for c in openers if c.hit.row - 1 not in last and c.hit.row > 0]
    if missing:
        previous = {h.row: h for h in generation.hits(rows=missing)}
        spans, vectors = generation.sentences(list(previous))
        sims = vectors @ np.array(targets, dtype=np.float32).T if len(spans) else []
        rank = {c.hit.row - 1: c.rank for c in openers}
        for (row, start, end, page), meanings in zip(spans.tolist(), list(sims)):
            hit = previous[row]
            if len(hit.text[start:end].split()) < 3 or is_label(hit.text[start:end]):
                continue
            last[row] = Candidate(hit=hit, rank=rank[row], position=start, order=-1, count=0, text=hit.text[start:end],
                                  page=page, page_end=None, meanings=[float(m) for m in meanings],
                                  coverages=[0.0] * len(targets))
    for c in openers:
        before = last.get(c.hit.row - 1)
        if before is not None and (before.hit.report_id, before.hit.section_path) == (c.hit.report_id, c.hit.section_path):
            c.before = before


def names_someone(text: str, role: list[str], known: set[str], lower: set[str]) -> bool:
    """Say whether a sentence names someone: two capitalised words that the passages read never
    print in lower case (a title, "the Area Director", is also "the director") and that are not
    only the question's own or an inspected body's, with every word of the role the question asks
    about within BESIDE words ("Lead inspector: Jane Smith"; "Lead inspector: Tom Brown"
    names no lead member)."""
    words = text.split()
    wanted = [w for w in role if roots(w)]
    for run in CAPITALISED.finditer(text):
        names = [w for w in run.group(0).split() if w[0].isupper() and w.lower().strip(".,’'") not in lower
                 and w.lower() not in STOP and not roots(w) <= known]
        if len(names) < 2:
            continue
        first = len(text[:run.start()].split())
        window = words[max(0, first - BESIDE - len(wanted)):first + len(run.group(0).split()) + BESIDE + len(wanted)]
        beside = set().union(*(roots(w) for w in window)) if window else set()
        if all(roots(w) & beside or _spelt(w, window) for w in wanted):
            return True
    return False


def _bodies_named(text: str, bodies: list[str]) -> set[str]:
    """The keys of the bodies a text names: of those held, or any a report family knows by its
    name ("Lincolnshire Police"); for a "which forces" question, those other than the report's own."""
    return set().union(*(p.organisations_named(text, bodies) for p in PROFILES))


def _spelt(acronym: str, words: list[str]) -> bool:
    """Say whether consecutive words spell a short form by their initials, a capitalised short form
    among them giving all its letters ("HM Inspector" spells "HMI")."""
    letters = "".join(w if w.isupper() else w[:1] for w in (re.sub(r"\W", "", w) for w in words) if w)
    return 1 < len(acronym) <= 5 and acronym.upper() in letters.upper()


def named_numbers(text: str) -> set[str]:
    """The numbers a question names its subject by ("101 calls", "within 10 seconds", "over 21"),
    not its dates: no year, no part of one ("2018/19", "2025-26"), no day of a month."""
    out = set()
    for m in NUMBER.finditer(text):
        n = m.group(0).strip().rstrip(",")
        if not n or YEAR_ONLY.fullmatch(n) or re.search(r"\d[/–-]$", text[:m.start()]) \
                or re.match(r"\s*(?:[/–-]\d|" + MONTHS + r")", text[m.end():], re.IGNORECASE):
            continue
        out.add(n)
    return out


def numbers(text: str) -> set[str]:
    """The numbers a text states, as written ("21," is 21)."""
    return {m.group(0).strip().rstrip(",") for m in NUMBER.finditer(text)} - {""}


def gives_number(text: str, asked: set[str]) -> bool:
    """Say whether a sentence gives a number other than those asked about, and other than a year alone."""
    return bool(NOUGHT.search(text)) or any(n not in asked and not YEAR_ONLY.fullmatch(n) for n in numbers(text))


def _cover(result: SearchResult, found: list[Candidate], generation: Generation) -> None:
    """Set each sentence's share of each part's content words, weighted by their rarity; a word
    counts as present when the sentence has it or one of its related index words."""
    question = result.question
    parts = question.parts or [Part(question.text, question.all_terms, question.figure)]
    weights = term_weights(list({t: None for p in parts for t in p.terms} | dict.fromkeys(question.all_terms)),
                           result.related, generation)
    wanted = [{t: weights[t] for t in (p.terms if len(parts) > 1 else question.all_terms) if t in weights}
              for p in parts]
    spelt = short_forms(result.hits[:PASSAGES_READ])
    for c in found:
        # A short form the report spells out elsewhere ("124 DVPNs were authorised") uses its words.
        defined = spelt.get(c.hit.report_id, {})
        text = " ".join([c.text, *(defined[w] for w in SHORT_FORM.findall(c.text) if w in defined)])
        c.coverages = [coverage(text, ws) for ws in wanted]


def short_forms(hits: list[Hit]) -> dict[str, dict[str, str]]:
    """For each report, the short forms its passages spell out as they introduce them: "domestic
    violence protection notices (DVPNs)" gives DVPNs (and DVPN) those words."""
    out: dict[str, dict[str, str]] = {}
    for hit in hits:
        for m in re.finditer(r"\s\((" + SHORT_FORM.pattern + r")\)", hit.text):
            # The words just before it; "multi-agency" gives M and A.
            words, short = hit.text[max(0, m.start() - 160):m.start()].replace("-", " ").split()[-8:], m.group(1)
            letters = short.rstrip("s")
            for n in range(len(letters), min(len(words), 2 * len(letters)) + 1):
                if _spelt(letters, words[-n:]):
                    spelled = " ".join(words[-n:])
                    out.setdefault(hit.report_id, {}).update({short: spelled, letters: spelled})
                    break
    return out


def speaks_of(c: Candidate, words: list[str], related: dict[str, list[str]]) -> bool:
    """Say whether a sentence uses each of these words, or a word related to it; the heading it is
    printed under says what it is about too ("The local authority has the following strengths")."""
    have = roots(f"{c.text} {c.hit.section_path[-1] if c.hit.section_path else ''}")
    for word in words:
        if not stems(word):
            continue  # a word every report uses ("force") tells nothing
        shapes = {s[:5] for w in [word] + related.get(word, []) for s in stems(w)}
        if not shapes & have:
            return False
    return True


def names_years(c: Candidate, years: list[str]) -> bool:
    """Say whether a sentence names every one of these years."""
    return all(y in c.text or y[:4] in c.text for y in years)


def gives(c: Candidate, part: int, figure: bool, model: Embedder) -> bool:
    """Say whether a sentence answers a part: it means what the part asks and, for a figure,
    gives a number the question does not."""
    if figure:
        return c.number and ((c.meanings[part] >= model.figure and c.coverages[part] >= FIGURE_COVERAGE)
                             or (c.meanings[part] >= model.related and c.coverages[part] >= FIGURE_WORDS))
    return _on_question(c, part, model)


def _on_question(c: Candidate, part: int, model: Embedder) -> bool:
    """Say whether a sentence is on the question (or this part of it): clearly near its meaning, or,
    for a question of a few words only, holding all of them and nearly near it."""
    return c.meanings[part] >= model.related or (
        c.terse and c.coverages[part] >= 1.0 and c.meanings[part] >= GROW * model.related)


def choose(result: SearchResult, found: list[Candidate], model: Embedder) -> list[Candidate]:
    """The sentences an answer quotes, grouped by report, in report order within each; [] when none answers."""
    question = result.question
    parts = question.parts or [Part(question.text, question.all_terms, question.figure)]
    found = list({squash(c.text): c for c in sorted(found, key=lambda c: -c.rank)}.values())  # a summary repeats the body
    anchors: list[Candidate] = []
    # An anchor that holds every word of its part and clearly means it has said what the part asks;
    # a question of a few words ("vetting backlog?") asks about a topic, which one sentence does not exhaust.
    said: list[bool] = []
    counted: dict[Candidate, list[Candidate]] = {}  # a count, with the sentences from the one saying what it counts
    wants = [p.asks if len(parts) > 1 else question.expects for p in parts]  # what each part's answer must give
    for i, part in enumerate(parts):
        figure = part.figure or (question.figure and len(parts) == 1)
        # Each part its own sentence (one that answers an earlier part has had its say). For a
        # figure, a number clearly on the part's meaning beside the sentence that answers another
        # part comes first, and one less clearly on it is still favoured: reports give the two
        # halves of a figure together.
        near = [c for c in found if figure and c.number and c.meanings[i] >= model.related
                and c not in anchors and any(_near(c, a) for a in anchors)]
        strong = [c for c in near if c.meanings[i] >= model.figure]
        asks = wants[i]
        if asks == "name":
            # A name beside the role asked about is the answer even where the sentence says little
            # else ("Lead inspector: Jane Smith"); a sentence on the question that names no one is not.
            good = [c for c in found if c not in anchors and c.names
                    and (question.focus or part.focus or c.meanings[i] >= GROW * model.related)]
        else:
            good = [c for c in found if c not in anchors and gives(c, i, figure, model)]
            if asks == "body":
                # "Which forces ...?" is answered by a sentence naming them, where one on the question does.
                good = [c for c in good if c.names] or good
            if asks == "date":
                # "When ...?" is answered by a sentence that gives a date or a time ("within 18 months").
                good = [c for c in good if ANSWER_TYPES["date"].search(c.text)]
        ranked = sorted(strong, key=lambda c: -c.score(i)) or sorted(
            {*near, *good}, key=lambda c: -(c.score(i) + (NEAR_BONUS if c in near else 0.0)))
        if not ranked and figure:
            runs = _counts_back(found, i, model)
            ranked = sorted(runs, key=lambda c: -c.score(i))
            counted.update(runs)
        if ranked:
            anchors.append(ranked[0])
        # Bodies a "which forces" part asks for are said by the sentence that names them.
        said.append(bool(ranked) and ((asks == "body" and ranked[0].names) or (
            not ranked[0].terse and ranked[0].coverages[i] >= 1.0 and ranked[0].meanings[i] >= model.figure)))
    if not anchors:
        return []
    chosen: list[Candidate] = []
    by_row = _by_row(found)
    allowance = _Allowance(LIST_WORDS if question.enumerates else WORDS)
    for a in anchors:
        for x in counted.get(a) or _with_antecedent(a, by_row):
            if x not in chosen:
                allowance.take(x)
                chosen.append(x)
    if any(p.figure for p in parts) or (question.figure and len(parts) == 1):
        # Reports give a figure's two halves in turn ("we reviewed 80 files. We found that 90
        # percent ..."): a number just after an anchor (across a passage break too), clearly on the
        # question, is said too.
        reading = sorted(found, key=lambda c: (c.hit.report_id, c.hit.row, c.order))
        for a in list(chosen):
            at = reading.index(a) + 1 if a in reading else len(reading)
            n = next((n for n in reading[at:at + NEAR] if _near(a, n) and n.number and n.meaning >= model.figure), None)
            if n is not None and n not in chosen and allowance.fits([n]):
                allowance.take(n)
                chosen.append(n)
        return _in_order(chosen)
    # Someone's name, or what a question takes as given, is said by the sentence that says it.
    if all(w in ("name", "claim") for w in wants):
        return _in_order(chosen)
    margin = LIST_MARGIN if question.enumerates else PASSAGE_MARGIN
    leads = _leads(found, model, anchors[0], margin)
    # For an answer still short: more of the best report's passages, where they use the question's words.
    more = [c for c in _leads(found, model, anchors[0], 2 * margin)
            if c not in leads and c.hit.report_id == anchors[0].hit.report_id and c.coverages[0] > 0]
    if wants == ["date"]:
        # Another point is said only if it says when too.
        leads, more = ([c for c in cs if ANSWER_TYPES["date"].search(c.text)] for cs in (leads, more))
    grows = set(chosen)  # sentences whose point the next sentence may carry on
    # Once every part is said, a report's answer only finishes its points ("But ...", "This ...");
    # further points from that report are words on what was not asked. Other reports still answer.
    done = all(said)
    answered = {a.hit.report_id for a in anchors} if done else set()
    while True:
        options = []
        for c in chosen:
            same = by_row.get(c.hit.row, [])
            if c not in same:
                continue  # a sentence read only for the one after it to lean on
            at = same.index(c) + 1
            if c in grows and at < len(same) and same[at] not in chosen:
                n = same[at]
                goes_on = bool(CONTINUES.match(n.text)) or c.text.rstrip().endswith(":")  # "This is to ensure that:"
                # "But ...", "Because ..." finish a point first; then the next sentence on the
                # question itself, or one near it that quantifies the point or refers back to it
                # ("349 members ...", "this has improved"): one merely near it spends words on another point.
                if goes_on or not done and (n.meaning >= model.related or (
                        n.meaning >= GROW * model.related and (n.number or bool(REFERS_BACK.search(n.text))))):
                    options.append((goes_on, n.meaning + n.bonus + FOLLOW_BONUS, [n], True))
        for a in anchors:
            # The sentence that leads into an anchor's point, when it is on the question itself
            # ("The force states what it will do and how soon. The victim knows ..."); one step
            # back only, as an answer grows forward from what it quotes. One that points back
            # itself ("The benefits of this are clear.") would leave its own antecedent unsaid.
            same = by_row[a.hit.row]
            before = same.index(a) - 1
            if before >= 0 and same[before] not in chosen and same[before].meaning >= model.related \
                    and not REFERS_BACK.search(same[before].text):
                options.append((False, same[before].meaning + same[before].bonus, [same[before]], False))
        short = sum(len(c.text.split()) for c in chosen) < SHORT
        for lead in leads + (more if short and not done else []):
            if lead not in chosen and lead.hit.report_id not in answered:
                options.append((False, lead.meaning + lead.bonus + (LEAD_BONUS if question.enumerates else 0.0),
                                [x for x in _with_antecedent(lead, by_row) if x not in chosen], lead in leads))
        options = [o for o in options if allowance.fits(o[2])]
        if not options:
            # A sentence that opens a list ("This is to ensure that:") says nothing without it.
            return _in_order([c for c in chosen if not c.text.rstrip().endswith(":") or _next(c, by_row) in chosen])
        # A point is finished ("But ...", "However ...") before the next is begun; for a question
        # asking for several things, the next thing it asks for comes first.
        _, _, picked, growing = max(options, key=lambda o: o[1:2] if question.enumerates else o[:2])
        for x in picked:
            allowance.take(x)
            chosen.append(x)
            if growing:
                # A sentence taken only to fill a short answer says its one thing; it is not carried on.
                grows.add(x)


def _counts_back(found: list[Candidate], part: int, model: Embedder) -> dict[Candidate, list[Candidate]]:
    """The numbers that count what a sentence just before says, each with the sentences from that
    one on: "Files wait for review when the investigator is on leave. [...] At the time of our
    inspection, 349 of these were waiting." Both must be clearly on the part's meaning; the
    count's own words need not be the question's, as it says them by referring back."""
    order = sorted(found, key=lambda c: (c.hit.report_id, c.hit.row, c.order))
    runs: dict[Candidate, list[Candidate]] = {}
    for at, c in enumerate(order):
        if not (c.number and c.meanings[part] >= model.figure and REFERS_BACK.search(c.text)):
            continue
        for back in range(max(0, at - NEAR), at):
            s = order[back]
            if not s.number and s.meanings[part] >= model.figure and _near(s, c):
                runs[c] = order[back:at + 1]
                break
    return runs


def _in_order(chosen: list[Candidate]) -> list[Candidate]:
    """Grouped by report, in the order each report first answers; by passage rank within each."""
    ranked = sorted(chosen, key=lambda c: (c.rank, c.position))
    for c in list(ranked):
        if c.before in ranked:  # the sentence an opening "This ..." points back to goes just before it
            ranked.remove(c.before)
            ranked.insert(ranked.index(c), c.before)
    reports = list(dict.fromkeys(c.hit.report_id for c in ranked))
    return sorted(ranked, key=lambda c: reports.index(c.hit.report_id))


def _next(c: Candidate, by_row: dict[int, list[Candidate]]) -> Candidate | None:
    """The sentence after c in its passage, if search read it."""
    same = by_row.get(c.hit.row, [])
    at = same.index(c) + 1 if c in same else len(same)
    return same[at] if at < len(same) else None


def _by_row(found: list[Candidate]) -> dict[int, list[Candidate]]:
    by_row: dict[int, list[Candidate]] = {}
    for c in sorted(found, key=lambda c: c.position):
        by_row.setdefault(c.hit.row, []).append(c)
    return by_row


def _with_antecedent(c: Candidate, by_row: dict[int, list[Candidate]]) -> list[Candidate]:
    """A sentence, after the one its opening "This ..." or "It ..." points back to."""
    same = by_row[c.hit.row]
    at = same.index(c)
    if not ANAPHOR.match(c.text) or EXPLETIVE.match(c.text):
        return [c]
    before = same[at - 1] if at > 0 else c.before
    return [before, c] if before is not None else [c]


def _leads(found: list[Candidate], model: Embedder, best: Candidate, margin: float) -> list[Candidate]:
    """The best sentence of each passage that answers nearly as well as the best one does."""
    leads: dict[int, Candidate] = {}
    for c in sorted((c for c in found if _on_question(c, 0, model)), key=lambda c: -c.score(0)):
        leads.setdefault(c.hit.row, c)
    return [c for c in leads.values() if c.score(0) >= best.score(0) - margin]


class _Allowance:
    """Words left for each report's sentences: the first report's share, then less for each other."""

    def __init__(self, first: int) -> None:
        self.first = first
        self.left: dict[str, int] = {}

    def _left(self, report_id: str) -> int:
        if report_id not in self.left:
            self.left[report_id] = self.first if not self.left else WORDS_PER_REPORT if len(self.left) < MAX_REPORTS else 0
        return self.left[report_id]

    def fits(self, sentences: list[Candidate]) -> bool:
        return all(len(c.text.split()) <= self._left(c.hit.report_id) for c in sentences) and \
            sum(len(c.text.split()) for c in sentences) <= self._left(sentences[0].hit.report_id)

    def take(self, c: Candidate) -> None:
        self.left[c.hit.report_id] = self._left(c.hit.report_id) - len(c.text.split())


def _near(a: Candidate, b: Candidate) -> bool:
    """Say whether two sentences are at most NEAR apart in the report's reading order (a report's
    passages are consecutive rows)."""
    if a.hit.report_id != b.hit.report_id:
        return False
    first, second = sorted((a, b), key=lambda c: (c.hit.row, c.order))
    if first.hit.row == second.hit.row:
        return second.order - first.order <= NEAR
    return second.hit.row == first.hit.row + 1 and first.count - first.order + second.order <= NEAR
