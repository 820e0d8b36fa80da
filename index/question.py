"""Read a question once: its words, the scope it names (organisations, years), and what it asks
for (a list of findings, a grade, a figure, a reason, ...), part by part. Every later stage reads
the `Question`.

Only organisations and years the index holds become filters, and filters the caller set
explicitly always win. The words that name a family's findings come from the profiles. A
follow-up ("and in 2017?", "what about Northmoor?") is read against the questions before it: what
it does not name, it takes from them, and says so (`Question.assumed`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from functools import lru_cache

from .catalog import Catalog
from .errors import BadQuery
from .model import FILTER_KEYS, KINDS, Filters, Listing, Part, Question, Report
from .profiles import PROFILES, YEAR, body_type

STOPWORDS = set("""
a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just let me more
most my myself no nor not now of off on once only or other our ours ourselves out over own same she
should so some such than that the their theirs them themselves then there these they this those
through to too under until up very was we were what when where which while who whom why will with
would you your yours yourself yourselves get got tell give show list many much whether please also
don't doesn't didn't isn't aren't wasn't weren't hasn't haven't hadn't won't can't couldn't shouldn't wouldn't
""".split())
# Words that make a year the earlier inspection a question looks back to, not the report's own.
EARLIER = re.compile(r"\b(carried|carry|carries|brought|rolled)\s+(over|forward|from|into|on)\b|"
                     r"\b(since|from) (the |our |its )?20\d\d\b|\b(previous|earlier|prior)\b|"
                     r"\b20\d\d\b[^?.]*\b(fix|fixed|sort(ed)? out|resolve[d]?|address(ed)?|still|improve[d]?)\b|"
                     r"\b(fix|fixed|sort(ed)? out|resolve[d]?|address(ed)?)\b[^?.]*\b(found|raised|identified) (at|in|by)\b"
                     r"[^?.]*\b20\d\d\b", re.I)
CARRIED = re.compile(r"\b(carried|carry|carries|brought|rolled)\s+(over|forward|from|into|on)\b|"
                     r"\bfrom (the )?(20\d\d|previous|earlier|last)\b|\b(previous|earlier|last|prior) (inspection|report)|"
                     r"\b(still(?!\s+(?:needs?|needing|needed|has to|have to|requires?)\b)|again|repeated)\b", re.I)
ENUMERATE = re.compile(r"^\s*(which|list|what|name|show|give|how many|are there|were there|did)\b|"
                       r"\b(all|every|each|any)\b", re.I)
NOT_A_LIST = re.compile(r"^\s*(why|how(?! many))\b", re.I)
ENUMERATES = re.compile(r"^\s*(list|which|what are|name)\b|\b(all|every|each)\b", re.I)
NUMERIC = re.compile(r"\b(how many|how much|what (percentage|proportion|share|number|rate|figure)|"
                     r"percent(age)?|proportion|number of|how long|how often)\b|"
                     r"\brate\b(?=\s*(of|for|in|at|among|across|within|compared|was|is|has|\?|,|$))|(?<![\w.])%|\bper\s+(?:\d[\d,]*|cent|head|capita|thousand|hundred)\b", re.I)
# Asks when something is yet to happen: "when will they come back?", "when is it due?".
AHEAD = re.compile(r"\bwhen\s+(?:will|shall)\b|\bwhen\b.*\b(?:due|next|planned|expected)\b", re.I)
# "When did ...?" asks when; "When the inspectors checked ..., how many ...?" sets the scene.
WHEN = re.compile(r"^\s*when(?:['’]s|\s+(?:is|are|was|were|will|would|did|does|do|has|have|had|can|could|should|shall)\b)|\bwhat (date|year|month)\b|\bhow long\b|\bby when\b", re.I)
# Asks for someone by name: the holder of a role ("who is the lead member", "the name of its
# director", "which HMI signed it"). "Who is responsible for ...", "who led the inspection" may be
# answered by a kind or a role ("one of His Majesty's Inspectors"), so they ask for no name.
PERSON = re.compile(r"^\s*who(?:['’]s|\s+(?:is|was|are|were))\s+(?:the|its|their|[\w’'-]+['’]s)\s|"
                    r"\bnames?\s+of\s+(?:the|its|their|[\w’'-]+['’]s)\s|"
                    r"^\s*which\s+([\w’'-]+)\s+(?:signed|led|chaired|wrote)\b", re.I)
# "the name of the director of ...": the role is what follows.
NAME_OF = re.compile(r"\bnames?\s+of\s+(?:the\s+|its\s+|their\s+)?(.+?)(?=\?|$|\s(?:in|at|for|on|by|during|since)\b)", re.I)
# Asks how well something was done or how it was judged: answered by sentences that state a grade.
EVALUATES = re.compile(r"\b(rate[ds]?|rating|judge[ds]?|grade[ds]?|assess(ed)?|how (good|well|effective(ly)?))\b", re.I)
# "How was it judged at its previous inspection?", "rated before this inspection": an earlier inspection's outcome.
LOOKS_BACK = re.compile(r"\b(?:previous|last|earlier|prior|before this)\s+(?:\w+\s+){0,2}inspection\b|\blast time\b|"
                        r"\bpreviously\s+(?:judged|rated|graded)\b|\bbefore (?:this|the) (?:\d{4} )?inspection\b", re.I)
# Where a list of findings is narrowed to a subject, and where that subject's phrase ends.
SUBJECT = re.compile(r"\b(?:about|on|regarding|concerning|relat(?:ing|ed|es?) to|in relation to|to do with)\s+(.+)", re.I)
IMPROVE = re.compile(r"\bimprove\s*$", re.I)
CLAUSE_END = re.compile(r"\s+(?:did|does|do|were|was|is|are|has|have|had|in (?:19|20)\d\d|since|from|carried|"
                        r"raised|made|given|set|found|after|before|following|during|when|according to|"
                        r"(?:in|at|by|of) (?:the|its|their|this|that|an?) (?:[\w’'-]+ ){0,2}(?:inspection|report|visit)s?)\b|[?.!,;:()]|\s[-–—]\s")
# An inspection named by its year: "its 2019 inspection", "the inspection in 2019".
EARLIER_EVENT = re.compile(r"\b((?:19|20)\d\d)\s+(?:[\w’'-]+\s+){0,2}(?:inspection|visit)\b|"
                           r"\b(?:inspection|visit)\s+(?:in|of)\s+((?:19|20)\d\d)\b", re.I)
# The words that tie a scope's name into the question ("in Kent", "the Vale of York"): left behind
# without it they change what the question's vector means.
SCOPE_LEAD = r"(?:\b(?:in|at|for|by|to|from|across|within)\s+)?(?:\bthe\s+)?"
# Not at the start of the question or of a sentence in it, where any word has a capital.
INSIDE = r"(?<![.?!:]\s)(?<!^)"
QUANTIFIED = re.compile(r"\b(?:some|many|most|all|few|these|those|several|other|such|more|fewer)\s+$", re.I)
# Words that rule grades out: "not outstanding", "good rather than outstanding", "weren't graded
# inadequate or outstanding".
GRADES = {key: grade for p in PROFILES for key, grade in p.grades.items()}  # as printed (lower case) -> canonical
_GRADE = "|".join(sorted(map(re.escape, GRADES), key=len, reverse=True))
NOT_GRADE = re.compile(rf"(?:\bnot|n['’]t|\bneither|\bother than|\brather than|\bexcept)\s+(?:\w+\s+){{0,2}}"
                       rf"((?:(?:{_GRADE})(?:\s*,\s*|\s+(?:or|nor|and)\s+))*(?:{_GRADE}))\b", re.I)
# Words that name graded areas in general, not one of them ("the other three areas", "each aspect").
AREAS_AT_ALL = re.compile(r"\b(?:areas?|aspects?|one|two|three|four|five|six|seven|eight|nine|ten)\b", re.I)
# The event a grade question asks across or reads, not an area it grades ("in which inspections
# ...", "in its latest report").
INSPECTIONS = re.compile(r"\b(?:(?:latest|last|most recent|recent|current)\s+)?(?:inspections?|reports?|visits?)\b", re.I)
# "What was the outcome of the inspection?": the overall judgment, or the statement some frameworks give instead.
OUTCOME = re.compile(r"\boutcomes?\b(?=[^?]*\binspections?\b)|\binspections?\b[^?]*\boutcomes?\b|\boverall\b", re.I)
OUTCOME_WORD = re.compile(r"overall|outcomes?", re.I)
REASON = re.compile(r"^\s*why\b|\b(reason|because|cause[sd]? by)\b", re.I)
YES_NO = re.compile(r"^\s*(is|are|was|were|do|does|did|has|have|had|can|could|will|should)\b", re.I)
# Where a question goes on to ask a second thing: "... and how many were good?", "..., and for
# high-risk cases?" (not "what they do and when?"). A part that opens with a preposition borrows
# the head of the part before it.
PART_BREAK = re.compile(r"\s*(?:[;?]\s*|,?\s+and\s+(?=(?:how|what|which|who|when|where|why|is|are|was|were|did|"
                        r"does|do|has|have|for|in|among)\s+\S+\s+\S)|,\s+(?=(?:how|what|which|who|when|where|why)\s+\S+\s+\S))",
                        re.I)
PREPOSITION = re.compile(r"\b(?:for|in|among)\b", re.I)
# Asks which bodies: "which forces does it share armed policing with?", "what other councils ...".
BODIES = re.compile(r"^\s*(?:which|what)\s+(?:other\s+|neighbouring\s+)?(?:police\s+)?(?:forces|councils|local authorities)\b",
                    re.I)
# A part that speaks of what the part before named: "..., and what does it include?".
POINTS_BACK = re.compile(r"\b(?:it|they|them|these|those)\b", re.I)  # not "its": that is the body's, as often
# A part about what the part before did not ask ("and what were the other judgements?") borrows nothing from it.
OTHERS = re.compile(r"\b(?:other|others|rest|remaining)\b", re.I)
# A topic set before the question proper: "crime bureau - how many ...", "foreign nationals: how many ...".
TOPIC_LEAD = re.compile(r"^\s*([^:?]{3,60}?)\s*(?::|\s[-–—]\s)\s*(?=\w)")
# The reports held, as a question names them: what it asks across, not a thing the reports speak of.
LIBRARY = re.compile(r"\s+(?:in|across|among|from|of)\s+(?:the|this|our|your)\s+(?:library|collection|index|database|corpus|archive)\b",
                     re.I)
# A topic set before the question that says something of it, rather than naming it or asking.
ASKS = re.compile(r"^\s*(?:what|which|who|whose|when|where|why|how)\b", re.I)
STATEMENT = re.compile(r"\b(?:is|are|was|were|has|have|had|does|do|did|can|cannot|will)\b", re.I)
# "What is the X ...", "Who is the X": X names the one thing asked for, so an answer must speak of all of it.
FOCUS = re.compile(r"^\s*(?:what|who)(?:['’]s|\s+is|\s+are|\s+was|\s+were)\s+(?:the\s+|a\s+|an\s+)?(.+?)"
                   r"(?=\?|$|\s(?:of|for|in|at|on|by|to|from|with|like|compared|and|this|that|since|during|behind|"
                   r"about|under|within|across|among|between|over|after|before|against|into|through|around|without|who|whom|whose|which|"
                   r"according)\b)",
                   re.I)
# "What is working well", "what was holding up ...": what is going on, not a thing named.
GOING_ON = re.compile(r"^[a-z]+ing\b", re.I)
ARTICLE = re.compile(r"\b(?:the|a|an|its|their)\s+$", re.I)
# "Which X had Y adopted?": X is the one thing asked for too.
WHICH = re.compile(r"^\s*which\s+(.+?)\s+(?:had|has|have|did|does|do|is|are|was|were|will|would|could|can)\b", re.I)
# A question that continues the one before it rather than asking afresh.
FOLLOW_UP = re.compile(r"^\s*(?:and|also|what about|how about|same for|then)\b[\s,]*", re.I)
# A question about several bodies or reports takes no one body from the questions before it.
ACROSS = re.compile(r"\b(each|every|all|across|compare[sd]?|any)\b", re.I)
SCOPE_KEYS = ("force", "organisation", "year")  # what a follow-up may take from the question before


def parse_filters(raw: object) -> Filters:
    """Validate a filters object from a request; raise BadQuery naming what is wrong."""
    if raw is None:
        return Filters()
    if not isinstance(raw, dict):
        raise BadQuery("filters must be an object")
    values: dict[str, list[str]] = {}
    for key, value in raw.items():
        if key not in FILTER_KEYS:
            raise BadQuery(f"unknown filter {key!r}; allowed: {', '.join(FILTER_KEYS)}")
        items = value if isinstance(value, list) else [value]
        if not items or not all(isinstance(v, str) and v.strip() for v in items):
            raise BadQuery(f"filter {key!r} must be a non-empty string or list of strings")
        if key == "kind":
            bad = [v for v in items if v not in KINDS]
            if bad:
                raise BadQuery(f"unknown kind {bad[0]!r}; allowed: {', '.join(KINDS)}")
        values[key] = [v.strip() for v in items]
    return Filters(values)


def parse(text: str, explicit: Filters, catalog: Catalog, history: list[str] | None = None) -> Question:
    """Parse a question asked with the caller's filters over the reports in catalog, after the
    questions of history (oldest first), each read against the one before it."""
    previous = None
    for earlier in history or []:
        previous = _read(earlier, explicit, catalog, previous)
    return _read(text, explicit, catalog, previous)


def _read(asked: str, explicit: Filters, catalog: Catalog, previous: Question | None) -> Question:
    text = LIBRARY.sub("", asked)
    named = _named_reports(text, catalog)  # read once: scope, search text and listing all need it
    implied = _implied(text, catalog, named)
    if {"force", "organisation"} & set(explicit.values):
        implied.values.pop("organisation", None)  # the caller's choice of body wins
    filters = explicit.merged(implied)
    search_text = _without_scope(text, filters, catalog, named)
    listing = _listing(text, catalog, named)
    intent = _intent(text, listing)
    figure = bool(NUMERIC.search(text)) and intent != "reason"
    bodies = named_organisations(text, catalog)
    parts = _parts(search_text, _asks_first(text))
    question = Question(
        text=asked, search_text=search_text, terms=terms(search_text), all_terms=terms(text), explicit=explicit,
        filters=filters, named=bodies | _unheard_names(text, catalog),
        intent=intent, kinds=_kinds(search_text), listing=listing,
        enumerates=bool(ENUMERATES.search(text)), figure=figure,
        expects=_expects(text, figure), ahead=bool(AHEAD.search(text)),
        looks_back=bool(LOOKS_BACK.search(text)) or _before_reports(text, named),
        parts=parts, focus=_named_thing(text, search_text),
        areas=_grade_areas(search_text, parts) if intent == "grade" else [],
        titles=_titles(search_text, catalog),
        outcome=intent == "grade" and bool(OUTCOME.search(text)),
        grades=_grades_named(text) if intent == "grade" else [],
        evaluates=bool(EVALUATES.search(text)),
        unindexed_years=[y for y in _own_years(text) if not _indexed_year(y, catalog) and not _before_held(y, named)])
    if question.outcome:
        # "... overall, and for children in care?": the outcome, and the other areas named beside it.
        question.areas = [rest for a in question.areas if (rest := " ".join(w for w in a.split() if not OUTCOME_WORD.fullmatch(w)))]
    return question if previous is None else _follow(question, previous)


def other_parts(question: Question) -> Question | None:
    """For a grade question that also asks for someone, a date or a number ("... and who was the
    lead inspector?"), those parts as a question of their own in the same scope: the findings
    answer the grade, the reports' sentences the rest. None for any other question."""
    rest = [p for p in question.parts if p.asks]
    if question.intent != "grade" or not rest or len(rest) == len(question.parts):
        return None
    text = " and ".join(p.text for p in rest)
    return replace(question, text=text, search_text=text, terms=terms(text), all_terms=terms(text), parts=rest,
                   intent="plain", kinds=_kinds(text), listing=None, figure=any(p.figure for p in rest),
                   expects=rest[0].asks if len(rest) == 1 else None, focus=rest[0].focus if len(rest) == 1 else [],
                   areas=[], titles=[], outcome=False, grades=[], evaluates=False)


def terms(text: str) -> list[str]:
    """Content words of a query, lower case, possessives and stopwords removed, in order."""
    words = re.findall(r"[a-z0-9]+(?:[’'][a-z]+)?", text.lower().replace("’", "'"))
    out = []
    for word in words:
        word = re.sub(r"'s$|'$", "", word)
        if word and word not in STOPWORDS and (len(word) > 1 or word.isdigit()) and word not in out:
            out.append(word)
    return out


def named_organisations(text: str, catalog: Catalog) -> set[str]:
    """Keys of the organisations a text names, whether or not the index holds them; a name
    inside a longer one ("Kent" in "Kent County Council") is the longer one."""
    lowered = text.lower()
    found = {k for k in catalog.keys if re.search(rf"\b{_key_pattern(k)}\b", lowered)}
    found |= {key for p in PROFILES for key in p.organisations_named(text, [])}
    return {k for k in found if not any(k != o and re.search(rf"\b{re.escape(k)}\b", o) for o in found)}


@lru_cache(maxsize=4096)
def _key_pattern(key: str) -> str:
    """A body's name as people shorten it too: a county by its short form ("notts", "lancs",
    "north yorks"), a hyphenated place by its first part ("stockton")."""
    words = []
    for word in key.split():
        forms = [r"[-\s]+".join(re.escape(p) for p in word.split("-"))]  # "stoke on trent" too
        if word.endswith("shire") and len(word) > 8:
            forms += [re.escape(word[:n]) + "s" for n in range(len(word) - 5, 3, -1)]
        first = word.split("-")[0]
        if "-" in word and len(first) > 3:
            forms.append(re.escape(first) + r"(?![\w-])")
        words.append("(?:" + "|".join(forms) + ")")
    return r"\s+".join(words)


def _unheard_names(text: str, catalog: Catalog) -> set[str]:
    """Names in a question that no indexed report prints: "Bradford" asked of an index without it.
    Only a capitalised word inside a sentence counts, so that no ordinary word is taken for one."""
    if not catalog.words:
        return set()
    out = set()
    text = text.strip()
    for match in re.finditer(rf"{INSIDE}\b[A-Z][a-z]{{2,}}\b", text):
        if QUANTIFIED.search(text[:match.start()]) and re.match(r"\s+[a-z]", text[match.end():]):
            continue  # "some Welsh children": a word that describes, not a body the question is about
        word = match.group(0).lower()
        if word not in catalog.words and word not in STOPWORDS and not any(word in k for k in catalog.keys):
            out.add(word)
    return out


def _titles(text: str, catalog: Catalog) -> list[str]:
    """Names a question gives in capitals inside a sentence ("Local Safeguarding Children Board",
    "Signs of Safety"), of two words or more, that name no organisation: a name is not paraphrased,
    so what it names is found under all of its words."""
    runs = re.finditer(rf"{INSIDE}\b[A-Z][a-z]+(?:\s+(?:(?:of|and|for|the)\s+)?[A-Z][a-z]+)+\b", text.strip())
    return [m.group(0) for m in runs if not named_organisations(m.group(0), catalog)]


def _intent(text: str, listing: Listing | None) -> str:
    if listing is not None:
        return "grade" if listing.kind == "judgment" else "listing"
    # "Was armed policing given a grade?", "How was the force rated on ...?" ask for a grade too.
    if not REASON.search(text) and any(k == "judgment" and pattern.search(text)
                                       for p in PROFILES for pattern, k in p.listing_kinds):
        return "grade"
    if re.match(r"\s*why\b", text, re.I):
        return "reason"  # "why were a small number of ..." asks for a reason, not a number
    if NUMERIC.search(text):
        return "figure"
    if REASON.search(text):
        return "reason"
    return "yesno" if YES_NO.match(text) else "plain"


def _kinds(text: str) -> tuple[str, ...]:
    """Name the passage kinds a question asks about, from the words it uses."""
    kinds: list[str] = []
    for profile in PROFILES:
        for pattern, named in profile.intent_kinds:
            if pattern.search(text):
                kinds.extend(k for k in named if k not in kinds)
    return tuple(kinds)


def _years(text: str) -> list[str]:
    return [m.group(0).replace(" ", "") for m in YEAR.finditer(text)]


def _own_years(text: str) -> list[str]:
    """The years a question is scoped to, without the earlier inspection it looks back to."""
    mentioned = _years(text)
    if EARLIER.search(text):
        # The first year is the earlier inspection the question looks back to.
        return mentioned[1:]
    return mentioned


def _before_reports(text: str, named: list[Report]) -> bool:
    """Say whether a question asks of an inspection older than every report held on the body it
    names ("did X fix the problems found at its 2019 inspection?" of a 2023 report): what is known
    of that inspection is what the later report says of it."""
    return any(_before_held(m.group(1) or m.group(2), named) for m in EARLIER_EVENT.finditer(text))


def _before_held(year: str, named: list[Report]) -> bool:
    """Say whether a year is older than every report held on the bodies a question names: "was
    told in 2017 to ...", "at the 2018 focused visit" of a 2019 report are what a later report says
    of, not a report."""
    held = [r.year[:4] for r in named if r.year]
    return bool(held) and year[:4] < min(held)


def _indexed_year(year: str, catalog: Catalog) -> bool:
    return bool(catalog.inspection_years(year))


def _named_reports(text: str, catalog: Catalog) -> list[Report]:
    """The reports on the bodies a question names, of the kind of body it names them as."""
    named = named_organisations(text, catalog) & catalog.keys
    return [r for r in catalog.reports if catalog.key(r.id) in named and _kind_fits(r, text, catalog.key(r.id))]


def _implied(text: str, catalog: Catalog, named: list[Report]) -> Filters:
    """Filters for the organisation and inspection year a question names, when the index holds them."""
    values: dict[str, list[str]] = {}
    if named:
        values["organisation"] = sorted({r.organisation or r.force for r in named})
    own = [m for m in _own_years(text) if not _before_held(m, named)]
    matched = sorted({y for m in own for y in catalog.inspection_years(m, named)})
    if len(matched) == 1:
        values["year"] = matched
    return Filters(values)


def _kind_fits(report: Report, text: str, key: str) -> bool:
    """Say whether the question names the kind of body the report is on, where it names one:
    "Kent Police" is not Kent Fire and Rescue Service."""
    match = re.search(rf"\b{re.escape(key)}\b((?:\s+[\w’']+){{1,4}})", text, re.I)
    after = match.group(1).split() if match else []
    kind = next((k for n in range(1, len(after) + 1) if (k := body_type(" ".join([key, *after[:n]])))), None)
    return kind is None or report.organisation_type in (None, kind)


def _without_scope(text: str, scope: Filters, catalog: Catalog, named: list[Report]) -> str:
    """Remove the names of the organisations and years a question is scoped to: they are filters
    now, and left in they would match every passage of those reports alike."""
    out = text
    years = scope.values.get("year", [])
    # A report named by the year it was published: that year stands for its inspection year.
    years = years + [m for m in _own_years(text) if set(catalog.inspection_years(m, named)) & set(years)]
    for body in scope.values.get("force", []) + scope.values.get("organisation", []):
        names = {body} | {p.organisation_key(body) for p in PROFILES}
        for name in sorted(names, key=len, reverse=True):
            for profile in PROFILES:
                out = re.sub(SCOPE_LEAD + profile.names_pattern(name), " ", out, flags=re.I)
    if scope.values.get("organisation") or scope.values.get("force"):
        for key in {catalog.key(r.id) for r in named}:
            out = re.sub(rf"\b{_key_pattern(key)}\b", " ", out, flags=re.I)  # as shortened: "notts"
    for year in sorted(years, key=len, reverse=True):
        # The span a year starts ("2013/14") goes with it.
        out = re.sub(rf"\b{re.escape(year[:4])}(\s*/\s*\d\d)?\b|\b{re.escape(year)}\b", " ", out)
    out = re.sub(r"\s+([?.!,;:])", r"\1", re.sub(r"\s+", " ", out)).strip(" ,:;-")
    return out if re.search(r"[A-Za-z]{3}", out) else text


def _listing(text: str, catalog: Catalog, named: list[Report]) -> Listing | None:
    """Read a question as a request for a list of findings, or return None when it is not one."""
    said, kind = next(((m, k) for p in PROFILES for pattern, k in p.listing_kinds if (m := pattern.search(text))),
                      (None, None))
    plural_ask = any(p.plural_kinds.search(text) for p in PROFILES) and not NOT_A_LIST.search(text)
    asked = TOPIC_LEAD.sub("", text, count=1)  # "northmoor 2019 - list of ...": the question proper
    if kind is None or not (ENUMERATE.search(text) or ENUMERATE.search(asked) or plural_ask):
        return None
    listing = Listing(kind=kind)
    years = _years(text)
    # "still needing to improve in Northmoor in 2026": a year the named body's report is of is that
    # report's, not the earlier one an item was carried from; "the 2022 JTAI raised priority
    # actions for X" of X's 2024 report asks what an earlier one raised.
    own = bool(years) and any((r.year or "").startswith(years[0][:4]) for r in named)
    if (CARRIED.search(text) and not own) or (years and _before_held(years[0], named)):
        listing.carried_from = years[0][:4] if years else ""
        years = years[1:]
    indexed = catalog.years
    listing.forces = sorted(named_organisations(text, catalog) & catalog.keys)
    listing.years = [y for y in years if y in indexed] or [y2 for y in years for y2 in indexed if y2.startswith(y)] or \
        sorted({y2 for y in years for y2 in catalog.inspection_years(y, named)})
    if kind == "judgment":
        listing.grades = _grades_named(text)
        listing.topic = _grade_area(text) if len(_grade_areas(text, _parts(text))) == 1 else None  # several: each is read apart
    elif said is not None:
        listing.topic = _subject(text[said.end():], said.group(0), catalog)
        listing.broad = bool(IMPROVE.search(said.group(0)))
    return listing


def _subject(rest: str, named: str, catalog: Catalog) -> str | None:
    """What a list of findings is narrowed to, from the words after its kind: "... about vetting",
    "... relating to custody", "told to improve supervision" (an object of the kind's own verb).
    Organisations and years are scope, not subject."""
    about = SUBJECT.search(rest)
    if about is None and not IMPROVE.search(named):
        return None
    phrase = CLAUSE_END.split(about.group(1) if about else rest, maxsplit=1)[0].strip()
    for key in named_organisations(phrase, catalog):
        # "supervision in Kent": the subject ends where its scope begins.
        phrase = re.split(rf"(?:\s+(?:in|at|for|of|by)\s+(?:the\s+)?)?\b{re.escape(key)}\b", phrase, maxsplit=1, flags=re.I)[0]
    phrase = re.sub(r"^(?:the|their|its|his|her)\s+", "", phrase.strip(), flags=re.I)
    return phrase if [t for t in terms(phrase) if not t.isdigit()] else None


def _grades_named(text: str) -> list[str]:
    """The grades a question names ("which were graded inadequate?"); "good" only as a grade. A
    grade it names to rule out ("which was not outstanding?") stands for every other grade."""
    named, ruled_out = _grade_words(text), _ruled_out(text)
    negated = {grade for key, grade in named if re.search(rf"\b{re.escape(key)}\b", ruled_out)}
    kept = [grade for _, grade in named if grade not in negated]
    if negated and not kept:
        kept = [grade for grade in GRADES.values() if grade not in negated]
    return list(dict.fromkeys(kept))


def _ruled_out(text: str) -> str:
    """The grade words a question names to rule out ("not outstanding", "other than good")."""
    return " ".join(m.group(1).lower() for m in NOT_GRADE.finditer(text))


def _grade_words(text: str) -> list[tuple[str, str]]:
    """(words as the question prints them, canonical grade) for each grade the question names; "good"
    only where it is one ("graded good", "not good"), not in "how good"."""
    lowered = text.lower()
    good = bool(re.search(r"\b(?:graded|as|rated) good\b", lowered) or re.search(r"\bgood\b", _ruled_out(text)))
    return [(key, g) for key, g in GRADES.items() if (good if key == "good" else re.search(rf"\b{key}\b", lowered))]


def _grade_area(text: str) -> str | None:
    """The area a grade question asks about: what it says besides asking for a grade ("what grade
    for treating the workforce fairly?", "was armed policing graded?"), the grade it names ("graded
    inadequate") and the inspections it asks across ("in which inspections")."""
    rest = _without_kind_words(text)
    for key, _ in _grade_words(text):
        rest = re.sub(rf"\b{key}\b", " ", rest, flags=re.I)
    rest = AREAS_AT_ALL.sub(" ", INSPECTIONS.sub(" ", rest))
    for profile in PROFILES:
        rest = profile.programmes.sub(" ", rest)
    return " ".join(t for t in terms(rest) if not t.isdigit()) or None


def _grade_areas(text: str, parts: list[Part]) -> list[str]:
    """The areas a grade question asks about, one a part of text (its `_parts`: "for adoption and
    for care leavers"); none when a part that asks for grades names no area ("... and how were
    the other areas graded?"): it asks for every one."""
    # A part that asks for someone, a date or a number ("and who led it?") names no area.
    texts = [text] if len(parts) == 1 else [p.text for p in parts if not p.asks]
    found = [_grade_area(t) for t in texts]
    if any(a is None and _asks_grades(t) for a, t in zip(found, texts)):
        return []
    return [a for a in found if a]


def _asks_grades(text: str) -> bool:
    """Say whether a text asks for grades in any family's words ("graded", "judgements", ...)."""
    return any(pattern.search(text) for profile in PROFILES for pattern, kind in profile.listing_kinds
               if kind == "judgment")


def _without_kind_words(text: str) -> str:
    """The question without the words that name a kind of finding ("grade", "rated", ...)."""
    for profile in PROFILES:
        for pattern, _ in profile.listing_kinds:
            text = pattern.sub(" ", text)
    return text


def _asks_first(text: str) -> bool:
    """Say whether a question opens by asking ("Is gossip a problem – are staff careless ...?"):
    then what comes before its dash asks too, and takes nothing as given."""
    return bool(YES_NO.match(text) or ASKS.match(text))


def _parts(text: str, asking: bool = False) -> list[Part]:
    """Split a question into the things it asks for, each carrying the topic they share; asking:
    the question opens by asking (`_asks_first`)."""
    lead = TOPIC_LEAD.match(text)
    topic = lead.group(1).strip() if lead else ""
    out: list[str] = []
    claim = None
    if STATEMENT.search(topic) and not asking:
        # "X has no looked-after children – so what grade did it get?": what the question takes as
        # given is a thing the reports may say, or not, beside what it asks.
        claim, topic = Part(text=topic, terms=terms(topic), figure=False, asks="claim"), ""
    for piece in PART_BREAK.split(text[lead.end():] if lead else text):
        piece = piece.strip(" ,?")
        if not piece:
            continue
        if out and PREPOSITION.match(piece) and len(terms(out[-1])) >= 2:
            # ("Judged in 2023 - overall, and for children in care?": a bare word before it is no head.)
            piece = f"{PREPOSITION.split(out[-1], maxsplit=1)[0].strip()} {piece}"
        elif out and (len(terms(piece)) < 2 or POINTS_BACK.search(piece)) and not OTHERS.search(piece):
            # "how many were good", "what perks does it include": of what came before.
            piece = f"{piece} ({' '.join(terms(out[-1]))})"
        out.append(piece)
    parts = []
    for piece in out or [text]:
        figure = bool(NUMERIC.search(piece)) and not REASON.search(piece)  # "why were a small number ..." asks why
        parts.append(Part(text=f"{topic}: {piece}" if topic else piece, terms=terms(f"{topic} {piece}"), figure=figure,
                          asks=None if _asks_grades(piece) else _expects(piece, figure), focus=_focus(piece)))
    return [claim, *parts] if claim else parts


def _named_thing(text: str, search_text: str) -> list[str]:
    """The focus of a question as asked, without the body and year it is scoped to. It ends where
    the question goes on ("the four cornerstones in X's strategy": the search text has lost the
    words between), at the body that opens a clause of its own ("the short films X made"), and where
    the question asks its next thing at the latest."""
    kept = set(terms(search_text))
    words = _focus(PART_BREAK.split(text, maxsplit=1)[0])
    while words and words[0] not in kept:
        words = words[1:]  # "Kent's budget": the body's name before the thing
    return list(itertools.takewhile(lambda w: w in kept, words))


def _expects(text: str, figure: bool) -> str | None:
    """The kind of answer a text wants, when its words say: "date", "name" (of someone), "body"
    (the names of bodies: "which forces …?") or "number"."""
    return "date" if WHEN.search(text) else "name" if PERSON.search(text) else "body" if BODIES.search(text) \
        else "number" if figure else None


def _focus(text: str) -> list[str]:
    match = NAME_OF.search(text) or FOCUS.match(text) or WHICH.match(text)
    if match is None and (person := PERSON.search(text)) and person.group(1):
        return terms(person.group(1))  # "which HMI signed ...": the role named
    if match is None or (GOING_ON.match(match.group(1)) and not ARTICLE.search(text[:match.start(1)])):
        return []
    # "What's the agency social worker rate?": the rate is the figure asked for, not a thing the
    # answer must name; nor is the year it is asked of.
    years = set(terms(" ".join(_years(match.group(1)))))
    return [w for w in terms(match.group(1)) if not NUMERIC.fullmatch(w) and w not in years]


def _follow(question: Question, previous: Question) -> Question:
    """Give a follow-up what it does not name itself from the question before it: the body and
    year that one was about and, for a question that only continues it ("and in 2017?", "and for
    armed policing?"), what it asked."""
    values = dict(question.filters.values)
    assumed: dict[str, list[str]] = {}
    names_body = bool(question.named or {"force", "organisation", "report_id"} & set(values)
                      or ACROSS.search(question.text))
    names_year = bool(_own_years(question.text)) or "year" in values
    for key in SCOPE_KEYS:
        inherited = previous.filters.values.get(key)
        if inherited and key not in values and not (names_year if key == "year" else names_body):
            values[key] = assumed[key] = list(inherited)
    question.filters = Filters(values)
    continues = FOLLOW_UP.match(question.text)
    if continues and question.listing is None:
        names = values.get("force", []) + values.get("organisation", []) + sorted(question.named)
        scope = {t for name in names for t in terms(name)}
        area = [t for t in terms(question.text[continues.end():]) if t not in scope and not t.isdigit()]
        question.intent = previous.intent
        if previous.intent == "grade":
            question.areas = [" ".join(area)] if area else previous.areas
        if previous.listing is not None:
            topic = " ".join(question.areas) if previous.listing.kind == "judgment" else previous.listing.topic
            question.listing = replace(previous.listing, years=[], forces=[], topic=topic)
        if not area:
            # Nothing but scope: the same question again, of another body or year.
            assumed["area"] = previous.areas or [previous.search_text]
            for name in ("search_text", "terms", "kinds", "parts", "focus", "figure", "enumerates"):
                setattr(question, name, getattr(previous, name))
    if question.listing is not None and not question.listing.years:
        question.listing.years = values.get("year", [])
    question.assumed = assumed
    return question
