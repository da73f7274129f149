// Statements: control flow as labels and branches (loops test at the bottom, so each pass
// costs one taken branch), switch as a chain of compares against the promoted value, and a
// `.loc` row at each statement so the debugger can step by line. Every statement starts and
// ends with an empty expression stack.

import type { Stmt } from './ast';
import { valueWords } from './codegen-abi';
import { genReturnValue } from './codegen-call';
import { genBranch, genDiscard, genExpr } from './codegen-expr';
import type { FunctionGen } from './codegen-frame';

export function genStmt(g: FunctionGen, s: Stmt): void {
  if (s.kind !== 'block' && s.kind !== 'empty' && s.kind !== 'label' && s.kind !== 'case') g.lineRow(s.loc);
  switch (s.kind) {
    case 'expr':
      genDiscard(g, s.expr);
      break;
    case 'block':
      return genBlock(g, s);
    case 'if': {
      const otherwise = g.ctx.label('else');
      genBranch(g, s.test, otherwise, false);
      genStmt(g, s.then);
      if (!s.otherwise) return g.placeLabel(otherwise);
      const end = g.ctx.label('endif');
      g.emit(`j\t${end}`);
      g.placeLabel(otherwise);
      genStmt(g, s.otherwise);
      return g.placeLabel(end);
    }
    case 'for':
      return genFor(g, s);
    case 'doWhile': {
      const top = g.ctx.label('do');
      const next = g.ctx.label('dotest');
      const end = g.ctx.label('enddo');
      g.placeLabel(top);
      loopBody(g, s.body, end, next);
      g.placeLabel(next);
      g.lineRow(s.test.loc);
      genBranch(g, s.test, top, true);
      return g.placeLabel(end);
    }
    case 'switch':
      return genSwitch(g, s);
    case 'case': {
      const targets = g.switches[g.switches.length - 1];
      g.placeLabel(s.index < 0 ? targets.defaultLabel : targets.caseLabels[s.index]);
      return genStmt(g, s.body);
    }
    case 'break':
      g.emit(`j\t${g.breakTargets[g.breakTargets.length - 1]}`);
      break;
    case 'continue':
      g.emit(`j\t${g.continueTargets[g.continueTargets.length - 1]}`);
      break;
    case 'return':
      if (s.value) genReturnValue(g, s.value);
      g.emit(`j\t${g.returnLabel}`);
      break;
    case 'goto':
      g.emit(`j\t${userLabel(g, s.name)}`);
      break;
    case 'label':
      g.placeLabel(userLabel(g, s.name));
      return genStmt(g, s.body);
    case 'empty':
      break;
  }
  if (g.depth !== 0) throw new Error(`codegen: expression stack not empty after a ${s.kind} statement`);
}

function userLabel(g: FunctionGen, name: string): string {
  let label = g.userLabels.get(name);
  if (!label) {
    label = g.ctx.label(`user_${name}_`);
    g.userLabels.set(name, label);
  }
  return label;
}

function genBlock(g: FunctionGen, s: Stmt & { kind: 'block' }): void {
  const scope = s.scope && s.scope !== g.fn.scope ? s.scope : null;
  const range = scope ? { begin: g.ctx.label('scope_begin'), end: g.ctx.label('scope_end') } : null;
  if (range) g.placeLabel(range.begin);
  for (const child of s.body) genStmt(g, child);
  if (scope && range) {
    g.placeLabel(range.end);
    g.scopes.set(scope, range);
  }
}

function loopBody(g: FunctionGen, body: Stmt, breakTo: string, continueTo: string): void {
  g.breakTargets.push(breakTo);
  g.continueTargets.push(continueTo);
  genStmt(g, body);
  g.breakTargets.pop();
  g.continueTargets.pop();
}

