// The fast loop: runs one hart until it traps or `limit` cycles have passed. Instructions come
// pre-decoded from the per-frame cache and dispatch through one `switch`; the TLB hit path for
// loads and stores is inlined (compare way 0's key, add the entry's addend), and everything
// else is a call into the hart's slow paths. No hooks run here: tracing and single-stepping
// call this loop with a limit of one cycle (see `trace.ts`), and debugger breakpoints are a
// BREAKPOINT op patched into the decoded page. The load/store cases repeat their few lines of
// TLB lookup on purpose: a shared helper costs a call per access on the hottest path. That
// repetition is why this file runs past 500 lines; it holds one function and its helpers.

import { Op } from '../isa/opcodes';
import type { Hart } from './hart';
import { BREAKPOINT, EBREAK, ECALL, type Trap } from './trap';

const PAGE_MASK = ~0xfff;
const NO_CODE = new Int32Array(2048);

/**
 * Runs `hart` until a trap, or until the cycles it spends reach `limit` (at least one instruction
 * runs when `limit` ≥ 1). Returns the trap, or null when the limit was reached.
 */
export function execute(hart: Hart, limit: number): Trap | null {
  // Everything counted here stays in int32 so the JIT keeps it untagged in registers.
  limit = Math.min(limit, 0x3fffffff) | 0;
  const regs = hart.regs;
  const mem = hart.mem;
  const i8 = mem.i8;
  const u8 = mem.u8;
  const i16 = mem.i16;
  const u16 = mem.u16;
  const i32 = mem.i32;
  const tlb = hart.tlb;
  const rkey = tlb.rkey;
  const wkey = tlb.wkey;
  const tadd = tlb.add;
  const setMask = tlb.setMask;
  const wayShift = tlb.wayShift;
  const asidTag = hart.asidTag;
  const caches = hart.caches;
  const flat = hart.cost.l1;
  const decoded = hart.decoded;

  let pc = hart.pc | 0;
  let n = 0;
  let stall = 0;
  let hits = 0;
  const cached = hart.fetchTlbState === tlb.invalidations;
  let code = cached ? hart.fetchCode : NO_CODE;
  let codePage = cached ? hart.fetchPageVa : (pc ^ 0x1000) & PAGE_MASK;
  let codeHost = cached ? hart.fetchHost : 0;

  loop: while (((n + stall) | 0) < limit) {
    if ((pc & PAGE_MASK) !== codePage) {
      const host = hart.fetchPage(pc);
      stall = (stall + hart.slowCycles) | 0;
      hart.slowCycles = 0;
      if (host < 0) break;
      code = decoded.page(host);
      codePage = pc & PAGE_MASK;
      codeHost = host;
    }
    const slot = (pc & 0xffc) >>> 1;
    const w = code[slot];
    const rd = (w >>> 8) & 63;
    const rs1 = (w >>> 16) & 31;
    const rs2 = w >>> 24;
    n = (n + 1) | 0;
    switch (w & 0xff) {
      case Op.Undecoded:
        decoded.decodeSlot(code, slot, codeHost + (pc & 0xffc));
        n = (n - 1) | 0;
        continue;

      // ---- upper immediates and jumps ----
      case Op.LUI:
        regs[rd] = code[slot + 1];
        break;
      case Op.AUIPC:
        regs[rd] = (pc + code[slot + 1]) | 0;
        break;
      case Op.JAL: {
        const target = (pc + code[slot + 1]) | 0;
        if (target & 3) {
          hart.trap = { kind: 'instructionMisaligned', addr: target >>> 0 };
          n = (n - 1) | 0;
          break loop;
        }
        regs[rd] = (pc + 4) | 0;
        pc = target;
        continue;
      }
      case Op.JALR: {
        const target = (regs[rs1] + code[slot + 1]) & ~1;
        if (target & 3) {
          hart.trap = { kind: 'instructionMisaligned', addr: target >>> 0 };
          n = (n - 1) | 0;
          break loop;
        }
        regs[rd] = (pc + 4) | 0;
        pc = target;
        continue;
      }

      // ---- branches (not taken: fall through to pc + 4) ----
      case Op.BEQ: {
        if (regs[rs1] !== regs[rs2]) break;
        const target = (pc + code[slot + 1]) | 0;
        if (target & 3) {
          hart.trap = { kind: 'instructionMisaligned', addr: target >>> 0 };
          n = (n - 1) | 0;
          break loop;
        }
        pc = target;
        continue;
      }
      case Op.BNE: {
        if (regs[rs1] === regs[rs2]) break;
        const target = (pc + code[slot + 1]) | 0;
        if (target & 3) {
          hart.trap = { kind: 'instructionMisaligned', addr: target >>> 0 };
          n = (n - 1) | 0;
          break loop;
        }
        pc = target;
        continue;
      }
      case Op.BLT: {
        if (regs[rs1] >= regs[rs2]) break;
        const target = (pc + code[slot + 1]) | 0;
        if (target & 3) {
          hart.trap = { kind: 'instructionMisaligned', addr: target >>> 0 };
          n = (n - 1) | 0;
          break loop;
        }
        pc = target;
        continue;
      }
      case Op.BGE: {
        if (regs[rs1] < regs[rs2]) break;
        const target = (pc + code[slot + 1]) | 0;
        if (target & 3) {
          hart.trap = { kind: 'instructionMisaligned', addr: target >>> 0 };
          n = (n - 1) | 0;
          break loop;
        }
        pc = target;
        continue;
      }
      case Op.BLTU: {
        if (regs[rs1] >>> 0 >= regs[rs2] >>> 0) break;
        const target = (pc + code[slot + 1]) | 0;
        if (target & 3) {
          hart.trap = { kind: 'instructionMisaligned', addr: target >>> 0 };
          n = (n - 1) | 0;
          break loop;
        }
        pc = target;
        continue;
      }
      case Op.BGEU: {
        if (regs[rs1] >>> 0 < regs[rs2] >>> 0) break;
        const target = (pc + code[slot + 1]) | 0;
        if (target & 3) {
          hart.trap = { kind: 'instructionMisaligned', addr: target >>> 0 };
          n = (n - 1) | 0;
          break loop;
        }
        pc = target;
        continue;
      }

      // ---- loads ----
      case Op.LB: {
        const va = (regs[rs1] + code[slot + 1]) | 0;
        const vpn = va >>> 12;
        const s = (vpn & setMask) << wayShift;
        if (rkey[s] === (vpn | asidTag)) {
          const h = (va + tadd[s]) | 0;
          hits = (hits + 1) | 0;
          stall = (stall + (caches === null ? flat : caches.access(h, false))) | 0;
          regs[rd] = i8[h];
          pc = (pc + 4) | 0;
          continue;
        }
        const v = hart.load(va, 1, true);
        stall = (stall + hart.slowCycles) | 0;
        hart.slowCycles = 0;
        if (hart.fault) { n = (n - 1) | 0; break loop; }
        regs[rd] = v;
        pc = (pc + 4) | 0;
        if (hart.trap !== null) break loop;
        continue;
      }
      case Op.LBU: {
        const va = (regs[rs1] + code[slot + 1]) | 0;
        const vpn = va >>> 12;
        const s = (vpn & setMask) << wayShift;
        if (rkey[s] === (vpn | asidTag)) {
          const h = (va + tadd[s]) | 0;
          hits = (hits + 1) | 0;
          stall = (stall + (caches === null ? flat : caches.access(h, false))) | 0;
          regs[rd] = u8[h];
          pc = (pc + 4) | 0;
          continue;
        }
        const v = hart.load(va, 1, false);
        stall = (stall + hart.slowCycles) | 0;
        hart.slowCycles = 0;
        if (hart.fault) { n = (n - 1) | 0; break loop; }
        regs[rd] = v;
        pc = (pc + 4) | 0;
        if (hart.trap !== null) break loop;
        continue;
      }
      case Op.LH: {
        const va = (regs[rs1] + code[slot + 1]) | 0;
        const vpn = va >>> 12;
        const s = (vpn & setMask) << wayShift;
        if (rkey[s] === (vpn | asidTag) && (va & 1) === 0) {
          const h = (va + tadd[s]) | 0;
          hits = (hits + 1) | 0;
          stall = (stall + (caches === null ? flat : caches.access(h, false))) | 0;
          regs[rd] = i16[h >> 1];
          pc = (pc + 4) | 0;
          continue;
        }
        const v = hart.load(va, 2, true);
        stall = (stall + hart.slowCycles) | 0;
        hart.slowCycles = 0;
        if (hart.fault) { n = (n - 1) | 0; break loop; }
        regs[rd] = v;
        pc = (pc + 4) | 0;
        if (hart.trap !== null) break loop;
        continue;
      }
      case Op.LHU: {
        const va = (regs[rs1] + code[slot + 1]) | 0;
        const vpn = va >>> 12;
        const s = (vpn & setMask) << wayShift;
        if (rkey[s] === (vpn | asidTag) && (va & 1) === 0) {
          const h = (va + tadd[s]) | 0;
          hits = (hits + 1) | 0;
          stall = (stall + (caches === null ? flat : caches.access(h, false))) | 0;
          regs[rd] = u16[h >> 1];
          pc = (pc + 4) | 0;
          continue;
        }
        const v = hart.load(va, 2, false);
        stall = (stall + hart.slowCycles) | 0;
        hart.slowCycles = 0;
        if (hart.fault) { n = (n - 1) | 0; break loop; }
        regs[rd] = v;
        pc = (pc + 4) | 0;
        if (hart.trap !== null) break loop;
        continue;
      }
      case Op.LW: {
        const va = (regs[rs1] + code[slot + 1]) | 0;
        const vpn = va >>> 12;
        const s = (vpn & setMask) << wayShift;
        if (rkey[s] === (vpn | asidTag) && (va & 3) === 0) {
          const h = (va + tadd[s]) | 0;
          hits = (hits + 1) | 0;
          stall = (stall + (caches === null ? flat : caches.access(h, false))) | 0;
          regs[rd] = i32[h >> 2];
          pc = (pc + 4) | 0;
          continue;
        }
        const v = hart.load(va, 4, true);
        stall = (stall + hart.slowCycles) | 0;
        hart.slowCycles = 0;
        if (hart.fault) { n = (n - 1) | 0; break loop; }
        regs[rd] = v;
        pc = (pc + 4) | 0;
        if (hart.trap !== null) break loop;
        continue;
      }

      // ---- stores ----
      case Op.SB: {
        const va = (regs[rs1] + code[slot + 1]) | 0;
        const vpn = va >>> 12;
        const s = (vpn & setMask) << wayShift;
        if (wkey[s] === (vpn | asidTag)) {
          const h = (va + tadd[s]) | 0;
          hits = (hits + 1) | 0;
          stall = (stall + (caches === null ? flat : caches.access(h, true))) | 0;
          u8[h] = regs[rs2];
          pc = (pc + 4) | 0;
          continue;
        }
        hart.store(va, 1, regs[rs2]);
        stall = (stall + hart.slowCycles) | 0;
        hart.slowCycles = 0;
        if (hart.fault) { n = (n - 1) | 0; break loop; }
        pc = (pc + 4) | 0;
        if (hart.trap !== null) break loop;
        continue;
      }
      case Op.SH: {
        const va = (regs[rs1] + code[slot + 1]) | 0;
        const vpn = va >>> 12;
        const s = (vpn & setMask) << wayShift;
        if (wkey[s] === (vpn | asidTag) && (va & 1) === 0) {
          const h = (va + tadd[s]) | 0;
          hits = (hits + 1) | 0;
          stall = (stall + (caches === null ? flat : caches.access(h, true))) | 0;
          u16[h >> 1] = regs[rs2];
          pc = (pc + 4) | 0;
          continue;
        }
        hart.store(va, 2, regs[rs2]);
        stall = (stall + hart.slowCycles) | 0;
        hart.slowCycles = 0;
        if (hart.fault) { n = (n - 1) | 0; break loop; }
        pc = (pc + 4) | 0;
        if (hart.trap !== null) break loop;
        continue;
      }
      case Op.SW: {
        const va = (regs[rs1] + code[slot + 1]) | 0;
        const vpn = va >>> 12;
        const s = (vpn & setMask) << wayShift;
        if (wkey[s] === (vpn | asidTag) && (va & 3) === 0) {
          const h = (va + tadd[s]) | 0;
          hits = (hits + 1) | 0;
          stall = (stall + (caches === null ? flat : caches.access(h, true))) | 0;
          i32[h >> 2] = regs[rs2];
          pc = (pc + 4) | 0;
          continue;
        }
        hart.store(va, 4, regs[rs2]);
        stall = (stall + hart.slowCycles) | 0;
        hart.slowCycles = 0;
        if (hart.fault) { n = (n - 1) | 0; break loop; }
        pc = (pc + 4) | 0;
        if (hart.trap !== null) break loop;
        continue;
      }

      // ---- register-immediate ----
      case Op.ADDI:
        regs[rd] = (regs[rs1] + code[slot + 1]) | 0;
        break;
      case Op.SLTI:
        regs[rd] = regs[rs1] < code[slot + 1] ? 1 : 0;
        break;
      case Op.SLTIU:
        regs[rd] = regs[rs1] >>> 0 < code[slot + 1] >>> 0 ? 1 : 0;
        break;
      case Op.XORI:
        regs[rd] = regs[rs1] ^ code[slot + 1];
        break;
      case Op.ORI:
        regs[rd] = regs[rs1] | code[slot + 1];
        break;
      case Op.ANDI:
        regs[rd] = regs[rs1] & code[slot + 1];
        break;
      case Op.SLLI:
        regs[rd] = regs[rs1] << code[slot + 1];
        break;
      case Op.SRLI:
        regs[rd] = regs[rs1] >>> code[slot + 1];
        break;
      case Op.SRAI:
        regs[rd] = regs[rs1] >> code[slot + 1];
        break;

      // ---- register-register ----
      case Op.ADD:
        regs[rd] = (regs[rs1] + regs[rs2]) | 0;
        break;
      case Op.SUB:
        regs[rd] = (regs[rs1] - regs[rs2]) | 0;
        break;
      case Op.SLL:
        regs[rd] = regs[rs1] << (regs[rs2] & 31);
        break;
      case Op.SLT:
        regs[rd] = regs[rs1] < regs[rs2] ? 1 : 0;
        break;
      case Op.SLTU:
        regs[rd] = regs[rs1] >>> 0 < regs[rs2] >>> 0 ? 1 : 0;
        break;
      case Op.XOR:
        regs[rd] = regs[rs1] ^ regs[rs2];
        break;
      case Op.SRL:
        regs[rd] = regs[rs1] >>> (regs[rs2] & 31);
        break;
      case Op.SRA:
        regs[rd] = regs[rs1] >> (regs[rs2] & 31);
        break;
      case Op.OR:
        regs[rd] = regs[rs1] | regs[rs2];
        break;
      case Op.AND:
        regs[rd] = regs[rs1] & regs[rs2];
        break;

      // ---- M extension ----
      case Op.MUL:
        regs[rd] = Math.imul(regs[rs1], regs[rs2]);
        break;
      case Op.MULH:
        regs[rd] = mulh(regs[rs1], regs[rs2]);
        break;
      case Op.MULHSU:
        regs[rd] = mulhsu(regs[rs1], regs[rs2]);
        break;
      case Op.MULHU:
        regs[rd] = mulhu(regs[rs1], regs[rs2]);
        break;
      case Op.DIV: {
        const a = regs[rs1];
        const b = regs[rs2];
        regs[rd] = b === 0 ? -1 : a === -0x80000000 && b === -1 ? a : (a / b) | 0;
        break;
      }
      case Op.DIVU: {
        const b = regs[rs2] >>> 0;
        regs[rd] = b === 0 ? -1 : ((regs[rs1] >>> 0) / b) | 0;
        break;
      }
      case Op.REM: {
        const a = regs[rs1];
        const b = regs[rs2];
        regs[rd] = b === 0 ? a : b === -1 ? 0 : a % b | 0;
        break;
      }
      case Op.REMU: {
        const b = regs[rs2] >>> 0;
        regs[rd] = b === 0 ? regs[rs1] : (regs[rs1] >>> 0) % b | 0;
        break;
      }

      // ---- A extension ----
      case Op.LR_W: {
        const va = regs[rs1];
        const h = hart.atomicAddress(va, false);
        stall = (stall + hart.slowCycles) | 0;
        hart.slowCycles = 0;
        if (h < 0) { n = (n - 1) | 0; break loop; }
        regs[rd] = i32[h >> 2];
        hart.reservationValid = true;
        hart.reservationVa = va;
        pc = (pc + 4) | 0;
        if (hart.trap !== null) break loop;
        continue;
      }
      case Op.SC_W: {
        const va = regs[rs1];
        // As on qemu and hardware, an SC to an unreserved address fails without touching memory.
        if (!hart.reservationValid || hart.reservationVa !== va) {
          hart.reservationValid = false;
          regs[rd] = 1;
          break;
        }
        const h = hart.atomicAddress(va, true);
        stall = (stall + hart.slowCycles) | 0;
        hart.slowCycles = 0;
        if (h < 0) { n = (n - 1) | 0; break loop; }
        hart.reservationValid = false;
        i32[h >> 2] = regs[rs2];
        regs[rd] = 0;
        pc = (pc + 4) | 0;
        if (hart.trap !== null) break loop;
        continue;
      }
      case Op.AMOSWAP_W:
      case Op.AMOADD_W:
      case Op.AMOXOR_W:
      case Op.AMOAND_W:
      case Op.AMOOR_W:
      case Op.AMOMIN_W:
      case Op.AMOMAX_W:
      case Op.AMOMINU_W:
      case Op.AMOMAXU_W: {
        const h = hart.atomicAddress(regs[rs1], true);
        stall = (stall + hart.slowCycles) | 0;
        hart.slowCycles = 0;
        if (h < 0) { n = (n - 1) | 0; break loop; }
        const old = i32[h >> 2];
        i32[h >> 2] = amo(w & 0xff, old, regs[rs2]);
        regs[rd] = old;
        pc = (pc + 4) | 0;
        if (hart.trap !== null) break loop;
        continue;
      }

      // ---- system ----
      case Op.FENCE:
      case Op.FENCE_I:
        // Memory is sequentially consistent here, and stores to code drop its decoding at once.
        break;
      case Op.ECALL:
        hart.trap = ECALL;
        break loop;
      case Op.EBREAK:
        hart.trap = EBREAK;
        break loop;
      case Op.CSRRS:
      case Op.CSRRC:
      case Op.CSRRSI:
      case Op.CSRRCI: {
        // Only reads of the read-only user counters are legal: rs1 (or uimm) must be zero.
        const value = rs1 === 0 ? hart.readCounter(code[slot + 1], n - 1, stall) : undefined;
        if (value === undefined) {
          hart.trap = { kind: 'illegalInstruction', word: mem.i32[(codeHost + (pc & 0xffc)) >> 2] };
          n = (n - 1) | 0;
          break loop;
        }
        regs[rd] = value;
        break;
      }
      case Op.BREAKPOINT:
        hart.trap = BREAKPOINT;
        n = (n - 1) | 0;
        break loop;
      default:
        // ILLEGAL, and CSR writes (every user-visible CSR here is read-only).
        hart.trap = { kind: 'illegalInstruction', word: mem.i32[(codeHost + (pc & 0xffc)) >> 2] };
        n = (n - 1) | 0;
        break loop;
    }
    pc = (pc + 4) | 0;
  }

  hart.endRun(pc, code, codePage, codeHost, n, stall, hits);
  return hart.takeTrap();
}

