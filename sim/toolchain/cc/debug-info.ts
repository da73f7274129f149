// `-g`: the DWARF 4 description of a compiled unit, appended as assembly after codegen's text.
// One compile unit holds the file-scope variables, a subprogram per function (parameters,
// locals and nested lexical blocks at their frame slots, relative to s0 as DW_OP_fbreg, the
// way clang -O0 does it on RV32) and the types they use (debug-types.ts). The line table comes
// from codegen's `.loc` rows: the assembler builds .debug_line and defines the label at its
// start that DW_AT_stmt_list points at, as it does for clang's -S output.

import type { FunctionDefinition, FunctionFrame, GlobalVariable, LexicalScope, LocalVariable, TranslationUnit, Variable } from './ast';
import type { CompileContext } from './context';
import { DW_AT, DW_OP, DW_TAG, DieWriter, die, flag, sleb128, str, type AttrValue, type Die } from './debug-die';
import { DebugTypes, declAttrs } from './debug-types';
import type { SourceLocation } from './token';

const DW_LANG_C11 = 0x1d;
const PRODUCER = 'oslab cc';
/** The assembler puts .debug_line here (clang's -S output names the table's start the same way). */
const LINE_TABLE_START = '.Lline_table_start0';

interface Emitter {
  readonly ctx: CompileContext;
  readonly types: DebugTypes;
  /** Symbols of the objects this unit defines (only those may be named by DW_OP_addr). */
  readonly defined: ReadonlySet<string>;
}

export function emitDebugInfo(ctx: CompileContext, unit: TranslationUnit, frames: ReadonlyMap<FunctionDefinition, FunctionFrame>): string {
  const functions = unit.functions.flatMap((f) => {
    const frame = frames.get(f);
    return frame ? [{ f, frame, localTypes: [] as Die[] }] : [];
  });
  const cu = die(DW_TAG.compile_unit, [
    [DW_AT.producer, str(PRODUCER)],
    [DW_AT.language, { form: 'data2', value: DW_LANG_C11 }],
    [DW_AT.name, str(ctx.options.file)],
  ]);
  if (ctx.options.compDir !== undefined) cu.attrs.push([DW_AT.comp_dir, str(ctx.options.compDir)]);
  // .text from its start to a label after the last function (every function is there).
  const textEnd = ctx.label('text_end');
  if (functions.length > 0) cu.attrs.push([DW_AT.low_pc, { form: 'addr', symbol: '.text' }], [DW_AT.high_pc, { form: 'length', end: textEnd, begin: '.text' }]);
  const types = new DebugTypes(ctx, cu.children, (loc) => functions.find(({ f }) => declaredIn(loc, f))?.localTypes ?? null);
  const e: Emitter = { ctx, types, defined: new Set(unit.globals.map((g) => g.variable.symbol)) };
  const staticLocals = new Set<Variable>(unit.functions.flatMap((f) => scopeVariables(f.scope)).filter((v) => isStaticLocal(e, v)));
  for (const g of unit.globals) {
    if (g.userVisible && !staticLocals.has(g.variable)) cu.children.push(staticVariable(e, g.variable));
  }
  const subprograms = functions.map(({ f, frame }) => subprogram(e, f, frame));
  // Types declared in a body follow the subprogram's other children (found while making any of them).
  subprograms.forEach((d, i) => d.children.push(...functions[i].localTypes));
  cu.children.push(...subprograms);
  const text = functions.length > 0 ? `\t.text\n${textEnd}:\n` : '';
  // A `.file` directive makes the assembler write a line table even for a unit without code.
  if (ctx.files.length > 0) ctx.lineTableFile(ctx.files[0]);
  if (ctx.lineTableFiles.length === 0) return text + new DieWriter(ctx).write(cu);
  cu.attrs.push([DW_AT.stmt_list, { form: 'section', label: LINE_TABLE_START }]);
  return `${text}${new DieWriter(ctx).write(cu)}\t.section\t.debug_line,"",@progbits\n${LINE_TABLE_START}:\n`;
}

// A struct, union, enum or typedef declared between a function's braces belongs to it.
function declaredIn(loc: SourceLocation, f: FunctionDefinition): boolean {
  return loc.file === f.body.loc.file && !before(loc, f.body.loc) && !before(f.endLoc, loc);
}

function before(a: SourceLocation, b: SourceLocation): boolean {
  return a.line < b.line || (a.line === b.line && a.column < b.column);
}

function scopeVariables(scope: LexicalScope): Variable[] {
  return [...scope.variables, ...scope.children.flatMap(scopeVariables)];
}

