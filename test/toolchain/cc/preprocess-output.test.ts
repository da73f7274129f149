// `-E` output: gcc's line markers with their flags, source lines kept in place, macro
// expansions printed where they were used, and spaces wherever tokens would otherwise paste.

import { describe, expect, it } from 'vitest';
import { dashE } from './preprocess-support';

describe('-E output', () => {
  it('marks entering and leaving includes, and system headers', () => {
    const files = { 'inc/a.h': '#ifndef A\n#define A\nint a;\n#include "b.h"\n#endif\n', 'inc/b.h': 'int b;\n', 'sys/s.h': 'int s;\n' };
    const source = '#include "inc/a.h"\nint m;\n#include <s.h>\nint z;\n';
    expect(dashE(source, { files, systemIncludeDirs: ['sys'] })).toBe([
      '# 1 "main.c"', '# 3 "inc/a.h" 1', 'int a;', '# 1 "inc/b.h" 1', 'int b;', '# 2 "main.c" 2', 'int m;',
      '# 1 "sys/s.h" 1 3', 'int s;', '# 4 "main.c" 2', 'int z;', ''].join('\n'));
  });

  it('keeps lines and indentation, with a marker after a long gap', () => {
    const source = `#define M(x) x+1 -x\n  int main() {\n    return M(-1)\n   + 2;\n${'\n'.repeat(12)}}\n`;
    expect(dashE(source)).toBe('# 1 "main.c"\n\n  int main() {\n    return -1+1 - -1\n   + 2;\n# 17 "main.c"\n}\n');
  });

  it('never prints two tokens so that they read back as one', () => {
    expect(dashE('#define P +\n#define E\n#define cat(a, b) a b\nP+ -P x E-E- cat(1,.5) a/**/b P/E/')).toBe('# 1 "main.c"\n\n\n\n+ + -+ x - - 1 .5 a b +/ /\n'); // as clang prints it
  });
});
