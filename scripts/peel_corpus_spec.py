"""What the six fictional reports say: forces, grades, boxes and revisited items.

Three invented forces, each inspected in "2017" and again in "2018/19". The 2017 reports
raise areas for improvement (and Severn Vale a cause of concern); the 2018/19 reports revisit
most of them in prose (``CarrySpec``), box again those that saw limited progress, and raise
new ones. Grades vary between forces and years and use all four grades.

Positions (``pos``) say where a block goes inside its section: ``"intro"`` (question level,
after the introduction and before the first sub-section), an integer *k* (after the k-th
paragraph of the sub-section) or ``"end"`` (after the last paragraph of the sub-section).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from peel_model import AFI, COC

QUESTION_KEYS = ("prevent", "invest", "vuln", "soc", "armed", "demand", "future", "public",
                 "ethical", "workforce")


@dataclass(frozen=True)
class ForceSpec:
    slug: str
    force: str
    area: str
    towns: tuple[str, str, str]
    operation: str
    programme: str
    hub: str
    style: str
    hmi: dict[str, str]


FORCES: dict[str, ForceSpec] = {
    "northmoor": ForceSpec(
        "northmoor", "Northmoor Police", "Northmoor", ("Kirkholme", "Ashby Fell", "Dunstow"),
        "Operation Lantern", "Northmoor 2025", "the Northmoor Safeguarding Hub", "teal",
        {"2017": "Margaret Holloway", "2018/19": "Margaret Holloway"}),
    "severn-vale": ForceSpec(
        "severn-vale", "Severn Vale Constabulary", "Severn Vale",
        ("Bredon Cross", "Lydmarsh", "Tewton"),
        "Operation Keystone", "Project Meridian", "the multi-agency safeguarding hub at Lydmarsh",
        "navy", {"2017": "Andrew Pemberton", "2018/19": "Andrew Pemberton"}),
    "brackenshire": ForceSpec(
        "brackenshire", "Brackenshire Police", "Brackenshire",
        ("Castle Brack", "Wenlow", "Fordham Market"), "Operation Harrow", "Brackenshire Futures",
        "the central referral unit in Wenlow", "plum",
        {"2017": "Rachel Okafor", "2018/19": "Thomas Whitcombe"}),
}


@dataclass
class BoxSpec:
    q: str
    sub: str | None  # None: at question level
    pos: int | str
    items: list[tuple[str, str]]  # (id, text); for a cause of concern: the recommendations
    kind: str = AFI
    concern: tuple[str, str] | None = None  # (id, text) for a cause of concern
    carried: dict[int, str] = field(default_factory=dict)  # item index (-1 concern) -> carry id


@dataclass
class CarrySpec:
    id: str
    q: str
    sub: str
    pos: int | str
    earlier: str  # id of the 2017 item
    phrasing: str  # key of peel_prose.PHRASINGS
    progress: str
    x: str
    lead: str = ""
    problem: str = ""
    topic: str = ""
    follow: str = ""
    verdict: int = 0
    kind: str = AFI


@dataclass
class ReportSpec:
    force: str
    year: str
    bookmarks: bool
    publication_date: str
    pillar_grades: dict[str, str]
    grades: dict[str, tuple[str, str]]  # question key -> (grade, last inspected)
    boxes: list[BoxSpec] = field(default_factory=list)
    carries: list[CarrySpec] = field(default_factory=list)
    # Tagged passages (see peel_prose_bank_more) this report must not use, because they
    # would contradict its own findings.
    avoid: frozenset[str] = frozenset()

    @property
    def stem(self) -> str:
        return f"{self.force}-peel-{self.year.replace('/', '-')}"


def _g(year: str, **grades: str | tuple[str, str]) -> dict[str, tuple[str, str]]:
    """Grades inspected this year are given as a string; carried ones as (grade, year)."""
    out: dict[str, tuple[str, str]] = {}
    for key in QUESTION_KEYS:
        value = grades.get(key, "Ungraded")
        out[key] = (value, year) if isinstance(value, str) else value
    return out


GOOD, OUT, RI, INAD = "Good", "Outstanding", "Requires improvement", "Inadequate"

REPORTS: list[ReportSpec] = [
    # ------------------------------------------------------------------ Northmoor
    ReportSpec(
        "northmoor", "2017", True, "D:20180322090000+00'00'",
        {"effectiveness": GOOD, "efficiency": GOOD, "legitimacy": GOOD},
        _g("2017", prevent=(GOOD, "2016"), invest=GOOD, vuln=RI, soc=GOOD, demand=GOOD,
           future=GOOD, public=GOOD, ethical=GOOD, workforce=OUT),
        boxes=[
            BoxSpec("invest", "Investigation quality", 1, [(
                "n-i1", "The force should ensure that investigation plans are recorded on the "
                        "crime system and that supervisors review them at regular intervals.")]),
            BoxSpec("vuln", "Responding to incidents", 2, [(
                "n-v1", "The force should improve the quality of the risk assessments that "
                        "officers complete when they attend domestic abuse incidents, including "
                        "recording whether children are present.")]),
            BoxSpec("vuln", "Supporting vulnerable victims", "end", [
                ("n-v2", "The force should ensure that safeguarding referrals made by frontline "
                         "officers are reviewed and acted on within a timescale that reflects "
                         "the level of risk."),
                ("n-v3", "The force should make sure that it has enough trained investigators "
                         "in its child abuse investigation teams to manage current demand.")]),
            BoxSpec("demand", "Assessing current demand", "end", [(
                "n-d1", "The force should develop a better understanding of hidden demand, "
                        "including crimes such as modern slavery and child sexual exploitation "
                        "that are under-reported.")]),
            BoxSpec("ethical", "Maintaining an ethical culture", 1, [(
                "n-e1", "The force should make sure that all officers and staff have been "
                        "vetted to the appropriate level for their role.")]),
        ]),
    ReportSpec(
        "northmoor", "2018/19", False, "D:20190516090000+01'00'",
        {"effectiveness": GOOD, "efficiency": GOOD, "legitimacy": GOOD},
        _g("2018/19", prevent=(GOOD, "2016"), invest=GOOD, vuln=GOOD, soc=(GOOD, "2017"),
           demand=GOOD, future=OUT, public=(GOOD, "2017"), ethical=GOOD,
           workforce=(OUT, "2017")),
        carries=[
            CarrySpec("c1", "invest", "Investigation quality", 1, "n-i1", "report_identified",
                      "improved", "make sure that investigation plans are recorded and that "
                      "supervisors review them regularly",
                      follow="Every file we reviewed had a plan on the crime system, and most "
                             "had been reviewed at least once a fortnight."),
            CarrySpec("c2", "vuln", "Responding to incidents", 1, "n-v1", "we_found", "improved",
                      "improve the quality of risk assessments completed at domestic abuse "
                      "incidents",
                      problem="domestic abuse risk assessments were often incomplete",
                      verdict=1),
            CarrySpec("c3", "vuln", "Supporting vulnerable victims", 1, "n-v2", "identified_this",
                      "limited progress", "make sure that safeguarding referrals are assessed "
                      "and acted on promptly",
                      lead="Safeguarding referrals from frontline officers still wait too long "
                           "before they are reviewed."),
            CarrySpec("c4", "vuln", "Supporting vulnerable victims", "end", "n-v3", "we_stated",
                      "good progress", "increase the number of trained investigators in its "
                      "child abuse investigation teams",
                      follow="Twelve additional detectives joined the teams during the year."),
            CarrySpec("c5", "demand", "Assessing current demand", 1, "n-d1", "not_fully",
                      "not fully addressed", "develop a better understanding of hidden and "
                      "under-reported demand",
                      follow="An analyst has been appointed to study modern slavery, but work "
                             "on child sexual exploitation has not yet started."),
            CarrySpec("c6", "ethical", "Maintaining an ethical culture", 1, "n-e1",
                      "when_inspected", "improved", "vet all officers and staff to the level "
                      "their role requires", verdict=2),
        ],
        boxes=[
            BoxSpec("vuln", "Supporting vulnerable victims", 1, [(
                "n19-v2", "The force should make sure that safeguarding referrals from frontline "
                          "officers are assessed promptly and that the action taken reflects "
                          "the level of risk.")], carried={0: "c3"}),
            BoxSpec("invest", "Catching criminals", 2, [(
                "n19-i2", "The force should reduce the time it takes to examine digital "
                          "devices, so that investigations are not delayed.")]),
            BoxSpec("demand", "Using technology", "end", [(
                "n19-d1", "The force should improve its understanding of hidden and "
                          "under-reported crime, so that it can plan to meet this demand.")],
                    carried={0: "c5"}),
            BoxSpec("ethical", "Tackling corruption", "end", [(
                "n19-e2", "The force should make sure that its workforce understands what a "
                          "notifiable association is and how to declare one.")]),
        ]),
    # ------------------------------------------------------------------ Severn Vale
    ReportSpec(
        "severn-vale", "2017", False, "D:20180322090000+00'00'",
        {"effectiveness": RI, "efficiency": RI, "legitimacy": GOOD},
        _g("2017", prevent=(RI, "2016"), invest=RI, vuln=INAD, soc=RI, demand=RI, future=GOOD,
           public=GOOD, ethical=RI, workforce=GOOD),
        boxes=[
            BoxSpec("vuln", None, "intro", [
                ("s-c1", "The force should immediately review how it grades and attends domestic "
                         "abuse incidents, so that victims at risk of harm receive a prompt "
                         "response."),
                ("s-c2", "The force should ensure that all high-risk domestic abuse cases are "
                         "referred to a multi-agency risk assessment conference without delay."),
                ("s-c3", "The force should put in place effective supervision of the "
                         "safeguarding decisions made by frontline officers.")],
                    kind=COC, concern=(
                "s-coc", "Severn Vale Constabulary does not do enough to safeguard victims of "
                         "domestic abuse. Too many calls from victims wait hours for a response, "
                         "risk assessments are often incomplete, and high-risk victims are not "
                         "always referred to partner organisations for support.")),
            BoxSpec("vuln", "Supporting vulnerable victims", "end", [(
                "s-v4", "The force should improve its use of domestic violence protection "
                        "orders to protect victims.")]),
            BoxSpec("invest", "Investigation quality", 2, [
                ("s-i1", "The force should improve the supervision of investigations, so that "
                         "all reasonable lines of enquiry are completed and investigation plans "
                         "are reviewed."),
                ("s-i2", "The force should reduce the number of digital devices waiting to be "
                         "examined, so that investigations are not delayed.")]),
            BoxSpec("soc", "Disrupting organised crime", "end", [(
                "s-s1", "The force should make better use of information from partner "
                        "organisations to improve its understanding of serious and organised "
                        "crime.")]),
            BoxSpec("demand", "Prioritising different types of demand", "end", [
                ("s-d1", "The force should understand why so many calls to its control room are "
                         "abandoned and take action to reduce this."),
                ("s-d2", "The force should ensure that neighbourhood officers are not routinely "
                         "taken away from their local duties to cover response work.")]),
            BoxSpec("ethical", "Maintaining an ethical culture", 1, [(
                "s-e1", "The force should clear its backlog of vetting applications and make "
                        "sure that all members of the workforce hold the correct level of "
                        "clearance.")]),
        ]),
    ReportSpec(
        "severn-vale", "2018/19", True, "D:20190606090000+01'00'",
        {"effectiveness": RI, "efficiency": GOOD, "legitimacy": GOOD},
        _g("2018/19", prevent=GOOD, invest=RI, vuln=RI, soc=(RI, "2017"), demand=GOOD,
           future=GOOD, public=(GOOD, "2017"), ethical=GOOD, workforce=(GOOD, "2017")),
        carries=[
            CarrySpec("c1", "vuln", "Responding to incidents", 1, "s-coc", "coc", "good progress",
                      "improve how it grades and attends domestic abuse incidents and refers "
                      "high-risk victims to partner organisations",
                      topic="how the force safeguards victims of domestic abuse", kind=COC,
                      follow="Response times for domestic abuse incidents have fallen, and every "
                             "high-risk case we reviewed had been referred to a multi-agency "
                             "risk assessment conference."),
            CarrySpec("c2", "vuln", "Supporting vulnerable victims", 2, "s-v4", "when_inspected",
                      "improved", "make better use of domestic violence protection orders"),
            CarrySpec("c3", "invest", "Investigation quality", 1, "s-i1", "identified_this",
                      "limited progress", "make sure that supervisors review investigations "
                      "and that all reasonable lines of enquiry are completed",
                      lead="Supervisors do not always review investigations at the intervals "
                           "the force\u2019s own policy requires."),
            CarrySpec("c4", "invest", "Investigation quality", "end", "s-i2", "we_found",
                      "improved", "reduce the number of devices waiting to be examined",
                      problem="there was a large backlog of digital devices awaiting examination",
                      verdict=2),
            CarrySpec("c5", "demand", "Assessing current demand", 1, "s-d1", "report_identified",
                      "good progress", "understand why so many calls to its control room were "
                      "abandoned and act to reduce this",
                      follow="The proportion of abandoned calls has fallen, and callers can now "
                             "report some matters online."),
            CarrySpec("c6", "demand", "Prioritising different types of demand", 1, "s-d2",
                      "also_afi", "little progress", "protect the time that neighbourhood "
                      "officers spend in their communities",
                      lead="Neighbourhood officers in Severn Vale are still often moved to cover "
                           "response shifts."),
            CarrySpec("c7", "ethical", "Maintaining an ethical culture", 1, "s-e1", "we_stated",
                      "improved", "clear its backlog of vetting applications", verdict=1),
        ],
        boxes=[
            BoxSpec("invest", "Investigation quality", 2, [(
                "s19-i1", "The force should ensure that supervisors review investigations "
                          "regularly and that all reasonable lines of enquiry are completed.")],
                    carried={0: "c3"}),
            BoxSpec("demand", "Prioritising different types of demand", 1, [(
                "s19-d2", "The force should make sure that neighbourhood officers can spend "
                          "enough of their time on local problem solving and are not routinely "
                          "used to cover response duties.")], carried={0: "c6"}),
            BoxSpec("vuln", "Understanding and identifying vulnerability", 1, [(
                "s19-v1", "The force should make sure that it has enough trained staff to manage "
                          "the risk posed by registered sex offenders.")]),
            BoxSpec("prevent", "Tackling anti-social behaviour", "end", [(
                "s19-p1", "The force should evaluate its problem-solving work so that it can "
                          "share what works across all neighbourhood teams.")]),
            BoxSpec("future", "Leadership and workforce development", "end", [(
                "s19-f1", "The force should introduce a consistent way of identifying and "
                          "developing officers and staff with the potential to progress.")]),
        ]),
    # ------------------------------------------------------------------ Brackenshire
    ReportSpec(
        "brackenshire", "2017", True, "D:20180322090000+00'00'",
        {"effectiveness": GOOD, "efficiency": GOOD, "legitimacy": RI},
        _g("2017", prevent=(OUT, "2016"), invest=RI, vuln=GOOD, soc=GOOD, demand=GOOD,
           future=GOOD, public=RI, ethical=GOOD, workforce=RI),
        boxes=[
            BoxSpec("invest", "Investigation quality", 1, [(
                "b-i1", "The force should improve the standard of the initial investigations "
                        "carried out by response officers, including the gathering of evidence "
                        "at the scene.")]),
            BoxSpec("invest", "Catching criminals", "end", [(
                "b-i3", "The force should reduce the number of outstanding suspects and make "
                        "sure that wanted people are located and arrested promptly.")]),
            BoxSpec("invest", "Supporting victims", "end", [(
                "b-i2", "The force should ensure that victims are kept informed about the "
                        "progress of their cases, in line with the Code of Practice for Victims "
                        "of Crime.")]),
            BoxSpec("public", "Using stop and search powers fairly", "end", [
                ("b-p1", "The force should improve how it monitors its officers\u2019 use of "
                         "force, so that it can identify and explain any disproportionality."),
                ("b-p2", "The force should make sure that officers record the grounds for every "
                         "stop and search accurately, and that supervisors check these "
                         "records.")]),
            BoxSpec("workforce", "Well-being", 1, [(
                "b-w1", "The force should improve how it supports the well-being of officers and "
                        "staff in high-risk roles, including those who investigate child "
                        "abuse.")]),
            BoxSpec("future", "Finance plans", "end", [(
                "b-f1", "The force should set out how it will fund its change programme beyond "
                        "March 2020.")]),
        ]),
    ReportSpec(
        "brackenshire", "2018/19", False, "D:20190620090000+01'00'",
        {"effectiveness": RI, "efficiency": RI, "legitimacy": GOOD},
        _g("2018/19", prevent=(OUT, "2016"), invest=INAD, vuln=GOOD, soc=(GOOD, "2017"),
           demand=GOOD, future=RI, public=GOOD, ethical=GOOD, workforce=(RI, "2017")),
        carries=[
            CarrySpec("c1", "invest", "Investigation quality", 1, "b-i1", "also_afi",
                      "little progress", "raise the standard of initial investigations by "
                      "response officers",
                      lead="Response officers still do not always secure evidence at the scene, "
                           "and house-to-house enquiries are often left to investigators days "
                           "later."),
            CarrySpec("c2", "invest", "Catching criminals", 1, "b-i3", "we_stated",
                      "limited progress", "reduce the number of outstanding suspects",
                      follow="The number of outstanding suspects has risen since then."),
            CarrySpec("c3", "invest", "Supporting victims", 1, "b-i2", "not_fully",
                      "not fully addressed", "keep victims informed about the progress of "
                      "their cases"),
            CarrySpec("c4", "public", "Treating people with fairness and respect", 1, "b-p1",
                      "we_found", "improved", "improve how it monitors its officers\u2019 use of "
                      "force",
                      problem="the force collected use of force data but did not analyse it"),
            CarrySpec("c5", "public", "Using stop and search powers fairly", 1, "b-p2",
                      "when_inspected", "good progress", "make sure that officers record the "
                      "grounds for every stop and search accurately", verdict=1),
            CarrySpec("c6", "future", "Finance plans", 1, "b-f1", "identified_this",
                      "limited progress", "set out a realistic plan for funding its change "
                      "programme",
                      lead="The force has still not said how it will pay for the later stages "
                           "of Brackenshire Futures."),
        ],
        boxes=[
            BoxSpec("invest", None, "intro", [
                ("b19-r1", "The force should, within three months, put in place a plan to reduce "
                           "the number of outstanding suspects and monitor its progress "
                           "against it."),
                ("b19-r2", "The force should make sure that investigations are allocated to "
                           "officers with the skills and experience to carry them out."),
                ("b19-r3", "The force should ensure that supervisors review investigations "
                           "regularly and record clear directions for investigators.")],
                    kind=COC, concern=(
                "b19-coc", "Brackenshire Police is not investigating crime to an acceptable "
                           "standard. Too many investigations are poorly planned and supervised, "
                           "too many suspects remain at large, and victims are often not kept "
                           "informed about their cases."), carried={0: "c2"}),
            BoxSpec("invest", "Investigation quality", 1, [(
                "b19-i1", "The force should raise the standard of initial investigations by "
                          "response officers, particularly the securing of evidence at the "
                          "scene.")], carried={0: "c1"}),
            BoxSpec("invest", "Supporting victims", "end", [(
                "b19-i2", "The force should keep victims informed about the progress of their "
                          "investigations, as the Code of Practice for Victims of Crime "
                          "requires.")], carried={0: "c3"}),
            BoxSpec("future", "Finance plans", 1, [(
                "b19-f1", "The force should produce a realistic plan for funding its change "
                          "programme over the next four years.")], carried={0: "c6"}),
            BoxSpec("future", "Future workforce", 1, [(
                "b19-f2", "The force should carry out a full assessment of the skills and "
                          "capabilities of its workforce, so that it can plan for future "
                          "needs.")]),
            BoxSpec("ethical", "Tackling corruption", "end", [(
                "b19-e1", "The force should make sure that its counter-corruption unit has the "
                          "capacity to assess all the corruption intelligence it receives.")]),
        ]),
]

# Tagged passages each report leaves out (they would contradict the report's own findings).
_AVOID: dict[str, frozenset[str]] = {
    "northmoor-peel-2017": frozenset({"supervision", "profiles", "vetting_ok"}),
    "northmoor-peel-2018-19": frozenset({"digital", "profiles", "risk_assess", "vetting_backlog"}),
    "severn-vale-peel-2017": frozenset({"digital", "soc_picture", "vetting_ok", "supervision"}),
    "severn-vale-peel-2018-19": frozenset({"supervision", "rso", "talent", "abandoned",
                                           "vetting_backlog", "risk_assess"}),
    "brackenshire-peel-2017": frozenset({"initial", "wanted", "victim_updates", "ss_grounds",
                                         "wellbeing_ok", "finance_plan"}),
    "brackenshire-peel-2018-19": frozenset({"initial", "wanted", "victim_updates", "finance_plan",
                                            "skills", "ccu", "supervision", "use_of_force",
                                            "ss_records"}),
}
for _spec in REPORTS:
    _spec.avoid = _AVOID.get(_spec.stem, frozenset())
