// coproc/ec/field.h: prime fields in Montgomery form with N 64-bit limbs, and the quadratic
// extension Fp2 = Fp[u]/(u^2 + 1) that both pairing-friendly curves of this family use.
//
// Hand-written: no Debian library offers fast pairing-friendly field arithmetic, and this is the
// base of the curve coprocessors.  The header is freestanding on purpose (only <stdint.h>,
// <stddef.h>, <string.h>; no std:: facilities, no exceptions, no allocation), so the very same
// code also compiles for RISC-V guests as the portable "soft" implementation.
//
// Every function here is variable-time (`_var` where it matters most: inversion, square root,
// exponentiation): the family only ever works on public data (precompile inputs, proofs).
//
// A field is Fp<Params>, where Params gives
//   static constexpr size_t N;               // limbs
//   static constexpr uint64_t modulus[N];    // p, little-endian limbs; p odd, p < 2^(64N-1)
// Everything else (R = 2^(64N) mod p, R^2, -p^-1 mod 2^64) is derived at compile time.
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "coproc/ec/mont_x86.h"
#include "coproc/ec/mont6_x86.h"  // empty except in optimised x86-64 builds

namespace tandem::coproc::ec {

// ---- limb primitives --------------------------------------------------------------------------

constexpr uint64_t adc(uint64_t a, uint64_t b, uint64_t& carry) {
  const uint64_t s = a + carry;
  uint64_t c = s < carry;
  const uint64_t r = s + b;
  c += r < b;
  carry = c;
  return r;
}

constexpr uint64_t sbb(uint64_t a, uint64_t b, uint64_t& borrow) {
  const uint64_t d = a - b;
  uint64_t br = a < b;
  const uint64_t r = d - borrow;
  br += d < borrow;
  borrow = br;
  return r;
}

// a*b = hi:lo
constexpr uint64_t mulw(uint64_t a, uint64_t b, uint64_t& hi) {
#if defined(__SIZEOF_INT128__)
  const unsigned __int128 p = (unsigned __int128)a * b;
  hi = uint64_t(p >> 64);
  return uint64_t(p);
#else
  const uint64_t a0 = a & 0xffffffffu, a1 = a >> 32, b0 = b & 0xffffffffu, b1 = b >> 32;
  const uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
  hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
  return (mid << 32) | (p00 & 0xffffffffu);
#endif
}

// t + a*b + carry -> low word, carry = high word (never overflows: (2^64-1)^2 + 2(2^64-1) < 2^128)
constexpr uint64_t mac(uint64_t t, uint64_t a, uint64_t b, uint64_t& carry) {
  uint64_t hi = 0;
  uint64_t lo = mulw(a, b, hi);
  uint64_t c = 0;
  lo = adc(lo, t, c);
  hi += c;
  c = 0;
  lo = adc(lo, carry, c);
  hi += c;
  carry = hi;
  return lo;
}

// A little-endian N-limb unsigned integer (scalars, exponents, canonical field values).
template <size_t N>
struct BigInt {
  uint64_t l[N];

