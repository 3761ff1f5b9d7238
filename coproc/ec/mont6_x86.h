// coproc/ec/mont6_x86.h: 6-limb (BLS12-381 Fq) kernels: modular add and subtract (baseline
// x86-64), and with BMI2/ADX the double-width product and square, Montgomery's reduction of a
// double-width value, the Montgomery product and square built from them, and the Fp2 product with
// lazy reduction.  The mulx/adcx/adox bodies are generated (rotating accumulator registers, two
// carry chains); they require p < 2^383 (the Fp2 product p < 2^381) and inputs < p.
#pragma once
#include "coproc/ec/mont_x86.h"
#if defined(TANDEM_EC_X86_KERNELS)
#include <stdint.h>
namespace tandem::coproc::ec::detail {
// (a + b) mod p and (a - b) mod p for 6 limbs: add/adc and sub/sbb chains (compilers turn the
// portable carry code, or even the carry builtins, into flag spills and vector selects through
// the stack).  The correction adds p under a mask, so no branch; it goes in two halves to save
// registers, the carry between them kept by setc (and clears CF).
__attribute__((always_inline)) inline void add_mod6(uint64_t r[6], const uint64_t a[6],
                                                   const uint64_t b[6], const uint64_t p[6]) {
  uint64_t r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], m, s0, s1, s2;
  uint8_t cb;
  __asm__(
      "addq 0(%[b]), %[r0]\n\t"
      "adcq 8(%[b]), %[r1]\n\t"
      "adcq 16(%[b]), %[r2]\n\t"
      "adcq 24(%[b]), %[r3]\n\t"
      "adcq 32(%[b]), %[r4]\n\t"
      "adcq 40(%[b]), %[r5]\n\t"
      "subq 0(%[p]), %[r0]\n\t"
      "sbbq 8(%[p]), %[r1]\n\t"
      "sbbq 16(%[p]), %[r2]\n\t"
      "sbbq 24(%[p]), %[r3]\n\t"
      "sbbq 32(%[p]), %[r4]\n\t"
      "sbbq 40(%[p]), %[r5]\n\t"
      "sbbq %[m], %[m]\n\t"  // all ones when a + b < p: add p back
      "movq 0(%[p]), %[s0]\n\t"
      "andq %[m], %[s0]\n\t"
      "movq 8(%[p]), %[s1]\n\t"
      "andq %[m], %[s1]\n\t"
      "movq 16(%[p]), %[s2]\n\t"
      "andq %[m], %[s2]\n\t"
      "addq %[s0], %[r0]\n\t"
      "adcq %[s1], %[r1]\n\t"
      "adcq %[s2], %[r2]\n\t"
      "setc %[cb]\n\t"
      "movq 24(%[p]), %[s0]\n\t"
      "andq %[m], %[s0]\n\t"
      "movq 32(%[p]), %[s1]\n\t"
      "andq %[m], %[s1]\n\t"
      "movq 40(%[p]), %[s2]\n\t"
      "andq %[m], %[s2]\n\t"
      "addb $-1, %[cb]\n\t"  // CF again from the low half (and cleared it)
      "adcq %[s0], %[r3]\n\t"
      "adcq %[s1], %[r4]\n\t"
      "adcq %[s2], %[r5]\n\t"
      : [r0] "+&r"(r0), [r1] "+&r"(r1), [r2] "+&r"(r2), [r3] "+&r"(r3), [r4] "+&r"(r4),
        [r5] "+&r"(r5), [m] "=&r"(m), [s0] "=&r"(s0), [s1] "=&r"(s1), [s2] "=&r"(s2),
        [cb] "=&q"(cb)
      : [b] "r"(b), "m"(*(const uint64_t(*)[6])b), [p] "r"(p), "m"(*(const uint64_t(*)[6])p)
      : "cc");
  r[0] = r0;
  r[1] = r1;
  r[2] = r2;
  r[3] = r3;
  r[4] = r4;
  r[5] = r5;
}

