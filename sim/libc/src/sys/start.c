/* Process start-up and the per-thread errno: __libc_start_main gives the main thread its
   control block (so errno and pthread_self work before main runs) and, when the program has
   thread-local variables, its TLS block; it records the environment, runs main and exits with
   its result through exit(), which flushes stdio. */
#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include "internal.h"

char **environ;

static struct __pthread static_main_thread;

/* Without thread-local variables the static block serves; with them the block must sit right
   below a TLS block, in memory mapped before anything (malloc included) can run. */
static struct __pthread *main_thread_block(void) {
  long area;
  if (!__tls_needed()) return &static_main_thread;
  area = __syscall6(SYS_mmap2, 0, (long)__tls_area_size(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (area < 0 && area > -4096) __syscall1(SYS_exit_group, 127);
  return __tls_layout((void *)area);
}

/* tp points just past the control block; thread-local data, were there any, would start there. */
void __pthread_install_tcb(struct __pthread *tcb) {
  tcb->self = tcb;
  __set_tp(tcb + 1);
}

struct __pthread *__pthread_self(void) {
  return (struct __pthread *)__get_tp() - 1;
}

int *__errno_location(void) {
  return &__pthread_self()->errno_value;
}

/* The stubs' shared error path (syscall-stubs.s tail-calls it with a0 = -errno). */
long __syscall_error(long negated_errno) {
  errno = (int)-negated_errno;
  return -1;
}

long __syscall_ret(long result) {
  if (result < 0 && result > -4096) return __syscall_error(result);
  return result;
}

/* glibc's names for argv[0] and its last path component, which assert() and err() print. */
static void set_program_name(char *name) {
  char *slash;
  if (!name) return;
  program_invocation_name = name;
  program_invocation_short_name = name;
  for (slash = name; *slash; slash++)
    if (*slash == '/') program_invocation_short_name = slash + 1;
}

_Noreturn void __libc_start_main(int (*main)(int, char **, char **), int argc, char **argv, char **envp) {
  struct __pthread *main_thread;
  environ = envp;
  set_program_name(argc > 0 ? argv[0] : 0);
  __tls_find_image(envp);
  main_thread = main_thread_block();
  __pthread_install_tcb(main_thread);
  main_thread->tid = (int)__syscall1(SYS_set_tid_address, (long)&main_thread->tid);
  exit(main(argc, argv, envp));
}

_Noreturn void _exit(int status) {
  for (;;) __syscall1(SYS_exit_group, status);
}
