/* The wait family on waitid, riscv32's only wait call: a pid selects P_PID, -1 P_ALL, 0 or
   -pgid P_PGID (id 0 meaning the caller's group, Linux 5.4+), and the siginfo it fills is
   folded back into the status word <sys/wait.h>'s macros decode. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include "internal.h"

static int status_from_siginfo(const siginfo_t *info) {
  int value = info->si_status;
  switch (info->si_code) {
  case CLD_EXITED: return (value & 0xff) << 8;
  case CLD_KILLED: return value & 0x7f;
  case CLD_DUMPED: return (value & 0x7f) | 0x80;
  case CLD_STOPPED:
  case CLD_TRAPPED: return ((value & 0xff) << 8) | 0x7f;
  case CLD_CONTINUED: return 0xffff;
  default: return 0;
  }
}

int waitid(idtype_t idtype, id_t id, siginfo_t *info, int options) {
  return (int)__syscall_ret(__syscall5(SYS_waitid, idtype, (long)id, (long)info, options, 0));
}

pid_t wait4(pid_t pid, int *status, int options, struct rusage *usage) {
  siginfo_t info;
  struct __kernel_rusage kernel_usage;
  idtype_t idtype = P_PID;
  id_t id = (id_t)pid;
  long r;
  if (pid == -1) {
    idtype = P_ALL;
    id = 0;
  } else if (pid <= 0) {
    idtype = P_PGID;
    id = (id_t)-pid;
  }
  /* waitpid's WUNTRACED is waitid's WSTOPPED (same bit); waitid also needs WEXITED spelt out. */
  options |= WEXITED;
  memset(&info, 0, sizeof(info));
  r = __syscall5(SYS_waitid, idtype, (long)id, (long)&info, options, usage != NULL ? (long)&kernel_usage : 0);
  if (r < 0) return (pid_t)__syscall_ret(r);
  if (info.si_pid == 0) return 0; /* WNOHANG and nothing to report */
  if (status != NULL) *status = status_from_siginfo(&info);
  if (usage != NULL) __rusage_from_kernel(usage, &kernel_usage);
  return info.si_pid;
}

pid_t waitpid(pid_t pid, int *status, int options) {
  return wait4(pid, status, options, NULL);
}

pid_t wait(int *status) {
  return wait4(-1, status, 0, NULL);
}

pid_t wait3(int *status, int options, struct rusage *usage) {
  return wait4(-1, status, options, usage);
}
