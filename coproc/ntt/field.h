// coproc/ntt/field.h: scalar arithmetic of the three NTT prime fields (internal to coproc/ntt and
// its tests; the public API is ntt.h).
//
// Every field keeps data elements in canonical standard form.  Constants that data is multiplied
// by (twiddles, coset powers, n^-1) are kept in each field's "multiplier form", which is what
// mul() expects as its second operand:
//   Goldilocks: the value itself; mul is a 64x64->128 product reduced with 2^64 = 2^32 - 1.
//   BabyBear:   Montgomery form c * 2^32 mod p; mul(a, c~) = a * c~ * 2^-32 = a * c.
//   BN254:      Montgomery form c * 2^256 mod r, 4x64-bit limbs; mul(a, c~) = a * c.
// So a transform over standard-form data with multiplier-form constants stays in standard form and
// no element is ever converted in or out of Montgomery form.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>

namespace tandem::coproc::ntt::field {

using u128 = unsigned __int128;

struct Goldilocks {
  using T = uint64_t;
  static constexpr uint64_t P = 0xffffffff00000001ull;
  static constexpr uint64_t kEpsilon = 0xffffffffull;  // 2^64 mod p = 2^32 - 1
  static constexpr uint64_t kGenerator = 7;
  static constexpr unsigned kTwoAdicity = 32;

  // Branch-free throughout: on random data every one of these conditions is a coin toss, and a
  // mispredicted branch costs more than the whole operation.
  static inline uint64_t mask(bool c) { return uint64_t(0) - uint64_t(c); }
  // a + b - p = a - (p - b); when that borrows, a + b < p and the wrapped difference is
  // a + b + 2^64 - p = a + b + epsilon.
  static inline T add(T a, T b) {
    T d;
    const bool borrow = __builtin_sub_overflow(a, P - b, &d);
    return d - (mask(borrow) & kEpsilon);
  }
  // A borrow wrapped by 2^64; adding p is subtracting epsilon modulo 2^64.
  static inline T sub(T a, T b) {
    T d;
    const bool borrow = __builtin_sub_overflow(a, b, &d);
    return d - (mask(borrow) & kEpsilon);
  }
  // x = hi * 2^64 + lo with hi = hh * 2^32 + hl: 2^96 = -1 and 2^64 = 2^32 - 1 give
  // x = lo - hh + hl * (2^32 - 1).
  static inline T reduce128(u128 x) {
    const uint64_t lo = uint64_t(x), hi = uint64_t(x >> 64);
    const uint64_t hh = hi >> 32, hl = hi & 0xffffffffull;
    uint64_t t0;
    // A borrow is -2^64 = -epsilon; the wrapped t0 >= 2^64 - 2^32, so subtracting cannot wrap.
    const bool borrow = __builtin_sub_overflow(lo, hh, &t0);
    t0 -= mask(borrow) & kEpsilon;
    const uint64_t t1 = (hl << 32) - hl;  // hl * epsilon
    uint64_t r;
    // A carry is +2^64 = +epsilon; the wrapped r < t1 <= 2^64 - 2^33 + 1, so adding cannot wrap.
    const bool carry = __builtin_add_overflow(t0, t1, &r);
    r += mask(carry) & kEpsilon;
    // r - p = r + epsilon modulo 2^64.
    return r + (mask(r >= P) & kEpsilon);
  }
  static inline T mul(T a, T b) { return reduce128(u128(a) * b); }
  // x * omega_4 for omega_4 = w4 = +-2^48 (2 has order 192, so 2^48 is a 4th root of unity; the
  // forward transforms' omega_4 is 2^48, the inverses' 2^144 = -2^48): a shift, not a product.
  static inline T mul_omega4(T x, T w4) {
    const T y = reduce128(u128(x) << 48);
    return w4 == kOmega4 ? y : sub(0, y);
  }
  static constexpr T kOmega4 = T(1) << 48;
  static inline T to_mult(T a) { return a; }
  static inline T from_u64(uint64_t v) { return v % P; }
  static inline bool canonical(T a) { return a < P; }
  static constexpr T zero() { return 0; }
  static constexpr T one() { return 1; }
};

struct BabyBear {
  using T = uint32_t;
  static constexpr uint32_t P = 2013265921u;  // 15 * 2^27 + 1
  static constexpr uint32_t kGenerator = 31;
  static constexpr unsigned kTwoAdicity = 27;
  // -p^-1 mod 2^32, for Montgomery reduction.
  static constexpr uint32_t kNegInv = [] {
    uint32_t inv = 1;
    for (int i = 0; i < 5; ++i) inv *= 2 - P * inv;  // Newton: doubles the correct bits
    return uint32_t(0) - inv;
  }();

