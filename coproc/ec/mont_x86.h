// coproc/ec/mont_x86.h: x86-64 kernels for 4-limb fields (BN254's Fq and Fr): modular add and
// subtract (baseline x86-64), and the Montgomery product with BMI2/ADX (mulx and the two carry
// chains of adcx/adox), used when the CPU has them (checked once, at run time, so the default
// -march=x86-64 build uses it too).  field.h falls back to portable code elsewhere; this is never
// compiled for guests.  Requires p < 2^255 and inputs < p.
#pragma once
// Optimised builds only: at -O0 the asm operands do not fit in the registers left over.
// Not under AddressSanitizer: its instrumentation takes registers the 6-limb kernel needs ("asm
// operand has impossible constraints"), and the portable path is what a sanitizer should check.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TANDEM_EC_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define TANDEM_EC_ASAN 1
#endif
#if defined(__x86_64__) && defined(__OPTIMIZE__) && !defined(TANDEM_EC_ASAN)
#define TANDEM_EC_X86_KERNELS 1
#include <cpuid.h>
#include <stdint.h>

namespace tandem::coproc::ec::detail {

inline bool cpu_has_mulx_adx() {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
  return (b & (1u << 8)) && (b & (1u << 19));  // BMI2, ADX
}
// Read once during static initialisation (false until then: the portable path is used).
inline const bool kHasMulxAdx = cpu_has_mulx_adx();

// CIOS: each row adds a*b[i], then m*p with m = t0 * inv, so that the low word vanishes; the
// accumulator registers rotate instead of shifting.  t < 2p after every row, one final subtract.
__attribute__((always_inline)) inline void mont_mul4_adx(uint64_t r[4], const uint64_t a[4],
                                                        const uint64_t b[4], const uint64_t p[4],
                                                        uint64_t inv) {
  uint64_t t0, t1, t2, t3, t4, lo, hi;
  __asm__(
        "xorl %k[t0], %k[t0]\n\t"
        "xorl %k[t1], %k[t1]\n\t"
        "xorl %k[t2], %k[t2]\n\t"
        "xorl %k[t3], %k[t3]\n\t"
        "xorl %k[t4], %k[t4]\n\t"
        "movq 0(%[b]), %%rdx\n\t"
        "xorl %%eax, %%eax\n\t"
        "mulxq 0(%[a]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t0]\n\t"
        "adcxq %[hi], %[t1]\n\t"
        "mulxq 8(%[a]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t1]\n\t"
        "adcxq %[hi], %[t2]\n\t"
        "mulxq 16(%[a]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t2]\n\t"
        "adcxq %[hi], %[t3]\n\t"
        "mulxq 24(%[a]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t3]\n\t"
        "adcxq %[hi], %[t4]\n\t"
        "adoxq %%rax, %[t4]\n\t"
        "movq %[t0], %%rdx\n\t"
        "imulq %[inv], %%rdx\n\t"
        "xorl %%eax, %%eax\n\t"
        "mulxq 0(%[p]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t0]\n\t"
        "adcxq %[hi], %[t1]\n\t"
        "mulxq 8(%[p]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t1]\n\t"
        "adcxq %[hi], %[t2]\n\t"
        "mulxq 16(%[p]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t2]\n\t"
        "adcxq %[hi], %[t3]\n\t"
        "mulxq 24(%[p]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t3]\n\t"
        "adcxq %[hi], %[t4]\n\t"
        "adoxq %%rax, %[t4]\n\t"
        "movq 8(%[b]), %%rdx\n\t"
        "xorl %%eax, %%eax\n\t"
        "mulxq 0(%[a]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t1]\n\t"
        "adcxq %[hi], %[t2]\n\t"
        "mulxq 8(%[a]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t2]\n\t"
        "adcxq %[hi], %[t3]\n\t"
        "mulxq 16(%[a]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t3]\n\t"
        "adcxq %[hi], %[t4]\n\t"
        "mulxq 24(%[a]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t4]\n\t"
        "adcxq %[hi], %[t0]\n\t"
        "adoxq %%rax, %[t0]\n\t"
        "movq %[t1], %%rdx\n\t"
        "imulq %[inv], %%rdx\n\t"
        "xorl %%eax, %%eax\n\t"
        "mulxq 0(%[p]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t1]\n\t"
        "adcxq %[hi], %[t2]\n\t"
        "mulxq 8(%[p]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t2]\n\t"
        "adcxq %[hi], %[t3]\n\t"
        "mulxq 16(%[p]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t3]\n\t"
        "adcxq %[hi], %[t4]\n\t"
        "mulxq 24(%[p]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t4]\n\t"
        "adcxq %[hi], %[t0]\n\t"
        "adoxq %%rax, %[t0]\n\t"
        "movq 16(%[b]), %%rdx\n\t"
        "xorl %%eax, %%eax\n\t"
        "mulxq 0(%[a]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t2]\n\t"
        "adcxq %[hi], %[t3]\n\t"
        "mulxq 8(%[a]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t3]\n\t"
        "adcxq %[hi], %[t4]\n\t"
        "mulxq 16(%[a]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t4]\n\t"
        "adcxq %[hi], %[t0]\n\t"
        "mulxq 24(%[a]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t0]\n\t"
        "adcxq %[hi], %[t1]\n\t"
        "adoxq %%rax, %[t1]\n\t"
        "movq %[t2], %%rdx\n\t"
        "imulq %[inv], %%rdx\n\t"
        "xorl %%eax, %%eax\n\t"
        "mulxq 0(%[p]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t2]\n\t"
        "adcxq %[hi], %[t3]\n\t"
        "mulxq 8(%[p]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t3]\n\t"
        "adcxq %[hi], %[t4]\n\t"
        "mulxq 16(%[p]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t4]\n\t"
        "adcxq %[hi], %[t0]\n\t"
        "mulxq 24(%[p]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t0]\n\t"
        "adcxq %[hi], %[t1]\n\t"
        "adoxq %%rax, %[t1]\n\t"
        "movq 24(%[b]), %%rdx\n\t"
        "xorl %%eax, %%eax\n\t"
        "mulxq 0(%[a]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t3]\n\t"
        "adcxq %[hi], %[t4]\n\t"
        "mulxq 8(%[a]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t4]\n\t"
        "adcxq %[hi], %[t0]\n\t"
        "mulxq 16(%[a]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t0]\n\t"
        "adcxq %[hi], %[t1]\n\t"
        "mulxq 24(%[a]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t1]\n\t"
        "adcxq %[hi], %[t2]\n\t"
        "adoxq %%rax, %[t2]\n\t"
        "movq %[t3], %%rdx\n\t"
        "imulq %[inv], %%rdx\n\t"
        "xorl %%eax, %%eax\n\t"
        "mulxq 0(%[p]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t3]\n\t"
        "adcxq %[hi], %[t4]\n\t"
        "mulxq 8(%[p]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t4]\n\t"
        "adcxq %[hi], %[t0]\n\t"
        "mulxq 16(%[p]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t0]\n\t"
        "adcxq %[hi], %[t1]\n\t"
        "mulxq 24(%[p]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[t1]\n\t"
        "adcxq %[hi], %[t2]\n\t"
        "adoxq %%rax, %[t2]\n\t"
        "movq %[t4], %%rax\n\t"
        "subq 0(%[p]), %%rax\n\t"
        "movq %[t0], %%rdx\n\t"
        "sbbq 8(%[p]), %%rdx\n\t"
        "movq %[t1], %[lo]\n\t"
        "sbbq 16(%[p]), %[lo]\n\t"
        "movq %[t2], %[hi]\n\t"
        "sbbq 24(%[p]), %[hi]\n\t"
        "cmovncq %%rax, %[t4]\n\t"
        "cmovncq %%rdx, %[t0]\n\t"
        "cmovncq %[lo], %[t1]\n\t"
        "cmovncq %[hi], %[t2]\n\t"
      : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4),
        [lo] "=&r"(lo), [hi] "=&r"(hi)
      : [a] "r"(a), [b] "r"(b), "m"(*(const uint64_t(*)[4])a), "m"(*(const uint64_t(*)[4])b),
        [p] "r"(p), "m"(*(const uint64_t(*)[4])p), [inv] "m"(inv)
      : "rax", "rdx", "cc");
  r[0] = t4;
  r[1] = t0;
  r[2] = t1;
  r[3] = t2;
}

