"""More original fictional passages (same conventions as ``peel_prose_bank``).

Kept in a second module only so that neither file grows unwieldy; ``merged_bank()``
combines the two. Topics that exist in both get their passages concatenated.
A passage may start with ``@tag``: a report can then leave that passage out (see
``ReportSpec.avoid``) when it would contradict one of the report's own findings.
"""

from __future__ import annotations

from peel_prose_bank import BANK

MORE: dict[str, dict[str, list[str]]] = {
    "inv_quality": {
        "pos": [
            "Investigators told us that they receive good support from analysts and from the "
            "force\u2019s forensic services. Requests for forensic work are prioritised by a "
            "central team, and results are usually returned within [a week|ten days].",
            "The force has introduced a crime management unit that deals with investigations "
            "that have few lines of enquiry. Staff contact victims by telephone, offer advice "
            "and close the case only when they are satisfied that nothing more can be done.",
        ],
        "neg": [
            "Decisions to close investigations are not always recorded clearly. In several of "
            "the files we reviewed, the case had been closed with no explanation of why the "
            "remaining lines of enquiry had not been pursued.",
        ],
    },
    "inv_catching": {
        "pos": [
            "The force is improving its understanding of why investigations do not end in a "
            "charge. A detective superintendent chairs a monthly outcomes board, which "
            "examines samples of closed cases and shares the lessons with investigators.",
        ],
        "neg": [],
    },
    "vul_identify": {
        "pos": [
            "The force uses data from partner organisations to identify people at risk before "
            "they come to harm. An analyst in {HUB} combines information from schools, health "
            "services and housing to identify children who may be at risk of exploitation.",
        ],
        "neg": [],
    },
    "vul_partners": {
        "pos": [
            "@~strategy The force has strong relationships with the local safeguarding "
            "partnerships. Senior officers attend the adult and children\u2019s safeguarding "
            "boards, and partners told us that the police contribute fully to joint reviews.",
            "@~healthshare Information is shared quickly between organisations. Officers in "
            "{HUB} can see the records of children\u2019s services and health partners, which "
            "means that decisions about risk are based on the full picture.",
            "The force funds independent domestic violence advisers who work alongside "
            "officers in {T1} and {T2}. Victims who receive their support are more likely to "
            "stay engaged with the criminal justice process.",
        ],
        "neg": [
            "@~strategy Partners told us that the force does not always attend strategy "
            "meetings about children at risk, and that its contributions to these meetings are "
            "sometimes made by officers who do not know the case.",
            "@~healthshare Arrangements for sharing information with health services are "
            "underdeveloped. Officers cannot easily find out whether a person in crisis is "
            "already known to mental health services, which delays decisions about the best "
            "response.",
        ],
    },
    "dem_efficient": {
        "pos": [
            "The force has reviewed how it handles crime reports that do not need an officer "
            "to attend. A resolution centre now deals with about {P:25-40} percent of recorded "
            "crime by telephone, which has freed response officers to attend urgent incidents.",
            "Officers and staff are encouraged to suggest better ways of working. An online "
            "ideas scheme has received {N:150-400} suggestions since it was launched, and the "
            "force has adopted several of them.",
            "The force has reduced the time that officers spend waiting at hospitals with "
            "people detained under the Mental Health Act, by agreeing new handover "
            "arrangements with the local health trust.",
        ],
        "neg": [
            "@~mobile Many of the force\u2019s processes are still paper based. Officers told "
            "us that they spend much of each shift completing forms that could be filled in "
            "electronically, and that some information has to be recorded twice.",
            "The force does not yet know whether recent changes have made it more efficient. "
            "It has not set out the benefits it expected, so it cannot measure whether they "
            "have been achieved.",
        ],
    },
    "fut_ambition": {
        "pos": [
            "Senior leaders have a clear vision for the force and communicate it well. "
            "Officers and staff we spoke to understood why changes were being made and how "
            "they fitted into the force\u2019s longer-term plans.",
            "The force learns from others. It has visited several other forces to study how "
            "they manage demand, and it has adopted a model of neighbourhood policing that was "
            "first developed elsewhere.",
            "The force is exploring further collaboration with neighbouring forces and with "
            "the local fire and rescue service. A shared estates strategy has already led to "
            "joint stations in {T2} and {T3}.",
        ],
        "neg": [
            "The force\u2019s plans for change are ambitious, but it has limited capacity to "
            "deliver them. The change team is small, and several projects depend on the same "
            "few people.",
        ],
    },
    "pub_force": {
        "pos": [
            "@~uofrec Officers record every use of force, and supervisors review the records "
            "each week. The force publishes a quarterly summary, which is discussed with its "
            "independent advisory groups.",
            "Training on the use of force is up to date. Officers we spoke to understood the "
            "importance of de-escalation and of recording why force was necessary.",
        ],
        "neg": [
            "@~uofrec Use of force forms are not completed consistently. When we compared the "
            "forms with custody records, we found incidents in which force had been used but "
            "no form had been submitted.",
            "External scrutiny of the use of force is limited. The force has not yet asked "
            "its independent advisory groups to review body-worn video footage of incidents in "
            "which force was used.",
        ],
    },
    "eth_culture": {
        "pos": [
            "The force communicates well with its workforce about standards of behaviour. "
            "Outcomes of misconduct hearings are published on the intranet, with the lessons "
            "that have been learned.",
        ],
        "neg": [],
    },
    "wf_wellbeing": {
        "pos": [
            "Well-being is discussed at every performance review, and the force has trained "
            "{N:40-90} mental health first aiders across its sites.",
        ],
        "neg": [],
    },
}

