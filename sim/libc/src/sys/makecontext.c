/* makecontext: point a saved context at a function running on its own stack. The arguments go
   in a0-a7 (at most eight: RV32 passes no more in registers, and this libc puts none on the
   stack); ra is __start_context (ucontext.s), which resumes uc_link when the function returns,
   and s0 carries uc_link there because the function preserves it as any callee must. */
#include <stdarg.h>
#include <ucontext.h>

#define REG_S0_INDEX 8
#define MAX_REGISTER_ARGS 8

void __start_context(void);

void makecontext(ucontext_t *ucp, void (*func)(), int argc, ...) {
  unsigned long *regs = ucp->uc_mcontext.__gregs;
  unsigned long top = (unsigned long)ucp->uc_stack.ss_sp + ucp->uc_stack.ss_size;
  va_list ap;
  int i;
  regs[REG_PC] = (unsigned long)func;
  regs[REG_RA] = (unsigned long)__start_context;
  regs[REG_SP] = top & ~15ul;
  regs[REG_S0_INDEX] = (unsigned long)ucp->uc_link;
  if (argc > MAX_REGISTER_ARGS) argc = MAX_REGISTER_ARGS;
  va_start(ap, argc);
  for (i = 0; i < argc; i++) regs[REG_A0 + i] = va_arg(ap, unsigned long);
  va_end(ap);
}
