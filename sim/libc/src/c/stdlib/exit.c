/* Ending a process: exit runs the atexit handlers, newest first (also any a handler registers),
   then flushes every stdio stream and calls _exit. abort, like glibc since 2.27, flushes
   nothing: it raises SIGABRT (unblocked, and again with the default action should a handler
   return) and falls back to _exit(127). */
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include "../libc-internal.h"

#define ATEXIT_MAX 64

static void (*exit_handlers[ATEXIT_MAX])(void);
static int exit_handler_count;

int atexit(void (*function)(void)) {
    if (exit_handler_count == ATEXIT_MAX)
        return -1;
    exit_handlers[exit_handler_count++] = function;
    return 0;
}

_Noreturn void exit(int status) {
    while (exit_handler_count > 0)
        exit_handlers[--exit_handler_count]();
    __stdio_exit();
    _exit(status);
}

_Noreturn void _Exit(int status) {
    _exit(status);
}

_Noreturn void abort(void) {
    sigset_t abort_only;
    sigemptyset(&abort_only);
    sigaddset(&abort_only, SIGABRT);
    sigprocmask(SIG_UNBLOCK, &abort_only, 0);
    raise(SIGABRT);
    signal(SIGABRT, SIG_DFL);
    raise(SIGABRT);
    _exit(127);
}
