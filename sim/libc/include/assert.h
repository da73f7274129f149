/* assert with glibc's message ("prog: file.c:12: main: Assertion `x == 1' failed.") followed by
   abort. Deliberately without an include guard: C11 7.2 lets NDEBUG be toggled per inclusion. */
#undef assert

#ifdef NDEBUG
#define assert(expr) ((void)0)
#else
void __assert_fail(const char *assertion, const char *file, unsigned int line, const char *function)
    __attribute__((__noreturn__));
#define assert(expr) ((expr) ? (void)0 : __assert_fail(#expr, __FILE__, __LINE__, __func__))
#endif

#ifndef _ASSERT_H_STATIC
#define _ASSERT_H_STATIC
#define static_assert _Static_assert
#endif