  static constexpr BigInt zero() {
    BigInt r{};
    return r;
  }
  constexpr bool is_zero() const {
    uint64_t acc = 0;
    for (size_t i = 0; i < N; ++i) acc |= l[i];
    return acc == 0;
  }
  constexpr bool bit(size_t i) const { return i < 64 * N && ((l[i / 64] >> (i % 64)) & 1); }
  // Number of significant bits (0 for zero).
  constexpr size_t bits() const {
    for (size_t i = N; i-- > 0;)
      if (l[i]) return 64 * i + 64 - size_t(__builtin_clzll(l[i]));
    return 0;
  }
  // -1, 0, 1
  constexpr int cmp(const BigInt& o) const {
    for (size_t i = N; i-- > 0;)
      if (l[i] != o.l[i]) return l[i] < o.l[i] ? -1 : 1;
    return 0;
  }
  friend constexpr bool operator==(const BigInt& a, const BigInt& b) { return a.cmp(b) == 0; }
  // Big-endian bytes; `len` may be shorter or longer than 8N.  Returns false when the value does
  // not fit in N limbs (non-zero bytes beyond them).
  constexpr bool from_be(const uint8_t* b, size_t len) {
    for (size_t i = 0; i < N; ++i) l[i] = 0;
    for (size_t i = 0; i < len; ++i) {
      const size_t pos = len - 1 - i;  // byte significance i
      if (i >= 8 * N) {
        if (b[pos]) return false;
        continue;
      }
      l[i / 8] |= uint64_t(b[pos]) << (8 * (i % 8));
    }
    return true;
  }
  // Big-endian bytes, zero-padded or truncated on the left to `len`.
  constexpr void to_be(uint8_t* b, size_t len) const {
    for (size_t i = 0; i < len; ++i) {
      const size_t pos = len - 1 - i;
      b[pos] = i < 8 * N ? uint8_t(l[i / 8] >> (8 * (i % 8))) : 0;
    }
  }
  constexpr bool from_le(const uint8_t* b, size_t len) {
    for (size_t i = 0; i < N; ++i) l[i] = 0;
    for (size_t i = 0; i < len; ++i) {
      if (i >= 8 * N) {
        if (b[i]) return false;
        continue;
      }
      l[i / 8] |= uint64_t(b[i]) << (8 * (i % 8));
    }
    return true;
  }
  constexpr void to_le(uint8_t* b, size_t len) const {
    for (size_t i = 0; i < len; ++i) b[i] = i < 8 * N ? uint8_t(l[i / 8] >> (8 * (i % 8))) : 0;
  }
  // this -= o; returns the borrow
  constexpr uint64_t sub_in_place(const BigInt& o) {
    uint64_t br = 0;
    for (size_t i = 0; i < N; ++i) l[i] = sbb(l[i], o.l[i], br);
    return br;
  }
  constexpr uint64_t add_in_place(const BigInt& o) {
    uint64_t c = 0;
    for (size_t i = 0; i < N; ++i) l[i] = adc(l[i], o.l[i], c);
    return c;
  }
  // this /= d; returns the remainder
  constexpr uint64_t div_small(uint64_t d) {
    uint64_t rem = 0;
    for (size_t i = N; i-- > 0;) {
#if defined(__SIZEOF_INT128__)
      const unsigned __int128 cur = ((unsigned __int128)rem << 64) | l[i];
      l[i] = uint64_t(cur / d);
      rem = uint64_t(cur % d);
#else
      uint64_t q = 0;
      for (int b = 63; b >= 0; --b) {  // bit by bit: only for constants and rare paths
        const bool top = rem >> 63;
        rem = (rem << 1) | ((l[i] >> b) & 1);
        q <<= 1;
        if (top || rem >= d) rem -= d, q |= 1;
      }
      l[i] = q;
#endif
    }
    return rem;
  }
  constexpr void shr1() {
    for (size_t i = 0; i + 1 < N; ++i) l[i] = (l[i] >> 1) | (l[i + 1] << 63);
    l[N - 1] >>= 1;
  }
};

// ---- Fp ---------------------------------------------------------------------------------------

namespace detail {
template <size_t N>
constexpr BigInt<N> load(const uint64_t (&v)[N]) {
  BigInt<N> r{};
  for (size_t i = 0; i < N; ++i) r.l[i] = v[i];
  return r;
}
// -p^-1 mod 2^64 by Newton iteration (each step doubles the correct low bits).
constexpr uint64_t neg_inv64(uint64_t p0) {
  uint64_t x = 1;
  for (int i = 0; i < 7; ++i) x *= 2 - p0 * x;
  return ~x + 1;
}
// 2^e mod p by e modular doublings of 1 (p < 2^(64N-1), so 2r always fits).
template <size_t N>
constexpr BigInt<N> pow2_mod(const BigInt<N>& p, size_t e) {
  BigInt<N> r{};
  r.l[0] = 1;
  for (size_t i = 0; i < e; ++i) {
    uint64_t c = 0;
    for (size_t k = 0; k < N; ++k) {
      const uint64_t top = r.l[k] >> 63;
      r.l[k] = (r.l[k] << 1) | c;
      c = top;
    }
    BigInt<N> t = r;
    if (t.sub_in_place(p) == 0) r = t;
  }
  return r;
}

// Run-time kernels: the constexpr loops in Fp are written for compile-time evaluation and
// compile to slow code (not unrolled, carries through memory); these are unrolled, branch-free.
template <size_t N>
inline void add_mod(uint64_t* r, const uint64_t* a, const uint64_t* b, const uint64_t* p) {
  uint64_t t[N], s[N], c = 0, br = 0;
#pragma GCC unroll 16
  for (size_t i = 0; i < N; ++i) t[i] = adc(a[i], b[i], c);
#pragma GCC unroll 16
  for (size_t i = 0; i < N; ++i) s[i] = sbb(t[i], p[i], br);
  const uint64_t keep = 0 - br;  // t < p: keep t
#pragma GCC unroll 16
  for (size_t i = 0; i < N; ++i) r[i] = (t[i] & keep) | (s[i] & ~keep);
}
template <size_t N>
inline void sub_mod(uint64_t* r, const uint64_t* a, const uint64_t* b, const uint64_t* p) {
  uint64_t t[N], br = 0, c = 0;
#pragma GCC unroll 16
  for (size_t i = 0; i < N; ++i) t[i] = sbb(a[i], b[i], br);
  const uint64_t mask = 0 - br;  // borrowed: add p back
#pragma GCC unroll 16
  for (size_t i = 0; i < N; ++i) r[i] = adc(t[i], p[i] & mask, c);
}
#if defined(__SIZEOF_INT128__)
// Montgomery product by CIOS without the two extra words, valid when the top limb of p is below
// 2^63 - 1 (Gautam Botrel's "no-carry" observation, as in gnark-crypto): every intermediate then
// fits in N words.
template <size_t N>
inline void mont_mul_nc(uint64_t* r, const uint64_t* a, const uint64_t* b, const uint64_t* p,
                        uint64_t inv) {
  using u128 = unsigned __int128;
  uint64_t t[N] = {};
#pragma GCC unroll 16
  for (size_t i = 0; i < N; ++i) {
    u128 x = (u128)a[0] * b[i] + t[0];
    uint64_t hi_a = uint64_t(x >> 64);
    const uint64_t t0 = uint64_t(x);
    const uint64_t m = t0 * inv;
    u128 y = (u128)m * p[0] + t0;
    uint64_t hi_c = uint64_t(y >> 64);
#pragma GCC unroll 16
    for (size_t j = 1; j < N; ++j) {
      x = (u128)a[j] * b[i] + t[j] + hi_a;
      hi_a = uint64_t(x >> 64);
      y = (u128)m * p[j] + uint64_t(x) + hi_c;
      hi_c = uint64_t(y >> 64);
      t[j - 1] = uint64_t(y);
    }
    t[N - 1] = hi_c + hi_a;
  }
  uint64_t s[N], br = 0;
#pragma GCC unroll 16
  for (size_t i = 0; i < N; ++i) s[i] = sbb(t[i], p[i], br);
  const uint64_t keep = 0 - br;
#pragma GCC unroll 16
  for (size_t i = 0; i < N; ++i) r[i] = (t[i] & keep) | (s[i] & ~keep);
}
#endif
#if defined(__SIZEOF_INT128__)
// a^-1 mod p for 0 < a < p (odd p below 2^(64N - 2)), as plain integers: Pornin's optimised binary
// GCD (eprint 2020/972).  Each round runs 31 steps of the binary GCD on 64-bit approximations of
// x and y (their low 31 and top 33 bits), collecting a matrix of small factors, then updates x, y
// exactly by it (the division by 2^31 is exact) and u, v modulo p (the division by 2^31 made
// exact by adding a multiple of p).  Invariants: x = u a, y = v a (mod p); the loop ends at x = 0
// with y = gcd = 1 and v = 1/a.  Branch-free inside; variable-time overall (public data only).
// False only if that end is not reached within the proven bound (2 * 64N - 1 steps), which does
// not happen for a prime p.
template <size_t N>
struct BinGcd {
  using i128 = __int128;
  // t = a f + b g, as N + 1 words of two's complement.
  static void comb(uint64_t* t, const uint64_t* a, const uint64_t* b, int64_t f, int64_t g) {
    i128 acc = 0;
    for (size_t i = 0; i < N; ++i) {
      acc += i128(a[i]) * f + i128(b[i]) * g;
      t[i] = uint64_t(acc);
      acc >>= 64;
    }
    t[N] = uint64_t(acc);
  }
  // (a f + b g) / 2^31 into r, made non-negative; true when it had to be negated.
  static bool comb_shift(uint64_t* r, const uint64_t* a, const uint64_t* b, int64_t f, int64_t g) {
    uint64_t t[N + 1];
    comb(t, a, b, f, g);
    const bool neg = int64_t(t[N]) < 0;
    if (neg) {
      uint64_t c = 1;
      for (size_t i = 0; i <= N; ++i) {
        const uint64_t x = ~t[i] + c;
        c = c && x == 0;
        t[i] = x;
      }
    }
    for (size_t i = 0; i < N; ++i) r[i] = (t[i] >> 31) | (t[i + 1] << 33);
    return neg;
  }
  // (u f + v g) / 2^31 mod p into r, for u, v < p; pinv31 = -1/p mod 2^31.
  static void comb_mod(uint64_t* r, const uint64_t* u, const uint64_t* v, int64_t f, int64_t g,
                       const BigInt<N>& p, uint64_t pinv31) {
    uint64_t t[N + 1];
    comb(t, u, v, f, g);
    const uint64_t k = (t[0] * pinv31) & 0x7fffffff;  // the low 31 bits of t + k p vanish
    i128 acc = 0;
    for (size_t i = 0; i < N; ++i) {
      acc += i128(t[i]) + i128(p.l[i]) * i128(k);
      t[i] = uint64_t(acc);
      acc >>= 64;
    }
    t[N] += uint64_t(acc);
    BigInt<N> x{};
    for (size_t i = 0; i < N; ++i) x.l[i] = (t[i] >> 31) | (t[i + 1] << 33);
    int64_t top = int64_t(t[N]) >> 31;  // the quotient's top word, signed: |quotient| < 4p
    while (top < 0) top += int64_t(x.add_in_place(p));
    while (top > 0 || x.cmp(p) >= 0) top -= int64_t(x.sub_in_place(p));
    for (size_t i = 0; i < N; ++i) r[i] = x.l[i];
  }
  static size_t bitlen(const uint64_t* a) {
    for (size_t i = N; i-- > 0;)
      if (a[i]) return 64 * i + 64 - size_t(__builtin_clzll(a[i]));
    return 0;
  }
  static uint64_t bits_at(const uint64_t* a, size_t at) {  // bits [at, at + 64), zeros beyond
    const size_t w = at / 64, s = at % 64;
    uint64_t v = w < N ? a[w] >> s : 0;
    if (s && w + 1 < N) v |= a[w + 1] << (64 - s);
    return v;
  }
  static bool inverse(const uint64_t* a, const BigInt<N>& p, uint64_t* out) {
    uint64_t pinv = 1;
    for (int i = 0; i < 6; ++i) pinv *= 2 - p.l[0] * pinv;
    const uint64_t pinv31 = (0 - pinv) & 0x7fffffff;
    uint64_t x[N], y[N], u[N] = {1}, v[N] = {};
    for (size_t i = 0; i < N; ++i) x[i] = a[i], y[i] = p.l[i];
    for (size_t round = 0; round < (2 * 64 * N) / 31 + 4; ++round) {
      uint64_t any = 0;
      for (size_t i = 0; i < N; ++i) any |= x[i];
      if (!any) {
        uint64_t rest = y[0] ^ 1;
        for (size_t i = 1; i < N; ++i) rest |= y[i];
        for (size_t i = 0; i < N; ++i) out[i] = v[i];
        return rest == 0;
      }
      const size_t lx = bitlen(x), ly = bitlen(y), n = lx > ly ? lx : ly;
      uint64_t xa = x[0], ya = y[0];
      if (n > 64) {
        xa = (x[0] & 0x7fffffff) | (bits_at(x, n - 33) << 31);
        ya = (y[0] & 0x7fffffff) | (bits_at(y, n - 33) << 31);
      }
      int64_t f0 = 1, g0 = 0, f1 = 0, g1 = 1;
      for (int i = 0; i < 31; ++i) {
        const uint64_t odd = 0 - (xa & 1);
        const uint64_t sw = odd & (0 - uint64_t(xa < ya));  // odd and smaller: swap first
        const uint64_t t = (xa ^ ya) & sw;
        xa ^= t, ya ^= t;
        const int64_t m = int64_t(sw), o = int64_t(odd);
        const int64_t tf = (f0 ^ f1) & m, tg = (g0 ^ g1) & m;
        f0 ^= tf, f1 ^= tf, g0 ^= tg, g1 ^= tg;
        xa -= ya & odd;
        f0 -= f1 & o;
        g0 -= g1 & o;
        xa >>= 1;
        f1 *= 2, g1 *= 2;
      }
      uint64_t nx[N], ny[N], nu[N], nv[N];
      if (comb_shift(nx, x, y, f0, g0)) f0 = -f0, g0 = -g0;
      if (comb_shift(ny, x, y, f1, g1)) f1 = -f1, g1 = -g1;
      comb_mod(nu, u, v, f0, g0, p, pinv31);
      comb_mod(nv, u, v, f1, g1, p, pinv31);
      for (size_t i = 0; i < N; ++i) x[i] = nx[i], y[i] = ny[i], u[i] = nu[i], v[i] = nv[i];
    }
    return false;
  }
};
#endif
}  // namespace detail

template <class Params>
struct Fp {
  static constexpr size_t N = Params::N;
  static constexpr size_t kBytes = 8 * N;
  using Int = BigInt<N>;

