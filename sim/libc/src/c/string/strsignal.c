/* strsignal with glibc's descriptions: signals 32 and 33 are reserved by the threads library
   ("Unknown signal"), 34..64 are "Real-time signal N-34". */
#include <string.h>

static const char *const signal_descriptions[] = {
    0,
    "Hangup",
    "Interrupt",
    "Quit",
    "Illegal instruction",
    "Trace/breakpoint trap",
    "Aborted",
    "Bus error",
    "Floating point exception",
    "Killed",
    "User defined signal 1",
    "Segmentation fault",
    "User defined signal 2",
    "Broken pipe",
    "Alarm clock",
    "Terminated",
    "Stack fault",
    "Child exited",
    "Continued",
    "Stopped (signal)",
    "Stopped",
    "Stopped (tty input)",
    "Stopped (tty output)",
    "Urgent I/O condition",
    "CPU time limit exceeded",
    "File size limit exceeded",
    "Virtual timer expired",
    "Profiling timer expired",
    "Window changed",
    "I/O possible",
    "Power failure",
    "Bad system call",
};

static char signal_text[32];

/* Appends the decimal digits of value (non-negative) at text[at]; returns the new end. */
static int append_number(char *text, int at, int value) {
    char digits[12];
    int n = 0;
    do {
        digits[n++] = (char)('0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (n > 0)
        text[at++] = digits[--n];
    text[at] = 0;
    return at;
}

static char *describe_numbered(const char *prefix, int number) {
    int at = 0;
    while (*prefix)
        signal_text[at++] = *prefix++;
    if (number < 0) {
        signal_text[at++] = '-';
        number = -number;
    }
    append_number(signal_text, at, number);
    return signal_text;
}

char *strsignal(int sig) {
    if (sig >= 0 && sig < 32 && signal_descriptions[sig])
        return (char *)signal_descriptions[sig];
    if (sig >= 34 && sig <= 64)
        return describe_numbered("Real-time signal ", sig - 34);
    return describe_numbered("Unknown signal ", sig);
}
