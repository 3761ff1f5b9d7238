// coproc/ntt/ntt_bn254_adx.cpp: BN254 scalar-field inner loops with mulx and explicit carry
// chains (BMI2 + ADX), the same semantics as the portable ones, chosen at run time.
//
// The portable Montgomery product (field.h) goes through unsigned __int128, which GCC lowers to
// mul with its fixed rdx:rax operands, a register move per limb and a zeroed high half per
// addition: about 350 instructions.  mulx leaves the flags alone and takes any registers, and the
// carry chains below are adc chains: about 120 instructions, twice the throughput.
//
// Compiled for BMI2/ADX only from push_options on, after every include, and every function here
// has internal linkage (see ntt_avx2.cpp), so no copy of an inline function with these
// instructions can be picked by the linker for the portable path.
#include <immintrin.h>

#include "coproc/ntt/field.h"
#include "coproc/ntt/kernels.h"

// clang has no GCC target pragma: the same region through an attribute on every function in it.
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("bmi2,adx"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("bmi2,adx")
#endif

namespace tandem::coproc::ntt::detail {
namespace {

using ull = unsigned long long;

struct Bn254Adx {
  using T = field::Bn254::T;
  static constexpr ull P0 = field::Bn254::P.v[0], P1 = field::Bn254::P.v[1],
                       P2 = field::Bn254::P.v[2], P3 = field::Bn254::P.v[3];
  static constexpr ull kNegInv = field::Bn254::kNegInv;

  // t - r if t >= r, else t (t < 2r), branch-free: the condition is a coin toss on random data.
  static inline T reduce_once(ull t0, ull t1, ull t2, ull t3) {
    ull d0, d1, d2, d3;
    unsigned char c = _subborrow_u64(0, t0, P0, &d0);
    c = _subborrow_u64(c, t1, P1, &d1);
    c = _subborrow_u64(c, t2, P2, &d2);
    c = _subborrow_u64(c, t3, P3, &d3);
    const ull keep = ull(0) - ull(c);  // all ones: t < r
    return {{(t0 & keep) | (d0 & ~keep), (t1 & keep) | (d1 & ~keep), (t2 & keep) | (d2 & ~keep),
             (t3 & keep) | (d3 & ~keep)}};
  }
  static inline T add(const T& a, const T& b) {
    ull s0, s1, s2, s3;
    unsigned char c = _addcarry_u64(0, a.v[0], b.v[0], &s0);
    c = _addcarry_u64(c, a.v[1], b.v[1], &s1);
    c = _addcarry_u64(c, a.v[2], b.v[2], &s2);
    _addcarry_u64(c, a.v[3], b.v[3], &s3);  // a + b < 2r < 2^255: no carry out
    return reduce_once(s0, s1, s2, s3);
  }
  static inline T sub(const T& a, const T& b) {
    ull d0, d1, d2, d3;
    unsigned char c = _subborrow_u64(0, a.v[0], b.v[0], &d0);
    c = _subborrow_u64(c, a.v[1], b.v[1], &d1);
    c = _subborrow_u64(c, a.v[2], b.v[2], &d2);
    c = _subborrow_u64(c, a.v[3], b.v[3], &d3);
    const ull m = ull(0) - ull(c);  // add r back when a < b
    c = _addcarry_u64(0, d0, P0 & m, &d0);
    c = _addcarry_u64(c, d1, P1 & m, &d1);
    c = _addcarry_u64(c, d2, P2 & m, &d2);
    _addcarry_u64(c, d3, P3 & m, &d3);
    return {{d0, d1, d2, d3}};
  }
  // CIOS as in field.h: per limb of b, t += a * b_i, then t = (t + m * r) / 2^64.
  static inline T mul(const T& a, const T& b) {
    ull t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4, l0, l1, l2, l3, h0, h1, h2, h3;
    unsigned char c;
#pragma GCC unroll 4
    for (int i = 0; i < 4; ++i) {
      const ull bi = b.v[i];
      l0 = _mulx_u64(a.v[0], bi, &h0);
      l1 = _mulx_u64(a.v[1], bi, &h1);
      l2 = _mulx_u64(a.v[2], bi, &h2);
      l3 = _mulx_u64(a.v[3], bi, &h3);
      c = _addcarry_u64(0, t0, l0, &t0);
      c = _addcarry_u64(c, t1, l1, &t1);
      c = _addcarry_u64(c, t2, l2, &t2);
      c = _addcarry_u64(c, t3, l3, &t3);
      t4 = c;
      c = _addcarry_u64(0, t1, h0, &t1);
      c = _addcarry_u64(c, t2, h1, &t2);
      c = _addcarry_u64(c, t3, h2, &t3);
      t4 += h3 + c;
      const ull m = t0 * kNegInv;
      l0 = _mulx_u64(m, P0, &h0);
      l1 = _mulx_u64(m, P1, &h1);
      l2 = _mulx_u64(m, P2, &h2);
      l3 = _mulx_u64(m, P3, &h3);
      c = _addcarry_u64(0, t0, l0, &t0);  // t0 becomes zero, by the choice of m
      c = _addcarry_u64(c, t1, l1, &t1);
      c = _addcarry_u64(c, t2, l2, &t2);
      c = _addcarry_u64(c, t3, l3, &t3);
      t4 += c;
      c = _addcarry_u64(0, t1, h0, &t0);
      c = _addcarry_u64(c, t2, h1, &t1);
      c = _addcarry_u64(c, t3, h2, &t2);
      t3 = t4 + h3 + c;  // below 2r < 2^255: no carry out
    }
    return reduce_once(t0, t1, t2, t3);
  }
};

#include "coproc/ntt/scalar_loops.h"

}  // namespace

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

Kernels<field::Bn254> adx_bn254() {
  return {&dif_level<Bn254Adx>, &dif_radix4<Bn254Adx>, &mul_outer<Bn254Adx>,
          &mul_pointwise<Bn254Adx>};
}

}  // namespace tandem::coproc::ntt::detail