__attribute__((always_inline)) inline void sub_mod6(uint64_t r[6], const uint64_t a[6],
                                                   const uint64_t b[6], const uint64_t p[6]) {
  uint64_t r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], m, s0, s1, s2;
  uint8_t cb;
  __asm__(
      "subq 0(%[b]), %[r0]\n\t"
      "sbbq 8(%[b]), %[r1]\n\t"
      "sbbq 16(%[b]), %[r2]\n\t"
      "sbbq 24(%[b]), %[r3]\n\t"
      "sbbq 32(%[b]), %[r4]\n\t"
      "sbbq 40(%[b]), %[r5]\n\t"
      "sbbq %[m], %[m]\n\t"  // all ones after a borrow: add p back
      "movq 0(%[p]), %[s0]\n\t"
      "andq %[m], %[s0]\n\t"
      "movq 8(%[p]), %[s1]\n\t"
      "andq %[m], %[s1]\n\t"
      "movq 16(%[p]), %[s2]\n\t"
      "andq %[m], %[s2]\n\t"
      "addq %[s0], %[r0]\n\t"
      "adcq %[s1], %[r1]\n\t"
      "adcq %[s2], %[r2]\n\t"
      "setc %[cb]\n\t"
      "movq 24(%[p]), %[s0]\n\t"
      "andq %[m], %[s0]\n\t"
      "movq 32(%[p]), %[s1]\n\t"
      "andq %[m], %[s1]\n\t"
      "movq 40(%[p]), %[s2]\n\t"
      "andq %[m], %[s2]\n\t"
      "addb $-1, %[cb]\n\t"  // CF again from the low half (and cleared it)
      "adcq %[s0], %[r3]\n\t"
      "adcq %[s1], %[r4]\n\t"
      "adcq %[s2], %[r5]\n\t"
      : [r0] "+&r"(r0), [r1] "+&r"(r1), [r2] "+&r"(r2), [r3] "+&r"(r3), [r4] "+&r"(r4),
        [r5] "+&r"(r5), [m] "=&r"(m), [s0] "=&r"(s0), [s1] "=&r"(s1), [s2] "=&r"(s2),
        [cb] "=&q"(cb)
      : [b] "r"(b), "m"(*(const uint64_t(*)[6])b), [p] "r"(p), "m"(*(const uint64_t(*)[6])p)
      : "cc");
  r[0] = r0;
  r[1] = r1;
  r[2] = r2;
  r[3] = r3;
  r[4] = r4;
  r[5] = r5;
}

