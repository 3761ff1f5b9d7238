/* tests/diff/toolchain_project/greet.c: prints its arguments and a heap-allocated string, exits 7:
 * enough to show that start-up, stdio, malloc and exit work in a toolchain-file build. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tandem/guest.h"

int main(int argc, char **argv) {
  char *s = malloc(32);
  if (!s) return 1;
  strcpy(s, "built with the toolchain file");
  printf("%s, argc=%d, rv%d\n", s, argc, (int)(8 * sizeof(void *)));
  for (int i = 1; i < argc; i++) printf("arg %s\n", argv[i]);
  free(s);
  return 7;
}
