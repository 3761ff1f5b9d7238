/* tests/diff/programs/arith.c: integer arithmetic edge cases, compared between tandem and qemu.
 * Operands go through volatile variables so the compiler cannot fold them: the point is to run
 * the machine's div/rem/mul/shift instructions on the awkward inputs (division by zero,
 * INT_MIN / -1, shift amounts at and past the width), whose RISC-V results are defined. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>

static volatile int32_t v32[] = {0, 1, -1, 2, -2, 7, -7, 100, INT32_MAX, INT32_MIN, 0x55555555, -3};
static volatile int64_t v64[] = {0, 1, -1, 3, -3, 1000000007, INT64_MAX, INT64_MIN,
                                 0x123456789abcdefLL, -0x76543210fedcbaLL, 1LL << 32, -(1LL << 31)};
#define N32 (sizeof v32 / sizeof v32[0])
#define N64 (sizeof v64 / sizeof v64[0])

static uint64_t mix;
static void fold(uint64_t x) { mix = (mix ^ x) * 0x100000001b3ULL; }

/* RISC-V defines these results; C leaves them undefined, so compute them with the instructions
 * directly rather than through C operators the optimiser may reason about. */
#if __riscv_xlen == 64
#define DIVW(op, a, b) ({ long r_; __asm__(op "w %0,%1,%2" : "=r"(r_) : "r"((long)(a)), "r"((long)(b))); (int32_t)r_; })
#define DIV64(op, a, b) ({ long r_; __asm__(op " %0,%1,%2" : "=r"(r_) : "r"(a), "r"(b)); (int64_t)r_; })
#else
#define DIVW(op, a, b) ({ long r_; __asm__(op " %0,%1,%2" : "=r"(r_) : "r"((long)(a)), "r"((long)(b))); (int32_t)r_; })
#endif

static void div32(void) {
  printf("-- 32-bit div/rem (machine semantics)\n");
  for (unsigned i = 0; i < N32; i++) {
    for (unsigned j = 0; j < N32; j++) {
      int32_t a = v32[i], b = v32[j];
      int32_t q = DIVW("div", a, b), r = DIVW("rem", a, b);
      uint32_t qu = (uint32_t)DIVW("divu", a, b), ru = (uint32_t)DIVW("remu", a, b);
      printf("%d/%d: q=%d r=%d qu=%u ru=%u\n", a, b, q, r, qu, ru);
      fold((uint32_t)q ^ ((uint64_t)(uint32_t)r << 32));
      fold(qu + ru);
    }
  }
}

#if __riscv_xlen == 64
static void div64(void) {
  printf("-- 64-bit div/rem (machine semantics)\n");
  for (unsigned i = 0; i < N64; i++) {
    for (unsigned j = 0; j < N64; j++) {
      int64_t a = v64[i], b = v64[j];
      int64_t q = DIV64("div", a, b), r = DIV64("rem", a, b);
      uint64_t qu = (uint64_t)DIV64("divu", a, b), ru = (uint64_t)DIV64("remu", a, b);
      printf("%lld/%lld: q=%lld r=%lld qu=%llu ru=%llu\n", (long long)a, (long long)b,
             (long long)q, (long long)r, (unsigned long long)qu, (unsigned long long)ru);
      fold((uint64_t)q);
      fold((uint64_t)r + qu + ru);
    }
  }
}
#endif

/* 64-bit C arithmetic: on rv32 these become libgcc calls and multi-instruction sequences. */
static void wide_c(void) {
  printf("-- 64-bit C operators\n");
  for (unsigned i = 0; i < N64; i++) {
    for (unsigned j = 0; j < N64; j++) {
      int64_t a = v64[i], b = v64[j];
      uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
      uint64_t sum = ua + ub, diff = ua - ub, prod = ua * ub;
      uint64_t q = ub ? ua / ub : 0, r = ub ? ua % ub : 0;
      int64_t sq = (b != 0 && !(a == INT64_MIN && b == -1)) ? a / b : 0;
      int64_t sr = (b != 0 && !(a == INT64_MIN && b == -1)) ? a % b : 0;
      printf("%llx %llx: + %llx - %llx * %llx /u %llx %%u %llx / %lld %% %lld cmp %d%d%d\n",
             (unsigned long long)ua, (unsigned long long)ub, (unsigned long long)sum,
             (unsigned long long)diff, (unsigned long long)prod, (unsigned long long)q,
             (unsigned long long)r, (long long)sq, (long long)sr, a < b, ua < ub, a == b);
      fold(sum ^ diff ^ prod ^ q ^ r ^ (uint64_t)sq ^ (uint64_t)sr);
    }
  }
}

