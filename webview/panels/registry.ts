// Which component draws which panel.

import type { ComponentType } from 'preact';
import type { PanelId } from '../messaging';
import { CpuCachesPanel } from './cpu-caches';
import { MemoryMapPanel } from './memory-map';
import { PageTablePanel } from './page-table';
import type { PanelProps } from './panel-props';
import { ProcessesPanel } from './processes';
import { SchedulerPanel } from './scheduler';
import { StoragePanel } from './storage';
import { TlbPanel } from './tlb';

export const PANEL_COMPONENTS: Record<PanelId, ComponentType<PanelProps>> = {
  'memory-map': MemoryMapPanel,
  'page-table': PageTablePanel,
  tlb: TlbPanel,
  'cpu-caches': CpuCachesPanel,
  scheduler: SchedulerPanel,
  processes: ProcessesPanel,
  storage: StoragePanel,
};
