// The findings explorer: filters drive GET /api/findings; the table, chart and CSV link all show
// the same query, and the grades matrix shows every graded area for the chosen organisations/years.

import { fetchJson } from "./api.js";
import { drawChart } from "./chart.js";
import { setGroupedOptions, setOptions } from "./dom.js";
import { FINDING_KINDS, bodyName, gradeTone, kindLabel, organisationGroups } from "./format.js";
import { FindingsTable } from "./ftable.js";
import { drawMatrix } from "./grades.js";

const SCALE = ["Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate", "Ungraded"];
const TYPING_PAUSE = 250; // ms after the last keystroke before searching

const data = document.body.dataset;
const form = document.getElementById("ffilters");
const csv = document.getElementById("csv");
const completeness = document.getElementById("completeness");
const failure = document.getElementById("ferror");
const ctx = { viewerUrl: data.viewerUrl };
const table = new FindingsTable(document.getElementById("ftable"), ctx);
let judgments = []; // every judgment in the index, for the matrix
let seq = 0;
let typing = null;

/** Every finding a query matches: the API answers a page at a time, each naming the next. */
async function fetchAll(url) {
  let page = await fetchJson(url);
  const { completeness } = page;
  const findings = [...page.findings];
  while (page.next_url) {
    page = await fetchJson(page.next_url);
    findings.push(...page.findings);
  }
  return { findings, completeness };
}

function query() {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData(form)) if (value.trim()) params.set(key, value.trim());
  return params;
}

function drawGrades() {
  const { organisation, year } = Object.fromEntries(new FormData(form));
  drawMatrix(document.getElementById("matrix"), judgments.filter((j) =>
    (!organisation || bodyName(j.report) === organisation) && (!year || j.report.year === year)), ctx);
}

async function refresh() {
  const params = query();
  const mine = ++seq;
  const csvParams = new URLSearchParams(params);
  csvParams.set("format", "csv");
  csv.href = `${data.findingsUrl}?${csvParams}`;
  // The address holds the filters, so a view can be bookmarked or sent to a colleague.
  window.history.replaceState(null, "", params.size ? `?${params}` : window.location.pathname);
  drawGrades();
  try {
    const body = await fetchAll(`${data.findingsUrl}?${params}`);
    if (mine !== seq) return;
    failure.hidden = true;
    table.show(body.findings);
    drawChart(document.getElementById("chart"), body.findings);
    const c = body.completeness;
    completeness.textContent = `${c.findings} finding${c.findings === 1 ? "" : "s"} match. ${c.note}`;
  } catch (err) {
    if (mine !== seq) return;
    failure.textContent = `Could not load the findings: ${err.message}`;
    failure.hidden = false;
  }
}

async function fillFilters() {
  const [{ reports }, { findings }] = await Promise.all([fetchJson(data.reportsUrl), fetchAll(data.findingsUrl)]);
  judgments = findings.filter((f) => f.kind === "judgment");
  const distinct = (values) => [...new Set(values.filter(Boolean))].sort();
  const { organisation, year, kind, grade, carried_from: carried } = form.elements;
  setGroupedOptions(organisation, "Any organisation", organisationGroups(reports));
  setOptions(year, "Any year", distinct(reports.map((r) => r.year)).map((v) => [v, v]));
  setOptions(kind, "Any kind", FINDING_KINDS.map((k) => [k, kindLabel(k)]));
  // The scale's grades first, then any other grade the index holds (none of them a sentence).
  const graded = distinct(judgments.map((j) => j.grade)).filter((g) => !SCALE.includes(g) && gradeTone(g) !== "statement");
  setOptions(grade, "Any grade", [...SCALE, ...graded].map((g) => [g, g]));
  setOptions(carried, "Any", distinct(findings.map((f) => f.carried_from)).map((v) => [v, v]));
  // Start from the filters in the address, if any; an address saved before organisations names a force.
  for (const [key, value] of new URLSearchParams(window.location.search)) {
    const field = form.elements[key === "force" ? "organisation" : key];
    if (field) field.value = value;
  }
}

form.addEventListener("change", (event) => {
  if (event.target.name !== "q") refresh();
});
form.addEventListener("input", (event) => {
  if (event.target.name !== "q") return;
  clearTimeout(typing);
  typing = setTimeout(refresh, TYPING_PAUSE);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(typing);
  refresh();
});
// "reset" fires before the fields are cleared.
form.addEventListener("reset", () => setTimeout(refresh));

try {
  await fillFilters();
} catch (err) {
  failure.textContent = `Could not load the filter lists: ${err.message}`;
  failure.hidden = false;
}
refresh();
