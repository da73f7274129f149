import { defineConfig } from 'vitest/config';
import { inlineOpcodes } from './test/support/inline-opcodes';

export default defineConfig({
  plugins: [inlineOpcodes()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
