// coproc/ec/msm_ifma.cpp: see msm_ifma.h.
//
// Representation.  A field element here is eight 52-bit limbs (radix 2^52, 416 bits) holding
// x * 2^416 mod p (Montgomery form for R = 2^416); eight elements sit limb-sliced in eight zmm
// registers, lane l of register j being limb j of element l.  The Montgomery product is the
// operand-scanning one: per limb b_i of b, add a * b_i, then m * p with m = t0 * (-1/p) mod 2^52,
// and drop the low limb; the limbs are left unnormalised inside (at most 2^57) and carried once at
// the end.  For inputs below 8p the result is below 2p (64 p^2 / 2^416 < p).  Sums and
// differences are formed limb-wise with a multiple of p added to keep them positive, then carried
// with arithmetic shifts.  Buckets and points are stored canonical (< p), so that an exact
// comparison of x coordinates finds the doubling and cancellation cases before a batch: those go
// to a Jacobian overflow per bucket and the vector code never meets them.
//
// Batches.  Up to kBatch bucket additions with distinct buckets are collected; a point whose
// bucket is already in the open batch waits in a queue and goes into the next one.  A batch is
// two passes over rows of eight: the prefix products of the denominators x_P - x_B (one serial
// product per row, every lane its own chain), one inversion of the eight lane products (Montgomery's
// trick across lanes and one scalar inversion), then the slopes and sums from the last row back.
#include "coproc/ec/msm_ifma.h"

#include <stdlib.h>
#include <string.h>

#include "coproc/ec/bls12_381.h"
#include "coproc/ec/bn254.h"
#include "coproc/ec/curve.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace tandem::coproc::ec::bls12_381 {

bool cpu_has_ifma();
bool bn254_pippenger_ifma(const bn254::G1Affine* p, const BigInt<4>* k, size_t n, bn254::G1& out,
                          size_t bits);

#if !defined(__x86_64__)

bool cpu_has_ifma() { return false; }
bool g1_pippenger_ifma_var(const G1Affine*, const BigInt<4>*, size_t, G1&, size_t) { return false; }
bool g1_msm_portable_var(const G1Affine* p, const BigInt<4>* k, size_t n, G1& out) {
  return g1_msm_var(p, k, n, out);
}
size_t g1_subgroup_check_ifma_var(const G1Affine*, size_t n) { return n; }
bool bn254_pippenger_ifma(const bn254::G1Affine*, const BigInt<4>*, size_t, bn254::G1&, size_t) {
  return false;
}

#else

