// The typed syntax tree: what the parser (with the type phase) hands to codegen and the DWARF
// emitter. It is already checked and lowered so codegen never reasons about C's conversion rules:
//  - every implicit conversion is an explicit `cast` (usual arithmetic conversions, integer
//    promotions, assignment, argument and return conversions, default argument promotions);
//  - arrays and function designators used as values are `addr` nodes of pointer type (decay);
//  - pointer arithmetic is scaled (`p + i` is `add(p, i * sizeof *p)`, `p - q` divides);
//  - `a->m` is `member(deref(a), m)`; `a[i]` is `deref(add(a, i*size))`;
//  - local initializers are `zero` plus assignments; static initializers are bytes + relocations;
//  - `_Atomic` reads/writes/updates are atomic nodes; `sizeof`/`_Alignof`/constant folds are `num`;
//  - bit-fields are shifts and masks of their storage unit, and writes read-modify-write it
//    (sema-bitfield.ts); a `member` naming a bit-field Member is left only where its value is
//    unused (`s.bf;`), and its offset and type are the unit's, so loading it is harmless.
// An expression of struct/union type evaluates to the address of the object holding the value.

import type { CType, FunctionType, Member } from './types';
import type { SourceLocation } from './token';

// --- variables ------------------------------------------------------------------------------

interface VariableBase {
  readonly name: string;
  readonly type: CType;
  readonly loc: SourceLocation;
  /** `_Alignas(N)` / `__attribute__((aligned(N)))` on the declaration: an alignment above the type's own. (Added by the parser.) */
  readonly align?: number;
}

/** A parameter or automatic local of the function being compiled; codegen gives it a frame slot. */
export interface LocalVariable extends VariableBase {
  readonly kind: 'local' | 'param';
  /** Made by the compiler (a temporary, a struct-return buffer): not shown in DWARF. */
  readonly artificial?: boolean;
}

/** Anything with a link-time address: globals, file- and function-scope statics, string literals, functions. */
export interface GlobalVariable extends VariableBase {
  readonly kind: 'global' | 'function';
  /** The assembly symbol (a function-scope static gets a unique one, e.g. `counter.1`). */
  readonly symbol: string;
  /** `static` at file scope, function-scope statics and literals: a local symbol. */
  readonly internal: boolean;
}

export type Variable = LocalVariable | GlobalVariable;

// --- expressions ----------------------------------------------------------------------------

interface ExprBase {
  readonly type: CType;
  readonly loc: SourceLocation;
}

export type BinaryOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'mod'
  | 'and' | 'or' | 'xor' | 'shl' | 'shr'
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

/** Operations atomic read-modify-write can apply (AMO*.W for 4 bytes; LR/SC loops otherwise). */
export type AtomicOp = 'add' | 'sub' | 'and' | 'or' | 'xor' | 'nand' | 'xchg' | 'min' | 'max' | 'minu' | 'maxu';

