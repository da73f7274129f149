// The DWARF expression evaluator (DWARF 5 §2.5–§2.6): a stack machine over address-sized
// unsigned values that turns a location expression into a Location — an address in memory, a
// register, a computed value, literal bytes, or pieces of those. It reads the stopped machine
// only through ExprMachine (registers by DWARF number, memory by address), and the frame base,
// CFA and .debug_addr through callbacks, so the same evaluator serves every frame of every
// process. Operations clang emits only for optimised code (entry values, typed stack) throw a
// clear EvalError rather than guessing.

import { DwarfError } from './cursor';
import { DW_OP, decodeExpression, opName, type ExprOp } from './expr';

/** An expression that cannot be evaluated against this machine state (or uses an unsupported operation). */
export class EvalError extends DwarfError {}

/** The stopped machine, as a location expression sees it. */
export interface ExprMachine {
  /** A register by DWARF number: 0–31 are x0–x31 (x8 = s0/fp, x2 = sp); 32–63 f0–f31. */
  readRegister(dwarfRegister: number): number;
  /** `size` bytes at a virtual address of the stopped process, or undefined if unmapped. */
  readMemory(address: number, size: number): Uint8Array | undefined;
}

export interface EvalContext {
  readonly machine: ExprMachine;
  readonly addressSize: number;
  /** The enclosing function's frame base (DW_AT_frame_base evaluated), for DW_OP_fbreg. */
  frameBase?(): number;
  /** The canonical frame address of the frame, for DW_OP_call_frame_cfa. */
  cfa?(): number;
  /** Entry `index` of the unit's .debug_addr table, for DW_OP_addrx / DW_OP_constx. */
  addressAt?(index: number): number;
  /** Initial stack contents (e.g. the address of the enclosing object for member locations). */
  readonly initialStack?: readonly number[];
}

export type Location =
  /** The object is in memory at `address`. */
  | { readonly kind: 'memory'; readonly address: number }
  /** The object is in a register (DWARF number). */
  | { readonly kind: 'register'; readonly register: number }
  /** The object has no storage; this is its value (DW_OP_stack_value). */
  | { readonly kind: 'value'; readonly value: number }
  /** The object has no storage; these are its bytes (DW_OP_implicit_value). */
  | { readonly kind: 'implicit'; readonly bytes: Uint8Array }
  /** The object is split over several locations (DW_OP_piece / DW_OP_bit_piece). */
  | { readonly kind: 'pieces'; readonly pieces: readonly LocationPiece[] }
  /** An empty expression: the object exists in the source but not in the program here ("optimized out"). */
  | { readonly kind: 'unavailable' };

export interface LocationPiece {
  readonly location: Location;
  readonly sizeBits: number;
  readonly offsetBits: number;
}

/** A bound on operations executed, so a looping DW_OP_skip/bra cannot hang the debugger. */
const maxSteps = 10_000;

/** Evaluates a location description expression. */
export function evaluateLocation(expr: Uint8Array, ctx: EvalContext): Location {
  const ops = decodeExpression(expr, ctx.addressSize);
  if (ops.length === 0) return { kind: 'unavailable' };
  return new Machine(ops, ctx).run();
}

/** Evaluates a DWARF expression whose result is a value (DW_AT_frame_base's value, a bound, a member offset). */
export function evaluateValue(expr: Uint8Array, ctx: EvalContext): number {
  const loc = evaluateLocation(expr, ctx);
  switch (loc.kind) {
    case 'memory':
      return loc.address;
    case 'value':
      return loc.value;
    case 'register':
      // A register location used as a value (frame bases: "DW_OP_reg8") means the register's contents.
      return ctx.machine.readRegister(loc.register);
    default:
      throw new EvalError(`expression yields a ${loc.kind} location, not a value`);
  }
}

/**
 * The fixed address of a variable whose location is a lone DW_OP_addr / DW_OP_addrx (globals
 * and static locals), without needing a running machine; undefined for any other expression.
 */
export function staticAddress(expr: Uint8Array, addressSize: number, addressAt: (index: number) => number): number | undefined {
  let ops: ExprOp[];
  try {
    ops = decodeExpression(expr, addressSize);
  } catch {
    return undefined;
  }
  if (ops.length !== 1) return undefined;
  const [op] = ops;
  if (op.opcode === DW_OP.addr) return Number(op.operands[0]);
  if (op.opcode === DW_OP.addrx) return addressAt(Number(op.operands[0]));
  return undefined;
}

class Machine {
  private readonly stack: bigint[];
  private readonly mask: bigint;
  private readonly bits: bigint;
  private pending: Location | undefined;
  private readonly pieces: LocationPiece[] = [];

