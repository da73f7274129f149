/* Pathname expansion for the shell: an unquoted word with *, ? or [...] in its last component
   becomes the sorted names of that directory that match (dot files only when the pattern
   starts with a dot), or stays as it is when nothing matches, as sh does. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include "sh.h"

#define MAX_MATCHES 256

/* [...] at *p: whether c is in the class; *p moves past it (NULL when it does not close). */
static int class_matches(const char **p, char c) {
  const char *q = *p + 1;
  int negate = *q == '!' || *q == '^', found = 0;
  if (negate) q++;
  do {
    if (*q == '\0') {
      *p = NULL;
      return 0;
    }
    if (q[1] == '-' && q[2] && q[2] != ']') {
      if (c >= q[0] && c <= q[2]) found = 1;
      q += 3;
    } else {
      if (c == *q) found = 1;
      q++;
    }
  } while (*q != ']');
  *p = q + 1;
  return found != negate;
}

static int matches(const char *p, const char *s) {
  for (; *p; s++) {
    if (*p == '*') {
      while (*p == '*') p++;
      for (;; s++) {
        if (matches(p, s)) return 1;
        if (*s == '\0') return 0;
      }
    }
    if (*s == '\0') return 0;
    if (*p == '[') {
      const char *after = p;
      if (class_matches(&after, *s)) {
        p = after;
        continue;
      }
      if (after != NULL) return 0;
    }
    if (*p != '?' && *p != *s) return 0;
    p++;
  }
  return *s == '\0';
}

int has_glob(const char *word) {
  return strpbrk(word, "*?[") != NULL;
}

static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int glob_word(const char *word, char **out, int max, char *(*save)(const char *prefix, const char *name)) {
  const char *slash = strrchr(word, '/');
  char dir[512];
  const char *pattern = slash ? slash + 1 : word;
  int count = 0;
  if (slash == NULL) strcpy(dir, ".");
  else if (slash == word) strcpy(dir, "/");
  else if (slash - word < (long)sizeof dir) memcpy(dir, word, slash - word), dir[slash - word] = '\0';
  else return 0;
  if (strpbrk(dir, "*?[") != NULL) return 0; /* wildcards in the last component only */
  DIR *d = opendir(dir);
  if (d == NULL) return 0;
  struct dirent *entry;
  char prefix[512];
  int prefix_len = slash ? (int)(slash - word + 1) : 0;
  memcpy(prefix, word, prefix_len);
  prefix[prefix_len] = '\0';
  while ((entry = readdir(d)) != NULL && count < max) {
    if (entry->d_name[0] == '.' && pattern[0] != '.') continue;
    if (matches(pattern, entry->d_name)) out[count++] = save(prefix, entry->d_name);
  }
  closedir(d);
  qsort(out, count, sizeof out[0], compare_names);
  return count;
}