namespace {

constexpr uint64_t kMask52 = (uint64_t(1) << 52) - 1;

// x < 2^(64N) (N 64-bit limbs) as eight 52-bit limbs (zero above the value), and back (limbs at
// 2^(64N) and above are dropped).
template <size_t N>
void to52(const uint64_t* in, uint64_t out[8]) {
  for (int j = 0; j < 8; ++j) {
    const int bit = 52 * j, w = bit / 64, s = bit % 64;
    uint64_t v = w < int(N) ? in[w] >> s : 0;
    if (s > 12 && w + 1 < int(N)) v |= in[w + 1] << (64 - s);
    out[j] = v & kMask52;
  }
}
template <size_t N>
void from52(const uint64_t in[8], uint64_t* out) {
  for (size_t w = 0; w < N; ++w) out[w] = 0;
  for (int j = 0; j < 8; ++j) {
    const int bit = 52 * j, w = bit / 64, s = bit % 64;
    if (w < int(N)) out[w] |= in[j] << s;
    if (s > 12 && w + 1 < int(N)) out[w + 1] |= in[j] >> (64 - s);
  }
}

template <class F>
F f_raw(const uint64_t* l) {
  F r;
  memcpy(r.l, l, sizeof r.l);
  return r;
}

// The two curves' G1 as this code sees them: the scalar field F in N 64-bit limbs, and L 52-bit
// limbs for the vector form (R = 2^(52L), D = 52L - 64N bits above the scalar Montgomery R).
struct Bls {
  using F = Fq;
  using Affine = G1Affine;
  using Jac = G1;
  static constexpr size_t N = 6, L = 8;
  static const uint64_t* modulus() { return FpParams::modulus; }
  static F inverse(const F& a) { return fq_inverse_var(a); }
};
struct Bn {
  using F = bn254::Fq;
  using Affine = bn254::G1Affine;
  using Jac = bn254::G1;
  static constexpr size_t N = 4, L = 5;
  static const uint64_t* modulus() { return bn254::FpParams::modulus; }
  static F inverse(const F& a) { return bn254::fq_inv_var(a); }
};

// The constants, in radix 2^52 unless said otherwise.
template <class T>
struct Consts {
  using F = typename T::F;
  static constexpr size_t kD = 52 * T::L - 64 * T::N;  // 32 (BLS12-381), 4 (BN254)
  uint64_t p[8], p2[8];  // p, 2p
  uint64_t one[8];       // 2^(52L) mod p: 1 in this Montgomery form
  uint64_t to_ifma[8];   // 2^(52L + D) mod p: mont(X, to_ifma) takes x 2^(64N) to x 2^(52L)
  uint64_t pinv;         // -1/p mod 2^52
  F k2d;                 // raw 2^(64N + 2D) mod p: the scalar product by it multiplies by 2^(2D)
  F back;                // raw 2^(64N - D): the scalar product by it takes x 2^(52L) to x 2^(64N)
  uint64_t mp[33][8];    // m p for m = 0..32 (the offsets of the curve formulas' differences)
};

template <class T>
Consts<T> make_consts() {
  using F = typename T::F;
  constexpr size_t N = T::N;
  Consts<T> c{};
  const uint64_t* pn = T::modulus();
  to52<N>(pn, c.p);
  uint64_t p2[N], carry = 0;
  for (size_t i = 0; i < N; ++i) {
    const uint64_t v = pn[i];
    p2[i] = (v << 1) | carry;
    carry = v >> 63;
  }
  to52<N>(p2, c.p2);
  const F e = F::from_u64(uint64_t(1) << Consts<T>::kD);  // raw limbs: 2^(64N + D) = 2^(52L)
  to52<N>(e.l, c.one);
  c.k2d = e * e;  // represents 2^(2D): raw 2^(64N + 2D)
  to52<N>(c.k2d.l, c.to_ifma);
  uint64_t back[N] = {};
  const size_t bit = 64 * N - Consts<T>::kD;
  back[bit / 64] = uint64_t(1) << (bit % 64);
  c.back = f_raw<F>(back);
  for (uint64_t m = 0; m <= 32; ++m) {
    uint64_t cy = 0;
    for (int j = 0; j < 8; ++j) {
      const uint64_t v = c.p[j] * m + cy;  // < 2^58
      c.mp[m][j] = v & kMask52;
      cy = v >> 52;
    }
  }
  uint64_t inv = 1;
  for (int i = 0; i < 7; ++i) inv *= 2 - pn[0] * inv;  // p^-1 mod 2^64 (Newton)
  c.pinv = (0 - inv) & kMask52;
  return c;
}

template <class T>
const Consts<T>& consts() {
  static const Consts<T> c = make_consts<T>();
  return c;
}

// A point with both coordinates canonical in this representation (128 bytes, one cache pair).
struct alignas(64) Pt52 {
  uint64_t x[8], y[8];
};

struct Item {
  uint32_t bucket, point;
  uint32_t neg;
};

}  // namespace

bool cpu_has_ifma() {
  static const bool ok = [] {
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 27))) return false;  // OSXSAVE
    unsigned lo, hi;
    __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 0xe6) != 0xe6) return false;  // SSE, AVX, opmask, ZMM state enabled by the OS
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
    return (b & (1u << 16)) && (b & (1u << 21));  // AVX512F, AVX512IFMA
  }();
  return ok;
}

// ---- AVX-512 IFMA from here on -----------------------------------------------------------------
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512ifma"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx512f,avx512ifma")
#endif
// GCC 12 reports the intrinsics' internal _mm512_undefined operands as uninitialized.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#if !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace {

using V = __m512i;
struct F8 {
  V l[8];
};

inline V bc(uint64_t x) { return _mm512_set1_epi64(int64_t(x)); }

inline F8 bc8(const uint64_t c[8]) {
  F8 r;
  for (int j = 0; j < 8; ++j) r.l[j] = bc(c[j]);
  return r;
}

// The functions below work on the low L limbs of each F8 (L = 8 for BLS12-381, 5 for BN254) and
// leave the others zero.

// Carries limbs of either sign into the next; the value must be in [0, 2^(52L)) (or, for the
// comparisons of csub, may be negative: the sign is then the top limb's).
template <size_t L>
inline void carry(F8& a) {
  const V m = bc(kMask52);
#pragma GCC unroll 8
  for (size_t j = 0; j + 1 < L; ++j) {
    const V c = _mm512_srai_epi64(a.l[j], 52);
    a.l[j] = _mm512_and_si512(a.l[j], m);
    a.l[j + 1] = _mm512_add_epi64(a.l[j + 1], c);
  }
}

