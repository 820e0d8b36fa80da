// A small hand-drawn SVG bar chart: findings per pillar (the top heading of the section path),
// one bar per inspection year, each bar labelled with its count. A report whose every section
// sits under one top heading (its title, as Word-made reports print it) groups by the next one.

import { clip } from "./format.js";
import { el, svg } from "./dom.js";

const YEAR_COLOURS = ["#1d5f8a", "#d9772b", "#3f8f5f", "#7d58a3", "#b03a3c", "#6b6b6b"];
const LABEL_W = 250;
const BAR_W = 380;
const BAR_H = 16;
const GROUP_GAP = 12;
const TOP = 28; // room for the legend

function topHeadings(findings) {
  const tops = new Map(); // report id -> Set of the top headings its findings sit under
  for (const f of findings) {
    if (!tops.has(f.report.id)) tops.set(f.report.id, new Set());
    tops.get(f.report.id).add(f.section.path[0]);
  }
  return tops;
}

function count(findings) {
  const tops = topHeadings(findings);
  const pillars = new Map(); // pillar -> Map(year -> count), in order of first appearance
  for (const f of findings) {
    const depth = tops.get(f.report.id).size === 1 && f.section.path.length > 1 ? 1 : 0;
    const pillar = f.section.path[depth] || "(no section)";
    const year = f.report.year || "unknown";
    if (!pillars.has(pillar)) pillars.set(pillar, new Map());
    const byYear = pillars.get(pillar);
    byYear.set(year, (byYear.get(year) || 0) + 1);
  }
  return pillars;
}

/** Draw the chart of these findings into root. */
export function drawChart(root, findings) {
  const pillars = count(findings);
  if (!pillars.size) {
    root.replaceChildren(el("p", { class: "muted" }, "No findings to chart."));
    return;
  }
  const years = [...new Set([...pillars.values()].flatMap((m) => [...m.keys()]))].sort();
  const colour = (year) => YEAR_COLOURS[years.indexOf(year) % YEAR_COLOURS.length];
  const max = Math.max(...[...pillars.values()].flatMap((m) => [...m.values()]));
  const parts = [];
  let y = TOP;
  for (const [pillar, byYear] of pillars) {
    const groupH = years.length * (BAR_H + 2);
    parts.push(svg("text", { x: LABEL_W - 8, y: y + groupH / 2, class: "chart-label", "text-anchor": "end",
      "dominant-baseline": "middle" }, svg("title", {}, pillar), clip(pillar, 38)));
    for (const year of years) {
      const n = byYear.get(year) || 0;
      const w = Math.max(n ? 2 : 0, (n / max) * BAR_W);
      parts.push(
        svg("rect", { x: LABEL_W, y, width: w, height: BAR_H, fill: colour(year), class: "chart-bar",
          dataset: { pillar, year, count: String(n) } },
          svg("title", {}, `${pillar}, ${year}: ${n} finding${n === 1 ? "" : "s"}`)),
        svg("text", { x: LABEL_W + w + 4, y: y + BAR_H / 2, class: "chart-value", "dominant-baseline": "middle" },
          String(n)));
      y += BAR_H + 2;
    }
    y += GROUP_GAP;
  }
  const legend = years.map((year, i) => svg("g", { transform: `translate(${LABEL_W + i * 90}, 4)` },
    svg("rect", { width: 14, height: 14, fill: colour(year) }),
    svg("text", { x: 19, y: 7, class: "chart-legend", "dominant-baseline": "middle" }, year)));
  const width = LABEL_W + BAR_W + 40;
  root.replaceChildren(svg("svg", {
    viewBox: `0 0 ${width} ${y}`, width, height: y, role: "img", class: "chart-svg",
    "aria-label": `Findings per pillar and year: ${[...pillars].map(([p, m]) =>
      `${p} ${years.map((yr) => `${yr} ${m.get(yr) || 0}`).join(", ")}`).join("; ")}`,
  }, legend, parts));
}
