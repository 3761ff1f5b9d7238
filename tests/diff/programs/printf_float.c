/* tests/diff/programs/printf_float.c: printf formats and soft-float libm, compared between tandem
 * and qemu.  Guests have no FPU: every double operation is a libgcc soft-float call, and printf's
 * %f/%e/%g/%a conversions are long integer computations, a good workout for the interpreter. */
#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static volatile double inputs[] = {0.0, -0.0, 1.0, -1.5, 0.1, 2.5, 3.14159265358979323846,
                                   1e-300, 6.02214076e23, -123456.789, 1e15 + 0.3, 0.5e-320,
                                   DBL_MAX, DBL_MIN, 1.0 / 3.0, 100.0};

static void integers(void) {
  printf("-- integer conversions\n");
  static const long long values[] = {0, 1, -1, 42, -42, 255, 65535, INT_MAX, INT_MIN,
                                     LLONG_MAX, LLONG_MIN, 1000000000000LL};
  for (unsigned i = 0; i < sizeof values / sizeof values[0]; i++) {
    long long v = values[i];
    printf("[%d] [%5d] [%-5d|] [%+d] [% d] [%05d] [%x] [%#X] [%o] [%#o]\n", (int)v, (int)v,
           (int)v, (int)v, (int)v, (int)v, (unsigned)v, (unsigned)v, (unsigned)v, (unsigned)v);
    printf("  ll [%lld] [%20lld] [%-20lld|] [%llx] [%llu] [%.3lld] [%hhd] [%hd]\n", v, v, v,
           (unsigned long long)v, (unsigned long long)v, v, (signed char)v, (short)v);
  }
  printf("size_t %zu ptrdiff %td intmax %jd uint64 %" PRIu64 " int32 %" PRId32 "\n",
         sizeof(long double), (ptrdiff_t)-7, (intmax_t)-123456789012LL, UINT64_MAX, INT32_MIN);
}

static void strings_and_chars(void) {
  printf("-- strings and chars\n");
  const char *words[] = {"", "a", "tandem", "a longer string of words"};
  for (unsigned i = 0; i < 4; i++)
    printf("[%s] [%10s] [%-10s|] [%.3s] [%*s] [%-*.*s|]\n", words[i], words[i], words[i],
           words[i], 6, words[i], 8, 2, words[i]);
  for (int c = 32; c < 127; c += 7) printf("[%c%3c%-3c|]", c, c, c);
  printf("\n100%% done, %s\n", "percent ok");
  char buf[16];
  int n = snprintf(buf, sizeof buf, "%s-%d-%s", "truncate", 123456789, "me");
  printf("snprintf wanted %d, got [%s] (%zu)\n", n, buf, strlen(buf));
}

static void doubles(void) {
  printf("-- floating-point conversions\n");
  for (unsigned i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
    double x = inputs[i];
    printf("f[%f] .2f[%.2f] 12.4f[%12.4f] e[%e] .3e[%.3E] g[%g] .10g[%.10g] a[%a]\n", x, x, x,
           x, x, x, x, x);
    printf("  +f[%+.1f] 0f[%010.3f] -f[%-10.1f|] #g[%#g] #.0f[%#.0f] .0f[%.0f]\n", x, x, x, x, x,
           x);
  }
  printf("specials: %f %f %f %e %g %F\n", (double)INFINITY, -(double)INFINITY, (double)NAN,
         (double)INFINITY, -(double)NAN, (double)INFINITY);
  float f = 1.0f / 7.0f;
  printf("float %f %.9g %a\n", (double)f, (double)f, (double)f);
  /* Rounding of exact halves at the printed precision. */
  printf("halves %.0f %.0f %.0f %.0f %.1f %.1f %.2f\n", 0.5, 1.5, 2.5, -2.5, 0.25, 0.35, 1.005);
}

/* Prints the exact bits too, so a last-bit difference in a soft-float routine shows. */
static void show(const char *name, double x, double y) {
  union { double d; uint64_t u; } b = {y};
  printf("%s(%.17g) = %.17g [%016llx]\n", name, x, y, (unsigned long long)b.u);
}

static void libm(void) {
  printf("-- libm\n");
  static volatile double args[] = {0.0, 0.5, 1.0, 2.0, -0.75, 10.0, 1e-8, 123.456, -1e3};
  for (unsigned i = 0; i < sizeof args / sizeof args[0]; i++) {
    double x = args[i];
    show("sin", x, sin(x));
    show("cos", x, cos(x));
    show("tan", x, tan(x));
    show("exp", x, exp(x));
    show("log", x, log(fabs(x) + 1.0));
    show("sqrt", x, sqrt(fabs(x)));
    show("cbrt", x, cbrt(x));
    show("atan", x, atan(x));
    show("tanh", x, tanh(x));
    show("pow1.7", x, pow(fabs(x), 1.7));
    show("atan2", x, atan2(x, 0.3));
    show("hypot", x, hypot(x, 4.0));
    show("fmod", x, fmod(x, 0.7));
    show("floor", x, floor(x * 3.3));
    show("ceil", x, ceil(x * 3.3));
    show("round", x, round(x * 3.3));
    show("trunc", x, trunc(x * 3.3));
    show("ldexp", x, ldexp(x, 12));
    int e;
    double m = frexp(x, &e);
    printf("frexp(%g) = %g * 2^%d\n", x, m, e);
  }
  float fx = 0.3f;
  for (int i = 0; i < 5; i++) {
    fx = sinf(fx) * 3.0f + expf(-fx);
    printf("float iterate %d: %.9g\n", i, (double)fx);
  }
}

static void arithmetic(void) {
  printf("-- soft-float arithmetic\n");
  double acc = 0.0;
  for (int i = 1; i <= 2000; i++) acc += 1.0 / ((double)i * i);
  printf("basel partial %.17g\n", acc);
  double h = 1.0;
  for (int i = 0; i < 60; i++) h = h * 1.1 - 0.05 / h;
  printf("recurrence %.17g\n", h);
  long long back = (long long)(acc * 1e15);
  unsigned long long ub = (unsigned long long)(h * 1e6);
  printf("to int %lld %llu %d %u\n", back, ub, (int)-2.7, (unsigned)3.99);
  printf("from int %.17g %.17g %.9g\n", (double)LLONG_MAX, (double)(unsigned long long)-1,
         (double)(float)16777217);
  printf("compare %d %d %d %d\n", 0.1 + 0.2 == 0.3, (double)NAN == (double)NAN, -0.0 == 0.0,
         1e308 * 10 > 1e308);
}

int main(void) {
  integers();
  strings_and_chars();
  doubles();
  libm();
  arithmetic();
  return 0;
}
