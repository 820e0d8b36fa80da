// A one-page-at-a-time PDF viewer built on pdf.js: page navigation, zoom, a text layer, and the
// cited quote highlighted. Used by the /viewer page and by the chat page's side panel.

import * as pdfjs from "./vendor/pdfjs/pdf.min.mjs";
import { el } from "./dom.js";
import { highlightQuote } from "./highlight.js";

pdfjs.GlobalWorkerOptions.workerSrc = new URL("./vendor/pdfjs/pdf.worker.min.mjs", import.meta.url).href;
// Glyphs for unembedded Symbol and ZapfDingbats fonts; pdf.js draws the other standard fonts
// (Helvetica, Times...) with the browser's own fonts.
const STANDARD_FONTS = new URL("./vendor/pdfjs/standard_fonts/", import.meta.url).href;
const ZOOM_STEP = 1.25;
const MIN_SCALE = 0.3;
const MAX_SCALE = 4;
const GUTTER = 24; // px left around the page when fitting it to the width

export class PdfViewer {
  /**
   * Build the viewer inside root.
   *
   * Args: pdfUrl is the PDF address with "__ID__" where the report id goes; onPage(n) is
   * called after each page is shown.
   */
  constructor(root, { pdfUrl, onPage = () => {} }) {
    this.pdfUrl = pdfUrl;
    this.onPage = onPage;
    this.doc = null;
    this.task = null;
    this.reportId = null;
    this.pageNumber = 1;
    this.scale = null; // null: fit the page to the width
    this.shownScale = 1;
    this.quote = "";
    this.seq = 0; // only the newest render may touch the page
    this.renderTask = null;
    this.#build(root);
    new ResizeObserver(() => this.#refit()).observe(this.scroller);
  }

  #build(root) {
    // Symbol-only buttons get a spoken name; worded ones are named by their words.
    const button = (cls, text, onclick, label = null) =>
      el("button", { type: "button", class: cls, "aria-label": label, title: label, onclick }, text);
    this.prev = button("pdfv-prev", "‹ Previous", () => this.show(this.pageNumber - 1));
    this.next = button("pdfv-next", "Next ›", () => this.show(this.pageNumber + 1));
    this.pageInput = el("input", { type: "number", min: 1, class: "pdfv-page", inputmode: "numeric",
      onchange: () => this.show(parseInt(this.pageInput.value, 10) || 1) });
    this.total = el("span", { class: "pdfv-total" }, "–");
    this.zoomLabel = el("output", { class: "pdfv-zoom", "aria-live": "polite" }, "100%");
    this.raw = el("a", { class: "pdfv-raw", target: "_blank", rel: "noopener" }, "Open PDF");
    this.quoteBar = el("p", { class: "pdfv-quote", "aria-live": "polite", hidden: true });
    this.status = el("p", { class: "pdfv-status", role: "status" });
    this.scroller = el("div", { class: "pdfv-scroll", tabindex: 0, "aria-label": "Report page" });
    root.replaceChildren(
      el("div", { class: "pdfv-bar", role: "toolbar", "aria-label": "Page and zoom" },
        this.prev,
        el("label", {}, "Page ", this.pageInput, " of ", this.total),
        this.next,
        el("span", { class: "pdfv-sep" }),
        button("pdfv-zoomout", "−", () => this.zoomTo(this.shownScale / ZOOM_STEP), "Zoom out"),
        this.zoomLabel,
        button("pdfv-zoomin", "+", () => this.zoomTo(this.shownScale * ZOOM_STEP), "Zoom in"),
        button("pdfv-fit", "Fit width", () => this.zoomTo(null)),
        this.raw),
      this.quoteBar, this.status, this.scroller);
    root.addEventListener("keydown", (event) => this.#key(event));
  }

  #key(event) {
    if (event.target.closest("input, textarea, select") || event.altKey || event.ctrlKey || event.metaKey) return;
    // Arrows turn pages; PageUp/PageDown keep scrolling within a zoomed page.
    const actions = { ArrowLeft: -1, ArrowRight: 1 };
    if (event.key in actions) {
      event.preventDefault();
      this.show(this.pageNumber + actions[event.key]);
    }
  }

  /** Open a report (reusing it if already open) at a page, highlighting quote there. */
  async open({ reportId, page = 1, quote = "" }) {
    this.quote = quote;
    if (reportId !== this.reportId || !this.doc) {
      const loaded = await this.#load(reportId);
      if (!loaded) return;
    }
    await this.show(page);
  }

