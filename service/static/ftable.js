// The findings table: one row per finding, sortable by any column, each finding linking to its page.

import { el } from "./dom.js";
import { TONE_ORDER, bodyName, gradeTone, kindLabel, reportDetail, reportShort, sectionLabel, viewerHref } from "./format.js";

// "Areas for improvement" names the kind "Area for improvement"; "What needs to improve?" does not.
const bare = (text) => text.toLowerCase().replace(/[^a-z ]+/g, "").replace(/s\b/g, "").trim();
const ownLabel = (f) => (f.label && bare(f.label) !== bare(kindLabel(f.kind)) ? f.label : null);

// key: sort key, label: heading, value(f): the sort value, cell(f, ctx): the cell's content.
const COLUMNS = [
  {
    key: "organisation", label: "Organisation", value: (f) => bodyName(f.report),
    cell: (f) => el("span", { title: reportDetail(f.report) || null }, bodyName(f.report)),
  },
  { key: "year", label: "Year", value: (f) => f.report.year || "" },
  {
    key: "kind", label: "Kind", value: (f) => kindLabel(f.kind),
    // The report's own name for the item, where it is not the kind's: "What needs to improve?".
    cell: (f) => [kindLabel(f.kind), ownLabel(f) ? el("span", { class: "kind-label" }, ownLabel(f)) : null],
  },
  {
    key: "text", label: "Finding", value: (f) => f.text,
    cell: (f, ctx) => [
      el("a", {
        href: viewerHref(ctx.viewerUrl, f.report.id, f.page, f.text), target: "_blank", rel: "noopener",
        title: `Open ${reportShort(f.report)} at page ${f.page}`,
      }, f.text),
      f.evidence ? el("span", { class: "evidence" }, f.evidence) : null,
    ],
  },
  { key: "section", label: "Section", value: (f) => sectionLabel(f.section) },
  { key: "page", label: "Page", value: (f) => f.page, numeric: true },
  {
    key: "grade", label: "Grade", value: (f) => (f.grade ? TONE_ORDER.indexOf(gradeTone(f.grade)) : 99), numeric: true,
    cell: (f) => (f.grade ? el("span", { class: `grade grade-${gradeTone(f.grade)}` }, f.grade) : ""),
  },
  { key: "carried_from", label: "Carried from", value: (f) => f.carried_from || "" },
  { key: "progress", label: "Progress", value: (f) => f.progress || "" },
];

export class FindingsTable {
  constructor(table, ctx) {
    this.table = table;
    this.ctx = ctx;
    this.rows = [];
    this.sort = { key: null, dir: 1 };
    table.tHead.rows[0].replaceChildren(...COLUMNS.map((c) =>
      el("th", { scope: "col", dataset: { key: c.key } },
        el("button", { type: "button", class: "sort", onclick: () => this.sortBy(c.key) }, c.label))));
  }

  /** Click once for ascending, again for descending. */
  sortBy(key) {
    this.sort = { key, dir: this.sort.key === key ? -this.sort.dir : 1 };
    this.show(this.rows);
  }

  show(rows) {
    this.rows = rows;
    const column = COLUMNS.find((c) => c.key === this.sort.key);
    const shown = column ? [...rows].sort((a, b) => this.sort.dir * compare(column, a, b)) : rows;
    for (const th of this.table.tHead.rows[0].cells) {
      const sorted = th.dataset.key === this.sort.key;
      th.setAttribute("aria-sort", sorted ? (this.sort.dir > 0 ? "ascending" : "descending") : "none");
    }
    const body = this.table.tBodies[0];
    body.replaceChildren(...shown.map((f) => el("tr", { dataset: { id: f.id } },
      COLUMNS.map((c) => el("td", { class: `col-${c.key}` }, c.cell ? c.cell(f, this.ctx) : String(c.value(f)))))));
    if (!shown.length) body.append(el("tr", {}, el("td", { colspan: COLUMNS.length, class: "muted" }, "No findings match these filters.")));
  }
}

function compare(column, a, b) {
  const x = column.value(a);
  const y = column.value(b);
  return column.numeric ? x - y : String(x).localeCompare(String(y), "en", { numeric: true, sensitivity: "base" });
}
