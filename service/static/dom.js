// Build DOM nodes. Strings always become text nodes, so report and user text can never turn
// into markup: this file is the one place pages create elements, and it has no innerHTML.

const SVG_NS = "http://www.w3.org/2000/svg";

function fill(node, props, children) {
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.setAttribute("class", value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  // append() turns strings into Text nodes.
  node.append(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

/** Create an HTML element: el("a", {href, class}, "text", childNode, ...). */
export function el(tag, props = {}, ...children) {
  return fill(document.createElement(tag), props, children);
}

/** Create an SVG element, the same way. */
export function svg(tag, props = {}, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), props, children);
}

/** Fill a <select> with [value, label] pairs after a first "any" option. */
export function setOptions(select, anyLabel, pairs) {
  const keep = select.value;
  select.replaceChildren(el("option", { value: "" }, anyLabel),
    ...pairs.map(([value, label]) => el("option", { value }, label)));
  if (pairs.some(([value]) => value === keep)) select.value = keep;
}

/** Fill a <select> like setOptions, the pairs under headings when there are several: groups is
 * [[heading, pairs], ...]. */
export function setGroupedOptions(select, anyLabel, groups) {
  if (groups.length < 2) {
    setOptions(select, anyLabel, groups.flatMap(([, pairs]) => pairs));
    return;
  }
  const keep = select.value;
  select.replaceChildren(el("option", { value: "" }, anyLabel), ...groups.map(([heading, pairs]) =>
    el("optgroup", { label: heading }, pairs.map(([value, label]) => el("option", { value }, label)))));
  if (groups.some(([, pairs]) => pairs.some(([value]) => value === keep))) select.value = keep;
}
