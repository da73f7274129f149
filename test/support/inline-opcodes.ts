// A Vite plugin for the tests: compiles each sim/ module that imports the `Op` const enum with
// esbuild in bundle mode, keeping every other import external, so `case Op.ADD:` becomes
// `case 28:` as it does in the shipped bundle. Without it each case label is a property load
// and the interpreter's switch runs ~20× slower under vitest than in `dist/`.

import { build } from 'esbuild';
import type { Plugin } from 'vite';

const OPCODES = /[\\/]isa[\\/]opcodes(\.ts)?$/;

export function inlineOpcodes(): Plugin {
  return {
    name: 'oslab-inline-opcodes',
    enforce: 'pre',
    async transform(code, id) {
      if (!id.endsWith('.ts') || !/[\\/]sim[\\/]/.test(id) || OPCODES.test(id) || !/from '[./]+(isa\/)?opcodes'/.test(code)) return null;
      const result = await build({
        entryPoints: [id],
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'node',
        sourcemap: 'inline',
        logLevel: 'silent',
        plugins: [
          {
            name: 'external-except-opcodes',
            setup(b) {
              b.onResolve({ filter: /.*/ }, (args) => {
                if (args.kind === 'entry-point' || OPCODES.test(args.path)) return null;
                return { path: args.path, external: true };
              });
            },
          },
        ],
      });
      return { code: result.outputFiles[0].text, map: null };
    },
  };
}
