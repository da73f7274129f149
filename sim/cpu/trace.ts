// The traced loop: one instruction at a time through the same interpreter, with an observer
// called before each. Tracing and the debugger's single steps use it; the fast loop stays free
// of hooks. Both loops stop at the same points and count the same, which a test checks.

import type { Hart } from './hart';
import { execute } from './interpreter';
import type { Trap } from './trap';

/** Called with the hart about to execute the instruction at `hart.pc`. */
export type StepObserver = (hart: Hart) => void;

export function executeTraced(hart: Hart, limit: number, observe?: StepObserver): Trap | null {
  const start = hart.cycles;
  while (hart.cycles - start < limit) {
    observe?.(hart);
    const trap = execute(hart, 1);
    if (trap !== null) return trap;
  }
  return null;
}
