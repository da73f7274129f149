// The contract between the debug session (debug/session.ts) and the values layer (this folder):
// what a stopped frame is, and the DAP-shaped but protocol-free nodes the Variables view, Watch,
// hover and the Debug Console show. The values layer knows the machine and DWARF, never DAP.

import type { DebugInfo } from '../../sim/toolchain/dwarf';
import type { Machine } from '../../sim/machine';

/** One frame of a stopped thread, as the stack unwinder found it. */
export interface StoppedFrame {
  readonly pid: number;
  readonly tid: number;
  /** 0 for the innermost frame. */
  readonly depth: number;
  readonly pc: number;
  /** x0..x31 as unsigned numbers, as unwound for this frame (callee-saved ones restored). */
  readonly regs: readonly number[];
  /** The frame's canonical frame address (s0 of the frame, as oslab cc keeps it), if known. */
  readonly cfa?: number;
  /** The program's DWARF, or null (no -g, or a libc frame without source). */
  readonly debug: DebugInfo | null;
}

/** A row in Variables/Watch/hover: exactly what DAP's Variable carries, without DAP. */
export interface ValueNode {
  readonly name: string;
  readonly value: string;
  /** C type as written ("struct point *", "int [10]"). */
  readonly type: string;
  /** > 0 when the node has children (struct members, array elements, the pointee). */
  readonly childrenRef: number;
  readonly namedChildren?: number;
  readonly indexedChildren?: number;
  /** An expression that evaluates to this node (for "Add to Watch", "Copy as Expression"). */
  readonly evaluateName?: string;
  /** Where its bytes are, for VS Code's memory view: see encodeMemoryReference. */
  readonly memoryReference?: string;
}

export interface ScopeNode {
  /** "Locals", "Arguments", "Globals", "Registers", "Thread", "Process". */
  readonly name: string;
  readonly childrenRef: number;
  readonly expensive: boolean;
}

/** What the session passes per request: the machine and the frame the request is about. */
export interface ValueContext {
  readonly machine: Machine;
  readonly frame: StoppedFrame;
}

/** The values of one stop. Child references are valid until `reset()` (called at every resume). */
export interface ValueStore {
  scopes(ctx: ValueContext): ScopeNode[];
  children(ref: number, range?: { start: number; count: number }): ValueNode[];
  /** Evaluates a C expression in the frame (Watch, hover, Debug Console, breakpoint conditions). */
  evaluate(ctx: ValueContext, expression: string): ValueNode;
  /**
   * A breakpoint condition's truth (C: non-zero), evaluated in the frame. Throws ValueError for
   * an expression that cannot be evaluated (a syntax error, an unknown name, unreadable memory).
   */
  condition(ctx: ValueContext, expression: string): boolean;
  /** Assigns `value` (a C expression) to child `name` of `ref`; returns the updated node. */
  setVariable(ref: number, name: string, value: string): ValueNode;
  /** The bytes a data breakpoint on child `name` of `ref` (or on an expression) would watch. */
  dataBreakpointInfo(ctx: ValueContext, refOrExpression: { ref: number; name: string } | { expression: string }): { address: number; size: number; description: string } | null;
  reset(): void;
}

/** A failure to show to the user as is (EvalError's message: "no variable 'x' in this frame"). */
export class ValueError extends Error {}

/** A memoryReference names the process as well as the address: "pid:0xADDR". */
export function encodeMemoryReference(pid: number, address: number): string {
  return `${pid}:0x${(address >>> 0).toString(16)}`;
}

export function decodeMemoryReference(reference: string): { pid: number; address: number } | null {
  const match = /^(\d+):0x([0-9a-f]+)$/i.exec(reference);
  return match ? { pid: Number(match[1]), address: parseInt(match[2], 16) >>> 0 } : null;
}
