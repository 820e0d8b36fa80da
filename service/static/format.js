// How reports, sections, pages and kinds are written on the pages, in one place.

// Findings first, in the order the filters list them; then the other kinds of passage.
const KIND_LABELS = {
  judgment: "Judgment",
  area_for_improvement: "Area for improvement",
  cause_of_concern: "Cause of concern",
  recommendation: "Recommendation",
  body: "Body text",
  table: "Table",
};
export const FINDING_KINDS = Object.keys(KIND_LABELS).slice(0, 4);
export const PASSAGE_KINDS = Object.keys(KIND_LABELS);

export const kindLabel = (kind) => KIND_LABELS[kind] || kind;

export const sectionLabel = (section) => (section?.path?.length ? section.path.join(" › ") : "");

export const pagesLabel = (start, end = start) => (end > start ? `pp. ${start}–${end}` : `p. ${start}`);

// The families of report the index reads (index/profiles/): the profile's name, and a heading for
// its reports. "generic" reads reports of no family it knows.
const FAMILIES = {
  peel: ["PEEL", "PEEL police inspections"],
  ofsted: ["Ofsted", "Ofsted inspections"],
  generic: ["generic", "Other inspection reports"],
};
const FAMILY_ORDER = Object.keys(FAMILIES);
const known = (family) => (Object.hasOwn(FAMILIES, family) ? FAMILIES[family] : null);

/** The inspected body as the report names it; the contract's force for reports that predate it. */
export const bodyName = (report) => report.organisation || report.force || "";

/** "Northmoor Police, 2017": the way a report is named where space is short. */
export function reportShort(report) {
  return [bodyName(report) || clip(report.title || "Untitled report", 60), report.year].filter(Boolean).join(", ");
}

const plural = (noun) => noun.replace(/([^aeiou])y$/, "$1ie").replace(/(s|sh|ch|x)$/, "$1e") + "s";

/**
 * The inspected bodies of these reports as [value, label] pairs, under a heading per type of body
 * ("Police forces", "Fire and rescue services"): [[heading, pairs], ...], for setGroupedOptions.
 */
export function organisationGroups(reports) {
  const byType = new Map();
  for (const r of reports) {
    const name = bodyName(r);
    if (!name) continue;
    const type = r.organisation_type ? plural(r.organisation_type) : "Other bodies";
    if (!byType.has(type)) byType.set(type, new Set());
    byType.get(type).add(name);
  }
  const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);
  return [...byType].sort(([a], [b]) => a.localeCompare(b))
    .map(([type, names]) => [capital(type), [...names].sort().map((n) => [n, n])]);
}

/** "Ofsted and CQC · local area partnership · inspected 6 to 10 February 2023 · Ofsted profile": what
 * else is known of a report, for a tooltip or a small line beside its name. */
export function reportDetail(report) {
  return [report.inspectorate, report.organisation_type, report.inspected && `inspected ${report.inspected}`,
    report.family && `${known(report.family)?.[0] || report.family} profile`].filter(Boolean).join(" · ");
}

/** "PEEL police inspections": how the reports of a family are headed. */
export const familyLabel = (family) => known(family)?.[1] || (family ? `${family} reports` : "Reports of no known family");

/** Sort families as the profiles are known (PEEL, Ofsted, the generic fallback), then by name. */
export function familyCompare(a, b) {
  const rank = (f) => (FAMILY_ORDER.includes(f) ? FAMILY_ORDER.indexOf(f) : FAMILY_ORDER.length);
  return rank(a) - rank(b) || String(a).localeCompare(String(b));
}

// Grades on any family's scale, to the colour each is shown in; the first pattern that matches wins,
// so "Requires improvement to be good" is not taken for "Good".
const GRADE_TONES = [
  [/^outstanding\b/i, "outstanding"],
  [/^requires improvement\b/i, "requires-improvement"],
  [/^(?:adequate|satisfactory)\b/i, "adequate"],
  [/^good\b/i, "good"],
  [/^inadequate\b/i, "inadequate"],
  [/^(?:ungraded|not graded)\b/i, "ungraded"],
];
export const TONE_ORDER = ["outstanding", "good", "adequate", "requires-improvement", "inadequate", "ungraded", "other",
  "statement"];
const STATEMENT_WORDS = 7;

/**
 * The colour class of a grade: a scale's grade by its words; a grade stated in a sentence (an area
 * SEND outcome) is "statement", shown as text; any other short grade is "other".
 */
export function gradeTone(grade) {
  const text = String(grade || "").trim();
  if (text.split(/\s+/).length >= STATEMENT_WORDS || /[.;!?]$/.test(text)) return "statement";
  return GRADE_TONES.find(([pattern]) => pattern.test(text))?.[1] || "other";
}

/** Link to the PDF viewer at a page, with the text to highlight there. */
export function viewerHref(base, reportId, page, quote) {
  const params = new URLSearchParams({ report: reportId, page: String(page) });
  if (quote) params.set("q", quote);
  return `${base}?${params}`;
}

/** Shorten text to at most max characters, at a word boundary. */
export function clip(text, max) {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return cut.slice(0, Math.max(cut.lastIndexOf(" "), max / 2)) + "…";
}
