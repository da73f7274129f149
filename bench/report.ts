// Text formatting for the benchmark report: aligned tables with a title, number formats and
// the ✓/✗ target marks. Pure functions of their inputs; main.ts decides what goes in them.

export type Align = 'left' | 'right';

export interface Table {
  readonly title: string;
  readonly head: readonly string[];
  readonly align: readonly Align[];
  readonly rows: readonly (readonly string[])[];
  readonly notes?: readonly string[];
}

/** Display width, counting the marks and arrows we use as one column each. */
function width(s: string): number {
  return [...s].length;
}

function pad(s: string, w: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return align === 'left' ? s + fill : fill + s;
}

export function renderTable(t: Table): string {
  const widths = t.head.map((h, i) => Math.max(width(h), ...t.rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: readonly string[]) => cells.map((c, i) => pad(c, widths[i], t.align[i] ?? 'right')).join('  ').trimEnd();
  const rule = '─'.repeat(widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1));
  const out = [t.title, rule, line(t.head), rule, ...t.rows.map(line), rule];
  for (const n of t.notes ?? []) out.push(`  ${n}`);
  return out.join('\n');
}

export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** 123.4 M style for instruction counts. */
export function fmtMillions(n: number): string {
  return `${(n / 1e6).toFixed(1)} M`;
}

export function fmtFixed(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : '—';
}

export function fmtMs(ms: number): string {
  return ms >= 100 ? fmtInt(ms) : ms.toFixed(1);
}

/** Simulated time with a unit that keeps three significant figures. */
export function fmtNs(ns: number): string {
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(3)} s`;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(0)} ns`;
}

/** A rate per access: 0.0625, or 1/16 written as a fraction when it is small. */
export function fmtRate(part: number, whole: number): string {
  if (whole === 0) return '—';
  const r = part / whole;
  if (r === 0) return '0';
  if (r >= 0.01) return r.toFixed(4);
  return `1/${Math.round(1 / r).toLocaleString('en-US')}`;
}

export function targetCell(value: number, target: number | null): { target: string; mark: string } {
  if (target === null) return { target: '', mark: '' };
  return { target: `≥ ${target}`, mark: value >= target ? '✓' : '✗' };
}
