// The grades matrix: a row per force and year, a column per graded question, grouped by pillar.
// Each cell says its grade in words; the colour only repeats it.

import { el } from "./dom.js";
import { reportShort, viewerHref } from "./format.js";
import { slug } from "./ftable.js";

const OTHER = "Other";

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

function cell(found, ctx) {
  if (!found.length) return el("td", { class: "grade-cell grade-none" }, el("span", { class: "muted" }, "—"));
  const grades = [...new Set(found.map((j) => j.grade))];
  const first = found[0];
  return el("td", { class: `grade-cell grade-${slug(grades[0])}` },
    el("a", {
      href: viewerHref(ctx.viewerUrl, first.report.id, first.page, first.text), target: "_blank", rel: "noopener",
      title: `${first.text}: ${grades.join(" / ")} (${reportShort(first.report)}, page ${first.page})`,
    }, grades.join(" / ")));
}

/** Draw the matrix for these judgment findings into root. */
export function drawMatrix(root, judgments, ctx) {
  const graded = judgments.filter((j) => j.grade);
  if (!graded.length) {
    root.replaceChildren(el("p", { class: "muted" }, "No graded questions for these filters."));
    return;
  }
  const groups = columns(graded);
  const rows = new Map(); // "force year" -> Map(question -> [findings])
  for (const j of graded) {
    const key = `${j.report.force || "Unknown force"} ${j.report.year || ""}`.trim();
    if (!rows.has(key)) rows.set(key, new Map());
    const byQuestion = rows.get(key);
    if (!byQuestion.has(j.text)) byQuestion.set(j.text, []);
    byQuestion.get(j.text).push(j);
  }
  const keys = [...rows.keys()].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  const questions = groups.flatMap(([, list]) => list);
  root.replaceChildren(el("table", { class: "matrix" },
    el("caption", { class: "visually-hidden" }, "Grade for each graded question, by force and inspection year"),
    el("thead", {},
      el("tr", {}, el("td", {}), groups.map(([pillar, list]) =>
        el("th", { scope: "colgroup", colspan: list.length, class: "pillar" }, pillar))),
      el("tr", {}, el("th", { scope: "col" }, "Force and year"),
        questions.map((q) => el("th", { scope: "col", class: "question-head" }, q)))),
    el("tbody", {}, keys.map((key) => el("tr", {},
      el("th", { scope: "row" }, key),
      questions.map((q) => cell(rows.get(key).get(q) || [], ctx)))))));
}