// a + k - b, k a multiple of p at least b's bound (so the result is positive); carried.
template <size_t L>
inline F8 add_sub(const F8& a, const uint64_t k[8], const F8& b) {
  F8 r{};
#pragma GCC unroll 8
  for (size_t j = 0; j < L; ++j) r.l[j] = _mm512_sub_epi64(_mm512_add_epi64(a.l[j], bc(k[j])), b.l[j]);
  carry<L>(r);
  return r;
}

// a + k - b - c, as above with k at least b's bound plus c's.
template <size_t L>
inline F8 add_sub2(const F8& a, const uint64_t k[8], const F8& b, const F8& c) {
  F8 r{};
#pragma GCC unroll 8
  for (size_t j = 0; j < L; ++j)
    r.l[j] = _mm512_sub_epi64(_mm512_sub_epi64(_mm512_add_epi64(a.l[j], bc(k[j])), b.l[j]), c.l[j]);
  carry<L>(r);
  return r;
}

// a - q where that is not negative (q a multiple of p), per lane.
template <size_t L>
inline void csub(F8& a, const uint64_t q[8]) {
  F8 t{};
#pragma GCC unroll 8
  for (size_t j = 0; j < L; ++j) t.l[j] = _mm512_sub_epi64(a.l[j], bc(q[j]));
  carry<L>(t);
  const __mmask8 keep = _mm512_cmpge_epi64_mask(t.l[L - 1], _mm512_setzero_si512());
#pragma GCC unroll 8
  for (size_t j = 0; j < L; ++j) a.l[j] = _mm512_mask_mov_epi64(a.l[j], keep, t.l[j]);
}

// a b 2^(-52L) mod p, below 2p for a, b below 8p (limbs normalised; 64 p^2 < p 2^(52L) for both
// curves).
template <class T>
inline F8 mul(const F8& a, const F8& b, const Consts<T>& k) {
  constexpr size_t L = T::L;
  const V zero = _mm512_setzero_si512(), pinv = bc(k.pinv);
  V t[L + 1];
#pragma GCC unroll 9
  for (size_t j = 0; j <= L; ++j) t[j] = zero;
#pragma GCC unroll 8
  for (size_t i = 0; i < L; ++i) {
    const V bi = b.l[i];
#pragma GCC unroll 8
    for (size_t j = 0; j < L; ++j) t[j] = _mm512_madd52lo_epu64(t[j], a.l[j], bi);
#pragma GCC unroll 8
    for (size_t j = 0; j < L; ++j) t[j + 1] = _mm512_madd52hi_epu64(t[j + 1], a.l[j], bi);
    const V m = _mm512_madd52lo_epu64(zero, t[0], pinv);
#pragma GCC unroll 8
    for (size_t j = 0; j < L; ++j) t[j] = _mm512_madd52lo_epu64(t[j], m, bc(k.p[j]));
#pragma GCC unroll 8
    for (size_t j = 0; j < L; ++j) t[j + 1] = _mm512_madd52hi_epu64(t[j + 1], m, bc(k.p[j]));
    // the low limb is now 0 mod 2^52: shift it out, its carry into the next
    t[1] = _mm512_add_epi64(t[1], _mm512_srli_epi64(t[0], 52));
#pragma GCC unroll 8
    for (size_t j = 0; j < L; ++j) t[j] = t[j + 1];
    t[L] = zero;
  }
  F8 r{};
#pragma GCC unroll 8
  for (size_t j = 0; j < L; ++j) r.l[j] = t[j];
  carry<L>(r);
  return r;
}

// Eight rows of eight 64-bit words, transposed in place (rows become limb vectors and back).
inline void transpose(V r[8]) {
  const V lo2 = _mm512_set_epi64(13, 12, 5, 4, 9, 8, 1, 0);
  const V hi2 = _mm512_set_epi64(15, 14, 7, 6, 11, 10, 3, 2);
  const V lo4 = _mm512_set_epi64(11, 10, 9, 8, 3, 2, 1, 0);
  const V hi4 = _mm512_set_epi64(15, 14, 13, 12, 7, 6, 5, 4);
  V t[8], u[8];
  for (int i = 0; i < 4; ++i) {
    t[2 * i] = _mm512_unpacklo_epi64(r[2 * i], r[2 * i + 1]);
    t[2 * i + 1] = _mm512_unpackhi_epi64(r[2 * i], r[2 * i + 1]);
  }
  // t0 = r0[0] r1[0] r0[2] r1[2] r0[4] r1[4] r0[6] r1[6], t1 the odd columns; t2, t3 rows 2, 3...
  for (int h = 0; h < 2; ++h) {
    const int b = 4 * h;
    u[b + 0] = _mm512_permutex2var_epi64(t[b + 0], lo2, t[b + 2]);  // columns 0 | 4
    u[b + 2] = _mm512_permutex2var_epi64(t[b + 0], hi2, t[b + 2]);  // columns 2 | 6
    u[b + 1] = _mm512_permutex2var_epi64(t[b + 1], lo2, t[b + 3]);  // columns 1 | 5
    u[b + 3] = _mm512_permutex2var_epi64(t[b + 1], hi2, t[b + 3]);  // columns 3 | 7
  }
  for (int c = 0; c < 4; ++c) {
    r[c] = _mm512_permutex2var_epi64(u[c], lo4, u[c + 4]);
    r[c + 4] = _mm512_permutex2var_epi64(u[c], hi4, u[c + 4]);
  }
}