  async #load(reportId) {
    this.seq++;
    this.task?.destroy();
    this.doc = null;
    this.reportId = reportId;
    this.scroller.replaceChildren();
    this.quoteBar.hidden = true;
    const url = this.pdfUrl.replace("__ID__", encodeURIComponent(reportId));
    this.raw.href = url;
    this.#setStatus("Loading the report…");
    // isEvalSupported: pdf.js 6 has no eval path at all; kept so an older build stays CSP-safe.
    const task = pdfjs.getDocument({ url, standardFontDataUrl: STANDARD_FONTS, isEvalSupported: false });
    this.task = task;
    try {
      const doc = await task.promise;
      if (task !== this.task) return false;
      this.doc = doc;
    } catch (err) {
      if (task !== this.task) return false;
      const why = err.status ? `the server answered ${err.status}` : err.message;
      this.#setStatus(`Could not open this report's PDF (${why}).`, true);
      return false;
    }
    this.total.textContent = String(this.doc.numPages);
    this.pageInput.max = String(this.doc.numPages);
    return true;
  }

  /** Show page n (clamped to the document), with its text layer and the quote marked. */
  async show(n) {
    if (!this.doc) return;
    const number = Math.min(Math.max(1, n), this.doc.numPages);
    const seq = ++this.seq;
    this.pageNumber = number;
    this.pageInput.value = String(number);
    this.prev.disabled = number <= 1;
    this.next.disabled = number >= this.doc.numPages;
    this.#setStatus(`Rendering page ${number}…`);
    let page;
    try {
      page = await this.doc.getPage(number);
    } catch (err) {
      // The document was closed under us (another report opened): nothing left to show.
      if (seq === this.seq) this.#setStatus(`Could not read page ${number} (${err.message}).`, true);
      return;
    }
    if (seq !== this.seq) return;
    const scale = this.scale ?? this.#fitScale(page);
    this.shownScale = scale;
    this.zoomLabel.textContent = `${Math.round(scale * 100)}%`;
    if (!(await this.#draw(page, scale, seq))) return;
    this.#setStatus("");
    this.onPage(number);
  }

  /** Draw the page and its text layer; false when a newer request took over or drawing failed. */
  async #draw(page, scale, seq) {
    const viewport = page.getViewport({ scale });
    const ratio = window.devicePixelRatio || 1;
    const canvas = el("canvas", { class: "pdfv-canvas" });
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    const layer = el("div", { class: "textLayer" });
    const sheet = el("div", { class: "pdfv-sheet", dataset: { pageNumber: String(page.pageNumber) } }, canvas, layer);
    sheet.style.setProperty("--scale-factor", String(scale));
    sheet.style.width = `${Math.floor(viewport.width)}px`;
    sheet.style.height = `${Math.floor(viewport.height)}px`;
    this.renderTask?.cancel();
    const task = page.render({ canvas, viewport, transform: ratio === 1 ? null : [ratio, 0, 0, ratio, 0, 0] });
    this.renderTask = task;
    try {
      const [content] = await Promise.all([page.getTextContent(), task.promise]);
      if (seq !== this.seq) return false;
      this.scroller.replaceChildren(sheet);
      this.scroller.scrollTop = 0;
      const textLayer = new pdfjs.TextLayer({ textContentSource: content, container: layer, viewport });
      await textLayer.render();
      if (seq !== this.seq) return false;
      const items = content.items.filter((item) => item.str !== undefined);
      this.#showQuote(highlightQuote(textLayer.textDivs, items, this.quote));
    } catch (err) {
      if (err instanceof pdfjs.RenderingCancelledException || seq !== this.seq) return false;
      this.#setStatus(`Could not draw page ${page.pageNumber} (${err.message}).`, true);
      return false;
    }
    return true;
  }

  #showQuote({ matched, total, continues }) {
    this.quoteBar.hidden = !this.quote;
    if (!this.quote) return;
    let lead = "Not found on this page:";
    if (matched && matched === total) lead = "Highlighted on this page:";
    else if (continues === "next") lead = `Highlighted on this page (${matched} of ${total} words); it goes on over the page:`;
    else if (continues === "previous") lead = `Highlighted on this page (${matched} of ${total} words); it starts on the page before:`;
    else if (matched) lead = `Partly highlighted (${matched} of ${total} words; the rest may be on another page):`;
    this.quoteBar.className = `pdfv-quote ${matched ? "found" : "missing"}`;
    const turn = continues && el("button", {
      type: "button", class: "secondary pdfv-continue",
      onclick: () => this.show(this.pageNumber + (continues === "next" ? 1 : -1)),
    }, continues === "next" ? `Page ${this.pageNumber + 1} ›` : `‹ Page ${this.pageNumber - 1}`);
    this.quoteBar.replaceChildren(el("strong", {}, lead), " ", el("q", {}, this.quote), turn ? " " : "", turn || "");
    const first = this.scroller.querySelector(".hl");
    if (first) {
      // Scroll only the page area, never the page around the viewer (the chat, in the panel).
      const top = first.getBoundingClientRect().top - this.scroller.getBoundingClientRect().top;
      this.scroller.scrollTop += top - this.scroller.clientHeight / 3;
    }
  }

  /** Set the zoom (null fits the page to the width) and redraw. */
  zoomTo(scale) {
    this.scale = scale === null ? null : Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
    return this.show(this.pageNumber);
  }

  #fitScale(page) {
    const width = this.scroller.clientWidth - GUTTER;
    return width > 100 ? width / page.getViewport({ scale: 1 }).width : 1;
  }

  #refit() {
    // Redraw a fitted page when its column changes width (panel opened, window resized).
    // A hidden viewer (the panel, closed) has no width to fit.
    if (this.scale !== null || !this.doc || !this.scroller.clientWidth) return;
    clearTimeout(this.refitTimer);
    this.refitTimer = setTimeout(async () => {
      if (!this.doc) return;
      const page = await this.doc.getPage(this.pageNumber);
      if (Math.abs(this.#fitScale(page) - this.shownScale) > 0.02) this.show(this.pageNumber);
    }, 150);
  }

  #setStatus(text, isError = false) {
    this.status.textContent = text;
    this.status.classList.toggle("error", isError);
  }
}
