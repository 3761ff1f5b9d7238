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

__attribute__((always_inline)) inline void sub_mod4(uint64_t r[4], const uint64_t a[4],
                                                   const uint64_t b[4], const uint64_t p[4]) {
  uint64_t r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], m, s0, s1, s2, s3;
  __asm__(
      "subq 0(%[b]), %[r0]\n\t"
      "sbbq 8(%[b]), %[r1]\n\t"
      "sbbq 16(%[b]), %[r2]\n\t"
      "sbbq 24(%[b]), %[r3]\n\t"
      "sbbq %[m], %[m]\n\t"  // all ones after a borrow: add p back
      "movq 0(%[p]), %[s0]\n\t"
      "andq %[m], %[s0]\n\t"
      "movq 8(%[p]), %[s1]\n\t"
      "andq %[m], %[s1]\n\t"
      "movq 16(%[p]), %[s2]\n\t"
      "andq %[m], %[s2]\n\t"
      "movq 24(%[p]), %[s3]\n\t"
      "andq %[m], %[s3]\n\t"
      "addq %[s0], %[r0]\n\t"
      "adcq %[s1], %[r1]\n\t"
      "adcq %[s2], %[r2]\n\t"
      "adcq %[s3], %[r3]\n\t"
      : [r0] "+&r"(r0), [r1] "+&r"(r1), [r2] "+&r"(r2), [r3] "+&r"(r3), [m] "=&r"(m),
        [s0] "=&r"(s0), [s1] "=&r"(s1), [s2] "=&r"(s2), [s3] "=&r"(s3)
      : [b] "r"(b), "m"(*(const uint64_t(*)[4])b), [p] "r"(p),
        "m"(*(const uint64_t(*)[4])p)
      : "cc");
  r[0] = r0;
  r[1] = r1;
  r[2] = r2;
  r[3] = r3;
}

}  // namespace tandem::coproc::ec::detail
#endif