// (a + b) mod p and (a - b) mod p for 4 limbs: plain add/adc and sub/sbb chains with a
// conditional move, which compilers do not produce from portable carry code.  Baseline x86-64.
__attribute__((always_inline)) inline void add_mod4(uint64_t r[4], const uint64_t a[4],
                                                   const uint64_t b[4], const uint64_t p[4]) {
  uint64_t r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], s0, s1, s2, s3;
  __asm__(
      "addq 0(%[b]), %[r0]\n\t"
      "adcq 8(%[b]), %[r1]\n\t"
      "adcq 16(%[b]), %[r2]\n\t"
      "adcq 24(%[b]), %[r3]\n\t"
      "movq %[r0], %[s0]\n\t"
      "subq 0(%[p]), %[s0]\n\t"
      "movq %[r1], %[s1]\n\t"
      "sbbq 8(%[p]), %[s1]\n\t"
      "movq %[r2], %[s2]\n\t"
      "sbbq 16(%[p]), %[s2]\n\t"
      "movq %[r3], %[s3]\n\t"
      "sbbq 24(%[p]), %[s3]\n\t"
      "cmovncq %[s0], %[r0]\n\t"
      "cmovncq %[s1], %[r1]\n\t"
      "cmovncq %[s2], %[r2]\n\t"
      "cmovncq %[s3], %[r3]\n\t"
      : [r0] "+&r"(r0), [r1] "+&r"(r1), [r2] "+&r"(r2), [r3] "+&r"(r3), [s0] "=&r"(s0),
        [s1] "=&r"(s1), [s2] "=&r"(s2), [s3] "=&r"(s3)
      : [b] "r"(b), "m"(*(const uint64_t(*)[4])b), [p] "r"(p),
        "m"(*(const uint64_t(*)[4])p)
      : "cc");
  r[0] = r0;
  r[1] = r1;
  r[2] = r2;
  r[3] = r3;
}

