// The user's breakpoints as the debugger keeps them: line breakpoints (moved to the next line
// with code, one address per piece of the line), function breakpoints (after the prologue, so
// arguments are readable), instruction breakpoints, with hit counts and log messages. Protocol
// free: the session translates DAP's arguments in and out; the runtime installs the addresses.

import type { Program } from './program';

export type BreakpointKind = 'line' | 'function' | 'instruction';

export interface UserBreakpoint {
  readonly id: number;
  readonly kind: BreakpointKind;
  readonly addresses: readonly number[];
  readonly verified: boolean;
  /** Why it is not verified. */
  readonly message?: string;
  /** Where it landed (line breakpoints: possibly below the line asked for). */
  readonly line?: number;
  /** A C expression: the breakpoint stops only where it is non-zero (evaluated by the values layer). */
  readonly condition?: string;
  readonly hitCondition?: string;
  readonly logMessage?: string;
  hits: number;
}

export interface BreakpointRequest {
  readonly condition?: string;
  readonly hitCondition?: string;
  readonly logMessage?: string;
}

export class BreakpointTable {
  private nextId = 1;
  private readonly bySource = new Map<string, UserBreakpoint[]>();
  private functionBreakpoints: UserBreakpoint[] = [];
  private instructionBreakpoints: UserBreakpoint[] = [];

  setLineBreakpoints(program: Program, path: string, requests: readonly (BreakpointRequest & { line: number })[]): UserBreakpoint[] {
    const lines = program.debug?.lines;
    const set = requests.map((r): UserBreakpoint => {
      const line = lines?.nearestLineWithCode(path, r.line);
      const addresses = line === undefined ? [] : (program.debug?.addressesForLine(path, line) ?? []);
      if (line === undefined || addresses.length === 0) return this.make('line', [], r, { message: lines ? 'no code on or after this line' : 'the program has no debug information (-g)', line: r.line });
      return this.make('line', addresses, r, { line });
    });
    this.bySource.set(path, set);
    return set;
  }

  setFunctionBreakpoints(program: Program, requests: readonly (BreakpointRequest & { name: string })[]): UserBreakpoint[] {
    this.functionBreakpoints = requests.map((r) => {
      const address = functionBodyAddress(program, r.name);
      return address === undefined ? this.make('function', [], r, { message: `no function named '${r.name}'` }) : this.make('function', [address], r, {});
    });
    return this.functionBreakpoints;
  }

  setInstructionBreakpoints(requests: readonly (BreakpointRequest & { address: number })[]): UserBreakpoint[] {
    this.instructionBreakpoints = requests.map((r) => (r.address % 4 === 0 ? this.make('instruction', [r.address >>> 0], r, {}) : this.make('instruction', [], r, { message: 'instructions are 4-byte aligned' })));
    return this.instructionBreakpoints;
  }

  /** Every address a breakpoint is on. */
  addresses(): Set<number> {
    const out = new Set<number>();
    for (const bp of this.all()) for (const a of bp.addresses) out.add(a);
    return out;
  }

  at(pc: number): UserBreakpoint[] {
    return this.all().filter((bp) => bp.addresses.includes(pc));
  }

  /** Counts a hit; whether the hit condition lets it stop (a bare N means the Nth hit and after). */
  hit(bp: UserBreakpoint): boolean {
    bp.hits++;
    const cond = bp.hitCondition?.trim();
    if (!cond) return true;
    const match = /^(>=|<=|==|=|>|<|%)?\s*(\d+)$/.exec(cond);
    if (!match) return true;
    const n = Number(match[2]);
    switch (match[1] ?? '>=') {
      case '>=':
        return bp.hits >= n;
      case '<=':
        return bp.hits <= n;
      case '>':
        return bp.hits > n;
      case '<':
        return bp.hits < n;
      case '%':
        return n > 0 && bp.hits % n === 0;
      default:
        return bp.hits === n;
    }
  }

  private all(): UserBreakpoint[] {
    return [...[...this.bySource.values()].flat(), ...this.functionBreakpoints, ...this.instructionBreakpoints];
  }

  private make(kind: BreakpointKind, addresses: number[], r: BreakpointRequest, extra: { message?: string; line?: number }): UserBreakpoint {
    return { id: this.nextId++, kind, addresses, verified: addresses.length > 0, condition: r.condition, hitCondition: r.hitCondition, logMessage: r.logMessage, hits: 0, ...extra };
  }
}

/** A valid hit-count condition: N, ==N, >=N, >N, <N, <=N or %N. */
export function isHitCondition(text: string): boolean {
  return /^(>=|<=|==|=|>|<|%)?\s*\d+$/.test(text.trim());
}

/**
 * Where a named function's body starts (see bodyStart). Found through the ELF symbol first, so
 * only the DWARF unit holding it is decoded (decoding every unit of libc takes a while).
 */
export function functionBodyAddress(program: Program, name: string): number | undefined {
  const symbol = program.symbols.named(name);
  if (symbol) return bodyStart(program, symbol.address);
  const fn = program.debug?.functionsNamed(name)[0];
  return fn ? bodyStart(program, fn.low) : undefined;
}

/**
 * The first statement after the prologue of the function starting at `entry`: its line-table
 * row marked prologue_end, else the first row of another line (where gdb places `break f`).
 */
export function bodyStart(program: Program, entry: number): number {
  const debug = program.debug;
  const fn = debug?.functionAt(entry);
  if (!debug || !fn) return entry;
  for (let a = entry; a < fn.high && a < entry + 256; a += 4) {
    const row = debug.lineForAddress(a);
    if (row && row.address === a && row.prologueEnd) return a;
  }
  const range = debug.lineRangeAt(entry);
  return range && range.high < fn.high ? range.high : entry;
}
