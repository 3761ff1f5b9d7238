/* examples/wordcount/wordcount.c: counts the lines, words and bytes of the run's input, read
 * through stdin like any C program, and prints them as `wc` does.  Under tandem it also appends a
 * one-line summary to the run's output channel (tandem_output), which qemu does not have; stdout
 * is the same under both. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "tandem/guest.h"

int main(void) {
  unsigned long long lines = 0, words = 0, bytes = 0;
  int in_word = 0;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) {
    bytes += n;
    for (size_t i = 0; i < n; i++) {
      unsigned char c = (unsigned char)buf[i];
      if (c == '\n') lines++;
      if (isspace(c)) {
        in_word = 0;
      } else if (!in_word) {
        in_word = 1;
        words++;
      }
    }
  }
  if (ferror(stdin)) {
    fprintf(stderr, "wordcount: error reading input\n");
    return 1;
  }
  printf("%7llu %7llu %7llu\n", lines, words, bytes);

  char summary[96];
  int len = snprintf(summary, sizeof summary, "lines=%llu words=%llu bytes=%llu\n", lines, words,
                     bytes);
  int status = tandem_output(summary, (size_t)len);
  if (status != 0 && status != -TANDEM_ENOSYS) {
    fprintf(stderr, "wordcount: tandem_output failed (%d)\n", status);
    return 1;
  }
  return 0;
}
