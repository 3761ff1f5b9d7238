/* tests/diff/programs/softfloat.c: IEEE-754 edge cases in single and double precision, compared
 * between tandem and qemu.  Guests are soft-float, so every operation below is a libgcc routine
 * built from integer instructions; results are printed as exact bit patterns. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>

static uint64_t dbits(double d) {
  union { double d; uint64_t u; } v = {d};
  return v.u;
}
static uint32_t fbits(float f) {
  union { float f; uint32_t u; } v = {f};
  return v.u;
}

static volatile double dv[] = {0.0, -0.0, 1.0, -1.0, 0.1, 1e308, -1e308, 5e-324, 2.2250738585072014e-308,
                               1.0000000000000002, 3.0, 1e16, INFINITY, -INFINITY, NAN};
static volatile float fv[] = {0.0f, -0.0f, 1.0f, 0.1f, 3.4e38f, 1e-45f, 1.17549435e-38f, 16777216.0f,
                              16777217.0f, -2.5f, INFINITY, NAN};
#define ND (sizeof dv / sizeof dv[0])
#define NF (sizeof fv / sizeof fv[0])

int main(void) {
  unsigned long long mix = 0;
  printf("-- double + - * / and comparisons\n");
  for (unsigned i = 0; i < ND; i++) {
    for (unsigned j = 0; j < ND; j++) {
      double a = dv[i], b = dv[j];
      uint64_t s = dbits(a + b), d = dbits(a - b), p = dbits(a * b), q = dbits(a / b);
      int lt = a < b, le = a <= b, eq = a == b, un = isunordered(a, b);
      printf("%d,%d: %016llx %016llx %016llx %016llx %d%d%d%d\n", i, j, (unsigned long long)s,
             (unsigned long long)d, (unsigned long long)p, (unsigned long long)q, lt, le, eq, un);
      mix = mix * 31 + (s ^ d ^ p ^ q) + (unsigned)(lt + 2 * le + 4 * eq + 8 * un);
    }
  }
  printf("-- float + * / and sqrt\n");
  for (unsigned i = 0; i < NF; i++) {
    for (unsigned j = 0; j < NF; j++) {
      float a = fv[i], b = fv[j];
      uint32_t s = fbits(a + b), p = fbits(a * b), q = fbits(a / b);
      printf("%d,%d: %08x %08x %08x\n", i, j, s, p, q);
      mix = mix * 31 + (s ^ p ^ q);
    }
    printf("sqrtf %08x fmaf %08x\n", fbits(sqrtf(fv[i])), fbits(fmaf(fv[i], 3.0f, -1.0f)));
  }
  printf("-- conversions\n");
  for (unsigned i = 0; i < ND; i++) {
    double a = dv[i];
    float f = (float)a;
    int ok_int = isfinite(a) && fabs(a) < 2e9;
    int ok_ll = isfinite(a) && fabs(a) < 9e18;
    printf("%016llx -> float %08x int %d ll %lld ull %llu back %016llx\n", (unsigned long long)dbits(a),
           fbits(f), ok_int ? (int)a : 0, ok_ll ? (long long)a : 0LL,
           (ok_ll && a >= 0) ? (unsigned long long)a : 0ULL, (unsigned long long)dbits((double)f));
    mix = mix * 31 + fbits(f);
  }
  static volatile long long ints[] = {0, 1, -1, 16777217, -16777217, 9007199254740993LL,
                                      -9223372036854775807LL - 1, 9223372036854775807LL};
  for (unsigned i = 0; i < sizeof ints / sizeof ints[0]; i++) {
    long long v = ints[i];
    printf("%lld -> double %016llx float %08x; u -> %016llx\n", v, (unsigned long long)dbits((double)v),
           fbits((float)v), (unsigned long long)dbits((double)(unsigned long long)v));
    mix = mix * 31 + dbits((double)v);
  }
  printf("-- classification and rounding\n");
  for (unsigned i = 0; i < ND; i++) {
    double a = dv[i];
    printf("%016llx: class %d signbit %d rint %016llx nearbyint %016llx fabs %016llx copysign %016llx\n",
           (unsigned long long)dbits(a), fpclassify(a), signbit(a) != 0,
           (unsigned long long)dbits(rint(a * 2.5)), (unsigned long long)dbits(nearbyint(a / 3.0)),
           (unsigned long long)dbits(fabs(a)), (unsigned long long)dbits(copysign(2.0, a)));
  }
  printf("epsilons %016llx %08x min %016llx max %08x\n", (unsigned long long)dbits(DBL_EPSILON),
         fbits(FLT_EPSILON), (unsigned long long)dbits(DBL_MIN), fbits(FLT_MAX));
  printf("mix %016llx\n", mix);
  return 0;
}
