// What the screenshot test asks of a rendered page, measured inside the page (the function is
// sent to Chromium whole, so it uses nothing from outside itself): which key elements are not
// visible, which elements overlap, whose text is cut off, and the colours the theme gave the body.

export interface LayoutQuery {
  /** Each must match at least one element that is drawn, inside the viewport. */
  readonly key: readonly string[];
  /** No two of the elements these match may overlap (unless one contains the other). */
  readonly apart: readonly string[];
  /** The text of these must be shown whole: not cut by the viewport or a clipping box (ellipses and scrolling boxes aside). */
  readonly whole: readonly string[];
}

export interface LayoutReport {
  readonly missing: string[];
  readonly overlaps: string[];
  readonly cut: string[];
  readonly bodyColor: string;
  readonly bodyBackground: string;
  readonly bodyClass: string;
}

/** Runs in the page: `page.evaluate(checkLayout, query)`. */
export function checkLayout(query: LayoutQuery): LayoutReport {
  interface Box { left: number; top: number; right: number; bottom: number }
  const TOLERANCE = 1; // px: sub-pixel rounding and shared borders are not overlaps
  const viewport: Box = { left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight };
  const intersect = (a: Box, b: Box): Box => ({ left: Math.max(a.left, b.left), top: Math.max(a.top, b.top), right: Math.min(a.right, b.right), bottom: Math.min(a.bottom, b.bottom) });
  const area = (b: Box) => Math.max(0, b.right - b.left) * Math.max(0, b.bottom - b.top);
  // The part of an element actually on screen: clipped by every scrolling or clipping ancestor.
  const drawn = (element: Element): Box | null => {
    const style = getComputedStyle(element);
    if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) return null;
    let box: Box = intersect(element.getBoundingClientRect(), viewport);
    for (let ancestor = element.parentElement; ancestor; ancestor = ancestor.parentElement) {
      const clip = getComputedStyle(ancestor);
      if (clip.overflowX !== 'visible' || clip.overflowY !== 'visible') box = intersect(box, ancestor.getBoundingClientRect());
    }
    return area(box) > 0 ? box : null;
  };
  const name = (element: Element) => {
    const classes = [...element.classList].map((c) => `.${c}`).join('');
    const text = (element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 30);
    return `<${element.tagName.toLowerCase()}${classes}>${text ? ` "${text}"` : ''}`;
  };
  const inside = (element: Element) => {
    const r = element.getBoundingClientRect();
    return r.left >= -TOLERANCE && r.top >= -TOLERANCE && r.right <= viewport.right + TOLERANCE && r.bottom <= viewport.bottom + TOLERANCE;
  };

  const missing = query.key.filter((selector) => ![...document.querySelectorAll(selector)].some((e) => drawn(e) !== null && inside(e)));

  const shown = [...new Set(query.apart.flatMap((selector) => [...document.querySelectorAll(selector)]))]
    .map((element) => ({ element, box: drawn(element) }))
    .filter((e): e is { element: Element; box: Box } => e.box !== null);
  const overlaps: string[] = [];
  for (let i = 0; i < shown.length; i++) {
    for (let j = i + 1; j < shown.length; j++) {
      const a = shown[i]!;
      const b = shown[j]!;
      if (a.element.contains(b.element) || b.element.contains(a.element)) continue;
      const common = intersect(a.box, b.box);
      if (common.right - common.left > TOLERANCE && common.bottom - common.top > TOLERANCE) overlaps.push(`${name(a.element)} overlaps ${name(b.element)}`);
    }
  }
  // Text cut off where nothing can scroll to it: what a heading too long for its column does.
  const cut: string[] = [];
  for (const element of new Set(query.whole.flatMap((selector) => [...document.querySelectorAll(selector)]))) {
    if (drawn(element) === null || getComputedStyle(element).textOverflow === 'ellipsis') continue;
    const range = document.createRange();
    range.selectNodeContents(element);
    const text = range.getBoundingClientRect();
    if (text.width === 0 || text.height === 0) continue;
    let room: Box = viewport;
    let scrolls = false;
    for (let ancestor = element.parentElement; ancestor; ancestor = ancestor.parentElement) {
      const clip = getComputedStyle(ancestor);
      scrolls ||= /auto|scroll/.test(clip.overflowX + clip.overflowY);
      if (clip.overflowX !== 'visible' || clip.overflowY !== 'visible') room = intersect(room, ancestor.getBoundingClientRect());
    }
    const outside = text.left < room.left - TOLERANCE || text.top < room.top - TOLERANCE || text.right > room.right + TOLERANCE || text.bottom > room.bottom + TOLERANCE;
    if (outside && !scrolls) cut.push(name(element));
  }
  const body = getComputedStyle(document.body);
  return { missing, overlaps, cut, bodyColor: body.color, bodyBackground: body.backgroundColor, bodyClass: document.body.className };
}
