/* setjmp/longjmp, sigsetjmp's saved mask, and ucontext coroutines (swapcontext ping-pong,
   makecontext arguments, uc_link on return). */
#include <setjmp.h>
#include <signal.h>
#include <ucontext.h>
#include "test.h"

static jmp_buf jump_target;
static int depth_reached;

static void dive(int depth) {
  depth_reached = depth;
  if (depth == 10) longjmp(jump_target, depth * 3);
  dive(depth + 1);
}

static void test_setjmp(void) {
  volatile int calls = 0;
  int value = setjmp(jump_target);
  calls++;
  if (value == 0) dive(1);
  ASSERT(30, value);
  ASSERT(10, depth_reached);
  ASSERT(2, calls);
  value = setjmp(jump_target);
  if (value == 0) longjmp(jump_target, 0);
  ASSERT(1, value);
}

static void test_sigsetjmp_mask(void) {
  sigjmp_buf env;
  sigset_t blocked, current;
  sigemptyset(&blocked);
  sigprocmask(SIG_SETMASK, &blocked, NULL);
  if (sigsetjmp(env, 1) == 0) {
    sigaddset(&blocked, SIGUSR1);
    sigprocmask(SIG_BLOCK, &blocked, NULL);
    siglongjmp(env, 1);
  }
  sigprocmask(SIG_BLOCK, NULL, &current);
  ASSERT(0, sigismember(&current, SIGUSR1));
}

static ucontext_t main_context, ping_context, pong_context;
static char ping_stack[16384], pong_stack[16384];
static char trace[64];
static int trace_length;

static void ping(int a, int b) {
  int i;
  for (i = 0; i < 3; i++) {
    trace[trace_length++] = (char)('a' + a + i);
    swapcontext(&ping_context, &pong_context);
  }
  trace[trace_length++] = (char)('0' + b);
}

static void pong(void) {
  int i;
  for (i = 0; i < 3; i++) {
    trace[trace_length++] = (char)('A' + i);
    swapcontext(&pong_context, &ping_context);
  }
}

static void test_ucontext(void) {
  volatile int resumed = 0;
  ASSERT(0, getcontext(&ping_context));
  ping_context.uc_stack.ss_sp = ping_stack;
  ping_context.uc_stack.ss_size = sizeof(ping_stack);
  ping_context.uc_link = &main_context;
  makecontext(&ping_context, (void (*)())ping, 2, 1, 7);
  ASSERT(0, getcontext(&pong_context));
  pong_context.uc_stack.ss_sp = pong_stack;
  pong_context.uc_stack.ss_size = sizeof(pong_stack);
  pong_context.uc_link = &main_context;
  makecontext(&pong_context, pong, 0);
  ASSERT(0, swapcontext(&main_context, &ping_context));
  trace[trace_length] = '\0';
  ASSERT(0, strcmp(trace, "bAcBdC7"));
  getcontext(&main_context);
  if (!resumed) {
    resumed = 1;
    setcontext(&main_context);
  }
  ASSERT(1, resumed);
}

int main(void) {
  test_setjmp();
  test_sigsetjmp_mask();
  test_ucontext();
  return test_done();
}