// Double-width kernels for lazy reduction (generated like the product above): the 12-limb
// schoolbook product, and Montgomery's reduction of t < p 2^384 to t 2^-384 mod p (< p), done as
// the reduction rows of the product over the low half, then the high half added and one
// conditional subtraction.
__attribute__((always_inline)) inline void mul6_wide_adx(uint64_t t[12], const uint64_t a[6],
                                                        const uint64_t b[6]) {
  uint64_t A0, A1, A2, A3, A4, A5, A6, lo, hi;
  __asm__(
"xorl %k[A0], %k[A0]\n\t"
"xorl %k[A1], %k[A1]\n\t"
"xorl %k[A2], %k[A2]\n\t"
"xorl %k[A3], %k[A3]\n\t"
"xorl %k[A4], %k[A4]\n\t"
"xorl %k[A5], %k[A5]\n\t"
"xorl %k[A6], %k[A6]\n\t"
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
"mulxq 32(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A4]\n\t"
"adcxq %[hi], %[A5]\n\t"
"mulxq 40(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A5]\n\t"
"adcxq %[hi], %[A6]\n\t"
"adoxq %%rax, %[A6]\n\t"
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
"adcxq %[hi], %[A5]\n\t"
"mulxq 32(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A5]\n\t"
"adcxq %[hi], %[A6]\n\t"
"mulxq 40(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A6]\n\t"
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
"adcxq %[hi], %[A5]\n\t"
"mulxq 24(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A5]\n\t"
"adcxq %[hi], %[A6]\n\t"
"mulxq 32(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A6]\n\t"
"adcxq %[hi], %[A0]\n\t"
"mulxq 40(%[a]), %[lo], %[hi]\n\t"
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
"adcxq %[hi], %[A5]\n\t"
"mulxq 16(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A5]\n\t"
"adcxq %[hi], %[A6]\n\t"
"mulxq 24(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A6]\n\t"
"adcxq %[hi], %[A0]\n\t"
"mulxq 32(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A0]\n\t"
"adcxq %[hi], %[A1]\n\t"
"mulxq 40(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A1]\n\t"
"adcxq %[hi], %[A2]\n\t"
"adoxq %%rax, %[A2]\n\t"
"movq %[A3], 24(%[t])\n\t"
"xorl %k[A3], %k[A3]\n\t"
"movq 32(%[b]), %%rdx\n\t"
"xorl %%eax, %%eax\n\t"
"mulxq 0(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A4]\n\t"
"adcxq %[hi], %[A5]\n\t"
"mulxq 8(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A5]\n\t"
"adcxq %[hi], %[A6]\n\t"
"mulxq 16(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A6]\n\t"
"adcxq %[hi], %[A0]\n\t"
"mulxq 24(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A0]\n\t"
"adcxq %[hi], %[A1]\n\t"
"mulxq 32(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A1]\n\t"
"adcxq %[hi], %[A2]\n\t"
"mulxq 40(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A2]\n\t"
"adcxq %[hi], %[A3]\n\t"
"adoxq %%rax, %[A3]\n\t"
"movq %[A4], 32(%[t])\n\t"
"xorl %k[A4], %k[A4]\n\t"
"movq 40(%[b]), %%rdx\n\t"
"xorl %%eax, %%eax\n\t"
"mulxq 0(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A5]\n\t"
"adcxq %[hi], %[A6]\n\t"
"mulxq 8(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A6]\n\t"
"adcxq %[hi], %[A0]\n\t"
"mulxq 16(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A0]\n\t"
"adcxq %[hi], %[A1]\n\t"
"mulxq 24(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A1]\n\t"
"adcxq %[hi], %[A2]\n\t"
"mulxq 32(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A2]\n\t"
"adcxq %[hi], %[A3]\n\t"
"mulxq 40(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A3]\n\t"
"adcxq %[hi], %[A4]\n\t"
"adoxq %%rax, %[A4]\n\t"
"movq %[A5], 40(%[t])\n\t"
"movq %[A6], 48(%[t])\n\t"
"movq %[A0], 56(%[t])\n\t"
"movq %[A1], 64(%[t])\n\t"
"movq %[A2], 72(%[t])\n\t"
"movq %[A3], 80(%[t])\n\t"
"movq %[A4], 88(%[t])\n\t"
      : [A0] "=&r"(A0), [A1] "=&r"(A1), [A2] "=&r"(A2), [A3] "=&r"(A3), [A4] "=&r"(A4), [A5] "=&r"(A5), [A6] "=&r"(A6), [lo] "=&r"(lo), [hi] "=&r"(hi), "=m"(*(uint64_t(*)[12])t)
      : [t] "r"(t), [a] "r"(a), [b] "r"(b), "m"(*(const uint64_t(*)[6])a),
        "m"(*(const uint64_t(*)[6])b)
      : "rax", "rdx", "cc");
}