  static constexpr Int P = detail::load<N>(Params::modulus);

 public:
  static constexpr uint64_t INV = detail::neg_inv64(P.l[0]);
  static constexpr Int R = detail::pow2_mod(P, 64 * N);    // Montgomery one
  static constexpr Int R2 = detail::pow2_mod(P, 128 * N);  // to Montgomery form
  // The top limb leaves room for the no-carry Montgomery product (detail::mont_mul_nc).
  static constexpr bool kNoCarry = P.l[N - 1] < 0x7ffffffffffffffeull;

  uint64_t l[N];  // Montgomery representation a*R mod p, always < p

  static constexpr Fp zero() {
    Fp r{};
    return r;
  }
  static constexpr Fp one() {
    Fp r{};
    for (size_t i = 0; i < N; ++i) r.l[i] = R.l[i];
    return r;
  }
  // From a canonical integer; false (and zero) when v >= p.
  static constexpr bool from_int(const Int& v, Fp& out) {
    if (v.cmp(P) >= 0) {
      out = zero();
      return false;
    }
    Fp t{};
    for (size_t i = 0; i < N; ++i) t.l[i] = v.l[i];
    Fp r2{};
    for (size_t i = 0; i < N; ++i) r2.l[i] = R2.l[i];
    out = t * r2;
    return true;
  }
  // From any integer, reduced mod p first (for values known to be small or for hashing).
  static constexpr Fp from_u64(uint64_t v) {
    Int i{};
    i.l[0] = v;
    Fp r{};
    if (N == 1 && v >= P.l[0]) i.l[0] = v - P.l[0];
    from_int(i, r);
    return r;
  }
  constexpr Int to_int() const {
    Fp one_raw{};
    one_raw.l[0] = 1;
    const Fp t = *this * one_raw;
    Int r{};
    for (size_t i = 0; i < N; ++i) r.l[i] = t.l[i];
    return r;
  }
  // Big-endian bytes of any length (must be a value < p).
  static constexpr bool from_be(const uint8_t* b, size_t len, Fp& out) {
    Int v{};
    if (!v.from_be(b, len)) return false;
    return from_int(v, out);
  }
  constexpr void to_be(uint8_t* b, size_t len) const { to_int().to_be(b, len); }

