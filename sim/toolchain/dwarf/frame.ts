// Call frame information from .debug_frame (DWARF 5 §6.4; CIE versions 1, 3 and 4): each FDE's
// instructions run into a table of rows — for each address, how to compute the canonical frame
// address (CFA) and where the caller's registers were saved — and unwind() uses the row at a pc
// to recover the caller's registers from a stopped frame. oslab's debugger can unwind by frame
// pointer at -O0; CFI also covers function entry (before s0 is set up) and code built without a
// frame pointer. clang 14 emits no epilogue CFI, so the last instructions of a function (after
// sp is restored) unwind wrongly with either method.

import { Cursor } from './cursor';
import { EvalError, evaluateLocation, evaluateValue, type ExprMachine } from './eval';

export type CfaRule = { readonly kind: 'register'; readonly register: number; readonly offset: number } | { readonly kind: 'expression'; readonly expr: Uint8Array };

/** Where the caller's value of a register is (DWARF 5 §6.4.1). */
export type RegisterRule =
  | { readonly kind: 'undefined' }
  | { readonly kind: 'sameValue' }
  /** Saved in memory at CFA + offset. */
  | { readonly kind: 'offset'; readonly offset: number }
  /** The value is CFA + offset. */
  | { readonly kind: 'valOffset'; readonly offset: number }
  | { readonly kind: 'register'; readonly register: number }
  | { readonly kind: 'expression'; readonly expr: Uint8Array }
  | { readonly kind: 'valExpression'; readonly expr: Uint8Array };

export interface UnwindRow {
  /** The row holds from this address to the next row's (or the FDE's end). */
  readonly address: number;
  readonly cfa: CfaRule;
  /** Rules by DWARF register number; registers without one keep their value (same value). */
  readonly registers: ReadonlyMap<number, RegisterRule>;
}

export interface FrameDescription {
  readonly low: number;
  readonly high: number;
  readonly returnAddressRegister: number;
  readonly rows: readonly UnwindRow[];
}

/** The caller's state recovered from a frame. */
export interface UnwoundFrame {
  /** The canonical frame address of the frame unwound (the caller's sp at the call). */
  readonly cfa: number;
  /** Where the frame returns to: the caller's pc. */
  readonly returnAddress: number;
  /** The caller's registers by DWARF number (x2 = the CFA); absent when undefined. */
  readonly registers: ReadonlyMap<number, number>;
}

interface Cie {
  readonly codeAlign: number;
  readonly dataAlign: number;
  readonly returnAddressRegister: number;
  readonly addressSize: number;
  readonly initial: Uint8Array;
}

/** Instruction lists are bounded by their bytes; this bounds the rows a corrupt one can make. */
const maxRows = 100_000;

export class CallFrameInfo {
  /** FDEs sorted by address. */
  readonly fdes: readonly FrameDescription[];

  constructor(section: Uint8Array, addressSize = 4) {
    const fdes: FrameDescription[] = [];
    const cies = new Map<number, Cie>();
    const c = new Cursor(section, '.debug_frame');
    while (!c.atEnd) {
      const start = c.offset;
      const length = c.initialLength('call frame entry');
      const entry = c.slice(length, 'call frame entry');
      const id = entry.u32();
      if (id === 0xffffffff) {
        cies.set(start, readCie(entry, addressSize));
        continue;
      }
      let cie = cies.get(id);
      if (!cie) {
        const at = c.offset;
        c.seek(id);
        const cieLength = c.initialLength('CIE');
        const cieEntry = c.slice(cieLength, 'CIE');
        if (cieEntry.u32() !== 0xffffffff) throw c.error(`FDE at 0x${start.toString(16)} points at 0x${id.toString(16)}, which is not a CIE`, id);
        cie = readCie(cieEntry, addressSize);
        cies.set(id, cie);
        c.seek(at);
      }
      const low = entry.address(cie.addressSize);
      const high = low + entry.address(cie.addressSize);
      const initial = runInstructions(new Cursor(cie.initial, '.debug_frame CIE instructions'), cie, low, undefined);
      const rows = runInstructions(entry, cie, low, initial[initial.length - 1]);
      fdes.push({ low, high, returnAddressRegister: cie.returnAddressRegister, rows });
    }
    this.fdes = fdes.filter((f) => f.high > f.low).sort((a, b) => a.low - b.low);
  }

