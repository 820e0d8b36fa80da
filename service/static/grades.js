// The grades matrix: a row per force and year, a column per graded question, grouped by pillar.
// Each cell says its grade in words; the colour only repeats it. A question graded the same in
// every row that grades it tells no row from another, so it leaves the matrix for a note below
// it. The matrix scrolls sideways in its own box with the first column kept in place, and a hint
// above it says how many questions are out of sight, and under which pillars.

import { el } from "./dom.js";
import { reportShort, viewerHref } from "./format.js";
import { slug } from "./ftable.js";

const OTHER = "Other";
let watching = null; // the ResizeObserver of the matrix drawn last

/**
 * Order the questions by pillar, in the reports' reading order. A question's pillar is the top
 * heading above it in a report body (["Effectiveness", "Investigating crime"]); summary-table
 * rows carry no pillar, so a question seen only there goes under "Other", and a pillar's own
 * overall grade leads its group.
 */
function columns(judgments) {
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

const gradesOf = (found) => [...new Set(found.map((j) => j.grade))].join(" / ");

/** The one grade every row that grades question gives it, when at least two rows do. */
function sameEverywhere(rows, question) {
  const given = [...rows.values()].map((byQuestion) => byQuestion.get(question)).filter(Boolean).map(gradesOf);
  return given.length >= 2 && given.every((g) => g === given[0]) ? { grade: given[0], count: given.length } : null;
}

function cell(found, ctx) {
  if (!found.length) return el("td", { class: "grade-cell grade-none" }, el("span", { class: "muted" }, "—"));
  const first = found[0];
  return el("td", { class: `grade-cell grade-${slug(first.grade)}` },
    el("a", {
      href: viewerHref(ctx.viewerUrl, first.report.id, first.page, first.text), target: "_blank", rel: "noopener",
      title: `${first.text}: ${gradesOf(found)} (${reportShort(first.report)}, page ${first.page})`,
    }, gradesOf(found)));
}

function note(question, same, rowCount) {
  const where = same.count === rowCount ? `every force and year shown (${rowCount})`
    : `every force and year that grades it (${same.count} of the ${rowCount} shown)`;
  return el("li", { dataset: { question } }, el("strong", {}, question), `: ${same.grade} for ${where}.`);
}

/** Say which questions are out of sight, and make the box's edge show there is more. */
function hint(scroller, frame, message, heads) {
  const sticky = scroller.querySelector("tbody th")?.offsetWidth || 0;
  const from = scroller.scrollLeft + sticky;
  const to = scroller.scrollLeft + scroller.clientWidth;
  const left = heads.filter((h) => h.th.offsetLeft < from - 1);
  const right = heads.filter((h) => h.th.offsetLeft + h.th.offsetWidth > to + 1);
  frame.classList.toggle("more-right", right.length > 0);
  message.hidden = !left.length && !right.length;
  const pillars = (list) => [...new Set(list.map((h) => h.pillar))].join(", ");
  const parts = [];
  if (left.length) parts.push(`← ${left.length} to the left (${pillars(left)})`);
  if (right.length) parts.push(`${right.length} to the right (${pillars(right)}) →`);
  message.textContent = `${heads.length - left.length - right.length} of ${heads.length} questions in view; `
    + `scroll the matrix sideways (Shift + wheel, or the arrow keys once it has focus) for the rest: ${parts.join("; ")}.`;
}

/** Draw the matrix for these judgment findings into root. */
export function drawMatrix(root, judgments, ctx) {
  const graded = judgments.filter((j) => j.grade);
  if (!graded.length) {
    watching?.disconnect();
    root.replaceChildren(el("p", { class: "muted" }, "No graded questions for these filters."));
    return;
  }
  const rows = new Map(); // "force year" -> Map(question -> [findings])
  for (const j of graded) {
    const key = `${j.report.force || "Unknown force"} ${j.report.year || ""}`.trim();
    if (!rows.has(key)) rows.set(key, new Map());
    const byQuestion = rows.get(key);
    if (!byQuestion.has(j.text)) byQuestion.set(j.text, []);
    byQuestion.get(j.text).push(j);
  }
  const folded = [];
  const groups = columns(graded).map(([pillar, list]) => [pillar, list.filter((q) => {
    const same = sameEverywhere(rows, q);
    if (same) folded.push(note(q, same, rows.size));
    return !same;
  })]).filter(([, list]) => list.length);
  const keys = [...rows.keys()].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  const heads = groups.flatMap(([pillar, list]) => list.map((q) => ({
    question: q, pillar, th: el("th", { scope: "col", class: "question-head" }, q) })));
  const table = el("table", { class: "matrix" },
    el("caption", { class: "visually-hidden" }, "Grade for each graded question, by force and inspection year"),
    el("thead", {},
      el("tr", {}, el("td", { class: "corner" }), groups.map(([pillar, list]) =>
        el("th", { scope: "colgroup", colspan: list.length, class: "pillar" }, pillar))),
      el("tr", {}, el("th", { scope: "col", class: "corner" }, "Force and year"), heads.map((h) => h.th))),
    el("tbody", {}, keys.map((key) => el("tr", {},
      el("th", { scope: "row" }, key),
      heads.map((h) => cell(rows.get(key).get(h.question) || [], ctx))))));
  const message = el("p", { class: "scroll-hint", role: "note", hidden: true });
  const scroller = el("div", { class: "matrix-scroll", tabindex: 0, role: "region",
    "aria-label": "Grades matrix; scrolls sideways" }, table);
  const frame = el("div", { class: "matrix-frame" }, scroller);
  root.replaceChildren(message, frame,
    folded.length ? el("ul", { class: "matrix-notes", "aria-label": "Questions graded the same in every row" }, folded) : null);
  const update = () => hint(scroller, frame, message, heads);
  scroller.addEventListener("scroll", update, { passive: true });
  watching?.disconnect();
  watching = new ResizeObserver(update);
  watching.observe(scroller);
  update();
}
