"""Original fictional prose for the sample PEEL reports, written in the inspectorate's style.

Nothing here is taken from a real report. Each topic (one per level-3 sub-section) has
``pos`` passages (used when the force is doing well) and ``neg`` passages (used when it
needs to improve); a passage is two to four sentences about one point, so that paragraphs
read coherently when passages are drawn at random.

Template syntax, expanded by ``peel_prose.fill``:
  {F} force name, {Fp} its possessive, {A} force area, {T1} {T2} {T3} towns,
  {OP} a named crime-prevention operation, {PRG} the change programme, {HUB} the
  safeguarding hub, {CY} fieldwork calendar year, {YE} end date of the data year,
  {N:a-b} a whole number in [a, b], {P:a-b} a percentage figure, {M:a-b} an amount in
  £ millions with one decimal place, [one|two|three] a choice of wording,
  {FILES} {FILESGOOD} {FILESBAD} the crime-file review figures (fixed per report).
A passage may start with ``@label,label``: a plain label lets a report leave the passage out
(``ReportSpec.avoid``) when it would contradict the report's own findings; a ``~group`` label
marks passages that contradict each other, so only one of a group is used per report.
"""

from __future__ import annotations

BANK: dict[str, dict[str, list[str]]] = {
    # ------------------------------------------------------------ effectiveness
    "prev_priority": {
        "pos": [
            "{F} places crime prevention at the centre of its policing plan. Senior leaders "
            "[talk about|speak consistently about] prevention as everyone\u2019s business, and "
            "officers we spoke to could explain how their work helps to stop crime before it "
            "happens.",
            "The force uses a structured problem-solving model across all its neighbourhood "
            "teams. We saw [{N:12-30}|several dozen] live problem-solving plans, most of which "
            "had clear objectives and named partners. Neighbourhood sergeants review the plans "
            "each month.",
            "{OP}, the force\u2019s approach to reducing burglary in {T1} and {T2}, combines "
            "targeted patrols with home security visits. The force told us that burglary in "
            "the target streets fell by {P:11-24} percent in the first six months.",
        ],
        "neg": [
            "Although the force says that prevention is a priority, this is not yet reflected "
            "in how it deploys its officers. Neighbourhood teams in {T2} told us that they are "
            "[often|frequently] moved to cover response duties, which leaves little time for "
            "longer-term problem solving.",
            "The force does not routinely evaluate its prevention activity. Without "
            "evaluation, it cannot be sure which approaches work, and good practice in one "
            "area is not always shared with teams elsewhere in {A}.",
        ],
    },
    "prev_community": {
        "pos": [
            "@~engage Neighbourhood teams know their communities well. They hold regular beat "
            "meetings, use social media to publicise local priorities and ask residents to "
            "vote on them. In {T3}, a community panel now [sets|helps to set] the priorities "
            "for the ward.",
            "The force works well with local councils, housing providers and schools. Joint "
            "tasking meetings take place every [fortnight|month] in each district, and "
            "partners told us that the police are reliable and share information readily.",
        ],
        "neg": [
            "@~engage The force\u2019s engagement with communities is inconsistent. Some teams "
            "hold regular meetings and publish their priorities, but in other areas residents "
            "have few ways to tell the police what matters to them.",
        ],
    },
    "prev_asb": {
        "pos": [
            "@~asbrepeat The force has a good understanding of anti-social behaviour in {A}. "
            "Analysts produce a weekly summary of hotspots, which neighbourhood inspectors use "
            "to direct patrols. Repeat victims are identified quickly and referred for support.",
            "Officers make appropriate use of the powers available to tackle anti-social "
            "behaviour, such as community protection notices and dispersal orders. The force "
            "issued {N:40-160} community protection warnings in the year to {YE}.",
        ],
        "neg": [
            "@~asbrepeat Call handlers do not always identify repeat or vulnerable victims of "
            "anti-social behaviour. In [several|a number] of the incidents we reviewed, the "
            "caller had contacted the police before, but this was not recognised when the call "
            "was graded.",
        ],
    },
    "inv_quality": {
        "pos": [
            "Investigations are allocated according to their complexity and the risk to the "
            "victim, so that the most serious cases go to detectives with the right skills. "
            "The officers we spoke to felt confident in their roles.",
            "As part of this inspection we reviewed {FILES} case files. We found that "
            "{FILESGOOD} of them had been investigated to a good standard. In most of the "
            "files, the victim had been contacted early in the investigation.",
            "@supervision,~supervision Supervisors generally review investigations promptly "
            "and give clear direction. In most of the files we examined, the first supervisory "
            "review took place within [24 hours|two days] of the crime being recorded, and "
            "later reviews were meaningful rather than routine.",
            "@digital The force has a well-resourced digital forensic unit. Officers can use "
            "self-service kiosks in [{T1} and {T2}|each district] to download data from mobile "
            "phones, which means that simple examinations no longer wait in a queue for "
            "specialist staff.",
            "@initial Initial investigations by response officers are thorough. Officers "
            "secure evidence at the scene, use body-worn video to record first accounts, and "
            "complete house-to-house enquiries where appropriate before handing the case on.",
        ],
        "neg": [
            "The quality of investigations varies too much. In {FILESBAD} of the {FILES} files "
            "we reviewed, reasonable lines of enquiry had not been completed, and in several "
            "cases the investigation had been closed without any supervisory review.",
            "Investigators carry high workloads. Some detective constables in {T2} told us "
            "that they were responsible for more than {N:18-25} investigations each, and that "
            "they had little time to progress cases that did not involve an identified suspect.",
            "@~supervision Investigation plans are often missing or too generic to be useful. "
            "Where plans did exist, they were seldom updated as the case progressed, and "
            "supervisors did not always record the reasons for their decisions.",
            "@~detectives The force has too few qualified detectives. At the time of our "
            "inspection, {N:40-75} detective posts were vacant or filled by trainees, and some "
            "complex cases were being managed by officers without the necessary accreditation.",
        ],
    },
    "inv_catching": {
        "pos": [
            "@wanted,~suspects The force is effective at locating and arresting suspects. A "
            "daily management meeting reviews everyone who is wanted, prioritises those who "
            "present the greatest risk and allocates officers to find them.",
            "Integrated offender management in {A} is well organised. The scheme manages about "
            "{N:120-260} offenders, selected according to the harm they cause rather than the "
            "volume of their offending, and partners from probation and housing work alongside "
            "the police.",
            "@~bail The force makes good use of bail and other conditions to manage suspects "
            "while investigations continue. Officers understand when conditions are needed to "
            "protect victims and witnesses, and custody sergeants challenge decisions that are "
            "not justified.",
            "Foreign nationals who are arrested are routinely checked for convictions abroad. "
            "The force told us that these checks led to [{N:20-60} referrals|a number of "
            "referrals] to the immigration authorities in the last year.",
        ],
        "neg": [
            "@~suspects The number of outstanding suspects is too high. At the time of our "
            "inspection there were {N:350-900} named suspects who had not been arrested or "
            "interviewed, and the force did not have a clear picture of the risk they "
            "presented.",
            "@bail,~bail Most suspects are released under investigation rather than on bail, "
            "including in some cases where conditions would have protected the victim. "
            "Investigators were unclear about when bail should be used.",
            "@~chargerate The proportion of investigations that end with a charge or summons "
            "has fallen. In the year to {YE}, {P:6-9} percent of recorded crimes resulted in a "
            "charge or summons, which is lower than the rate for England and Wales.",
        ],
    },
    "inv_victims": {
        "pos": [
            "@~needs Victims generally receive a good service. Officers carry out needs "
            "assessments at the first contact and refer victims to the local support service, "
            "which [is|has been] commissioned by the police and crime commissioner.",
            "@victim_updates,~updates The force complies well with the Code of Practice for "
            "Victims of Crime. In most of the files we reviewed, victims had been told how "
            "often they would be updated, and those updates had happened.",
            "When victims do not support a prosecution, the force considers whether it can "
            "proceed without them. We saw several cases in which investigators had gathered "
            "enough independent evidence to charge the suspect.",
        ],
        "neg": [
            "@~updates Victims are not always kept informed about their cases. In {N:10-18} of "
            "the files we reviewed there was no record of the victim being updated for more "
            "than a month, and some victims had not been told that their case had been closed.",
            "Too many investigations end because the victim does not support police action. "
            "The force does not always explore whether the case could continue without the "
            "victim\u2019s support, for example by using body-worn video or independent "
            "witnesses.",
        ],
    },
    "vul_identify": {
        "pos": [
            "@~callid The force has a clear definition of vulnerability, which officers and "
            "staff understand. Call handlers use a structured assessment to identify "
            "vulnerable callers, and the information they record is available to officers on "
            "their way to the incident.",
            "@profiles,~profiles The force has a good understanding of the nature and scale of "
            "vulnerability in {A}. Its problem profiles on child sexual exploitation, modern "
            "slavery and domestic abuse were updated in {CY} and draw on information from "
            "partner organisations.",
            "Training on vulnerability has been delivered to the whole workforce. Officers "
            "[told us|described how] the training had helped them to look beyond the immediate "
            "incident and consider hidden harm, such as children living with domestic abuse.",
            "@~hubbacklog {HUB} brings together police, children\u2019s services, health and "
            "education staff. Referrals are screened promptly and there was no backlog at the "
            "time of our inspection.",
        ],
        "neg": [
            "@~profiles The force\u2019s understanding of some forms of hidden harm is "
            "limited. It has not produced an up-to-date profile of modern slavery or child "
            "criminal exploitation, and it relies too heavily on the small number of cases "
            "reported to it.",
            "@~callid Staff in the control room do not consistently identify vulnerability. In "
            "several of the calls we listened to, the call handler did not ask about children "
            "in the household or whether the caller had contacted the police before.",
            "@~hubbacklog There is a backlog of referrals in {HUB}. At the time of our "
            "inspection, {N:90-260} referrals were waiting to be reviewed, some of them for "
            "more than a week.",
        ],
    },
    "vul_respond": {
        "pos": [
            "@~attend The force generally attends incidents involving vulnerable people "
            "promptly. Emergency calls are answered quickly, and the force met its target "
            "attendance times for {P:86-95} percent of emergency incidents in the year to {YE}.",
            "Officers make good use of body-worn video at domestic abuse incidents. The "
            "footage helps to support prosecutions, including those that go ahead without the "
            "victim\u2019s evidence.",
            "The force works well with mental health services. A street triage team, in which "
            "a mental health nurse travels with officers, operates every evening in {T1} and "
            "{T3} and has reduced the number of people detained under the Mental Health Act.",
            "@~dvpo Officers use the powers available to them to protect victims of domestic "
            "abuse. The force applied for {N:60-140} domestic violence protection orders in "
            "the year to {YE}, and the courts granted most of them.",
        ],
        "neg": [
            "@~attend Too many incidents involving vulnerable people are not attended "
            "promptly. At times of high demand, calls graded as requiring a response within an "
            "hour wait [much|far] longer, and some are downgraded without the caller being "
            "contacted again.",
            "@risk_assess Officers do not always complete risk assessments at domestic abuse "
            "incidents. In {N:6-14} of the cases we reviewed, the risk assessment was missing "
            "or incomplete, and supervisors had not noticed.",
            "@~dvpo The force makes limited use of protective orders. It applied for only "
            "{N:12-35} domestic violence protection orders in the year to {YE}, which is low "
            "for a force of its size.",
        ],
    },
    "vul_support": {
        "pos": [
            "Victims of domestic abuse are supported well. High-risk cases are discussed at a "
            "multi-agency risk assessment conference, which now meets [weekly|twice a week] in "
            "each district so that safety plans are put in place quickly.",
            "@rso,~rso The force manages registered sex offenders effectively. Specialist "
            "officers have manageable caseloads, risk assessments are up to date and visits "
            "take place at the intervals required.",
            "Missing children are treated as a priority. A dedicated team reviews every "
            "missing episode, and return interviews are carried out by an independent charity "
            "that shares what it learns with the police.",
            "The force uses the domestic violence disclosure scheme well. It made {N:80-190} "
            "disclosures in the year to {YE}, and the process is well understood by frontline "
            "officers.",
        ],
        "neg": [
            "The support that vulnerable victims receive depends too much on where they live. "
            "In {T1} specialist officers manage medium-risk domestic abuse cases, but in other "
            "areas these cases are held by response officers with little training.",
            "Safeguarding plans are not always reviewed. In several of the cases we examined, "
            "actions agreed at the first meeting had not been completed weeks later, and no "
            "one had checked on the victim.",
            "@~rso The force does not have enough trained staff to manage the risk posed by "
            "registered sex offenders. Some officers manage more than {N:60-80} offenders "
            "each, and {N:30-90} risk assessments were overdue at the time of our inspection.",
        ],
    },
    "soc_understand": {
        "pos": [
            "@soc_picture,~socpic The force has a good understanding of serious and organised "
            "crime in {A}. It has mapped {N:18-40} organised crime groups, and its assessments "
            "draw on intelligence from the regional organised crime unit and from local "
            "partners.",
            "Each organised crime group has a lead officer responsible for a plan that covers "
            "all four strands of the national strategy: pursue, prevent, protect and prepare.",
        ],
        "neg": [
            "@~socpic The force\u2019s understanding of serious and organised crime relies "
            "mainly on police intelligence. It makes little use of information held by "
            "partners, such as councils and housing providers, so its picture of the threat is "
            "incomplete.",
            "Local profiles of serious and organised crime have not been produced for all "
            "areas. Neighbourhood officers we spoke to were not aware of the groups operating "
            "in their area or of the part they could play in disrupting them.",
        ],
    },
    "soc_disrupt": {
        "pos": [
            "@~disrupt The force disrupts organised crime effectively. It records and assesses "
            "disruptions consistently, and in the year to {YE} it recorded {N:90-240} "
            "disruptions, many of them against groups involved in supplying drugs through "
            "county lines.",
            "The force works closely with the regional organised crime unit. Joint operations "
            "have led to the seizure of drugs, firearms and cash, and to long prison sentences "
            "for members of two groups based in {T2}.",
        ],
        "neg": [
            "@~disrupt The force does not record all of its disruption activity, so it cannot "
            "tell which tactics work best. Some groups had no recorded activity against them "
            "for several months.",
            "Prevent activity is underdeveloped. The force has done little to stop young "
            "people from being drawn into organised crime, and it does not routinely use "
            "ancillary orders to restrict offenders once they are released.",
        ],
    },
    "arm_threat": {
        "pos": [
            "The force has a good understanding of the threat posed by armed criminals and by "
            "terrorism. Its armed policing strategic threat and risk assessment was updated in "
            "{CY} and sets out clearly how many armed officers it needs.",
            "Armed response vehicles are available at all times across {A}, and the force "
            "monitors how quickly they reach incidents. Average attendance times have improved "
            "since the force moved a crew to {T3}.",
            "Firearms commanders are trained to national standards, and the force has enough "
            "of them to provide command at all times. Debriefs after armed deployments are "
            "recorded and the lessons are shared in training.",
            "The designated chief officer reviews the armed policing risk register regularly, "
            "and changes in threat lead to changes in the number and deployment of armed "
            "officers.",
        ],
        "neg": [],
    },
    "arm_partners": {
        "pos": [
            "The force works with neighbouring forces to provide specialist firearms "
            "capabilities that it would not be efficient to maintain alone. Officers from "
            "different forces train together, so that they can work alongside each other when "
            "needed.",
            "The force regularly tests its plans with other emergency services. A joint "
            "exercise in {T1} in {CY} simulated a marauding terrorist attack, and the lessons "
            "learned have been built into the training of armed officers.",
            "Agreements with neighbouring forces mean that {F} can call on additional armed "
            "officers quickly if the threat increases, and can provide officers to them in "
            "turn.",
        ],
        "neg": [],
    },
    # ------------------------------------------------------------ efficiency
    "dem_assess": {
        "pos": [
            "@~demand {F} has a good understanding of the demand for its services. It analyses "
            "data from its control room, crime recording and custody systems to understand how "
            "demand changes through the day and across the year.",
            "The force has mapped how work flows between its teams. This has helped it to "
            "remove unnecessary handovers, and officers told us that they now spend less time "
            "waiting for other teams to complete tasks.",
            "The force estimates that about {P:20-35} percent of the calls it receives relate "
            "to matters that other organisations are better placed to deal with. It is working "
            "with those organisations to direct callers to the right service.",
        ],
        "neg": [
            "@~demand The force\u2019s understanding of demand is limited to calls for service "
            "and recorded crime. It has not analysed the time taken by other work, such as "
            "safeguarding and supporting partner agencies, so it cannot be sure that its "
            "resources match its demand.",
            "@abandoned Too many calls to the non-emergency number are abandoned before they "
            "are answered. In the year to {YE}, {P:14-26} percent of these calls were "
            "abandoned, and the force did not know how many of those callers were vulnerable.",
        ],
    },
    "dem_partners": {
        "pos": [
            "The force works well with other organisations to reduce demand. A joint team with "
            "the ambulance service in {T1} now deals with people who call the emergency "
            "services frequently, and the number of calls from this group has fallen.",
            "The force shares several support functions with neighbouring forces, including "
            "procurement and vehicle maintenance. It monitors these arrangements to make sure "
            "that they deliver the savings expected.",
        ],
        "neg": [
            "Cuts to other public services are adding to police demand. Officers told us that "
            "they often wait for hours with people in mental health crisis because no health "
            "service is available, and the force has not yet agreed a solution with its "
            "partners.",
        ],
    },
    "dem_prioritise": {
        "pos": [
            "The force uses a recognised assessment of threat, harm and risk to decide its "
            "priorities. The results inform its control strategy, and resources have moved "
            "towards the areas of greatest harm.",
            "Calls for service are graded consistently. A sergeant in the control room reviews "
            "incidents that are waiting for a response and makes sure that the most vulnerable "
            "callers are dealt with first.",
        ],
        "neg": [
            "Neighbourhood officers are regularly taken away from their local duties to cover "
            "shortfalls in response teams. In the month before our inspection, neighbourhood "
            "officers in {T2} spent more than [half|a third] of their time on response work.",
            "The force does not always prioritise work according to risk. Some lower-risk "
            "tasks are completed quickly because they are easy to measure, while higher-risk "
            "investigations wait for an officer to be available.",
        ],
    },
    "dem_workforce": {
        "pos": [
            "@skills,~skills The force has a good understanding of the skills of its "
            "workforce. Its skills database covers police officers and staff, and managers use "
            "it to plan training and to decide where officers should be posted.",
            "@~detectives Specialist roles are well resourced. The force has enough trained "
            "detectives, public protection officers and firearms officers, and it plans ahead "
            "for retirements in these teams.",
        ],
        "neg": [
            "@~skills The force does not fully understand the skills and capabilities of its "
            "workforce. Its records cover operational qualifications but not wider skills, "
            "such as digital investigation or leadership, so it cannot identify all of its "
            "gaps.",
            "The force has a shortage of trained call handlers. Vacancy rates in the control "
            "room reached {P:12-18} percent during {CY}, and overtime is used to cover the "
            "gaps.",
        ],
    },
    "dem_tech": {
        "pos": [
            "@~mobile Officers have mobile devices that let them search police systems, record "
            "crimes and take statements at the scene. The force estimates that this saves each "
            "response officer about [an hour|45 minutes] on every shift.",
            "The force has replaced its command and control system, and the new system gives "
            "supervisors a live view of every incident and of the officers available to attend.",
        ],
        "neg": [
            "@~mobile The force\u2019s information technology is out of date. Officers have to "
            "enter the same information into several systems, and mobile devices are not yet "
            "available to all frontline officers.",
        ],
    },
    "fut_demand": {
        "pos": [
            "@~futdemand {F} has a good understanding of the demand it is likely to face in "
            "future. It has modelled the effect of population growth in {T1} and {T3}, and of "
            "changes in the types of crime being reported, such as online fraud.",
            "The force management statement is thorough. It sets out the demand the force "
            "expects over the next four years, the capacity and capability it will need and "
            "how its plans address the gaps.",
        ],
        "neg": [
            "@~futdemand The force\u2019s assessment of future demand is at an early stage. It "
            "has projected trends in calls and recorded crime, but has not considered how "
            "demand from hidden crimes such as exploitation and online abuse is likely to grow.",
        ],
    },
    "fut_workforce": {
        "pos": [
            "@~wfplan The force has clear plans for the future size and shape of its "
            "workforce. It intends to recruit {N:60-140} additional officers over the next two "
            "years and has decided where they will be posted.",
            "The force uses all the available routes into policing, including the police "
            "constable degree apprenticeship and direct entry at inspector level. It has "
            "worked with a local university to design the degree course.",
        ],
        "neg": [
            "@~wfplan The force\u2019s workforce plan is not linked to its assessment of "
            "future demand. It has not set out which skills it will need in four years\u2019 "
            "time, or how it will develop them.",
        ],
    },
    "fut_finance": {
        "pos": [
            "@finance_plan,~finance The force\u2019s medium-term financial plan is based on "
            "prudent assumptions. It forecasts a shortfall of \xa3{M:1-4}m in the next "
            "financial year, which it plans to meet from savings that have already been "
            "identified.",
            "The force holds a general reserve of \u00a3{M:5-9}m, which is within the range "
            "considered prudent. Earmarked reserves have been set aside to fund investment in "
            "technology and estates.",
        ],
        "neg": [
            "@~finance The force has not yet identified how it will close the gap in its "
            "budget after the next financial year. Its plans depend on savings from the change "
            "programme that have not been fully costed.",
        ],
    },
    "fut_leaders": {
        "pos": [
            "The force is committed to developing its leaders. A leadership programme, "
            "[launched|introduced] in {CY}, is open to supervisors at every rank and to police "
            "staff managers, and it is well regarded by those who have attended.",
            "@talent,~talent The force has a clear approach to identifying and supporting "
            "talented officers and staff. Candidates are selected through an open process and "
            "given development opportunities that match their ambitions.",
            "@~prg {PRG}, the force\u2019s change programme, is well led. Each project has a "
            "senior sponsor, and a benefits board checks that the savings and improvements "
            "promised are being achieved.",
        ],
        "neg": [
            "@~talent The force does not have a consistent way of identifying people with the "
            "potential to progress. Officers and staff told us that development opportunities "
            "depend on who their manager is, rather than on an open and fair process.",
            "@~prg The ambition of {PRG} is not matched by its delivery. Several projects are "
            "behind schedule, and the force has not measured whether the changes already made "
            "have produced the benefits expected.",
        ],
    },
    # ------------------------------------------------------------ legitimacy
    "pub_respect": {
        "pos": [
            "Officers and staff understand the importance of treating people fairly and with "
            "respect. Training on unconscious bias and effective communication has been "
            "delivered to everyone who deals with the public.",
            "The force seeks the views of its communities, including those who have least "
            "trust in the police. Independent advisory groups in {T1} and {T2} review the "
            "force\u2019s policies and scrutinise its response to critical incidents.",
        ],
        "neg": [
            "The force does not do enough to understand how different communities view the "
            "police. It carries out surveys, but responses from young people and from minority "
            "ethnic communities are low, and the force has not tried other ways of reaching "
            "them.",
            "@use_of_force,~uof The force does not analyse its use of force data in enough "
            "detail. It collects the data, but has not examined it to identify whether force "
            "is used disproportionately against particular groups.",
        ],
    },
    "pub_stopsearch": {
        "pos": [
            "@ss_grounds,~ssgrounds The force uses stop and search powers fairly. We reviewed "
            "a sample of {N:120-200} stop and search records and found that {P:90-97} percent "
            "had reasonable grounds recorded.",
            "An external scrutiny panel reviews body-worn video footage of stop and search "
            "encounters each quarter. The panel\u2019s findings are shared with officers and "
            "used in training.",
        ],
        "neg": [
            "@ss_records,~ssgrounds Supervisors do not routinely check stop and search "
            "records. Of the {N:120-200} records we reviewed, only {P:72-84} percent had "
            "reasonable grounds recorded, which is below the rate for England and Wales.",
            "The force has not done enough to understand why people from some ethnic groups "
            "are more likely to be stopped and searched in {A}. It publishes data, but not an "
            "analysis of the reasons for the disparity.",
        ],
    },
    "eth_culture": {
        "pos": [
            "{F} has a positive ethical culture. Leaders act as role models, and officers and "
            "staff we spoke to understood the Code of Ethics and felt able to challenge "
            "unprofessional behaviour.",
            "@~ethicsraise The force has an ethics committee that includes members of the "
            "public. It considers dilemmas raised by the workforce, and its advice is "
            "published on the force intranet.",
            "@vetting_ok,~vetting Vetting is well managed. The force has enough vetting staff, "
            "and all officers and staff in designated posts hold the required level of "
            "clearance.",
        ],
        "neg": [
            "@vetting_backlog,~vetting The force has a backlog of vetting applications. At the "
            "time of our inspection, {N:180-420} members of the workforce did not hold the "
            "level of clearance their role requires, including some who had been in post for "
            "several years.",
            "@~ethicsraise Many officers and staff were unaware of how to raise ethical "
            "dilemmas, and some told us they would not feel confident reporting a "
            "colleague\u2019s misconduct.",
        ],
    },
    "eth_corruption": {
        "pos": [
            "@ccu,~ccu,~itmon The force\u2019s counter-corruption unit is well resourced. It "
            "assesses all corruption intelligence promptly and uses a range of tactics, "
            "including monitoring of force IT systems, to investigate it.",
            "The force treats the abuse of position for a sexual purpose as serious "
            "corruption. It has trained staff in support organisations to recognise the "
            "warning signs and to refer concerns to the force.",
            "@~declare Officers and staff understand the need to declare business interests, "
            "and the force reviews declarations every year.",
        ],
        "neg": [
            "@~ccu The counter-corruption unit does not have enough staff to assess all the "
            "intelligence it receives. At the time of our inspection, {N:30-80} intelligence "
            "reports were waiting to be reviewed.",
            "@~itmon The force cannot monitor the use of all its IT systems. This limits its "
            "ability to identify officers and staff who may be misusing police information.",
        ],
    },
    "wf_wellbeing": {
        "pos": [
            "@wellbeing_ok,~screening The force takes the well-being of its workforce "
            "seriously. Occupational health support is easy to access, and staff in high-risk "
            "roles receive regular psychological screening.",
            "Supervisors have been trained to recognise signs of stress and to hold well-being "
            "conversations with their teams. A network of trained peer supporters is available "
            "to those who prefer to speak to a colleague.",
        ],
        "neg": [
            "@~screening Officers and staff in some high-risk roles do not receive the "
            "psychological support they need. Screening is not mandatory for those "
            "investigating child abuse, and some told us they had never been offered it.",
            "@~sickness Sickness absence is high and rising. In the year to {YE}, the force "
            "lost an average of {N:9-13} working days per officer to sickness, and the force "
            "does not understand the reasons well enough.",
        ],
    },
    "wf_development": {
        "pos": [
            "The performance review process is valued by the workforce. Most officers and "
            "staff told us that their reviews were meaningful and led to useful development.",
            "The force has improved the representation of women and people from minority "
            "ethnic backgrounds among its new recruits, through positive action and outreach "
            "in {T1} and {T2}.",
        ],
        "neg": [
            "The grievance process is slow, and some officers and staff told us they lacked "
            "confidence that it would treat them fairly. The force does not analyse grievance "
            "data to identify trends.",
            "Few officers and staff believe that the promotion process is fair. The force has "
            "not evaluated the process or explained to the workforce how decisions are made.",
        ],
    },
}
