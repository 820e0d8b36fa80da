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

/** "Northmoor Police, 2017": the way a report is named where space is short. */
export function reportShort(report) {
  return [report.force || "Unknown force", report.year].filter(Boolean).join(", ");
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
