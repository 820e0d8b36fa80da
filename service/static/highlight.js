// Find a quoted sentence in a page's text layer and mark it.
//
// Quotes come from the index's own text extraction, so spacing, line breaks and ligatures differ
// from pdf.js's text items, and a sentence may run over several items or onto the next page.
// Both sides are therefore compared as lists of normalised words: an exact run of the quote's
// words wins; then the quote's opening words at the foot of the page or its closing words at the
// top (a sentence that runs over a page break, however little of it is on this page); otherwise
// the longest run the page shares with it, if that run is long enough to mean something (a few
// common words in a row prove nothing).

const WORD = /[\p{L}\p{N}]+/gu;
const MIN_SHARE = 0.3; // a partial match must cover this share of the quote's words...
const MIN_RUN = 3; // ...and at least this many words (or all of them, for shorter quotes)
const EDGE = 15; // words of page furniture (a page number, a running footer) allowed past a page-break run
const MIN_EDGE_RUN = 4; // the fewest words of a quote that say it runs over a page break

const normalise = (text) => text.normalize("NFKC").toLowerCase();

/** The quote's words, normalised. */
function quoteWords(quote) {
  return normalise(quote).match(WORD) || [];
}

/**
 * Lay the page's items end to end as one normalised string, remembering for every character
 * which item and which slice of that item's own text it came from.
 */
function pageText(items) {
  let text = "";
  const owners = [];
  items.forEach((item, index) => {
    let offset = 0;
    for (const ch of item.str) {
      const norm = normalise(ch);
      for (let i = 0; i < norm.length; i++) owners.push([index, offset, offset + ch.length]);
      text += norm;
      offset += ch.length;
    }
    // pdf.js marks line ends rather than putting a space there.
    if (item.hasEOL) {
      text += " ";
      owners.push(null);
    }
  });
  const words = [...text.matchAll(WORD)].map((m) => ({ word: m[0], start: m.index, end: m.index + m[0].length }));
  return { owners, words };
}

/** Where the words of run stand in page, searching from start to end (both word indexes): an index, or -1. */
function indexOf(page, run, start, end) {
  for (let i = Math.max(0, start); i + run.length <= Math.min(page.length, end + run.length); i++) {
    let j = 0;
    while (j < run.length && page[i + j] === run[j]) j++;
    if (j === run.length) return i;
  }
  return -1;
}

/**
 * The longest opening of the quote that ends the page, or the longest close of it that opens the
 * page: [first word, word count, "next" | "previous"] (where the rest of the quote is), or null.
 */
function pageBreakRun(page, quote) {
  const n = page.length;
  for (let k = Math.min(quote.length - 1, n); k >= MIN_EDGE_RUN; k--) {
    const head = indexOf(page, quote.slice(0, k), n - k - EDGE, n - k);
    if (head >= 0) return [head, k, "next"];
    const tail = indexOf(page, quote.slice(quote.length - k), 0, EDGE);
    if (tail >= 0) return [tail, k, "previous"];
  }
  return null;
}

/** Find the quote's words in the page's words: [first word, word count, continues?], or null. */
function findRun(page, quote) {
  const n = page.length;
  const m = quote.length;
  if (!m || !n) return null;
  const whole = indexOf(page, quote, 0, n);
  if (whole >= 0) return [whole, m, null];
  const split = pageBreakRun(page, quote);
  if (split) return split;
  // Longest common run of words (dynamic programming over one row at a time).
  let best = [0, 0];
  let prev = new Array(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    const row = new Array(m + 1).fill(0);
    for (let j = 1; j <= m; j++) {
      if (page[i - 1] === quote[j - 1]) {
        row[j] = prev[j - 1] + 1;
        if (row[j] > best[1]) best = [i - row[j], row[j]];
      }
    }
    prev = row;
  }
  const needed = Math.max(Math.min(MIN_RUN, m), Math.ceil(MIN_SHARE * m));
  return best[1] >= needed ? [best[0], best[1], null] : null;
}

/**
 * Mark the quote in a rendered text layer.
 *
 * Args: divs and items are pdf.js TextLayer's textDivs and the text items they were made from
 * (one div per item with a str), quote the sentence to find.
 * Returns: {matched: words marked, total: words in the quote, continues: "next" or "previous"
 * when the rest of the quote is on the next or the previous page, else null}.
 */
export function highlightQuote(divs, items, quote) {
  const wanted = quoteWords(quote || "");
  const { owners, words } = pageText(items);
  const run = findRun(words.map((w) => w.word), wanted);
  if (!run) return { matched: 0, total: wanted.length, continues: null };
  const from = words[run[0]].start;
  const to = words[run[0] + run[1] - 1].end;
  const ranges = new Map(); // item index -> [start, end) in the item's own text
  for (let i = from; i < to; i++) {
    const owner = owners[i];
    if (!owner) continue;
    const [index, start, end] = owner;
    const range = ranges.get(index);
    ranges.set(index, range ? [Math.min(range[0], start), Math.max(range[1], end)] : [start, end]);
  }
  for (const [index, [start, end]] of ranges) mark(divs[index], items[index].str, start, end);
  return { matched: run[1], total: wanted.length, continues: run[2] };
}

function mark(div, text, start, end) {
  const span = document.createElement("span");
  span.className = "hl";
  span.textContent = text.slice(start, end);
  div.replaceChildren(text.slice(0, start), span, text.slice(end));
}