__attribute__((always_inline)) inline void redc6_adx(uint64_t r[6], const uint64_t t[12],
                                                   const uint64_t p[6], uint64_t inv) {
  uint64_t A0, A1, A2, A3, A4, A5, A6, lo, hi;
  __asm__(
"movq 0(%[t]), %[A0]\n\t"
"movq 8(%[t]), %[A1]\n\t"
"movq 16(%[t]), %[A2]\n\t"
"movq 24(%[t]), %[A3]\n\t"
"movq 32(%[t]), %[A4]\n\t"
"movq 40(%[t]), %[A5]\n\t"
"xorl %k[A6], %k[A6]\n\t"
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
"mulxq 32(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A4]\n\t"
"adcxq %[hi], %[A5]\n\t"
"mulxq 40(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A5]\n\t"
"adcxq %[hi], %[A6]\n\t"
"adoxq %%rax, %[A6]\n\t"
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
"adcxq %[hi], %[A5]\n\t"
"mulxq 32(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A5]\n\t"
"adcxq %[hi], %[A6]\n\t"
"mulxq 40(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A6]\n\t"
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
"adcxq %[hi], %[A5]\n\t"
"mulxq 24(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A5]\n\t"
"adcxq %[hi], %[A6]\n\t"
"mulxq 32(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A6]\n\t"
"adcxq %[hi], %[A0]\n\t"
"mulxq 40(%[p]), %[lo], %[hi]\n\t"
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
"adcxq %[hi], %[A5]\n\t"
"mulxq 16(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A5]\n\t"
"adcxq %[hi], %[A6]\n\t"
"mulxq 24(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A6]\n\t"
"adcxq %[hi], %[A0]\n\t"
"mulxq 32(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A0]\n\t"
"adcxq %[hi], %[A1]\n\t"
"mulxq 40(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A1]\n\t"
"adcxq %[hi], %[A2]\n\t"
"adoxq %%rax, %[A2]\n\t"
"movq %[A4], %%rdx\n\t"
"imulq %[inv], %%rdx\n\t"
"xorl %%eax, %%eax\n\t"
"mulxq 0(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A4]\n\t"
"adcxq %[hi], %[A5]\n\t"
"mulxq 8(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A5]\n\t"
"adcxq %[hi], %[A6]\n\t"
"mulxq 16(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A6]\n\t"
"adcxq %[hi], %[A0]\n\t"
"mulxq 24(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A0]\n\t"
"adcxq %[hi], %[A1]\n\t"
"mulxq 32(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A1]\n\t"
"adcxq %[hi], %[A2]\n\t"
"mulxq 40(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A2]\n\t"
"adcxq %[hi], %[A3]\n\t"
"adoxq %%rax, %[A3]\n\t"
"movq %[A5], %%rdx\n\t"
"imulq %[inv], %%rdx\n\t"
"xorl %%eax, %%eax\n\t"
"mulxq 0(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A5]\n\t"
"adcxq %[hi], %[A6]\n\t"
"mulxq 8(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A6]\n\t"
"adcxq %[hi], %[A0]\n\t"
"mulxq 16(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A0]\n\t"
"adcxq %[hi], %[A1]\n\t"
"mulxq 24(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A1]\n\t"
"adcxq %[hi], %[A2]\n\t"
"mulxq 32(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A2]\n\t"
"adcxq %[hi], %[A3]\n\t"
"mulxq 40(%[p]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A3]\n\t"
"adcxq %[hi], %[A4]\n\t"
"adoxq %%rax, %[A4]\n\t"
"addq 48(%[t]), %[A6]\n\t"
"adcq 56(%[t]), %[A0]\n\t"
"adcq 64(%[t]), %[A1]\n\t"
"adcq 72(%[t]), %[A2]\n\t"
"adcq 80(%[t]), %[A3]\n\t"
"adcq 88(%[t]), %[A4]\n\t"
"subq 0(%[p]), %[A6]\n\t"
"sbbq 8(%[p]), %[A0]\n\t"
"sbbq 16(%[p]), %[A1]\n\t"
"sbbq 24(%[p]), %[A2]\n\t"
"sbbq 32(%[p]), %[A3]\n\t"
"sbbq 40(%[p]), %[A4]\n\t"
"sbbq %%rdx, %%rdx\n\t"
"negq %%rdx\n\t"
"mulxq 0(%[p]), %[lo], %[hi]\n\t"
"addq %[lo], %[A6]\n\t"
"mulxq 8(%[p]), %[lo], %[hi]\n\t"
"adcq %[lo], %[A0]\n\t"
"mulxq 16(%[p]), %[lo], %[hi]\n\t"
"adcq %[lo], %[A1]\n\t"
"mulxq 24(%[p]), %[lo], %[hi]\n\t"
"adcq %[lo], %[A2]\n\t"
"mulxq 32(%[p]), %[lo], %[hi]\n\t"
"adcq %[lo], %[A3]\n\t"
"mulxq 40(%[p]), %[lo], %[hi]\n\t"
"adcq %[lo], %[A4]\n\t"
      : [A0] "=&r"(A0), [A1] "=&r"(A1), [A2] "=&r"(A2), [A3] "=&r"(A3), [A4] "=&r"(A4), [A5] "=&r"(A5), [A6] "=&r"(A6), [lo] "=&r"(lo), [hi] "=&r"(hi)
      : [t] "r"(t), "m"(*(const uint64_t(*)[12])t), [p] "r"(p),
        "m"(*(const uint64_t(*)[6])p), [inv] "m"(inv)
      : "rax", "rdx", "cc");
  r[0] = A6;
  r[1] = A0;
  r[2] = A1;
  r[3] = A2;
  r[4] = A3;
  r[5] = A4;
}