// a - b, and a - b + p kept by cmov where that carries out: with a, b < p < 2^255 it carries
// exactly when a - b borrowed.
__attribute__((always_inline)) inline void sub_mod4(uint64_t r[4], const uint64_t a[4],
                                                   const uint64_t b[4], const uint64_t p[4]) {
  uint64_t r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], s0, s1, s2, s3;
  __asm__(
      "subq 0(%[b]), %[r0]\n\t"
      "sbbq 8(%[b]), %[r1]\n\t"
      "sbbq 16(%[b]), %[r2]\n\t"
      "sbbq 24(%[b]), %[r3]\n\t"
      "movq %[r0], %[s0]\n\t"
      "addq 0(%[p]), %[s0]\n\t"
      "movq %[r1], %[s1]\n\t"
      "adcq 8(%[p]), %[s1]\n\t"
      "movq %[r2], %[s2]\n\t"
      "adcq 16(%[p]), %[s2]\n\t"
      "movq %[r3], %[s3]\n\t"
      "adcq 24(%[p]), %[s3]\n\t"
      "cmovcq %[s0], %[r0]\n\t"
      "cmovcq %[s1], %[r1]\n\t"
      "cmovcq %[s2], %[r2]\n\t"
      "cmovcq %[s3], %[r3]\n\t"
      : [r0] "+&r"(r0), [r1] "+&r"(r1), [r2] "+&r"(r2), [r3] "+&r"(r3), [s0] "=&r"(s0),
        [s1] "=&r"(s1), [s2] "=&r"(s2), [s3] "=&r"(s3)
      : [b] "r"(b), "m"(*(const uint64_t(*)[4])b), [p] "r"(p),
        "m"(*(const uint64_t(*)[4])p)
      : "cc");
  r[0] = r0;
  r[1] = r1;
  r[2] = r2;
  r[3] = r3;
}


