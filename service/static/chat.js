// The chat page: ask questions, read cited answers, open citations in the side panel.
// The conversation and the filters are kept in localStorage, so a reload loses nothing.

import { postJson, fetchJson } from "./api.js";
import { exchange } from "./answer.js";
import { setGroupedOptions, setOptions } from "./dom.js";
import { PASSAGE_KINDS, kindLabel, organisationGroups, reportDetail, reportShort } from "./format.js";
import { Panel } from "./panel.js";

const CONVERSATION_KEY = "reportqa.conversation.v1";
const FILTERS_KEY = "reportqa.filters.v1";
const KEEP = 50; // exchanges kept across reloads; older ones are dropped first
const HISTORY = 20; // earlier exchanges sent with a question, so a follow-up can lean on them (the API's limit)

const data = document.body.dataset;
const log = document.getElementById("log");
const intro = document.getElementById("intro");
const form = document.getElementById("ask");
const question = document.getElementById("question");
const send = document.getElementById("send");
const busy = document.getElementById("busy");
const filtersForm = document.getElementById("filters");
const reports = new Map();
const ctx = {
  viewerUrl: data.viewerUrl,
  reportName: (id) => (reports.has(id) ? reportShort(reports.get(id)) : id),
};
const panel = new Panel(document.getElementById("panel"),
  { moduleUrl: data.pdfviewModule, pdfUrl: data.pdfUrl, viewerUrl: data.viewerUrl },
  (id) => reports.get(id) || null);
let entries = [];
let inFlight = null;

function readStored(key, fallback) {
  try {
    return JSON.parse(localStorage.getItem(key)) ?? fallback;
  } catch {
    return fallback;
  }
}

function saveConversation() {
  let kept = entries.filter((e) => !e.pending).slice(-KEEP);
  // A full store must not break the page: drop the oldest half until it fits.
  while (kept.length) {
    try {
      localStorage.setItem(CONVERSATION_KEY, JSON.stringify(kept));
      return;
    } catch {
      kept = kept.slice(Math.ceil(kept.length / 2));
    }
  }
  localStorage.removeItem(CONVERSATION_KEY);
}

const wellFormed = (e) => e && typeof e.id === "string" && typeof e.question === "string" &&
  (e.error?.message || (e.response && Array.isArray(e.response.citations)));

function currentFilters() {
  const filters = {};
  for (const [key, value] of new FormData(filtersForm)) if (value) filters[key] = value;
  return filters;
}

async function loadReports() {
  const info = document.getElementById("index-info");
  try {
    const { reports: list } = await fetchJson(data.reportsUrl);
    list.forEach((r) => reports.set(r.id, r));
    const distinct = (field) => [...new Set(list.map((r) => r[field]).filter(Boolean))].sort();
    setOptions(filtersForm.elements.report_id, "Any report", list.map((r) => [r.id, `${reportShort(r)} — ${r.title}`]));
    for (const option of filtersForm.elements.report_id.options) {
      if (reports.has(option.value)) option.title = reportDetail(reports.get(option.value));
    }
    setGroupedOptions(filtersForm.elements.organisation, "Any organisation", organisationGroups(list));
    setOptions(filtersForm.elements.year, "Any year", distinct("year").map((y) => [y, y]));
    info.textContent = `${list.length} reports indexed`;
  } catch (err) {
    info.textContent = `Could not list the reports: ${err.message}`;
    info.classList.add("error");
  }
  setOptions(filtersForm.elements.kind, "Any kind of text", PASSAGE_KINDS.map((k) => [k, kindLabel(k)]));
  const saved = readStored(FILTERS_KEY, {});
  for (const [key, value] of Object.entries(saved)) {
    // Filters saved before organisations named a force; a force is its organisation.
    const select = filtersForm.elements[key === "force" ? "organisation" : key];
    if (select && [...select.options].some((o) => o.value === value)) select.value = value;
  }
}

function render(entry) {
  const node = exchange(entry, ctx);
  const old = document.getElementById(`x-${entry.id}`);
  if (old) old.replaceWith(node);
  else log.append(node);
  intro.hidden = entries.length > 0;
  return node;
}

function setBusy(on) {
  busy.hidden = !on;
  send.disabled = on;
  log.setAttribute("aria-busy", String(on));
}

/** The conversation so far, oldest first, as /api/ask takes it: the questions that were answered or abstained on. */
function history() {
  return entries.filter((e) => e.response).slice(-HISTORY)
    .map((e) => ({ question: e.question, answer: e.response.abstained ? null : e.response.answer }));
}

async function ask(text, filters) {
  const earlier = history();
  const entry = { id: Date.now().toString(36) + Math.random().toString(36).slice(2, 6), question: text, filters, pending: true };
  entries.push(entry);
  render(entry).scrollIntoView({ block: "end" });
  setBusy(true);
  const controller = new AbortController();
  inFlight = controller;
  const body = { question: text };
  if (Object.keys(filters).length) body.filters = filters;
  if (earlier.length) body.history = earlier;
  try {
    entry.response = await postJson(data.askUrl, body, { signal: controller.signal });
  } catch (err) {
    if (err.name === "AbortError") return;
    entry.error = { message: err.message, status: err.status };
  } finally {
    if (inFlight === controller) {
      inFlight = null;
      setBusy(false);
    }
  }
  delete entry.pending;
  saveConversation();
  render(entry).scrollIntoView({ block: "start" });
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const text = question.value.trim();
  if (!text || inFlight) return;
  question.value = "";
  ask(text, currentFilters());
});

question.addEventListener("keydown", (event) => {
  // Enter sends; Shift+Enter (and Enter while an input method is composing) is left alone.
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    form.requestSubmit();
  }
});

log.addEventListener("click", (event) => {
  const retry = event.target.closest("[data-retry]");
  if (retry && !inFlight) {
    const entry = entries.find((e) => e.id === retry.dataset.retry);
    entries = entries.filter((e) => e !== entry);
    document.getElementById(`x-${entry.id}`).remove();
    ask(entry.question, entry.filters || {});
    return;
  }
  const link = event.target.closest("a[data-report]");
  // Let modified clicks (new tab, new window) through to the link's own /viewer address.
  if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  for (const old of log.querySelectorAll(".citation.current")) old.classList.remove("current");
  const cited = link.dataset.cite && document.getElementById(`cite-${link.dataset.cite}`);
  if (cited) cited.classList.add("current");
  panel.open({ reportId: link.dataset.report, page: Number(link.dataset.page), quote: link.dataset.quote }, link);
});

// A <details> opens and closes itself; only its label must follow. "toggle" does not bubble.
log.addEventListener("toggle", (event) => {
  const summary = event.target.querySelector(":scope > summary");
  if (summary) summary.textContent = summary.textContent.replace(/^(Show|Hide)/, event.target.open ? "Hide" : "Show");
}, true);

document.getElementById("clear").addEventListener("click", () => {
  inFlight?.abort();
  inFlight = null;
  setBusy(false);
  entries = [];
  localStorage.removeItem(CONVERSATION_KEY);
  for (const node of log.querySelectorAll(".exchange")) node.remove();
  intro.hidden = false;
  question.focus();
});

filtersForm.addEventListener("change", () => localStorage.setItem(FILTERS_KEY, JSON.stringify(currentFilters())));
filtersForm.addEventListener("reset", () => localStorage.removeItem(FILTERS_KEY));

await loadReports();
const stored = readStored(CONVERSATION_KEY, []);
entries = Array.isArray(stored) ? stored.filter(wellFormed) : [];
entries.forEach(render);
log.lastElementChild?.scrollIntoView({ block: "end" });
question.focus();