  /** The FDE covering pc. */
  fdeAt(pc: number): FrameDescription | undefined {
    let lo = 0;
    let hi = this.fdes.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const f = this.fdes[mid];
      if (pc < f.low) hi = mid - 1;
      else if (pc >= f.high) lo = mid + 1;
      else return f;
    }
    return undefined;
  }

  /** The unwind row in effect at pc. */
  rowAt(pc: number): UnwindRow | undefined {
    const fde = this.fdeAt(pc);
    if (!fde) return undefined;
    let row: UnwindRow | undefined;
    for (const r of fde.rows) {
      if (r.address > pc) break;
      row = r;
    }
    return row;
  }

  /**
   * Recovers the caller of a stopped frame (registers as unwound so far, memory of its process);
   * undefined where no FDE covers pc (hand-written assembly such as _start).
   */
  unwind(frame: ExprMachine & { readonly pc: number }, addressSize = 4): UnwoundFrame | undefined {
    const fde = this.fdeAt(frame.pc);
    const row = fde && this.rowAt(frame.pc);
    if (!fde || !row) return undefined;
    const ctx = { machine: frame, addressSize };
    const cfa = cfaOf(row, frame, addressSize);
    const word = (address: number): number => {
      const b = frame.readMemory(address >>> 0, addressSize);
      if (!b || b.length < 4) throw new EvalError(`saved register at 0x${(address >>> 0).toString(16)} is not readable`);
      return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
    };
    const registers = new Map<number, number>();
    for (let r = 0; r < 32; r++) registers.set(r, frame.readRegister(r) >>> 0);
    registers.set(2, cfa);
    for (const [reg, rule] of row.registers) {
      switch (rule.kind) {
        case 'undefined':
          registers.delete(reg);
          break;
        case 'sameValue':
          break;
        case 'offset':
          registers.set(reg, word(cfa + rule.offset));
          break;
        case 'valOffset':
          registers.set(reg, (cfa + rule.offset) >>> 0);
          break;
        case 'register':
          registers.set(reg, frame.readRegister(rule.register) >>> 0);
          break;
        case 'expression': {
          const loc = evaluateLocation(rule.expr, { ...ctx, initialStack: [cfa] });
          if (loc.kind !== 'memory') throw new EvalError(`register ${reg}'s rule yields a ${loc.kind} location`);
          registers.set(reg, word(loc.address));
          break;
        }
        case 'valExpression':
          registers.set(reg, evaluateValue(rule.expr, { ...ctx, initialStack: [cfa] }) >>> 0);
          break;
      }
    }
    const returnAddress = registers.get(fde.returnAddressRegister);
    if (returnAddress === undefined) return undefined; // the outermost frame
    return { cfa, returnAddress, registers };
  }
}

/** The CFA a row gives in a frame. */
export function cfaOf(row: UnwindRow, frame: ExprMachine, addressSize = 4): number {
  return row.cfa.kind === 'register' ? (frame.readRegister(row.cfa.register) + row.cfa.offset) >>> 0 : evaluateValue(row.cfa.expr, { machine: frame, addressSize });
}

// DWARF 5 §6.4.1: CIE fields after the CIE id.
function readCie(c: Cursor, defaultAddressSize: number): Cie {
  const version = c.u8();
  if (version !== 1 && version !== 3 && version !== 4) throw c.error(`CIE has version ${version}; oslab reads 1, 3 and 4`);
  const augmentation = c.cstring();
  if (augmentation !== '') throw c.error(`CIE has augmentation "${augmentation}", which .debug_frame readers need not support`);
  let addressSize = defaultAddressSize;
  if (version >= 4) {
    addressSize = c.u8();
    if (c.u8() !== 0) throw c.error('CIE has segment selectors');
    if (addressSize !== 4 && addressSize !== 8) throw c.error(`CIE has address size ${addressSize}`);
  }
  const codeAlign = c.uleb();
  const dataAlign = c.sleb();
  const returnAddressRegister = version === 1 ? c.u8() : c.uleb();
  return { codeAlign, dataAlign, returnAddressRegister, addressSize, initial: c.bytesOf(c.remaining) };
}