// Double-width kernels for lazy reduction, as in mont6_x86.h (generated by the same script).
// The double-width kernels read and write their arrays under a "memory" clobber (volatile, so
// that a kernel whose register outputs go unused is kept) instead of memory operands: clang
// gives each memory operand a register of its own, and these kernels use 14 already.
__attribute__((always_inline)) inline void mul4_wide_adx(uint64_t t[8], const uint64_t a[4],
                                                        const uint64_t b[4]) {
  uint64_t A0, A1, A2, A3, A4, lo, hi;
  __asm__ volatile(
"xorl %k[A0], %k[A0]\n\t"
"xorl %k[A1], %k[A1]\n\t"
"xorl %k[A2], %k[A2]\n\t"
"xorl %k[A3], %k[A3]\n\t"
"xorl %k[A4], %k[A4]\n\t"
"movq 0(%[b]), %%rdx\n\t"
"xorl %%eax, %%eax\n\t"
"mulxq 0(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A0]\n\t"
"adcxq %[hi], %[A1]\n\t"
"mulxq 8(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A1]\n\t"
"adcxq %[hi], %[A2]\n\t"
"mulxq 16(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A2]\n\t"
"adcxq %[hi], %[A3]\n\t"
"mulxq 24(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A3]\n\t"
"adcxq %[hi], %[A4]\n\t"
"adoxq %%rax, %[A4]\n\t"
"movq %[A0], 0(%[t])\n\t"
"xorl %k[A0], %k[A0]\n\t"
"movq 8(%[b]), %%rdx\n\t"
"xorl %%eax, %%eax\n\t"
"mulxq 0(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A1]\n\t"
"adcxq %[hi], %[A2]\n\t"
"mulxq 8(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A2]\n\t"
"adcxq %[hi], %[A3]\n\t"
"mulxq 16(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A3]\n\t"
"adcxq %[hi], %[A4]\n\t"
"mulxq 24(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A4]\n\t"
"adcxq %[hi], %[A0]\n\t"
"adoxq %%rax, %[A0]\n\t"
"movq %[A1], 8(%[t])\n\t"
"xorl %k[A1], %k[A1]\n\t"
"movq 16(%[b]), %%rdx\n\t"
"xorl %%eax, %%eax\n\t"
"mulxq 0(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A2]\n\t"
"adcxq %[hi], %[A3]\n\t"
"mulxq 8(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A3]\n\t"
"adcxq %[hi], %[A4]\n\t"
"mulxq 16(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A4]\n\t"
"adcxq %[hi], %[A0]\n\t"
"mulxq 24(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A0]\n\t"
"adcxq %[hi], %[A1]\n\t"
"adoxq %%rax, %[A1]\n\t"
"movq %[A2], 16(%[t])\n\t"
"xorl %k[A2], %k[A2]\n\t"
"movq 24(%[b]), %%rdx\n\t"
"xorl %%eax, %%eax\n\t"
"mulxq 0(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A3]\n\t"
"adcxq %[hi], %[A4]\n\t"
"mulxq 8(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A4]\n\t"
"adcxq %[hi], %[A0]\n\t"
"mulxq 16(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A0]\n\t"
"adcxq %[hi], %[A1]\n\t"
"mulxq 24(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A1]\n\t"
"adcxq %[hi], %[A2]\n\t"
"adoxq %%rax, %[A2]\n\t"
"movq %[A3], 24(%[t])\n\t"
"movq %[A4], 32(%[t])\n\t"
"movq %[A0], 40(%[t])\n\t"
"movq %[A1], 48(%[t])\n\t"
"movq %[A2], 56(%[t])\n\t"
      : [A0] "=&r"(A0), [A1] "=&r"(A1), [A2] "=&r"(A2), [A3] "=&r"(A3), [A4] "=&r"(A4), [lo] "=&r"(lo), [hi] "=&r"(hi)
      : [t] "r"(t), [a] "r"(a), [b] "r"(b)
      : "rax", "rdx", "cc", "memory");
}

__attribute__((always_inline)) inline void redc4_adx(uint64_t r[4], const uint64_t t[8],
                                                   const uint64_t p[4], uint64_t inv) {
  uint64_t A0, A1, A2, A3, A4, lo, hi;
  __asm__ volatile(
"movq 0(%[t]), %[A0]\n\t"
"movq 8(%[t]), %[A1]\n\t"
"movq 16(%[t]), %[A2]\n\t"
"movq 24(%[t]), %[A3]\n\t"
"xorl %k[A4], %k[A4]\n\t"
"movq %[A0], %%rdx\n\t"
"imulq %[inv], %%rdx\n\t"
"xorl %%eax, %%eax\n\t"
"mulxq 0(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A0]\n\t"
"adcxq %[hi], %[A1]\n\t"
"mulxq 8(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A1]\n\t"
"adcxq %[hi], %[A2]\n\t"
"mulxq 16(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A2]\n\t"
"adcxq %[hi], %[A3]\n\t"
"mulxq 24(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A3]\n\t"
"adcxq %[hi], %[A4]\n\t"
"adoxq %%rax, %[A4]\n\t"
"movq %[A1], %%rdx\n\t"
"imulq %[inv], %%rdx\n\t"
"xorl %%eax, %%eax\n\t"
"mulxq 0(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A1]\n\t"
"adcxq %[hi], %[A2]\n\t"
"mulxq 8(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A2]\n\t"
"adcxq %[hi], %[A3]\n\t"
"mulxq 16(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A3]\n\t"
"adcxq %[hi], %[A4]\n\t"
"mulxq 24(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A4]\n\t"
"adcxq %[hi], %[A0]\n\t"
"adoxq %%rax, %[A0]\n\t"
"movq %[A2], %%rdx\n\t"
"imulq %[inv], %%rdx\n\t"
"xorl %%eax, %%eax\n\t"
"mulxq 0(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A2]\n\t"
"adcxq %[hi], %[A3]\n\t"
"mulxq 8(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A3]\n\t"
"adcxq %[hi], %[A4]\n\t"
"mulxq 16(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A4]\n\t"
"adcxq %[hi], %[A0]\n\t"
"mulxq 24(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A0]\n\t"
"adcxq %[hi], %[A1]\n\t"
"adoxq %%rax, %[A1]\n\t"
"movq %[A3], %%rdx\n\t"
"imulq %[inv], %%rdx\n\t"
"xorl %%eax, %%eax\n\t"
"mulxq 0(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A3]\n\t"
"adcxq %[hi], %[A4]\n\t"
"mulxq 8(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A4]\n\t"
"adcxq %[hi], %[A0]\n\t"
"mulxq 16(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A0]\n\t"
"adcxq %[hi], %[A1]\n\t"
"mulxq 24(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A1]\n\t"
"adcxq %[hi], %[A2]\n\t"
"adoxq %%rax, %[A2]\n\t"
"addq 32(%[t]), %[A4]\n\t"
"adcq 40(%[t]), %[A0]\n\t"
"adcq 48(%[t]), %[A1]\n\t"
"adcq 56(%[t]), %[A2]\n\t"
"movq %[A4], %[A3]\n\t"
"movq %[A0], %[lo]\n\t"
"movq %[A1], %[hi]\n\t"
"movq %[A2], %%rdx\n\t"
"subq 0(%[p]), %[A3]\n\t"
"sbbq 8(%[p]), %[lo]\n\t"
"sbbq 16(%[p]), %[hi]\n\t"
"sbbq 24(%[p]), %%rdx\n\t"
"cmovncq %[A3], %[A4]\n\t"
"cmovncq %[lo], %[A0]\n\t"
"cmovncq %[hi], %[A1]\n\t"
"cmovncq %%rdx, %[A2]\n\t"
      : [A0] "=&r"(A0), [A1] "=&r"(A1), [A2] "=&r"(A2), [A3] "=&r"(A3), [A4] "=&r"(A4), [lo] "=&r"(lo), [hi] "=&r"(hi)
      : [t] "r"(t), [p] "r"(p), [inv] "m"(inv)
      : "rax", "rdx", "cc", "memory");
  r[0] = A4;
  r[1] = A0;
  r[2] = A1;
  r[3] = A2;
}