# Second batch: mostly the efficiency and legitimacy topics, which every report inspects.
MORE_2: dict[str, dict[str, list[str]]] = {
    "arm_threat": {
        "pos": [
            "The force reviews the number of armed officers it needs whenever the national "
            "threat level changes. It was able to increase the number of armed patrols at "
            "short notice after the threat level was last raised.",
            "Armed officers are deployed according to the threat, rather than to fixed "
            "locations. Patrol plans are refreshed each week and take account of events such "
            "as football matches and festivals in {T1}.",
        ],
        "neg": [],
    },
    "arm_partners": {
        "pos": [
            "Control room staff who manage armed incidents receive regular training alongside "
            "firearms commanders, so that they understand each other\u2019s roles.",
        ],
        "neg": [],
    },
    "soc_understand": {
        "pos": [
            "The force has appointed a senior officer to lead its response to serious and "
            "organised crime. A monthly meeting reviews the threat and agrees which groups "
            "should be the priority for disruption.",
        ],
        "neg": [
            "The force does not yet understand the extent of county lines drug dealing in {A}. "
            "It has identified a small number of lines, but officers told us they believed "
            "many more were operating.",
        ],
    },
    "soc_disrupt": {
        "pos": [
            "The force uses a wide range of legal powers to disrupt organised crime groups, "
            "including the seizure of criminal assets. In the year to {YE} it obtained "
            "confiscation orders worth \u00a3{M:1-3}m.",
        ],
        "neg": [
            "Lead officers for organised crime groups do not always have the time or "
            "training they need. Several told us that they managed their groups in addition to "
            "a full workload of other investigations.",
        ],
    },
    "dem_assess": {
        "pos": [
            "Senior leaders use a demand dashboard that is updated every day. It shows "
            "incidents waiting for a response, investigations per officer and the number of "
            "officers available on each shift.",
        ],
        "neg": [
            "The force has not analysed how much of its demand comes from a small number of "
            "people and places. Without this analysis, it is missing opportunities to reduce "
            "repeat demand by solving problems.",
        ],
    },
    "dem_partners": {
        "pos": [
            "The force and the local councils have a joint community safety team in {T2}. "
            "Council officers and police officers share an office and agree each week which "
            "problems they will tackle together.",
            "The force has agreed with the ambulance service that paramedics rather than "
            "police officers will respond to most calls about people who have fallen at home.",
        ],
        "neg": [
            "Joint working with other organisations is not always evaluated. The force could "
            "not tell us whether its partnership schemes had reduced demand on the police.",
        ],
    },
    "dem_prioritise": {
        "pos": [
            "The force\u2019s control strategy is reviewed every six months. Priorities are "
            "based on an assessment of threat, harm and risk, as well as on what matters most "
            "to local communities.",
        ],
        "neg": [
            "At busy times, lower-priority incidents wait a long time for an officer. Some "
            "callers told the force that they had waited more than a day for a visit, and "
            "were not kept informed about the delay.",
        ],
    },
    "dem_workforce": {
        "pos": [
            "The force has recently trained {N:60-150} officers as detectives, and a further "
            "group will complete their training next year.",
        ],
        "neg": [
            "@~skills The force does not know how many of its officers and staff are trained "
            "in specialist skills such as digital investigation, because this information is "
            "not recorded centrally.",
        ],
    },
    "dem_tech": {
        "pos": [
            "The force is making good use of video technology. Officers can give evidence to "
            "some courts by video link, and victims can report some crimes by video call.",
        ],
        "neg": [
            "The force\u2019s crime recording system and its intelligence system are not "
            "linked. Officers must search each system separately, which takes time and means "
            "that information can be missed.",
        ],
    },
    "fut_demand": {
        "pos": [
            "The force is working with universities to understand how demand is likely to "
            "change. This work has identified a likely growth in fraud and online crime, and "
            "the force is already training more officers in cyber investigation.",
        ],
        "neg": [
            "The force has not yet considered how changes in other public services, such as "
            "the closure of local health facilities, are likely to affect demand on the police.",
        ],
    },
    "fut_workforce": {
        "pos": [
            "The force has a good understanding of when officers in specialist roles are "
            "likely to retire. It is training replacements in advance, so that it does not "
            "lose important skills.",
        ],
        "neg": [
            "The force is finding it difficult to recruit and keep police staff in some roles, "
            "such as call handling and digital forensics, and it does not have a plan to "
            "address this.",
        ],
    },
    "fut_finance": {
        "pos": [
            "The force has a good record of making savings. It has saved more than "
            "\xa3{M:18-30}m since 2011, much of it from changes to its estate and back-office "
            "functions rather than from cutting officer numbers.",
            "The force\u2019s capital programme is realistic. Planned spending on technology "
            "and buildings is funded from a mixture of reserves, grants and borrowing.",
        ],
        "neg": [
            "@~finance The force\u2019s financial plans assume that council tax will increase "
            "by the maximum amount every year. It has not considered what it would do if this "
            "did not happen.",
        ],
    },
    "fut_leaders": {
        "pos": [
            "The force has increased the diversity of its senior leaders. A positive action "
            "programme supports officers and staff from under-represented groups who want to "
            "apply for promotion.",
        ],
        "neg": [],
    },
    "fut_ambition": {
        "pos": [
            "The chief officer team has set out clear expectations for the next four years, "
            "and the force\u2019s plans are linked to the priorities of the police and crime "
            "commissioner.",
        ],
        "neg": [],
    },
    "pub_respect": {
        "pos": [
            "Officers receive training on how to communicate effectively with people with "
            "mental health problems and learning disabilities. Those we spoke to described how "
            "they had used this training in their work.",
            "Complaints from the public are dealt with promptly. The force monitors the "
            "complaints it receives to identify themes, and uses them to improve its service.",
        ],
        "neg": [
            "The force\u2019s understanding of public perceptions is limited. It does not "
            "routinely seek feedback from people who have been stopped and searched or "
            "arrested.",
        ],
    },
    "pub_stopsearch": {
        "pos": [
            "Stop and search data is published on the force\u2019s website every month. The "
            "data shows the number of searches, the outcomes and the ethnicity of the people "
            "searched.",
        ],
        "neg": [
            "Officers do not always give people a copy of their stop and search record, or "
            "tell them how to obtain one.",
        ],
    },
    "pub_force": {
        "pos": [
            "@~uof The force analyses its use of force data to identify any disparity. Its "
            "most recent analysis found that force was used in a similar proportion of "
            "encounters with people from different ethnic groups.",
        ],
        "neg": [],
    },
    "eth_culture": {
        "pos": [
            "Officers and staff can report concerns confidentially through an online system. "
            "The force told us that it received {N:40-110} reports in the last year, and that "
            "every one had been assessed.",
        ],
        "neg": [
            "The force does not analyse whether vetting decisions affect some groups more than "
            "others. It has not yet linked its vetting and diversity records.",
        ],
    },
    "eth_corruption": {
        "pos": [
            "The force has assessed the main corruption threats it faces and has a control "
            "strategy to tackle them. The threats include the misuse of police systems and "
            "inappropriate relationships with vulnerable people.",
            "Investigations into corruption are thorough. We reviewed a sample of cases and "
            "found that each had been investigated promptly and referred to the Independent "
            "Office for Police Conduct where required.",
        ],
        "neg": [
            "@~declare Officers and staff are not always clear about what they must declare. "
            "Some we spoke to did not know that they needed to declare associations with "
            "people who have criminal convictions.",
        ],
    },
    "wf_wellbeing": {
        "pos": [
            "The force understands the main causes of stress in its workforce. It has used a "
            "staff survey to identify the teams with the highest workloads and has taken "
            "action to support them.",
        ],
        "neg": [
            "Supervisors do not have enough time to support the well-being of their teams. "
            "Many sergeants told us that they were responsible for more than {N:12-16} "
            "officers and had little time for anything other than managing incidents.",
        ],
    },
    "wf_development": {
        "pos": [
            "The force treats its workforce fairly. Officers and staff we spoke to felt that "
            "they were valued, and the force\u2019s most recent staff survey showed high "
            "levels of satisfaction.",
        ],
        "neg": [
            "The force does not have a clear process for managing poor performance. Managers "
            "told us that they did not feel confident using the formal procedures.",
        ],
    },
    "vul_respond": {
        "pos": [
            "Control room staff review incidents involving vulnerable people that are waiting "
            "for a response. Where there is a delay, they call the person back to check that "
            "the risk has not increased.",
        ],
        "neg": [],
    },
    "vul_support": {
        "pos": [
            "The force works well with the sexual assault referral centre, which provides "
            "medical care and emotional support to victims of sexual offences. Victims can "
            "refer themselves without having to report the crime to the police.",
        ],
        "neg": [],
    },
    "inv_victims": {
        "pos": [
            "A victim care unit contacts every victim of a recorded crime to explain what will "
            "happen next and to offer support. The unit also asks victims for feedback about "
            "the service they received.",
        ],
        "neg": [
            "@~needs Victim needs assessments are not always completed. Without them, the "
            "force cannot be sure that vulnerable victims are offered the support they are "
            "entitled to.",
        ],
    },
}

