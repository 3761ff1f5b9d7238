/* examples/custom_coprocessor/guest.c: calls the host's "example.dot_i32" coprocessor
 * (see host.cpp) and checks it against the same dot product computed in the guest. */
#include <stdint.h>
#include <stdio.h>

#define EXAMPLE_DOT_I32 0x2f10

static long dot_i32(const int32_t *a, const int32_t *b, size_t n, int64_t *out) {
  register long a0 __asm__("a0") = (long)a;
  register long a1 __asm__("a1") = (long)(n * 4);
  register long a2 __asm__("a2") = (long)b;
  register long a3 __asm__("a3") = (long)(n * 4);
  register long a7 __asm__("a7") = EXAMPLE_DOT_I32;
  __asm__ volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a2), "r"(a3), "r"(a7) : "memory");
  *out = a1;
  return a0;
}

static int32_t a[4096], b[4096];

int main(void) {
  for (int i = 0; i < 4096; ++i) a[i] = i - 2048, b[i] = 3 * i + 1;
  int64_t glue = 0, soft = 0;
  for (int i = 0; i < 4096; ++i) soft += (int64_t)a[i] * b[i];
  long status = dot_i32(a, b, 4096, &glue);
  printf("guest: coprocessor status %ld, dot = %lld, computed in the guest = %lld\n", status, (long long)glue,
         (long long)soft);
  const int ok = status == 0 && glue == soft;
  /* A bad call: a vector outside the guest's memory.  The bus refuses it; the guest goes on. */
  int64_t ignored;
  long bad = dot_i32(a, (const int32_t *)0, 4, &ignored);
  printf("guest: call with a null vector returned %ld\n", bad);
  return ok && bad == -14 ? 0 : 1;
}
