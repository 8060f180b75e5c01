// Building elements without innerHTML: every value from the API is text, never markup.

/** h("a", {href: "#"}, "text", child) -> an element with attributes and children. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(el.dataset, value);
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** The search engine's highlight ("a <em>word</em> b") as text with <mark>s; other markup stays text. */
export function highlighted(fragment) {
  const parts = String(fragment).split(/<em>(.*?)<\/em>/s);
  return parts.map((part, i) => (i % 2 ? h("mark", {}, part) : part));
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

export function years(value) {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return `${Number.isInteger(n) ? n : n.toFixed(1)} ${n === 1 ? "year" : "years"}`;
}

export function month(iso) {
  if (!iso) return null;
  const [y, m] = iso.split("-");
  return new Date(Number(y), Number(m) - 1, 1).toLocaleDateString("en", { year: "numeric", month: "short" });
}

export function plural(n, word) {
  return `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;
}
