// The kernel's state and the operations every subsystem shares: the process table, putting
// threads on harts and taking them off (context switches, with their cost and TLB policy),
// sleeping and waking, exit and death by signal, and TLB shootdowns on every hart.

import type { CostModel } from '../cpu/cost';
import type { DecodedCache } from '../cpu/decoded-cache';
import type { Hart } from '../cpu/hart';
import type { HostConsole } from '../console';
import type { EventLog, SwitchReason } from '../events';
import { AsidAllocator } from '../mem/asid';
import type { PhysicalMemory } from '../mem/phys';
import type { SeededRandom } from '../random';
import { Process, Thread, type ExitStatus, type WaitChannel } from './proc';
import { Scheduler } from './sched';
import { dumpsCore } from './signal';
import { AddressSpace } from './vm';

export interface KernelConfig {
  /** Tag TLB entries with ASIDs; otherwise flush the TLB on every address-space switch. */
  readonly asid: boolean;
  readonly sliceCycles: number;
}

export interface KernelCounters {
  syscalls: number;
  pageFaults: number;
  contextSwitches: number;
}

export class Kernel {
  readonly processes = new Map<number, Process>();
  readonly scheduler: Scheduler;
  readonly counters: KernelCounters = { syscalls: 0, pageFaults: 0, contextSwitches: 0 };
  /** Thread on each hart, or null while the hart idles. */
  readonly current: (Thread | null)[];
  private readonly asids = new AsidAllocator();
  private readonly reportedSyscalls = new Set<number>();
  /** What the kernel told the user once (unimplemented syscalls): also in the run's stats. */
  readonly notices: string[] = [];
  private nextPid = 1;
  private readonly sleepers: Thread[] = [];

  constructor(
    readonly mem: PhysicalMemory,
    readonly decoded: DecodedCache,
    readonly harts: readonly Hart[],
    readonly cost: CostModel,
    readonly config: KernelConfig,
    readonly console: HostConsole,
    readonly random: SeededRandom,
    readonly events: EventLog,
  ) {
    this.scheduler = new Scheduler(config.sliceCycles);
    this.current = harts.map(() => null);
  }

  // ---- processes ----

  newAddressSpace(): AddressSpace {
    return new AddressSpace(
      this.mem,
      (asid, vpn) => this.shootdown(asid, vpn),
      (h, length) => this.decoded.invalidate(h, length),
    );
  }

  createProcess(ppid: number, aspace: AddressSpace, path: string): Process {
    const pid = this.nextPid++;
    const process = new Process(pid, ppid, aspace, path);
    this.processes.set(pid, process);
    return process;
  }

  createThread(process: Process): Thread {
    const tid = process.threads.length === 0 ? process.pid : this.nextPid++;
    const thread = new Thread(tid, process);
    process.threads.push(thread);
    this.scheduler.makeRunnable(thread);
    return thread;
  }

  /** Processes still running or sleeping. */
  get liveProcesses(): Process[] {
    return [...this.processes.values()].filter((p) => p.alive);
  }

  exitThread(thread: Thread, code: number): void {
    const process = thread.process;
    this.retireThread(thread);
    if (process.threads.every((t) => t.state === 'zombie')) this.finishProcess(process, { kind: 'exited', code });
  }

  exitProcess(process: Process, status: ExitStatus): void {
    for (const thread of process.threads) if (thread.state !== 'zombie') this.retireThread(thread);
    this.finishProcess(process, status);
  }

  /** A signal's default action: the whole process dies (SIGSEGV, SIGILL, SIGKILL, ...). */
  killProcess(process: Process, signal: number, reason: string): void {
    this.exitProcess(process, { kind: 'signaled', signal, coreDumped: dumpsCore(signal), reason });
  }

  private retireThread(thread: Thread): void {
    if (thread.hart >= 0) this.takeOff(this.harts[thread.hart], 'exited');
    this.scheduler.remove(thread);
    const sleeping = this.sleepers.indexOf(thread);
    if (sleeping >= 0) this.sleepers.splice(sleeping, 1);
    thread.state = 'zombie';
  }

  private finishProcess(process: Process, status: ExitStatus): void {
    if (!process.alive) return;
    process.exitStatus = status;
    process.aspace.destroy();
    this.events.push({ kind: 'exit', cycles: this.now(), pid: process.pid, status });
  }

  // ---- harts ----

