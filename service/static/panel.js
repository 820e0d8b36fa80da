// The chat page's side panel: cited pages open here, next to the conversation.
// pdf.js is large, so it is loaded only when the first citation is opened.

import { reportDetail, reportShort, viewerHref } from "./format.js";

export class Panel {
  /** Args: urls is {moduleUrl, pdfUrl, viewerUrl}; reportOf(id) gives a report object or null. */
  constructor(root, urls, reportOf) {
    this.root = root;
    this.urls = urls;
    this.reportOf = reportOf;
    this.viewer = null;
    this.opener = null;
    this.title = root.querySelector("#panel-title");
    this.meta = root.querySelector("#panel-meta");
    this.newTab = root.querySelector("#panel-newtab");
    root.querySelector("#panel-close").addEventListener("click", () => this.close());
    root.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.close();
    });
  }

  /** Show a report page with quote highlighted; opener gets focus back on close. */
  async open({ reportId, page, quote }, opener) {
    this.opener = opener;
    const report = this.reportOf(reportId);
    this.title.textContent = report ? reportShort(report) : "Report";
    this.meta.textContent = report ? [report.title, reportDetail(report)].filter(Boolean).join(" · ") : "";
    this.newTab.href = viewerHref(this.urls.viewerUrl, reportId, page, quote);
    this.root.hidden = false;
    document.body.classList.add("panel-open");
    this.title.focus();
    if (!this.viewer) {
      const root = this.root.querySelector("#panel-viewer");
      try {
        const { PdfViewer } = await import(this.urls.moduleUrl);
        this.viewer ??= new PdfViewer(root, { pdfUrl: this.urls.pdfUrl });
      } catch (err) {
        root.textContent = `Could not load the PDF viewer (${err.message}). Try "Open in new tab".`;
        return;
      }
    }
    await this.viewer.open({ reportId, page, quote });
  }

  close() {
    this.root.hidden = true;
    document.body.classList.remove("panel-open");
    if (this.opener?.isConnected) this.opener.focus();
  }
}
