// Shrinks a failing generated program: deletes whole brace-delimited statements, then single
// statement lines, keeping each deletion only while oslab still disagrees with clang in the same
// way (clang must still accept the program and agree with itself). Deleting a statement cannot
// introduce undefined behaviour — every index, divisor and shift is guarded where it is written —
// except falling off the end of a function, so `return` lines stay.

import { compareBuilds, writeSource } from './differential';

/** The kind of a disagreement (its first words), so shrinking does not drift to another bug. */
function kindOf(detail: string): string {
  return detail.startsWith("oslab's compiler failed") ? 'compile' : detail.startsWith('GENERATOR BUG') ? 'generator' : 'output';
}

/** Deletable line ranges [start, end): a statement line, or a `{` line through its `}`. */
function candidates(lines: readonly string[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line.startsWith('return') || line.startsWith('#') || !lines[i].startsWith(' ')) continue;
    if (line.endsWith('{')) {
      let depth = 0;
      for (let j = i; j < lines.length; j++) {
        depth += (lines[j].match(/{/g) ?? []).length - (lines[j].match(/}/g) ?? []).length;
        if (depth === 0) {
          ranges.push([i, j + 1]);
          break;
        }
      }
    } else if (line.endsWith(';')) {
      ranges.push([i, i + 1]);
    }
  }
  // Outer blocks before what they contain: one success removes many lines.
  return ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
}

/** The smallest variant of `source` found that still fails like the original. */
export async function minimize(name: string, source: string, log: (message: string) => void = () => undefined): Promise<string> {
  const original = await compareBuilds(writeSource(name, source));
  if (original === null) return source;
  const kind = kindOf(original);
  let lines = source.split('\n');
  for (let progress = true; progress; ) {
    progress = false;
    let removed: [number, number] | null = null;
    let shift = 0;
    for (const [start, end] of candidates(lines)) {
      // Ranges are nested or disjoint: skip what a deletion took, move what follows it.
      if (removed && start < removed[1]) continue;
      const [s, e] = [start - shift, end - shift];
      const attempt = [...lines.slice(0, s), ...lines.slice(e)];
      const result = await compareBuilds(writeSource(name, attempt.join('\n')));
      if (result !== null && kindOf(result) === kind) {
        lines = attempt;
        progress = true;
        removed = [start, end];
        shift += end - start;
        log(`${lines.length} lines`);
      }
    }
  }
  const text = lines.join('\n');
  writeSource(name, text);
  return text;
}
