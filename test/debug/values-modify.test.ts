// Changing the program from the Variables view and setting up "Break on Value Change": a new
// value written through setVariable changes what the program prints when it runs on; the bytes a
// data breakpoint would watch are those of the variable, member or element.

import { describe, expect, it } from 'vitest';
import { byName, finish, scope, stopAt, up } from './values-support';

describe('setVariable', () => {
  it('writes locals, members, bit-fields, elements and globals, and the program sees them', async () => {
    const s = await stopAt('values.c', 'BREAK_MAIN');
    const [locals, , globals] = s.store.scopes(s.ctx);
    expect(s.store.setVariable(locals.childrenRef, 'limit', 'limit * 10 + 2').value).toBe('32');
    const p = byName(s.store, locals.childrenRef).get('p')!;
    expect(s.store.setVariable(p.childrenRef, 'x', '-99').value).toBe('-99');
    const f = scope(s, 'Locals').get('f')!;
    expect(s.store.setVariable(f.childrenRef, 'level', '6').value).toBe('6');
    expect(s.store.evaluate(s.ctx, 'f.mode').value).toBe('5'); // the neighbouring bit-fields keep their bits
    expect(s.store.evaluate(s.ctx, 'f.ready').value).toBe('1');
    expect(s.store.setVariable(locals.childrenRef, 'c', 'BLUE').value).toBe('BLUE');
    const name = scope(s, 'Locals').get('name')!;
    expect(s.store.setVariable(name.childrenRef, '[0]', "'r'").value).toBe("114 'r'");
    expect(s.store.setVariable(globals.childrenRef, 'counter', '0x10').value).toBe('16');
    expect(s.store.setVariable(globals.childrenRef, 'big', '1LL << 40').value).toBe('1099511627776');
    expect(s.store.setVariable(locals.childrenRef, 'head', '&list2').value).toMatch(/^0x/);
    const out = await finish(s);
    expect(out).toContain('limit=32\n');
    expect(out).toContain('-99 6 2 9 rob 20 6 hello 16 1099511627776\n');
  });

  it('writes a caller\'s local, one frame up', async () => {
    const s = await stopAt('values.c', 'BREAK_LEAF');
    const caller = up(s);
    const locals = s.store.scopes(caller).find((x) => x.name === 'Locals')!;
    const origin = byName(s.store, locals.childrenRef).get('origin')!;
    expect(s.store.setVariable(origin.childrenRef, 'x', '100').value).toBe('100');
    expect(s.store.evaluate(s.ctx, 'pp->x').value).toBe('100'); // leaf sees it through its pointer
    expect(await finish(s)).toContain('leaf=173\n'); // 2*4 + 100 + 'A'
  });

  it('assigns from the Debug Console with `=`', async () => {
    const s = await stopAt('values.c', 'BREAK_MAIN');
    const result = s.store.evaluate(s.ctx, 'limit = limit + 37');
    expect(result).toMatchObject({ value: '40', evaluateName: 'limit' });
    expect(s.store.evaluate(s.ctx, 'head->value = -1').value).toBe('-1');
    expect(await finish(s)).toMatch(/^limit=40\n1 -3 1 9 bob -1 /);
  });

  it('changes the innermost frame\'s registers, and refuses a caller\'s', async () => {
    const s = await stopAt('values.c', 'BREAK_LEAF');
    const registers = s.store.scopes(s.ctx).find((x) => x.name === 'Registers')!;
    expect(s.store.setVariable(registers.childrenRef, 'x15 (a5)', '0x1234').value).toBe('0x00001234 (4660)');
    expect(s.machine.harts[s.hart].regs[15]).toBe(0x1234);
    expect(s.store.evaluate(s.ctx, '$t0 = -1').value).toBe('-1');
    expect(scope(s, 'Registers').get('x5 (t0)')?.value).toBe('0xffffffff (-1)');
    expect(() => s.store.evaluate(up(s), '$a0 = 1')).toThrow(/caller's frame/);
    expect(() => s.store.evaluate(s.ctx, '$zero = 1')).toThrow(/always 0/);
  });

  it('refuses what cannot be assigned, with a reason', async () => {
    const s = await stopAt('values.c', 'BREAK_MAIN');
    const [locals] = s.store.scopes(s.ctx);
    expect(() => s.store.setVariable(locals.childrenRef, 'p', '3')).toThrow(/only numbers.*struct point/);
    expect(() => s.store.setVariable(locals.childrenRef, 'limit', 'nosuch')).toThrow("no variable 'nosuch' in this frame");
    expect(() => s.store.setVariable(locals.childrenRef, 'nosuch', '1')).toThrow(/no variable 'nosuch'/);
  });
});

describe('dataBreakpointInfo', () => {
  it('gives the address and size of a variable, a member, an element and a bit-field', async () => {
    const s = await stopAt('values.c', 'BREAK_MAIN');
    const [locals, , globals] = s.store.scopes(s.ctx);
    const counter = s.store.dataBreakpointInfo(s.ctx, { ref: globals.childrenRef, name: 'counter' })!;
    expect(counter.size).toBe(4);
    expect(counter.address).toBe(parseInt(s.store.evaluate(s.ctx, '(unsigned)&counter').value, 10));
    expect(counter.description).toContain('counter');
    expect(s.store.dataBreakpointInfo(s.ctx, { ref: globals.childrenRef, name: 'big' })?.size).toBe(8);
    const element = s.store.dataBreakpointInfo(s.ctx, { expression: 'table[10]' })!;
    expect(element.address).toBe(parseInt(s.store.evaluate(s.ctx, '(unsigned)&table[10]').value, 10));
    expect(element.size).toBe(4);
    expect(s.store.dataBreakpointInfo(s.ctx, { expression: 'head->next->value' })?.address).toBe(parseInt(s.store.evaluate(s.ctx, '(unsigned)&list2').value, 10));
    const p = byName(s.store, locals.childrenRef).get('p')!;
    expect(s.store.dataBreakpointInfo(s.ctx, { ref: p.childrenRef, name: 'y' })?.size).toBe(4);
    expect(s.store.dataBreakpointInfo(s.ctx, { expression: 'f.mode' })?.size).toBe(1);
    expect(s.store.dataBreakpointInfo(s.ctx, { expression: 'limit + 1' })).toBeNull();
  });
});
