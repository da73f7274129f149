// A list that renders only the rows in view (plus a few), for state that can run to thousands
// of rows (10k PTEs, 1,000 processes). Rows have one fixed height. It is a listbox: arrow keys,
// Page Up/Down, Home and End move the selection, and the selected row is kept in view.

import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface VirtualListProps<T> {
  readonly items: readonly T[];
  readonly rowHeight: number;
  /** The viewport's height when the layout gives none (tests, first paint). */
  readonly fallbackHeight?: number;
  readonly label: string;
  readonly selected?: number;
  readonly onSelect?: (index: number) => void;
  /** Enter or double-click on a row. */
  readonly onActivate?: (index: number) => void;
  readonly rowKey: (item: T, index: number) => string | number;
  readonly renderRow: (item: T, index: number) => ComponentChildren;
  readonly rowClass?: (item: T, index: number) => string;
  readonly header?: ComponentChildren;
}

const OVERSCAN = 8;

export function VirtualList<T>(props: VirtualListProps<T>) {
  const { items, rowHeight, selected = -1 } = props;
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(props.fallbackHeight ?? 400);

  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element) return;
    const measure = () => setHeight(element.clientHeight || props.fallbackHeight || 400);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [props.fallbackHeight]);

  useEffect(() => {
    const element = viewport.current;
    if (!element || selected < 0) return;
    const top = selected * rowHeight;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + rowHeight > element.scrollTop + height) element.scrollTop = top + rowHeight - height;
  }, [selected, rowHeight, height]);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);
  const visible = items.slice(first, last);
  const move = (to: number) => props.onSelect?.(Math.max(0, Math.min(items.length - 1, to)));
  const page = Math.max(1, Math.floor(height / rowHeight) - 1);

  const onKeyDown = (event: KeyboardEvent) => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(selected + 1),
      ArrowUp: () => move(selected - 1),
      PageDown: () => move(selected + page),
      PageUp: () => move(selected - page),
      Home: () => move(0),
      End: () => move(items.length - 1),
      Enter: () => selected >= 0 && props.onActivate?.(selected),
    };
    const action = keys[event.key];
    if (!action || items.length === 0) return;
    event.preventDefault();
    action();
  };

  return (
    <div class="virtual-list">
      {props.header}
      <div
        ref={viewport}
        class="virtual-viewport"
        role="listbox"
        tabIndex={0}
        aria-label={props.label}
        aria-activedescendant={selected >= 0 ? `row-${selected}` : undefined}
        onScroll={(event) => setScrollTop((event.currentTarget as HTMLDivElement).scrollTop)}
        onKeyDown={onKeyDown}
      >
        <div style={{ height: `${items.length * rowHeight}px`, position: 'relative' }}>
          {visible.map((item, offset) => {
            const index = first + offset;
            return (
              <div
                key={props.rowKey(item, index)}
                id={`row-${index}`}
                role="option"
                aria-selected={index === selected}
                class={`virtual-row ${index === selected ? 'selected' : ''} ${props.rowClass?.(item, index) ?? ''}`}
                style={{ top: `${index * rowHeight}px`, height: `${rowHeight}px` }}
                onClick={() => props.onSelect?.(index)}
                onDblClick={() => props.onActivate?.(index)}
              >
                {props.renderRow(item, index)}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