  /** Puts a runnable thread on every idle hart, at the time the hart has reached. */
  dispatchIdleHarts(): void {
    for (const hart of this.harts) {
      if (this.current[hart.id] !== null) continue;
      const next = this.scheduler.pickNext();
      if (!next) return;
      this.putOn(hart, next, 'dispatched');
    }
  }

  /** The timer fired on `hart`: if another thread waits, the running one goes to the back. */
  preempt(hart: Hart): void {
    const thread = this.current[hart.id];
    if (!thread || this.scheduler.waiting === 0) return;
    thread.involuntarySwitches++;
    this.takeOff(hart, 'preempted');
    this.scheduler.makeRunnable(thread);
    this.putOn(hart, this.scheduler.pickNext()!, 'preempted');
  }

  block(hart: Hart, thread: Thread, channel: WaitChannel): void {
    thread.voluntarySwitches++;
    this.takeOff(hart, 'blocked');
    thread.state = 'sleeping';
    thread.waitingFor = channel;
    this.sleepers.push(thread);
  }

  /** Wakes every thread sleeping on a channel of this kind. */
  wake(kind: WaitChannel['kind']): void {
    for (const thread of [...this.sleepers]) {
      if (thread.waitingFor?.kind !== kind) continue;
      this.sleepers.splice(this.sleepers.indexOf(thread), 1);
      thread.waitingFor = null;
      this.scheduler.makeRunnable(thread);
    }
  }

  get sleeping(): readonly Thread[] {
    return this.sleepers;
  }

  private putOn(hart: Hart, thread: Thread, reason: SwitchReason): void {
    this.current[hart.id] = thread;
    thread.hart = hart.id;
    thread.state = 'running';
    hart.regs.set(thread.regs);
    hart.pc = thread.pc;
    hart.reservationValid = false;
    const aspace = thread.process.aspace;
    if (hart.rootPpn !== aspace.rootPpn || (this.config.asid && hart.asid !== aspace.asid)) this.switchAddressSpace(hart, aspace);
    hart.cycles += this.cost.contextSwitch;
    thread.systemCycles += this.cost.contextSwitch;
    this.counters.contextSwitches++;
    this.events.push({ kind: 'switch', cycles: hart.cycles, hart: hart.id, from: null, to: thread.tid, reason });
  }

  private takeOff(hart: Hart, reason: SwitchReason): void {
    const thread = this.current[hart.id];
    if (!thread) return;
    thread.regs.set(hart.regs);
    thread.pc = hart.pc;
    thread.hart = -1;
    if (thread.state === 'running') thread.state = 'runnable';
    this.current[hart.id] = null;
    this.events.push({ kind: 'switch', cycles: hart.cycles, hart: hart.id, from: thread.tid, to: null, reason });
  }

  // Without ASIDs every switch flushes the TLB; with them, entries of other address spaces stay
  // and only a generation rollover flushes (then every hart re-tags what it is running).
  private switchAddressSpace(hart: Hart, aspace: AddressSpace): void {
    if (!this.config.asid) {
      hart.setAddressSpace(aspace.rootPpn, 0, true);
      return;
    }
    if (this.asids.assign(aspace)) {
      for (const other of this.harts) {
        other.tlb.flushAll();
        const running = this.current[other.id];
        if (other !== hart && running) {
          this.asids.assign(running.process.aspace);
          other.setAddressSpace(running.process.aspace.rootPpn, running.process.aspace.asid, false);
        }
      }
    }
    hart.setAddressSpace(aspace.rootPpn, aspace.asid, false);
  }

  /** Invalidates one page's translation on every hart (after unmapping or narrowing it). */
  shootdown(asid: number, vpn: number): void {
    for (const hart of this.harts) {
      if (this.config.asid) hart.tlb.flushPage(vpn, asid);
      else if (hart.asid === asid) hart.tlb.flushPage(vpn, 0);
    }
  }

  // ---- reporting ----

  reportUnimplemented(nr: number, name: string): void {
    if (this.reportedSyscalls.has(nr)) return;
    this.reportedSyscalls.add(nr);
    const message = `syscall ${nr} (${name}) is not implemented yet; it returned -ENOSYS`;
    this.notices.push(message);
    this.events.push({ kind: 'notice', cycles: this.now(), message });
  }

  /** Simulated time: the furthest any hart has got, in cycles. */
  now(): number {
    let t = 0;
    for (const hart of this.harts) t = Math.max(t, hart.cycles);
    return t;
  }
}