// Eight elements in the scalar Montgomery form (x 2^(64N), canonical) into this one, canonical.
template <class T>
void convert_in(const typename T::F* const src[8], uint64_t* const dst[8], const Consts<T>& k) {
  V r[8];
  for (int l = 0; l < 8; ++l) {
    alignas(64) uint64_t t[8];
    to52<T::N>(src[l]->l, t);
    r[l] = _mm512_load_si512(t);
  }
  transpose(r);
  F8 a;
  for (int j = 0; j < 8; ++j) a.l[j] = r[j];
  F8 b = mul(a, bc8(k.to_ifma), k);
  csub<T::L>(b, k.p);
  for (int j = 0; j < 8; ++j) r[j] = b.l[j];
  transpose(r);
  for (int l = 0; l < 8; ++l) _mm512_store_si512(dst[l], r[l]);
}

// A canonical element of this form back to the scalar form.
template <class T>
typename T::F convert_out(const uint64_t v[8], const Consts<T>& k) {
  uint64_t raw[T::N];
  from52<T::N>(v, raw);
  return f_raw<typename T::F>(raw) * k.back;
}

// p - y for canonical y != 0 (a point's y is never 0 on these G1s: no 2-torsion), scalar.
template <class T>
void neg52(const uint64_t y[8], uint64_t out[8], const Consts<T>& k) {
  int64_t c = 0;
  for (int j = 0; j < 8; ++j) {
    int64_t v = int64_t(k.p[j]) - int64_t(y[j]) + c;
    c = v >> 52;  // arithmetic: -1 on a borrow
    out[j] = uint64_t(v) & kMask52;
  }
}

constexpr size_t kBatch = 1024, kRows = kBatch / 8;

template <class T>
struct Engine {
  using F = typename T::F;
  using Affine = typename T::Affine;
  using Jac = typename T::Jac;
  static constexpr size_t L = T::L;
  const Consts<T>& k;
  const Affine* pts;
  const Pt52* p52;
  Pt52* bk;         // buckets (canonical affine, valid unless empty)
  uint8_t* empty;   // bucket holds nothing yet
  uint8_t* busy;    // bucket is in the open batch
  Jac* overflow;    // per bucket: additions the affine batches cannot take (equal x)
  Item* batch;
  size_t m = 0;
  size_t cap = kBatch;  // batch size for this window: a quarter of its buckets at most
  Item* queue;      // waiting for their bucket to leave the open batch
  Item* queue2;
  size_t queued = 0;
  V* scratch;       // kRows rows of 6 elements: bx, by, px, py, d, prefix

  void add_overflow(const Item& it) {
    const Affine& p = pts[it.point];
    overflow[it.bucket] = overflow[it.bucket].add_mixed(it.neg ? p.neg() : p);
  }

  void insert(const Item& it) {
    const uint32_t b = it.bucket;
    if (empty[b]) {
      memcpy(bk[b].x, p52[it.point].x, 64);
      if (it.neg) neg52(p52[it.point].y, bk[b].y, k);
      else memcpy(bk[b].y, p52[it.point].y, 64);
      empty[b] = 0;
      return;
    }
    if (busy[b]) {
      if (queued < kBatch) queue[queued++] = it;
      else add_overflow(it);
      return;
    }
    if (memcmp(bk[b].x, p52[it.point].x, 64) == 0) {  // P = +-B: doubling or cancellation
      add_overflow(it);
      return;
    }
    busy[b] = 1;
    batch[m++] = it;
    if (m == cap) flush();
  }

