// coproc/ec/tower.h: the extension tower of the pairing-friendly curves,
//   Fp6  = Fp2[v] / (v^3 - xi)
//   Fp12 = Fp6[w] / (w^2 - v)
// shared by BN254 (xi = 9 + u) and BLS12-381 (xi = 1 + u).  Freestanding like field.h, so it also
// builds for guests.  Variable-time throughout (public data only).
//
// A tower is configured by a struct Cfg with
//   using F2 = Fp2<...>;                                  // the quadratic extension
//   static constexpr F2 mul_by_xi(const F2&);             // multiplication by xi, cheap for each curve
//   static constexpr F2 xi();                             // xi itself
// The Frobenius coefficients are derived from xi at compile time.
#pragma once
#include "coproc/ec/field.h"

namespace tandem::coproc::ec {

namespace detail {
// xi^((p-1)/6), from which every Frobenius coefficient of the tower follows:
// v^p = v * g^2, v^(2p) = v^2 * g^4, w^p = w * g.
template <class Cfg>
constexpr typename Cfg::F2 frobenius_gamma() {
  using F = decltype(Cfg::F2::c0);
  typename F::Int e = F::P;
  e.div_small(6);  // (p-1)/6: p = 1 mod 6, so floor(p/6) = (p-1)/6
  return Cfg::xi().pow_var(e);
}
}  // namespace detail

template <class Cfg>
struct Fp6 {
  using F2 = typename Cfg::F2;
  F2 c0, c1, c2;  // c0 + c1 v + c2 v^2

  static constexpr Fp6 zero() { return {F2::zero(), F2::zero(), F2::zero()}; }
  static constexpr Fp6 one() { return {F2::one(), F2::zero(), F2::zero()}; }
  constexpr bool is_zero() const { return c0.is_zero() && c1.is_zero() && c2.is_zero(); }
  constexpr bool is_one() const { return c0.is_one() && c1.is_zero() && c2.is_zero(); }
  friend constexpr bool operator==(const Fp6& a, const Fp6& b) {
    return a.c0 == b.c0 && a.c1 == b.c1 && a.c2 == b.c2;
  }
  friend constexpr bool operator!=(const Fp6& a, const Fp6& b) { return !(a == b); }
  friend constexpr Fp6 operator+(const Fp6& a, const Fp6& b) { return {a.c0 + b.c0, a.c1 + b.c1, a.c2 + b.c2}; }
  friend constexpr Fp6 operator-(const Fp6& a, const Fp6& b) { return {a.c0 - b.c0, a.c1 - b.c1, a.c2 - b.c2}; }
  constexpr Fp6 operator-() const { return {-c0, -c1, -c2}; }
  Fp6& operator+=(const Fp6& o) { return *this = *this + o; }
  Fp6& operator-=(const Fp6& o) { return *this = *this - o; }
  Fp6& operator*=(const Fp6& o) { return *this = *this * o; }

