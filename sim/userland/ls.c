/* ls: lists files and directories as GNU ls does in the C locale: names sorted bytewise,
   dot files only with -a (or -A, without . and ..), one per line when stdout is not a
   terminal or with -1, else (or with -C) in columns as wide as the terminal (80 if none); -l gives the long format
   (mode string, links, owner, group, size, modification time, `-> target` for links) after
   a `total` of 1 KiB blocks; -d lists directories themselves. Operands that are files come
   first, then each directory under a `NAME:` header when there are several. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "proc.h"

struct entry {
  char *name; /* as shown */
  char *path; /* for lstat and readlink */
  struct stat st;
};

static int long_format, all, almost_all, one_per_line, columns, list_dirs_themselves;
static int status;
static time_t now;

static int compare_entries(const void *a, const void *b) {
  return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void mode_string(mode_t mode, char *out) {
  static const char types[] = "?pc?d?b?-?l?s???";
  static const char bits[] = "rwxrwxrwx";
  out[0] = types[(mode >> 12) & 15];
  for (int i = 0; i < 9; i++) out[i + 1] = (mode & (0400 >> i)) ? bits[i] : '-';
  if (mode & S_ISUID) out[3] = (mode & S_IXUSR) ? 's' : 'S';
  if (mode & S_ISGID) out[6] = (mode & S_IXGRP) ? 's' : 'S';
  if (mode & S_ISVTX) out[9] = (mode & S_IXOTH) ? 't' : 'T';
  out[10] = '\0';
}

/* "Nov 23 12:35" within six months of now, else "May 20  2025", as GNU ls. */
static void time_string(time_t t, char *out, int size) {
  static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
  const time_t six_months = 31556952 / 2;
  struct tm tm;
  gmtime_r(&t, &tm);
  if (t > now - six_months && t <= now + 60) {
    snprintf(out, size, "%.3s %2d %02d:%02d", months + tm.tm_mon * 3, tm.tm_mday, tm.tm_hour, tm.tm_min);
  } else {
    snprintf(out, size, "%.3s %2d  %d", months + tm.tm_mon * 3, tm.tm_mday, tm.tm_year + 1900);
  }
}

static int digits(unsigned long long n) {
  int d = 1;
  while (n >= 10) n /= 10, d++;
  return d;
}

/* glibc's gnu_dev_major and gnu_dev_minor. */
static unsigned device_major(unsigned long long dev) {
  return (unsigned)(((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfffULL));
}

static unsigned device_minor(unsigned long long dev) {
  return (unsigned)((dev & 0xff) | ((dev >> 12) & ~0xffULL));
}

static int is_device(const struct stat *st) {
  return S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode);
}

static void print_long(struct entry *entries, int count, int show_total) {
  int link_width = 1, user_width = 1, group_width = 1, size_width = 1, major_width = 0, minor_width = 0;
  unsigned long long blocks = 0;
  for (int i = 0; i < count; i++) {
    struct stat *st = &entries[i].st;
    int w;
    if ((w = digits(st->st_nlink)) > link_width) link_width = w;
    if ((w = (int)strlen(user_name(st->st_uid))) > user_width) user_width = w;
    if ((w = (int)strlen(group_name(st->st_gid))) > group_width) group_width = w;
    if (is_device(st)) {
      if ((w = digits(device_major(st->st_rdev))) > major_width) major_width = w;
      if ((w = digits(device_minor(st->st_rdev))) > minor_width) minor_width = w;
    } else if ((w = digits((unsigned long long)st->st_size)) > size_width) {
      size_width = w;
    }
    blocks += (unsigned long long)st->st_blocks;
  }
  /* GNU lines devices' "major, minor" up with the sizes */
  if (major_width && major_width + 2 + minor_width > size_width) size_width = major_width + 2 + minor_width;
  if (show_total) printf("total %llu\n", blocks / 2);
  for (int i = 0; i < count; i++) {
    struct stat *st = &entries[i].st;
    char mode[12], when[32];
    mode_string(st->st_mode, mode);
    time_string(st->st_mtim.tv_sec, when, sizeof when);
    printf("%s %*lu ", mode, link_width, (unsigned long)st->st_nlink);
    printf("%-*s ", user_width, user_name(st->st_uid));
    printf("%-*s ", group_width, group_name(st->st_gid));
    if (is_device(st)) {
      printf("%*u, %*u %s %s", size_width - 2 - minor_width, device_major(st->st_rdev), minor_width, device_minor(st->st_rdev), when, entries[i].name);
    } else {
      printf("%*lld %s %s", size_width, (long long)st->st_size, when, entries[i].name);
    }
    if (S_ISLNK(st->st_mode)) {
      char target[1024];
      long n = readlink(entries[i].path, target, sizeof target - 1);
      if (n >= 0) {
        target[n] = '\0';
        printf(" -> %s", target);
      }
    }
    printf("\n");
  }
}

static int terminal_width(void) {
  struct winsize ws;
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

/* GNU's -C layout: the most columns that fit, filled top to bottom, two spaces apart. */
static void print_columns(struct entry *entries, int count) {
  int width = terminal_width(), columns = 1;
  for (int cols = count; cols > 1; cols--) {
    int rows = (count + cols - 1) / cols, line = 0;
    if ((cols - 1) * rows >= count) continue;
    for (int c = 0; c < cols; c++) {
      int widest = 0;
      for (int r = 0; r < rows && c * rows + r < count; r++) {
        int len = (int)strlen(entries[c * rows + r].name);
        if (len > widest) widest = len;
      }
      line += widest + (c < cols - 1 ? 2 : 0);
    }
    if (line < width) {
      columns = cols;
      break;
    }
  }
  int rows = (count + columns - 1) / columns;
  for (int r = 0; r < rows; r++) {
    int position = 0, target = 0;
    for (int c = 0; c < columns && c * rows + r < count; c++) {
      int widest = 0;
      for (int k = 0; k < rows && c * rows + k < count; k++) {
        int len = (int)strlen(entries[c * rows + k].name);
        if (len > widest) widest = len;
      }
      /* GNU pads with tabs to 8-column stops, then spaces */
      while (position < target) {
        if (target / 8 > (position + 1) / 8) putchar('\t'), position += 8 - position % 8;
        else putchar(' '), position++;
      }
      const char *name = entries[c * rows + r].name;
      printf("%s", name);
      position += (int)strlen(name);
      target += widest + 2;
    }
    printf("\n");
  }
}

static void print_entries(struct entry *entries, int count, int show_total) {
  qsort(entries, count, sizeof entries[0], compare_entries);
  if (long_format) print_long(entries, count, show_total);
  else if (one_per_line || (!columns && !isatty(STDOUT_FILENO))) {
    for (int i = 0; i < count; i++) printf("%s\n", entries[i].name);
  } else if (count > 0) print_columns(entries, count);
}

static char *join_path(const char *dir, const char *name) {
  size_t len = strlen(dir);
  char *path = malloc(len + strlen(name) + 2);
  strcpy(path, dir);
  if (len == 0 || dir[len - 1] != '/') strcat(path, "/");
  strcat(path, name);
  return path;
}

static void list_directory(const char *path) {
  DIR *dir = opendir(path);
  struct dirent *d;
  struct entry *entries = NULL;
  int count = 0, capacity = 0;
  if (dir == NULL) {
    fprintf(stderr, "ls: cannot open directory '%s': %s\n", path, strerror(errno));
    status = 2;
    return;
  }
  while ((d = readdir(dir)) != NULL) {
    if (d->d_name[0] == '.' && !all && !almost_all) continue;
    if (almost_all && !all && (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)) continue;
    if (count == capacity) {
      capacity = capacity ? capacity * 2 : 32;
      entries = realloc(entries, capacity * sizeof entries[0]);
    }
    struct entry *e = &entries[count];
    e->name = strdup(d->d_name);
    e->path = join_path(path, d->d_name);
    memset(&e->st, 0, sizeof e->st);
    if (long_format && lstat(e->path, &e->st) < 0) {
      fprintf(stderr, "ls: cannot access '%s': %s\n", e->path, strerror(errno));
      status = 1;
      continue;
    }
    count++;
  }
  closedir(dir);
  print_entries(entries, count, 1);
  for (int i = 0; i < count; i++) free(entries[i].name), free(entries[i].path);
  free(entries);
}

static int parse_options(int argc, char **argv) {
  int first = 1;
  for (; first < argc && argv[first][0] == '-' && argv[first][1] != '\0'; first++) {
    if (strcmp(argv[first], "--") == 0) return first + 1;
    for (const char *p = argv[first] + 1; *p; p++) {
      switch (*p) {
      case 'l': long_format = 1; break;
      case 'a': all = 1; break;
      case 'A': almost_all = 1; break;
      case '1': one_per_line = 1, columns = 0; break;
      case 'd': list_dirs_themselves = 1; break;
      case 'C': columns = 1, one_per_line = 0; break;
      default:
        fprintf(stderr, "ls: invalid option -- '%c'\nTry 'ls --help' for more information.\n", *p);
        exit(2);
      }
    }
  }
  return first;
}

int main(int argc, char **argv) {
  static char *dot[] = {".", NULL};
  int first = parse_options(argc, argv);
  char **operands = first < argc ? argv + first : dot;
  int operand_count = first < argc ? argc - first : 1;
  struct entry *files = calloc(operand_count, sizeof *files);
  char **dirs = calloc(operand_count, sizeof *dirs);
  int file_count = 0, dir_count = 0;
  now = time(NULL);
  for (int i = 0; i < operand_count; i++) {
    struct stat st;
    int r = long_format || list_dirs_themselves ? lstat(operands[i], &st) : stat(operands[i], &st);
    if (r < 0 && lstat(operands[i], &st) < 0) {
      fprintf(stderr, "ls: cannot access '%s': %s\n", operands[i], strerror(errno));
      status = 2;
    } else if (S_ISDIR(st.st_mode) && !list_dirs_themselves) {
      dirs[dir_count++] = operands[i];
    } else {
      files[file_count].name = operands[i];
      files[file_count].path = operands[i];
      files[file_count++].st = st;
    }
  }
  print_entries(files, file_count, 0);
  qsort(dirs, dir_count, sizeof dirs[0], compare_names);
  for (int i = 0; i < dir_count; i++) {
    if (file_count > 0 || i > 0) printf("\n");
    if (operand_count > 1) printf("%s:\n", dirs[i]);
    list_directory(dirs[i]);
  }
  return status;
}