  // Re-offers the queued items once (those still blocked queue again).
  void drain() {
    const size_t n = queued;
    Item* t = queue;
    queue = queue2;
    queue2 = t;
    queued = 0;
    for (size_t i = 0; i < n; ++i) insert(queue2[i]);
  }

  void finish_window() {
    for (;;) {
      flush();
      if (queued == 0) return;
      drain();
    }
  }

  void load_row(size_t r, __mmask8& valid, __mmask8& neg, F8 out[4]) {
    const Item* row = batch + 8 * r;
    valid = 0, neg = 0;
    V rx[8], ry[8], qx[8], qy[8];
    for (int l = 0; l < 8; ++l) {
      const bool v = 8 * r + size_t(l) < m;
      const Item& it = v ? row[l] : row[0];
      valid |= __mmask8(v) << l;
      neg |= __mmask8(v && it.neg) << l;
      rx[l] = _mm512_load_si512(bk[it.bucket].x);
      ry[l] = _mm512_load_si512(bk[it.bucket].y);
      qx[l] = _mm512_load_si512(p52[it.point].x);
      qy[l] = _mm512_load_si512(p52[it.point].y);
    }
    transpose(rx), transpose(ry), transpose(qx), transpose(qy);
    for (int j = 0; j < 8; ++j) {
      out[0].l[j] = rx[j], out[1].l[j] = ry[j], out[2].l[j] = qx[j], out[3].l[j] = qy[j];
    }
  }

  F8 invert_lanes(F8 a) {
    csub<L>(a, k.p);  // canonical
    alignas(64) uint64_t t[8][8];
    for (int j = 0; j < 8; ++j) _mm512_store_si512(t[j], a.l[j]);
    F u[8], pre[8];
    for (int l = 0; l < 8; ++l) {
      uint64_t v[8], raw[T::N];
      for (int j = 0; j < 8; ++j) v[j] = t[j][l];
      from52<T::N>(v, raw);
      u[l] = f_raw<F>(raw);  // represents Z 2^D for the lane's product Z
    }
    F acc = F::one();
    for (int l = 0; l < 8; ++l) pre[l] = acc, acc = acc * u[l];
    F inv = T::inverse(acc);
    for (int l = 8; l-- > 0;) {
      const F il = inv * pre[l];  // (Z 2^D)^-1: raw Z^-1 2^(64N - D)
      inv = inv * u[l];
      const F w = il * k.k2d;     // raw Z^-1 2^(52L)
      uint64_t v[8];
      to52<T::N>(w.l, v);
      for (int j = 0; j < 8; ++j) t[j][l] = v[j];
    }
    F8 r;
    for (int j = 0; j < 8; ++j) r.l[j] = _mm512_load_si512(t[j]);
    return r;
  }

  void flush() {
    if (m == 0) return;
    const size_t rows = (m + 7) / 8;
    F8 prod = bc8(k.one);
    const F8 one = prod;
    for (size_t r = 0; r < rows; ++r) {
      __mmask8 valid, neg;
      F8 c[4];  // bx, by, px, py
      load_row(r, valid, neg, c);
      const F8 npy = add_sub<L>(F8{}, k.p, c[3]);
      for (int j = 0; j < 8; ++j) c[3].l[j] = _mm512_mask_mov_epi64(c[3].l[j], neg, npy.l[j]);
      F8 d = add_sub<L>(c[2], k.p, c[0]);  // x_P + p - x_B, in (0, 2p) and not p
      for (int j = 0; j < 8; ++j) d.l[j] = _mm512_mask_mov_epi64(one.l[j], valid, d.l[j]);
      V* s = scratch + r * 48;
      for (int e = 0; e < 4; ++e)
        for (int j = 0; j < 8; ++j) _mm512_store_si512(s + 8 * e + j, c[e].l[j]);
      for (int j = 0; j < 8; ++j) _mm512_store_si512(s + 32 + j, d.l[j]);
      for (int j = 0; j < 8; ++j) _mm512_store_si512(s + 40 + j, prod.l[j]);
      prod = mul(prod, d, k);
    }
    F8 inv = invert_lanes(prod);
    for (size_t r = rows; r-- > 0;) {
      const V* s = scratch + r * 48;
      F8 bx, by, px, py, d, pre;
      for (int j = 0; j < 8; ++j) {
        bx.l[j] = _mm512_load_si512(s + j), by.l[j] = _mm512_load_si512(s + 8 + j);
        px.l[j] = _mm512_load_si512(s + 16 + j), py.l[j] = _mm512_load_si512(s + 24 + j);
        d.l[j] = _mm512_load_si512(s + 32 + j), pre.l[j] = _mm512_load_si512(s + 40 + j);
      }
      const F8 di = mul(inv, pre, k);  // 1 / d
      inv = mul(inv, d, k);
      const F8 lam = mul(add_sub<L>(py, k.p, by), di, k);
      F8 x3 = add_sub2<L>(mul(lam, lam, k), k.p2, bx, px);  // in (0, 4p)
      csub<L>(x3, k.p2);
      csub<L>(x3, k.p);
      F8 y3 = add_sub<L>(mul(lam, add_sub<L>(bx, k.p, x3), k), k.p, by);  // in (0, 3p)
      csub<L>(y3, k.p2);
      csub<L>(y3, k.p);
      V rx[8], ry[8];
      for (int j = 0; j < 8; ++j) rx[j] = x3.l[j], ry[j] = y3.l[j];
      transpose(rx), transpose(ry);
      const Item* row = batch + 8 * r;
      for (int l = 0; l < 8 && 8 * r + size_t(l) < m; ++l) {
        _mm512_store_si512(bk[row[l].bucket].x, rx[l]);
        _mm512_store_si512(bk[row[l].bucket].y, ry[l]);
        busy[row[l].bucket] = 0;
      }
    }
    m = 0;
  }
};

