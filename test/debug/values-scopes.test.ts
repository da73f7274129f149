// The Variables view of a stopped C program: Locals, Arguments and Globals with their C types
// and gdb-style values, expanded structs, pointers, arrays in pages, registers, thread and
// process — all read from a real program compiled by oslab cc -g and stopped on the machine.

import { describe, expect, it } from 'vitest';
import { decodeMemoryReference } from '../../debug/values';
import { byName, scope, stopAt, up } from './values-support';

describe('Locals and Arguments', () => {
  it('shows main\'s locals with their C types and values', async () => {
    const s = await stopAt('values.c', 'BREAK_MAIN');
    const locals = scope(s, 'Locals');
    expect(locals.get('limit')).toMatchObject({ value: '3', type: 'int', evaluateName: 'limit', childrenRef: 0 });
    expect(locals.get('c')).toMatchObject({ value: 'GREEN', type: 'enum color' });
    expect(locals.get('mixed')?.value).toBe('(GREEN | BRIGHT)');
    expect(locals.get('name')).toMatchObject({ value: '"bob"', type: 'char[8]', indexedChildren: 8 });
    const ref = decodeMemoryReference(locals.get('limit')!.memoryReference!);
    expect(ref?.pid).toBe(s.ctx.frame.pid);
    const bytes = s.machine.readMemory(s.ctx.frame.pid, ref!.address, 4)!;
    expect(new DataView(bytes.buffer, bytes.byteOffset).getInt32(0, true)).toBe(3);
  });

  it('expands a struct, its bit-fields and a pointer to a struct', async () => {
    const s = await stopAt('values.c', 'BREAK_MAIN');
    const locals = scope(s, 'Locals');
    const p = locals.get('p')!;
    expect(p).toMatchObject({ type: 'struct point', value: '{x = 1, y = -2}', namedChildren: 2 });
    const members = byName(s.store, p.childrenRef);
    expect(members.get('y')).toMatchObject({ value: '-2', type: 'int', evaluateName: 'p.y' });
    const f = byName(s.store, locals.get('f')!.childrenRef);
    expect([f.get('ready')?.value, f.get('level')?.value, f.get('mode')?.value]).toEqual(['1', '-3', '5']);
    const head = locals.get('head')!;
    expect(head.type).toBe('node_t *');
    expect(head.value).toMatch(/^0x[0-9a-f]+$/);
    // The memory view of a pointer opens at what it points to (DAP's convention).
    expect(decodeMemoryReference(head.memoryReference!)?.address).toBe(parseInt(head.value, 16));
    const node = byName(s.store, head.childrenRef);
    expect(node.get('value')).toMatchObject({ value: '10', evaluateName: 'head->value' });
    const next = byName(s.store, node.get('next')!.childrenRef);
    expect(next.get('value')).toMatchObject({ value: '20', evaluateName: 'head->next->value' });
  });

  it('shows arguments and locals of nested calls, and of the caller one frame up', async () => {
    const s = await stopAt('values.c', 'BREAK_LEAF');
    const args = scope(s, 'Arguments');
    expect(args.get('n')).toMatchObject({ value: '4', type: 'int' });
    expect(args.get('pp')?.type).toBe('struct point *');
    expect(byName(s.store, args.get('pp')!.childrenRef).get('x')?.value).toBe('3');
    const locals = scope(s, 'Locals');
    expect(locals.get('doubled')?.value).toBe('8');
    expect(locals.get('letter')).toMatchObject({ value: "65 'A'", type: 'char' });
    const caller = up(s);
    expect(scope(s, 'Arguments', caller).get('depth')?.value).toBe('3');
    expect(scope(s, 'Locals', caller).get('origin')?.value).toBe('{x = 3, y = 4}');
    const grand = up(s, 2);
    expect(scope(s, 'Locals', grand).get('limit')?.value).toBe('3');
  });
});

