// Decoders for the signal calls: handlers and masks (rt_sigaction, rt_sigprocmask,
// rt_sigpending, rt_sigsuspend), interval timers, and rt_sigreturn, whose argument strace reads
// from the signal frame at the stack pointer (`{mask=[]}`) and whose result is the a0 the frame
// restores, so a call a handler interrupted shows its `-1 EINTR` there.

import { ITIMER_WHICH, SIGPROCMASK_HOW, xlatText } from './decode-flags';
import { itimervalText, sigactionText, sigsetText, sizedSigsetText } from './decode-structs';
import { structArg, succeeded, type ArgsDecoder, type CallContext, type ResultDecoder } from './call-context';
import { pointer } from './quote';
import { resultText } from './result';
import { signalName } from '../signal';

// The riscv rt_sigframe (arch/riscv/kernel/signal.c): a 128-byte siginfo, then the ucontext with
// uc_sigmask at 20 and uc_mcontext (pc, then x1..x31) at 160.
const FRAME_UCONTEXT = 128;
const FRAME_SIGMASK = FRAME_UCONTEXT + 20;
const FRAME_A0 = FRAME_UCONTEXT + 160 + 4 * 10;

function rtSigaction(ctx: CallContext): string[] {
  const [signum, act, oldact, size] = ctx.args;
  return [signalName(signum), structArg(ctx, act, true, sigactionText), structArg(ctx, oldact, succeeded(ctx), sigactionText), String(size >>> 0)];
}

function rtSigprocmask(ctx: CallContext): string[] {
  const [how, set, oldset, size] = ctx.args;
  const mask = (va: number, show: boolean) => structArg(ctx, va, show, (mem, at) => sizedSigsetText(mem, at, size >>> 0));
  return [xlatText(SIGPROCMASK_HOW, how, 'SIG_???'), mask(set, true), mask(oldset, succeeded(ctx)), String(size >>> 0)];
}

function rtSigpending(ctx: CallContext): string[] {
  const [set, size] = ctx.args;
  return [structArg(ctx, set, succeeded(ctx), (mem, at) => sizedSigsetText(mem, at, size >>> 0)), String(size >>> 0)];
}

function rtSigsuspend(ctx: CallContext): string[] {
  const [mask, size] = ctx.args;
  return [structArg(ctx, mask, true, (mem, at) => sizedSigsetText(mem, at, size >>> 0)), String(size >>> 0)];
}

// Without the frame's address strace prints no argument at all.
function rtSigreturn(ctx: CallContext): string[] {
  if (ctx.sp === undefined) return [];
  const at = (ctx.sp + FRAME_SIGMASK) >>> 0;
  return [`{mask=${sigsetText(ctx.mem, at) ?? pointer(at)}}`];
}

function rtSigreturnResult(ctx: CallContext): string | null {
  if (ctx.result !== 'no-return' || ctx.sp === undefined) return null;
  const a0 = ctx.mem.u32((ctx.sp + FRAME_A0) >>> 0);
  return a0 === null ? null : resultText('rt_sigreturn', a0 | 0);
}

function setitimer(ctx: CallContext): string[] {
  const [which, value, old] = ctx.args;
  return [xlatText(ITIMER_WHICH, which | 0, 'ITIMER_???'), structArg(ctx, value, true, itimervalText), structArg(ctx, old, succeeded(ctx), itimervalText)];
}

function getitimer(ctx: CallContext): string[] {
  const [which, value] = ctx.args;
  return [xlatText(ITIMER_WHICH, which | 0, 'ITIMER_???'), structArg(ctx, value, succeeded(ctx), itimervalText)];
}

export const SIGNAL_DECODERS: Readonly<Record<string, ArgsDecoder>> = {
  rt_sigaction: rtSigaction,
  rt_sigprocmask: rtSigprocmask,
  rt_sigpending: rtSigpending,
  rt_sigsuspend: rtSigsuspend,
  rt_sigreturn: rtSigreturn,
  setitimer,
  getitimer,
};

export const SIGNAL_RESULTS: Readonly<Record<string, ResultDecoder>> = {
  rt_sigreturn: rtSigreturnResult,
};
