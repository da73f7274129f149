/* Signal names without the SIG prefix (HUP, INT, …, SYS) for kill and the shell's kill
   builtin, numbered as on Linux riscv. */
#ifndef USERLAND_SIGNAMES_H
#define USERLAND_SIGNAMES_H

#define LAST_NAMED_SIGNAL 31

/* "TERM" for 15; NULL when the number has no name. */
const char *signal_name(int sig);
/* 15 for "TERM", "SIGTERM", "term" or "15"; -1 when unknown. */
int signal_number(const char *name);
/* `kill -l`'s listing: the names separated by spaces, wrapped as procps wraps them. */
void print_signal_names(void);

#endif
