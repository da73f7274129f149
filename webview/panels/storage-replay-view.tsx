// The replay of one read(): a vertical timeline of its steps at their simulated times, stepped
// through with Back/Next (or the arrow keys on the timeline), so the learner follows a read from
// the system call through the page cache to the device and back. A list offers the recent reads.

import { useMemo } from 'preact/hooks';
import { Icon, Section } from '../components/common';
import { duration } from '../format';
import { usePersistentState } from '../hooks';
import type { MachineEvent } from '../../sim/events';
import type { StorageView } from '../../sim/fs/storage-view';
import { recentReads, type ReadOutcome, type ReadReplay, type ReplayStep } from './storage-replay';

const OUTCOME_LABEL: Record<ReadOutcome, string> = { hit: 'cache hit', miss: 'cache miss', hole: 'hole', direct: 'O_DIRECT', mixed: 'hits and misses' };

/** Where the learner is: which read, and how many of its steps are shown. */
interface ReplayPosition {
  readonly read: string;
  readonly step: number;
}

export function ReadReplaySection({ storage, events, cycleNs }: { readonly storage: StorageView; readonly events: readonly MachineEvent[]; readonly cycleNs: number }) {
  const reads = useMemo(() => recentReads(events, storage, cycleNs), [events, storage, cycleNs]);
  // null: follow the newest read as new stops arrive.
  const [picked, setPicked] = usePersistentState<string | null>('storage.replay.read', null);
  const [position, setPosition] = usePersistentState<ReplayPosition | null>('storage.replay.step', null);
  const chosen = reads.find((r) => r.key === picked) ?? reads[0];
  if (!chosen) {
    return (
      <Section title="Replay of a read">
        <p class="storage-note">No read() of a file on /data among the recent events: there is nothing to replay yet.</p>
      </Section>
    );
  }
  const last = chosen.steps.length - 1;
  const step = position?.read === chosen.key ? Math.min(position.step, last) : 0;
  const go = (to: number) => setPosition({ read: chosen.key, step: Math.max(0, Math.min(last, to)) });
  const onKeyDown = (event: KeyboardEvent) => {
    const keys: Record<string, number> = { ArrowDown: step + 1, ArrowRight: step + 1, ArrowUp: step - 1, ArrowLeft: step - 1, Home: 0, End: last };
    const to = keys[event.key];
    if (to === undefined) return;
    event.preventDefault();
    go(to);
  };
  return (
    <Section title={`Replay of a read · ${chosen.call}`}>
      <div class="replay-controls">
        <select aria-label="Read to replay" value={chosen.key} onChange={(e) => setPicked((e.currentTarget as HTMLSelectElement).value)}>
          {reads.map((r) => (
            <option key={r.key} value={r.key}>
              {readLabel(r)}
            </option>
          ))}
        </select>
        <button class="text-button" onClick={() => go(step - 1)} disabled={step === 0} aria-label="Back one step">
          <Icon name="debug-step-back" /> Back
        </button>
        <button class="text-button" onClick={() => go(step + 1)} disabled={step === last} aria-label="Next step">
          Next <Icon name="debug-step-over" />
        </button>
        <button class="text-button" onClick={() => go(0)} disabled={step === 0} aria-label="Replay from the start">
          <Icon name="debug-restart" />
        </button>
      </div>
      <p class="replay-now" aria-live="polite">
        Step {step + 1} of {chosen.steps.length}: {chosen.steps[step]!.title}
      </p>
      <ol class="replay-steps" tabIndex={0} aria-label="Steps of the read (arrow keys step through)" onKeyDown={onKeyDown}>
        {chosen.steps.map((s, i) => (
          <StepView key={i} step={s} startNs={chosen.startNs} phase={i < step ? 'past' : i === step ? 'current' : 'upcoming'} onSelect={() => go(i)} />
        ))}
      </ol>
    </Section>
  );
}

function StepView({ step, startNs, phase, onSelect }: { readonly step: ReplayStep; readonly startNs: number; readonly phase: 'past' | 'current' | 'upcoming'; readonly onSelect: () => void }) {
  const revealed = phase !== 'upcoming';
  return (
    <li class={`replay-step step-${step.kind} ${phase}`} aria-current={phase === 'current' ? 'step' : undefined} onClick={onSelect}>
      <span class="step-time mono" title={revealed ? `t = ${duration(step.atNs)} since boot` : undefined}>
        {revealed ? `+${duration(step.atNs - startNs)}` : ''}
      </span>
      <span class="step-marker" aria-hidden="true" />
      <div class="step-body">
        <div class="step-title">{step.title}</div>
        {phase === 'current' && <div class="step-detail">{step.detail}</div>}
      </div>
    </li>
  );
}

function readLabel(r: ReadReplay): string {
  const took = r.endNs === null ? 'waiting' : duration(r.endNs - r.startNs);
  return `${r.call} · ${r.path} · ${OUTCOME_LABEL[r.outcome]} · ${took} · at t = ${duration(r.startNs)}`;
}
