// coproc/ntt/ntt_avx512.cpp: AVX-512F inner loops for Goldilocks (8 lanes of 64 bits) and BabyBear
// (16 lanes of 32 bits), chosen at run time over the AVX2 ones.  AVX-512's unsigned compares
// into mask registers and masked adds make each conditional correction one or two instructions,
// where AVX2 needs a sign flip, a compare, an and and an add.
//
// Compiled for AVX-512 only from push_options on, after every include (see ntt_avx2.cpp).
#include <immintrin.h>

#include "coproc/ntt/field.h"
#include "coproc/ntt/kernels.h"

// clang has no GCC target pragma: the same region through an attribute on every function in it.
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx512f"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx512f")
#endif
// GCC 12 reports _mm512_mul_epu32's internal _mm512_undefined operand as maybe-uninitialized.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

namespace tandem::coproc::ntt::detail {
namespace {

struct GoldilocksVec {
  using F = field::Goldilocks;
  using T = uint64_t;
  using V = __m512i;
  static constexpr size_t W = 8;
  static inline V load(const T* p) { return _mm512_loadu_si512(p); }
  static inline void store(T* p, V v) { _mm512_storeu_si512(p, v); }
  static inline V bcast(T x) { return _mm512_set1_epi64(int64_t(x)); }
  static inline V eps() { return _mm512_set1_epi64(int64_t(F::kEpsilon)); }
  static inline V add(V a, V b) {
    const V nb = _mm512_sub_epi64(_mm512_set1_epi64(int64_t(F::P)), b);
    const V d = _mm512_sub_epi64(a, nb);
    return _mm512_mask_sub_epi64(d, _mm512_cmplt_epu64_mask(a, nb), d, eps());
  }
  static inline V sub(V a, V b) {
    const V d = _mm512_sub_epi64(a, b);
    return _mm512_mask_sub_epi64(d, _mm512_cmplt_epu64_mask(a, b), d, eps());
  }
  static inline V mul(V a, V b) {
    const V m32 = _mm512_set1_epi64(0xffffffffll);
    const V ah = _mm512_srli_epi64(a, 32), bh = _mm512_srli_epi64(b, 32);
    const V ll = _mm512_mul_epu32(a, b), lh = _mm512_mul_epu32(a, bh);
    const V hl = _mm512_mul_epu32(ah, b), hh = _mm512_mul_epu32(ah, bh);
    const V mid = _mm512_add_epi64(lh, _mm512_srli_epi64(ll, 32));  // cannot wrap
    const V mid2 = _mm512_add_epi64(hl, _mm512_and_si512(mid, m32));
    const V lo = _mm512_or_si512(_mm512_slli_epi64(mid2, 32), _mm512_and_si512(ll, m32));
    const V hi = _mm512_add_epi64(_mm512_add_epi64(hh, _mm512_srli_epi64(mid, 32)),
                                  _mm512_srli_epi64(mid2, 32));
    return reduce(lo, hi);
  }
  // x * 2^48 = (x >> 16) * 2^64 + (x << 48), reduced as a product; negated for omega_4 = -2^48.
  static inline V mul_omega4(V x, T w4) {
    const V r = reduce(_mm512_slli_epi64(x, 48), _mm512_srli_epi64(x, 16));
    return w4 == F::kOmega4 ? r : sub(_mm512_setzero_si512(), r);
  }
  // hi * 2^64 + lo mod p: lo - hi_hi + hi_lo * epsilon, as in Goldilocks::reduce128.
  static inline V reduce(V lo, V hi) {
    const V m32 = _mm512_set1_epi64(0xffffffffll);
    const V hih = _mm512_srli_epi64(hi, 32), hil = _mm512_and_si512(hi, m32);
    V t0 = _mm512_sub_epi64(lo, hih);
    t0 = _mm512_mask_sub_epi64(t0, _mm512_cmplt_epu64_mask(lo, hih), t0, eps());
    const V t1 = _mm512_sub_epi64(_mm512_slli_epi64(hil, 32), hil);
    V r = _mm512_add_epi64(t0, t1);
    r = _mm512_mask_add_epi64(r, _mm512_cmplt_epu64_mask(r, t1), r, eps());
    const V p = _mm512_set1_epi64(int64_t(F::P));
    return _mm512_mask_add_epi64(r, _mm512_cmpge_epu64_mask(r, p), r, eps());
  }
};

struct BabyBearVec {
  using F = field::BabyBear;
  using T = uint32_t;
  using V = __m512i;
  static constexpr size_t W = 16;
  static inline V load(const T* p) { return _mm512_loadu_si512(p); }
  static inline void store(T* p, V v) { _mm512_storeu_si512(p, v); }
  static inline V bcast(T x) { return _mm512_set1_epi32(int32_t(x)); }
  static inline V p() { return _mm512_set1_epi32(int32_t(F::P)); }
  static inline V add(V a, V b) {
    const V s = _mm512_add_epi32(a, b);
    return _mm512_min_epu32(s, _mm512_sub_epi32(s, p()));
  }
  static inline V sub(V a, V b) {
    const V d = _mm512_sub_epi32(a, b);
    return _mm512_min_epu32(d, _mm512_add_epi32(d, p()));
  }
  static inline V mont_half(V prod) {
    const V m = _mm512_mul_epu32(prod, _mm512_set1_epi32(int32_t(F::kNegInv)));
    return _mm512_add_epi64(prod, _mm512_mul_epu32(m, p()));
  }
  static inline V mul(V a, V b) {
    const V even = mont_half(_mm512_mul_epu32(a, b));
    const V odd = mont_half(_mm512_mul_epu32(_mm512_srli_epi64(a, 32), _mm512_srli_epi64(b, 32)));
    const V r = _mm512_mask_blend_epi32(__mmask16(0xaaaa), _mm512_srli_epi64(even, 32), odd);
    return _mm512_min_epu32(r, _mm512_sub_epi32(r, p()));
  }
};

#include "coproc/ntt/simd_loops.h"

}  // namespace

#pragma GCC diagnostic pop
#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

Kernels<field::Goldilocks> avx512_goldilocks() {
  return {&dif_level<GoldilocksVec>, &dif_radix4<GoldilocksVec>, &mul_outer<GoldilocksVec>,
          &mul_pointwise<GoldilocksVec>};
}
Kernels<field::BabyBear> avx512_babybear() {
  return {&dif_level<BabyBearVec>, &dif_radix4<BabyBearVec>, &mul_outer<BabyBearVec>,
          &mul_pointwise<BabyBearVec>};
}

}  // namespace tandem::coproc::ntt::detail