// a + b without reduction (a, b < p: below 2p, which the wide product accepts).
__attribute__((always_inline)) inline void add6_nr(uint64_t r[6], const uint64_t a[6],
                                                 const uint64_t b[6]) {
  uint64_t x;
  __asm__(
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
"movq 32(%[a]), %[x]\n\t"
"adcq 32(%[b]), %[x]\n\t"
"movq %[x], 32(%[r])\n\t"
"movq 40(%[a]), %[x]\n\t"
"adcq 40(%[b]), %[x]\n\t"
"movq %[x], 40(%[r])\n\t"
      : [x] "=&r"(x), "=m"(*(uint64_t(*)[6])r)
      : [r] "r"(r), [a] "r"(a), [b] "r"(b), "m"(*(const uint64_t(*)[6])a),
        "m"(*(const uint64_t(*)[6])b)
      : "cc");
}
// t -= u over 12 limbs (t >= u by the caller's bound).
__attribute__((always_inline)) inline void sub12_wide(uint64_t t[12], const uint64_t u[12]) {
  uint64_t x;
  __asm__(
"movq 0(%[u]), %[x]\n\t"
"subq %[x], 0(%[t])\n\t"
"movq 8(%[u]), %[x]\n\t"
"sbbq %[x], 8(%[t])\n\t"
"movq 16(%[u]), %[x]\n\t"
"sbbq %[x], 16(%[t])\n\t"
"movq 24(%[u]), %[x]\n\t"
"sbbq %[x], 24(%[t])\n\t"
"movq 32(%[u]), %[x]\n\t"
"sbbq %[x], 32(%[t])\n\t"
"movq 40(%[u]), %[x]\n\t"
"sbbq %[x], 40(%[t])\n\t"
"movq 48(%[u]), %[x]\n\t"
"sbbq %[x], 48(%[t])\n\t"
"movq 56(%[u]), %[x]\n\t"
"sbbq %[x], 56(%[t])\n\t"
"movq 64(%[u]), %[x]\n\t"
"sbbq %[x], 64(%[t])\n\t"
"movq 72(%[u]), %[x]\n\t"
"sbbq %[x], 72(%[t])\n\t"
"movq 80(%[u]), %[x]\n\t"
"sbbq %[x], 80(%[t])\n\t"
"movq 88(%[u]), %[x]\n\t"
"sbbq %[x], 88(%[t])\n\t"
      : [x] "=&r"(x), "+m"(*(uint64_t(*)[12])t)
      : [t] "r"(t), [u] "r"(u), "m"(*(const uint64_t(*)[12])u)
      : "cc");
}
// t -= u over 12 limbs, plus p*2^384 when that borrows (t, u < p^2: the result is below p*2^384).
// The borrow selects p by a mulx with the borrow bit, which leaves the carry flag alone.
__attribute__((always_inline)) inline void sub12_wide_mod(uint64_t t[12], const uint64_t u[12],
                                                       const uint64_t p[6]) {
  uint64_t x, hi;
  __asm__(
"movq 0(%[u]), %[x]\n\t"
"subq %[x], 0(%[t])\n\t"
"movq 8(%[u]), %[x]\n\t"
"sbbq %[x], 8(%[t])\n\t"
"movq 16(%[u]), %[x]\n\t"
"sbbq %[x], 16(%[t])\n\t"
"movq 24(%[u]), %[x]\n\t"
"sbbq %[x], 24(%[t])\n\t"
"movq 32(%[u]), %[x]\n\t"
"sbbq %[x], 32(%[t])\n\t"
"movq 40(%[u]), %[x]\n\t"
"sbbq %[x], 40(%[t])\n\t"
"movq 48(%[u]), %[x]\n\t"
"sbbq %[x], 48(%[t])\n\t"
"movq 56(%[u]), %[x]\n\t"
"sbbq %[x], 56(%[t])\n\t"
"movq 64(%[u]), %[x]\n\t"
"sbbq %[x], 64(%[t])\n\t"
"movq 72(%[u]), %[x]\n\t"
"sbbq %[x], 72(%[t])\n\t"
"movq 80(%[u]), %[x]\n\t"
"sbbq %[x], 80(%[t])\n\t"
"movq 88(%[u]), %[x]\n\t"
"sbbq %[x], 88(%[t])\n\t"
"sbbq %%rdx, %%rdx\n\t"
"negq %%rdx\n\t"
"mulxq 0(%[p]), %[x], %[hi]\n\t"
"addq %[x], 48(%[t])\n\t"
"mulxq 8(%[p]), %[x], %[hi]\n\t"
"adcq %[x], 56(%[t])\n\t"
"mulxq 16(%[p]), %[x], %[hi]\n\t"
"adcq %[x], 64(%[t])\n\t"
"mulxq 24(%[p]), %[x], %[hi]\n\t"
"adcq %[x], 72(%[t])\n\t"
"mulxq 32(%[p]), %[x], %[hi]\n\t"
"adcq %[x], 80(%[t])\n\t"
"mulxq 40(%[p]), %[x], %[hi]\n\t"
"adcq %[x], 88(%[t])\n\t"
      : [x] "=&r"(x), [hi] "=&r"(hi), "+m"(*(uint64_t(*)[12])t)
      : [t] "r"(t), [u] "r"(u), "m"(*(const uint64_t(*)[12])u), [p] "r"(p),
        "m"(*(const uint64_t(*)[6])p)
      : "rdx", "cc");
}


