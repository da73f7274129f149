// Why a hart stopped running user code: a typed union that carries its value, as the kernel
// and debugger need it. When a trap is returned the hart's pc is the instruction that trapped
// (a watchpoint stops after the access, with pc at the next instruction).

export type Trap =
  | { readonly kind: 'ecall' }
  | { readonly kind: 'ebreak' }
  /** A debugger breakpoint patched into the decoded page. */
  | { readonly kind: 'breakpoint' }
  | { readonly kind: 'illegalInstruction'; readonly word: number }
  | { readonly kind: 'instructionMisaligned'; readonly addr: number }
  | { readonly kind: 'instructionPageFault'; readonly addr: number }
  | { readonly kind: 'loadPageFault'; readonly addr: number }
  | { readonly kind: 'storePageFault'; readonly addr: number }
  /** AMO, LR or SC on an address not aligned to 4 (Linux delivers SIGBUS). */
  | { readonly kind: 'misalignedAtomic'; readonly addr: number }
  | { readonly kind: 'watchpoint'; readonly addr: number; readonly size: number; readonly access: 'read' | 'write' };

export type TrapKind = Trap['kind'];

export const ECALL: Trap = { kind: 'ecall' };
export const EBREAK: Trap = { kind: 'ebreak' };
export const BREAKPOINT: Trap = { kind: 'breakpoint' };

export function describeTrap(trap: Trap): string {
  const hex = (n: number) => '0x' + (n >>> 0).toString(16).padStart(8, '0');
  switch (trap.kind) {
    case 'ecall':
    case 'ebreak':
    case 'breakpoint':
      return trap.kind;
    case 'illegalInstruction':
      return `illegal instruction ${hex(trap.word)}`;
    case 'watchpoint':
      return `watchpoint: ${trap.access} of ${trap.size} bytes at ${hex(trap.addr)}`;
    default:
      return `${trap.kind} at ${hex(trap.addr)}`;
  }
}