// The window: the cheapest of the widths whose top window keeps at least an eighth of the
// buckets busy (a narrow top window would queue most of its points), by a cost of one unit per
// bucket addition, 6 per bucket in the bucket sums and 65 per batch inversion (batches of a
// quarter of the buckets at most), the ratios measured.
unsigned window_bits(size_t n, size_t bits) {
  unsigned best = 8;
  uint64_t best_cost = ~uint64_t(0);
  for (unsigned c = 6; c <= 16; ++c) {
    const size_t windows = bits / c + 1;
    const size_t top = bits + 1 - (windows - 1) * c;
    if (top + 3 < c) continue;
    const uint64_t nb = uint64_t(1) << (c - 1), cap = nb / 4 < kBatch ? nb / 4 : kBatch;
    const uint64_t cost = uint64_t(windows) * (uint64_t(n) + 6 * nb + 65 * (n / cap + 1));
    if (cost < best_cost) best_cost = cost, best = c;
  }
  return best;
}

template <class T>
bool pippenger_ifma(const typename T::Affine* pts, const BigInt<4>* sc, size_t n,
                    typename T::Jac& result, size_t bits) {
  using F = typename T::F;
  using Affine = typename T::Affine;
  using Jac = typename T::Jac;
  result = Jac::identity();
  if (n == 0) return true;
  const Consts<T>& k = consts<T>();
  const unsigned c = window_bits(n, bits);
  const size_t nb = size_t(1) << (c - 1);
  const size_t windows = bits / c + 1;  // the top window takes the last carry

  auto* p52 = static_cast<Pt52*>(aligned_alloc(64, ((n + 7) / 8) * 8 * sizeof(Pt52)));
  auto* bk = static_cast<Pt52*>(aligned_alloc(64, nb * sizeof(Pt52)));
  auto* scratch = static_cast<V*>(aligned_alloc(64, kRows * 48 * sizeof(V)));
  auto* flags = static_cast<uint8_t*>(malloc(2 * nb + n));
  auto* overflow = static_cast<Jac*>(malloc(nb * sizeof(Jac)));
  auto* items = static_cast<Item*>(malloc(3 * kBatch * sizeof(Item)));
  auto* sums = static_cast<Jac*>(malloc(windows * sizeof(Jac)));
  const bool ok = p52 && bk && scratch && flags && overflow && items && sums;
  if (ok) {
    // the points in this representation, eight at a time (the tail repeats the last point)
    for (size_t i = 0; i < n; i += 8) {
      const F* xs[8];
      const F* ys[8];
      uint64_t* dx[8];
      uint64_t* dy[8];
      for (size_t l = 0; l < 8; ++l) {
        const size_t j = i + l < n ? i + l : n - 1;
        xs[l] = &pts[j].x, ys[l] = &pts[j].y;
        dx[l] = p52[i + l].x, dy[l] = p52[i + l].y;
      }
      convert_in(xs, dx, k);
      convert_in(ys, dy, k);
    }
    uint8_t* carry = flags + 2 * nb;
    memset(carry, 0, n);
    Engine<T> e{k, pts, p52, bk, flags, flags + nb, overflow, items, 0, kBatch, items + kBatch,
             items + 2 * kBatch, 0, scratch};
    for (size_t w = 0; w < windows; ++w) {
      memset(e.empty, 1, nb);
      memset(e.busy, 0, nb);
      for (size_t b = 0; b < nb; ++b) overflow[b] = Jac::identity();
      // the top window's digits reach only 2^(top-1) (plus the carry)
      const size_t top = bits + 1 - (windows - 1) * c;
      const size_t used = w + 1 < windows ? nb : (size_t(1) << (top - 1)) + 1;
      e.cap = used / 4 < 8 ? 8 : used / 4 > kBatch ? kBatch : used / 4;
      for (size_t i = 0; i < n; ++i) {
        const int32_t d = signed_digit(sc[i], w * c, c, carry[i]);
        if (d == 0 || pts[i].infinity) continue;
        e.insert({uint32_t((d < 0 ? -d : d) - 1), uint32_t(i), uint32_t(d < 0)});
        if (e.queued && e.m == 0) e.drain();  // a batch just went: offer the waiting ones
      }
      e.finish_window();
      sums[w] = bucket_sum(nb, overflow, [&](size_t b) {
        return e.empty[b] ? Affine::identity()
                          : Affine{convert_out(bk[b].x, k), convert_out(bk[b].y, k), false};
      });
    }
    result = combine_windows(sums, windows, c);
  }
  free(p52);
  free(bk);
  free(scratch);
  free(flags);
  free(overflow);
  free(items);
  free(sums);
  return ok;
}

}  // namespace