  // min(s, s - p) picks s - p unless it wrapped: branch-free conditional subtraction for s < 2p.
  static inline T reduce_once(T s) { return s < s - P ? s : s - P; }
  static inline T add(T a, T b) { return reduce_once(a + b); }  // a + b < 2^32 since p < 2^31
  static inline T sub(T a, T b) {
    const T d = a - b;
    return d < d + P ? d : d + P;  // d + P wraps back below p exactly when a < b
  }
  // a * b * 2^-32 mod p, for a * b < p * 2^32.
  static inline T mont(uint64_t t) {
    const uint32_t m = uint32_t(t) * kNegInv;
    return reduce_once(T((t + uint64_t(m) * P) >> 32));  // < 2p < 2^32
  }
  static inline T mul(T a, T b) { return mont(uint64_t(a) * b); }
  static inline T to_mult(T a) { return T((uint64_t(a) << 32) % P); }
  static inline T from_u64(uint64_t v) { return T(v % P); }
  static inline bool canonical(T a) { return a < P; }
  static constexpr T zero() { return 0; }
  static constexpr T one() { return 1; }
};

struct Bn254 {
  struct T {
    uint64_t v[4];
    bool operator==(const T&) const = default;
  };
  static constexpr T P = {{0x43e1f593f0000001ull, 0x2833e84879b97091ull, 0xb85045b68181585dull,
                           0x30644e72e131a029ull}};
  static constexpr uint64_t kGenerator = 5;
  static constexpr unsigned kTwoAdicity = 28;
  static constexpr uint64_t kNegInv = [] {
    uint64_t inv = 1;
    for (int i = 0; i < 6; ++i) inv *= 2 - P.v[0] * inv;
    return uint64_t(0) - inv;
  }();

