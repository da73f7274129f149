/* ioctl() and the terminal/socket request numbers. */
#ifndef _SYS_IOCTL_H
#define _SYS_IOCTL_H

#include <bits/ioctls.h>

struct winsize {
  unsigned short ws_row;
  unsigned short ws_col;
  unsigned short ws_xpixel;
  unsigned short ws_ypixel;
};

int ioctl(int fd, unsigned long request, ...);

#endif
