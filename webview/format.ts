// How the panels write numbers: addresses in hex as /proc does, sizes in binary units, simulated
// times in the unit that keeps three significant digits.

export function hex(value: number, digits = 8): string {
  return (value >>> 0).toString(16).padStart(digits, '0');
}

export function address(value: number): string {
  return '0x' + hex(value);
}

export function bytes(value: number): string {
  if (value < 1024) return `${value} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let scaled = value / 1024;
  let unit = 0;
  while (scaled >= 1024 && unit < units.length - 1) {
    scaled /= 1024;
    unit++;
  }
  return `${scaled >= 100 || Number.isInteger(scaled) ? scaled.toFixed(0) : scaled.toFixed(1)} ${units[unit]}`;
}

export function duration(ns: number): string {
  if (ns < 1000) return `${Math.round(ns)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toPrecision(3)} µs`;
  if (ns < 1e9) return `${(ns / 1e6).toPrecision(3)} ms`;
  return `${(ns / 1e9).toPrecision(3)} s`;
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)} %`;
}

// One formatter for every call: toLocaleString builds a new one each time (~0.15 ms apiece, which
// a table of a few hundred counts turns into whole frames).
const COUNT_FORMAT = new Intl.NumberFormat('en-US');

export function count(value: number): string {
  return COUNT_FORMAT.format(value);
}
