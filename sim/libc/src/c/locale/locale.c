/* The C locale is the only locale: setlocale accepts "C", "POSIX" and "" (the environment's
   choice, which is C here) and answers "C"; anything else fails, as an unknown locale would. */
#include <limits.h>
#include <locale.h>
#include <string.h>

static char c_locale_name[] = "C";
static char empty[] = "";
static char dot[] = ".";

static struct lconv c_conventions = {
    dot, empty, empty, empty, empty, empty, empty, empty, empty, empty,
    CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX,
    CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX,
};

char *setlocale(int category, const char *locale) {
    if (category < LC_CTYPE || category > LC_ALL)
        return 0;
    if (!locale || !*locale || strcmp(locale, "C") == 0 || strcmp(locale, "POSIX") == 0)
        return c_locale_name;
    return 0;
}

struct lconv *localeconv(void) {
    return &c_conventions;
}
