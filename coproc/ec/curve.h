// coproc/ec/curve.h: points of short Weierstrass curves y^2 = x^3 + b (a = 0, as for every curve
// of this family: BN254 and BLS12-381, G1 over Fp and G2 over Fp2), in affine and Jacobian
// coordinates, scalar multiplication and Pippenger multi-scalar multiplication.
//
// Freestanding like field.h (plus malloc/free from <stdlib.h> for MSM buckets), so it also builds
// for guests.  Variable-time throughout: every input is public.
//
// A curve is described by a struct C with
//   using F = ...;                     // the coordinate field (Fp<...> or Fp2<...>)
//   static constexpr F b();            // the curve constant
#pragma once
#include <stdlib.h>

#include "coproc/ec/field.h"

namespace tandem::coproc::ec {

template <class C>
struct Affine {
  using F = typename C::F;
  F x, y;
  bool infinity;

  static constexpr Affine identity() { return {F::zero(), F::zero(), true}; }
  constexpr bool on_curve() const { return infinity || y.sqr() == x.sqr() * x + C::b(); }
  constexpr Affine neg() const { return {x, -y, infinity}; }
  friend constexpr bool operator==(const Affine& a, const Affine& b) {
    return a.infinity == b.infinity && (a.infinity || (a.x == b.x && a.y == b.y));
  }
};

template <class C>
struct Jacobian {
  using F = typename C::F;
  F x, y, z;  // (x/z^2, y/z^3); z = 0 is the point at infinity

  static constexpr Jacobian identity() { return {F::one(), F::one(), F::zero()}; }
  static constexpr Jacobian from_affine(const Affine<C>& a) {
    return a.infinity ? identity() : Jacobian{a.x, a.y, F::one()};
  }
  constexpr bool is_identity() const { return z.is_zero(); }
  constexpr Jacobian neg() const { return {x, -y, z}; }

  // dbl-2009-l
  constexpr Jacobian dbl() const {
    if (is_identity()) return *this;
    const F a = x.sqr(), b = y.sqr(), c = b.sqr();
    const F d = ((x + b).sqr() - a - c).dbl();
    const F e = a.dbl() + a;
    const F f = e.sqr();
    const F x3 = f - d.dbl();
    const F c8 = c.dbl().dbl().dbl();
    return {x3, e * (d - x3) - c8, (y * z).dbl()};
  }
  // add-2007-bl, with the doubling and inverse cases handled
  constexpr Jacobian operator+(const Jacobian& q) const {
    if (is_identity()) return q;
    if (q.is_identity()) return *this;
    const F z1z1 = z.sqr(), z2z2 = q.z.sqr();
    const F u1 = x * z2z2, u2 = q.x * z1z1;
    const F s1 = y * q.z * z2z2, s2 = q.y * z * z1z1;
    const F h = u2 - u1;
    const F r = (s2 - s1).dbl();
    if (h.is_zero()) return r.is_zero() ? dbl() : identity();
    const F i = h.dbl().sqr();
    const F j = h * i;
    const F v = u1 * i;
    const F x3 = r.sqr() - j - v.dbl();
    return {x3, r * (v - x3) - (s1 * j).dbl(), ((z + q.z).sqr() - z1z1 - z2z2) * h};
  }
  // madd-2007-bl: this + an affine point
  constexpr Jacobian add_mixed(const Affine<C>& q) const {
    if (q.infinity) return *this;
    if (is_identity()) return from_affine(q);
    const F z1z1 = z.sqr();
    const F u2 = q.x * z1z1, s2 = q.y * z * z1z1;
    const F h = u2 - x;
    const F r = (s2 - y).dbl();
    if (h.is_zero()) return r.is_zero() ? dbl() : identity();
    const F hh = h.sqr();
    const F i = hh.dbl().dbl();
    const F j = h * i;
    const F v = x * i;
    const F x3 = r.sqr() - j - v.dbl();
    return {x3, r * (v - x3) - (y * j).dbl(), (z + h).sqr() - z1z1 - hh};
  }
  constexpr Jacobian operator-(const Jacobian& q) const { return *this + q.neg(); }
  Jacobian& operator+=(const Jacobian& q) { return *this = *this + q; }

