// How the harts share the host: one at a time, in turns. A turn goes to the busy hart furthest
// behind in simulated time (lowest id on ties) and lasts until it is a quantum of cycles ahead of
// the others. The quantum is drawn per turn from the seeded generator, so that, as on real
// hardware, where a race's window falls depends on the run (here: on --seed); and never per
// call, so a slice's end, a debugger stop or a pause does not change the schedule: a run is the
// same run, however often it is stopped.

import type { Hart } from './cpu/hart';
import { SeededRandom } from './random';

const QUANTUM_MIN = 5_000;
const QUANTUM_SPREAD = 10_000;

export class HartTurns {
  private hart: Hart | null = null;
  /** The turn ends when its hart reaches this many cycles. */
  until = Infinity;
  /** Its own generator, so getrandom's stream is the same whatever the harts do. */
  private readonly random: SeededRandom;

  constructor(seed: number) {
    this.random = new SeededRandom(seed ^ 0x5eed);
  }

  /** The hart to run among the busy ones (`busy(h)`), or null when all idle. */
  next(harts: readonly Hart[], busy: (hart: Hart) => boolean): Hart | null {
    const turn = this.hart;
    if (turn && busy(turn) && turn.cycles < this.until) return turn;
    let next: Hart | null = null;
    for (const hart of harts) if (busy(hart) && (next === null || hart.cycles < next.cycles)) next = hart;
    this.hart = next;
    if (next) {
      const quantum = QUANTUM_MIN + (this.random.nextU32() % QUANTUM_SPREAD);
      this.until = Infinity;
      for (const other of harts) if (other !== next && busy(other)) this.until = Math.min(this.until, other.cycles + quantum);
    }
    return next;
  }

  /** Ends the current turn (an idle hart got work: the harts interleave again). */
  end(): void {
    this.hart = null;
  }
}