// a + b without reduction (a, b < p: below 2p, which the wide product accepts).
__attribute__((always_inline)) inline void add4_nr(uint64_t r[4], const uint64_t a[4],
                                                 const uint64_t b[4]) {
  uint64_t x;
  __asm__ volatile(
"movq 0(%[a]), %[x]\n\t"
"addq 0(%[b]), %[x]\n\t"
"movq %[x], 0(%[r])\n\t"
"movq 8(%[a]), %[x]\n\t"
"adcq 8(%[b]), %[x]\n\t"
"movq %[x], 8(%[r])\n\t"
"movq 16(%[a]), %[x]\n\t"
"adcq 16(%[b]), %[x]\n\t"
"movq %[x], 16(%[r])\n\t"
"movq 24(%[a]), %[x]\n\t"
"adcq 24(%[b]), %[x]\n\t"
"movq %[x], 24(%[r])\n\t"
      : [x] "=&r"(x)
      : [r] "r"(r), [a] "r"(a), [b] "r"(b)
      : "cc", "memory");
}

// The Fp2 product with lazy reduction for 4 limbs, as in mont6_x86.h: needs 2p < 2^256 (then
// (a0 + a1)(b0 + b1) < 4p^2 fits in 8 limbs, and both double-width coefficients stay below p 2^256
// for redc4_adx).  The base product stays the CIOS one above: for 4 limbs the split product and
// reduction measured no faster.
// Reductions with the Fp2 product's double-width subtractions folded in (the low halves are
// subtracted before the reduction rows, the high halves from the result, with the borrows kept in
// between): REDC(t - u - w) for t >= u + w, and REDC(t - u), plus p 2^256 when negative.  p is
// addressed as constant memory operands, which leaves registers for the three pointers.
__attribute__((always_inline)) inline void redc4_sub2_adx(uint64_t r[4], const uint64_t t[], const uint64_t u[], const uint64_t w[],
                                               const uint64_t p[4], uint64_t inv) {
  uint64_t A0, A1, A2, A3, A4, lo, hi;
  uint8_t b1, b2;
  __asm__ volatile(
"movq 0(%[t]), %[A0]\n\t"
"movq 8(%[t]), %[A1]\n\t"
"movq 16(%[t]), %[A2]\n\t"
"movq 24(%[t]), %[A3]\n\t"
"subq 0(%[u]), %[A0]\n\t"
"sbbq 8(%[u]), %[A1]\n\t"
"sbbq 16(%[u]), %[A2]\n\t"
"sbbq 24(%[u]), %[A3]\n\t"
"setc %[b1]\n\t"
"subq 0(%[w]), %[A0]\n\t"
"sbbq 8(%[w]), %[A1]\n\t"
"sbbq 16(%[w]), %[A2]\n\t"
"sbbq 24(%[w]), %[A3]\n\t"
"setc %[b2]\n\t"
"xorl %k[A4], %k[A4]\n\t"
"movq %[A0], %%rdx\n\t"
"imulq %[inv], %%rdx\n\t"
"xorl %%eax, %%eax\n\t"
"mulxq %[p0], %[lo], %[hi]\n\t"
"adoxq %[lo], %[A0]\n\t"
"adcxq %[hi], %[A1]\n\t"
"mulxq %[p1], %[lo], %[hi]\n\t"
"adoxq %[lo], %[A1]\n\t"
"adcxq %[hi], %[A2]\n\t"
"mulxq %[p2], %[lo], %[hi]\n\t"
"adoxq %[lo], %[A2]\n\t"
"adcxq %[hi], %[A3]\n\t"
"mulxq %[p3], %[lo], %[hi]\n\t"
"adoxq %[lo], %[A3]\n\t"
"adcxq %[hi], %[A4]\n\t"
"adoxq %%rax, %[A4]\n\t"
"movq %[A1], %%rdx\n\t"
"imulq %[inv], %%rdx\n\t"
"xorl %%eax, %%eax\n\t"
"mulxq %[p0], %[lo], %[hi]\n\t"
"adoxq %[lo], %[A1]\n\t"
"adcxq %[hi], %[A2]\n\t"
"mulxq %[p1], %[lo], %[hi]\n\t"
"adoxq %[lo], %[A2]\n\t"
"adcxq %[hi], %[A3]\n\t"
"mulxq %[p2], %[lo], %[hi]\n\t"
"adoxq %[lo], %[A3]\n\t"
"adcxq %[hi], %[A4]\n\t"
"mulxq %[p3], %[lo], %[hi]\n\t"
"adoxq %[lo], %[A4]\n\t"
"adcxq %[hi], %[A0]\n\t"
"adoxq %%rax, %[A0]\n\t"
"movq %[A2], %%rdx\n\t"
"imulq %[inv], %%rdx\n\t"
"xorl %%eax, %%eax\n\t"
"mulxq %[p0], %[lo], %[hi]\n\t"
"adoxq %[lo], %[A2]\n\t"
"adcxq %[hi], %[A3]\n\t"
"mulxq %[p1], %[lo], %[hi]\n\t"
"adoxq %[lo], %[A3]\n\t"
"adcxq %[hi], %[A4]\n\t"
"mulxq %[p2], %[lo], %[hi]\n\t"
"adoxq %[lo], %[A4]\n\t"
"adcxq %[hi], %[A0]\n\t"
"mulxq %[p3], %[lo], %[hi]\n\t"
"adoxq %[lo], %[A0]\n\t"
"adcxq %[hi], %[A1]\n\t"
"adoxq %%rax, %[A1]\n\t"
"movq %[A3], %%rdx\n\t"
"imulq %[inv], %%rdx\n\t"
"xorl %%eax, %%eax\n\t"
"mulxq %[p0], %[lo], %[hi]\n\t"
"adoxq %[lo], %[A3]\n\t"
"adcxq %[hi], %[A4]\n\t"
"mulxq %[p1], %[lo], %[hi]\n\t"
"adoxq %[lo], %[A4]\n\t"
"adcxq %[hi], %[A0]\n\t"
"mulxq %[p2], %[lo], %[hi]\n\t"
"adoxq %[lo], %[A0]\n\t"
"adcxq %[hi], %[A1]\n\t"
"mulxq %[p3], %[lo], %[hi]\n\t"
"adoxq %[lo], %[A1]\n\t"
"adcxq %[hi], %[A2]\n\t"
"adoxq %%rax, %[A2]\n\t"
"addq 32(%[t]), %[A4]\n\t"
"adcq 40(%[t]), %[A0]\n\t"
"adcq 48(%[t]), %[A1]\n\t"
"adcq 56(%[t]), %[A2]\n\t"
"movzbl %[b1], %%eax\n\t"
"btl $0, %%eax\n\t"
"sbbq 32(%[u]), %[A4]\n\t"
"sbbq 40(%[u]), %[A0]\n\t"
"sbbq 48(%[u]), %[A1]\n\t"
"sbbq 56(%[u]), %[A2]\n\t"
"movzbl %[b2], %%eax\n\t"
"btl $0, %%eax\n\t"
"sbbq 32(%[w]), %[A4]\n\t"
"sbbq 40(%[w]), %[A0]\n\t"
"sbbq 48(%[w]), %[A1]\n\t"
"sbbq 56(%[w]), %[A2]\n\t"
"movq %[A4], %[A3]\n\t"
"movq %[A0], %[lo]\n\t"
"movq %[A1], %[hi]\n\t"
"movq %[A2], %%rdx\n\t"
"subq %[p0], %[A3]\n\t"
"sbbq %[p1], %[lo]\n\t"
"sbbq %[p2], %[hi]\n\t"
"sbbq %[p3], %%rdx\n\t"
"cmovncq %[A3], %[A4]\n\t"
"cmovncq %[lo], %[A0]\n\t"
"cmovncq %[hi], %[A1]\n\t"
"cmovncq %%rdx, %[A2]\n\t"
      : [A0] "=&r"(A0), [A1] "=&r"(A1), [A2] "=&r"(A2), [A3] "=&r"(A3), [A4] "=&r"(A4), [lo] "=&r"(lo), [hi] "=&r"(hi), [b1] "=m"(b1), [b2] "=m"(b2)
      : [t] "r"(t), [u] "r"(u), [w] "r"(w), [p0] "m"(p[0]), [p1] "m"(p[1]), [p2] "m"(p[2]), [p3] "m"(p[3]), [inv] "m"(inv)
      : "rax", "rdx", "cc", "memory");
  r[0] = A4;
  r[1] = A0;
  r[2] = A1;
  r[3] = A2;
}

