// Draw one exchange of the conversation: the question, then its answer, abstention or error,
// with the citations and the passages that were searched.

import { el } from "./dom.js";
import { clip, kindLabel, pagesLabel, reportDetail, reportShort, sectionLabel, viewerHref } from "./format.js";

const MARKER = /\[(\d+)\]/g;
const FILTER_NAMES = { report_id: "Report", organisation: "Organisation", force: "Force", year: "Year", kind: "Kind", area: "Asked about" };
const PASSAGE_QUOTE_CHARS = 400; // enough of a passage to find it on its page; keeps links short

/** Link that opens the viewer; chat.js catches the click and opens the side panel instead. */
function viewerLink(ctx, { report, page, quote, cls, label, cite = "" }, ...children) {
  return el("a", {
    class: cls, href: viewerHref(ctx.viewerUrl, report.id, page, quote), "aria-label": label, title: label,
    dataset: { report: report.id, page: String(page), quote: quote || "", cite },
  }, ...children);
}

function filterText(key, value, ctx) {
  const shown = { report_id: ctx.reportName, kind: kindLabel }[key]?.(value) ?? value;
  return `${FILTER_NAMES[key] || key}: ${shown}`;
}

function questionBlock(entry, ctx) {
  const shown = Object.entries(entry.filters || {}).map(([key, value]) => filterText(key, value, ctx));
  return el("div", { class: "question" },
    el("h2", { class: "visually-hidden" }, "Question"),
    el("p", { class: "question-text" }, entry.question),
    shown.length ? el("p", { class: "question-filters muted" }, "Searched only: ", shown.join(" · ")) : null);
}

/** The answer text, with each [n] turned into a link to citation n. */
function answerText(text, citations, entry, ctx) {
  const byN = new Map(citations.map((c) => [c.n, c]));
  const out = el("p", { class: "answer-text" });
  let last = 0;
  for (const match of text.matchAll(MARKER)) {
    const cite = byN.get(Number(match[1]));
    if (!cite) continue;
    out.append(text.slice(last, match.index), viewerLink(ctx, {
      // Sentences from several reports sit side by side; the label says which report each is from.
      ...cite, cls: "marker", label: `Source ${cite.n}: ${reportShort(cite.report)}, page ${cite.page}`,
      cite: `${entry.id}-${cite.n}`,
    }, match[0]));
    last = match.index + match[0].length;
  }
  out.append(text.slice(last));
  return out;
}

function citationItem(cite, entry, ctx) {
  return el("li", { class: "citation", id: `cite-${entry.id}-${cite.n}` },
    viewerLink(ctx, { ...cite, cls: "cite-link", label: null, cite: `${entry.id}-${cite.n}` },
      el("span", { class: "cite-n" }, `[${cite.n}]`), " ",
      el("span", { class: "cite-title" }, cite.report.title),
      el("span", { class: "cite-meta", title: reportDetail(cite.report) || null },
        [reportShort(cite.report), sectionLabel(cite.section), pagesLabel(cite.page)].filter(Boolean).join(" · "))),
    el("blockquote", { class: "cite-quote" }, cite.quote));
}

function passageItem(p, ctx) {
  return el("li", { class: "passage" },
    el("p", { class: "passage-meta" },
      el("span", { class: `kind kind-${p.kind}` }, kindLabel(p.kind)), " ",
      el("span", { class: "passage-report" }, reportShort(p.report)), " · ",
      el("span", { class: "passage-section" }, sectionLabel(p.section) || "(no section)"), " · ",
      viewerLink(ctx, { report: p.report, page: p.page_start, quote: clip(p.text, PASSAGE_QUOTE_CHARS),
        cls: "passage-link", label: `Open ${reportShort(p.report)} at page ${p.page_start}` },
        pagesLabel(p.page_start, p.page_end))),
    el("p", { class: "passage-text" }, p.text));
}

function passagesBlock(passages, ctx) {
  if (!passages?.length) return null;
  return el("details", { class: "passages" },
    el("summary", {}, `Show passages (${passages.length})`),
    el("ol", { class: "passage-list" }, passages.map((p) => passageItem(p, ctx))));
}

/** What a follow-up took from the questions before it, so the reader knows what was answered. */
function assumedBlock(assumed, ctx) {
  const shown = Object.entries(assumed || {}).map(([key, values]) => filterText(key, values.join(", "), ctx));
  return shown.length ? el("p", { class: "assumed muted" }, "Taken from the question before: ", shown.join(" · ")) : null;
}

function replyBlock(entry, ctx) {
  if (entry.pending) return el("div", { class: "reply pending" }, el("p", { class: "muted" }, "Searching the reports…"));
  if (entry.error) {
    return el("div", { class: "reply error", role: "alert" },
      el("p", { class: "error-title" }, "The question could not be answered"),
      el("p", { class: "error-message" }, entry.error.message),
      el("button", { type: "button", class: "secondary retry", dataset: { retry: entry.id } }, "Try again"));
  }
  const r = entry.response;
  if (r.abstained) {
    return el("div", { class: "reply abstained" },
      el("p", { class: "abstain-title" }, "Not found in the reports"),
      assumedBlock(r.assumed, ctx),
      el("p", {}, "The reports searched do not answer this question, so no answer is given.",
        r.reason ? ` Reason: ${r.reason.replace(/\.?$/, ".")}` : ""),
      r.mode === "findings" && r.completeness ? el("p", { class: "completeness" }, r.completeness) : null,
      passagesBlock(r.passages, ctx));
  }
  return el("div", { class: `reply answered mode-${r.mode || "extractive"}` },
    el("h2", { class: "visually-hidden" }, "Answer"),
    assumedBlock(r.assumed, ctx),
    answerText(r.answer || "", r.citations, entry, ctx),
    r.mode === "findings" && r.completeness ? el("p", { class: "completeness" }, r.completeness) : null,
    r.citations.length ? el("h3", { class: "sources-title" }, "Sources") : null,
    el("ol", { class: "citations" }, r.citations.map((c) => citationItem(c, entry, ctx))),
    passagesBlock(r.passages, ctx));
}

/**
 * Build the element for one exchange.
 *
 * Args: entry is {id, question, filters, pending?, response?, error?}; ctx is {viewerUrl,
 * reportName(id)}.
 */
export function exchange(entry, ctx) {
  return el("article", { class: "exchange", id: `x-${entry.id}`, "aria-busy": entry.pending ? "true" : null },
    questionBlock(entry, ctx), replyBlock(entry, ctx));
}
