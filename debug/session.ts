// The Debug Adapter: one method per DAP request, each translating between the protocol and the
// runtime (debug/runtime.ts), which knows nothing of DAP. It advertises only what it serves.
// Runs inline in the extension host and as `oslab dap` on stdin/stdout (cli/dap.ts).

import { basename } from 'node:path';
import { CapabilitiesEvent, Event, InitializedEvent, LoggingDebugSession, OutputEvent, Scope, Source, StackFrame, StoppedEvent, TerminatedEvent, ExitedEvent, ThreadEvent, Thread, MemoryEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { MachineOptions } from '../sim/config';
import { DEFAULT_CACHES } from '../sim/config';
import { disassembleAround } from './disassemble';
import { prepareProgram } from './program';
import { PANEL_DATA_REQUEST, STOPPED_EVENT, TERMINAL_INPUT_REQUEST, type OslabLaunchArguments, type OslabPanelDataArguments, type OslabStoppedBody, type OslabTerminalInputArguments } from './protocol';
import { panelData } from './panel-data';
import { MachineRuntime, type RuntimeEvent } from './runtime';
import { unwindStack, type StackFrameInfo } from './stack';
import { stepInstruction, stepLine, stepOut } from './stepping';
import { reverseContinue, stepBackInstruction, stepBackLine } from './reverse';
import { EXCEPTION_FILTERS, type EnabledFilter } from './syscall-filters';
import { isHitCondition, type UserBreakpoint } from './breakpoints';
import { createValueStore, decodeMemoryReference, encodeMemoryReference, type ValueContext, type ValueNode } from './values';
import { readProcessMemory, writeProcessMemory } from './memory';
import { ProgramTerminal, type OslabSessionOptions } from './terminal';
import { machineFiles } from '../host/machine-files';

const SCOPE_HINTS: Record<string, DebugProtocol.Scope['presentationHint']> = { Locals: 'locals', Arguments: 'arguments', Registers: 'registers' };

export class OslabDebugSession extends LoggingDebugSession {
  private runtime: MachineRuntime | null = null;
  /** The run being debugged (the bench reads its timings). */
  get currentRuntime(): MachineRuntime | null {
    return this.runtime;
  }
  private generation = 0;
  /** Counts `oslab/panelData` replies, so panels can tell the newest. */
  private panelSequence = 0;
  private launchArgs: OslabLaunchArguments | null = null;
  private configured: () => void = () => {};
  private readonly configurationDone = new Promise<void>((resolve) => (this.configured = resolve));
  /** Frames of the current stop, by DAP frame id; dropped at every resume. */
  private frames = new Map<number, StackFrameInfo>();
  private nextFrameId = 1;
  /** The last breakpoint requests, replayed on restart. */
  private readonly sourceBreakpoints = new Map<string, DebugProtocol.SetBreakpointsArguments>();
  private functionBreakpoints: DebugProtocol.FunctionBreakpoint[] = [];
  private instructionBreakpoints: DebugProtocol.InstructionBreakpoint[] = [];
  private filters: EnabledFilter[] = [];
  private dataBreakpoints: DebugProtocol.DataBreakpoint[] = [];
  private readonly values = createValueStore();
  /** Where the program's stdin, stdout and stderr are (debug/terminal.ts). */
  private readonly terminal: ProgramTerminal;

  constructor(options: OslabSessionOptions = {}) {
    super();
    this.terminal = new ProgramTerminal(options.terminal, {
      sendEvent: (event) => this.sendEvent(event),
      runInTerminal: (args, timeoutMs) => new Promise((resolve) => this.runInTerminalRequest(args, timeoutMs, resolve)),
    });
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse, args: DebugProtocol.InitializeRequestArguments): void {
    this.terminal.noteClient(args);
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsFunctionBreakpoints: true,
      supportsConditionalBreakpoints: true,
      supportsEvaluateForHovers: true,
      supportsSetVariable: true,
      supportsDataBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsInstructionBreakpoints: true,
      supportsSteppingGranularity: true,
      supportsDisassembleRequest: true,
      supportsReadMemoryRequest: true,
      supportsWriteMemoryRequest: true,
      supportsRestartRequest: true,
      supportsTerminateRequest: true,
      supportsExceptionFilterOptions: true,
      exceptionBreakpointFilters: EXCEPTION_FILTERS.map((f) => ({ ...f, default: false })),
    };
    this.sendResponse(response);
  }

  protected override async launchRequest(response: DebugProtocol.LaunchResponse, args: DebugProtocol.LaunchRequestArguments): Promise<void> {
    const launch = args as OslabLaunchArguments;
    this.launchArgs = launch;
    try {
      this.createRuntime(launch);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.sendEvent(new OutputEvent(message + '\n', 'stderr'));
      this.sendErrorResponse(response, { id: 1001, format: message, showUser: true });
      this.sendEvent(new TerminatedEvent());
      return;
    }
    await this.terminal.connect(launch);
    // Reverse execution is announced only when this run keeps its history.
    if (this.runtime?.history) this.sendEvent(new CapabilitiesEvent({ supportsStepBack: true }));
    this.sendEvent(new InitializedEvent());
    await Promise.race([this.configurationDone, new Promise((resolve) => setTimeout(resolve, 2000))]);
    this.sendResponse(response);
    void this.runtime?.start(launch.stopOnEntry === true);
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.sendResponse(response);
    this.configured();
  }

  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    const path = args.source.path ?? '';
    this.sourceBreakpoints.set(path, args);
    const runtime = this.runtime;
    if (!runtime) return this.sendErrorResponse(response, 1002, 'no program is loaded');
    const requested: DebugProtocol.SourceBreakpoint[] = args.breakpoints ?? (args.lines ?? []).map((line) => ({ line }));
    const set = runtime.breakpoints.setLineBreakpoints(runtime.program, path, requested.map((b) => ({ line: b.line, condition: b.condition, hitCondition: validHit(b.hitCondition), logMessage: b.logMessage })));
    runtime.syncBreakpoints();
    response.body = { breakpoints: set.map((bp) => this.toBreakpoint(bp, args.source)) };
    this.sendResponse(response);
  }

  protected override setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    this.functionBreakpoints = args.breakpoints;
    const runtime = this.runtime;
    if (!runtime) return this.sendErrorResponse(response, 1002, 'no program is loaded');
    const set = runtime.breakpoints.setFunctionBreakpoints(runtime.program, args.breakpoints.map((b) => ({ name: b.name, condition: b.condition, hitCondition: validHit(b.hitCondition) })));
    runtime.syncBreakpoints();
    response.body = { breakpoints: set.map((bp) => this.toBreakpoint(bp)) };
    this.sendResponse(response);
  }

  protected override setInstructionBreakpointsRequest(response: DebugProtocol.SetInstructionBreakpointsResponse, args: DebugProtocol.SetInstructionBreakpointsArguments): void {
    this.instructionBreakpoints = args.breakpoints;
    const runtime = this.runtime;
    if (!runtime) return this.sendErrorResponse(response, 1002, 'no program is loaded');
    const requests = args.breakpoints.map((b) => ({ address: addressOf(b.instructionReference) + (b.offset ?? 0), hitCondition: validHit(b.hitCondition) }));
    const set = runtime.breakpoints.setInstructionBreakpoints(requests);
    runtime.syncBreakpoints();
    response.body = { breakpoints: set.map((bp) => ({ ...this.toBreakpoint(bp), instructionReference: bp.addresses[0] !== undefined ? `0x${bp.addresses[0].toString(16)}` : undefined })) };
    this.sendResponse(response);
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    const filters: EnabledFilter[] = [...args.filters.map((filterId) => ({ filterId })), ...(args.filterOptions ?? []).map((o) => ({ filterId: o.filterId, condition: o.condition }))];
    try {
      this.runtime?.setExceptionFilters(filters);
      this.filters = filters;
    } catch (error) {
      return this.sendErrorResponse(response, { id: 1003, format: (error as Error).message, showUser: true });
    }
    response.body = { breakpoints: filters.map(() => ({ verified: true })) };
    this.sendResponse(response);
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    const snapshot = this.runtime?.hasEnded === false ? this.runtime.machine.snapshot(this.runtime.epoch) : null;
    const threads: Thread[] = [];
    for (const process of snapshot?.processes ?? []) {
      if (process.state === 'zombie') continue;
      for (const t of process.threads) {
        const where = t.hart >= 0 ? `running on cpu${t.hart}` : t.waitingFor ? `${t.state}: ${t.waitingFor}` : t.state;
        threads.push(new Thread(t.tid, `pid ${process.pid} · tid ${t.tid} · ${process.comm} [${where}]`));
      }
    }
    response.body = { threads };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    const runtime = this.runtime;
    if (!runtime || runtime.isRunning) return this.sendErrorResponse(response, 1004, 'the program is running');
    const all = unwindStack(runtime.machine, runtime.programOf(args.threadId), args.threadId);
    const start = args.startFrame ?? 0;
    const chosen = all.slice(start, args.levels ? start + args.levels : undefined);
    response.body = {
      totalFrames: all.length,
      stackFrames: chosen.map((f) => {
        const id = this.nextFrameId++;
        this.frames.set(id, f);
        const frame = new StackFrame(id, f.name, f.source ? new Source(basename(f.source.path), f.source.path) : undefined, f.source?.line ?? 0, f.source?.column ?? 0);
        const dap = frame as DebugProtocol.StackFrame;
        dap.instructionPointerReference = encodeMemoryReference(f.pid, f.pc);
        if (f.libc || !f.source) dap.presentationHint = 'subtle';
        return dap;
      }),
    };
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const frame = this.frames.get(args.frameId);
    if (!frame || !this.runtime) return this.sendErrorResponse(response, 1005, 'no such frame (the program has moved on)');
    const scopes = this.values.scopes(this.context(frame));
    response.body = { scopes: scopes.map((s) => ({ ...new Scope(s.name, s.childrenRef, s.expensive), presentationHint: SCOPE_HINTS[s.name] })) };
    this.sendResponse(response);
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    this.answer(response, () => {
      const range = args.count ? { start: args.start ?? 0, count: args.count } : undefined;
      response.body = { variables: this.values.children(args.variablesReference, range).map(toVariable) };
    });
  }

  protected override evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    this.answer(response, () => {
      const node = this.values.evaluate(this.contextFor(args.frameId), args.expression);
      response.body = { result: node.value, type: node.type, variablesReference: node.childrenRef, namedVariables: node.namedChildren, indexedVariables: node.indexedChildren, memoryReference: node.memoryReference };
    });
  }

  protected override setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): void {
    this.answer(response, () => {
      const node = this.values.setVariable(args.variablesReference, args.name, args.value);
      this.runtime?.history?.forgetFuture();
      response.body = { value: node.value, type: node.type, variablesReference: node.childrenRef, namedVariables: node.namedChildren, indexedVariables: node.indexedChildren, memoryReference: node.memoryReference };
    });
  }

  protected override dataBreakpointInfoRequest(response: DebugProtocol.DataBreakpointInfoResponse, args: DebugProtocol.DataBreakpointInfoArguments): void {
    this.answer(response, () => {
      const ctx = this.contextFor(args.frameId);
      const target = args.variablesReference ? { ref: args.variablesReference, name: args.name } : { expression: args.name };
      const info = this.values.dataBreakpointInfo(ctx, target);
      response.body = info
        ? { dataId: `${ctx.frame.pid}:0x${info.address.toString(16)}:${info.size}`, description: info.description, accessTypes: ['write', 'read', 'readWrite'], canPersist: false }
        : { dataId: null, description: `${args.name} is not in memory` };
    });
  }

  protected override setDataBreakpointsRequest(response: DebugProtocol.SetDataBreakpointsResponse, args: DebugProtocol.SetDataBreakpointsArguments): void {
    this.dataBreakpoints = args.breakpoints;
    const runtime = this.runtime;
    if (!runtime) return this.sendErrorResponse(response, 1002, 'no program is loaded');
    const set = runtime.setDataBreakpoints(args.breakpoints.map((b) => ({ ...parseDataId(b.dataId), access: b.accessType ?? 'write' })));
    response.body = { breakpoints: set.map((bp) => ({ id: bp.id, verified: bp.verified, message: bp.message })) };
    this.sendResponse(response);
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    response.body = { allThreadsContinued: true };
    this.resume(response, (runtime) => runtime.continue());
  }

  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    this.resume(response, (runtime) => (args.granularity === 'instruction' ? stepInstruction(runtime, args.threadId) : stepLine(runtime, args.threadId, 'over')));
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    this.resume(response, (runtime) => (args.granularity === 'instruction' ? stepInstruction(runtime, args.threadId) : stepLine(runtime, args.threadId, 'in')));
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): void {
    this.resume(response, (runtime) => stepOut(runtime, args.threadId));
  }

  protected override stepBackRequest(response: DebugProtocol.StepBackResponse, args: DebugProtocol.StepBackArguments): void {
    if (!this.runtime?.history) return this.sendErrorResponse(response, 1010, 'this run keeps no history (launch with "history": true)');
    this.resume(response, (runtime) => (args.granularity === 'instruction' ? stepBackInstruction(runtime, args.threadId) : stepBackLine(runtime, args.threadId)));
  }

  protected override reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse, args: DebugProtocol.ReverseContinueArguments): void {
    if (!this.runtime?.history) return this.sendErrorResponse(response, 1010, 'this run keeps no history (launch with "history": true)');
    this.resume(response, (runtime) => reverseContinue(runtime, args.threadId));
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.runtime?.pause();
    this.sendResponse(response);
  }

  protected override disassembleRequest(response: DebugProtocol.DisassembleResponse, args: DebugProtocol.DisassembleArguments): void {
    const runtime = this.runtime;
    const where = this.memoryReference(args.memoryReference);
    if (!runtime || !where) return this.sendErrorResponse(response, 1006, `cannot disassemble at '${args.memoryReference}'`);
    const rows = disassembleAround(runtime.machine, runtime.programOf(where.pid), where.pid, where.address + (args.offset ?? 0), args.instructionOffset ?? 0, args.instructionCount);
    let lastPath: string | undefined;
    response.body = {
      instructions: rows.map((r) => {
        const instruction: DebugProtocol.DisassembledInstruction = { address: `0x${r.address.toString(16)}`, instruction: r.text, symbol: r.symbol };
        if (r.word === null) instruction.presentationHint = 'invalid';
        else instruction.instructionBytes = r.word.toString(16).padStart(8, '0');
        if (r.source) {
          if (r.source.path !== lastPath) instruction.location = new Source(basename(r.source.path), r.source.path);
          instruction.line = r.source.line;
          instruction.column = r.source.column;
          lastPath = r.source.path;
        }
        return instruction;
      }),
    };
    this.sendResponse(response);
  }

  protected override readMemoryRequest(response: DebugProtocol.ReadMemoryResponse, args: DebugProtocol.ReadMemoryArguments): void {
    const runtime = this.runtime;
    const where = this.memoryReference(args.memoryReference);
    if (!runtime || !where) return this.sendErrorResponse(response, 1007, `not a memory reference: '${args.memoryReference}'`);
    const address = (where.address + (args.offset ?? 0)) >>> 0;
    const { data, unreadable } = readProcessMemory(runtime.machine, where.pid, address, args.count);
    response.body = { address: `0x${address.toString(16)}`, data: Buffer.from(data).toString('base64'), unreadableBytes: unreadable };
    this.sendResponse(response);
  }

  protected override writeMemoryRequest(response: DebugProtocol.WriteMemoryResponse, args: DebugProtocol.WriteMemoryArguments): void {
    const runtime = this.runtime;
    const where = this.memoryReference(args.memoryReference);
    if (!runtime || !where) return this.sendErrorResponse(response, 1007, `not a memory reference: '${args.memoryReference}'`);
    const address = (where.address + (args.offset ?? 0)) >>> 0;
    const bytes = new Uint8Array(Buffer.from(args.data, 'base64'));
    const written = writeProcessMemory(runtime.machine, where.pid, address, bytes);
    if (written > 0) runtime.history?.forgetFuture();
    if (written === 0 && bytes.length > 0) return this.sendErrorResponse(response, 1009, `the program may not write memory at 0x${address.toString(16)}`);
    response.body = { offset: 0, bytesWritten: written };
    this.sendResponse(response);
    // Values shown elsewhere (Variables, other memory views) may have changed.
    this.sendEvent(new MemoryEvent(args.memoryReference, args.offset ?? 0, written));
  }

  protected override async restartRequest(response: DebugProtocol.RestartResponse): Promise<void> {
    const launch = this.launchArgs;
    if (!launch) return this.sendErrorResponse(response, 1008, 'nothing to restart');
    // The old run ends quietly: its events (terminated above all) would end the session.
    this.generation++;
    this.runtime?.terminate();
    try {
      this.createRuntime(launch);
    } catch (error) {
      return this.sendErrorResponse(response, { id: 1001, format: (error as Error).message, showUser: true });
    }
    const runtime = this.runtime!;
    for (const [path, args] of this.sourceBreakpoints) runtime.breakpoints.setLineBreakpoints(runtime.program, path, (args.breakpoints ?? []).map((b) => ({ line: b.line, condition: b.condition, hitCondition: validHit(b.hitCondition), logMessage: b.logMessage })));
    runtime.breakpoints.setFunctionBreakpoints(runtime.program, this.functionBreakpoints.map((b) => ({ name: b.name, condition: b.condition, hitCondition: validHit(b.hitCondition) })));
    runtime.breakpoints.setInstructionBreakpoints(this.instructionBreakpoints.map((b) => ({ address: addressOf(b.instructionReference) + (b.offset ?? 0) })));
    runtime.syncBreakpoints();
    runtime.setExceptionFilters(this.filters);
    runtime.setDataBreakpoints(this.dataBreakpoints.map((b) => ({ ...parseDataId(b.dataId), access: b.accessType ?? 'write' })));
    this.sendResponse(response);
    void runtime.start(launch.stopOnEntry === true);
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.runtime?.terminate();
    this.sendResponse(response);
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    this.runtime?.terminate();
    this.runtime = null;
    this.terminal.close();
    this.sendResponse(response);
  }

  protected override customRequest(command: string, response: DebugProtocol.Response, args: unknown): void {
    if (command === TERMINAL_INPUT_REQUEST) return this.answer(response, () => this.terminal.typed((args ?? {}) as OslabTerminalInputArguments));
    if (command === PANEL_DATA_REQUEST) return this.panelDataRequest(response, (args ?? {}) as OslabPanelDataArguments);
    super.customRequest(command, response, args);
  }

  private panelDataRequest(response: DebugProtocol.Response, args: OslabPanelDataArguments): void {
    const runtime = this.runtime;
    if (!runtime) return this.sendErrorResponse(response, 1011, 'no program is loaded');
    const tid = typeof args.tid === 'number' ? args.tid : undefined;
    response.body = panelData(runtime.machine, { epoch: runtime.epoch, sequence: ++this.panelSequence, running: runtime.isRunning, tid, fallbackTid: runtime.lastStoppedTid });
    this.sendResponse(response);
  }

  // ---- translation helpers ----

  private createRuntime(launch: OslabLaunchArguments): void {
    const cwd = launch.cwd ?? process.cwd();
    const program = prepareProgram(launch.program, cwd);
    for (const warning of program.warnings ?? []) this.sendEvent(new OutputEvent(warning + '\n', 'stderr'));
    const argv = [program.path, ...(launch.args ?? [])];
    // Events of a runtime replaced by a restart are dropped.
    const generation = ++this.generation;
    const interactive = this.terminal.interactive(launch);
    this.runtime = new MachineRuntime(program, { argv, stdin: launch.stdin ?? '', interactive, history: launch.history !== false, machine: machineOptions(launch, interactive), files: machineFiles({ workspace: cwd, writeThrough: launch.mountRw === true }) }, (event) => {
      if (this.generation === generation) this.onRuntimeEvent(event);
    });
    const runtime = this.runtime;
    this.terminal.attach(runtime);
    const innermost = (tid: number): ValueContext => ({ machine: runtime.machine, frame: unwindStack(runtime.machine, runtime.programOf(tid), tid, 1)[0] });
    runtime.evaluator = {
      condition: (tid, expression) => this.values.condition(innermost(tid), expression),
      interpolate: (tid, message) =>
        message.replace(/\{([^{}]+)\}/g, (_, expression: string) => {
          try {
            return this.values.evaluate(innermost(tid), expression).value;
          } catch (error) {
            return `<${(error as Error).message}>`;
          }
        }),
    };
    this.frames.clear();
  }

  private onRuntimeEvent(event: RuntimeEvent): void {
    switch (event.kind) {
      case 'output':
        return this.terminal.output(event);
      case 'thread':
        return this.sendEvent(new ThreadEvent(event.reason, event.tid));
      case 'exited':
        this.terminal.exited(event.exitCode);
        return this.sendEvent(new ExitedEvent(event.exitCode));
      case 'terminated':
        return this.sendEvent(new TerminatedEvent());
      case 'stopped': {
        const stopped = new StoppedEvent(event.reason, event.tid, event.text) as DebugProtocol.StoppedEvent;
        stopped.body.description = event.description;
        stopped.body.allThreadsStopped = true;
        if (event.breakpointIds.length > 0) stopped.body.hitBreakpointIds = [...event.breakpointIds];
        this.sendEvent(stopped);
        const body: OslabStoppedBody = { epoch: event.epoch, pid: event.pid, tid: event.tid, reason: event.reason, description: event.description, timeNs: event.timeNs, instructions: event.instructions };
        return this.sendEvent(new Event(STOPPED_EVENT, body));
      }
    }
  }

  private resume(response: DebugProtocol.Response, run: (runtime: MachineRuntime) => Promise<void>): void {
    const runtime = this.runtime;
    if (!runtime || runtime.hasEnded) return this.sendErrorResponse(response, 1009, 'the program has ended');
    if (runtime.isRunning) return this.sendErrorResponse(response, 1010, 'the program is already running');
    this.frames.clear();
    this.values.reset();
    this.sendResponse(response);
    void run(runtime);
  }

  private answer(response: DebugProtocol.Response, fill: () => void): void {
    try {
      fill();
    } catch (error) {
      return this.sendErrorResponse(response, { id: 1011, format: (error as Error).message.replace(/[{}]/g, ''), showUser: false });
    }
    this.sendResponse(response);
  }

  private context(frame: StackFrameInfo): ValueContext {
    return { machine: this.runtime!.machine, frame };
  }

  /** A request's frame, or the innermost frame of the last stopped thread. */
  private contextFor(frameId: number | undefined): ValueContext {
    const runtime = this.runtime;
    if (!runtime || runtime.isRunning) throw new Error('the program is running');
    const frame = frameId !== undefined ? this.frames.get(frameId) : unwindStack(runtime.machine, runtime.programOf(runtime.lastStoppedTid), runtime.lastStoppedTid, 1)[0];
    if (!frame) throw new Error('no such frame (the program has moved on)');
    return this.context(frame);
  }

  private toBreakpoint(bp: UserBreakpoint, source?: DebugProtocol.Source): DebugProtocol.Breakpoint {
    return { id: bp.id, verified: bp.verified, line: bp.line, source, message: bp.message, reason: bp.verified ? undefined : 'failed' };
  }

  /** "pid:0xADDR", or a bare address in the process of the last stop. */
  private memoryReference(reference: string): { pid: number; address: number } | null {
    const decoded = decodeMemoryReference(reference);
    if (decoded) return decoded;
    const address = addressOf(reference);
    const runtime = this.runtime;
    if (!runtime || Number.isNaN(address)) return null;
    const frame = [...this.frames.values()][0];
    return { pid: frame?.pid ?? runtime.machine.snapshot().processes[0]?.pid ?? 1, address };
  }
}

