// ppoll's arguments and result as strace shows them: the pollfd array with the events asked for,
// the timeout and signal mask, and after return the descriptors that became ready
// (`1 ([{fd=3, revents=POLLIN}], left {tv_sec=0, tv_nsec=99000})`) or `0 (Timeout)`.

import { POLL_EVENTS, flagsText } from './decode-flags';
import { sizedSigsetText, timespecText } from './decode-structs';
import { structArg, succeeded, unsignedArg, type CallContext } from './call-context';
import { pointer } from './quote';

const POLLFD_SIZE = 8;
/** strace's default -s also caps how many array elements it prints. */
const ARRAY_LIMIT = 32;

interface PollFd {
  readonly fd: number;
  readonly events: number;
  readonly revents: number;
}

function pollFds(ctx: CallContext): PollFd[] | null {
  const count = unsignedArg(ctx, 1);
  const bytes = ctx.mem.bytes(ctx.args[0], Math.min(count, ARRAY_LIMIT + 1) * POLLFD_SIZE);
  if (bytes === null) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: bytes.length / POLLFD_SIZE }, (_, i) => ({
    fd: view.getInt32(i * POLLFD_SIZE, true),
    events: view.getUint16(i * POLLFD_SIZE + 4, true),
    revents: view.getUint16(i * POLLFD_SIZE + 6, true),
  }));
}

function listText(items: readonly string[]): string {
  return items.length > ARRAY_LIMIT ? `[${items.slice(0, ARRAY_LIMIT).join(', ')}, ...]` : `[${items.join(', ')}]`;
}

export function ppoll(ctx: CallContext): string[] {
  const [fds, nfds, timeout, sigmask, sigsetsize] = ctx.args;
  const entries = fds === 0 ? null : pollFds(ctx);
  const fdsText = fds === 0 ? 'NULL' : entries === null ? pointer(fds) : listText(entries.map((p) => (p.fd < 0 ? `{fd=${p.fd}}` : `{fd=${p.fd}, events=${flagsText(POLL_EVENTS, p.events)}}`)));
  return [
    fdsText,
    String(nfds >>> 0),
    structArg(ctx, timeout, true, timespecText),
    structArg(ctx, sigmask, true, (mem, at) => sizedSigsetText(mem, at, sigsetsize >>> 0)),
    String(sigsetsize >>> 0),
  ];
}

/** The ready descriptors and, when there was a timeout, the time left. */
export function ppollResult(ctx: CallContext): string | null {
  if (!succeeded(ctx) || typeof ctx.result !== 'number') return null;
  if (ctx.result === 0) return '0 (Timeout)';
  const parts: string[] = [];
  const entries = pollFds(ctx);
  const ready = entries?.filter((p) => p.revents !== 0) ?? [];
  if (ready.length > 0) parts.push(listText(ready.map((p) => `{fd=${p.fd}, revents=${flagsText(POLL_EVENTS, p.revents)}}`)));
  const left = ctx.args[2] === 0 ? null : timespecText(ctx.mem, ctx.args[2]);
  if (left !== null) parts.push(`left ${left}`);
  return parts.length === 0 ? null : `${ctx.result} (${parts.join(', ')})`;
}