static void shifts(void) {
  printf("-- shifts\n");
  static volatile unsigned amounts[] = {0, 1, 7, 31, 32, 33, 63};
  for (unsigned i = 0; i < N64; i++) {
    for (unsigned k = 0; k < sizeof amounts / sizeof amounts[0]; k++) {
      unsigned s = amounts[k];
      uint64_t x = (uint64_t)v64[i];
      int64_t sx = v64[i];
      uint32_t x32 = (uint32_t)x;
      int32_t sx32 = (int32_t)x32;
      uint64_t l = x << s, r = x >> s;
      int64_t ar = sx >> s;
      uint32_t l32 = x32 << (s & 31), r32 = x32 >> (s & 31);
      int32_t ar32 = sx32 >> (s & 31);
      printf("%llx s%u: << %llx >> %llx >>a %llx | %x %x %x\n", (unsigned long long)x, s,
             (unsigned long long)l, (unsigned long long)r, (unsigned long long)ar, l32, r32,
             (unsigned)ar32);
      fold(l ^ r ^ (uint64_t)ar ^ l32 ^ r32 ^ (uint32_t)ar32);
    }
  }
}

/* High halves of products: mulh/mulhu/mulhsu on rv64 (via __int128), mulhu on rv32. */
static void mulhigh(void) {
  printf("-- high multiply\n");
  for (unsigned i = 0; i < N64; i++) {
    for (unsigned j = i; j < N64; j++) {
      int64_t a = v64[i], b = v64[j];
#if __riscv_xlen == 64
      __int128 sp = (__int128)a * b;
      unsigned __int128 up = (unsigned __int128)(uint64_t)a * (uint64_t)b;
      __int128 sup = (__int128)a * (__int128)(unsigned __int128)(uint64_t)b;
      uint64_t hs = (uint64_t)(sp >> 64), hu = (uint64_t)(up >> 64), hsu = (uint64_t)(sup >> 64);
#else
      int32_t a32 = (int32_t)a, b32 = (int32_t)b;
      uint64_t hs = (uint64_t)(((int64_t)a32 * b32) >> 32);
      uint64_t hu = ((uint64_t)(uint32_t)a32 * (uint32_t)b32) >> 32;
      uint64_t hsu = (uint64_t)(((int64_t)a32 * (int64_t)(uint32_t)b32) >> 32);
#endif
      printf("%llx*%llx: h %llx hu %llx hsu %llx\n", (unsigned long long)a, (unsigned long long)b,
             (unsigned long long)hs, (unsigned long long)hu, (unsigned long long)hsu);
      fold(hs ^ (hu << 1) ^ (hsu << 2));
    }
  }
}

static void overflow_and_misc(void) {
  printf("-- overflow builtins, abs, 32-bit wrap\n");
  for (unsigned i = 0; i < N32; i++) {
    for (unsigned j = 0; j < N32; j++) {
      int32_t a = v32[i], b = v32[j], s, d, p;
      int os = __builtin_add_overflow(a, b, &s);
      int od = __builtin_sub_overflow(a, b, &d);
      int op = __builtin_mul_overflow(a, b, &p);
      uint32_t wrap = (uint32_t)a * (uint32_t)b + 0x9e3779b9u;
      printf("%d,%d: %d%d%d %d %d %d %u\n", a, b, os, od, op, s, d, p, wrap);
      fold((uint32_t)s ^ (uint32_t)d ^ (uint32_t)p ^ wrap);
    }
  }
}

int main(void) {
  div32();
#if __riscv_xlen == 64
  div64();
#endif
  wide_c();
  shifts();
  mulhigh();
  overflow_and_misc();
  printf("mix %016llx\n", (unsigned long long)mix);
  /* The exit code carries a little of the checksum, so a difference shows even without stdout. */
  return (int)(mix % 200) + 1;
}