bool g1_pippenger_ifma_var(const G1Affine* p, const BigInt<4>* k, size_t n, G1& out, size_t bits) {
  return pippenger_ifma<Bls>(p, k, n, out, bits);
}
bool bn254_pippenger_ifma(const bn254::G1Affine* p, const BigInt<4>* k, size_t n, bn254::G1& out,
                          size_t bits) {
  return pippenger_ifma<Bn>(p, k, n, out, bits);
}

// ---- batched subgroup check ---------------------------------------------------------------------
// Scott's test phi(P) == -x^2 P, as x^2 P == (beta x, -y) in Jacobian coordinates (X == beta x Z^2,
// Y == -y Z^3), eight points per pass.  For P in G1 the double-and-add chain never meets an
// exceptional case (its partial multiples k P, k < 2^128 < r, are never O or +-P); for other points
// an exceptional step ends at Z = 0, which is rejected, the only correct answer there: P != O and
// x^2 P = O or (k -+ 1) P = O put P outside G1.
namespace {

inline F8 lin(const F8& a, const F8& b) {  // a + b, carried
  F8 r;
  for (int j = 0; j < 8; ++j) r.l[j] = _mm512_add_epi64(a.l[j], b.l[j]);
  carry<8>(r);
  return r;
}
inline F8 small(const F8& a, unsigned m) {  // m a for m = 2, 3, 4 or 8, carried
  F8 r;
  for (int j = 0; j < 8; ++j) {
    const V x = a.l[j];
    r.l[j] = m == 3 ? _mm512_add_epi64(_mm512_slli_epi64(x, 1), x)
                    : _mm512_slli_epi64(x, m == 2 ? 1 : m == 4 ? 2 : 3);
  }
  carry<8>(r);
  return r;
}

struct J8 {
  F8 x, y, z;
};

// 2P for a = 0 (dbl-2009-l); inputs below 2^16 p; outputs x < 26p, y < 18p, z < 4p.
inline void dbl(J8& t, const Consts<Bls>& k) {
  const F8 a = mul(t.x, t.x, k), b = mul(t.y, t.y, k), c = mul(b, b, k);
  const F8 xb = lin(t.x, b);
  const F8 d = small(add_sub2<8>(mul(xb, xb, k), k.mp[4], a, c), 2);  // < 12p
  const F8 e = small(a, 3);                                         // < 6p
  const F8 f = mul(e, e, k);
  const F8 x3 = add_sub2<8>(f, k.mp[24], d, d);                         // < 26p
  const F8 y3 = add_sub<8>(mul(e, add_sub<8>(d, k.mp[26], x3), k), k.mp[16], small(c, 8));  // < 18p
  t.z = small(mul(t.y, t.z, k), 2);                                  // < 4p
  t.x = x3;
  t.y = y3;
}

// T + Q for affine Q, canonical (madd-2007-bl); inputs x < 26p, y < 18p; outputs below 8p.
inline void madd(J8& t, const F8& qx, const F8& qy, const Consts<Bls>& k) {
  const F8 z1z1 = mul(t.z, t.z, k);
  const F8 u2 = mul(qx, z1z1, k);
  const F8 s2 = mul(mul(qy, t.z, k), z1z1, k);
  const F8 h = add_sub<8>(u2, k.mp[26], t.x);                   // < 28p
  const F8 hh = mul(h, h, k);
  const F8 i = small(hh, 4);                                 // < 8p
  const F8 j = mul(h, i, k);
  const F8 r = small(add_sub<8>(s2, k.mp[18], t.y), 2);         // < 40p
  const F8 v = mul(t.x, i, k);
  const F8 x3 = add_sub2<8>(mul(r, r, k), k.mp[6], j, small(v, 2));                       // < 8p
  const F8 y3 = add_sub<8>(mul(r, add_sub<8>(v, k.mp[8], x3), k), k.mp[4], small(mul(t.y, j, k), 2));  // < 6p
  const F8 zh = lin(t.z, h);
  t.z = add_sub2<8>(mul(zh, zh, k), k.mp[4], z1z1, hh);         // < 6p
  t.x = x3;
  t.y = y3;
}

// v (below 32p) reduced to [0, p).
inline void canon(F8& v, const Consts<Bls>& k) {
  csub<8>(v, k.mp[16]);
  csub<8>(v, k.mp[8]);
  csub<8>(v, k.mp[4]);
  csub<8>(v, k.mp[2]);
  csub<8>(v, k.mp[1]);
}

inline __mmask8 eq(const F8& a, const F8& b) {
  __mmask8 m = 0xff;
  for (int j = 0; j < 8; ++j) m &= _mm512_cmpeq_epi64_mask(a.l[j], b.l[j]);
  return m;
}

}  // namespace

