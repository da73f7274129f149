/* The shell's command-line parser: one pass over the line that removes quotes ('…' literal,
   "…" with $ expansion and \ before $ " \ `), expands $NAME, ${NAME}, $?, $$, $! and a
   leading ~, splits unquoted expansions at blanks, expands unquoted wildcards (glob.c),
   recognises the operators | & ; && || and the redirections < > >> N> N>> N>&M and N<, then
   groups the words into commands and pipelines, one pipeline at a time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"

enum token_type { T_WORD, T_PIPE, T_AMP, T_SEMI, T_AND, T_OR, T_REDIR, T_END };

struct token {
  enum token_type type;
  char *word;
  struct redir redir; /* for T_REDIR; its target is the next word */
  int start, end;     /* offsets in the line */
};

static char arena[LINE_MAX_BYTES * 4];
static int arena_used;
static struct token tokens[MAX_ARGS * 4];
static int token_count;

void parse_free(void) {
  arena_used = 0;
  token_count = 0;
}

static int is_name_char(char c, int first) {
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
}

static int append(const char *s, int len) {
  if (arena_used + len + 1 >= (int)sizeof arena) return -1;
  memcpy(arena + arena_used, s, len);
  arena_used += len;
  return 0;
}

/* The value of the $ construct at line[i] (line[i] == '$') in *value; the index after it. */
static int expand_dollar(const char *line, int i, const char **value) {
  static char number[16];
  char name[128];
  int n = 0;
  i++;
  if (line[i] == '?' || line[i] == '$' || line[i] == '!') {
    long v = line[i] == '?' ? last_status : line[i] == '$' ? (long)getpid() : (long)last_background_pid;
    snprintf(number, sizeof number, "%ld", v);
    *value = number;
    return i + 1;
  }
  int braced = line[i] == '{';
  if (braced) i++;
  while (is_name_char(line[i], n == 0) && n < (int)sizeof name - 1) name[n++] = line[i++];
  name[n] = '\0';
  if (braced && line[i] == '}') i++;
  if (n == 0 && !braced) {
    *value = "$";
    return i;
  }
  *value = getenv(name);
  if (*value == NULL) *value = "";
  return i;
}

static void add_token(enum token_type type, char *word, int start, int end) {
  struct token *t = &tokens[token_count++];
  t->type = type;
  t->word = word;
  t->start = start;
  t->end = end;
}

static char *save_in_arena(const char *prefix, const char *name) {
  char *copy = arena + arena_used;
  if (append(prefix, (int)strlen(prefix)) < 0 || append(name, (int)strlen(name)) < 0 || append("", 0) < 0) return (char *)"";
  arena[arena_used++] = '\0';
  return copy;
}

/* Replaces the pattern word by its matches; how many (0: the word stays). */
static int expand_glob(char *word, int start, int end) {
  char *matches[MAX_ARGS];
  int room = (int)(sizeof tokens / sizeof tokens[0]) - 2 - token_count;
  int count = glob_word(word, matches, room < MAX_ARGS ? room : MAX_ARGS, save_in_arena);
  for (int k = 0; k < count; k++) add_token(T_WORD, matches[k], start, end);
  return count;
}

/* Reads a redirection operator at line[i] (after an optional fd number); its end, or -1. */
static int redirection(const char *line, int i, int start) {
  struct redir r;
  int fd = -1;
  while (line[i] >= '0' && line[i] <= '9') fd = (fd < 0 ? 0 : fd * 10) + (line[i++] - '0');
  if (line[i] != '<' && line[i] != '>') return -1;
  r.kind = line[i] == '<' ? REDIR_IN : REDIR_OUT;
  r.fd = fd >= 0 ? fd : r.kind == REDIR_IN ? 0 : 1;
  r.target = NULL;
  r.dup_from = -1;
  i++;
  if (r.kind == REDIR_OUT && line[i] == '>') r.kind = REDIR_APPEND, i++;
  if (line[i] == '&' && line[i + 1] >= '0' && line[i + 1] <= '9') {
    r.kind = REDIR_DUP;
    r.dup_from = 0;
    for (i++; line[i] >= '0' && line[i] <= '9'; i++) r.dup_from = r.dup_from * 10 + (line[i] - '0');
  }
  add_token(T_REDIR, NULL, start, i);
  tokens[token_count - 1].redir = r;
  return i;
}

/* Tokens from line[i] up to and including the next ; & && || (expanded now, so $? is the
   status of everything before); sets *next to where the following pipeline starts. */