  constructor(
    private readonly ops: readonly ExprOp[],
    private readonly ctx: EvalContext,
  ) {
    this.bits = BigInt(ctx.addressSize * 8);
    this.mask = (1n << this.bits) - 1n;
    this.stack = (ctx.initialStack ?? []).map((v) => BigInt(v) & this.mask);
  }

  run(): Location {
    const byOffset = new Map(this.ops.map((op, i) => [op.offset, i]));
    let i = 0;
    for (let steps = 0; i < this.ops.length; steps++) {
      if (steps >= maxSteps) throw new EvalError(`expression did not finish within ${maxSteps} operations`);
      const op = this.ops[i];
      const jump = this.step(op);
      if (jump === undefined) {
        i++;
        continue;
      }
      const to = op.end + jump;
      const target = byOffset.get(to) ?? (to === this.ops[this.ops.length - 1].end ? this.ops.length : undefined);
      if (target === undefined) throw new EvalError(`${opName(op.opcode)} jumps to offset ${to}, which is not an operation`);
      i = target;
    }
    if (this.pieces.length > 0) {
      if (this.pending || this.stack.length > 0) throw new EvalError('expression has a location after its last piece');
      return { kind: 'pieces', pieces: this.pieces };
    }
    return this.finish();
  }

  /** The location the operations so far describe. */
  private finish(): Location {
    if (this.pending) return this.pending;
    if (this.stack.length === 0) return { kind: 'unavailable' };
    return { kind: 'memory', address: Number(this.top()) };
  }

  private push(v: bigint): void {
    if (this.stack.length > 1000) throw new EvalError('expression stack overflow');
    this.stack.push(v & this.mask);
  }

  private pop(op: ExprOp): bigint {
    const v = this.stack.pop();
    if (v === undefined) throw new EvalError(`${opName(op.opcode)} on an empty stack`);
    return v;
  }

  private top(): bigint {
    return this.stack[this.stack.length - 1];
  }

  private signed(v: bigint): bigint {
    return BigInt.asIntN(Number(this.bits), v);
  }

