// #include through a fake CompilerHost: the search order for "…" and <…>, computed includes,
// #pragma once and include guards, the depth limit, and the not-found message.

import { describe, expect, it } from 'vitest';
import { expand, run } from './preprocess-support';

describe('#include', () => {
  it('searches the includer\'s directory, then -I, then the system directories', () => {
    const files = {
      'src/a.h': 'src_a', 'inc/a.h': 'inc_a', 'sys/a.h': 'sys_a', 'inc/b.h': 'inc_b', 'sys/b.h': 'sys_b', 'sys/c.h': 'sys_c',
      'src/sub/d.h': '#include "e.h"', 'src/sub/e.h': 'sub_e',
    };
    const options = { file: 'src/main.c', files, includeDirs: ['inc'], systemIncludeDirs: ['sys'] };
    expect(expand('#include "a.h"\n#include <a.h>\n#include "b.h"\n#include <c.h>\n#include "sub/d.h"', options))
      .toBe('src_a inc_a inc_b sys_c sub_e');
  });

  it('marks headers from the system directories as system headers', () => {
    const { ctx } = run('#include <s.h>\n#include "u.h"', { files: { 'sys/s.h': '', 'u.h': '' }, systemIncludeDirs: ['sys'] });
    expect(ctx.files.map((f) => [f.name, f.id, f.system])).toEqual([['main.c', 1, false], ['sys/s.h', 2, true], ['u.h', 3, false]]);
  });

  it('takes the file name from macros (computed includes)', () => {
    const files = { 'x.h': 'from_x', 'inc/y.h': 'from_y' };
    expect(expand('#define H "x.h"\n#include H\n#define S(n) <n.h>\n#include S(y)', { files, includeDirs: ['inc'] })).toBe('from_x from_y');
  });

  it('includes a file once with #pragma once or an include guard', () => {
    const files = {
      'once.h': '#pragma once\nonce', 'guard.h': '/* c */\n#ifndef G\n#define G\nguard\n#endif\n', 'plain.h': 'plain',
    };
    const source = '#include "once.h"\n#include "once.h"\n#include "guard.h"\n#include "guard.h"\n#include "plain.h"\n#include "plain.h"';
    expect(expand(source, { files })).toBe('once guard plain plain');
    expect(expand('#include "guard.h"\n#undef G\n#include "guard.h"', { files })).toBe('guard guard');
  });

  it('says which file was not found, where', () => {
    expect(run('int x;\n#include "nope.h"\n#include <nope2.h>').errors).toEqual([
      "main.c:2:10: error: 'nope.h' file not found\n#include \"nope.h\"\n         ^",
      "main.c:3:10: error: 'nope2.h' file not found\n#include <nope2.h>\n         ^",
    ]);
    expect(run(null, { file: 'gone.c' }).errors[0]).toContain("gone.c:1:1: error: no such file or directory: 'gone.c'");
  });

  it('stops a runaway recursive include at depth 200', () => {
    const { errors } = run('#include "self.h"', { files: { 'self.h': '#include "self.h"\nx' } });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('self.h:1:10: error: #include nested depth 200 exceeds maximum of 200');
  });

  it('reports a malformed #include', () => {
    expect(run('#include foo').errors[0]).toContain('#include expects "FILENAME" or <FILENAME>');
    expect(run('#include').errors[0]).toContain('#include expects "FILENAME" or <FILENAME>');
    expect(run('#include "a.h" junk', { files: { 'a.h': '' } }).warnings[0]).toContain('main.c:1:16: warning: extra tokens at end of #include directive');
  });
});
