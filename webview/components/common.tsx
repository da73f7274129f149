// Small pieces every panel shares: a figure with its label, a titled section, a codicon, the
// message a panel shows when it has nothing to draw yet, and a hit-rate bar.

import type { ComponentChildren } from 'preact';

export function Icon({ name, label }: { readonly name: string; readonly label?: string }) {
  return <span class={`codicon codicon-${name}`} role={label ? 'img' : undefined} aria-label={label} aria-hidden={label ? undefined : true} />;
}

export function Figure({ label, value, title }: { readonly label: string; readonly value: ComponentChildren; readonly title?: string }) {
  return (
    <div class="figure" title={title}>
      <span class="figure-value">{value}</span>
      <span class="figure-label">{label}</span>
    </div>
  );
}

export function Section({ title, children, actions }: { readonly title: string; readonly children: ComponentChildren; readonly actions?: ComponentChildren }) {
  return (
    <section class="section" aria-label={title}>
      <header class="section-header">
        <h2 title={title}>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}

export function Empty({ children }: { readonly children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

/** A horizontal bar filled to `part / whole`, labelled for screen readers. */
export function Meter({ part, whole, label, kind = '' }: { readonly part: number; readonly whole: number; readonly label: string; readonly kind?: string }) {
  const fraction = whole > 0 ? Math.min(1, part / whole) : 0;
  return (
    <div class={`meter ${kind}`} role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={whole} aria-valuenow={part}>
      <div class="meter-fill" style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
    </div>
  );
}