  static inline bool geq_p(const T& a) {
    for (int i = 3; i >= 0; --i) {
      if (a.v[i] != P.v[i]) return a.v[i] > P.v[i];
    }
    return true;
  }
  // a - r if a >= r (with `extra` a fifth limb of a), else a; branch-free, the condition being a
  // coin toss on random data.
  static inline void reduce_once(T& a, uint64_t extra = 0) {
    uint64_t d[4], borrow = 0;
#pragma GCC unroll 4
    for (int i = 0; i < 4; ++i) {
      const u128 t = u128(a.v[i]) - P.v[i] - borrow;
      d[i] = uint64_t(t);
      borrow = uint64_t(t >> 64) & 1;
    }
    const uint64_t keep = uint64_t(0) - uint64_t(borrow > extra);  // all ones: a < r
#pragma GCC unroll 4
    for (int i = 0; i < 4; ++i) a.v[i] = (a.v[i] & keep) | (d[i] & ~keep);
  }
  static inline T add(const T& a, const T& b) {
    T s;
    uint64_t carry = 0;
#pragma GCC unroll 4
    for (int i = 0; i < 4; ++i) {
      const u128 t = u128(a.v[i]) + b.v[i] + carry;
      s.v[i] = uint64_t(t);
      carry = uint64_t(t >> 64);
    }
    // r < 2^254, so a + b < 2^255 never carries out of the top limb.
    reduce_once(s);
    return s;
  }
  static inline T sub(const T& a, const T& b) {
    T d;
    uint64_t borrow = 0;
#pragma GCC unroll 4
    for (int i = 0; i < 4; ++i) {
      const u128 t = u128(a.v[i]) - b.v[i] - borrow;
      d.v[i] = uint64_t(t);
      borrow = uint64_t(t >> 64) & 1;
    }
    const uint64_t m = uint64_t(0) - borrow;  // add r back, branch-free, when a < b
    uint64_t carry = 0;
#pragma GCC unroll 4
    for (int i = 0; i < 4; ++i) {
      const u128 t = u128(d.v[i]) + (P.v[i] & m) + carry;
      d.v[i] = uint64_t(t);
      carry = uint64_t(t >> 64);
    }
    return d;
  }
  // Montgomery product a * b * 2^-256 mod r (CIOS), unrolled: with the loops left to the compiler
  // the limbs of t went through memory and each product cost twice as long.  r < 2^254 leaves room
  // for the lazy carries: the intermediate stays below 2r < 2^255, so after each reduction step
  // the top limb t4 folds into t3 without a carry out.  (ntt_bn254_adx.cpp has a mulx/adcx copy.)
  static inline uint64_t mac(uint64_t a, uint64_t b, uint64_t c, uint64_t& carry) {
    const u128 x = u128(a) * b + c + carry;
    carry = uint64_t(x >> 64);
    return uint64_t(x);
  }
  static inline T mul(const T& a, const T& b) {
    uint64_t t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4, c, m;
#pragma GCC unroll 4
    for (int i = 0; i < 4; ++i) {
      const uint64_t bi = b.v[i];
      c = 0;
      t0 = mac(a.v[0], bi, t0, c);
      t1 = mac(a.v[1], bi, t1, c);
      t2 = mac(a.v[2], bi, t2, c);
      t3 = mac(a.v[3], bi, t3, c);
      t4 = c;
      m = t0 * kNegInv;
      c = 0;
      (void)mac(m, P.v[0], t0, c);  // zero by the choice of m
      t0 = mac(m, P.v[1], t1, c);
      t1 = mac(m, P.v[2], t2, c);
      t2 = mac(m, P.v[3], t3, c);
      t3 = t4 + c;
    }
    T r = {{t0, t1, t2, t3}};
    reduce_once(r);
    return r;
  }
  // R^2 mod r, by doubling 1 512 times (once, at first use).
  static const T& r2() {
    static const T value = [] {
      T x = {{1, 0, 0, 0}};
      for (int i = 0; i < 512; ++i) x = add(x, x);
      return x;
    }();
    return value;
  }
  static inline T to_mult(const T& a) { return mul(a, r2()); }
  static inline T from_u64(uint64_t v) {
    T x = {{v, 0, 0, 0}};
    return x;  // any u64 is below r
  }
  static inline bool canonical(const T& a) { return !geq_p(a); }
  static constexpr T zero() { return {{0, 0, 0, 0}}; }
  static constexpr T one() { return {{1, 0, 0, 0}}; }
};

// Standard-form product and power, for building constants (not on any hot path).
template <class F>
typename F::T mul_std(const typename F::T& a, const typename F::T& b) {
  return F::mul(a, F::to_mult(b));
}
template <class F>
typename F::T pow_std(typename F::T base, const uint64_t* exp_limbs, size_t nlimbs) {
  typename F::T r = F::one();
  const typename F::T bm = F::to_mult(base);
  (void)bm;
  for (size_t i = nlimbs; i-- > 0;) {
    for (int bit = 63; bit >= 0; --bit) {
      r = mul_std<F>(r, r);
      if ((exp_limbs[i] >> bit) & 1) r = F::mul(r, bm);
    }
  }
  return r;
}
template <class F>
typename F::T pow_std(typename F::T base, uint64_t e) {
  return pow_std<F>(base, &e, 1);
}

}  // namespace tandem::coproc::ntt::field