function amo(op: number, old: number, src: number): number {
  switch (op) {
    case Op.AMOSWAP_W:
      return src;
    case Op.AMOADD_W:
      return (old + src) | 0;
    case Op.AMOXOR_W:
      return old ^ src;
    case Op.AMOAND_W:
      return old & src;
    case Op.AMOOR_W:
      return old | src;
    case Op.AMOMIN_W:
      return old < src ? old : src;
    case Op.AMOMAX_W:
      return old > src ? old : src;
    case Op.AMOMINU_W:
      return old >>> 0 < src >>> 0 ? old : src;
    default:
      return old >>> 0 > src >>> 0 ? old : src;
  }
}

/** High 32 bits of the unsigned 64-bit product, from 16-bit halves (exact in doubles). */
export function mulhu(a: number, b: number): number {
  a >>>= 0;
  b >>>= 0;
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const lh = al * bh;
  const hl = ah * bl;
  const mid = ((al * bl) >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (ah * bh + (lh >>> 16) + (hl >>> 16) + Math.floor(mid / 65536)) | 0;
}

export function mulh(a: number, b: number): number {
  return (mulhu(a, b) - (a < 0 ? b : 0) - (b < 0 ? a : 0)) | 0;
}

export function mulhsu(a: number, b: number): number {
  return (mulhu(a, b) - (a < 0 ? b : 0)) | 0;
}
