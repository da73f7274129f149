// A quick local run of selected tests without the fixture build: npx vitest run -c vitest.quick.config.ts FILES
import { defineConfig } from 'vitest/config';
import { inlineOpcodes } from './test/support/inline-opcodes';

export default defineConfig({ plugins: [inlineOpcodes()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } }, test: { include: ['test/**/*.test.{ts,tsx}'], testTimeout: 120_000 } });
