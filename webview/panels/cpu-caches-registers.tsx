// The CPU half of the CPU & Caches panel for one hart: the thread on it, its pc and the
// instruction there, its counters, and x0–x31 by ABI name in hex, those that changed since the
// previous stop (the same thread's values then) highlighted.

import { Figure, Section } from '../components/common';
import { address, count, hex } from '../format';
import { registerCells, type RegisterCell } from './cpu-caches-model';
import type { HartView, ProcessView } from '../../sim/snapshot-types';

interface HartCoreProps {
  readonly hart: HartView;
  readonly process: ProcessView | null;
  readonly before: readonly number[] | null;
}

export function HartCore({ hart, process, before }: HartCoreProps) {
  if (hart.tid === null) {
    return (
      <Section title={`Hart ${hart.id}`}>
        <p class="cc-idle">Idle: no thread runs on this hart. {count(hart.instructions)} instructions retired so far.</p>
      </Section>
    );
  }
  const cells = registerCells(hart.regs, before);
  const changed = cells.filter((c) => c.changed).length;
  const ipc = hart.cycles > 0 ? (hart.instructions / hart.cycles).toFixed(2) : '–';
  return (
    <Section title={`Hart ${hart.id} · tid ${hart.tid}${process ? ` (${process.comm})` : ''}`}>
      <div class="cc-instruction" aria-label="Instruction at pc">
        <span class="cc-pc mono">{address(hart.pc)}</span>
        {hart.instruction ? (
          <>
            <span class="cc-word mono" title="The instruction word">
              {hex(hart.instruction.word)}
            </span>
            <span class="cc-asm mono">{hart.instruction.text}</span>
          </>
        ) : (
          <span class="cc-asm cc-unreadable">pc cannot be read</span>
        )}
      </div>
      <div class="figures" aria-label="Hart counters">
        <Figure label="pid" value={hart.pid ?? '–'} />
        <Figure label="cycles" value={count(hart.cycles)} />
        <Figure label="instructions" value={count(hart.instructions)} />
        <Figure label="IPC" value={ipc} title="Instructions per cycle: below 1 when memory stalls it" />
        <Figure label="satp" value={<span class="mono">{hex(hart.satp.rootPpn, 5)}</span>} title={`Root page table PPN; ASID ${hart.satp.asid}`} />
      </div>
      <h3 class="cc-subhead">
        Registers{before ? ` · ${changed} changed since the last stop` : ''}
      </h3>
      <RegisterGrid cells={cells} />
    </Section>
  );
}

function RegisterGrid({ cells }: { readonly cells: readonly RegisterCell[] }) {
  return (
    <dl class="cc-registers" aria-label="Registers">
      {cells.map((c) => (
        <div key={c.index} class={`cc-register ${c.changed ? 'changed' : ''}`} title={`x${c.index} = ${c.value} (${c.value | 0} signed)${c.changed ? ', changed since the last stop' : ''}`}>
          <dt>{c.name}</dt>
          <dd class="mono">{hex(c.value)}</dd>
        </div>
      ))}
    </dl>
  );
}
