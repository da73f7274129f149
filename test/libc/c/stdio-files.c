/* Streams on a real file (argv[1] names a scratch path; without one, for a machine with no
   file system yet, only the rest runs): fopen modes, fwrite/fread, fseek and
   ftell across buffered data, ungetc, fgets, getline, fprintf, append mode, rename, remove, and
   perror's message; plus sscanf's conversions. Checked against glibc natively. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "test.h"

static void test_file(const char *path, const char *renamed) {
    char buf[64];
    char *line = 0;
    size_t capacity = 0;
    FILE *f = fopen(path, "w+");
    int value = 0;
    ASSERT(1, f != 0);
    ASSERT(5, fwrite("hello", 1, 5, f));
    ASSERT(5, ftell(f));
    ASSERT(11, fprintf(f, " world %d\nz", 42));
    ASSERT(16, ftell(f));
    ASSERT(0, fseek(f, 0, SEEK_SET));
    ASSERT(4, fread(buf, 1, 4, f));
    ASSERT(4, ftell(f));
    ASSERT('o', fgetc(f));
    ASSERT('o', ungetc('o', f));
    ASSERT(4, ftell(f));
    ASSERT_STR("o world 42\n", fgets(buf, sizeof buf, f));
    ASSERT(1, getline(&line, &capacity, f));
    ASSERT_STR("z", line);
    ASSERT(-1, getline(&line, &capacity, f));
    ASSERT(1, feof(f) != 0);
    ASSERT(EOF, fgetc(f));
    clearerr(f);
    ASSERT(0, feof(f));
    ASSERT(0, fseek(f, -4, SEEK_END));
    ASSERT('4', fgetc(f));
    ASSERT(0, fseek(f, 6, SEEK_SET));
    ASSERT(1, fputc('W', f) == 'W');
    rewind(f);
    ASSERT(1, fscanf(f, "hello World %d", &value));
    ASSERT(42, value);
    ASSERT(0, fclose(f));
    free(line);

    f = fopen(path, "a");
    ASSERT(1, fputs("+tail", f) >= 0);
    ASSERT(0, fclose(f));
    f = fopen(path, "r");
    ASSERT(21, fread(buf, 1, sizeof buf, f));
    buf[21] = 0;
    ASSERT_STR("hello World 42\nz+tail", buf);
    ASSERT(EOF, fputc('x', f)); /* read-only stream */
    ASSERT(1, ferror(f) != 0);
    ASSERT(0, fclose(f));

    ASSERT(0, rename(path, renamed));
    ASSERT(0, fopen(path, "r") != 0);
    ASSERT(ENOENT, errno);
    ASSERT(0, remove(renamed));
    ASSERT(-1, remove(renamed));
    ASSERT(ENOENT, errno);
    ASSERT(0, fopen(path, "q") != 0);
    ASSERT(EINVAL, errno);
}

static void test_mkstemp(const char *path) {
    char name[300];
    int fd;
    snprintf(name, sizeof name, "%s.XXXXXX", path);
    fd = mkstemp(name);
    ASSERT(1, fd >= 0);
    ASSERT(0, strstr(name, "XXXXXX") != 0);
    ASSERT(3, write(fd, "abc", 3));
    ASSERT(0, close(fd));
    ASSERT(0, remove(name));
    strcpy(name, "no-placeholder");
    ASSERT(-1, mkstemp(name));
    ASSERT(EINVAL, errno);
}

static void test_sscanf(void) {
    int a = 0, b = 0, n = 0;
    unsigned int u = 0;
    long long big = 0;
    short h = 0;
    unsigned char hh = 0;
    char word[16], rest[16], c[3] = {0, 0, 0};
    void *p = 0;
    ASSERT(3, sscanf("  12 -7 0x1F", "%d %d %x", &a, &b, &u));
    ASSERT(12, a);
    ASSERT(-7, b);
    ASSERT(31, u);
    ASSERT(3, sscanf("010 0x10 10", "%i %i %i", &a, &b, &n));
    ASSERT(8, a);
    ASSERT(16, b);
    ASSERT(10, n);
    ASSERT(2, sscanf("hello world", "%5s %s", word, rest));
    ASSERT_STR("hello", word);
    ASSERT_STR("world", rest);
    ASSERT(2, sscanf("abcdef", "%3s%s", word, rest));
    ASSERT_STR("abc", word);
    ASSERT_STR("def", rest);
    ASSERT(1, sscanf("xy", "%2c", c));
    ASSERT_STR("xy", c);
    ASSERT(2, sscanf("key=value;", "%[^=]=%[a-z]", word, rest));
    ASSERT_STR("key", word);
    ASSERT_STR("value", rest);
    ASSERT(1, sscanf("123456789012 x", "%lld", &big));
    ASSERT(123456789012LL, big);
    ASSERT(2, sscanf("70000 300", "%hd %hhu", &h, &hh));
    ASSERT(4464, h);
    ASSERT(44, hh);
    ASSERT(1, sscanf("12abc", "%d%n", &a, &n));
    ASSERT(2, n);
    ASSERT(1, sscanf("5 apples", "%d apples%n", &a, &n));
    ASSERT(8, n);
    ASSERT(0, sscanf("abc", "%d", &a));
    ASSERT(-1, sscanf("", "%d", &a));
    ASSERT(-1, sscanf("   ", "%d", &a));
    ASSERT(1, sscanf("7 8", "%*d %d", &a));
    ASSERT(8, a);
    ASSERT(1, sscanf("100%", "%d%%", &a));
    ASSERT(1, sscanf("0x1234", "%p", &p));
    ASSERT(0x1234, (long)p);
    ASSERT(1, sscanf("-1", "%u", &u));
    ASSERT(4294967295u, u);
    ASSERT(1, sscanf("1 2", "%d,%d", &a, &b));
}

int main(int argc, char **argv) {
    char renamed[256];
    if (argc > 1) {
        snprintf(renamed, sizeof renamed, "%s.renamed", argv[1]);
        test_file(argv[1], renamed);
        test_mkstemp(argv[1]);
    }
    test_sscanf();
    errno = ENOENT;
    perror("open");
    errno = EACCES;
    perror(0);
    return DONE();
}
