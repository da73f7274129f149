/* mkstemp: replaces the template's trailing XXXXXX with letters and digits and creates the
   file with O_EXCL (mode 0600), retrying with new letters while the name is taken, as glibc
   does. The letters mix the process id with a counter, not secret randomness. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ATTEMPTS 100

static const char name_letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

int mkstemp(char *template_) {
    static unsigned int counter;
    size_t len = strlen(template_);
    char *suffix = template_ + len - 6;
    int attempt, i;
    if (len < 6 || strcmp(suffix, "XXXXXX") != 0) {
        errno = EINVAL;
        return -1;
    }
    for (attempt = 0; attempt < ATTEMPTS; attempt++) {
        unsigned int value = (unsigned int)getpid() * 2654435761u + ++counter * 40503u;
        int fd;
        for (i = 0; i < 6; i++) {
            suffix[i] = name_letters[value % 62];
            value = value / 62 + counter * 7919u;
        }
        fd = open(template_, O_RDWR | O_CREAT | O_EXCL, 0600);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    errno = EEXIST;
    return -1;
}
