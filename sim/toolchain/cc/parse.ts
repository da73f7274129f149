// The parser's entry point: tokens in, the typed and lowered TranslationUnit (ast.ts) out.
// External declarations are parsed one after another; an error abandons only the declaration
// it is in, so one run reports several. At the end, tentative definitions become definitions
// and the names used but defined elsewhere are listed for DWARF.

import type { GlobalDefinition, GlobalVariable, TranslationUnit } from './ast';
import type { CompileContext } from './context';
import { completeTentative, externalDeclaration, isReadOnlyObject } from './parse-decl';
import { Parser } from './parse-state';
import type { Token } from './token';

// program = external-declaration*
export function parse(ctx: CompileContext, tokens: readonly Token[]): TranslationUnit {
  const p = new Parser(ctx, tokens);
  while (p.tok.kind !== 'eof') {
    const start = p.pos;
    try {
      externalDeclaration(p);
    } catch (e) {
      p.checkAbort(e);
      p.scope = p.fileScope;
      p.fn = null;
      p.skipToRecoveryPoint(start);
      // A K&R definition's body (or other stray block) after the broken header goes with it.
      if (p.is('{')) p.skipToRecoveryPoint(p.pos);
      if (p.pos === start) p.next(); // a stray `}`
    }
  }
  return { functions: p.functions, globals: [...userGlobals(p), ...p.extraGlobals], externs: externs(p) };
}

function userGlobals(p: Parser): GlobalDefinition[] {
  const out: GlobalDefinition[] = [];
  for (const entry of p.globalOrder) {
    if (entry.variable.kind !== 'global') continue;
    const defined = p.staticInits.get(entry.variable.name);
    if (defined) out.push({ ...defined, variable: entry.variable });
    else if (entry.tentative) {
      completeTentative(p, entry);
      out.push({ variable: entry.variable, init: null, readonly: isReadOnlyObject(entry.variable.type), userVisible: true });
    }
  }
  return out;
}

function externs(p: Parser): GlobalVariable[] {
  return p.globalOrder.filter((e) => e.used && !e.defined && !e.tentative).map((e) => e.variable);
}
