/* User contexts in riscv32 glibc's layout, which is also what the kernel hands a SA_SIGINFO
   handler: uc_sigmask at 20, uc_mcontext at 160 (the kernel aligns it to 16), its __gregs[0]
   the pc and __gregs[1..31] the registers x1..x31. getcontext & co. save only integer state. */
#ifndef _UCONTEXT_H
#define _UCONTEXT_H

#include <bits/types.h>
#include <signal.h>

#define NGREG 32
#define REG_PC 0
#define REG_RA 1
#define REG_SP 2
#define REG_TP 4
#define REG_S0 8
#define REG_A0 10
#define REG_S2 18

typedef unsigned long greg_t;
typedef unsigned long gregset_t[NGREG];

typedef struct {
  unsigned long long __f[64];
  unsigned int __fcsr;
  unsigned int __reserved[3];
} fpregset_t;

typedef struct {
  gregset_t __gregs;
  fpregset_t __fpregs;
} mcontext_t;

typedef struct ucontext_t {
  unsigned long uc_flags;
  struct ucontext_t *uc_link;
  stack_t uc_stack;
  sigset_t uc_sigmask;
  unsigned long __align_pad[3];
  mcontext_t uc_mcontext;
} ucontext_t;

int getcontext(ucontext_t *ucp);
int setcontext(const ucontext_t *ucp);
int swapcontext(ucontext_t *oucp, const ucontext_t *ucp);
void makecontext(ucontext_t *ucp, void (*func)(), int argc, ...);

#endif
