/* Tokenising (strtok, strtok_r, strsep) and the allocating copies (strdup, strndup). strtok's
   hidden position is one static pointer, shared by all threads, as the standard allows. */
#include <stdlib.h>
#include <string.h>

static char *strtok_position;

char *strtok_r(char *s, const char *delim, char **saveptr) {
    char *token;
    if (!s)
        s = *saveptr;
    s += strspn(s, delim);
    if (!*s) {
        *saveptr = s;
        return 0;
    }
    token = s;
    s += strcspn(s, delim);
    if (*s)
        *s++ = 0;
    *saveptr = s;
    return token;
}

char *strtok(char *s, const char *delim) {
    return strtok_r(s, delim, &strtok_position);
}

char *strsep(char **stringp, const char *delim) {
    char *token = *stringp;
    char *end;
    if (!token)
        return 0;
    end = token + strcspn(token, delim);
    if (*end) {
        *end = 0;
        *stringp = end + 1;
    } else {
        *stringp = 0;
    }
    return token;
}

char *strdup(const char *s) {
    size_t size = strlen(s) + 1;
    char *copy = malloc(size);
    if (copy)
        memcpy(copy, s, size);
    return copy;
}

char *strndup(const char *s, size_t n) {
    size_t len = strnlen(s, n);
    char *copy = malloc(len + 1);
    if (!copy)
        return 0;
    memcpy(copy, s, len);
    copy[len] = 0;
    return copy;
}
