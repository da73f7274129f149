// Where a debugged program's terminal is, chosen at launch (launch.json's `console`): in VS Code,
// a Pseudoterminal the extension keeps (output as `oslab/terminalOutput` events, input by the
// `oslab/terminalInput` request); under `oslab dap`, a terminal the client opens for
// `oslab tty-bridge` through the runInTerminal reverse request, joined over a loopback socket;
// otherwise the Debug Console (`output` events, stdin the launch's text then end of file). The
// terminals pass raw keys and output both ways: echo, line editing and ^C are the kernel's line
// discipline's. The session (debug/session.ts) only forwards to this; the runtime stays unaware
// of any of it.

import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Event, OutputEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { readMessages, writeMessage } from './bridge-wire';
import { launchConsole, TERMINAL_OUTPUT_EVENT, type OslabLaunchArguments, type OslabTerminalInputArguments, type OslabTerminalOutputBody } from './protocol';

/** Who can show the program a terminal: the VS Code extension, or a client that runs `bridgeCommand PORT TOKEN`. */
export type TerminalHost = 'extension' | { readonly bridgeCommand: readonly string[] };

export interface OslabSessionOptions {
  /** Without it, program I/O is always the Debug Console's. */
  readonly terminal?: TerminalHost;
}

/** Where typed input goes: the runtime (MachineRuntime). */
export interface ProgramInput {
  typeInput(bytes: Uint8Array): void;
  typeEndOfInput(): void;
  interrupt(): void;
}

/** What this needs of the session: its events, and the runInTerminal reverse request. */
export interface AdapterChannel {
  sendEvent(event: DebugProtocol.Event): void;
  runInTerminal(args: DebugProtocol.RunInTerminalRequestArguments, timeoutMs: number): Promise<DebugProtocol.Response>;
}

type Route = 'console' | 'extension' | 'bridge';

/** How long the client may take to open the terminal, then the bridge to connect. */
const RUN_IN_TERMINAL_MS = 10_000;
const BRIDGE_CONNECT_MS = 5_000;

export class ProgramTerminal {
  private route: Route | null = null;
  private clientRunsTerminals = false;
  /** Why the terminal asked for is not there, said when the launch goes on (connect). */
  private fallbackReason: string | null = null;
  private input: ProgramInput | null = null;
  private bridge: Socket | null = null;
  private readonly encoder = new TextEncoder();

  constructor(
    private readonly host: TerminalHost | undefined,
    private readonly channel: AdapterChannel,
  ) {}

  /** From `initialize`: whether the client serves runInTerminal. */
  noteClient(args: DebugProtocol.InitializeRequestArguments): void {
    this.clientRunsTerminals = args.supportsRunInTerminalRequest === true;
  }

  /** Whether the runtime is launched interactive: stdin stays open for typed input. Decided at the first launch, kept across restarts. */
  interactive(launch: OslabLaunchArguments): boolean {
    this.route ??= this.chooseRoute(launch);
    return this.route !== 'console';
  }

  /** The runtime typed input goes to (a restart brings a new one). */
  attach(input: ProgramInput): void {
    this.input = input;
  }

  /** Opens the bridge's terminal when that is the route; else, or when that fails, says why output goes to the Debug Console. */
  async connect(launch: OslabLaunchArguments): Promise<void> {
    let reason = this.fallbackReason;
    this.fallbackReason = null;
    if (this.route === 'bridge' && !this.bridge) {
      const bridge = await this.openBridge(launch);
      if (typeof bridge !== 'string') this.bridge = bridge;
      else {
        this.fallBack();
        reason = bridge;
      }
    }
    if (reason) this.console(`oslab: ${reason}; program output goes to the Debug Console, and stdin is the launch's "stdin" text, then end of file.\n`);
  }

  output(event: { readonly category: 'stdout' | 'stderr' | 'console'; readonly text: string }): void {
    if (event.category === 'console') return this.console(event.text);
    const body: OslabTerminalOutputBody = { text: event.text, category: event.category };
    if (this.route === 'extension') return this.channel.sendEvent(new Event(TERMINAL_OUTPUT_EVENT, body));
    if (this.route === 'bridge' && this.bridge) return writeMessage(this.bridge, body);
    // The Debug Console shows lines, not a terminal's screen: the "\r" of each "\r\n" the tty sends goes.
    this.channel.sendEvent(new OutputEvent(event.text.replace(/\r\n/g, '\n'), event.category));
  }

