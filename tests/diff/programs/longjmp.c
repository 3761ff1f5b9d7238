/* tests/diff/programs/longjmp.c: setjmp/longjmp, compared between tandem and qemu: non-local
 * exits out of deep recursion, nested handlers, values preserved in volatile locals, and
 * re-entering the same jump buffer many times.  picolibc's setjmp saves the callee-saved
 * registers and sp by hand-written assembly, so this also checks those instructions. */
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

static jmp_buf top, inner;
static int depth_reached;

static void dive(int depth, int limit) {
  char pad[64];
  memset(pad, depth & 0xff, sizeof pad);
  depth_reached = depth + pad[depth % 64] - (depth & 0xff);
  if (depth == limit) longjmp(top, limit);
  dive(depth + 1, limit);
}

static int checked_div(int a, int b) {
  if (b == 0) longjmp(inner, 1);
  return a / b;
}

static int try_divide(int a, int b, int *out) {
  if (setjmp(inner) != 0) return -1;
  *out = checked_div(a, b);
  return 0;
}

int main(void) {
  for (int limit = 1; limit <= 1000; limit *= 10) {
    int r = setjmp(top);
    if (r == 0) {
      dive(0, limit);
      printf("not reached\n");
    } else {
      printf("escaped from depth %d (value %d)\n", depth_reached, r);
    }
  }

  int errors = 0;
  for (int b = -3; b <= 3; b++) {
    int q = 0;
    if (try_divide(100, b, &q) == 0) printf("100 / %d = %d\n", b, q);
    else {
      printf("100 / %d: caught division by zero\n", b);
      errors++;
    }
  }

  /* longjmp(buf, 0) must make setjmp return 1. */
  volatile int count = 0;
  volatile long sum = 0;
  jmp_buf loop;
  int v = setjmp(loop);
  sum += v;
  if (++count < 50) longjmp(loop, count % 7);
  printf("loop: count %d sum %ld\n", count, sum);

  jmp_buf zero;
  volatile int seen = 0;
  int z = setjmp(zero);
  if (!seen) {
    seen = 1;
    longjmp(zero, 0);
  }
  printf("longjmp with 0 gave %d\n", z);
  return errors + 4;
}