// The wide square: the 15 cross products a_i a_j (i < j) in rows whose accumulator window slides
// by two limbs per row, then one pass doubling them (adcx x, x) and adding the six squares (adox):
// 21 multiplications instead of 36.
__attribute__((always_inline)) inline void sqr6_wide_adx(uint64_t t[12], const uint64_t a[6]) {
  uint64_t A0, A1, A2, A3, A4, A5, A6, lo, hi;
  __asm__(
"xorl %k[A0], %k[A0]\n\t"
"xorl %k[A1], %k[A1]\n\t"
"xorl %k[A2], %k[A2]\n\t"
"xorl %k[A3], %k[A3]\n\t"
"xorl %k[A4], %k[A4]\n\t"
"xorl %k[A5], %k[A5]\n\t"
"movq 0(%[a]), %%rdx\n\t"
"xorl %%eax, %%eax\n\t"
"mulxq 8(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A0]\n\t"
"adcxq %[hi], %[A1]\n\t"
"mulxq 16(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A1]\n\t"
"adcxq %[hi], %[A2]\n\t"
"mulxq 24(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A2]\n\t"
"adcxq %[hi], %[A3]\n\t"
"mulxq 32(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A3]\n\t"
"adcxq %[hi], %[A4]\n\t"
"mulxq 40(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A4]\n\t"
"adcxq %[hi], %[A5]\n\t"
"adoxq %%rax, %[A5]\n\t"
"movq %[A0], 8(%[t])\n\t"
"movq %[A1], 16(%[t])\n\t"
"xorl %k[A6], %k[A6]\n\t"
"movq 8(%[a]), %%rdx\n\t"
"xorl %%eax, %%eax\n\t"
"mulxq 16(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A2]\n\t"
"adcxq %[hi], %[A3]\n\t"
"mulxq 24(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A3]\n\t"
"adcxq %[hi], %[A4]\n\t"
"mulxq 32(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A4]\n\t"
"adcxq %[hi], %[A5]\n\t"
"mulxq 40(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A5]\n\t"
"adcxq %[hi], %[A6]\n\t"
"adoxq %%rax, %[A6]\n\t"
"movq %[A2], 24(%[t])\n\t"
"movq %[A3], 32(%[t])\n\t"
"xorl %k[A0], %k[A0]\n\t"
"movq 16(%[a]), %%rdx\n\t"
"xorl %%eax, %%eax\n\t"
"mulxq 24(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A4]\n\t"
"adcxq %[hi], %[A5]\n\t"
"mulxq 32(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A5]\n\t"
"adcxq %[hi], %[A6]\n\t"
"mulxq 40(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A6]\n\t"
"adcxq %[hi], %[A0]\n\t"
"adoxq %%rax, %[A0]\n\t"
"movq %[A4], 40(%[t])\n\t"
"movq %[A5], 48(%[t])\n\t"
"xorl %k[A1], %k[A1]\n\t"
"movq 24(%[a]), %%rdx\n\t"
"xorl %%eax, %%eax\n\t"
"mulxq 32(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A6]\n\t"
"adcxq %[hi], %[A0]\n\t"
"mulxq 40(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A0]\n\t"
"adcxq %[hi], %[A1]\n\t"
"adoxq %%rax, %[A1]\n\t"
"movq %[A6], 56(%[t])\n\t"
"movq %[A0], 64(%[t])\n\t"
"xorl %k[A2], %k[A2]\n\t"
"movq 32(%[a]), %%rdx\n\t"
"xorl %%eax, %%eax\n\t"
"mulxq 40(%[a]), %[lo], %[hi]\n\t"
"adoxq %[lo], %[A1]\n\t"
"adcxq %[hi], %[A2]\n\t"
"adoxq %%rax, %[A2]\n\t"
"movq %[A1], 72(%[t])\n\t"
"movq %[A2], 80(%[t])\n\t"
"xorl %%eax, %%eax\n\t"
"movq 0(%[a]), %%rdx\n\t"
"mulxq %%rdx, %[lo], %[hi]\n\t"
"movq %[lo], 0(%[t])\n\t"
"movq 8(%[t]), %[A0]\n\t"
"adcxq %[A0], %[A0]\n\t"
"adoxq %[hi], %[A0]\n\t"
"movq %[A0], 8(%[t])\n\t"
"movq 8(%[a]), %%rdx\n\t"
"mulxq %%rdx, %[lo], %[hi]\n\t"
"movq 16(%[t]), %[A0]\n\t"
"adcxq %[A0], %[A0]\n\t"
"adoxq %[lo], %[A0]\n\t"
"movq %[A0], 16(%[t])\n\t"
"movq 24(%[t]), %[A0]\n\t"
"adcxq %[A0], %[A0]\n\t"
"adoxq %[hi], %[A0]\n\t"
"movq %[A0], 24(%[t])\n\t"
"movq 16(%[a]), %%rdx\n\t"
"mulxq %%rdx, %[lo], %[hi]\n\t"
"movq 32(%[t]), %[A0]\n\t"
"adcxq %[A0], %[A0]\n\t"
"adoxq %[lo], %[A0]\n\t"
"movq %[A0], 32(%[t])\n\t"
"movq 40(%[t]), %[A0]\n\t"
"adcxq %[A0], %[A0]\n\t"
"adoxq %[hi], %[A0]\n\t"
"movq %[A0], 40(%[t])\n\t"
"movq 24(%[a]), %%rdx\n\t"
"mulxq %%rdx, %[lo], %[hi]\n\t"
"movq 48(%[t]), %[A0]\n\t"
"adcxq %[A0], %[A0]\n\t"
"adoxq %[lo], %[A0]\n\t"
"movq %[A0], 48(%[t])\n\t"
"movq 56(%[t]), %[A0]\n\t"
"adcxq %[A0], %[A0]\n\t"
"adoxq %[hi], %[A0]\n\t"
"movq %[A0], 56(%[t])\n\t"
"movq 32(%[a]), %%rdx\n\t"
"mulxq %%rdx, %[lo], %[hi]\n\t"
"movq 64(%[t]), %[A0]\n\t"
"adcxq %[A0], %[A0]\n\t"
"adoxq %[lo], %[A0]\n\t"
"movq %[A0], 64(%[t])\n\t"
"movq 72(%[t]), %[A0]\n\t"
"adcxq %[A0], %[A0]\n\t"
"adoxq %[hi], %[A0]\n\t"
"movq %[A0], 72(%[t])\n\t"
"movq 40(%[a]), %%rdx\n\t"
"mulxq %%rdx, %[lo], %[hi]\n\t"
"movq 80(%[t]), %[A0]\n\t"
"adcxq %[A0], %[A0]\n\t"
"adoxq %[lo], %[A0]\n\t"
"movq %[A0], 80(%[t])\n\t"
"movl $0, %k[A0]\n\t"
"adcxq %[A0], %[A0]\n\t"
"adoxq %[hi], %[A0]\n\t"
"movq %[A0], 88(%[t])\n\t"
      : [A0] "=&r"(A0), [A1] "=&r"(A1), [A2] "=&r"(A2), [A3] "=&r"(A3), [A4] "=&r"(A4), [A5] "=&r"(A5), [A6] "=&r"(A6), [lo] "=&r"(lo), [hi] "=&r"(hi), "=m"(*(uint64_t(*)[12])t)
      : [t] "r"(t), [a] "r"(a), "m"(*(const uint64_t(*)[6])a)
      : "rax", "rdx", "cc");
}

