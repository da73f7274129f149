/* Terminal attributes through TCGETS/TCSETS*. The kernel's struct termios is the flags, the
   line discipline and 19 control characters; the rest of ours (more control characters, the
   speeds) is libc's own, the speeds read from the baud bits of c_cflag. */
#include <errno.h>
#include <string.h>
#include <termios.h>
#include "internal.h"

#define KERNEL_NCCS 19

struct kernel_termios {
  tcflag_t c_iflag;
  tcflag_t c_oflag;
  tcflag_t c_cflag;
  tcflag_t c_lflag;
  cc_t c_line;
  cc_t c_cc[KERNEL_NCCS];
};

int tcgetattr(int fd, struct termios *t) {
  struct kernel_termios k;
  long r = __syscall3(SYS_ioctl, fd, TCGETS, (long)&k);
  if (r < 0) return (int)__syscall_ret(r);
  memset(t, 0, sizeof(*t));
  t->c_iflag = k.c_iflag;
  t->c_oflag = k.c_oflag;
  t->c_cflag = k.c_cflag;
  t->c_lflag = k.c_lflag;
  t->c_line = k.c_line;
  memcpy(t->c_cc, k.c_cc, KERNEL_NCCS);
  t->c_ispeed = k.c_cflag & CBAUD;
  t->c_ospeed = k.c_cflag & CBAUD;
  return 0;
}

int tcsetattr(int fd, int when, const struct termios *t) {
  struct kernel_termios k;
  if (when < TCSANOW || when > TCSAFLUSH) {
    errno = EINVAL;
    return -1;
  }
  k.c_iflag = t->c_iflag;
  k.c_oflag = t->c_oflag;
  k.c_cflag = t->c_cflag;
  k.c_lflag = t->c_lflag;
  k.c_line = t->c_line;
  memcpy(k.c_cc, t->c_cc, KERNEL_NCCS);
  return (int)__syscall_ret(__syscall3(SYS_ioctl, fd, TCSETS + when, (long)&k));
}

int tcflush(int fd, int queue) {
  return (int)__syscall_ret(__syscall3(SYS_ioctl, fd, TCFLSH, queue));
}

/* TCSBRK with a non-zero argument waits for output to drain without sending a break. */
int tcdrain(int fd) {
  return (int)__syscall_ret(__syscall3(SYS_ioctl, fd, TCSBRK, 1));
}

int tcflow(int fd, int action) {
  return (int)__syscall_ret(__syscall3(SYS_ioctl, fd, TCXONC, action));
}

int tcsendbreak(int fd, int duration) {
  (void)duration;
  return (int)__syscall_ret(__syscall3(SYS_ioctl, fd, TCSBRK, 0));
}

pid_t tcgetsid(int fd) {
  int sid;
  long r = __syscall3(SYS_ioctl, fd, TIOCGSID, (long)&sid);
  return r < 0 ? (pid_t)__syscall_ret(r) : sid;
}

speed_t cfgetispeed(const struct termios *t) {
  return t->c_cflag & CBAUD;
}

speed_t cfgetospeed(const struct termios *t) {
  return t->c_cflag & CBAUD;
}

int cfsetospeed(struct termios *t, speed_t speed) {
  if (speed & ~CBAUD) {
    errno = EINVAL;
    return -1;
  }
  t->c_cflag = (t->c_cflag & ~CBAUD) | speed;
  t->c_ospeed = speed;
  return 0;
}

int cfsetispeed(struct termios *t, speed_t speed) {
  if (speed == 0) return 0;
  if (cfsetospeed(t, speed) < 0) return -1;
  t->c_ispeed = speed;
  return 0;
}

void cfmakeraw(struct termios *t) {
  t->c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
  t->c_oflag &= ~(tcflag_t)OPOST;
  t->c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
  t->c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
  t->c_cflag |= CS8;
  t->c_cc[VMIN] = 1;
  t->c_cc[VTIME] = 0;
}