  private read(address: bigint, size: number, op: ExprOp): bigint {
    if (size < 1 || size > 8) throw new EvalError(`${opName(op.opcode)} of ${size} bytes`);
    const bytes = this.ctx.machine.readMemory(Number(address), size);
    if (!bytes || bytes.length < size) throw new EvalError(`memory at 0x${address.toString(16)} is not readable`);
    let v = 0n;
    for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]);
    return v;
  }

  private register(n: number | bigint): bigint {
    return BigInt(this.ctx.machine.readRegister(Number(n)) >>> 0);
  }

  /** Executes one operation; returns a branch displacement when it jumps. */
  private step(op: ExprOp): number | undefined {
    const code = op.opcode;
    const [a, b] = op.operands.map((v) => BigInt(v));
    if (this.pending && code !== DW_OP.piece && code !== DW_OP.bit_piece) {
      throw new EvalError(`${opName(code)} after a register, implicit or stack-value location`);
    }
    if (code >= DW_OP.lit0 && code < DW_OP.lit0 + 32) return void this.push(BigInt(code - DW_OP.lit0));
    if (code >= DW_OP.reg0 && code < DW_OP.reg0 + 32) return void (this.pending = { kind: 'register', register: code - DW_OP.reg0 });
    if (code >= DW_OP.breg0 && code < DW_OP.breg0 + 32) return void this.push(this.register(code - DW_OP.breg0) + a);
    switch (code) {
      case DW_OP.addr:
      case DW_OP.const1u:
      case DW_OP.const1s:
      case DW_OP.const2u:
      case DW_OP.const2s:
      case DW_OP.const4u:
      case DW_OP.const4s:
      case DW_OP.const8u:
      case DW_OP.const8s:
      case DW_OP.constu:
      case DW_OP.consts:
        return void this.push(a);
      case DW_OP.addrx:
      case DW_OP.constx:
        if (!this.ctx.addressAt) throw new EvalError(`${opName(code)} without a .debug_addr table`);
        return void this.push(BigInt(this.ctx.addressAt(Number(a))));
      case DW_OP.regx:
        return void (this.pending = { kind: 'register', register: Number(a) });
      case DW_OP.bregx:
        return void this.push(this.register(a) + b);
      case DW_OP.fbreg:
        if (!this.ctx.frameBase) throw new EvalError('DW_OP_fbreg outside a function with a frame base');
        return void this.push(BigInt(this.ctx.frameBase() >>> 0) + a);
      case DW_OP.call_frame_cfa:
        if (!this.ctx.cfa) throw new EvalError('DW_OP_call_frame_cfa without call frame information');
        return void this.push(BigInt(this.ctx.cfa() >>> 0));
      case DW_OP.dup:
        return void this.push(this.peek(op, 0));
      case DW_OP.drop:
        return void this.pop(op);
      case DW_OP.over:
        return void this.push(this.peek(op, 1));
      case DW_OP.pick:
        return void this.push(this.peek(op, Number(a)));
      case DW_OP.swap: {
        const x = this.pop(op);
        const y = this.pop(op);
        this.push(x);
        return void this.push(y);
      }
      case DW_OP.rot: {
        const x = this.pop(op);
        const y = this.pop(op);
        const z = this.pop(op);
        this.push(x);
        this.push(z);
        return void this.push(y);
      }
      case DW_OP.deref:
        return void this.push(this.read(this.pop(op), this.ctx.addressSize, op));
      case DW_OP.deref_size:
        return void this.push(this.read(this.pop(op), Number(a), op));
      case DW_OP.plus_uconst:
        return void this.push(this.pop(op) + a);
      case DW_OP.abs: {
        const v = this.signed(this.pop(op));
        return void this.push(v < 0n ? -v : v);
      }
      case DW_OP.neg:
        return void this.push(-this.pop(op));
      case DW_OP.not:
        return void this.push(~this.pop(op));
      case DW_OP.nop:
        return undefined;
      case DW_OP.skip:
        return Number(a);
      case DW_OP.bra:
        return this.pop(op) !== 0n ? Number(a) : undefined;
      case DW_OP.stack_value:
        return void (this.pending = { kind: 'value', value: Number(this.pop(op)) });
      case DW_OP.implicit_value:
        return void (this.pending = { kind: 'implicit', bytes: op.block ?? new Uint8Array(0) });
      case DW_OP.piece:
        return void this.piece(Number(a) * 8, 0);
      case DW_OP.bit_piece:
        return void this.piece(Number(a), Number(b));
      default:
        if (binary.has(code)) {
          const y = this.pop(op);
          const x = this.pop(op);
          return void this.push(this.binary(code, x, y));
        }
        throw new EvalError(`${opName(code)} is not supported by oslab's expression evaluator`);
    }
  }

  private peek(op: ExprOp, depth: number): bigint {
    if (depth >= this.stack.length) throw new EvalError(`${opName(op.opcode)} reaches below the stack`);
    return this.stack[this.stack.length - 1 - depth];
  }

  private piece(sizeBits: number, offsetBits: number): void {
    const location = this.pending ?? (this.stack.length > 0 ? { kind: 'memory' as const, address: Number(this.stack.pop()) } : { kind: 'unavailable' as const });
    this.pieces.push({ location, sizeBits, offsetBits });
    this.pending = undefined;
  }

  private binary(code: number, x: bigint, y: bigint): bigint {
    const sx = this.signed(x);
    const sy = this.signed(y);
    switch (code) {
      case DW_OP.and:
        return x & y;
      case DW_OP.or:
        return x | y;
      case DW_OP.xor:
        return x ^ y;
      case DW_OP.plus:
        return x + y;
      case DW_OP.minus:
        return x - y;
      case DW_OP.mul:
        return x * y;
      case DW_OP.div:
        if (sy === 0n) throw new EvalError('DW_OP_div by zero');
        return sx / sy;
      case DW_OP.mod:
        if (y === 0n) throw new EvalError('DW_OP_mod by zero');
        return x % y;
      case DW_OP.shl:
        return y >= this.bits ? 0n : x << y;
      case DW_OP.shr:
        return y >= this.bits ? 0n : x >> y;
      case DW_OP.shra:
        return sx >> (y >= this.bits ? this.bits - 1n : y);
      case DW_OP.eq:
        return sx === sy ? 1n : 0n;
      case DW_OP.ne:
        return sx !== sy ? 1n : 0n;
      case DW_OP.lt:
        return sx < sy ? 1n : 0n;
      case DW_OP.le:
        return sx <= sy ? 1n : 0n;
      case DW_OP.gt:
        return sx > sy ? 1n : 0n;
      default:
        return sx >= sy ? 1n : 0n; // DW_OP.ge
    }
  }
}

const binary: ReadonlySet<number> = new Set([
  DW_OP.and,
  DW_OP.or,
  DW_OP.xor,
  DW_OP.plus,
  DW_OP.minus,
  DW_OP.mul,
  DW_OP.div,
  DW_OP.mod,
  DW_OP.shl,
  DW_OP.shr,
  DW_OP.shra,
  DW_OP.eq,
  DW_OP.ne,
  DW_OP.lt,
  DW_OP.le,
  DW_OP.gt,
  DW_OP.ge,
]);
