// Linux error numbers as the kernel returns them (negated) in a0, following the asm-generic
// numbering that RISC-V uses (include/uapi/asm-generic/errno-base.h and errno.h, 1..133). The
// kernel, the libc stub generator and the strace-like tracer all share this one list, so an
// error shown by the debugger is exactly the number a real riscv32 Linux would have produced.
// Also holds the kernel-internal restart codes (512..516), which never reach user space.

/** The user-visible errno values. Two aliases share a number, as in the C header. */
export const Errno = {
  EPERM: 1,
  ENOENT: 2,
  ESRCH: 3,
  EINTR: 4,
  EIO: 5,
  ENXIO: 6,
  E2BIG: 7,
  ENOEXEC: 8,
  EBADF: 9,
  ECHILD: 10,
  EAGAIN: 11,
  ENOMEM: 12,
  EACCES: 13,
  EFAULT: 14,
  ENOTBLK: 15,
  EBUSY: 16,
  EEXIST: 17,
  EXDEV: 18,
  ENODEV: 19,
  ENOTDIR: 20,
  EISDIR: 21,
  EINVAL: 22,
  ENFILE: 23,
  EMFILE: 24,
  ENOTTY: 25,
  ETXTBSY: 26,
  EFBIG: 27,
  ENOSPC: 28,
  ESPIPE: 29,
  EROFS: 30,
  EMLINK: 31,
  EPIPE: 32,
  EDOM: 33,
  ERANGE: 34,
  EDEADLK: 35,
  ENAMETOOLONG: 36,
  ENOLCK: 37,
  // Returned by the syscall entry for numbers absent from the table; handlers must not reuse it,
  // so "no such syscall" stays distinguishable from a real failure.
  ENOSYS: 38,
  ENOTEMPTY: 39,
  ELOOP: 40,
  // 41 is unassigned: EWOULDBLOCK is EAGAIN on Linux.
  ENOMSG: 42,
  EIDRM: 43,
  ECHRNG: 44,
  EL2NSYNC: 45,
  EL3HLT: 46,
  EL3RST: 47,
  ELNRNG: 48,
  EUNATCH: 49,
  ENOCSI: 50,
  EL2HLT: 51,
  EBADE: 52,
  EBADR: 53,
  EXFULL: 54,
  ENOANO: 55,
  EBADRQC: 56,
  EBADSLT: 57,
  // 58 is unassigned: EDEADLOCK is EDEADLK on asm-generic architectures.
  EBFONT: 59,
  ENOSTR: 60,
  ENODATA: 61,
  ETIME: 62,
  ENOSR: 63,
  ENONET: 64,
  ENOPKG: 65,
  EREMOTE: 66,
  ENOLINK: 67,
  EADV: 68,
  ESRMNT: 69,
  ECOMM: 70,
  EPROTO: 71,
  EMULTIHOP: 72,
  EDOTDOT: 73,
  EBADMSG: 74,
  EOVERFLOW: 75,
  ENOTUNIQ: 76,
  EBADFD: 77,
  EREMCHG: 78,
  ELIBACC: 79,
  ELIBBAD: 80,
  ELIBSCN: 81,
  ELIBMAX: 82,
  ELIBEXEC: 83,
  EILSEQ: 84,
  ERESTART: 85,
  ESTRPIPE: 86,
  EUSERS: 87,
  ENOTSOCK: 88,
  EDESTADDRREQ: 89,
  EMSGSIZE: 90,
  EPROTOTYPE: 91,
  ENOPROTOOPT: 92,
  EPROTONOSUPPORT: 93,
  ESOCKTNOSUPPORT: 94,
  EOPNOTSUPP: 95,
  EPFNOSUPPORT: 96,
  EAFNOSUPPORT: 97,
  EADDRINUSE: 98,
  EADDRNOTAVAIL: 99,
  ENETDOWN: 100,
  ENETUNREACH: 101,
  ENETRESET: 102,
  ECONNABORTED: 103,
  ECONNRESET: 104,
  ENOBUFS: 105,
  EISCONN: 106,
  ENOTCONN: 107,
  ESHUTDOWN: 108,
  ETOOMANYREFS: 109,
  ETIMEDOUT: 110,
  ECONNREFUSED: 111,
  EHOSTDOWN: 112,
  EHOSTUNREACH: 113,
  EALREADY: 114,
  EINPROGRESS: 115,
  ESTALE: 116,
  EUCLEAN: 117,
  ENOTNAM: 118,
  ENAVAIL: 119,
  EISNAM: 120,
  EREMOTEIO: 121,
  EDQUOT: 122,
  ENOMEDIUM: 123,
  EMEDIUMTYPE: 124,
  ECANCELED: 125,
  ENOKEY: 126,
  EKEYEXPIRED: 127,
  EKEYREVOKED: 128,
  EKEYREJECTED: 129,
  EOWNERDEAD: 130,
  ENOTRECOVERABLE: 131,
  ERFKILL: 132,
  EHWPOISON: 133,
  // Aliases come last so that errnoName() reports the canonical name for their number.
  EWOULDBLOCK: 11,
  EDEADLOCK: 35,
} as const;

export type ErrnoName = keyof typeof Errno;

/**
 * Codes the kernel uses internally to ask the syscall exit path to restart or fail an
 * interrupted call (include/linux/errno.h). The signal-delivery code must turn each into EINTR
 * or a restart before returning, so a user program never sees them.
 */
export const KernelErrno = {
  ERESTARTSYS: 512,
  ERESTARTNOINTR: 513,
  ERESTARTNOHAND: 514,
  ENOIOCTLCMD: 515,
  ERESTART_RESTARTBLOCK: 516,
} as const;

/**
 * Largest errno a syscall may return. A raw return value in [-MAX_ERRNO, -1] is an error, which
 * is how libc tells `-ENOENT` from a large valid result such as an mmap2 address.
 */
export const MAX_ERRNO = 4095;

const ALIASES = new Set<string>(['EWOULDBLOCK', 'EDEADLOCK']);
const NAME_BY_NUMBER = new Map<number, string>();
for (const [name, n] of Object.entries(Errno)) if (!ALIASES.has(name)) NAME_BY_NUMBER.set(n, name);
for (const [name, n] of Object.entries(KernelErrno)) NAME_BY_NUMBER.set(n, name);

/**
 * Canonical name of an errno, e.g. `errnoName(2) === 'ENOENT'`. Accepts the negated form the
 * kernel returns too (`errnoName(-2)`), since tracers mostly hold raw a0 values.
 */
export function errnoName(n: number): string | undefined {
  return NAME_BY_NUMBER.get(Math.abs(n));
}

/** Whether a raw syscall return value (as a signed 32-bit number) encodes an error. */
export function isErrorReturn(ret: number): boolean {
  const signed = ret | 0;
  return signed < 0 && signed >= -MAX_ERRNO;
}