__attribute__((always_inline)) inline void mont_sqr6_wide_adx(uint64_t r[6], const uint64_t a[6],
                                                             const uint64_t p[6], uint64_t inv) {
  uint64_t t[12];
  sqr6_wide_adx(t, a);
  redc6_adx(r, t, p, inv);
}

// The Montgomery product as the wide product and a separate reduction: faster than the interleaved
// CIOS above (whose rows each wait for the previous row's m = t0 * inv), on the Xeons measured.
__attribute__((always_inline)) inline void mont_mul6_wide_adx(uint64_t r[6], const uint64_t a[6],
                                                             const uint64_t b[6],
                                                             const uint64_t p[6], uint64_t inv) {
  uint64_t t[12];
  mul6_wide_adx(t, a, b);
  redc6_adx(r, t, p, inv);
}

// Fp2 = Fp[u]/(u^2 + 1) product with lazy reduction: three double-width products (Karatsuba), the
// two coefficients formed in double width, and one Montgomery reduction each instead of three.
// Needs 8p < 2^384: (a0 + a1)(b0 + b1) < 4p^2 stays in 12 limbs, a0 b1 + a1 b0 < 2p^2 and
// a0 b0 - a1 b1 (+ p 2^384 when negative) stay below p 2^384, which redc6_adx requires.
__attribute__((noinline)) inline void fp2_mul6_adx(uint64_t r[12], const uint64_t a[12],
                                                   const uint64_t b[12], const uint64_t p[6],
                                                   uint64_t inv) {
  uint64_t sa[6], sb[6], t0[12], t1[12], t2[12];
  add6_nr(sa, a, a + 6);
  add6_nr(sb, b, b + 6);
  mul6_wide_adx(t0, a, b);
  mul6_wide_adx(t1, a + 6, b + 6);
  mul6_wide_adx(t2, sa, sb);
  sub12_wide(t2, t0);
  sub12_wide(t2, t1);         // a0 b1 + a1 b0
  sub12_wide_mod(t0, t1, p);  // a0 b0 - a1 b1
  redc6_adx(r, t0, p, inv);
  redc6_adx(r + 6, t2, p, inv);
}
}  // namespace tandem::coproc::ec::detail
#endif
