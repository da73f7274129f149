// A quick local run of selected tests without the fixture build: npx vitest run -c vitest.quick.config.ts FILES
import { defineConfig } from 'vitest/config';
import { inlineOpcodes } from './test/support/inline-opcodes';

export default defineConfig({ plugins: [inlineOpcodes()], test: { include: ['test/**/*.test.ts'], testTimeout: 120_000 } });
