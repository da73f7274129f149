// The values of one stop, behind the ValueStore contract: scopes of a frame, children by
// reference (valid until reset at the next resume), evaluate, setVariable and the bytes a data
// breakpoint watches. References are handles onto row lists built lazily when expanded.

import { typeName, type DebugInfo, type Variable } from '../../sim/toolchain/dwarf';
import { encodeMemoryReference, ValueError, type ScopeNode, type ValueContext, type ValueNode, type ValueStore } from './api';
import { attempt, isPointer, isTypedefName, sizeOf } from './ctypes';
import { Evaluator } from './eval';
import { childCount, children, childSource, formatValue } from './format';
import { processRows, registerRows, threadRows, type PlainRow } from './machine-scopes';
import { lookupPc, readBytes, readScalar, unreadable, variableObject, type CObject } from './object';
import { parseExpression } from './parse';

type Row = { readonly name: string; readonly obj: CObject } | { readonly name: string; readonly plain: PlainRow };

interface Handle {
  readonly ctx: ValueContext;
  rows(range?: { start: number; count: number }): Row[];
}

export function createValueStore(): ValueStore {
  return new FrameValues();
}

class FrameValues implements ValueStore {
  private handles = new Map<number, Handle>();
  /** Never reused: a reference from an earlier stop fails clearly rather than naming a new value. */
  private nextRef = 1;

  reset(): void {
    this.handles = new Map();
  }

  scopes(ctx: ValueContext): ScopeNode[] {
    const scopes: ScopeNode[] = [];
    const add = (name: string, expensive: boolean, rows: () => Row[]): void => {
      scopes.push({ name, childrenRef: this.register({ ctx, rows }), expensive });
    };
    const debug = ctx.frame.debug;
    const fn = debug ? attempt(() => debug.functionAt(lookupPc(ctx))) : undefined;
    if (debug && fn) {
      add('Locals', false, () => this.variableRows(ctx, debug, localsOf(debug, ctx)));
      add('Arguments', false, () => this.variableRows(ctx, debug, fn.parameters));
      add('Globals', true, () => this.variableRows(ctx, debug, globalsOf(debug, ctx)));
    }
    add('Registers', true, () => registerRows(ctx).map((plain) => ({ name: plain.name, plain })));
    add('Thread', true, () => threadRows(ctx).map((plain) => ({ name: plain.name, plain })));
    add('Process', true, () => processRows(ctx).map((plain) => ({ name: plain.name, plain })));
    return scopes;
  }

  children(ref: number, range?: { start: number; count: number }): ValueNode[] {
    const handle = this.handle(ref);
    return handle.rows(range).map((row) => this.node(handle.ctx, row));
  }

  evaluate(ctx: ValueContext, expression: string): ValueNode {
    const obj = evaluateExpression(ctx, expression);
    // A Watch on a bad pointer is an error to show, not a row of "<unreadable>".
    if (obj.place.kind === 'memory' && !readBytes(ctx, obj, Math.min(attempt(() => sizeOf(obj.type)) ?? 1, 4096))) throw unreadable(obj);
    return this.node(ctx, { name: expression, obj });
  }

  condition(ctx: ValueContext, expression: string): boolean {
    const evaluator = new Evaluator(ctx);
    return evaluator.value(evaluateExpression(ctx, expression)).value !== 0n;
  }

  setVariable(ref: number, name: string, value: string): ValueNode {
    const handle = this.handle(ref);
    const row = findRow(handle, name);
    if ('plain' in row) {
      // A register row: assign through its expression (`$a0`), which knows where the register lives.
      const target = row.plain.evaluateName;
      if (!target?.startsWith('$')) throw new ValueError(`${name} cannot be changed here`);
      assign(handle.ctx, evaluateExpression(handle.ctx, target), value);
      return this.plainNode(handle.ctx, (findRow(handle, name) as { plain: PlainRow }).plain);
    }
    assign(handle.ctx, row.obj, value);
    return this.node(handle.ctx, row);
  }

  dataBreakpointInfo(ctx: ValueContext, target: { ref: number; name: string } | { expression: string }): { address: number; size: number; description: string } | null {
    let obj: CObject;
    try {
      if ('expression' in target) obj = evaluateExpression(ctx, target.expression);
      else {
        const row = findRow(this.handle(target.ref), target.name);
        if (!('obj' in row)) return null;
        obj = row.obj;
      }
    } catch {
      return null;
    }
    const p = obj.place;
    if (p.kind !== 'memory') return null;
    // A bit-field is watched through the bytes that hold it.
    const size = p.bitSize !== undefined ? Math.ceil(((p.bitOffset ?? 0) + p.bitSize) / 8) : attempt(() => sizeOf(obj.type));
    if (!size) return null;
    const what = obj.expression ?? ('expression' in target ? target.expression : target.name);
    return { address: p.address, size, description: `${what} (${size} byte${size === 1 ? '' : 's'} at 0x${p.address.toString(16)})` };
  }

