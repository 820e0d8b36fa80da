// The grades matrix: one group per family of report (PEEL, Ofsted, the generic fallback), each a
// row per organisation and year and a column per graded area. PEEL's columns are grouped by
// pillar; other families' areas follow the reports' reading order. Each cell says its grade in
// words; the colour only repeats it. An outcome stated in a sentence (area SEND) is no point on a
// scale, so it is listed as text under its group's matrix. An area graded the same in every row
// that grades it tells no row from another, so it leaves the matrix for a note below it. Each
// matrix scrolls sideways in its own box with the first column kept in place, and a hint above it
// says how many areas are out of sight, and under which pillars.

import { el } from "./dom.js";
import { bodyName, familyCompare, familyLabel, gradeTone, reportDetail, reportShort, viewerHref } from "./format.js";

const OTHER = "Other";
let watching = null; // the ResizeObserver of the matrices drawn last

/**
 * Order PEEL's questions by pillar, in the reports' reading order. A question's pillar is the top
 * heading above it in a report body (["Effectiveness", "Investigating crime"]); summary-table
 * rows carry no pillar, so a question seen only there goes under "Other", and a pillar's own
 * overall grade leads its group.
 */
function pillarColumns(judgments) {
  const inBody = judgments.filter((j) => {
    const path = j.section.path;
    return path.length >= 2 && path[path.length - 1] === j.text && path[0] !== "Overall summary";
  });
  const pillarOf = new Map();
  for (const j of inBody) if (!pillarOf.has(j.text)) pillarOf.set(j.text, j.section.path[0]);
  const groups = new Map([...new Set(pillarOf.values())].map((pillar) => [pillar, []]));
  groups.set(OTHER, []);
  const placed = new Set();
  for (const j of [...inBody, ...judgments]) {
    if (placed.has(j.text)) continue;
    placed.add(j.text);
    if (groups.has(j.text)) groups.get(j.text).unshift(j.text);
    else groups.get(pillarOf.get(j.text) || OTHER).push(j.text);
  }
  return [...groups].filter(([, list]) => list.length);
}

/** Other families' areas, in the order the findings come: each report's reading order. */
const readingColumns = (judgments) => [[null, [...new Set(judgments.map((j) => j.text))]]];

const gradesOf = (found) => [...new Set(found.map((j) => j.grade))].join(" / ");
const rowName = (report) => `${bodyName(report) || "Unknown organisation"} ${report.year || ""}`.trim();

/** The one grade every row that grades question gives it, when at least two rows do. */
function sameEverywhere(rows, question) {
  const given = [...rows.values()].map((row) => row.grades.get(question)).filter(Boolean).map(gradesOf);
  return given.length >= 2 && given.every((g) => g === given[0]) ? { grade: given[0], count: given.length } : null;
}

function gradeLink(j, found, ctx) {
  return el("a", {
    href: viewerHref(ctx.viewerUrl, j.report.id, j.page, j.text), target: "_blank", rel: "noopener",
    title: `${j.text}: ${gradesOf(found)} (${reportShort(j.report)}, page ${j.page})`,
  }, gradesOf(found));
}

function cell(found, ctx) {
  if (!found.length) return el("td", { class: "grade-cell grade-none" }, el("span", { class: "muted" }, "—"));
  return el("td", { class: `grade-cell grade-${gradeTone(found[0].grade)}` }, gradeLink(found[0], found, ctx));
}

function note(question, same, rowCount, noun) {
  const where = same.count === rowCount ? `every ${noun} and year shown (${rowCount})`
    : `every ${noun} and year that grades it (${same.count} of the ${rowCount} shown)`;
  return el("li", { dataset: { question } }, el("strong", {}, question), `: ${same.grade} for ${where}.`);
}

/** Say which areas are out of sight, and make the box's edge show there is more. */
function hint(scroller, frame, message, heads) {
  const sticky = scroller.querySelector("tbody th")?.offsetWidth || 0;
  const from = scroller.scrollLeft + sticky;
  const to = scroller.scrollLeft + scroller.clientWidth;
  const left = heads.filter((h) => h.th.offsetLeft < from - 1);
  const right = heads.filter((h) => h.th.offsetLeft + h.th.offsetWidth > to + 1);
  frame.classList.toggle("more-right", right.length > 0);
  message.hidden = !left.length && !right.length;
  const pillars = (list) => {
    const names = [...new Set(list.map((h) => h.pillar).filter(Boolean))];
    return names.length ? ` (${names.join(", ")})` : "";
  };
  const parts = [];
  if (left.length) parts.push(`← ${left.length} to the left${pillars(left)}`);
  if (right.length) parts.push(`${right.length} to the right${pillars(right)} →`);
  message.textContent = `${heads.length - left.length - right.length} of ${heads.length} areas in view; `
    + `scroll the matrix sideways (Shift + wheel, or the arrow keys once it has focus) for the rest: ${parts.join("; ")}.`;
}