  constexpr bool is_zero() const {
    uint64_t acc = 0;
    for (size_t i = 0; i < N; ++i) acc |= l[i];
    return acc == 0;
  }
  constexpr bool is_one() const { return *this == one(); }
  friend constexpr bool operator==(const Fp& a, const Fp& b) {
    uint64_t acc = 0;
    for (size_t i = 0; i < N; ++i) acc |= a.l[i] ^ b.l[i];
    return acc == 0;
  }
  friend constexpr bool operator!=(const Fp& a, const Fp& b) { return !(a == b); }

  friend constexpr Fp operator+(const Fp& a, const Fp& b) {
    if (!__builtin_is_constant_evaluated()) {
      Fp r;
#if defined(TANDEM_EC_X86_KERNELS)
      if constexpr (N == 4) {
        detail::add_mod4(r.l, a.l, b.l, P.l);
        return r;
      }
      if constexpr (N == 6) {
        detail::add_mod6(r.l, a.l, b.l, P.l);
        return r;
      }
#endif
      detail::add_mod<N>(r.l, a.l, b.l, P.l);
      return r;
    }
    Fp r{};
    uint64_t c = 0;
    for (size_t i = 0; i < N; ++i) r.l[i] = adc(a.l[i], b.l[i], c);
    // p < 2^(64N-1): no carry out; subtract p if r >= p
    Fp t{};
    uint64_t br = 0;
    for (size_t i = 0; i < N; ++i) t.l[i] = sbb(r.l[i], P.l[i], br);
    return br ? r : t;
  }
  friend constexpr Fp operator-(const Fp& a, const Fp& b) {
    if (!__builtin_is_constant_evaluated()) {
      Fp r;
#if defined(TANDEM_EC_X86_KERNELS)
      if constexpr (N == 4) {
        detail::sub_mod4(r.l, a.l, b.l, P.l);
        return r;
      }
      if constexpr (N == 6) {
        detail::sub_mod6(r.l, a.l, b.l, P.l);
        return r;
      }
#endif
      detail::sub_mod<N>(r.l, a.l, b.l, P.l);
      return r;
    }
    Fp r{};
    uint64_t br = 0;
    for (size_t i = 0; i < N; ++i) r.l[i] = sbb(a.l[i], b.l[i], br);
    if (br) {
      uint64_t c = 0;
      for (size_t i = 0; i < N; ++i) r.l[i] = adc(r.l[i], P.l[i], c);
    }
    return r;
  }
  constexpr Fp operator-() const { return zero() - *this; }
  constexpr Fp dbl() const { return *this + *this; }
  Fp& operator+=(const Fp& o) { return *this = *this + o; }
  Fp& operator-=(const Fp& o) { return *this = *this - o; }
  Fp& operator*=(const Fp& o) { return *this = *this * o; }