  private register(handle: Handle): number {
    const ref = this.nextRef++;
    this.handles.set(ref, handle);
    return ref;
  }

  private handle(ref: number): Handle {
    const handle = this.handles.get(ref);
    if (!handle) throw new ValueError('this value is from an earlier stop; it is no longer available');
    return handle;
  }

  private variableRows(ctx: ValueContext, debug: DebugInfo, variables: readonly Variable[]): Row[] {
    return variables.map((v) => ({ name: v.name, obj: variableObject(ctx, debug, v) }));
  }

  private node(ctx: ValueContext, row: Row): ValueNode {
    if ('plain' in row) return this.plainNode(ctx, row.plain);
    const obj = row.obj;
    let value: string;
    let source: ReturnType<typeof childSource>;
    try {
      value = formatValue(ctx, obj);
      source = childSource(ctx, obj);
    } catch (e) {
      value = `<${e instanceof Error ? e.message : String(e)}>`;
    }
    const counts = source ? childCount(source) : {};
    const childrenRef = source ? this.register({ ctx, rows: (range) => children(source!, range) }) : 0;
    const address = memoryAddress(ctx, obj);
    return {
      name: row.name,
      value,
      type: typeName(obj.type),
      childrenRef,
      namedChildren: counts.named,
      indexedChildren: counts.indexed,
      evaluateName: obj.expression,
      memoryReference: address === undefined ? undefined : encodeMemoryReference(ctx.frame.pid, address),
    };
  }

  private plainNode(ctx: ValueContext, row: PlainRow): ValueNode {
    const rows = row.children;
    const childrenRef = rows ? this.register({ ctx, rows: () => rows.map((plain) => ({ name: plain.name, plain })) }) : 0;
    return { name: row.name, value: row.value, type: row.type, childrenRef, namedChildren: rows?.length, evaluateName: row.evaluateName };
  }
}

/** Where the memory view opens for a node: at a pointer's target (as DAP asks), else at the object itself. */
function memoryAddress(ctx: ValueContext, obj: CObject): number | undefined {
  if (isPointer(obj.type)) {
    const target = attempt(() => readScalar(ctx, obj));
    return target ? Number(BigInt.asUintN(32, target)) : undefined;
  }
  return obj.place.kind === 'memory' ? obj.place.address : undefined;
}

/** Block and function locals, innermost first; an inner declaration hides an outer one of the same name. */
function localsOf(debug: DebugInfo, ctx: ValueContext): Variable[] {
  const seen = new Set<string>();
  const out: Variable[] = [];
  for (const scope of debug.scopesAt(lookupPc(ctx))) {
    for (const v of scope.variables) {
      if (v.storage !== 'local' || seen.has(v.name)) continue;
      seen.add(v.name);
      out.push(v);
    }
  }
  return out;
}

/** The unit's globals and file statics, then the function's static locals. */
function globalsOf(debug: DebugInfo, ctx: ValueContext): Variable[] {
  const pc = lookupPc(ctx);
  const fn = debug.functionAt(pc);
  if (!fn) return [];
  const statics = debug.scopesAt(pc).flatMap((s) => s.variables.filter((v) => v.storage === 'staticLocal'));
  return [...debug.unitModel(fn.unit).variables, ...statics];
}

function findRow(handle: Handle, name: string): Row {
  const index = /^\[(\d+)\]$/.exec(name);
  const rows = index ? handle.rows({ start: Number(index[1]), count: 1 }) : handle.rows();
  const row = rows.find((r) => r.name === name);
  if (!row) throw new ValueError(`no variable '${name}' here`);
  return row;
}

const typedefNames = new WeakMap<DebugInfo, Map<string, boolean>>();

function evaluateExpression(ctx: ValueContext, expression: string): CObject {
  const debug = ctx.frame.debug;
  const known = debug ? typedefNames.get(debug) ?? new Map<string, boolean>() : new Map<string, boolean>();
  if (debug) typedefNames.set(debug, known);
  const isTypedef = (name: string): boolean => {
    let v = known.get(name);
    if (v === undefined) known.set(name, (v = isTypedefName(debug, name)));
    return v;
  };
  const ast = parseExpression(expression, isTypedef);
  const obj = new Evaluator(ctx).evaluate(ast);
  // Re-evaluating an assignment (Watch refresh, "Add to Watch") would store again: keep only the target's name.
  return ast.kind === 'assign' ? obj : { ...obj, expression: expression.trim() };
}

/** Stores the integer value of C expression `value` into a scalar object. */
function assign(ctx: ValueContext, target: CObject, value: string): void {
  new Evaluator(ctx).assign(target, evaluateExpression(ctx, value));
}