  exited(exitCode: number): void {
    const bridge = this.bridge;
    if (!bridge) return;
    this.bridge = null;
    writeMessage(bridge, { exitCode });
    bridge.end();
  }

  /** The `oslab/terminalInput` request, or the bridge's input. Throws when stdin is not a terminal. */
  typed(args: OslabTerminalInputArguments): void {
    if (this.route === 'console' || this.route === null || !this.input) throw new Error('the program has no terminal to type into (launch it with "console": "integratedTerminal")');
    if (typeof args.text === 'string' && args.text !== '') this.input.typeInput(this.encoder.encode(args.text));
    if (args.eof === true) this.input.typeEndOfInput();
    if (args.interrupt === true) this.input.interrupt();
  }

  close(): void {
    const bridge = this.bridge;
    this.bridge = null;
    bridge?.end();
  }

  // ---- internals ----

  private chooseRoute(launch: OslabLaunchArguments): Route {
    if (launchConsole(launch, this.host === 'extension') !== 'integratedTerminal' || this.host === undefined) return 'console';
    if (this.host === 'extension') return 'extension';
    if (this.clientRunsTerminals) return 'bridge';
    this.fallbackReason = 'this debugger client cannot open a terminal (it did not announce supportsRunInTerminalRequest)';
    return 'console';
  }

  private fallBack(): void {
    this.route = 'console';
    this.input?.typeEndOfInput();
  }

  private console(text: string): void {
    this.channel.sendEvent(new OutputEvent(text, 'console'));
  }

  /** The connected bridge, or why there is none. */
  private async openBridge(launch: OslabLaunchArguments): Promise<Socket | string> {
    if (this.host === undefined || this.host === 'extension') return 'no terminal bridge';
    const token = randomBytes(16).toString('hex');
    const server = createServer();
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
      const accepted = this.acceptBridge(server, token);
      const port = (server.address() as AddressInfo).port;
      const args = [...this.host.bridgeCommand, String(port), token];
      const response = await this.channel.runInTerminal({ kind: 'integrated', title: `oslab: ${basename(launch.program)}`, cwd: launch.cwd ?? process.cwd(), args }, RUN_IN_TERMINAL_MS);
      if (!response.success) return `the client did not open a terminal (${response.message ?? 'runInTerminal failed'})`;
      return (await within(accepted, BRIDGE_CONNECT_MS)) ?? `the terminal's bridge did not connect within ${BRIDGE_CONNECT_MS / 1000} s`;
    } catch (error) {
      return `cannot open a terminal: ${(error as Error).message}`;
    } finally {
      server.close();
    }
  }

  // Only a connection that first presents the token is the bridge: any other local process
  // could connect to the port.
  private acceptBridge(server: Server, token: string): Promise<Socket> {
    return new Promise((resolve) => {
      let accepted = false;
      server.on('connection', (socket: Socket) => {
        if (accepted) return socket.destroy();
        let authenticated = false;
        // One that connects and says nothing must not keep the adapter's process alive.
        socket.setTimeout(RUN_IN_TERMINAL_MS + BRIDGE_CONNECT_MS, () => socket.destroy());
        readMessages(socket, (message) => {
          if (authenticated) return this.bridgeInput(message);
          if (accepted || message.token !== token) return socket.destroy();
          authenticated = accepted = true;
          socket.setTimeout(0);
          socket.on('close', () => this.bridgeClosed(socket));
          resolve(socket);
        });
      });
    });
  }

  private bridgeInput(message: Readonly<Record<string, unknown>>): void {
    try {
      this.typed({ text: typeof message.text === 'string' ? message.text : undefined, eof: message.eof === true, interrupt: message.interrupt === true });
    } catch {
      // Typed after the terminal was given up: nothing reads it.
    }
  }

  // The user closed the terminal while the program runs: its output carries on in the Debug
  // Console, and its stdin ends (as a hung-up tty reads).
  private bridgeClosed(socket: Socket): void {
    if (this.bridge !== socket) return;
    this.bridge = null;
    this.fallBack();
    this.console(`oslab: the terminal was closed; program output goes to the Debug Console, and stdin is at end of file.\n`);
  }
}

/** `promise`'s value, or null when it takes longer than `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