/** `for (init; test; step) body` as: init; j test; body: …; step; test: if (test) goto body. */
function genFor(g: FunctionGen, s: Stmt & { kind: 'for' }): void {
  if (s.init) genStmt(g, s.init);
  const body = g.ctx.label('loop');
  const next = g.ctx.label('next');
  const test = g.ctx.label('test');
  const end = g.ctx.label('endloop');
  if (s.test) g.emit(`j\t${test}`);
  g.placeLabel(body);
  loopBody(g, s.body, end, next);
  g.placeLabel(next);
  if (s.step) {
    g.lineRow(s.step.loc);
    genDiscard(g, s.step);
  }
  g.placeLabel(test);
  if (s.test) {
    g.lineRow(s.test.loc);
    genBranch(g, s.test, body, true);
  } else {
    g.emit(`j\t${body}`);
  }
  g.placeLabel(end);
}

function genSwitch(g: FunctionGen, s: Stmt & { kind: 'switch' }): void {
  const end = g.ctx.label('endswitch');
  const caseLabels = s.cases.map(() => g.ctx.label('case'));
  const defaultLabel = s.hasDefault ? g.ctx.label('default') : end;
  genExpr(g, s.test);
  const wide = valueWords(s.test.type) === 2;
  const lo = g.src(0, 'a2');
  const hi = wide ? g.src(1, 'a3') : '';
  g.pop(wide ? 2 : 1);
  if (!wide && isDense(s.cases)) jumpTable(g, lo, s.cases, caseLabels, defaultLabel);
  else s.cases.forEach((value, i) => {
    const low = BigInt.asIntN(32, value);
    if (!wide) {
      if (low === 0n) g.emit(`beqz\t${lo}, ${caseLabels[i]}`);
      else {
        g.emit(`li\ta0, ${low}`);
        g.emit(`beq\t${lo}, a0, ${caseLabels[i]}`);
      }
      return;
    }
    const skip = g.ctx.label('nocase');
    g.emit(`li\ta0, ${low}`);
    g.emit(`bne\t${lo}, a0, ${skip}`);
    g.emit(`li\ta0, ${BigInt.asIntN(32, value >> 32n)}`);
    g.emit(`beq\t${hi}, a0, ${caseLabels[i]}`);
    g.placeLabel(skip);
  });
  if (wide || !isDense(s.cases)) g.emit(`j\t${defaultLabel}`);
  g.switches.push({ caseLabels, defaultLabel });
  g.breakTargets.push(end);
  genStmt(g, s.body);
  g.breakTargets.pop();
  g.switches.pop();
  g.placeLabel(end);
}

const MIN_TABLE_CASES = 4;

/** Worth a jump table: enough cases, filling at least a third of their range. */
function isDense(cases: readonly bigint[]): boolean {
  if (cases.length < MIN_TABLE_CASES) return false;
  const values = cases.map((c) => BigInt.asIntN(32, c));
  const low = values.reduce((a, b) => (b < a ? b : a));
  const high = values.reduce((a, b) => (b > a ? b : a));
  const range = high - low + 1n;
  return range <= BigInt(cases.length * 3) && range <= 4096n;
}

/** One bounds check and an indirect jump through a table of case labels in .rodata. */
function jumpTable(g: FunctionGen, value: string, cases: readonly bigint[], labels: readonly string[], defaultLabel: string): void {
  const values = cases.map((c) => Number(BigInt.asIntN(32, c)));
  const low = Math.min(...values);
  const range = Math.max(...values) - low + 1;
  const targets: string[] = new Array<string>(range).fill(defaultLabel);
  values.forEach((v, i) => (targets[v - low] = labels[i]));
  const table = g.ctx.label('jumptable');
  g.addImmediate('a0', value, -low);
  g.emit(`li\ta1, ${range}`);
  g.emit(`bgeu\ta0, a1, ${defaultLabel}`);
  g.emit('slli\ta0, a0, 2');
  g.emit(`lui\ta1, %hi(${table})`);
  g.emit('add\ta0, a0, a1');
  g.emit(`lw\ta0, %lo(${table})(a0)`);
  g.emit('jr\ta0');
  g.rodata.push('\t.p2align\t2', `${table}:`, ...targets.map((t) => `\t.word\t${t}`));
}
