// A C object in a stopped frame: its type and where its bits are (memory, a bit-field in
// memory, a register of the frame, or bytes computed by an expression). Reading and writing go
// through here so that Variables, Watch, setVariable and data breakpoints agree on every byte.

import { isSigned, type CType, type DebugInfo, type Frame, type Location } from '../../sim/toolchain/dwarf';
import { ValueError, type ValueContext } from './api';
import { isPointer, sizeOf, wrap } from './ctypes';

export type Place =
  | { readonly kind: 'memory'; readonly address: number; readonly bitOffset?: number; readonly bitSize?: number }
  | { readonly kind: 'register'; readonly register: number }
  /** An rvalue: bytes an expression computed, little-endian, exactly the type's size. */
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  | { readonly kind: 'unavailable'; readonly why: string };

export interface CObject {
  readonly type: CType;
  readonly place: Place;
  /** The C expression that denotes it, when there is one (for Watch and data breakpoints). */
  readonly expression?: string;
}

/** The pc to look the frame's scopes up at: a caller frame's pc is its return address, after the call. */
export function lookupPc(ctx: ValueContext): number {
  return ctx.frame.depth > 0 ? ctx.frame.pc - 1 : ctx.frame.pc;
}

/** The frame as DWARF location expressions read it. */
export function dwarfFrame(ctx: ValueContext): Frame {
  const { frame } = ctx;
  return {
    pc: lookupPc(ctx),
    readRegister: (r) => registerValue(ctx, r),
    readMemory: (a, n) => readProcessMemory(ctx, a, n) ?? undefined,
    cfa: frame.cfa === undefined ? undefined : () => frame.cfa!,
  };
}

/**
 * The thread's own register file, for the innermost frame only (a caller's registers are
 * unwound copies): the hart's while the thread is on one, else the saved ones. Writes to it are
 * what the thread runs on with.
 */
function liveRegisters(ctx: ValueContext): Int32Array | null {
  if (ctx.frame.depth !== 0) return null;
  const thread = ctx.machine.process(ctx.frame.pid)?.threads.find((t) => t.tid === ctx.frame.tid);
  if (!thread) return null;
  return thread.hart >= 0 ? ctx.machine.harts[thread.hart].regs : thread.regs;
}

/** Register x`r` of the frame, unsigned. */
export function registerValue(ctx: ValueContext, r: number): number {
  if (r === 0) return 0;
  const live = liveRegisters(ctx);
  return ((live ? live[r] : ctx.frame.regs[r]) ?? 0) >>> 0;
}

export function readProcessMemory(ctx: ValueContext, address: number, length: number): Uint8Array | null {
  try {
    return ctx.machine.readMemory(ctx.frame.pid, address >>> 0, length);
  } catch {
    return null; // the process is gone
  }
}

/** Where a DWARF location puts an object of this type. */
export function placeOf(loc: Location, type: CType): Place {
  switch (loc.kind) {
    case 'memory':
      return { kind: 'memory', address: loc.address >>> 0 };
    case 'register':
      return { kind: 'register', register: loc.register };
    case 'value': {
      const bytes = new Uint8Array(type.size ?? 4);
      let v = BigInt(loc.value);
      for (let i = 0; i < bytes.length; i++, v >>= 8n) bytes[i] = Number(v & 0xffn);
      return { kind: 'bytes', bytes };
    }
    case 'implicit':
      return { kind: 'bytes', bytes: loc.bytes };
    case 'pieces':
      return { kind: 'unavailable', why: '<split over registers>' };
    case 'unavailable':
      return { kind: 'unavailable', why: '<optimized out>' };
  }
}

/** The object's bytes (the whole bytes holding a bit-field), or null when its memory is unreadable. */
export function readBytes(ctx: ValueContext, obj: CObject, size = sizeOf(obj.type)): Uint8Array | null {
  const p = obj.place;
  switch (p.kind) {
    case 'memory':
      return readProcessMemory(ctx, p.address, p.bitSize === undefined ? size : Math.ceil(((p.bitOffset ?? 0) + p.bitSize) / 8));
    case 'register': {
      const out = new Uint8Array(size);
      new DataView(out.buffer).setUint32(0, registerValue(ctx, p.register), true);
      return out;
    }
    case 'bytes':
      return p.bytes;
    case 'unavailable':
      return null;
  }
}

function littleEndian(bytes: Uint8Array): bigint {
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]);
  return v;
}

/** The value of an integer, enum, bool or pointer object as a BigInt (signed types sign-extended). */
export function readScalar(ctx: ValueContext, obj: CObject): bigint {
  const bytes = readBytes(ctx, obj);
  if (!bytes) throw unreadable(obj);
  return scalarFromBytes(bytes, obj);
}