export type Expr =
  /** An integer constant of `type` (value already truncated/extended to the type). */
  | (ExprBase & { readonly kind: 'num'; readonly value: bigint })
  /** A variable as an lvalue (struct/array/function-typed ones only appear under addr/member/assign). */
  | (ExprBase & { readonly kind: 'var'; readonly variable: Variable })
  /** neg, bitwise not, logical not (`!x` has type int). Operand already promoted. */
  | (ExprBase & { readonly kind: 'unary'; readonly op: 'neg' | 'not' | 'lognot'; readonly operand: Expr })
  /** Operands converted to a common type, except shifts (each promoted on its own). Comparisons have type int;
   *  their signedness is the operands'. */
  | (ExprBase & { readonly kind: 'binary'; readonly op: BinaryOp; readonly lhs: Expr; readonly rhs: Expr })
  /** Short-circuit && and ||; type int; operands are scalars compared with zero. */
  | (ExprBase & { readonly kind: 'logical'; readonly op: 'and' | 'or'; readonly lhs: Expr; readonly rhs: Expr })
  /** `target = value` (value already converted to target's type; a struct assignment copies). Yields the stored value. */
  | (ExprBase & { readonly kind: 'assign'; readonly target: Expr; readonly value: Expr })
  /** `target op= value`: load target, convert to operationType, apply op with value (already of
   *  operationType, or promoted for shifts; scaled for pointers), convert back, store. Target evaluated once. */
  | (ExprBase & { readonly kind: 'compoundAssign'; readonly op: BinaryOp; readonly target: Expr; readonly value: Expr; readonly operationType: CType })
  /** ++/-- (delta is ±1, or ±element size for pointers); prefix yields the new value, postfix the old. */
  | (ExprBase & { readonly kind: 'incDec'; readonly prefix: boolean; readonly delta: bigint; readonly target: Expr })
  /** `test ? then : otherwise`; branches already converted to the result type (which may be void or a struct). */
  | (ExprBase & { readonly kind: 'cond'; readonly test: Expr; readonly then: Expr; readonly otherwise: Expr })
  | (ExprBase & { readonly kind: 'comma'; readonly lhs: Expr; readonly rhs: Expr })
  /** Address of an lvalue or function designator; also the array/function decay. */
  | (ExprBase & { readonly kind: 'addr'; readonly operand: Expr })
  /** `*p` as an lvalue of the pointee type. */
  | (ExprBase & { readonly kind: 'deref'; readonly operand: Expr })
  /** `object.member` where object has struct/union type. */
  | (ExprBase & { readonly kind: 'member'; readonly object: Expr; readonly member: Member })
  /** Conversion between scalar types, or to void. To _Bool normalises to 0/1. */
  | (ExprBase & { readonly kind: 'cast'; readonly operand: Expr })
  /**
   * A call. callee has type pointer-to-function; args are converted to the parameter types
   * (variadic and unprototyped ones default-promoted). A call returning a struct/union stores
   * the result in returnBuffer (a local the parser allocated) and evaluates to its address.
   */
  | (ExprBase & {
      readonly kind: 'call';
      readonly callee: Expr;
      readonly functionType: FunctionType;
      readonly args: readonly Expr[];
      readonly returnBuffer: LocalVariable | null;
    })
  /** Sets every byte of an lvalue to zero (the first step of `T x = {…}` for aggregates). */
  | (ExprBase & { readonly kind: 'zero'; readonly target: Expr })
  /** `va_start(ap, last)`: ap (an lvalue of type va_list = void*) points at the first unnamed argument. */
  | (ExprBase & { readonly kind: 'vaStart'; readonly ap: Expr })
  /** `va_arg(ap, T)`: the next unnamed argument as `type`, advancing ap per the ILP32 rules. */
  | (ExprBase & { readonly kind: 'vaArg'; readonly ap: Expr })
  /** `*pointer op= value` atomically; yields the old value when fetchOld, else the new one. */
  | (ExprBase & { readonly kind: 'atomicRmw'; readonly op: AtomicOp; readonly pointer: Expr; readonly value: Expr; readonly fetchOld: boolean })
  /** C11 compare-exchange: if *pointer == *expected store desired and yield 1, else write *pointer to *expected and yield 0. */
  | (ExprBase & { readonly kind: 'atomicCas'; readonly pointer: Expr; readonly expected: Expr; readonly desired: Expr })
  /** Sequentially consistent load (`fence rw,rw; l; fence r,rw`, as clang). */
  | (ExprBase & { readonly kind: 'atomicLoad'; readonly pointer: Expr })
  /** Sequentially consistent store (`fence rw,w; s`, as clang); yields the value. */
  | (ExprBase & { readonly kind: 'atomicStore'; readonly pointer: Expr; readonly value: Expr })
  /** `__atomic_thread_fence` / `__sync_synchronize`: `fence rw,rw`. Type void. */
  | (ExprBase & { readonly kind: 'fence' })
  /** `__builtin_trap()`: an illegal instruction (`unimp`) that stops the program. Type void. (Added by the parser.) */
  | (ExprBase & { readonly kind: 'trap' });

export type ExprKind = Expr['kind'];

// --- statements -----------------------------------------------------------------------------

interface StmtBase {
  readonly loc: SourceLocation;
}

/** The variables one `{ … }` declares, for DWARF's lexical blocks; nested blocks are children. */
export interface LexicalScope {
  readonly variables: Variable[];
  readonly children: LexicalScope[];
}

