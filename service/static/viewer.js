// The /viewer page: one report's PDF at ?report=<id>&page=<n>, with ?q=<quote> highlighted.

import { fetchJson } from "./api.js";
import { PdfViewer } from "./pdfview.js";
import { reportDetail, reportShort } from "./format.js";

const { pdfUrl, reportsUrl } = document.body.dataset;
const params = new URLSearchParams(window.location.search);
const reportId = params.get("report");
const root = document.getElementById("viewer");

async function showTitle() {
  try {
    const { reports } = await fetchJson(reportsUrl);
    const report = reports.find((r) => r.id === reportId);
    if (!report) return;
    document.getElementById("report-title").textContent = report.title;
    document.getElementById("report-meta").textContent =
      [reportShort(report), reportDetail(report), `${report.pages} pages`].filter(Boolean).join(" · ");
    document.title = `${reportShort(report)} · reportqa`;
  } catch {
    // The title is a nicety; the PDF itself still loads (or says why not).
  }
}

if (!reportId) {
  root.textContent = "No report chosen. Open a citation from the Ask page or a finding from the Findings page.";
} else {
  const viewer = new PdfViewer(root, {
    pdfUrl,
    // Keep the address on the page being read, so a reload or a copied link returns to it.
    onPage: (n) => {
      params.set("page", String(n));
      window.history.replaceState(null, "", `?${params}`);
    },
  });
  showTitle();
  viewer.open({ reportId, page: parseInt(params.get("page"), 10) || 1, quote: params.get("q") || "" });
}
