// Watch, hover and the Debug Console: C expressions evaluated in a stopped frame of a real
// program — members, `->` chains, indexing, casts, sizeof, arithmetic, registers — and the
// errors a user sees for a wrong name, a syntax slip or a bad pointer.

import { describe, expect, it } from 'vitest';
import { decodeMemoryReference } from '../../debug/values';
import { byName, stopAt, up } from './values-support';

describe('evaluate', () => {
  it('follows a linked list and expands what it finds', async () => {
    const s = await stopAt('values.c', 'BREAK_MAIN');
    const ev = (e: string): string => s.store.evaluate(s.ctx, e).value;
    expect(ev('head->next->value')).toBe('20');
    expect(ev('head->next->next->value + 1')).toBe('31');
    expect(ev('(*head).value')).toBe('10');
    const next = s.store.evaluate(s.ctx, 'head->next');
    expect(next.type).toBe('struct node *');
    const members = byName(s.store, next.childrenRef);
    expect(members.get('value')).toMatchObject({ value: '20', evaluateName: 'head->next->value' });
    expect(ev('head->next->next->next')).toBe('0x0');
  });

  it('indexes arrays and pointers, with pointer arithmetic scaled by the pointee', async () => {
    const s = await stopAt('values.c', 'BREAK_MAIN');
    const ev = (e: string): string => s.store.evaluate(s.ctx, e).value;
    expect(ev('table[12]')).toBe('144');
    expect(ev('*(table + 12)')).toBe('144');
    expect(ev('&table[12] - &table[2]')).toBe('10');
    expect(ev('name[1]')).toBe("111 'o'");
    expect(ev('greeting[4]')).toBe("111 'o'");
    expect(ev('name')).toBe('"bob"');
    const element = s.store.evaluate(s.ctx, 'table[5]');
    const table = s.store.evaluate(s.ctx, '&table[0]');
    expect(decodeMemoryReference(element.memoryReference!)!.address).toBe(parseInt(table.value, 16) + 20);
  });

  it('computes arithmetic, comparisons, logic and the conditional operator as C does', async () => {
    const s = await stopAt('values.c', 'BREAK_MAIN');
    const ev = (e: string): string => s.store.evaluate(s.ctx, e).value;
    expect(ev('limit * 7 - 1')).toBe('20');
    expect(ev('-limit / 2')).toBe('-1');
    expect(ev('-7 % 3')).toBe('-1');
    expect(ev('1 << 4 | 3')).toBe('19');
    expect(ev('~0u')).toBe('4294967295');
    expect(ev('-2147483648')).toBe('-2147483648');
    expect(ev('0xffffffff')).toBe('4294967295');
    expect(ev('sizeof(2147483648)')).toBe('8');
    expect(ev('-1 < 0u')).toBe('0');
    expect(ev('limit > 2 && p.y < 0')).toBe('1');
    expect(ev('limit == 3 ? p.x : p.y')).toBe('1');
    expect(ev('big * 2')).toBe('-2469135780246');
    expect(ev('ubig')).toBe('18446744073709551615');
    expect(ev('c == GREEN')).toBe('1');
    expect(ev("'a' + 1")).toBe('98');
    expect(ev('f.level')).toBe('-3');
  });

  it('casts to base types, pointers and struct pointers, and knows sizes', async () => {
    const s = await stopAt('values.c', 'BREAK_MAIN');
    const ev = (e: string): string => s.store.evaluate(s.ctx, e).value;
    expect(ev('(unsigned char)300')).toBe("44 ','");
    expect(ev('(unsigned)-1')).toBe('4294967295');
    expect(ev('(short)70000')).toBe('4464');
    const address = s.store.evaluate(s.ctx, '(unsigned long)head').value;
    const cast = s.store.evaluate(s.ctx, `(struct node *)${address}`);
    expect(cast.type).toBe('struct node *');
    expect(byName(s.store, cast.childrenRef).get('value')?.value).toBe('10');
    expect(ev(`((node_t *)${address})->next->value`)).toBe('20');
    expect(ev('*(int *)&p.y')).toBe('-2');
    expect(ev('sizeof(struct node)')).toBe('8');
    expect(ev('sizeof table')).toBe('1200');
    expect(ev('sizeof(long long)')).toBe('8');
    expect(ev('sizeof p')).toBe('8');
    expect(ev('(enum color)2')).toBe('BLUE');
  });

  it('reads registers, and evaluates in a caller frame', async () => {
    const s = await stopAt('values.c', 'BREAK_LEAF');
    expect(s.store.evaluate(s.ctx, '$sp').value).toBe(`0x${s.ctx.frame.regs[2].toString(16)}`);
    expect(s.store.evaluate(s.ctx, '$a0 == $x10').value).toBe('1');
    expect(s.store.evaluate(s.ctx, '$pc').value).toMatch(/<leaf\+\d+>$/);
    expect(s.store.evaluate(s.ctx, 'pp->y').value).toBe('4');
    const caller = up(s);
    expect(s.store.evaluate(caller, 'origin.x + depth').value).toBe('6');
  });

  it('explains what went wrong', async () => {
    const s = await stopAt('values.c', 'BREAK_MAIN');
    const error = (e: string): string => {
      try {
        s.store.evaluate(s.ctx, e);
      } catch (err) {
        return (err as Error).message;
      }
      return 'no error';
    };
    expect(error('nosuch + 1')).toBe("no variable 'nosuch' in this frame");
    expect(error('limit +')).toMatch(/syntax error at column 8/);
    expect(error('limit ) 2')).toBe("syntax error at column 7: unexpected ')'");
    expect(error('p.z')).toBe("struct point has no member named 'z'");
    expect(error('limit->x')).toMatch(/'->' needs a pointer/);
    expect(error('*(int *)0')).toBe('cannot read memory at 0x0');
    expect(error('limit / 0')).toBe('division by zero');
    expect(error('(struct nosuch *)0')).toBe("no struct 'nosuch' in the program");
    expect(error('$q7')).toMatch(/no register '\$q7'/);
    expect(s.store.evaluate(s.ctx, '(char *)16').value).toBe('0x10 <unreadable>');
  });

  it('decides breakpoint conditions', async () => {
    const s = await stopAt('values.c', 'BREAK_MAIN');
    expect(s.store.condition(s.ctx, 'limit == 3 && head->next->value == 20')).toBe(true);
    expect(s.store.condition(s.ctx, 'p.x > 5 || !head')).toBe(false);
    expect(s.store.condition(s.ctx, 'head')).toBe(true);
    expect(() => s.store.condition(s.ctx, 'limit ==')).toThrow(/syntax error/);
  });
});