// DWARF 5 §6.4.2: the call frame instructions. Returns one row per location the rules change at.
function runInstructions(c: Cursor, cie: Cie, start: number, initial: UnwindRow | undefined): UnwindRow[] {
  const rows: UnwindRow[] = [];
  let address = start;
  let cfa: CfaRule = initial?.cfa ?? { kind: 'register', register: 0, offset: 0 };
  let regs = new Map(initial?.registers ?? []);
  const stack: { cfa: CfaRule; regs: Map<number, RegisterRule> }[] = [];
  const advance = (delta: number): void => {
    rows.push({ address, cfa, registers: regs });
    if (rows.length > maxRows) throw c.error('call frame instructions make too many rows');
    address += delta * cie.codeAlign;
    regs = new Map(regs);
  };
  const restore = (reg: number): void => {
    const r = initial?.registers.get(reg);
    if (r) regs.set(reg, r);
    else regs.delete(reg);
  };
  const setCfa = (register: number, offset: number): void => {
    cfa = { kind: 'register', register, offset };
  };
  const cfaOffset = (offset: number): void => {
    if (cfa.kind !== 'register') throw c.error('CFA offset change while the CFA is an expression');
    setCfa(cfa.register, offset);
  };
  while (!c.atEnd) {
    const at = c.offset;
    const op = c.u8();
    const high = op & 0xc0;
    const low = op & 0x3f;
    if (high === 0x40) advance(low);
    else if (high === 0x80) regs.set(low, { kind: 'offset', offset: c.uleb() * cie.dataAlign });
    else if (high === 0xc0) restore(low);
    else {
      switch (op) {
        case 0x00: // nop
          break;
        case 0x01: {
          const to = c.address(cie.addressSize);
          rows.push({ address, cfa, registers: regs });
          address = to;
          regs = new Map(regs);
          break;
        }
        case 0x02:
          advance(c.u8());
          break;
        case 0x03:
          advance(c.u16());
          break;
        case 0x04:
          advance(c.u32());
          break;
        case 0x05:
          regs.set(c.uleb(), { kind: 'offset', offset: c.uleb() * cie.dataAlign });
          break;
        case 0x06:
          restore(c.uleb());
          break;
        case 0x07:
          regs.set(c.uleb(), { kind: 'undefined' });
          break;
        case 0x08:
          regs.set(c.uleb(), { kind: 'sameValue' });
          break;
        case 0x09:
          regs.set(c.uleb(), { kind: 'register', register: c.uleb() });
          break;
        case 0x0a:
          if (stack.length > 1000) throw c.error('DW_CFA_remember_state nested too deep', at);
          stack.push({ cfa, regs: new Map(regs) });
          break;
        case 0x0b: {
          const s = stack.pop();
          if (!s) throw c.error('DW_CFA_restore_state without a remembered state', at);
          cfa = s.cfa;
          regs = s.regs;
          break;
        }
        case 0x0c:
          setCfa(c.uleb(), c.uleb());
          break;
        case 0x0d:
          if (cfa.kind !== 'register') throw c.error('DW_CFA_def_cfa_register while the CFA is an expression', at);
          setCfa(c.uleb(), cfa.offset);
          break;
        case 0x0e:
          cfaOffset(c.uleb());
          break;
        case 0x0f:
          cfa = { kind: 'expression', expr: c.bytesOf(c.uleb()) };
          break;
        case 0x10:
          regs.set(c.uleb(), { kind: 'expression', expr: c.bytesOf(c.uleb()) });
          break;
        case 0x11:
          regs.set(c.uleb(), { kind: 'offset', offset: c.sleb() * cie.dataAlign });
          break;
        case 0x12:
          setCfa(c.uleb(), c.sleb() * cie.dataAlign);
          break;
        case 0x13:
          cfaOffset(c.sleb() * cie.dataAlign);
          break;
        case 0x14:
          regs.set(c.uleb(), { kind: 'valOffset', offset: c.uleb() * cie.dataAlign });
          break;
        case 0x15:
          regs.set(c.uleb(), { kind: 'valOffset', offset: c.sleb() * cie.dataAlign });
          break;
        case 0x16:
          regs.set(c.uleb(), { kind: 'valExpression', expr: c.bytesOf(c.uleb()) });
          break;
        case 0x2e: // DW_CFA_GNU_args_size
          c.uleb();
          break;
        default:
          throw c.error(`unknown call frame instruction 0x${op.toString(16)}`, at);
      }
    }
  }
  rows.push({ address, cfa, registers: regs });
  return rows;
}
