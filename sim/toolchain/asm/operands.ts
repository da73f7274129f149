// Phase 2b: instruction operands. An operand is a register, a memory reference `offset(reg)` /
// `(reg)`, or an expression (immediates, symbols, `%hi(...)`, CSR and fence names, which stay
// identifiers until the instruction knows what it wants). Register and CSR names come from the
// disassembler's tables, so the assembler accepts exactly the names the Disassembly view prints
// (plus `x0`–`x31`, `fp`, and LLVM's old CSR spellings).

import { csrName, registerName } from '../../isa/disasm';
import { Cursor } from './cursor';
import { fail, type SourceLoc } from './diagnostics';
import { parseExpr, type ExprScope } from './expr';
import type { Expr } from './model';

export type Operand =
  | { readonly kind: 'reg'; readonly reg: number; readonly loc: SourceLoc }
  | { readonly kind: 'mem'; readonly offset: Expr | null; readonly base: number; readonly loc: SourceLoc }
  | { readonly kind: 'expr'; readonly expr: Expr; readonly loc: SourceLoc };

function buildRegisters(): ReadonlyMap<string, number> {
  const names = new Map<string, number>();
  for (let n = 0; n < 32; n++) {
    names.set(`x${n}`, n);
    names.set(registerName(n), n);
  }
  names.set('fp', 8);
  for (const [name, n] of [...names]) names.set(name.toUpperCase(), n);
  return names;
}

/** Register names (ABI, x0–x31 and fp) to numbers. Immutable. */
export const REGISTERS: ReadonlyMap<string, number> = buildRegisters();

// LLVM's deprecated alternative spellings, still accepted by its parser.
const CSR_ALT_NAMES: readonly (readonly [string, number])[] = [
  ['ubadaddr', 0x043], ['sbadaddr', 0x143], ['mbadaddr', 0x343], ['sptbr', 0x180], ['mucounteren', 0x320], ['dscratch', 0x7b2],
];

function buildCsrs(): ReadonlyMap<string, number> {
  const names = new Map<string, number>(CSR_ALT_NAMES);
  for (let n = 0; n < 4096; n++) {
    const name = csrName(n);
    if (name !== String(n)) names.set(name, n);
  }
  return names;
}

/** CSR names to numbers, inverted from the disassembler's table. Immutable. */
export const CSRS: ReadonlyMap<string, number> = buildCsrs();

export function registerNumber(name: string): number | undefined {
  return REGISTERS.get(name);
}

// operands = (operand ("," operand)*)?
export function parseOperands(cur: Cursor, scope: ExprScope): Operand[] {
  const operands: Operand[] = [];
  if (cur.atEnd()) return operands;
  for (;;) {
    operands.push(parseOperand(cur, scope));
    if (cur.atEnd()) return operands;
    cur.expectPunct(',', 'unexpected token');
  }
}

// operand = register | "(" register ")" | expr ("(" register ")")?
function parseOperand(cur: Cursor, scope: ExprScope): Operand {
  const t = cur.peek();
  const loc = { line: t.line, col: t.col };
  if (t.kind === 'ident') {
    const reg = registerNumber(t.text);
    if (reg !== undefined) {
      cur.next();
      return { kind: 'reg', reg, loc };
    }
  }
  if (cur.isPunct('(') && cur.peek(1).kind === 'ident' && registerNumber(cur.peek(1).text) !== undefined && cur.isPunct(')', 2)) {
    cur.next();
    const base = registerNumber(cur.next().text) as number;
    cur.next();
    return { kind: 'mem', offset: null, base, loc };
  }
  const expr = parseExpr(cur, scope);
  if (!cur.isPunct('(')) return { kind: 'expr', expr, loc };
  cur.next();
  const baseTok = cur.peek();
  const base = baseTok.kind === 'ident' ? registerNumber(baseTok.text) : undefined;
  if (base === undefined) fail(cur.loc(), 'expected a register');
  cur.next();
  cur.expectPunct(')', "expected ')'");
  return { kind: 'mem', offset: expr, base, loc };
}
