// vitest globalSetup: builds the differential fixtures once, before any test file runs, so the
// tests themselves only execute programs. Missing oracle tools stop the run here with one clear
// message instead of dozens of confusing per-test failures.
import { spawnSync } from 'node:child_process';
import { buildFixtures } from './build-fixtures';

function requireTool(cmd: string, args: string[], pkg: string): void {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  if (r.error || r.status !== 0) {
    throw new Error(
      `oslab tests need \`${cmd}\` (Debian package ${pkg}) for the differential tests, and it is not runnable. ` +
        `Install the oracle with: apt-get install -y qemu-user clang lld llvm util-linux ` +
        `(or run scripts/ensure-oracle.sh as root).`,
    );
  }
}

export default async function setup(): Promise<void> {
  requireTool('clang', ['--version'], 'clang');
  requireTool('ld.lld', ['--version'], 'lld');
  requireTool('qemu-riscv32', ['--version'], 'qemu-user');
  const report = await buildFixtures();
  if (report.built.length > 0) {
    console.log(
      `differential fixtures: built ${report.built.length}, ${report.upToDate.length} up to date (${report.ms} ms)`,
    );
  }
}