function toVariable(node: ValueNode): DebugProtocol.Variable {
  return { name: node.name, value: node.value, type: node.type, variablesReference: node.childrenRef, namedVariables: node.namedChildren, indexedVariables: node.indexedChildren, evaluateName: node.evaluateName, memoryReference: node.memoryReference };
}

/** dataBreakpointInfo's dataId: "pid:0xADDR:SIZE". */
function parseDataId(dataId: string): { pid: number; address: number; size: number } {
  const [pid, address, size] = dataId.split(':');
  return { pid: Number(pid), address: Number(address) >>> 0, size: Number(size) };
}

function addressOf(reference: string): number {
  const decoded = decodeMemoryReference(reference);
  if (decoded) return decoded.address;
  return Number(reference) >>> 0;
}

function validHit(condition: string | undefined): string | undefined {
  return condition !== undefined && isHitCondition(condition) ? condition : undefined;
}

// stdout and stderr are a terminal, the program terminal's or the Debug Console: line
// buffered, as in a shell, so output shows up as the lines that print it are stepped over.
// stdin is that terminal too when one is attached (`interactive`); without, it is the launch's
// "stdin" text, as `prog <<< text` gives it: no terminal, no echo.
function machineOptions(launch: OslabLaunchArguments, interactive: boolean): MachineOptions {
  return {
    tty: [interactive, true, true],
    ...(launch.cores !== undefined && { cores: launch.cores }),
    ...(launch.memory !== undefined && { memoryMiB: launch.memory }),
    ...(launch.scheduler !== undefined && { sched: launch.scheduler }),
    ...(launch.timeslice !== undefined && { sliceNs: launch.timeslice }),
    ...(launch.tlb !== undefined && { tlb: { entries: launch.tlb } }),
    ...(launch.asid !== undefined && { asid: launch.asid }),
    ...(launch.caches !== undefined && { caches: launch.caches ? DEFAULT_CACHES : null }),
    ...(launch.seed !== undefined && { seed: launch.seed }),
  };
}