# Third batch: data-led passages (figures differ for every report, so questions about a
# particular force have a single right answer) and a few more passages for busy topics.
# These go into a neutral "facts" pool: at most one per sub-section, whatever the grade.
MORE_3: dict[str, dict[str, list[str]]] = {
    "inv_quality": {"pos": [
        "In the year to {YE}, {F} recorded {CRIMERATE} crimes per 1,000 population. Recorded "
        "crime rose by {P:6-14} percent compared with the previous year, partly because the "
        "force has improved how accurately it records crime.",
    ], "neg": []},
    "inv_catching": {"pos": [
        "@~chargerate Of the crimes the force recorded in the year to {YE}, {P:8-13} percent "
        "resulted in a charge or summons and {P:2-5} percent in an out-of-court disposal. Both "
        "rates are in line with those for England and Wales.",
    ], "neg": []},
    "vul_identify": {"pos": [
        "Domestic abuse accounted for {P:10-16} percent of all crime recorded by the force in "
        "the year to {YE}. The force recorded {N:2600-6400} domestic abuse-related crimes in "
        "that period.",
    ], "neg": []},
    "vul_support": {"pos": [
        "At the time of our inspection, the force was managing {N:650-1200} registered sex "
        "offenders in the community. The number has grown by about {P:4-9} percent a year "
        "since 2015.",
    ], "neg": []},
    "soc_disrupt": {"pos": [
        "In the year to {YE}, the force and its regional partners seized {N:9-30} firearms and "
        "drugs with a street value of more than \u00a3{M:1-4}m in operations against organised "
        "crime groups operating in {A}.",
    ], "neg": []},
    "dem_assess": {"pos": [
        "The force received {CALLS} emergency calls per 1,000 population in the year to {YE}. "
        "It answered {P:88-96} percent of them within ten seconds.",
    ], "neg": []},
    "dem_partners": {"pos": [
        "The force spends about \u00a3{SPEND} per head of population, which is [slightly "
        "below|close to|slightly above] the average for England and Wales. About {P:78-84} "
        "percent of its spending is on its workforce.",
    ], "neg": []},
    "dem_workforce": {"pos": [
        "At the time of our inspection, {P:4-9} percent of police officers in {A} were from "
        "minority ethnic backgrounds and {P:28-34} percent were women. Both figures have "
        "risen since our last inspection.",
    ], "neg": []},
    "dem_tech": {"pos": [
        "The force has invested \u00a3{M:2-7}m in information technology over the past three "
        "years, including a new records management system shared with two neighbouring forces.",
    ], "neg": []},
    "fut_workforce": {"pos": [
        "The force expects to recruit about {N:150-300} new police officers over the next "
        "three years, to replace those who leave and to fill the additional posts funded by "
        "the council tax precept.",
    ], "neg": []},
    "fut_finance": {"pos": [
        "The force\u2019s net revenue budget for the coming year is \xa3{N:150-290}m. It plans "
        "to use \xa3{M:1-3}m of reserves to balance the budget over the next two years.",
    ], "neg": []},
    "fut_leaders": {"pos": [
        "Since our last inspection, {N:20-45} officers and staff have completed the "
        "force\u2019s leadership programme, and {N:4-12} of them have since been promoted.",
    ], "neg": []},
    "pub_stopsearch": {"pos": [
        "In the year to 31 March {CY}, the force carried out {SSRATE} stop and searches per "
        "1,000 population. People from minority ethnic backgrounds were [2.1|2.6|3.2] times "
        "more likely to be searched than white people.",
    ], "neg": []},
    "pub_respect": {"pos": [
        "In a survey of public attitudes carried out in {CY}, {P:58-72} percent of respondents "
        "in {A} said that they had confidence in the force, and {P:52-66} percent agreed that "
        "it treats people fairly.",
    ], "neg": []},
    "eth_culture": {"pos": [
        "In the year to {YE}, the force dealt with {N:45-120} public complaints and {N:10-35} "
        "conduct matters involving its officers and staff. It dismissed {N:2-6} officers "
        "following gross misconduct hearings.",
    ], "neg": []},
    "eth_corruption": {"pos": [
        "The counter-corruption unit received {N:120-260} intelligence reports in the year to "
        "{YE}. Most related to the misuse of police systems or inappropriate associations.",
    ], "neg": []},
    "wf_wellbeing": {"pos": [
        "@~sickness In the year to {YE}, officers in {A} took an average of {N:6-9} days of "
        "sickness absence each, and police staff {N:7-10} days. The force monitors long-term "
        "absence closely and refers staff to occupational health at an early stage.",
    ], "neg": []},
    "wf_development": {"pos": [
        "The force received {N:8-30} grievances in the year to {YE}. A dedicated adviser "
        "supports staff through the process, and most grievances are resolved informally.",
    ], "neg": []},
    "prev_priority": {"pos": [
        "The force has {N:180-420} officers and police community support officers in its "
        "neighbourhood teams. Each ward in {A} has a named officer, whose contact details "
        "are published on the force website.",
    ], "neg": []},
    "arm_threat": {"pos": [
        "Armed officers in {A} were deployed to {N:90-260} incidents in the year to {YE}. "
        "Firearms were discharged by police officers on [no|one] occasion in that period.",
    ], "neg": []},
}