export type Stmt =
  | (StmtBase & { readonly kind: 'expr'; readonly expr: Expr })
  /** `scope` is null when the block declares nothing. */
  | (StmtBase & { readonly kind: 'block'; readonly body: readonly Stmt[]; readonly scope: LexicalScope | null })
  | (StmtBase & { readonly kind: 'if'; readonly test: Expr; readonly then: Stmt; readonly otherwise: Stmt | null })
  /** for/while: init runs once; test (null = forever) before each pass; step after body and on continue. */
  | (StmtBase & { readonly kind: 'for'; readonly init: Stmt | null; readonly test: Expr | null; readonly step: Expr | null; readonly body: Stmt })
  | (StmtBase & { readonly kind: 'doWhile'; readonly body: Stmt; readonly test: Expr })
  /**
   * `switch (test) body`: test is promoted; `cases` lists each `case` value in source order;
   * the body holds `case` statements whose `index` points into cases (or -1 for `default`).
   */
  | (StmtBase & { readonly kind: 'switch'; readonly test: Expr; readonly cases: readonly bigint[]; readonly hasDefault: boolean; readonly body: Stmt })
  | (StmtBase & { readonly kind: 'case'; readonly index: number; readonly body: Stmt })
  | (StmtBase & { readonly kind: 'break' })
  | (StmtBase & { readonly kind: 'continue' })
  /** value already converted to the function's return type (null for `return;`). */
  | (StmtBase & { readonly kind: 'return'; readonly value: Expr | null })
  /** `name` is the user's label, unique within its function. */
  | (StmtBase & { readonly kind: 'goto'; readonly name: string })
  | (StmtBase & { readonly kind: 'label'; readonly name: string; readonly body: Stmt })
  | (StmtBase & { readonly kind: 'empty' });

export type StmtKind = Stmt['kind'];

// --- top level ------------------------------------------------------------------------------

export interface FunctionDefinition {
  readonly variable: GlobalVariable;
  readonly type: FunctionType;
  readonly params: readonly LocalVariable[];
  /** Every automatic local of the body (including nested blocks and temporaries); codegen lays out the frame from this. */
  readonly locals: readonly LocalVariable[];
  readonly body: Stmt & { readonly kind: 'block' };
  /** The function body's outermost scope (its variables are the subprogram's direct children in DWARF). */
  readonly scope: LexicalScope;
  /** The closing brace, where the epilogue's line-table row points. */
  readonly endLoc: SourceLocation;
}

/** A relocation in a static initializer: the word at `offset` holds `symbol + addend`. */
export interface StaticRelocation {
  readonly offset: number;
  readonly symbol: string;
  readonly addend: number;
}

export interface StaticData {
  readonly bytes: Uint8Array;
  readonly relocations: readonly StaticRelocation[];
}

export interface GlobalDefinition {
  readonly variable: GlobalVariable;
  /** null: zero-initialised (tentative definitions and `= {0}` go to .bss). */
  readonly init: StaticData | null;
  /** Const-qualified objects and string literals go to .rodata (writing them faults, as on Linux). */
  readonly readonly: boolean;
  /** False for string literals and other compiler-made objects (not described in DWARF). */
  readonly userVisible: boolean;
}

export interface TranslationUnit {
  readonly functions: readonly FunctionDefinition[];
  readonly globals: readonly GlobalDefinition[];
  /** Named globals declared `extern` (or functions declared) and used but not defined here: for DWARF declarations only. */
  readonly externs: readonly GlobalVariable[];
}

// --- what codegen tells the DWARF emitter -------------------------------------------------

/** Where a parameter or local lives relative to the frame base s0 (DW_OP_fbreg). */
export interface FrameSlot {
  readonly offset: number;
  /** The slot holds a pointer to the object (a struct over 8 bytes passed by reference). */
  readonly indirect: boolean;
}

export interface FunctionFrame {
  /** Label after the function's last instruction (DW_AT_high_pc = end - begin). */
  readonly endLabel: string;
  readonly slots: ReadonlyMap<LocalVariable, FrameSlot>;
  /** Begin/end labels of each nested lexical block (not the function's outermost scope). */
  readonly scopes: ReadonlyMap<LexicalScope, { readonly begin: string; readonly end: string }>;
}
