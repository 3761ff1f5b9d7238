/* tests/diff/programs/exit_nested.c: exit() called deep inside nested calls while stdout still
 * holds unflushed output (no trailing newline), with atexit handlers and a destructor that print
 * too.  All of it must reach stdout, in the C standard's order (atexit handlers in reverse order
 * of registration, then destructors), with exit code 42, under tandem exactly as under qemu. */
#include <stdio.h>
#include <stdlib.h>

static void first_registered(void) { printf("atexit: registered first, runs last\n"); }
static void second_registered(void) { printf("atexit: registered second, runs first; "); }

__attribute__((destructor)) static void goodbye(void) { printf("destructor: after atexit handlers [no newline]"); }

static int level3(int x) {
  printf("level3 got %d; about to exit with output pending... ", x);
  if (x > 2) exit(42);
  return x;
}
static int level2(int x) {
  printf("level2(%d) ", x);
  return level3(x + 1) * 2;
}
static int level1(int x) {
  printf("level1(%d)\n", x);
  return level2(x + 1) + 1;
}

int main(void) {
  atexit(first_registered);
  atexit(second_registered);
  /* A partial line that only a flush at exit can deliver. */
  for (int i = 0; i < 300; i++) printf("%c", 'a' + i % 26);
  printf("\n");
  printf("pending: ");
  int r = level1(1);
  printf("not reached %d\n", r);
  return 0;
}