  // Karatsuba over three coefficients (6 Fp2 multiplications).
  friend constexpr Fp6 operator*(const Fp6& a, const Fp6& b) {
    const F2 v0 = a.c0 * b.c0, v1 = a.c1 * b.c1, v2 = a.c2 * b.c2;
    const F2 t0 = Cfg::mul_by_xi((a.c1 + a.c2) * (b.c1 + b.c2) - v1 - v2) + v0;
    const F2 t1 = (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1 + Cfg::mul_by_xi(v2);
    const F2 t2 = (a.c0 + a.c2) * (b.c0 + b.c2) - v0 - v2 + v1;
    return {t0, t1, t2};
  }
  // Chung-Hasan SQR2.
  constexpr Fp6 sqr() const {
    const F2 s0 = c0.sqr(), ab = c0 * c1, s1 = ab.dbl(), s2 = (c0 - c1 + c2).sqr(),
             bc = c1 * c2, s3 = bc.dbl(), s4 = c2.sqr();
    return {Cfg::mul_by_xi(s3) + s0, Cfg::mul_by_xi(s4) + s1, s1 + s2 + s3 - s0 - s4};
  }
  constexpr Fp6 mul_f2(const F2& s) const { return {c0 * s, c1 * s, c2 * s}; }
  // Multiplication by v: (c0 + c1 v + c2 v^2) v = xi c2 + c0 v + c1 v^2.
  constexpr Fp6 mul_by_v() const { return {Cfg::mul_by_xi(c2), c0, c1}; }
  constexpr Fp6 inv_var() const {
    const F2 t0 = c0.sqr() - Cfg::mul_by_xi(c1 * c2);
    const F2 t1 = Cfg::mul_by_xi(c2.sqr()) - c0 * c1;
    const F2 t2 = c1.sqr() - c0 * c2;
    const F2 d = c0 * t0 + Cfg::mul_by_xi(c2 * t1 + c1 * t2);
    const F2 di = d.inv_var();
    return {t0 * di, t1 * di, t2 * di};
  }
  constexpr Fp6 frobenius() const {
    constexpr F2 g = detail::frobenius_gamma<Cfg>();
    constexpr F2 g2 = g.sqr();
    constexpr F2 g4 = g2.sqr();
    return {c0.frobenius(), c1.frobenius() * g2, c2.frobenius() * g4};
  }
};

template <class Cfg>
struct Fp12 {
  using F2 = typename Cfg::F2;
  using F6 = Fp6<Cfg>;
  F6 c0, c1;  // c0 + c1 w

  static constexpr Fp12 zero() { return {F6::zero(), F6::zero()}; }
  static constexpr Fp12 one() { return {F6::one(), F6::zero()}; }
  constexpr bool is_one() const { return c0.is_one() && c1.is_zero(); }
  constexpr bool is_zero() const { return c0.is_zero() && c1.is_zero(); }
  friend constexpr bool operator==(const Fp12& a, const Fp12& b) { return a.c0 == b.c0 && a.c1 == b.c1; }
  friend constexpr bool operator!=(const Fp12& a, const Fp12& b) { return !(a == b); }
  friend constexpr Fp12 operator+(const Fp12& a, const Fp12& b) { return {a.c0 + b.c0, a.c1 + b.c1}; }
  friend constexpr Fp12 operator-(const Fp12& a, const Fp12& b) { return {a.c0 - b.c0, a.c1 - b.c1}; }
  Fp12& operator*=(const Fp12& o) { return *this = *this * o; }

  friend constexpr Fp12 operator*(const Fp12& a, const Fp12& b) {
    const F6 v0 = a.c0 * b.c0, v1 = a.c1 * b.c1;
    return {v0 + v1.mul_by_v(), (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1};
  }
  // Complex squaring: (a + bw)^2 = (a+b)(a+vb) - ab - v ab + 2ab w.
  constexpr Fp12 sqr() const {
    const F6 ab = c0 * c1;
    const F6 t = (c0 + c1) * (c0 + c1.mul_by_v()) - ab - ab.mul_by_v();
    return {t, ab + ab};
  }
  // x^(p^6): the inverse of an element of the cyclotomic subgroup (after the easy part of the
  // final exponentiation).
  constexpr Fp12 conj() const { return {c0, -c1}; }
  constexpr Fp12 inv_var() const {
    const F6 d = (c0.sqr() - c1.sqr().mul_by_v()).inv_var();
    return {c0 * d, -(c1 * d)};
  }
  constexpr Fp12 frobenius() const {
    constexpr F2 g = detail::frobenius_gamma<Cfg>();
    return {c0.frobenius(), c1.frobenius().mul_f2(g)};
  }
  // x^(p^k)
  constexpr Fp12 frobenius(int k) const {
    Fp12 r = *this;
    for (int i = 0; i < k; ++i) r = r.frobenius();
    return r;
  }
  template <size_t M>
  constexpr Fp12 pow_var(const BigInt<M>& e) const {
    Fp12 r = one();
    for (size_t i = e.bits(); i-- > 0;) {
      r = r.sqr();
      if (e.bit(i)) r = r * *this;
    }
    return r;
  }
};

}  // namespace tandem::coproc::ec
