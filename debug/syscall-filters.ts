// Syscall breakpoints: the exception-breakpoint filters (`syscall`, `syscall-exit`, `signal`,
// `process-created`, `process-exited`) and their conditions (`clone,accept`: names as strace
// prints them, or familiar aliases such as fork or sleep) turned into the machine's EventStops.
// fork and vfork narrow clone to the process-creating kind, pthread_create to the thread kind.

import type { EventStops, SyscallCall } from '../sim/event-stops';
import { resolveSyscallName } from '../sim/kernel/syscall-table';
import { FILTER_PROCESS_CREATED, FILTER_PROCESS_EXITED, FILTER_SIGNAL, FILTER_SYSCALL, FILTER_SYSCALL_EXIT } from './protocol';

const CLONE_THREAD = 0x10000;

/** One enabled filter, with its condition text (empty: every event of the kind). */
export interface EnabledFilter {
  readonly filterId: string;
  readonly condition?: string;
}

export const EXCEPTION_FILTERS = [
  { filter: FILTER_SYSCALL, label: 'Syscall entry', description: 'Stop before a system call runs; condition: names such as clone,accept (aliases: fork, wait, mmap, sleep, stat, pthread_create)', supportsCondition: true, conditionDescription: 'comma-separated syscall names, e.g. clone,accept' },
  { filter: FILTER_SYSCALL_EXIT, label: 'Syscall exit', description: 'Stop when a system call returns', supportsCondition: true, conditionDescription: 'comma-separated syscall names, e.g. read,accept' },
  { filter: FILTER_SIGNAL, label: 'Fatal signal', description: 'Stop before a signal kills a process (SIGSEGV, SIGILL, abort...)' },
  { filter: FILTER_PROCESS_CREATED, label: 'Process created', description: 'Stop the parent when fork/clone has made a new process' },
  { filter: FILTER_PROCESS_EXITED, label: 'Process exited', description: 'Stop when a process has ended (its memory still there)' },
] as const;

type CallPredicate = (call: SyscallCall) => boolean;

/** The machine's event stops for these filters; throws Error naming unknown syscalls. */
export function eventStopsFor(filters: readonly EnabledFilter[]): EventStops {
  const entry = filters.filter((f) => f.filterId === FILTER_SYSCALL).map((f) => callMatcher(f.condition));
  const exit = filters.filter((f) => f.filterId === FILTER_SYSCALL_EXIT).map((f) => callMatcher(f.condition));
  const unknown = filters.find((f) => !EXCEPTION_FILTERS.some((known) => known.filter === f.filterId));
  if (unknown) throw new Error(`unknown exception filter '${unknown.filterId}'`);
  return {
    syscallEntry: entry.length > 0 ? (call) => entry.some((match) => match(call)) : undefined,
    syscallExit: exit.length > 0 ? (call) => exit.some((match) => match(call)) : undefined,
    signal: filters.some((f) => f.filterId === FILTER_SIGNAL),
    processCreated: filters.some((f) => f.filterId === FILTER_PROCESS_CREATED),
    processExited: filters.some((f) => f.filterId === FILTER_PROCESS_EXITED),
  };
}

function callMatcher(condition: string | undefined): CallPredicate {
  const names = (condition ?? '').split(',').map((n) => n.trim()).filter((n) => n.length > 0);
  if (names.length === 0) return () => true;
  const unknown = names.filter((n) => nameMatcher(n) === null);
  if (unknown.length > 0) throw new Error(`unknown system call${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);
  const matchers = names.map((n) => nameMatcher(n)!);
  return (call) => matchers.some((match) => match(call));
}

function nameMatcher(name: string): CallPredicate | null {
  const lower = name.toLowerCase();
  if (lower === 'pthread_create') return (call) => call.name === 'clone' && (call.args[0] & CLONE_THREAD) !== 0;
  const spec = resolveSyscallName(lower);
  if (!spec) return null;
  if (lower === 'fork' || lower === 'vfork') return (call) => call.nr === spec.nr && (call.args[0] & CLONE_THREAD) === 0;
  return (call) => call.nr === spec.nr;
}
