// The scopes that come from the machine rather than the program: Registers (x0–x31 under their
// ABI names, and pc), Thread and Process (the kernel's view, from Machine.processView). Rows are
// plain name/value pairs; nested records (accounting, rlimits, argv) expand.

import { registerName } from '../../sim/isa/disasm';
import type { ProcessView, ThreadView } from '../../sim/snapshot-types';
import type { ValueContext } from './api';
import { registerValue } from './object';

/** A row that is not a C object: a register, a kernel field, or a record that expands. */
export interface PlainRow {
  readonly name: string;
  readonly value: string;
  readonly type: string;
  readonly evaluateName?: string;
  /** Rows of the record this row expands to. */
  readonly children?: readonly PlainRow[];
}

function hex32(v: number): string {
  return `0x${(v >>> 0).toString(16).padStart(8, '0')}`;
}

export function registerRows(ctx: ValueContext): PlainRow[] {
  const { frame } = ctx;
  const rows: PlainRow[] = [];
  for (let i = 0; i < 32; i++) {
    const v = registerValue(ctx, i);
    rows.push({ name: `x${i} (${registerName(i)})`, value: `${hex32(v)} (${v | 0})`, type: 'register', evaluateName: `$${registerName(i)}` });
  }
  rows.push({ name: 'pc', value: `${hex32(frame.pc)} (${frame.pc >>> 0})`, type: 'register', evaluateName: '$pc' });
  return rows;
}

function processView(ctx: ValueContext): ProcessView | null {
  try {
    return ctx.machine.processView(ctx.frame.pid);
  } catch {
    return null;
  }
}

/** Rows of a plain record: numbers, strings, null, nested records and arrays. */
export function plainRows(data: object): PlainRow[] {
  return Object.entries(data).map(([name, value]) => plainRow(name, value));
}

function plainRow(name: string, value: unknown): PlainRow {
  if (value === null || value === undefined) return { name, value: value === null ? 'none' : '', type: '' };
  if (Array.isArray(value)) return { name, value: `[${value.length}]`, type: 'list', children: value.map((v, i) => plainRow(rowName(v, i), v)) };
  if (typeof value === 'object') return { name, value: recordPreview(value), type: 'record', children: plainRows(value) };
  return { name, value: typeof value === 'string' ? value : String(value), type: typeof value };
}

// `{soft = 1024, hard = none}`: the record's plain fields, as a struct's preview reads.
function recordPreview(record: object): string {
  const fields = Object.entries(record).filter(([, v]) => v === null || typeof v !== 'object');
  const text = fields.map(([k, v]) => `${k} = ${v === null ? 'none' : String(v)}`).join(', ');
  return text.length > 0 && text.length <= 100 ? `{${text}}` : '{...}';
}

// A list of records reads better by a field that names each item (rlimits: "NOFILE").
function rowName(item: unknown, index: number): string {
  if (item && typeof item === 'object' && 'resource' in item) return String((item as { resource: unknown }).resource);
  return `[${index}]`;
}

export function threadRows(ctx: ValueContext): PlainRow[] {
  const thread: ThreadView | undefined = processView(ctx)?.threads.find((t) => t.tid === ctx.frame.tid);
  if (!thread) return [{ name: 'thread', value: `tid ${ctx.frame.tid} is gone`, type: '' }];
  const { regs: _regs, pc: _pc, ...rest } = thread;
  void _regs;
  void _pc;
  return plainRows({ ...rest, hart: thread.hart < 0 ? 'none' : `cpu${thread.hart}` });
}

export function processRows(ctx: ValueContext): PlainRow[] {
  const p = processView(ctx);
  if (!p) return [{ name: 'process', value: `pid ${ctx.frame.pid} is gone`, type: '' }];
  const { threads, vmas, fds, exitStatus, ...rest } = p;
  return plainRows({
    ...rest,
    rootPpn: `0x${rest.rootPpn.toString(16)}`,
    exitStatus: exitStatus === null ? null : exitStatus.kind === 'exited' ? `exited ${exitStatus.code}` : `killed by signal ${exitStatus.signal}`,
    threads: threads.map((t) => `tid ${t.tid} ${t.state}`),
    memoryMappings: vmas.length,
    openFiles: fds.length,
  });
}
