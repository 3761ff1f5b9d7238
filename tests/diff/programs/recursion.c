/* tests/diff/programs/recursion.c: deep and branching recursion, compared between tandem and
 * qemu: calls, returns, stack frames and callee-saved registers under pressure.  The exit code is
 * the number of 8-queens solutions (92). */
#include <stdint.h>
#include <stdio.h>

static unsigned long ackermann(unsigned long m, unsigned long n) {
  if (m == 0) return n + 1;
  if (n == 0) return ackermann(m - 1, 1);
  return ackermann(m - 1, ackermann(m, n - 1));
}

static uint64_t fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static unsigned long long hanoi_moves;
static void hanoi(int n, int from, int to, int via) {
  if (n == 0) return;
  hanoi(n - 1, from, via, to);
  hanoi_moves++;
  if (n >= 12) printf("move disk %d from %d to %d\n", n, from, to);
  hanoi(n - 1, via, to, from);
}

static int is_even(unsigned n);
static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }
static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }

static int queens(int row, int n, unsigned cols, unsigned d1, unsigned d2) {
  if (row == n) return 1;
  int count = 0;
  for (int c = 0; c < n; c++) {
    unsigned a = 1u << c, b = 1u << (row + c), d = 1u << (row - c + n - 1);
    if ((cols & a) || (d1 & b) || (d2 & d)) continue;
    count += queens(row + 1, n, cols | a, d1 | b, d2 | d);
  }
  return count;
}

/* Deep recursion with a frame that holds data, to walk down a good part of the stack. */
static uint32_t deep(int depth, uint32_t seed) {
  volatile uint32_t local[16];
  for (int i = 0; i < 16; i++) local[i] = seed * (uint32_t)(i + 1) + (uint32_t)depth;
  if (depth == 0) return seed;
  uint32_t below = deep(depth - 1, seed * 2654435761u + 1);
  uint32_t sum = below;
  for (int i = 0; i < 16; i++) sum += local[i] ^ (uint32_t)i;
  return sum;
}

/* Many live values across calls force callee-saved registers to be saved and restored. */
static uint64_t pressure(int n, uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e,
                         uint64_t f, uint64_t g, uint64_t h, uint64_t i, uint64_t j) {
  if (n == 0) return a ^ b ^ c ^ d ^ e ^ f ^ g ^ h ^ i ^ j;
  uint64_t r = pressure(n - 1, b + 1, c * 3, d ^ a, e + f, f - 1, g * 5, h + i, i ^ j, j + 7, a);
  return r + a * 3 + b * 5 + c * 7 + d * 11 + e * 13 + f * 17 + g * 19 + h * 23 + i * 29 + j * 31;
}

int main(void) {
  for (unsigned long m = 0; m <= 3; m++)
    for (unsigned long n = 0; n <= 4; n++) printf("A(%lu,%lu) = %lu\n", m, n, ackermann(m, n));
  for (unsigned n = 0; n <= 27; n += 3) printf("fib(%u) = %llu\n", n, (unsigned long long)fib(n));
  hanoi(14, 1, 3, 2);
  printf("hanoi(14) took %llu moves\n", hanoi_moves);
  printf("even(9999) %d odd(7777) %d\n", is_even(9999), is_odd(7777));
  int solutions = 0;
  for (int n = 1; n <= 9; n++) {
    int s = queens(0, n, 0, 0, 0);
    printf("%d-queens: %d solutions\n", n, s);
    if (n == 8) solutions = s;
  }
  printf("deep(3000) = %u\n", deep(3000, 1));
  printf("pressure = %llu\n", (unsigned long long)pressure(200, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
  return solutions;
}
