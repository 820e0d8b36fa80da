"""Turn a ``ReportSpec`` into a ``peel_model.Report`` full of original fictional prose.

The order of sections follows published PEEL reports: three front-matter sections, the three
pillars (each with a divider page, a pillar question with a "Summary", then the PEEL
questions and their sub-sections) and "Annex A \u2013 About the data". Everything random is
drawn from ``random.Random(<report stem>)`` so the text is the same on every run.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import peel_prose as prose
from peel_corpus_spec import FORCES, REPORTS, BoxSpec, CarrySpec, ReportSpec
from peel_model import (AFI, COC, Block, Box, Bullets, Carry, Para, Report, Section, TableBlock,
                        carried_prose_finding, judgment_finding)
from peel_prose_bank_more import GENERIC, merged_bank


@dataclass(frozen=True)
class QuestionDef:
    pillar: str
    title: str
    activity: str
    subsections: tuple[tuple[str, str], ...]  # (title, prose topic)
    ipa_label: str


@dataclass(frozen=True)
class PillarDef:
    key: str
    name: str
    question: str
    activity: str
    questions: tuple[str, ...]


PILLARS: tuple[PillarDef, ...] = (
    PillarDef("effectiveness", "Effectiveness",
              "How effectively does the force reduce crime and keep people safe?",
              "reducing crime and keeping people safe",
              ("prevent", "invest", "vuln", "soc", "armed")),
    PillarDef("efficiency", "Efficiency",
              "How efficiently does the force operate and how sustainable are its services?",
              "operating efficiently and providing sustainable services", ("demand", "future")),
    PillarDef("legitimacy", "Legitimacy",
              "How legitimately does the force treat the public and its workforce?",
              "treating the public and its workforce legitimately",
              ("public", "ethical", "workforce")),
)

QUESTIONS: dict[str, QuestionDef] = {
    "prevent": QuestionDef("Effectiveness", "Preventing crime and tackling anti-social behaviour",
                           "preventing crime and tackling anti-social behaviour",
                           (("Prioritising crime prevention", "prev_priority"),
                            ("Working with communities", "prev_community"),
                            ("Tackling anti-social behaviour", "prev_asb")),
                           "Preventing crime and anti-social behaviour"),
    "invest": QuestionDef("Effectiveness", "Investigating crime", "investigating crime",
                          (("Investigation quality", "inv_quality"),
                           ("Catching criminals", "inv_catching"),
                           ("Supporting victims", "inv_victims")), "Investigating crime"),
    "vuln": QuestionDef("Effectiveness", "Protecting vulnerable people",
                        "protecting vulnerable people",
                        (("Understanding and identifying vulnerability", "vul_identify"),
                         ("Responding to incidents", "vul_respond"),
                         ("Working with partner organisations", "vul_partners"),
                         ("Supporting vulnerable victims", "vul_support")),
                        "Protecting vulnerable people"),
    "soc": QuestionDef("Effectiveness", "Tackling serious and organised crime",
                       "tackling serious and organised crime",
                       (("Understanding serious and organised crime", "soc_understand"),
                        ("Disrupting organised crime", "soc_disrupt")),
                       "Tackling serious and organised crime"),
    "armed": QuestionDef("Effectiveness", "Armed policing", "armed policing",
                         (("Understanding the threat and responding to it", "arm_threat"),
                          ("Working with others", "arm_partners")), "Armed policing"),
    "demand": QuestionDef("Efficiency", "Meeting current demands and using resources",
                          "meeting current demands and using resources",
                          (("Assessing current demand", "dem_assess"),
                           ("Working with others to meet demand", "dem_partners"),
                           ("Prioritising different types of demand", "dem_prioritise"),
                           ("Workforce capabilities", "dem_workforce"),
                           ("More efficient ways of working", "dem_efficient"),
                           ("Using technology", "dem_tech")), "Meeting current demands"),
    "future": QuestionDef("Efficiency", "Planning for the future", "planning for the future",
                          (("Assessing future demand for services", "fut_demand"),
                           ("Future workforce", "fut_workforce"),
                           ("Finance plans", "fut_finance"),
                           ("Leadership and workforce development", "fut_leaders"),
                           ("Ambition to improve", "fut_ambition")),
                          "Planning for the future"),
    "public": QuestionDef("Legitimacy", "Treating the public fairly", "treating the public fairly",
                          (("Treating people with fairness and respect", "pub_respect"),
                           ("Using stop and search powers fairly", "pub_stopsearch"),
                           ("Using force fairly", "pub_force")),
                          "Treating the public fairly"),
    "ethical": QuestionDef("Legitimacy", "Ethical and lawful workforce behaviour",
                           "making sure that its workforce behaves ethically and lawfully",
                           (("Maintaining an ethical culture", "eth_culture"),
                            ("Tackling corruption", "eth_corruption")),
                           "Ethical and lawful workforce behaviour"),
    "workforce": QuestionDef("Legitimacy", "Treating the workforce fairly",
                             "treating its workforce fairly",
                             (("Well-being", "wf_wellbeing"),
                              ("Developing and treating the workforce fairly", "wf_development")),
                             "Treating the workforce fairly"),
}
# Some reports name the legitimacy rows of the summary table differently from the headings.
FAIR_TREATMENT_LABELS = {"public": "Fair treatment of the public",
                         "workforce": "Fair treatment of the workforce"}

# Chance that a sub-section's dominant tone is negative, by the question's grade. Within a
# sub-section most paragraphs follow the dominant tone, which keeps the prose coherent.
P_NEGATIVE = {"Outstanding": 0.0, "Good": 0.15, "Requires improvement": 0.6, "Inadequate": 1.0,
              "Ungraded": 0.0}
FILES_GOOD = {"Outstanding": (52, 56), "Good": (46, 52), "Requires improvement": (38, 44),
              "Inadequate": (30, 36)}

ARMED_INTRO = (
    "Armed policing has formed part of our effectiveness inspections since 2016. Because of the "
    "continuing threat from terrorism, and from criminals who carry firearms, we continue to "
    "examine whether forces have the armed capability they need.",
    "Chief constables are responsible for making sure that their forces meet the national "
    "standards for armed policing. Each force must assess the threat it faces and set out, in a "
    "strategic threat and risk assessment, how many armed officers it needs and how they "
    "should be trained.",
)


class Composer:
    def __init__(self, spec: ReportSpec, earlier: dict[str, tuple[str, str, str]]) -> None:
        """``earlier`` maps a 2017 item id to (kind, text, earlier PDF file name)."""
        self.spec, self.earlier = spec, earlier
        self.fs = FORCES[spec.force]
        self.rng = random.Random(spec.stem)
        later = spec.year != "2017"
        self.prev_year = "2017" if later else "2016"
        files = 60 if later else 55
        self.ctx = prose.ForceContext(
            self.fs.force, self.fs.area, self.fs.towns, self.fs.operation, self.fs.programme,
            self.fs.hub, spec.year, "2018" if later else "2017",
            "30 September 2018" if later else "31 March 2017", files,
            self.rng.randint(*FILES_GOOD[spec.grades["invest"][0]]) * files // 60,
            crime_rate=self.rng.randint(55, 95), calls_rate=self.rng.randint(95, 180),
            spend=self.rng.randint(175, 230), ss_rate=f"{self.rng.randint(11, 29) / 10:.1f}")
        # Pools of (labels, passage). A passage may start with "@label,label ": plain labels
        # let a report leave the passage out (spec.avoid); "~group" labels mark passages that
        # contradict each other, so drawing one removes the rest of its group.
        self.pools: dict[str, dict[str, list[tuple[frozenset[str], str]]]] = {}
        bank = merged_bank()
        for topic in sorted(bank):
            self.pools[topic] = {}
            for tone in ("pos", "neg", "facts"):
                items = []
                for passage in bank[topic][tone]:
                    labels: frozenset[str] = frozenset()
                    if passage.startswith("@"):
                        head, passage = passage[1:].split(" ", 1)
                        labels = frozenset(head.split(","))
                    if labels & spec.avoid:
                        continue
                    items.append((labels, passage))
                self.rng.shuffle(items)
                self.pools[topic][tone] = items
        self.generic = list(GENERIC)
        self.rng.shuffle(self.generic)
        self.carries: dict[str, tuple[Para, Carry, str, str]] = {}
        for c in spec.carries:
            self.carries[c.id] = self._carry_para(c)

    # ----------------------------------------------------------------- helpers
    def fill(self, template: str) -> str:
        return prose.fill(template, self.ctx, self.rng)

    def draw(self, topic: str, tone: str) -> str | None:
        """Pop a passage of the wanted tone, falling back to the other tone when the pool
        runs dry (never to a negative passage for an Outstanding question)."""
        pool = self.pools[topic]
        for t in (tone, "neg" if tone == "pos" else "pos"):
            if t != tone and t == "neg" and self._no_neg:
                continue
            if pool[t]:
                labels, passage = pool[t].pop()
                self._drop_conflicts(labels)
                return self.fill(passage)
        return None

    def _drop_conflicts(self, labels: frozenset[str]) -> None:
        groups = {lab for lab in labels if lab.startswith("~")}
        if not groups:
            return
        for tones in self.pools.values():
            for tone, items in tones.items():
                tones[tone] = [(lab, p) for lab, p in items if not (lab & groups)]

    _no_neg = False

    def _carry_para(self, c: CarrySpec) -> tuple[Para, Carry, str, str]:
        kind_earlier, earlier_text, doc = self.earlier[c.earlier]
        pillar = QUESTIONS[c.q].pillar
        text, evidence = prose.carried_paragraph(
            c.phrasing, x=c.x, progress=c.progress, pillar=pillar, force=self.fs.force,
            lead=c.lead, problem=c.problem, topic=c.topic, follow=c.follow, verdict=c.verdict)
        carry = Carry("2017", c.progress, evidence, doc, earlier_text)
        statement = f"The force should {c.x}."
        finding = carried_prose_finding(c.kind, statement, carry)
        return Para(text, keep_whole=True, findings=[finding]), carry, statement, kind_earlier

    def _box(self, b: BoxSpec) -> Box:
        carried = {i: self.carries[cid][1] for i, cid in b.carried.items()}
        return Box(b.kind, [t for _, t in b.items], concern=b.concern[1] if b.concern else None,
                   carried=carried)

    def _inserts(self, q: str, sub: str | None) -> list[tuple[int | str, Block]]:
        out: list[tuple[int | str, Block]] = []
        for c in self.spec.carries:
            if c.q == q and c.sub == sub:
                out.append((c.pos, self.carries[c.id][0]))
        for b in self.spec.boxes:
            if b.q == q and b.sub == sub:
                out.append((b.pos, self._box(b)))
        return out

    @staticmethod
    def _place(paras: list[Block], inserts: list[tuple[int | str, Block]]) -> list[Block]:
        """Insert boxes and revisit paragraphs after the k-th paragraph, or at the end."""
        out: list[Block] = []
        for i, p in enumerate(paras, start=1):
            out.append(p)
            out += [blk for pos, blk in inserts if pos == i]
        out += [blk for pos, blk in inserts
                if pos == "end" or (isinstance(pos, int) and pos > len(paras))]
        return out

    # ----------------------------------------------------------------- sections
    def report(self) -> Report:
        sp = self.spec
        sections = [self.what_this_report_contains(), self.overall_summary(), self.observations()]
        for pillar in PILLARS:
            sections.append(self.pillar(pillar))
        sections.append(self.annex())
        notes = [
            "fictional report generated by scripts/make_sample_corpus.py; no real force or "
            "real report text",
            "sections/boxes/tables/findings recorded from reportlab afterFlowable hooks on the "
            "final layout pass",
            "page_end = last page holding content of the section or any of its sub-sections",
            "cover page and the 'Contents' page title are not sections",
            "box text = items joined by newlines (no bullet glyph); for a cause of concern the "
            "first item is the concern paragraph and the rest are its recommendations",
        ]
        return Report(stem=sp.stem, force=self.fs.force, year=sp.year, style=self.fs.style,
                      bookmarks=sp.bookmarks, sections=sections,
                      publication_date=sp.publication_date, notes=notes)

    def what_this_report_contains(self) -> Section:
        y, f = self.spec.year, self.fs.force
        parts = [f"Our overall assessment of the force\u2019s {y} performance.",
                 "Our judgments on how effectively, efficiently and legitimately the force keeps "
                 "people safe and reduces crime, with a summary of each.",
                 "Our judgments, and any areas for improvement or causes of concern, for each "
                 "question we asked.",
                 "Our detailed findings for each of those questions."]
        top = Section(1, "What this report contains", new_page=True,
                      blocks=[Para("This report sets out our findings in four parts:"),
                              Bullets(parts, numbered=True)])
        sources = ["the force management statement and other data the force gave us;",
                   "the risks the public faces in the force area;",
                   "the progress the force has made since our last inspection;",
                   "what we found in our other, non-PEEL, inspections; and",
                   "our continuous monitoring of the force."]
        if y == "2017":
            intro = [Para(f"In 2017, we inspected {f} in three parts: effectiveness in the "
                          "spring, efficiency in the summer and legitimacy in the autumn. This "
                          "report brings the findings of those inspections together in one place."),
                     Para("Our judgments draw on more than our fieldwork. We also considered:"),
                     Bullets(sources),
                     Para("We did not re-inspect every force on every question. The table below "
                          f"shows the areas we inspected in {f} in 2017.")]
            cols, after = ["PEEL area", "Inspected in 2017?"], (
                "Where we did not inspect an area in 2017, our 2016 judgment still stands.")
            name = "inspected_areas"
        else:
            intro = [Para(f"For {y}, we combined our inspections of police effectiveness, "
                          "efficiency and legitimacy (PEEL) into a single integrated PEEL "
                          "assessment (IPA). In earlier years, each of the three pillars was "
                          "inspected separately, at different times of the year."),
                     Para("Our judgments draw on more than our fieldwork. We also considered:"),
                     Bullets(sources),
                     Para("Some areas carry enough risk to the public that we inspect them in "
                          "every force every year. In " + y + " these were protecting vulnerable "
                          "people, armed policing, planning for the future, and ethical and "
                          "lawful workforce behaviour."),
                     Para("For the other areas we took a risk-based approach, so we did not "
                          "inspect every force against every question. The table below shows "
                          f"the areas we inspected in {f}.")]
            cols, after = ["IPA area", f"Inspected in {y}?"], (
                "Our 2017 judgments remain in place for the areas we did not inspect in "
                f"{y}.")
            name = "ipa_areas"
        rows = [[QUESTIONS[k].ipa_label, "Yes" if self.spec.grades[k][1] == y else "No"]
                for p in PILLARS for k in p.questions]
        approach = Section(2, "Our inspection approach",
                           blocks=intro + [TableBlock(name, cols, rows, widths=[0.68, 0.32]),
                                           Para(after)])
        top.children.append(approach)
        return top

    def overall_summary(self) -> Section:
        sec = Section(1, "Overall summary", new_page=True)
        if self.fs.style == "plum":
            sec.blocks.append(Para("The tables below set out our judgment for each pillar and "
                                   "each question, and the year in which we last inspected it."))
        labels = FAIR_TREATMENT_LABELS if self.fs.style == "navy" else {}
        for p in PILLARS:
            rows, findings = [], []
            for k in p.questions:
                grade, last = self.spec.grades[k]
                rows.append([labels.get(k, QUESTIONS[k].title), grade, last])
                if k == "armed":  # no grade label in the body: judged from the table
                    findings.append(judgment_finding(QUESTIONS[k].title, "Ungraded", last,
                                                     [p.name, QUESTIONS[k].title],
                                                     source="summary_table"))
            sec.blocks.append(TableBlock(f"overall_summary_{p.key}",
                                         [p.name, self.spec.pillar_grades[p.key], "Last inspected"],
                                         rows, widths=[0.58, 0.24, 0.18], summary=True,
                                         findings=findings))
        return sec

    def observations(self) -> Section:
        f, sp = self.fs.force, self.spec
        grades = [sp.grades[k][0] for k in QUESTIONS if k != "armed"]
        if "Inadequate" in grades:
            opening = (f"I have serious concerns about some aspects of {self.ctx.possessive} "
                       "performance, although there is also much that the force does well.")
        elif all(g in ("Good", "Outstanding") for g in sp.pillar_grades.values()):
            opening = f"I am pleased with the performance of {f} in keeping people safe and " \
                      "reducing crime."
        else:
            opening = f"{f} has made progress in some areas, but there is still much to do."
        strengths = [prose.HEADLINES[k]["pos"][0] for k in QUESTIONS if k != "armed"
                     and sp.grades[k][1] == sp.year and sp.grades[k][0] in ("Good", "Outstanding")]
        concerns = [prose.HEADLINES[k]["neg"][0] for k in QUESTIONS if k != "armed"
                    and sp.grades[k][1] == sp.year
                    and sp.grades[k][0] in ("Requires improvement", "Inadequate")]
        blocks: list[Block] = [Para(opening)]
        if strengths:
            first = strengths[0].replace("It ", "The force ", 1)
            first = first.replace("Its ", "The force\u2019s ", 1)
            blocks.append(Para("The force has clear strengths. "
                               + " ".join([first] + strengths[1:3])))
        if sp.year != "2017":
            improved = [c for c in sp.carries if c.progress in ("improved", "good progress")]
            stalled = [c for c in sp.carries if c not in improved]
            if improved:
                blocks.append(Para(f"Since our last inspection, the force has acted on "
                                   f"{len(improved)} of the issues we raised in 2017. I am "
                                   "pleased that these improvements are already benefiting the "
                                   "public."))
            if stalled:
                blocks.append(Para(f"However, progress on {len(stalled)} other issues has been "
                                   "too slow, and I have repeated them in this report."))
        if concerns:
            blocks.append(Para("I do have some concerns. " + " ".join(concerns[:3])))
        closing = {
            True: f"Overall, I commend {f} for its performance over the past year. I am "
                  "confident that it is well placed to continue improving.",
            False: "I will continue to monitor the force\u2019s progress closely, and I expect "
                   "to see clear improvement by the time of our next inspection.",
        }[not concerns]
        blocks += [Para(closing), Para(self.fs.hmi[sp.year], style="signature"),
                   Para("HM Inspector of Constabulary")]
        return Section(1, "HM Inspector\u2019s observations", new_page=True, blocks=blocks)

    def pillar(self, p: PillarDef) -> Section:
        sp = self.spec
        grade = sp.pillar_grades[p.key]
        top = Section(1, p.name, divider=True)
        pq = Section(2, p.question, grade=grade,
                     judgment=judgment_finding(p.name, grade, sp.year))
        summary: list[Block] = [Para(prose.grade_sentence(self.fs.force, grade, p.activity))]
        for k in p.questions:
            if k == "armed":
                continue
            g, last = sp.grades[k]
            q = QUESTIONS[k]
            if last != sp.year:
                summary.append(Para(prose.judged_sentence(last, g, q.activity)))
            else:
                tone = "pos" if g in ("Good", "Outstanding") else "neg"
                head = prose.HEADLINES[k][tone][0]
                summary.append(Para(prose.grade_sentence("The force", g, q.activity) + " " + head))
        pq.children.append(Section(3, "Summary", blocks=summary))
        top.children.append(pq)
        for k in p.questions:
            top.children.append(self.question(p, k))
        return top

    def question(self, p: PillarDef, key: str) -> Section:
        sp, q = self.spec, QUESTIONS[key]
        grade, last = sp.grades[key]
        sec = Section(2, q.title)
        if key != "armed":
            sec.grade = grade
            sec.judgment = judgment_finding(q.title, grade, last)
        if last != sp.year:
            variant = 1 if self.fs.style == "navy" else 0
            sec.blocks.append(Para(prose.not_inspected_sentence(sp.year, last, p.name, variant)))
            if key == "public" and sp.year != "2017":
                sec.blocks.append(Para(self.fill(
                    "We did, however, look again at how the force records the grounds for stop "
                    "and search. Of the {N:140-200} records we reviewed, {P:88-96} percent had "
                    "reasonable grounds recorded.")))
            return sec
        self._no_neg = grade == "Outstanding"
        if key == "armed":
            intro: list[Block] = [Para(t) for t in ARMED_INTRO]
        else:
            tone = "pos" if grade in ("Good", "Outstanding") else "neg"
            first = prose.grade_sentence(self.fs.force, grade, q.activity)
            intro = [Para(first + " " + prose.HEADLINES[key][tone][0])]
            extra = self.draw(q.subsections[0][1], tone)
            if extra:
                intro.append(Para(extra))
            intro.append(Para(self.rng.choice(prose.FINDINGS_BELOW)))
        sec.blocks = self._place(intro, [(pos if pos != "intro" else len(intro) - 1, blk)
                                         for pos, blk in self._inserts(key, None)])
        for title, topic in q.subsections:
            sec.children.append(Section(3, title, blocks=self.subsection(key, title, topic, grade)))
        return sec

    def subsection(self, key: str, title: str, topic: str, grade: str) -> list[Block]:
        n = self.rng.choice((4, 5, 5, 6))
        paras: list[Block] = []
        dominant = "neg" if self.rng.random() < P_NEGATIVE[grade] else "pos"
        other = "pos" if dominant == "neg" else "neg"
        for _ in range(n):
            tone = dominant
            if grade not in ("Outstanding", "Inadequate") and self.rng.random() < 0.15:
                tone = other
            text = self.draw(topic, tone)
            if text is None:
                break
            if self.rng.random() < 0.3:
                more = self.draw(topic, tone)
                text = text + (" " + more if more else "")
            paras.append(Para(text))
        while len(paras) < 2 and self.generic:
            paras.append(Para(self.fill(self.generic.pop())))
        facts = self.pools[topic]["facts"]
        if facts and self.rng.random() < 0.7:  # a figure for this force, where we have one
            labels, passage = facts.pop()
            self._drop_conflicts(labels)
            paras.insert(self.rng.randint(1, len(paras)), Para(self.fill(passage)))
        return self._place(paras, self._inserts(key, title))

    def annex(self) -> Section:
        later = self.spec.year != "2017"
        f, rng = self.fs.force, self.rng
        pop_year = "2017" if later else "2016"
        top = Section(1, "Annex A \u2013 About the data", new_page=True, blocks=[
            Para("The data in this report comes from several sources, including:"),
            Bullets(["the Home Office;", "the Office for National Statistics (ONS);",
                     "our inspection fieldwork; and",
                     "data we collected directly from the 43 police forces in England and Wales."]),
            Para("Where we collected data directly from forces, we agreed the design of the "
                 "collection with forces and other interested parties, and gave every force the "
                 "chance to check and correct its data before publication."),
        ])
        files = self.ctx.files
        method = Section(2, "Methodology", children=[
            Section(3, "Data in the report", blocks=[Para(
                "Totals for England and Wales in this report do not include British Transport "
                "Police, which was not inspected. They may therefore differ from figures "
                "published by the Home Office.")]),
            Section(3, "Population", blocks=[Para(
                "Unless we say otherwise, rates per head of population use the ONS mid-"
                f"{pop_year} population estimates, which were the latest available when we "
                "carried out our fieldwork.")]),
            Section(3, "Review of crime files", blocks=[
                Para(f"We reviewed {files} case files from crimes recorded by {f} between "
                     f"1 January and 31 March {self.ctx.fieldwork_year}. The files covered "
                     "theft, assault, stalking, harassment and rape."),
                Para("The sample is small, so we used the results alongside other evidence "
                     "rather than as the only basis for our judgments.")]),
        ])
        crimes_per_1000 = self.ctx.crime_rate
        context = Section(2, "Force in context", children=[
            Section(3, "999 calls", blocks=[Para(
                f"{f} received {self.ctx.calls_rate} emergency calls per 1,000 population in "
                f"the 12 months to {self.ctx.data_year_end}. We collected this figure directly "
                "from the force; it includes calls transferred from other forces.")]),
            Section(3, "Spend per head of population", blocks=[Para(
                f"The force\u2019s net revenue expenditure in {'2018/19' if later else '2017/18'} "
                f"was \u00a3{self.ctx.spend} per head of population, adjusted for "
                "inflation. The figure is taken from the value for money profiles that we "
                "publish each year.")]),
            Section(3, "Stop and search", blocks=[Para(
                f"The force carried out {self.ctx.ss_rate} stop and searches per "
                f"1,000 population in the year to 31 March {self.ctx.fieldwork_year}, excluding "
                "searches of vehicles only and searches where the ethnicity of the person was "
                "not recorded.")]),
            Section(3, "Recorded crime", blocks=[Para(
                f"{f} recorded {crimes_per_1000} crimes (excluding fraud) per 1,000 population "
                f"in the 12 months to {self.ctx.data_year_end}. The rate for England and Wales "
                f"was {rng.randint(70, 86)} per 1,000 population.")]),
            Section(3, "Workforce figures", blocks=[Para(
                f"At 31 March {'2018' if later else '2017'}, the force employed "
                f"{rng.randint(1400, 2600):,} police officers, {rng.randint(1000, 1900):,} police "
                f"staff, {rng.randint(150, 340)} police community support officers and "
                f"{rng.randint(120, 420)} special constables (full-time equivalent figures, except "
                "for special constables).")]),
        ])
        top.children += [method, context]
        return top


def earlier_items() -> dict[str, tuple[str, str, str]]:
    """Index every boxed item of the 2017 reports by id: (kind, text, file name)."""
    out: dict[str, tuple[str, str, str]] = {}
    for spec in REPORTS:
        if spec.year != "2017":
            continue
        for b in spec.boxes:
            kind = AFI if b.kind == AFI else "recommendation"
            for item_id, text in b.items:
                out[item_id] = (kind, text, spec.stem + ".pdf")
            if b.concern:
                out[b.concern[0]] = (COC, b.concern[1], spec.stem + ".pdf")
    return out


def compose_all() -> list[Report]:
    earlier = earlier_items()
    return [Composer(spec, earlier).report() for spec in REPORTS]
