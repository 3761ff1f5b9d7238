/* tests/diff/programs/stdin_stats.c: reads the run's input through stdin and reports on it,
 * compared between tandem (--input FILE) and qemu (stdin redirected from FILE).  Uses getchar,
 * fgets, ungetc and scanf-style parsing, so the stdin buffering in sdk/src/syscalls.c is covered
 * across block boundaries.  The exit code is the number of lines modulo 256. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WORDS 512

struct word {
  char text[24];
  int count;
};
static struct word words[MAX_WORDS];
static int nwords;

static void add_word(const char *w) {
  for (int i = 0; i < nwords; i++)
    if (strcmp(words[i].text, w) == 0) {
      words[i].count++;
      return;
    }
  if (nwords < MAX_WORDS) {
    strncpy(words[nwords].text, w, sizeof words[nwords].text - 1);
    words[nwords].count = 1;
    nwords++;
  }
}

static int by_count(const void *a, const void *b) {
  const struct word *x = a, *y = b;
  if (x->count != y->count) return y->count - x->count;
  return strcmp(x->text, y->text);
}

int main(void) {
  /* The first line is a header: "<n> numbers follow" and then n integers on the next lines. */
  int expected = 0;
  if (scanf("%d numbers follow", &expected) != 1) {
    printf("bad header\n");
    return 100;
  }
  long long sum = 0;
  long min = 0, max = 0;
  for (int i = 0; i < expected; i++) {
    long v;
    if (scanf("%ld", &v) != 1) {
      printf("missing number %d\n", i);
      return 101;
    }
    sum += v;
    if (i == 0 || v < min) min = v;
    if (i == 0 || v > max) max = v;
  }
  printf("numbers: %d sum %lld min %ld max %ld\n", expected, sum, min, max);

  /* The rest is text, read a character at a time, with ungetc at word ends. */
  int c, lines = 1, chars = 0;
  char word[24];
  size_t wlen = 0;
  unsigned long hash = 5381;
  while ((c = getchar()) != EOF) {
    chars++;
    hash = hash * 33 + (unsigned char)c;
    if (c == '\n') lines++;
    if (isalpha(c)) {
      if (wlen < sizeof word - 1) word[wlen++] = (char)tolower(c);
      int next = getchar();
      if (next != EOF) ungetc(next, stdin);
      if (next == EOF || !isalpha(next)) {
        word[wlen] = 0;
        add_word(word);
        wlen = 0;
      }
    }
  }
  qsort(words, (size_t)nwords, sizeof words[0], by_count);
  printf("text: %d lines, %d chars, %d distinct words, hash %lu\n", lines, chars, nwords, hash);
  for (int i = 0; i < nwords && i < 25; i++) printf("%3d %s\n", words[i].count, words[i].text);
  return lines % 256;
}
