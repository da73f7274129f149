/* <string.h>, <strings.h> and <ctype.h>; messages and orders as glibc gives them. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "test.h"

static void test_memory(void) {
    char buf[32];
    char overlap[16] = "abcdefghij";
    memset(buf, 'x', sizeof buf);
    ASSERT('x', buf[31]);
    ASSERT(buf, memcpy(buf, "hello", 6));
    ASSERT_STR("hello", buf);
    memmove(overlap + 2, overlap, 5);
    ASSERT_STR("ababcdehij", overlap);
    memmove(overlap, overlap + 3, 4);
    ASSERT_STR("bcdecdehij", overlap);
    ASSERT(0, memcmp("abc", "abc", 3));
    ASSERT(1, memcmp("abd", "abc", 3) > 0);
    ASSERT(1, memcmp("\x80", "\x01", 1) > 0); /* bytes compare unsigned */
    ASSERT(overlap + 1, memchr(overlap, 'c', 10));
    ASSERT(overlap + 4, memrchr(overlap, 'c', 10));
    ASSERT(0, memchr(overlap, 'z', 10) != 0);
    bzero(buf, 4);
    ASSERT(0, buf[3]);
}

static void test_strings(void) {
    char buf[64];
    char *copy;
    ASSERT(0, strlen(""));
    ASSERT(5, strlen("hello"));
    ASSERT(3, strnlen("hello", 3));
    ASSERT_STR("hi", strcpy(buf, "hi"));
    ASSERT_STR("hi there", strcat(buf, " there"));
    ASSERT_STR("hi there!!", strncat(buf, "!!!!", 2));
    memset(buf, 'z', 10);
    strncpy(buf, "ab", 5);
    ASSERT(0, buf[4]);
    ASSERT('z', buf[5]);
    strncpy(buf, "abcdef", 3);
    ASSERT('c', buf[2]);
    ASSERT(0, buf[4]); /* untouched: still the padding of the previous call */
    ASSERT(0, strcmp("abc", "abc"));
    ASSERT(1, strcmp("abc", "abd") < 0);
    ASSERT(1, strcmp("abcd", "abc") > 0);
    ASSERT(0, strncmp("abcX", "abcY", 3));
    ASSERT(0, strcasecmp("HeLLo", "hello"));
    ASSERT(1, strncasecmp("abc", "ABD", 3) < 0);
    ASSERT_STR("llo", strchr("hello", 'l'));
    ASSERT_STR("lo", strrchr("hello", 'l'));
    ASSERT_STR("", strchr("hello", 0));
    ASSERT(0, strchr("hello", 'z') != 0);
    ASSERT_STR("world!", strstr("hello world!", "wor"));
    ASSERT_STR("hello", strstr("hello", ""));
    ASSERT(0, strstr("hello", "xyz") != 0);
    ASSERT(3, strspn("abcde", "cba"));
    ASSERT(2, strcspn("abcde", "dc"));
    ASSERT_STR("cde", strpbrk("abcde", "dc"));
    copy = strdup("duplicate");
    ASSERT_STR("duplicate", copy);
    free(copy);
    copy = strndup("duplicate", 3);
    ASSERT_STR("dup", copy);
    free(copy);
}

static void test_tokens(void) {
    char text[] = "  one,two,,three  ";
    char again[] = "a=1;b=2";
    char *save, *token;
    ASSERT_STR("one", strtok(text, " ,"));
    ASSERT_STR("two", strtok(0, " ,"));
    ASSERT_STR("three", strtok(0, " ,"));
    ASSERT(0, strtok(0, " ,") != 0);
    token = strtok_r(again, ";", &save);
    ASSERT_STR("a=1", token);
    ASSERT_STR("b=2", strtok_r(0, ";", &save));
    ASSERT(0, strtok_r(0, ";", &save) != 0);
}

static void test_ctype(void) {
    int c, alpha = 0, space = 0, punct = 0, print = 0, cntrl = 0;
    for (c = -1; c < 256; c++) {
        alpha += isalpha(c) != 0;
        space += isspace(c) != 0;
        punct += ispunct(c) != 0;
        print += isprint(c) != 0;
        cntrl += iscntrl(c) != 0;
    }
    ASSERT(52, alpha);
    ASSERT(6, space);
    ASSERT(32, punct);
    ASSERT(95, print);
    ASSERT(33, cntrl);
    ASSERT(0, isdigit(EOF));
    ASSERT('a', tolower('A'));
    ASSERT('Z', toupper('z'));
    ASSERT('5', toupper('5'));
    ASSERT(EOF, tolower(EOF));
    ASSERT(1, isxdigit('F') != 0);
    ASSERT(0, isxdigit('g') != 0);
}

static void test_messages(void) {
    char buf[64];
    ASSERT_STR("Success", strerror(0));
    ASSERT_STR("Operation not permitted", strerror(EPERM));
    ASSERT_STR("No such file or directory", strerror(ENOENT));
    ASSERT_STR("Resource temporarily unavailable", strerror(EAGAIN));
    ASSERT_STR("Numerical result out of range", strerror(ERANGE));
    ASSERT_STR("Function not implemented", strerror(ENOSYS));
    ASSERT_STR("Connection refused", strerror(ECONNREFUSED));
    ASSERT_STR("Memory page has hardware error", strerror(EHWPOISON));
    ASSERT_STR("Unknown error 41", strerror(41));
    ASSERT_STR("Unknown error 134", strerror(134));
    ASSERT_STR("Unknown error -3", strerror(-3));
    ASSERT_STR("Bad file descriptor", strerror_r(EBADF, buf, sizeof buf));
    ASSERT_STR("Unknown error 999", strerror_r(999, buf, sizeof buf));
    ASSERT_STR("Segmentation fault", strsignal(11));
    ASSERT_STR("Aborted", strsignal(6));
    ASSERT_STR("Real-time signal 0", strsignal(34));
    ASSERT_STR("Real-time signal 30", strsignal(64));
    ASSERT_STR("Unknown signal 32", strsignal(32));
    ASSERT_STR("Unknown signal 65", strsignal(65));
    ASSERT(11, EAGAIN);
    ASSERT(EAGAIN, EWOULDBLOCK);
    ASSERT(38, ENOSYS);
    ASSERT(110, ETIMEDOUT);
}

int main(void) {
    test_memory();
    test_strings();
    test_tokens();
    test_ctype();
    test_messages();
    return DONE();
}