  // Montgomery product a*b*R^-1 mod p.
  [[gnu::always_inline]] friend constexpr Fp operator*(const Fp& a, const Fp& b) {
    if (!__builtin_is_constant_evaluated()) {
#if defined(TANDEM_EC_X86_KERNELS)
      if constexpr (N == 4) {
        if (__builtin_expect(detail::kHasMulxAdx, 1)) {
          Fp r;
          detail::mont_mul4_adx(r.l, a.l, b.l, P.l, INV);
          return r;
        }
        return mul_rt_cold(a, b);  // out of line, so that the fast path stays small and inlined
      }
      if constexpr (N == 6 && (P.l[5] >> 63) == 0) {  // the kernels need p < 2^383
        if (__builtin_expect(detail::kHasMulxAdx, 1)) {
          Fp r;
          detail::mont_mul6_wide_adx(r.l, a.l, b.l, P.l, INV);
          return r;
        }
        return mul_rt_cold(a, b);
      }
#endif
      return mul_rt(a, b);
    }
    return mul_ct(a, b);
  }
  // The run-time product without special hardware.
  static Fp mul_rt(const Fp& a, const Fp& b) {
#if defined(__SIZEOF_INT128__)
    if constexpr (kNoCarry) {
      Fp r;
      detail::mont_mul_nc<N>(r.l, a.l, b.l, P.l, INV);
      return r;
    }
#endif
    return mul_ct(a, b);
  }
  __attribute__((noinline)) static Fp mul_rt_cold(const Fp& a, const Fp& b) { return mul_rt(a, b); }
  // Montgomery product a*b*R^-1 mod p (CIOS), for compile time and as the portable fallback.
  static constexpr Fp mul_ct(const Fp& a, const Fp& b) {
    uint64_t t[N + 2] = {};
    for (size_t i = 0; i < N; ++i) {
      uint64_t c = 0;
      for (size_t j = 0; j < N; ++j) t[j] = mac(t[j], a.l[j], b.l[i], c);
      uint64_t c2 = 0;
      t[N] = adc(t[N], c, c2);
      t[N + 1] = c2;
      const uint64_t m = t[0] * INV;
      c = 0;
      (void)mac(t[0], m, P.l[0], c);
      for (size_t j = 1; j < N; ++j) t[j - 1] = mac(t[j], m, P.l[j], c);
      c2 = 0;
      t[N - 1] = adc(t[N], c, c2);
      t[N] = t[N + 1] + c2;
    }
    Fp r{};
    for (size_t i = 0; i < N; ++i) r.l[i] = t[i];
    Fp s{};
    uint64_t br = 0;
    for (size_t i = 0; i < N; ++i) s.l[i] = sbb(r.l[i], P.l[i], br);
    // t < 2p: the result is t - p unless that borrows (and no extra high word)
    return (t[N] || !br) ? s : r;
  }
  [[gnu::always_inline]] constexpr Fp sqr() const {
#if defined(TANDEM_EC_X86_KERNELS)
    if constexpr (N == 6 && (P.l[5] >> 63) == 0) {
      if (!__builtin_is_constant_evaluated() && __builtin_expect(detail::kHasMulxAdx, 1)) {
        Fp r;
        detail::mont_sqr6_wide_adx(r.l, l, P.l, INV);
        return r;
      }
    }
#endif
    return *this * *this;
  }

