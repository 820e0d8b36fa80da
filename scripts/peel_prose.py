"""Template filling and the fixed phrasings used by the fictional PEEL reports.

All randomness goes through a caller-supplied ``random.Random`` so the output is
deterministic. The phrasings used when a later report revisits an item raised in an
earlier one are defined here (``carried_paragraph``), together with the verdict sentences
that map onto the normalised progress vocabulary in ``peel_model.PROGRESS_VOCABULARY``.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

_CHOICE = re.compile(r"\[([^\[\]]+)\]")
_NUMBER = re.compile(r"\{([NPM]):(\d+)-(\d+)\}")
_KEY = re.compile(r"\{([A-Za-z0-9]+)\}")


@dataclass(frozen=True)
class ForceContext:
    """Everything a passage template may refer to for one report."""

    force: str
    area: str
    towns: tuple[str, str, str]
    operation: str
    programme: str
    hub: str
    year: str  # "2017" or "2018/19"
    fieldwork_year: str  # calendar year of fieldwork
    data_year_end: str  # e.g. "30 September 2018"
    files: int = 60  # crime files reviewed (quoted in several places, so fixed per report)
    files_good: int = 50
    # Figures quoted both in the body and in Annex A, so fixed per report.
    crime_rate: int = 70  # recorded crimes per 1,000 population
    calls_rate: int = 120  # 999 calls per 1,000 population
    spend: int = 200  # net revenue expenditure per head, pounds
    ss_rate: str = "1.8"  # stop and searches per 1,000 population

    @property
    def possessive(self) -> str:
        return f"{self.force}\u2019s"

    def keys(self) -> dict[str, str]:
        return {"F": self.force, "Fp": self.possessive, "A": self.area, "T1": self.towns[0],
                "T2": self.towns[1], "T3": self.towns[2], "OP": self.operation,
                "PRG": self.programme, "HUB": self.hub, "CY": self.fieldwork_year,
                "YE": self.data_year_end, "Y": self.year, "FILES": str(self.files),
                "FILESGOOD": str(self.files_good), "FILESBAD": str(self.files - self.files_good),
                "CRIMERATE": str(self.crime_rate), "CALLS": str(self.calls_rate),
                "SPEND": str(self.spend), "SSRATE": self.ss_rate}


def fill(template: str, ctx: ForceContext, rng: random.Random) -> str:
    """Expand ``[a|b]`` choices, ``{N:a-b}`` numbers and ``{KEY}`` names in a template."""
    text = _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), template)

    def number(m: re.Match[str]) -> str:
        kind, lo, hi = m.group(1), int(m.group(2)), int(m.group(3))
        if kind == "M":
            return f"{rng.randint(lo * 10, hi * 10) / 10:.1f}"
        value = rng.randint(lo, hi)
        return f"{value:,}" if kind == "N" else str(value)

    text = _NUMBER.sub(number, text)
    keys = ctx.keys()
    text = _KEY.sub(lambda m: keys[m.group(1)], text)
    # A sentence may begin with a placeholder such as {HUB} ("the ... hub").
    return re.sub(r"(^|[.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)


GRADE_ADVERB = {
    "Outstanding": "is outstanding at",
    "Good": "is good at",
    "Requires improvement": "requires improvement in",
    "Inadequate": "is inadequate at",
}


def grade_sentence(subject: str, grade: str, activity: str) -> str:
    return f"{subject} {GRADE_ADVERB[grade]} {activity}."


JUDGED = {
    "Outstanding": "to be outstanding at",
    "Good": "to be good at",
    "Requires improvement": "to require improvement in",
    "Inadequate": "to be inadequate at",
}


def judged_sentence(year: str, grade: str, activity: str) -> str:
    """Pillar summaries mention questions that were not inspected this year like this."""
    return f"In {year}, we judged the force {JUDGED[grade]} {activity}."


def not_inspected_sentence(year: str, last: str, pillar: str, variant: int) -> str:
    if variant == 0:
        return (f"This question was not subject to inspection in {year}, and our judgment "
                f"from the {last} {pillar.lower()} inspection has been carried over.")
    return (f"We did not inspect this question in {year}. Our judgment from the {last} "
            f"{pillar.lower()} inspection has been carried over.")


FINDINGS_BELOW = (
    "Our detailed findings are set out below. They are the basis of our judgment of the "
    "force\u2019s performance in this area.",
    "The detailed findings that support our judgment are set out below.",
    "We explain below the findings on which this judgment is based.",
)

# ----------------------------------------------------------------- carried-over items
#
# Verdict sentences, keyed by the normalised progress value they express.
VERDICTS: dict[str, tuple[str, ...]] = {
    "improved": ("This year, we found that this has improved.",
                 "We found that this has improved since our last inspection.",
                 "We are pleased to find that the force has improved in this area."),
    "good progress": ("The force has made good progress since then.",
                      "We found that the force has made good progress in addressing this."),
    "limited progress": ("The force has made limited progress since then.",
                         "However, we found that the force has made only limited progress."),
    "not fully addressed": ("The force has started work on this, but has not yet fully "
                            "addressed it.",),
    "little progress": ("We found that the force has made little progress.",),
}
# The same verdicts as clauses that can follow "... in 2017 and".
VERDICT_CLAUSES: dict[str, str] = {
    "improved": "we are pleased to report that this has improved",
    "good progress": "the force has made good progress since then",
    "limited progress": "we were disappointed to find that the force has made limited "
                        "progress with this",
    "not fully addressed": "the force has not yet fully addressed it",
    "little progress": "we found that the force has made little progress",
}

# Phrasing ids -> a short description (for the docstring of make_sample_corpus.py).
PHRASINGS: dict[str, str] = {
    "report_identified": "Our 2017 <pillar> report identified an area for improvement. "
                         "It said the force should <x>.",
    "identified_this": "We identified this as an area for improvement in 2017 and <verdict>. "
                       "The force should <x>.",
    "also_afi": "This was also an area for improvement in 2017, and we are disappointed that "
                "it has made little progress. The force should <x>.",
    "we_found": "In our 2017 inspection we found that <problem>, and we said that the force "
                "should <x>.",
    "we_stated": "Our 2017 <pillar> inspection identified an area for improvement. We stated "
                 "that the force should <x>.",
    "when_inspected": "When we inspected <force> in 2017, we said that it should <x>.",
    "not_fully": "The force has not fully addressed the area for improvement we identified in "
                 "our 2017 inspection, which said that it should <x>.",
    "coc": "In 2017, we identified a cause of concern about <topic>. We recommended that the "
           "force should <x>.",
}


def carried_paragraph(phrasing: str, *, x: str, progress: str, pillar: str, force: str,
                      earlier_year: str = "2017", lead: str = "", problem: str = "",
                      topic: str = "", follow: str = "", verdict: int = 0) -> tuple[str, str]:
    """Return (paragraph text, evidence sentence) for one revisited item.

    ``x`` is the "should ..." clause as the later report words it (no final full stop).
    The evidence is the exact sentence that states the item was raised in ``earlier_year``.
    """
    ver = VERDICTS[progress][verdict % len(VERDICTS[progress])]
    p = pillar.lower()
    y = earlier_year
    if phrasing == "report_identified":
        evidence = f"Our {y} {p} report identified an area for improvement."
        body = [lead, evidence, f"It said the force should {x}.", ver]
    elif phrasing == "identified_this":
        evidence = (f"We identified this as an area for improvement in {y} and "
                    f"{VERDICT_CLAUSES[progress]}.")
        body = [lead, evidence, f"The force should {x}."]
    elif phrasing == "also_afi":
        tail = ("we are disappointed that it has made little progress"
                if progress == "little progress" else f"{VERDICT_CLAUSES[progress]}")
        evidence = f"This was also an area for improvement in {y}, and {tail}."
        body = [lead, evidence, f"The force should {x}."]
    elif phrasing == "we_found":
        evidence = (f"In our {y} inspection we found that {problem}, and we said that the "
                    f"force should {x}.")
        body = [lead, evidence, ver]
    elif phrasing == "we_stated":
        evidence = f"Our {y} {p} inspection identified an area for improvement."
        body = [lead, evidence, f"We stated that the force should {x}.", ver]
    elif phrasing == "when_inspected":
        evidence = f"When we inspected {force} in {y}, we said that it should {x}."
        body = [lead, evidence, ver]
    elif phrasing == "not_fully":
        evidence = (f"The force has not fully addressed the area for improvement we identified "
                    f"in our {y} inspection, which said that it should {x}.")
        body = [lead, evidence]
    elif phrasing == "coc":
        evidence = f"In {y}, we identified a cause of concern about {topic}."
        body = [lead, evidence, f"We recommended that the force should {x}.", ver]
    else:
        raise ValueError(phrasing)
    text = " ".join(s for s in body + [follow] if s)
    return text, evidence


# One-line headlines per PEEL question, used in pillar summaries and HM Inspector's
# observations. "pos" for Outstanding/Good, "neg" for Requires improvement/Inadequate.
HEADLINES: dict[str, dict[str, list[str]]] = {
    "prevent": {
        "pos": ["Neighbourhood teams know their communities and solve local problems well."],
        "neg": ["Its approach to prevention is inconsistent, and neighbourhood officers are "
                "often diverted to other duties."],
    },
    "invest": {
        "pos": ["Investigations are allocated to the right teams, and most are of a good "
                "standard."],
        "neg": ["Too many investigations are poorly planned and supervised, and victims are "
                "not always kept informed."],
    },
    "vuln": {
        "pos": ["It works well with partner organisations to identify and safeguard "
                "vulnerable people."],
        "neg": ["It does not always identify vulnerable people or respond to them quickly "
                "enough."],
    },
    "soc": {
        "pos": ["It has a good understanding of organised crime and disrupts it effectively."],
        "neg": ["Its understanding of organised crime is incomplete, and it does not record "
                "all of its disruption activity."],
    },
    "demand": {
        "pos": ["It understands the demand for its services and uses its resources well."],
        "neg": ["It does not fully understand its demand, and too many calls go unanswered."],
    },
    "future": {
        "pos": ["Its plans for the future are ambitious, realistic and well funded."],
        "neg": ["Its plans for the future are not yet fully costed or linked to its "
                "assessment of demand."],
    },
    "public": {
        "pos": ["It treats the public fairly and uses its powers appropriately."],
        "neg": ["It needs to improve how it monitors its use of force and of stop and search."],
    },
    "ethical": {
        "pos": ["It has a positive ethical culture and tackles corruption well."],
        "neg": ["It has a backlog of vetting and does not assess all corruption intelligence "
                "promptly."],
    },
    "workforce": {
        "pos": ["It supports the well-being of its workforce and treats its people fairly."],
        "neg": ["It needs to do more to support the well-being of its workforce."],
    },
}