size_t g1_subgroup_check_ifma_var(const G1Affine* pts, size_t n) {
  const Consts<Bls>& k = consts<Bls>();
  const unsigned __int128 e = (unsigned __int128)kX * kX;
  const int top = 127 - __builtin_clzll(uint64_t(e >> 64));
  alignas(64) uint64_t buf[4][8][8];
  for (size_t i = 0; i < n; i += 8) {
    // lanes past n or holding infinity (in G1) check the generator instead, and are ignored
    const G1Affine g = g1_generator();
    G1Affine lane[8], phi[8];
    __mmask8 used = 0;
    for (size_t l = 0; l < 8; ++l) {
      const bool real = i + l < n && !pts[i + l].infinity;
      used |= __mmask8(real) << l;
      lane[l] = real ? pts[i + l] : g;
      phi[l] = g1_phi(lane[l]);
    }
    const Fq* src[4][8];
    uint64_t* dst[4][8];
    for (size_t l = 0; l < 8; ++l) {
      src[0][l] = &lane[l].x, src[1][l] = &lane[l].y, src[2][l] = &phi[l].x, src[3][l] = &phi[l].y;
      for (int c = 0; c < 4; ++c) dst[c][l] = buf[c][l];
    }
    F8 v[4];
    for (int c = 0; c < 4; ++c) {
      convert_in(src[c], dst[c], k);
      V r[8];
      for (int l = 0; l < 8; ++l) r[l] = _mm512_load_si512(buf[c][l]);
      transpose(r);
      for (int j = 0; j < 8; ++j) v[c].l[j] = r[j];
    }
    const F8 px = v[0], py = v[1], qx = v[2], qy = add_sub<8>(F8{}, k.p, v[3]);  // (beta x, -y)
    J8 t{px, py, bc8(k.one)};
    for (int b = top - 1; b >= 0; --b) {
      dbl(t, k);
      if ((e >> b) & 1) madd(t, px, py, k);
    }
    canon(t.x, k), canon(t.y, k), canon(t.z, k);
    const F8 z2 = mul(t.z, t.z, k);
    F8 lx = mul(qx, z2, k), ly = mul(qy, mul(z2, t.z, k), k);
    canon(lx, k), canon(ly, k);
    const __mmask8 zero_z = eq(t.z, F8{});
    const __mmask8 good = eq(t.x, lx) & eq(t.y, ly) & __mmask8(~zero_z);
    const __mmask8 bad = __mmask8(used & ~good);
    if (bad) return i + size_t(__builtin_ctz(bad));
  }
  return n;
}

#pragma GCC diagnostic pop
#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

#endif  // __x86_64__

}  // namespace tandem::coproc::ec::bls12_381

namespace tandem::coproc::ec {
bool ifma_available() { return bls12_381::cpu_has_ifma(); }
namespace bn254 {
bool g1_pippenger_ifma_var(const G1Affine* p, const BigInt<4>* k, size_t n, G1& out, size_t bits) {
  return bls12_381::bn254_pippenger_ifma(p, k, n, out, bits);
}
}  // namespace bn254
}  // namespace tandem::coproc::ec