describe('Globals', () => {
  it('lists the unit\'s globals, file statics and the function\'s static locals', async () => {
    const s = await stopAt('values.c', 'BREAK_MAIN');
    const globals = scope(s, 'Globals');
    expect(globals.get('counter')).toMatchObject({ value: '7', type: 'int' });
    expect(globals.get('greeting')?.value).toMatch(/^0x[0-9a-f]+ "hello"$/);
    expect(globals.get('big')).toMatchObject({ value: '-1234567890123', type: 'long long' });
    expect(globals.get('ubig')?.value).toBe('18446744073709551615');
    expect(globals.get('paint')?.value).toBe('BLUE');
    expect(globals.get('calls')?.value).toBe('5');
    expect(globals.get('list1')?.value).toMatch(/^\{value = 10, next = 0x[0-9a-f]+\}$/);
  });

  it('pages a large array', async () => {
    const s = await stopAt('values.c', 'BREAK_MAIN');
    const table = scope(s, 'Globals').get('table')!;
    expect(table).toMatchObject({ type: 'int[300]', indexedChildren: 300 });
    const page = s.store.children(table.childrenRef, { start: 200, count: 3 });
    expect(page.map((n) => [n.name, n.value, n.evaluateName])).toEqual([
      ['[200]', '40000', 'table[200]'],
      ['[201]', '40401', 'table[201]'],
      ['[202]', '40804', 'table[202]'],
    ]);
  });
});

describe('a clang -g program', () => {
  it('shows float and double as not supported, and the integers around them', async () => {
    const s = await stopAt('clang-floats.c', 'BREAK_CLANG');
    const locals = scope(s, 'Locals');
    expect(locals.get('ratio')).toMatchObject({ value: '(float not supported)', type: 'float' });
    expect(locals.get('precise')?.value).toBe('(float not supported)');
    expect(locals.get('scaled')?.value).toBe('15');
    const sample = byName(s.store, locals.get('s')!.childrenRef);
    expect(sample.get('id')?.value).toBe('7');
    expect(sample.get('weight')?.value).toBe('(float not supported)');
    expect(() => s.store.evaluate(s.ctx, 'ratio + 1')).toThrow('floating-point values are not supported');
    expect(s.store.evaluate(s.ctx, 'scaled + s.id').value).toBe('22');
  });
});

describe('machine scopes', () => {
  it('shows registers by number and ABI name, in hex and decimal', async () => {
    const s = await stopAt('values.c', 'BREAK_LEAF');
    const regs = scope(s, 'Registers');
    expect(regs.size).toBe(33);
    const sp = s.ctx.frame.regs[2];
    expect(regs.get('x2 (sp)')).toMatchObject({ value: `0x${sp.toString(16).padStart(8, '0')} (${sp | 0})`, evaluateName: '$sp' });
    expect(regs.get('x10 (a0)')).toBeDefined();
    expect(regs.get('pc')?.value).toContain(s.ctx.frame.pc.toString(16));
  });

  it('shows the thread and the process as the kernel sees them', async () => {
    const s = await stopAt('values.c', 'BREAK_LEAF');
    const thread = scope(s, 'Thread');
    expect(thread.get('tid')?.value).toBe(String(s.ctx.frame.tid));
    expect(thread.get('state')?.value).toBe('running');
    expect(thread.get('hart')?.value).toBe('cpu0');
    const process = scope(s, 'Process');
    expect(process.get('pid')?.value).toBe(String(s.ctx.frame.pid));
    expect(process.get('comm')?.value).toBe('values');
    const rlimits = byName(s.store, process.get('rlimits')!.childrenRef);
    expect(rlimits.get('NOFILE')?.childrenRef).toBeGreaterThan(0);
    expect(rlimits.get('NOFILE')?.value).toMatch(/^\{resource = NOFILE, soft = \d+, hard = \d+\}$/);
  });

  it('forgets references at reset', async () => {
    const s = await stopAt('values.c', 'BREAK_MAIN');
    const [locals] = s.store.scopes(s.ctx);
    s.store.reset();
    expect(() => s.store.children(locals.childrenRef)).toThrow(/earlier stop/);
  });
});
