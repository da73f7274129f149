// What the program-terminal scenarios share: C programs that read their terminal, the adapter
// run in-process as the VS Code extension runs it (OslabDebugSession with the extension's
// terminal), and a DebugClient that answers the adapter's reverse requests (runInTerminal),
// which @vscode/debugadapter-testsupport's DebugClient ignores.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { OslabDebugSession } from '../../debug/session';
import type { OslabSessionOptions } from '../../debug/terminal';

/** Reads lines until end of file, printing each numbered and in capitals, then how many. */
export const UPPER_C = `#include <ctype.h>
#include <stdio.h>
int main(void) {
  char line[128];
  int n = 0;
  printf("type lines\\n");
  while (fgets(line, sizeof line, stdin)) {
    for (char *p = line; *p; p++) *p = toupper((unsigned char)*p);
    printf("%d: %s", ++n, line);
  }
  printf("bye after %d lines\\n", n);
  return 0;
}
`;

/** Blocks in read(2) on its terminal. */
export const BLOCKED_C = `#include <stdio.h>
#include <unistd.h>
int main(void) {
  char buf[16];
  printf("ready\\n");
  long n = read(0, buf, sizeof buf);
  printf("read returned %ld\\n", n);
  return 0;
}
`;

/** Writes `source` as `name` in a fresh folder; returns its path. */
export function writeProgram(name: string, source: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'oslab-term-')), name);
  writeFileSync(path, source);
  return path;
}

type Message = DebugProtocol.ProtocolMessage & { event?: string; command?: string; body?: unknown; success?: boolean; message?: string; request_seq?: number };

/** The adapter in this process, driven by messages as VS Code's inline implementation drives it. */
export class InProcessAdapter {
  readonly session: OslabDebugSession;
  readonly messages: Message[] = [];
  /** Called with every message the adapter sends (as VS Code's debug adapter trackers are). */
  readonly observers: ((message: DebugProtocol.ProtocolMessage) => void)[] = [];
  private seq = 1;
  private readonly waiters: { test: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];

  constructor(session: OslabDebugSession | OslabSessionOptions) {
    this.session = session instanceof OslabDebugSession ? session : new OslabDebugSession(session);
    this.session.onDidSendMessage((sent) => {
      const message = sent as Message;
      this.messages.push(message);
      for (const observe of this.observers) observe(message);
      for (const waiter of [...this.waiters]) {
        if (!waiter.test(message)) continue;
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    });
  }

  /** Sends a request; resolves with its response (failed ones too). */
  request(command: string, args: object = {}): Promise<Message> {
    const seq = this.seq++;
    const response = this.next((m) => m.type === 'response' && m.request_seq === seq);
    this.session.handleMessage({ seq, type: 'request', command, arguments: args } as DebugProtocol.Request);
    return response;
  }

  /** The first message from now on that passes `test`. */
  next(test: (m: Message) => boolean): Promise<Message> {
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  /** initialize, launch, configurationDone; resolves when the launch is answered. */
  async launch(args: object): Promise<Message> {
    await this.request('initialize', { adapterID: 'oslab', linesStartAt1: true, columnsStartAt1: true });
    const launched = this.request('launch', args);
    await this.next((m) => m.event === 'initialized');
    await this.request('configurationDone');
    return launched;
  }

  /** Everything sent so far as `event` with the given body category, concatenated. */
  text(event: 'oslab/terminalOutput' | 'output', category: string): string {
    return this.messages
      .filter((m) => m.event === event && (m.body as { category?: string }).category === category)
      .map((m) => (m.body as { text?: string; output?: string }).text ?? (m.body as { output: string }).output)
      .join('');
  }

  /** Resolves once `event`/`category` text so far matches `pattern`. */
  async textMatching(event: 'oslab/terminalOutput' | 'output', category: string, pattern: RegExp): Promise<string> {
    for (;;) {
      const text = this.text(event, category);
      if (pattern.test(text)) return text;
      if (this.messages.some((m) => m.event === 'terminated')) throw new Error(`the session ended without ${pattern}: ${JSON.stringify(text)}`);
      await this.next((m) => m.event === event || m.event === 'terminated');
    }
  }

  dispose(): void {
    this.session.dispose();
  }
}

/** Makes `client` answer the adapter's reverse requests with `answer`'s body, or fail them when it throws. */
export function answerReverseRequests(client: DebugClient, answer: (request: DebugProtocol.Request) => Promise<object>): void {
  const raw = client as unknown as { dispatch(body: string): void; outputStream: { write(data: string): void } };
  const dispatch = raw.dispatch.bind(client);
  raw.dispatch = (body: string) => {
    const message = JSON.parse(body) as Message;
    if (message.type !== 'request') return dispatch(body);
    const request = message as DebugProtocol.Request;
    const reply = (fields: object) => {
      const json = JSON.stringify({ type: 'response', seq: 0, request_seq: request.seq, command: request.command, ...fields });
      raw.outputStream.write(`Content-Length: ${Buffer.byteLength(json, 'utf8')}\r\n\r\n${json}`);
    };
    answer(request).then(
      (body) => reply({ success: true, body }),
      (error: Error) => reply({ success: false, message: error.message }),
    );
  };
}