// A `static` declared in a function (a block-scope `extern` names a file-scope object instead,
// described at unit level; a block-scope function declaration has no storage to show).
function isStaticLocal(e: Emitter, v: Variable): v is GlobalVariable {
  return v.kind === 'global' && v.internal && e.defined.has(v.symbol);
}

function nameAttr(name: string): [number, AttrValue][] {
  return name === '' ? [] : [[DW_AT.name, str(name)]];
}

// A global, file static or function-scope static: a fixed address.
function staticVariable(e: Emitter, v: GlobalVariable): Die {
  return die(DW_TAG.variable, [
    ...nameAttr(v.name),
    ...e.types.typeAttr(v.type),
    ...(v.internal ? [] : [[DW_AT.external, flag] as [number, AttrValue]]),
    ...declAttrs(e.ctx, v.loc),
    [DW_AT.location, { form: 'expr', pieces: [{ bytes: [DW_OP.addr] }, { address: v.symbol }] }],
  ]);
}

function subprogram(e: Emitter, f: FunctionDefinition, frame: FunctionFrame): Die {
  const symbol = f.variable.symbol;
  const d = die(DW_TAG.subprogram, [
    [DW_AT.low_pc, { form: 'addr', symbol }],
    [DW_AT.high_pc, { form: 'length', end: frame.endLabel, begin: symbol }],
    [DW_AT.frame_base, { form: 'expr', pieces: [{ bytes: [DW_OP.reg8] }] }],
    ...nameAttr(f.variable.name),
    ...declAttrs(e.ctx, f.variable.loc),
    ...(f.type.prototyped ? [[DW_AT.prototyped, flag] as [number, AttrValue]] : []),
    ...e.types.typeAttr(f.type.returnType),
    ...(f.variable.internal ? [] : [[DW_AT.external, flag] as [number, AttrValue]]),
  ]);
  // clang's order: the body's statics, the parameters, then the body's locals and blocks.
  const [statics, rest] = partition(scopeContents(e, f.scope, frame, new Set<Variable>(f.params)), (c) => c.static);
  d.children.push(...statics.map((c) => c.die));
  for (const p of f.params) if (!p.artificial) d.children.push(localVariable(e, DW_TAG.formal_parameter, p, frame));
  d.children.push(...rest.map((c) => c.die));
  if (f.type.variadic) d.children.push(die(DW_TAG.unspecified_parameters)); // last, as clang puts it
  return d;
}

interface ScopeChild {
  readonly die: Die;
  /** A function-scope static (clang lists them before the scope's other children). */
  readonly static: boolean;
}

function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
}

// The variables of a `{ … }` and its nested blocks, statics first; a block codegen gave no
// labels lends its contents to the enclosing one, and a block with nothing to show is left out.
function scopeContents(e: Emitter, scope: LexicalScope, frame: FunctionFrame, skip: ReadonlySet<Variable>): ScopeChild[] {
  const statics: ScopeChild[] = [];
  const others: ScopeChild[] = [];
  for (const v of scope.variables) {
    if (skip.has(v)) continue;
    if (v.kind === 'local' || v.kind === 'param') {
      if (!v.artificial) others.push({ die: localVariable(e, DW_TAG.variable, v, frame), static: false });
    } else if (isStaticLocal(e, v)) statics.push({ die: staticVariable(e, v), static: true });
  }
  for (const child of scope.children) {
    const contents = scopeContents(e, child, frame, skip);
    const range = frame.scopes.get(child);
    if (contents.length === 0) continue;
    if (!range) others.push(...contents);
    else {
      const block = die(DW_TAG.lexical_block, [[DW_AT.low_pc, { form: 'addr', symbol: range.begin }], [DW_AT.high_pc, { form: 'length', end: range.end, begin: range.begin }]], contents.map((c) => c.die));
      others.push({ die: block, static: false });
    }
  }
  return [...statics, ...others];
}

// A parameter or automatic local: its frame slot relative to s0 (through the pointer in the
// slot for a struct passed by reference).
function localVariable(e: Emitter, tag: number, v: LocalVariable, frame: FunctionFrame): Die {
  const slot = frame.slots.get(v);
  const location: [number, AttrValue][] = slot
    ? [[DW_AT.location, { form: 'expr', pieces: [{ bytes: [DW_OP.fbreg, ...sleb128(slot.offset), ...(slot.indirect ? [DW_OP.deref] : [])] }] }]]
    : [];
  return die(tag, [...location, ...nameAttr(v.name), ...declAttrs(e.ctx, v.loc), ...e.types.typeAttr(v.type)]);
}