export function scalarFromBytes(bytes: Uint8Array, obj: CObject): bigint {
  const p = obj.place;
  if (p.kind === 'memory' && p.bitSize !== undefined) {
    const raw = BigInt.asUintN(p.bitSize, littleEndian(bytes) >> BigInt(p.bitOffset ?? 0));
    return isSigned(obj.type) && !isPointer(obj.type) ? BigInt.asIntN(p.bitSize, raw) : raw;
  }
  return wrap(littleEndian(bytes.subarray(0, sizeOf(obj.type))), obj.type);
}

export function unreadable(obj: CObject): ValueError {
  const p = obj.place;
  if (p.kind === 'memory') return new ValueError(`cannot read memory at 0x${p.address.toString(16)}`);
  if (p.kind === 'unavailable') return new ValueError(`${obj.expression ?? 'value'} is ${p.why}`);
  return new ValueError(`cannot read ${obj.expression ?? 'value'}`);
}

/** Stores an integer into a scalar object (a bit-field keeps its neighbours), in the process's memory. */
export function writeScalar(ctx: ValueContext, obj: CObject, value: bigint): void {
  const p = obj.place;
  if (p.kind === 'register') return writeRegister(ctx, obj, p.register, value);
  if (p.kind !== 'memory') throw new ValueError(`${obj.expression ?? 'this value'} is not an object in memory and cannot be assigned`);
  const size = sizeOf(obj.type);
  let bytes: Uint8Array;
  if (p.bitSize !== undefined) {
    const old = readBytes(ctx, obj);
    if (!old) throw unreadable(obj);
    const shift = BigInt(p.bitOffset ?? 0);
    const mask = ((1n << BigInt(p.bitSize)) - 1n) << shift;
    const word = (littleEndian(old) & ~mask) | ((BigInt.asUintN(p.bitSize, value) << shift) & mask);
    bytes = toBytes(word, old.length);
  } else {
    bytes = toBytes(wrap(value, obj.type), size);
  }
  if (!ctx.machine.writeMemory(ctx.frame.pid, p.address, bytes)) throw new ValueError(`cannot write memory at 0x${p.address.toString(16)}`);
}

// Only the innermost frame's registers are the thread's; a caller's are reconstructions.
function writeRegister(ctx: ValueContext, obj: CObject, register: number, value: bigint): void {
  const name = obj.expression ?? `x${register}`;
  if (register === 0) throw new ValueError('x0 (zero) is always 0');
  const live = liveRegisters(ctx);
  if (!live) throw new ValueError(`${name} is in a register of a caller's frame; select the innermost frame to change registers`);
  if (sizeOf(obj.type) > 4) throw new ValueError(`${name} is split over registers; assigning to it is not supported`);
  live[register] = Number(BigInt.asIntN(32, wrap(value, obj.type)));
}

export function toBytes(value: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let v = BigInt.asUintN(size * 8, value);
  for (let i = 0; i < size; i++, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

/** An rvalue of a scalar type. */
export function scalarObject(type: CType, value: bigint, expression?: string): CObject {
  return { type, place: { kind: 'bytes', bytes: toBytes(wrap(value, type), sizeOf(type)) }, expression };
}

/** The member, element or pointee of an object: same kind of place, further along. */
export function offsetPlace(place: Place, offset: number, bits?: { bitOffset: number; bitSize: number }): Place {
  switch (place.kind) {
    case 'memory':
      return { kind: 'memory', address: (place.address + offset) >>> 0, ...(bits ?? {}) };
    case 'bytes': {
      if (bits) {
        const v = BigInt.asUintN(bits.bitSize, littleEndian(place.bytes.subarray(offset)) >> BigInt(bits.bitOffset));
        return { kind: 'bytes', bytes: toBytes(v, 8) };
      }
      return { kind: 'bytes', bytes: place.bytes.subarray(offset) };
    }
    case 'register':
      return offset === 0 ? place : { kind: 'unavailable', why: '<part of a register>' };
    case 'unavailable':
      return place;
  }
}

/** The address of an object in memory, or a ValueError saying why it has none. */
export function addressOf(obj: CObject): number {
  const p = obj.place;
  if (p.kind !== 'memory') throw new ValueError(`${obj.expression ?? 'this value'} has no address`);
  if (p.bitSize !== undefined) throw new ValueError(`cannot take the address of bit-field ${obj.expression ?? ''}`.trimEnd());
  return p.address;
}

/** The object a variable of the frame (or a global) denotes. */
export function variableObject(ctx: ValueContext, debug: DebugInfo, v: { name: string; type: CType; address: number | undefined } & Parameters<DebugInfo['locate']>[0]): CObject {
  if (v.address !== undefined) return { type: v.type, place: { kind: 'memory', address: v.address >>> 0 }, expression: v.name };
  try {
    return { type: v.type, place: placeOf(debug.locate(v, dwarfFrame(ctx)), v.type), expression: v.name };
  } catch (e) {
    return { type: v.type, place: { kind: 'unavailable', why: `<${e instanceof Error ? e.message : String(e)}>` }, expression: v.name };
  }
}