/** "6 reports · police force · HMICFRS": what a group holds. */
function summary(judgments) {
  const reports = [...new Map(judgments.map((j) => [j.report.id, j.report])).values()];
  const distinct = (field) => [...new Set(reports.map((r) => r[field]).filter(Boolean))].sort();
  return [`${reports.length} report${reports.length === 1 ? "" : "s"}`, distinct("organisation_type").join(", "),
    distinct("inspectorate").join(", ")].filter(Boolean).join(" · ");
}

/** The rows of one family: "organisation year" -> {report, grades: Map(area -> [findings])}. */
function rowsOf(judgments) {
  const rows = new Map();
  for (const j of judgments) {
    const key = rowName(j.report);
    if (!rows.has(key)) rows.set(key, { report: j.report, grades: new Map() });
    const { grades } = rows.get(key);
    if (!grades.has(j.text)) grades.set(j.text, []);
    grades.get(j.text).push(j);
  }
  return rows;
}

function statementList(statements, ctx) {
  if (!statements.length) return null;
  return el("ul", { class: "matrix-statements", "aria-label": "Outcomes stated in words" }, statements.map((j) =>
    el("li", {}, el("strong", { title: reportDetail(j.report) || null }, rowName(j.report)), ` · ${j.text}: `,
      el("span", { class: "grade-statement" }, gradeLink(j, [j], ctx)))));
}

/** One family's matrix, notes and statements; update() redraws its scroll hint. */
function drawGroup(family, judgments, ctx) {
  const statements = judgments.filter((j) => gradeTone(j.grade) === "statement");
  const scaled = judgments.filter((j) => gradeTone(j.grade) !== "statement");
  const peel = family === "peel";
  const noun = peel ? "force" : "organisation";
  const rows = rowsOf(scaled);
  const folded = [];
  const groups = (peel ? pillarColumns(scaled) : readingColumns(scaled)).map(([pillar, list]) => [pillar, list.filter((q) => {
    const same = sameEverywhere(rows, q);
    if (same) folded.push(note(q, same, rows.size, noun));
    return !same;
  })]).filter(([, list]) => list.length);
  const keys = [...rows.keys()].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  const heads = groups.flatMap(([pillar, list]) => list.map((q) => ({
    question: q, pillar, th: el("th", { scope: "col", class: "question-head" }, q) })));
  const corner = `${peel ? "Force" : "Organisation"} and year`;
  const table = el("table", { class: "matrix" },
    el("caption", { class: "visually-hidden" }, `${familyLabel(family)}: grade for each graded area, by ${noun} and inspection year`),
    el("thead", {},
      peel ? el("tr", {}, el("td", { class: "corner" }), groups.map(([pillar, list]) =>
        el("th", { scope: "colgroup", colspan: list.length, class: "pillar" }, pillar))) : null,
      el("tr", {}, el("th", { scope: "col", class: "corner" }, corner), heads.map((h) => h.th))),
    el("tbody", {}, keys.map((key) => el("tr", {},
      el("th", { scope: "row", title: reportDetail(rows.get(key).report) || null }, key),
      heads.map((h) => cell(rows.get(key).grades.get(h.question) || [], ctx))))));
  const message = el("p", { class: "scroll-hint", role: "note", hidden: true });
  const scroller = el("div", { class: "matrix-scroll", tabindex: 0, role: "region",
    "aria-label": `${familyLabel(family)} grades matrix; scrolls sideways` }, table);
  const frame = el("div", { class: "matrix-frame" }, scroller);
  const node = el("section", { class: "matrix-group", dataset: { family } },
    el("h3", {}, familyLabel(family)), el("p", { class: "muted matrix-summary" }, summary(judgments)),
    heads.length ? [message, frame] : null,
    folded.length ? el("ul", { class: "matrix-notes", "aria-label": "Areas graded the same in every row" }, folded) : null,
    statementList(statements, ctx));
  const update = () => heads.length && hint(scroller, frame, message, heads);
  scroller.addEventListener("scroll", update, { passive: true });
  return { node, scroller, update };
}

/** Draw the matrices for these judgment findings into root, a group per family. */
export function drawMatrix(root, judgments, ctx) {
  watching?.disconnect();
  const graded = judgments.filter((j) => j.grade);
  if (!graded.length) {
    root.replaceChildren(el("p", { class: "muted" }, "No graded areas for these filters."));
    return;
  }
  const families = new Map();
  for (const j of graded) {
    const family = j.report.family || "";
    if (!families.has(family)) families.set(family, []);
    families.get(family).push(j);
  }
  const drawn = [...families.keys()].sort(familyCompare).map((family) => drawGroup(family, families.get(family), ctx));
  root.replaceChildren(...drawn.map((d) => d.node));
  watching = new ResizeObserver(() => drawn.forEach((d) => d.update()));
  for (const d of drawn) {
    watching.observe(d.scroller);
    d.update();
  }
}