def merged_bank() -> dict[str, dict[str, list[str]]]:
    bank: dict[str, dict[str, list[str]]] = {}
    for source in (BANK, MORE, MORE_2):
        for topic, tones in source.items():
            entry = bank.setdefault(topic, {"pos": [], "neg": [], "facts": []})
            for tone in ("pos", "neg"):
                entry[tone] = entry[tone] + list(tones.get(tone, []))
    for topic, tones in MORE_3.items():
        entry = bank.setdefault(topic, {"pos": [], "neg": [], "facts": []})
        entry["facts"] = entry["facts"] + list(tones["pos"])
    return bank


GENERIC: tuple[str, ...] = (
    "During our fieldwork we spoke to officers and staff of all ranks, held focus groups in "
    "{T1} and {T2}, and observed briefings, meetings and patrols.",
    "Senior leaders are aware of the issues we describe in this section. They told us about "
    "their plans to address them, some of which had started at the time of our inspection.",
    "The force compares its performance with that of similar forces. Senior leaders use these "
    "comparisons to question whether current ways of working are as good as they could be.",
    "Partner organisations we spoke to were positive about their relationship with the force. "
    "They described senior officers as open to challenge and willing to share information.",
    "We found that the force\u2019s own performance data gives an accurate picture of this "
    "area of its work. Senior leaders review the data every month and ask managers to explain "
    "significant changes.",
    "The police and crime commissioner holds the chief constable to account for performance "
    "in this area through a public meeting held every quarter.",
)