static int tokenize(const char *line, int i, int *next) {
  token_count = 0;
  for (;;) {
    while (line[i] == ' ' || line[i] == '\t' || line[i] == '\n') i++;
    if (line[i] == '\0' || line[i] == '#') break;
    if (token_count >= (int)(sizeof tokens / sizeof tokens[0]) - 2) return -1;
    int start = i;
    char c = line[i];
    if (c == '|' || c == '&' || c == ';') {
      enum token_type type = c == '|' ? T_PIPE : c == '&' ? T_AMP : T_SEMI;
      if (c != ';' && line[i + 1] == c) type = c == '|' ? T_OR : T_AND, i++;
      add_token(type, NULL, start, ++i);
      if (type == T_PIPE) continue;
      *next = i;
      return 0;
    }
    int j = i;
    while (line[j] >= '0' && line[j] <= '9') j++;
    if (line[j] == '<' || line[j] == '>') {
      i = redirection(line, i, start);
      continue;
    }
    char *word = arena + arena_used;
    int quoted = 0; /* a quoted part makes a word even when empty ("") */
    int wild = 0;   /* an unquoted * ? or [: the word is a pattern */
    const char *value;
    if (c == '~' && (line[i + 1] == '/' || line[i + 1] == '\0' || line[i + 1] == ' ')) {
      const char *home = getenv("HOME");
      append(home ? home : "/", (int)strlen(home ? home : "/"));
      i++;
    }
    while (line[i] && !strchr(" \t\n|&;<>", line[i])) {
      if (line[i] == '\'') {
        const char *close = strchr(line + i + 1, '\'');
        if (close == NULL) return -2;
        append(line + i + 1, (int)(close - line - i - 1));
        i = (int)(close - line) + 1;
        quoted = 1;
      } else if (line[i] == '"') {
        for (i++; line[i] != '"'; ) {
          if (line[i] == '\0') return -2;
          if (line[i] == '\\' && strchr("$\"\\`", line[i + 1])) append(line + i + 1, 1), i += 2;
          else if (line[i] == '$') i = expand_dollar(line, i, &value), append(value, (int)strlen(value));
          else append(line + i++, 1);
        }
        i++;
        quoted = 1;
      } else if (line[i] == '\\' && line[i + 1]) {
        append(line + i + 1, 1);
        i += 2;
        quoted = 1;
      } else if (line[i] == '$') {
        /* an unquoted expansion is split into words at blanks */
        i = expand_dollar(line, i, &value);
        for (; *value; value++) {
          if (*value != ' ' && *value != '\t' && *value != '\n') {
            append(value, 1);
          } else if (arena + arena_used > word || quoted) {
            if (append("", 0) < 0 || token_count >= (int)(sizeof tokens / sizeof tokens[0]) - 2) return -1;
            arena[arena_used++] = '\0';
            add_token(T_WORD, word, start, i);
            word = arena + arena_used;
            quoted = 0;
          }
        }
      } else {
        if (strchr("*?[", line[i])) wild = 1;
        append(line + i++, 1);
      }
    }
    if (arena + arena_used == word && !quoted && line[start] == '$') continue; /* $EMPTY is no word */
    if (append("", 0) < 0) return -1;
    arena[arena_used++] = '\0';
    if (wild && has_glob(word) && expand_glob(word, start, i) > 0) continue;
    add_token(T_WORD, word, start, i);
  }
  add_token(T_END, NULL, i, i);
  *next = i;
  return 0;
}

int leading_assignments(const struct command *c) {
  int n = 0;
  for (; n < c->argc; n++) {
    const char *word = c->argv[n], *eq = strchr(word, '=');
    if (eq == NULL || eq == word) break;
    for (const char *p = word; p < eq; p++)
      if (!is_name_char(*p, p == word)) return n;
  }
  return n;
}

void apply_assignments(struct command *c, int n) {
  for (int i = 0; i < n; i++) {
    char *eq = strchr(c->argv[i], '=');
    *eq = '\0';
    setenv(c->argv[i], eq + 1, 1);
    *eq = '=';
  }
  memmove(c->argv, c->argv + n, (c->argc - n + 1) * sizeof c->argv[0]);
  c->argc -= n;
}

static int syntax_error(const struct token *t, const char *line) {
  if (t->type == T_END) fprintf(stderr, "sh: syntax error: unexpected end of line\n");
  else fprintf(stderr, "sh: syntax error near unexpected token `%.*s'\n", t->end - t->start, line + t->start);
  return -1;
}

static void set_text(struct pipeline *p, const char *line, int start, int end) {
  while (end > start && (line[end - 1] == ' ' || line[end - 1] == '\t')) end--;
  int len = end - start < (int)sizeof p->text - 1 ? end - start : (int)sizeof p->text - 1;
  memcpy(p->text, line + start, len);
  p->text[len] = '\0';
}

int parse_next(const char *line, int *position, struct pipeline *p) {
  int k = 0, r = tokenize(line, *position, position);
  if (r == -2) {
    fprintf(stderr, "sh: syntax error: unterminated quoted string\n");
    return -1;
  }
  if (r < 0) {
    fprintf(stderr, "sh: line too long\n");
    return -1;
  }
  if (tokens[0].type == T_END) return 0;
  memset(p, 0, sizeof *p);
  int start = tokens[0].start;
  for (;;) {
    struct command *c = &p->commands[p->command_count];
    memset(c, 0, sizeof *c);
    while (tokens[k].type == T_WORD || tokens[k].type == T_REDIR) {
      if (tokens[k].type == T_WORD) {
        if (c->argc >= MAX_ARGS) return syntax_error(&tokens[k], line);
        c->argv[c->argc++] = tokens[k++].word;
        continue;
      }
      if (c->redir_count >= MAX_REDIRS) return syntax_error(&tokens[k], line);
      struct redir *rd = &c->redirs[c->redir_count++];
      *rd = tokens[k++].redir;
      if (rd->kind != REDIR_DUP) {
        if (tokens[k].type != T_WORD) return syntax_error(&tokens[k], line);
        rd->target = tokens[k++].word;
      }
    }
    if (c->argc == 0 && c->redir_count == 0) return syntax_error(&tokens[k], line);
    p->command_count++;
    if (tokens[k].type != T_PIPE) break;
    if (p->command_count >= MAX_COMMANDS) return syntax_error(&tokens[k], line);
    k++;
  }
  set_text(p, line, start, tokens[k].start);
  switch (tokens[k].type) {
  case T_AMP: p->background = 1; break;
  case T_AND: p->next = AND_THEN; break;
  case T_OR: p->next = OR_ELSE; break;
  default: break;
  }
  return 1;
}