  // this^e for an integer exponent of any limb count.
  template <size_t M>
  constexpr Fp pow_var(const BigInt<M>& e) const {
    Fp r = one();
    for (size_t i = e.bits(); i-- > 0;) {
      r = r.sqr();
      if (e.bit(i)) r = r * *this;
    }
    return r;
  }
  // 1/this (0 for 0), by Fermat: p-2.
  constexpr Fp inv_var() const {
    Int e = P;
    Int two{};
    two.l[0] = 2;
    e.sub_in_place(two);
    return pow_var(e);
  }
  // Legendre symbol: 1 square, -1 non-square, 0 zero.
  constexpr int legendre_var() const {
    if (is_zero()) return 0;
    Int e = P;
    Int one_i{};
    one_i.l[0] = 1;
    e.sub_in_place(one_i);
    e.shr1();
    return pow_var(e).is_one() ? 1 : -1;
  }
  // A square root when p = 3 mod 4 (both curves' base fields); false when there is none.
  constexpr bool sqrt_var(Fp& out) const {
    Int e = P;  // (p+1)/4
    Int one_i{};
    one_i.l[0] = 1;
    e.add_in_place(one_i);
    e.shr1();
    e.shr1();
    const Fp r = pow_var(e);
    if (r.sqr() != *this) return false;
    out = r;
    return true;
  }
  // The sign used by hash-to-curve (RFC 9380 sgn0): the canonical value's parity.
  constexpr bool sgn0() const { return to_int().l[0] & 1; }
  // Lexicographic "largest" test (canonical value > (p-1)/2), as in compressed encodings.
  constexpr bool lexicographically_largest() const {
    Int half = P;
    half.shr1();  // (p-1)/2
    return to_int().cmp(half) > 0;
  }
};

// ---- Fp2 = Fp[u]/(u^2 + 1) --------------------------------------------------------------------

template <class F>
struct Fp2 {
  F c0, c1;  // c0 + c1*u

