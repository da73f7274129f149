/* Non-local jumps: setjmp saves ra, sp and the callee-saved s0-s11 (no float registers: oslab
   is RV32IMA); sigsetjmp can also save the signal mask. */
#ifndef _SETJMP_H
#define _SETJMP_H

/* __regs: ra, sp, s0..s11 (offsets 0..52); then whether a mask was saved, and the mask. */
typedef struct __jmp_buf_tag {
  unsigned long __regs[14];
  int __mask_was_saved;
  unsigned long __saved_mask[2];
} jmp_buf[1];

typedef jmp_buf sigjmp_buf;

int setjmp(jmp_buf env);
int _setjmp(jmp_buf env);
_Noreturn void longjmp(jmp_buf env, int value);
_Noreturn void _longjmp(jmp_buf env, int value);
int sigsetjmp(sigjmp_buf env, int save_mask);
_Noreturn void siglongjmp(sigjmp_buf env, int value);

#endif