__attribute__((always_inline)) inline void redc4_subm_adx(uint64_t r[4], const uint64_t t[], const uint64_t u[],
                                               const uint64_t p[4], uint64_t inv) {
  uint64_t A0, A1, A2, A3, A4, lo, hi;
  uint8_t b1;
  __asm__ volatile(
"movq 0(%[t]), %[A0]\n\t"
"movq 8(%[t]), %[A1]\n\t"
"movq 16(%[t]), %[A2]\n\t"
"movq 24(%[t]), %[A3]\n\t"
"subq 0(%[u]), %[A0]\n\t"
"sbbq 8(%[u]), %[A1]\n\t"
"sbbq 16(%[u]), %[A2]\n\t"
"sbbq 24(%[u]), %[A3]\n\t"
"setc %[b1]\n\t"
"xorl %k[A4], %k[A4]\n\t"
"movq %[A0], %%rdx\n\t"
"imulq %[inv], %%rdx\n\t"
"xorl %%eax, %%eax\n\t"
"mulxq %[p0], %[lo], %[hi]\n\t"
"adoxq %[lo], %[A0]\n\t"
"adcxq %[hi], %[A1]\n\t"
"mulxq %[p1], %[lo], %[hi]\n\t"
"adoxq %[lo], %[A1]\n\t"
"adcxq %[hi], %[A2]\n\t"
"mulxq %[p2], %[lo], %[hi]\n\t"
"adoxq %[lo], %[A2]\n\t"
"adcxq %[hi], %[A3]\n\t"
"mulxq %[p3], %[lo], %[hi]\n\t"
"adoxq %[lo], %[A3]\n\t"
"adcxq %[hi], %[A4]\n\t"
"adoxq %%rax, %[A4]\n\t"
"movq %[A1], %%rdx\n\t"
"imulq %[inv], %%rdx\n\t"
"xorl %%eax, %%eax\n\t"
"mulxq %[p0], %[lo], %[hi]\n\t"
"adoxq %[lo], %[A1]\n\t"
"adcxq %[hi], %[A2]\n\t"
"mulxq %[p1], %[lo], %[hi]\n\t"
"adoxq %[lo], %[A2]\n\t"
"adcxq %[hi], %[A3]\n\t"
"mulxq %[p2], %[lo], %[hi]\n\t"
"adoxq %[lo], %[A3]\n\t"
"adcxq %[hi], %[A4]\n\t"
"mulxq %[p3], %[lo], %[hi]\n\t"
"adoxq %[lo], %[A4]\n\t"
"adcxq %[hi], %[A0]\n\t"
"adoxq %%rax, %[A0]\n\t"
"movq %[A2], %%rdx\n\t"
"imulq %[inv], %%rdx\n\t"
"xorl %%eax, %%eax\n\t"
"mulxq %[p0], %[lo], %[hi]\n\t"
"adoxq %[lo], %[A2]\n\t"
"adcxq %[hi], %[A3]\n\t"
"mulxq %[p1], %[lo], %[hi]\n\t"
"adoxq %[lo], %[A3]\n\t"
"adcxq %[hi], %[A4]\n\t"
"mulxq %[p2], %[lo], %[hi]\n\t"
"adoxq %[lo], %[A4]\n\t"
"adcxq %[hi], %[A0]\n\t"
"mulxq %[p3], %[lo], %[hi]\n\t"
"adoxq %[lo], %[A0]\n\t"
"adcxq %[hi], %[A1]\n\t"
"adoxq %%rax, %[A1]\n\t"
"movq %[A3], %%rdx\n\t"
"imulq %[inv], %%rdx\n\t"
"xorl %%eax, %%eax\n\t"
"mulxq %[p0], %[lo], %[hi]\n\t"
"adoxq %[lo], %[A3]\n\t"
"adcxq %[hi], %[A4]\n\t"
"mulxq %[p1], %[lo], %[hi]\n\t"
"adoxq %[lo], %[A4]\n\t"
"adcxq %[hi], %[A0]\n\t"
"mulxq %[p2], %[lo], %[hi]\n\t"
"adoxq %[lo], %[A0]\n\t"
"adcxq %[hi], %[A1]\n\t"
"mulxq %[p3], %[lo], %[hi]\n\t"
"adoxq %[lo], %[A1]\n\t"
"adcxq %[hi], %[A2]\n\t"
"adoxq %%rax, %[A2]\n\t"
"addq 32(%[t]), %[A4]\n\t"
"adcq 40(%[t]), %[A0]\n\t"
"adcq 48(%[t]), %[A1]\n\t"
"adcq 56(%[t]), %[A2]\n\t"
"movzbl %[b1], %%eax\n\t"
"btl $0, %%eax\n\t"
"sbbq 32(%[u]), %[A4]\n\t"
"sbbq 40(%[u]), %[A0]\n\t"
"sbbq 48(%[u]), %[A1]\n\t"
"sbbq 56(%[u]), %[A2]\n\t"
"sbbq %%rdx, %%rdx\n\t"
"negq %%rdx\n\t"
"mulxq %[p0], %[lo], %[hi]\n\t"
"addq %[lo], %[A4]\n\t"
"mulxq %[p1], %[lo], %[hi]\n\t"
"adcq %[lo], %[A0]\n\t"
"mulxq %[p2], %[lo], %[hi]\n\t"
"adcq %[lo], %[A1]\n\t"
"mulxq %[p3], %[lo], %[hi]\n\t"
"adcq %[lo], %[A2]\n\t"
"movq %[A4], %[A3]\n\t"
"movq %[A0], %[lo]\n\t"
"movq %[A1], %[hi]\n\t"
"movq %[A2], %%rdx\n\t"
"subq %[p0], %[A3]\n\t"
"sbbq %[p1], %[lo]\n\t"
"sbbq %[p2], %[hi]\n\t"
"sbbq %[p3], %%rdx\n\t"
"cmovncq %[A3], %[A4]\n\t"
"cmovncq %[lo], %[A0]\n\t"
"cmovncq %[hi], %[A1]\n\t"
"cmovncq %%rdx, %[A2]\n\t"
      : [A0] "=&r"(A0), [A1] "=&r"(A1), [A2] "=&r"(A2), [A3] "=&r"(A3), [A4] "=&r"(A4), [lo] "=&r"(lo), [hi] "=&r"(hi), [b1] "=m"(b1)
      : [t] "r"(t), [u] "r"(u), [p0] "m"(p[0]), [p1] "m"(p[1]), [p2] "m"(p[2]), [p3] "m"(p[3]), [inv] "m"(inv)
      : "rax", "rdx", "cc", "memory");
  r[0] = A4;
  r[1] = A0;
  r[2] = A1;
  r[3] = A2;
}
__attribute__((always_inline)) inline void fp2_mul4_adx(uint64_t r[8], const uint64_t a[8],
                                                    const uint64_t b[8], const uint64_t p[4],
                                                    uint64_t inv) {
  uint64_t sa[4], sb[4], t0[8], t1[8], t2[8];
  add4_nr(sa, a, a + 4);
  add4_nr(sb, b, b + 4);
  mul4_wide_adx(t0, a, b);
  mul4_wide_adx(t1, a + 4, b + 4);
  mul4_wide_adx(t2, sa, sb);
  redc4_subm_adx(r, t0, t1, p, inv);          // a0 b0 - a1 b1
  redc4_sub2_adx(r + 4, t2, t0, t1, p, inv);  // (a0 + a1)(b0 + b1) - a0 b0 - a1 b1
}
}  // namespace tandem::coproc::ec::detail
#endif
