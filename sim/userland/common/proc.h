/* Reading /proc as procps does, for ps and top: a whole small file at once, one process's
   stat/status/statm/cmdline fields, the list of process ids, a field of /proc/meminfo, and
   the name of a controlling terminal from its device number. Also user names from
   /etc/passwd (the uid's number when there is no such file or entry). */
#ifndef USERLAND_PROC_H
#define USERLAND_PROC_H

struct proc_info {
  int pid;
  char comm[64];
  char state;
  int ppid, pgrp, session, tty_nr, tpgid;
  unsigned long long utime, stime; /* clock ticks */
  long priority, nice, num_threads;
  unsigned long long start_ticks; /* after boot */
  unsigned long vsize_kb;
  unsigned long rss_kb, shared_kb;
  int uid;
  char cmdline[512]; /* arguments joined by spaces; empty for kernel threads */
};

/* Reads `path` into buf (NUL-terminated); its length, or -1 with errno set. */
long read_text(const char *path, char *buf, long size);
/* The process ids under /proc, ascending, at most `max`; their count. */
int proc_pids(int *pids, int max);
/* Fills `p` from /proc/PID/{stat,status,statm,cmdline}; -1 when the process is gone. */
int proc_read(int pid, struct proc_info *p);
/* The value in kB of a /proc/meminfo line `name:`, from the file's text; 0 when absent. */
unsigned long meminfo_kb(const char *meminfo, const char *name);
/* "pts/0", "tty1", "console" or "?" for a tty_nr. */
void tty_name(int tty_nr, char *buf, int size);
/* Seconds since boot in hundredths, from /proc/uptime; -1 when unreadable. */
long long uptime_centis(void);
/* The boot time in seconds since the epoch: /proc/stat's btime, else now minus the uptime. */
long long boot_time(void);
/* The user name of `uid` from /etc/passwd, else the number as text (valid until the next call). */
const char *user_name(int uid);
/* The group name of `gid` from /etc/group, else the number as text. */
const char *group_name(int gid);
/* "12.34" from hundredths (the procps loadavg/uptime style without floating point). */
void format_centis(long long centis, char *buf, int size);

#endif
