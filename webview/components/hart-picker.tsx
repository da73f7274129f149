// The harts side by side as radio buttons, the one the followed thread is on marked: the TLB and
// CPU & Caches panels pick the hart they show in detail with it. Each panel adds its own lines
// under a hart's name (`detail`); choosing the followed hart goes back to following.

import type { ComponentChildren } from 'preact';
import type { HartView } from '../../sim/snapshot-types';
import { Icon, Section } from './common';

export interface HartPickerProps {
  readonly title: string;
  /** The radiogroup's accessible name ("Hart whose TLB is shown"). */
  readonly label: string;
  readonly harts: readonly HartView[];
  readonly shown: number;
  /** The hart the followed thread runs on (or last ran on), or null. */
  readonly followedHart: number | null;
  readonly onChoose: (hart: number) => void;
  readonly detail: (hart: HartView) => ComponentChildren;
  readonly actions?: ComponentChildren;
}

export function HartPicker(props: HartPickerProps) {
  return (
    <Section title={props.title} actions={props.actions}>
      <div class="hart-picker" role="radiogroup" aria-label={props.label}>
        {props.harts.map((h) => (
          <button key={h.id} role="radio" aria-checked={h.id === props.shown} class={`hart-choice ${h.id === props.shown ? 'chosen' : ''}`} onClick={() => props.onChoose(h.id)}>
            <span class="hart-name">
              <Icon name="chip" /> hart {h.id}
              {props.followedHart === h.id && <span class="badge">followed</span>}
            </span>
            {props.detail(h)}
          </button>
        ))}
      </div>
    </Section>
  );
}