  constexpr Affine<C> to_affine() const {
    if (is_identity()) return Affine<C>::identity();
    const F zi = z.inv_var(), zi2 = zi.sqr();
    return {x * zi2, y * zi2 * zi, false};
  }
  // Same point (projective equality).
  friend constexpr bool operator==(const Jacobian& p, const Jacobian& q) {
    if (p.is_identity() || q.is_identity()) return p.is_identity() && q.is_identity();
    const F z1z1 = p.z.sqr(), z2z2 = q.z.sqr();
    return p.x * z2z2 == q.x * z1z1 && p.y * q.z * z2z2 == q.y * p.z * z1z1;
  }
  constexpr bool on_curve() const {
    if (is_identity()) return true;
    const F z2 = z.sqr(), z6 = z2.sqr() * z2;
    return y.sqr() == x.sqr() * x + C::b() * z6;
  }
};

// k*P, for an integer k of any length (not reduced: the caller decides what k means).
// Fixed 4-bit windows, most significant first.
template <class C, size_t M>
constexpr Jacobian<C> mul_var(const Jacobian<C>& p, const BigInt<M>& k) {
  Jacobian<C> table[16];
  table[0] = Jacobian<C>::identity();
  table[1] = p;
  for (int i = 2; i < 16; ++i) table[i] = table[i - 1] + p;
  Jacobian<C> r = Jacobian<C>::identity();
  const size_t bits = k.bits();
  for (size_t w = (bits + 3) / 4; w-- > 0;) {
    r = r.dbl().dbl().dbl().dbl();
    const unsigned d = unsigned((k.l[(4 * w) / 64] >> ((4 * w) % 64)) & 15);
    if (d) r = r + table[d];
  }
  return r;
}

// Converts n Jacobian points to affine with one inversion (Montgomery's trick).  scratch holds n
// field elements.
template <class C>
void batch_to_affine(const Jacobian<C>* in, Affine<C>* out, size_t n, typename C::F* scratch) {
  using F = typename C::F;
  F acc = F::one();
  for (size_t i = 0; i < n; ++i) {
    scratch[i] = acc;
    if (!in[i].is_identity()) acc = acc * in[i].z;
  }
  F inv = acc.inv_var();
  for (size_t i = n; i-- > 0;) {
    if (in[i].is_identity()) {
      out[i] = Affine<C>::identity();
      continue;
    }
    const F zi = inv * scratch[i];
    inv = inv * in[i].z;
    const F zi2 = zi.sqr();
    out[i] = {in[i].x * zi2, in[i].y * zi2 * zi, false};
  }
}

// The signed c-bit digit of a 256-bit k at bit lo (in [-2^(c-1), 2^(c-1)]), given the carry out
// of the window below; updates the carry.  The Pippenger variants of this family share it.
inline int32_t signed_digit(const BigInt<4>& k, size_t lo, unsigned c, uint8_t& carry) {
  const size_t limb = lo / 64, sh = lo % 64;
  uint64_t d = limb < 4 ? k.l[limb] >> sh : 0;
  if (sh + c > 64 && limb + 1 < 4) d |= k.l[limb + 1] << (64 - sh);
  int64_t v = int64_t(d & ((uint64_t(1) << c) - 1)) + carry;
  const int64_t half = int64_t(1) << (c - 1);
  carry = v > half;
  if (carry) v -= int64_t(1) << c;
  return int32_t(v);
}

// sum over b of (b + 1) (A_b + J_b) for nb buckets, each an affine point bucket(b) (infinity for
// none) plus a Jacobian overflow[b]: one window's buckets by running sums.
template <class C, class Bucket>
Jacobian<C> bucket_sum(size_t nb, const Jacobian<C>* overflow, Bucket bucket) {
  Jacobian<C> running = Jacobian<C>::identity(), sum = Jacobian<C>::identity();
  for (size_t b = nb; b-- > 0;) {
    const Affine<C> a = bucket(b);
    running = overflow[b].is_identity() ? running.add_mixed(a) : running + overflow[b].add_mixed(a);
    sum = sum + running;
  }
  return sum;
}

// sum over w of sums[w] 2^(c w): the windows of a Pippenger MSM put together (Horner).
template <class C>
Jacobian<C> combine_windows(const Jacobian<C>* sums, size_t windows, unsigned c) {
  Jacobian<C> r = Jacobian<C>::identity();
  for (size_t w = windows; w-- > 0;) {
    for (unsigned i = 0; i < c; ++i) r = r.dbl();
    r = r + sums[w];
  }
  return r;
}

// Pippenger's window for n points: about log2(n) * 0.7 + 2 bits, a classic choice that
// balances bucket accumulation (n additions per window) against bucket reduction (2^c each).
inline unsigned msm_window(size_t n) {
  if (n < 8) return 2;
  unsigned lg = 0;
  while ((size_t(1) << (lg + 1)) <= n) ++lg;
  unsigned c = lg * 7 / 10 + 2;
  return c > 16 ? 16 : c;
}

// sum k_i * P_i over n points with `bits`-bit scalars (k_i as 256-bit integers, not reduced).
// Returns false only when the bucket memory cannot be allocated.
template <class C>
bool msm_var(const Affine<C>* points, const BigInt<4>* scalars, size_t n, Jacobian<C>& result,
             size_t bits = 256) {
  result = Jacobian<C>::identity();
  if (n == 0) return true;
  if (n == 1) {
    result = mul_var(Jacobian<C>::from_affine(points[0]), scalars[0]);
    return true;
  }
  const unsigned c = msm_window(n);
  const size_t nb = (size_t(1) << c) - 1;
  auto* buckets = static_cast<Jacobian<C>*>(malloc(nb * sizeof(Jacobian<C>)));
  if (!buckets) return false;
  const size_t windows = (bits + c - 1) / c;
  for (size_t w = windows; w-- > 0;) {
    for (unsigned i = 0; i < c; ++i) result = result.dbl();
    for (size_t b = 0; b < nb; ++b) buckets[b] = Jacobian<C>::identity();
    const size_t lo = w * c;
    for (size_t i = 0; i < n; ++i) {
      // the c-bit digit of scalar i at bit lo (may straddle two limbs)
      const size_t limb = lo / 64, sh = lo % 64;
      uint64_t d = scalars[i].l[limb] >> sh;
      if (sh + c > 64 && limb + 1 < 4) d |= scalars[i].l[limb + 1] << (64 - sh);
      d &= (uint64_t(1) << c) - 1;
      if (d) buckets[d - 1] = buckets[d - 1].add_mixed(points[i]);
    }
    Jacobian<C> running = Jacobian<C>::identity(), sum = Jacobian<C>::identity();
    for (size_t b = nb; b-- > 0;) {
      running = running + buckets[b];
      sum = sum + running;
    }
    result = result + sum;
  }
  free(buckets);
  return true;
}

}  // namespace tandem::coproc::ec
