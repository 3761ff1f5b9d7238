// coproc/ntt/ntt_avx2.cpp: AVX2 inner loops for Goldilocks (4 lanes of 64 bits) and BabyBear
// (8 lanes of 32 bits), the same semantics as the portable ones in kernels.h, chosen at run time.
//
// Only this file's own code is compiled for AVX2 (push_options below, after every include), so
// no inline function shared with the portable build is ever emitted with AVX2 instructions in it.
// Its helpers have internal linkage for the same reason.
#include <immintrin.h>

#include "coproc/ntt/field.h"
#include "coproc/ntt/kernels.h"

// clang has no GCC target pragma: the same region through an attribute on every function in it.
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2")
#endif

namespace tandem::coproc::ntt::detail {
namespace {

using V = __m256i;

// Goldilocks: the scalar code's branch-free formulas (field.h) with AVX2 masks.  AVX2 has only a
// signed 64-bit compare, so unsigned x > y compares x and y with their sign bits flipped.
struct GoldilocksVec {
  using F = field::Goldilocks;
  using T = uint64_t;
  static constexpr size_t W = 4;
  using V = __m256i;
  static inline V load(const T* p) { return _mm256_loadu_si256(reinterpret_cast<const V*>(p)); }
  static inline void store(T* p, V v) { _mm256_storeu_si256(reinterpret_cast<V*>(p), v); }

  static inline V bcast(T x) { return _mm256_set1_epi64x(int64_t(x)); }
  static inline V gtu(V x, V y) {
    const V s = _mm256_set1_epi64x(INT64_MIN);
    return _mm256_cmpgt_epi64(_mm256_xor_si256(x, s), _mm256_xor_si256(y, s));
  }
  static inline V eps() { return _mm256_set1_epi64x(int64_t(F::kEpsilon)); }
  static inline V add(V a, V b) {
    const V nb = _mm256_sub_epi64(_mm256_set1_epi64x(int64_t(F::P)), b);
    const V d = _mm256_sub_epi64(a, nb);
    return _mm256_sub_epi64(d, _mm256_and_si256(gtu(nb, a), eps()));
  }
  static inline V sub(V a, V b) {
    const V d = _mm256_sub_epi64(a, b);
    return _mm256_sub_epi64(d, _mm256_and_si256(gtu(b, a), eps()));
  }
  static inline V mul(V a, V b) {
    // 64 x 64 -> 128 from four 32 x 32 -> 64 products.
    const V m32 = _mm256_set1_epi64x(0xffffffffll);
    const V ah = _mm256_srli_epi64(a, 32), bh = _mm256_srli_epi64(b, 32);
    const V ll = _mm256_mul_epu32(a, b), lh = _mm256_mul_epu32(a, bh);
    const V hl = _mm256_mul_epu32(ah, b), hh = _mm256_mul_epu32(ah, bh);
    const V mid = _mm256_add_epi64(lh, _mm256_srli_epi64(ll, 32));  // cannot wrap
    const V mid2 = _mm256_add_epi64(hl, _mm256_and_si256(mid, m32));
    const V lo = _mm256_or_si256(_mm256_slli_epi64(mid2, 32), _mm256_and_si256(ll, m32));
    const V hi = _mm256_add_epi64(_mm256_add_epi64(hh, _mm256_srli_epi64(mid, 32)),
                                  _mm256_srli_epi64(mid2, 32));
    return reduce(lo, hi);
  }
  // x * 2^48 = (x >> 16) * 2^64 + (x << 48), reduced as a product; negated for omega_4 = -2^48.
  static inline V mul_omega4(V x, T w4) {
    const V r = reduce(_mm256_slli_epi64(x, 48), _mm256_srli_epi64(x, 16));
    return w4 == F::kOmega4 ? r : sub(_mm256_setzero_si256(), r);
  }
  // hi * 2^64 + lo mod p: lo - hi_hi + hi_lo * epsilon, as in Goldilocks::reduce128.
  static inline V reduce(V lo, V hi) {
    const V m32 = _mm256_set1_epi64x(0xffffffffll);
    const V hih = _mm256_srli_epi64(hi, 32), hil = _mm256_and_si256(hi, m32);
    V t0 = _mm256_sub_epi64(lo, hih);
    t0 = _mm256_sub_epi64(t0, _mm256_and_si256(gtu(hih, lo), eps()));
    const V t1 = _mm256_sub_epi64(_mm256_slli_epi64(hil, 32), hil);
    V r = _mm256_add_epi64(t0, t1);
    r = _mm256_add_epi64(r, _mm256_and_si256(gtu(t1, r), eps()));
    const V pm1 = _mm256_set1_epi64x(int64_t(F::P - 1));
    return _mm256_add_epi64(r, _mm256_and_si256(gtu(r, pm1), eps()));
  }
};

// BabyBear: Montgomery products of the even and the odd 32-bit lanes (vpmuludq takes the low 32
// bits of each 64-bit lane), recombined with a blend.
struct BabyBearVec {
  using F = field::BabyBear;
  using T = uint32_t;
  static constexpr size_t W = 8;
  using V = __m256i;
  static inline V load(const T* p) { return _mm256_loadu_si256(reinterpret_cast<const V*>(p)); }
  static inline void store(T* p, V v) { _mm256_storeu_si256(reinterpret_cast<V*>(p), v); }

  static inline V bcast(T x) { return _mm256_set1_epi32(int32_t(x)); }
  static inline V p() { return _mm256_set1_epi32(int32_t(F::P)); }
  static inline V add(V a, V b) {
    const V s = _mm256_add_epi32(a, b);
    return _mm256_min_epu32(s, _mm256_sub_epi32(s, p()));
  }
  static inline V sub(V a, V b) {
    const V d = _mm256_sub_epi32(a, b);
    return _mm256_min_epu32(d, _mm256_add_epi32(d, p()));
  }
  static inline V mont_half(V prod) {
    // (prod + m * p) in the high 32 bits of each 64-bit lane, m = prod * (-p^-1) mod 2^32.
    const V m = _mm256_mul_epu32(prod, _mm256_set1_epi32(int32_t(F::kNegInv)));
    return _mm256_add_epi64(prod, _mm256_mul_epu32(m, p()));
  }
  static inline V mul(V a, V b) {
    const V even = mont_half(_mm256_mul_epu32(a, b));
    const V odd = mont_half(_mm256_mul_epu32(_mm256_srli_epi64(a, 32), _mm256_srli_epi64(b, 32)));
    const V r = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xaa);
    return _mm256_min_epu32(r, _mm256_sub_epi32(r, p()));
  }
};

#include "coproc/ntt/simd_loops.h"

}  // namespace

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

Kernels<field::Goldilocks> avx2_goldilocks() {
  return {&dif_level<GoldilocksVec>, &dif_radix4<GoldilocksVec>, &mul_outer<GoldilocksVec>,
          &mul_pointwise<GoldilocksVec>};
}
Kernels<field::BabyBear> avx2_babybear() {
  return {&dif_level<BabyBearVec>, &dif_radix4<BabyBearVec>, &mul_outer<BabyBearVec>,
          &mul_pointwise<BabyBearVec>};
}

}  // namespace tandem::coproc::ntt::detail
