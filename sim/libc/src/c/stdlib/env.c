/* The environment: getenv, setenv, unsetenv, putenv and clearenv on `environ`, which the
   start-up code points at the strings the kernel put on the stack. The first change that adds
   a variable copies the pointer array to the heap; replaced strings are never freed (the
   program may still hold them, and glibc does not free them either). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char **owned_environ; /* environ's array when we allocated it */

/* The entry for name ("name=value"), or 0. */
static char **find_entry(const char *name, size_t len) {
    char **e;
    for (e = environ; e && *e; e++) {
        if (strncmp(*e, name, len) == 0 && (*e)[len] == '=')
            return e;
    }
    return 0;
}

char *getenv(const char *name) {
    size_t len = strlen(name);
    char **entry = find_entry(name, len);
    return entry ? *entry + len + 1 : 0;
}

static int add_entry(char *string) {
    size_t count = 0;
    char **bigger;
    while (environ && environ[count])
        count++;
    if (environ == owned_environ) {
        bigger = realloc(owned_environ, (count + 2) * sizeof *bigger);
    } else {
        bigger = malloc((count + 2) * sizeof *bigger);
        if (bigger && count > 0)
            memcpy(bigger, environ, count * sizeof *bigger);
    }
    if (!bigger)
        return -1;
    bigger[count] = string;
    bigger[count + 1] = 0;
    environ = owned_environ = bigger;
    return 0;
}

static int valid_name(const char *name) {
    if (!name || !*name || strchr(name, '=')) {
        errno = EINVAL;
        return 0;
    }
    return 1;
}

int setenv(const char *name, const char *value, int overwrite) {
    size_t name_len, value_len;
    char **entry;
    char *string;
    if (!valid_name(name))
        return -1;
    name_len = strlen(name);
    entry = find_entry(name, name_len);
    if (entry && !overwrite)
        return 0;
    value_len = strlen(value);
    string = malloc(name_len + value_len + 2);
    if (!string)
        return -1;
    memcpy(string, name, name_len);
    string[name_len] = '=';
    memcpy(string + name_len + 1, value, value_len + 1);
    if (entry) {
        *entry = string;
        return 0;
    }
    if (add_entry(string) < 0) {
        free(string);
        return -1;
    }
    return 0;
}

int unsetenv(const char *name) {
    size_t len;
    char **entry;
    if (!valid_name(name))
        return -1;
    len = strlen(name);
    while ((entry = find_entry(name, len)) != 0) {
        do {
            entry[0] = entry[1];
        } while (*entry++);
    }
    return 0;
}

/* The string itself becomes part of the environment (no copy), as POSIX specifies. */
int putenv(char *string) {
    char *equals = strchr(string, '=');
    char **entry;
    if (!equals)
        return unsetenv(string);
    entry = find_entry(string, (size_t)(equals - string));
    if (entry) {
        *entry = string;
        return 0;
    }
    return add_entry(string) < 0 ? -1 : 0;
}

int clearenv(void) {
    environ = 0;
    return 0;
}