  static constexpr Fp2 zero() { return {F::zero(), F::zero()}; }
  static constexpr Fp2 one() { return {F::one(), F::zero()}; }
  constexpr bool is_zero() const { return c0.is_zero() && c1.is_zero(); }
  constexpr bool is_one() const { return c0.is_one() && c1.is_zero(); }
  friend constexpr bool operator==(const Fp2& a, const Fp2& b) { return a.c0 == b.c0 && a.c1 == b.c1; }
  friend constexpr bool operator!=(const Fp2& a, const Fp2& b) { return !(a == b); }
  [[gnu::always_inline]] friend constexpr Fp2 operator+(const Fp2& a, const Fp2& b) { return {a.c0 + b.c0, a.c1 + b.c1}; }
  [[gnu::always_inline]] friend constexpr Fp2 operator-(const Fp2& a, const Fp2& b) { return {a.c0 - b.c0, a.c1 - b.c1}; }
  [[gnu::always_inline]] constexpr Fp2 operator-() const { return {-c0, -c1}; }
  [[gnu::always_inline]] constexpr Fp2 dbl() const { return {c0.dbl(), c1.dbl()}; }
  Fp2& operator+=(const Fp2& o) { return *this = *this + o; }
  Fp2& operator-=(const Fp2& o) { return *this = *this - o; }
  Fp2& operator*=(const Fp2& o) { return *this = *this * o; }
  // Karatsuba: 3 base multiplications.
  [[gnu::always_inline]] friend constexpr Fp2 operator*(const Fp2& a, const Fp2& b) {
#if defined(TANDEM_EC_X86_KERNELS)
    if constexpr (F::N == 6 && (F::P.l[5] >> 61) == 0) {
      if (!__builtin_is_constant_evaluated() && __builtin_expect(detail::kHasMulxAdx, 1)) {
        return mul_x86(a, b);
      }
    }
    if constexpr (F::N == 4 && (F::P.l[3] >> 62) == 0) {
      if (!__builtin_is_constant_evaluated() && __builtin_expect(detail::kHasMulxAdx, 1)) {
        return mul_x86(a, b);
      }
    }
#endif
    return mul_plain(a, b);
  }
#if defined(TANDEM_EC_X86_KERNELS)
  // Out of line (the kernel is large), with the modulus a constant inside it.
  __attribute__((noinline)) static Fp2 mul_x86(const Fp2& a, const Fp2& b) {
    static_assert(sizeof(Fp2) == 2 * sizeof(F) && sizeof(F) == 8 * F::N);
    Fp2 r;
    if constexpr (F::N == 6)
      detail::fp2_mul6_adx(reinterpret_cast<uint64_t*>(&r), reinterpret_cast<const uint64_t*>(&a),
                           reinterpret_cast<const uint64_t*>(&b), F::P.l, F::INV);
    if constexpr (F::N == 4)
      detail::fp2_mul4_adx(reinterpret_cast<uint64_t*>(&r), reinterpret_cast<const uint64_t*>(&a),
                           reinterpret_cast<const uint64_t*>(&b), F::P.l, F::INV);
    return r;
  }
#endif
  static constexpr Fp2 mul_plain(const Fp2& a, const Fp2& b) {
    const F v0 = a.c0 * b.c0, v1 = a.c1 * b.c1;
    return {v0 - v1, (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1};
  }
  [[gnu::always_inline]] constexpr Fp2 mul_fp(const F& s) const { return {c0 * s, c1 * s}; }
  // (a + bu)^2 = (a+b)(a-b) + 2ab u
  [[gnu::always_inline]] constexpr Fp2 sqr() const {
    const F ab = c0 * c1;
    return {(c0 + c1) * (c0 - c1), ab.dbl()};
  }
  [[gnu::always_inline]] constexpr Fp2 conj() const { return {c0, -c1}; }
  // Norm c0^2 + c1^2 (in Fp).
  constexpr F norm() const { return c0.sqr() + c1.sqr(); }
  constexpr Fp2 inv_var() const {
    const F t = norm().inv_var();
    return {c0 * t, -(c1 * t)};
  }
  template <size_t M>
  constexpr Fp2 pow_var(const BigInt<M>& e) const {
    Fp2 r = one();
    for (size_t i = e.bits(); i-- > 0;) {
      r = r.sqr();
      if (e.bit(i)) r = r * *this;
    }
    return r;
  }
  // Frobenius x -> x^p is conjugation here (u^p = -u since p = 3 mod 4).
  constexpr Fp2 frobenius() const { return conj(); }
  // RFC 9380 sgn0 for an extension of degree 2.
  constexpr bool sgn0() const {
    const bool s0 = c0.sgn0(), z0 = c0.is_zero(), s1 = c1.sgn0();
    return s0 || (z0 && s1);
  }
  // A square root when p = 3 mod 4, through the norm: for a = a0 + a1*u with a1 != 0,
  // x0^2 = (a0 +- sqrt(a0^2 + a1^2)) / 2 and x1 = a1 / (2*x0).  false when there is none.
  constexpr bool sqrt_var(Fp2& out) const {
    Fp2 r{};
    if (c1.is_zero()) {
      F s{};
      if (c0.sqrt_var(s)) {
        r = {s, F::zero()};
      } else if ((-c0).sqrt_var(s)) {  // -1 is not a square: (s*u)^2 = -s^2 = c0
        r = {F::zero(), s};
      } else {
        return false;
      }
    } else {
      F s{};
      if (!norm().sqrt_var(s)) return false;
      const F half = F::from_u64(2).inv_var();
      F t = (c0 + s) * half;
      F x0{};
      if (!t.sqrt_var(x0)) {
        t = (c0 - s) * half;
        if (!t.sqrt_var(x0)) return false;
      }
      r = {x0, c1 * x0.dbl().inv_var()};
    }
    if (r.sqr() != *this) return false;
    out = r;
    return true;
  }
};

}  // namespace tandem::coproc::ec
