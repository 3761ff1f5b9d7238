// coproc/ec/bls12_381.cpp: BLS12-381 subgroup checks, the optimal ate pairing, the EIP-2537
// byte-level operations, ZCash point compression and the EIP-4844 KZG check (see bls12_381.h).
// Freestanding: no std::, no exceptions, no runtime-initialised statics (every table constexpr).
#include "coproc/ec/bls12_381.h"

#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#include "coproc/ec/msm_ifma.h"  // host builds: the AVX-512 IFMA bucket additions
#endif

namespace tandem::coproc::ec::bls12_381 {
namespace {

using Int6 = BigInt<6>;
using Int4 = BigInt<4>;

// Hex digits (most significant first, no prefix) to an integer, at compile time.
template <size_t N>
constexpr BigInt<N> int_hex(const char* s) {
  BigInt<N> v{};
  size_t n = 0;
  while (s[n]) ++n;
  for (size_t i = 0; i < n && i < 16 * N; ++i) {
    const char c = s[n - 1 - i];
    const uint64_t d = c <= '9' ? uint64_t(c - '0') : uint64_t((c | 0x20) - 'a' + 10);
    v.l[i / 16] |= d << (4 * (i % 16));
  }
  return v;
}
constexpr Fq fq_hex(const char* s) {
  Fq r{};
  Fq::from_int(int_hex<6>(s), r);
  return r;
}

constexpr G1Affine kG1 = {
    fq_hex("17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af0"
           "0adb22c6bb"),
    fq_hex("08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa23"
           "2946c5e7e1"),
    false};
constexpr G2Affine kG2 = {
    {fq_hex("024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd4805"
            "6c8c121bdb8"),
     fq_hex("13e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7"
            "d055d042b7e")},
    {fq_hex("0ce5d527727d6e118cc9cdc6da2e351aadfd9baa8cbdd3a76d429a695160d12c923ac9cc3baca289e1935"
            "48608b82801"),
     fq_hex("0606c4a02ea734cc32acd2b02bc28b99cb3e287e85a763af267492ab572e99ab3f370d275cec1da1aaa90"
            "75ff05f79be")},
    false};

// [tau]G2 of the Ethereum KZG ceremony: g2_monomial_1 of the EIP-4844 trusted setup (c-kzg-4844
// src/trusted_setup.txt line 4100; consensus-specs presets/mainnet/trusted_setups/
// trusted_setup_4096.json), published compressed as
// b5bfd7dd8cdeb128843bc287230af38926187075cbfbefa81009a2ce615ac53d2914e5870cb452d2afaaab24f3499f72
// 185cbfee53492714734429b7b38608e23926c911cceceac9a36851477ba4c60b087041de621000edc98edada20c1def2
// and decompressed here (the test decompresses it again and compares).
constexpr G2Affine kTauG2 = {
    {fq_hex("185cbfee53492714734429b7b38608e23926c911cceceac9a36851477ba4c60b087041de621000edc98"
            "edada20c1def2"),
     fq_hex("15bfd7dd8cdeb128843bc287230af38926187075cbfbefa81009a2ce615ac53d2914e5870cb452d2afa"
            "aab24f3499f72")},
    {fq_hex("014353bdb96b626dd7d5ee8599d1fca2131569490e28de18e82451a496a9c9794ce26d105941f383ee6"
            "89bfbbb832a99"),
     fq_hex("1666c54b0a32529503432fcae0181b4bef79de09fc63671fda5ed1ba9bfa07899495346f3d7ac9cd230"
            "48ef30d0a154f")},
    false};

// A non-trivial cube root of unity in Fp; of the two, the one for which phi acts on G1 as the
// eigenvalue -x^2 (the test checks phi(G) == -x^2 G against the generator).
constexpr Fq kBeta = fq_hex(
    "5f19672fdf76ce51ba69c6076a0f77eaddb3a93be6f89688de17d813620a00022e01fffffffefffe");

// psi's coefficients 1 / xi^((p-1)/3) and 1 / xi^((p-1)/2), written out: computing them at compile
// time takes more constexpr steps than clang allows (the test recomputes them).
constexpr Fq2 kPsiX = {
    fq_hex("0"),
    fq_hex("1a0111ea397fe699ec02408663d4de85aa0d857d89759ad4897d29650fb85f9b409427eb4f49fffd8"
           "bfd00000000aaad")};
constexpr Fq2 kPsiY = {
    fq_hex("135203e60180a68ee2e9c448d77a2cd91c3dedd930b1cf60ef396489f61eb45e304466cf3e67fa0af"
           "1ee7b04121bdea2"),
    fq_hex("06af0e0437ff400b6831e36d6bd17ffe48395dabc2d3435e77f76e17009241c5ee67992f72ec05f4c"
           "81084fbede3cc09")};

// The Frobenius coefficients of the tower, written out for the same reason (tower.h derives them
// at compile time, which clang refuses for a 381-bit exponent): with gamma = xi^((p-1)/6),
// w^p = gamma w, v^p = gamma^2 v (gamma^2 = c2 u), v^(2p) = gamma^4 v^2 (gamma^4 = c4 in Fp).
constexpr Fq2 kFrobW = {
    fq_hex("1904d3bf02bb0667c231beb4202c0d1f0fd603fd3cbd5f4f7b2443d784bab9c4f67ea53d63e7813d8"
           "d0775ed92235fb8"),
    fq_hex("00fc3e2b36c4e03288e9e902231f9fb854a14787b6c7b36fec0c8ec971f63c5f282d5ac14d6c7ec22"
           "cf78a126ddc4af3")};
constexpr Fq kFrobV2 = fq_hex(
    "1a0111ea397fe699ec02408663d4de85aa0d857d89759ad4897d29650fb85f9b409427eb4f49fffd8bfd00000000a"
    "aac");
constexpr Fq kFrobV4 = fq_hex(
    "1a0111ea397fe699ec02408663d4de85aa0d857d89759ad4897d29650fb85f9b409427eb4f49fffd8bfd00000000a"
    "aad");

constexpr Int4 kR = detail::load<4>(FrParams::modulus);

// ---- inversion ---------------------------------------------------------------------------------

constexpr Fq make_r3() {  // R^3 mod p as a Montgomery element: mont(R2, R2)
  Fq r2{};
  for (size_t i = 0; i < 6; ++i) r2.l[i] = Fq::R2.l[i];
  return r2 * r2;
}
constexpr Fq kR3 = make_r3();

// (a + p) / 2 or a / 2, for a < p: the halving of the binary inversion.
inline void half_mod(Int6& a) {
  if (a.l[0] & 1) a.add_in_place(Fq::P);  // < 2p < 2^382: no carry out
  a.shr1();
}
// a - b mod p for a, b < p.
inline void sub_mod(Int6& a, const Int6& b) {
  if (a.sub_in_place(b)) a.add_in_place(Fq::P);
}

}  // namespace

// Binary GCD on the Montgomery representation aR: it yields (aR)^-1, and one product with R^3
// turns that into a^-1 R.  Several times faster than Fermat's exponentiation.
Fq fq_inverse_var(const Fq& a) {
  if (a.is_zero()) return Fq::zero();
#if defined(__SIZEOF_INT128__)
  {  // field.h's batched binary GCD (about 3x faster than the bit-at-a-time loop below)
    Fq r{};
    if (detail::BinGcd<6>::inverse(a.l, Fq::P, r.l)) return r * kR3;
  }
#endif
  Int6 u{}, v = Fq::P, x1{}, x2{};
  for (size_t i = 0; i < 6; ++i) u.l[i] = a.l[i];
  x1.l[0] = 1;
  Int6 one{};
  one.l[0] = 1;
  while (!(u == one) && !(v == one)) {
    while (!(u.l[0] & 1)) u.shr1(), half_mod(x1);
    while (!(v.l[0] & 1)) v.shr1(), half_mod(x2);
    if (u.cmp(v) >= 0) {
      u.sub_in_place(v);
      sub_mod(x1, x2);
    } else {
      v.sub_in_place(u);
      sub_mod(x2, x1);
    }
  }
  const Int6& w = u == one ? x1 : x2;
  Fq r{};
  for (size_t i = 0; i < 6; ++i) r.l[i] = w.l[i];
  return r * kR3;
}

namespace {

Fq2 fq2_inverse_var(const Fq2& a) {
  const Fq t = fq_inverse_var(a.norm());
  return {a.c0 * t, -(a.c1 * t)};
}
// The tower's inversion formulas (tower.h) over the faster base inversion.
Fq6 fq6_inverse_var(const Fq6& a) {
  auto xi = TowerCfg::mul_by_xi;
  const Fq2 t0 = a.c0.sqr() - xi(a.c1 * a.c2);
  const Fq2 t1 = xi(a.c2.sqr()) - a.c0 * a.c1;
  const Fq2 t2 = a.c1.sqr() - a.c0 * a.c2;
  const Fq2 di = fq2_inverse_var(a.c0 * t0 + xi(a.c2 * t1 + a.c1 * t2));
  return {t0 * di, t1 * di, t2 * di};
}
Fq12 fq12_inverse_var(const Fq12& a) {
  const Fq6 d = fq6_inverse_var(a.c0.sqr() - a.c1.sqr().mul_by_v());
  return {a.c0 * d, -(a.c1 * d)};
}

inline Fq inverse(const Fq& a) { return fq_inverse_var(a); }
inline Fq2 inverse(const Fq2& a) { return fq2_inverse_var(a); }

// Jacobian::to_affine with the faster inversion.
template <class C>
Affine<C> to_affine(const Jacobian<C>& p) {
  if (p.is_identity()) return Affine<C>::identity();
  const typename C::F zi = inverse(p.z);
  const typename C::F zi2 = zi.sqr();
  return {p.x * zi2, p.y * zi2 * zi, false};
}

// ---- scalar multiplication by |x| (64 bits, Hamming weight 6) ------------------------------

template <class C>
Jacobian<C> mul_by_x_abs(const Jacobian<C>& p) {
  Jacobian<C> r = p;
  for (int i = 62; i >= 0; --i) {
    r = r.dbl();
    if ((kX >> i) & 1) r = r + p;
  }
  return r;
}
template <class C>
Jacobian<C> mul_by_x_abs(const Affine<C>& p) {
  Jacobian<C> r = Jacobian<C>::from_affine(p);
  for (int i = 62; i >= 0; --i) {
    r = r.dbl();
    if ((kX >> i) & 1) r = r.add_mixed(p);
  }
  return r;
}

// ---- scalar multiplication with the endomorphisms (GLV on G1, GLS on G2) ------------------------

// k mod r (k < 2^256 < 3r).  By reference: with the scalar passed by value from k[i], GCC 12.2's
// IPA mod/ref analysis marked glv_slots as not reading k, and dead-store elimination dropped the
// caller's stores to its scalar array (g1_mul2_var returned wrong points).
Int4 reduce_r(const Int4& k0) {
  Int4 k = k0;
  while (k.cmp(kR) >= 0) k.sub_in_place(kR);
  return k;
}

// floor(2^320 / |x|) (257 bits), so that dividing by |x| takes products only: a 128-bit division
// would call a compiler-runtime helper in rv64 guests, a 64-bit one in rv32 guests.
constexpr BigInt<5> make_mu() {
  BigInt<5> q{};
  uint64_t rem = 0;
  for (int i = 320; i >= 0; --i) {  // bit by bit, at compile time
    const bool top = rem >> 63;
    rem = (rem << 1) | (i == 320 ? 1 : 0);
    for (size_t j = 5; j-- > 1;) q.l[j] = (q.l[j] << 1) | (q.l[j - 1] >> 63);
    q.l[0] <<= 1;
    if (top || rem >= kX) rem -= kX, q.l[0] |= 1;
  }
  return q;
}
constexpr BigInt<5> kMu = make_mu();

// k = q |x| + rem, 0 <= rem < |x| (Barrett: the estimate is at most 2 short).
uint64_t divmod_x(Int4& k) {
  uint64_t prod[9] = {};
  for (size_t i = 0; i < 4; ++i) {
    uint64_t c = 0;
    for (size_t j = 0; j < 5; ++j) prod[i + j] = mac(prod[i + j], k.l[i], kMu.l[j], c);
    prod[i + 5] = c;
  }
  Int4 q{};
  for (size_t i = 0; i < 4; ++i) q.l[i] = prod[5 + i];
  Int4 qx{};
  uint64_t c = 0;
  for (size_t i = 0; i < 4; ++i) qx.l[i] = mac(0, q.l[i], kX, c);
  Int4 rem = k;
  rem.sub_in_place(qx);  // < 3|x|: two limbs
  Int4 one{}, x{};
  one.l[0] = 1;
  x.l[0] = kX;
  while (rem.l[1] || rem.l[0] >= kX) {
    rem.sub_in_place(x);
    q.add_in_place(one);
  }
  k = q;
  return rem.l[0];
}

// k = e0 + e1 |x| + e2 |x|^2 + e3 |x|^3 with 0 <= e_i < |x| (k < r < |x|^4).
void digits_x(const Int4& k0, uint64_t e[4]) {
  Int4 k = k0;
  for (int i = 0; i < 4; ++i) e[i] = divmod_x(k);
}

// Width-w non-adjacent form of a + b 2^64 (< 2^128): digits odd, |d| < 2^(w-1), or 0; at most 129
// digits.  Returns the number of digits.
size_t wnaf(uint64_t lo, uint64_t hi, int w, int8_t* d) {
  BigInt<3> k{};
  k.l[0] = lo;
  k.l[1] = hi;
  size_t n = 0;
  const int64_t full = int64_t(1) << w, half = full >> 1;
  while (!k.is_zero()) {
    int64_t di = 0;
    if (k.l[0] & 1) {
      di = int64_t(k.l[0] & uint64_t(full - 1));
      if (di >= half) di -= full;
      BigInt<3> m{};
      m.l[0] = uint64_t(di < 0 ? -di : di);
      if (di < 0) k.add_in_place(m);
      else k.sub_in_place(m);
    }
    d[n++] = int8_t(di);
    k.shr1();
  }
  return n;
}

// One base of a joint multiplication: odd multiples tab[j] = (2j+1) B in affine coordinates (so
// that the additions are mixed ones) and the wNAF digits of its scalar.
template <class C, size_t T>
struct Slot {
  Affine<C> tab[T];
  int8_t digit[130];
  size_t len;
};

// Jacobian::to_affine for n points with one inversion (Montgomery's trick); scratch holds n
// coordinates.
template <class C>
void to_affine_batch(const Jacobian<C>* in, Affine<C>* out, size_t n, typename C::F* scratch) {
  using F = typename C::F;
  F acc = F::one();
  for (size_t i = 0; i < n; ++i) {
    scratch[i] = acc;
    if (!in[i].is_identity()) acc = acc * in[i].z;
  }
  F inv = inverse(acc);
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

// (2j+1) P for j < T, in Jacobian coordinates.
template <class C>
void odd_multiples(const Affine<C>& p, Jacobian<C>* tab, size_t t) {
  const Jacobian<C> p1 = Jacobian<C>::from_affine(p), p2 = p1.dbl();
  tab[0] = p1;
  for (size_t j = 1; j < t; ++j) tab[j] = tab[j - 1] + p2;
}

// sum of [k_i] B_i over n slots, sharing the doublings (Straus).
template <class C, size_t T>
Jacobian<C> straus(const Slot<C, T>* slots, size_t n) {
  size_t top = 0;
  for (size_t i = 0; i < n; ++i) top = slots[i].len > top ? slots[i].len : top;
  Jacobian<C> r = Jacobian<C>::identity();
  for (size_t b = top; b-- > 0;) {
    r = r.dbl();
    for (size_t i = 0; i < n; ++i) {
      const Slot<C, T>& s = slots[i];
      if (b >= s.len || s.digit[b] == 0) continue;
      const int d = s.digit[b];
      r = r.add_mixed(d > 0 ? s.tab[d >> 1] : s.tab[(-d) >> 1].neg());
    }
  }
  return r;
}

using G1Slot = Slot<G1Curve, 8>;  // width-5 digits over 128-bit halves
using G2Slot = Slot<G2Curve, 4>;  // width-4 digits over 64-bit quarters

// The scratch a joint multiplication of n points needs besides its slots.
template <class C, size_t T>
struct Scratch {
  Jacobian<C>* jac;  // n T
  Affine<C>* aff;    // n T
  typename C::F* f;  // n T
};

// The GLV halves of k_i for P_i in slots 2i, 2i+1: k = a0 + a1 x^2 with a0, a1 < x^2, and
// x^2 P = -phi(P), so kP = a0 P + a1 (-phi(P)).
void glv_slots(const G1Affine* p, const Int4* k, size_t n, G1Slot* s, Scratch<G1Curve, 8> w) {
  for (size_t i = 0; i < n; ++i) {
    uint64_t e[4];
    digits_x(reduce_r(k[i]), e);
    uint64_t a0hi = 0, a1hi = 0;
    const uint64_t a0lo = mac(e[0], e[1], kX, a0hi), a1lo = mac(e[2], e[3], kX, a1hi);
    s[2 * i].len = wnaf(a0lo, a0hi, 5, s[2 * i].digit);
    s[2 * i + 1].len = wnaf(a1lo, a1hi, 5, s[2 * i + 1].digit);
    odd_multiples(p[i], w.jac + 8 * i, 8);
  }
  to_affine_batch(w.jac, w.aff, 8 * n, w.f);
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < 8; ++j) {
      const G1Affine& a = w.aff[8 * i + j];
      s[2 * i].tab[j] = a;
      s[2 * i + 1].tab[j] = {a.x * kBeta, -a.y, a.infinity};
    }
}

// The GLS quarters of k_i for Q_i in slots 4i..4i+3: k = sum e_j |x|^j and |x| Q = -psi(Q), so
// kQ = sum e_j (-psi)^j (Q).
void gls_slots(const G2Affine* q, const Int4* k, size_t n, G2Slot* s, Scratch<G2Curve, 4> w) {
  for (size_t i = 0; i < n; ++i) {
    uint64_t e[4];
    digits_x(reduce_r(k[i]), e);
    for (int j = 0; j < 4; ++j) s[4 * i + j].len = wnaf(e[j], 0, 4, s[4 * i + j].digit);
    odd_multiples(q[i], w.jac + 4 * i, 4);
  }
  to_affine_batch(w.jac, w.aff, 4 * n, w.f);
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < 4; ++j) {
      G2Affine a = w.aff[4 * i + j];
      s[4 * i].tab[j] = a;
      for (size_t m = 1; m < 4; ++m) {
        a = {a.x.frobenius() * kPsiX, -(a.y.frobenius() * kPsiY), a.infinity};  // -psi
        s[4 * i + m].tab[j] = a;
      }
    }
}

// Small MSMs: one joint Straus multiplication over all the GLV/GLS slots (a few hundred
// doublings in all, where Pippenger's bucket sums cost more).  false when out of memory.
constexpr size_t kStrausMax = 64;

template <class C, size_t T, size_t kSlots, class Prepare>
bool straus_msm(const Affine<C>* p, const Int4* k, size_t n, Jacobian<C>& out, Prepare prepare) {
  using S = Slot<C, T>;
  auto* s = static_cast<S*>(malloc(kSlots * n * sizeof(S)));
  Scratch<C, T> w{static_cast<Jacobian<C>*>(malloc(T * n * sizeof(Jacobian<C>))),
                  static_cast<Affine<C>*>(malloc(T * n * sizeof(Affine<C>))),
                  static_cast<typename C::F*>(malloc(T * n * sizeof(typename C::F)))};
  const bool ok = n == 0 || (s && w.jac && w.aff && w.f);
  out = Jacobian<C>::identity();
  if (ok && n) {
    prepare(p, k, n, s, w);
    out = straus(s, kSlots * n);
  }
  free(s);
  free(w.jac);
  free(w.aff);
  free(w.f);
  return ok;
}
bool straus_msm(const G1Affine* p, const Int4* k, size_t n, G1& out) {
  return straus_msm<G1Curve, 8, 2>(p, k, n, out, glv_slots);
}
bool straus_msm(const G2Affine* q, const Int4* k, size_t n, G2& out) {
  return straus_msm<G2Curve, 4, 4>(q, k, n, out, gls_slots);
}

// ---- Pippenger with signed digits and batched affine bucket additions -------------------------

// The window for n points: buckets halve with signed digits, so one bit more than curve.h's.
unsigned msm_bits(size_t n) {
  unsigned lg = 0;
  while ((size_t(1) << (lg + 1)) <= n) ++lg;
  const unsigned c = lg * 7 / 10 + 3;
  return c > 16 ? 16 : c;
}

// Bucket additions collected so that no bucket appears twice, then done in affine coordinates
// with one shared inversion (Montgomery's trick): about 6 products each instead of 11 for a mixed
// Jacobian addition.  Doubling and cancellation are the rare cases, handled in the same batch.
template <class C>
struct BucketBatch {
  using F = typename C::F;
  static constexpr size_t kMax = 256;
  uint32_t bucket[kMax];
  Affine<C> point[kMax];
  F den[kMax], acc[kMax];
  uint8_t kind[kMax];  // 0 addition, 1 doubling, 2 the sum is infinity
  size_t n = 0;

  void flush(Affine<C>* buckets, uint32_t* busy) {
    F prod = F::one();
    for (size_t i = 0; i < n; ++i) {
      const Affine<C>& b = buckets[bucket[i]];
      const Affine<C>& p = point[i];
      F d = p.x - b.x;
      kind[i] = 0;
      if (d.is_zero()) {
        kind[i] = p.y == b.y && !b.y.is_zero() ? 1 : 2;
        d = kind[i] == 1 ? b.y.dbl() : F::one();
      }
      den[i] = d;
      acc[i] = prod;
      prod = prod * d;
    }
    F inv = inverse(prod);
    for (size_t i = n; i-- > 0;) {
      const F di = inv * acc[i];
      inv = inv * den[i];
      Affine<C>& b = buckets[bucket[i]];
      const Affine<C>& p = point[i];
      busy[bucket[i]] = 0;
      F lambda{};
      if (kind[i] == 2) {
        b = Affine<C>::identity();
        continue;
      } else if (kind[i] == 1) {
        const F xx = b.x.sqr();
        lambda = (xx.dbl() + xx) * di;
      } else {
        lambda = (p.y - b.y) * di;
      }
      const F x3 = lambda.sqr() - b.x - p.x;
      b.y = lambda * (b.x - x3) - b.y;
      b.x = x3;
    }
    n = 0;
  }
};

// A point whose bucket already waits in the open batch goes to that bucket's Jacobian overflow
// instead (a mixed addition): narrow windows (the top one) would otherwise serialise the batch.
// Scalars of at most `bits` bits.
template <class C>
bool pippenger_core(const Affine<C>* pts, const Int4* sc, size_t n, Jacobian<C>& result,
                    size_t bits) {
  result = Jacobian<C>::identity();
  const unsigned c = msm_bits(n);
  const size_t nb = size_t(1) << (c - 1);
  const size_t windows = bits / c + 1;  // the top window takes the last carry
  auto* buckets = static_cast<Affine<C>*>(malloc(nb * sizeof(Affine<C>)));
  auto* overflow = static_cast<Jacobian<C>*>(malloc(nb * sizeof(Jacobian<C>)));
  auto* busy = static_cast<uint32_t*>(malloc(nb * sizeof(uint32_t)));
  auto* carry = static_cast<uint8_t*>(malloc(n));
  auto* batch = static_cast<BucketBatch<C>*>(malloc(sizeof(BucketBatch<C>)));
  auto* sums = static_cast<Jacobian<C>*>(malloc(windows * sizeof(Jacobian<C>)));
  const bool ok = buckets && overflow && busy && carry && batch && sums;
  if (ok) {
    memset(carry, 0, n);
    batch->n = 0;
    for (size_t w = 0; w < windows; ++w) {
      for (size_t b = 0; b < nb; ++b) {
        buckets[b] = Affine<C>::identity();
        overflow[b] = Jacobian<C>::identity();
        busy[b] = 0;
      }
      for (size_t i = 0; i < n; ++i) {
        const int32_t d = signed_digit(sc[i], w * c, c, carry[i]);
        if (d == 0 || pts[i].infinity) continue;
        const uint32_t b = uint32_t((d < 0 ? -d : d) - 1);
        const Affine<C> p = d < 0 ? pts[i].neg() : pts[i];
        if (busy[b]) {
          overflow[b] = overflow[b].add_mixed(p);
        } else if (buckets[b].infinity) {
          buckets[b] = p;
        } else {
          busy[b] = 1;
          batch->bucket[batch->n] = b;
          batch->point[batch->n] = p;
          if (++batch->n == BucketBatch<C>::kMax) batch->flush(buckets, busy);
        }
      }
      batch->flush(buckets, busy);
      sums[w] = bucket_sum(nb, overflow, [&](size_t b) { return buckets[b]; });
    }
    result = combine_windows(sums, windows, c);
  }
  free(buckets);
  free(overflow);
  free(busy);
  free(carry);
  free(batch);
  free(sums);
  return ok;
}

// Large MSMs over the endomorphism's eigenspaces: each G1 point with its GLV halves becomes two
// points with 128-bit scalars (P and -phi(P)), each G2 point four with 64-bit ones ((-psi)^j Q).
// The bucket additions stay n * 256 / c, but the windows (and so the bucket sums, the costly part
// below 2^16 points) are halved or quartered.
#if defined(__x86_64__)
// 2n GLV points from which the IFMA bucket additions pay for their conversions; points from which
// the eight-lane subgroup check beats one check per point.
constexpr size_t kIfmaMin = 1024;
constexpr size_t kIfmaCheckMin = 4;
#endif

bool pippenger_var(const G1Affine* p, const Int4* k, size_t n, G1& out, bool vector = true) {
  if (n <= kStrausMax) return straus_msm(p, k, n, out);
  auto* pts = static_cast<G1Affine*>(malloc(2 * n * sizeof(G1Affine)));
  auto* sc = static_cast<Int4*>(malloc(2 * n * sizeof(Int4)));
  bool ok = pts && sc;
  if (ok) {
    for (size_t i = 0; i < n; ++i) {
      uint64_t e[4];
      digits_x(reduce_r(k[i]), e);
      sc[2 * i] = sc[2 * i + 1] = Int4::zero();
      sc[2 * i].l[0] = mac(e[0], e[1], kX, sc[2 * i].l[1]);
      sc[2 * i + 1].l[0] = mac(e[2], e[3], kX, sc[2 * i + 1].l[1]);
      pts[2 * i] = p[i];
      pts[2 * i + 1] = {p[i].x * kBeta, -p[i].y, p[i].infinity};
    }
#if defined(__x86_64__)
    if (vector && 2 * n >= kIfmaMin && ifma_available())
      ok = g1_pippenger_ifma_var(pts, sc, 2 * n, out, 128);
    else
#endif
      ok = pippenger_core(pts, sc, 2 * n, out, 128);
    (void)vector;
  }
  free(pts);
  free(sc);
  return ok;
}

bool pippenger_var(const G2Affine* q, const Int4* k, size_t n, G2& out) {
  if (n <= kStrausMax) return straus_msm(q, k, n, out);
  auto* pts = static_cast<G2Affine*>(malloc(4 * n * sizeof(G2Affine)));
  auto* sc = static_cast<Int4*>(malloc(4 * n * sizeof(Int4)));
  bool ok = pts && sc;
  if (ok) {
    for (size_t i = 0; i < n; ++i) {
      uint64_t e[4];
      digits_x(reduce_r(k[i]), e);
      G2Affine a = q[i];
      for (size_t j = 0; j < 4; ++j) {
        sc[4 * i + j] = Int4::zero();
        sc[4 * i + j].l[0] = e[j];
        pts[4 * i + j] = a;
        a = {a.x.frobenius() * kPsiX, -(a.y.frobenius() * kPsiY), a.infinity};  // -psi
      }
    }
    ok = pippenger_core(pts, sc, 4 * n, out, 64);
  }
  free(pts);
  free(sc);
  return ok;
}

// ---- the Miller loop ---------------------------------------------------------------------------

// G2 in homogeneous projective coordinates (x/z, y/z): the line formulas of Costello, Lange and
// Naehrig (eprint 2009/615) are cheapest there.
struct G2Proj {
  Fq2 x, y, z;
};

// A line through T (tangent or chord), as the three Fp2 coefficients of the sparse Fp12 element
// c0 + c1 v + c4 v w once c1 and c4 are scaled by P's coordinates (M-type twist).
struct Line {
  Fq2 c0, c1, c4;
};

inline Fq2 mul_by_b2(const Fq2& a) {  // a * 4(1 + u)
  return TowerCfg::mul_by_xi(a).dbl().dbl();
}

// T = 2T; the tangent at T.  Costello-Lange-Naehrig's doubling computes (X3, Y3, Z3) with two
// halvings; this is the same point scaled by 4, (2xy(b - f), (b + f)^2 - 12e^2, 4bh), which needs
// none.
inline Line dbl_step(G2Proj& t) {
  const Fq2 a = t.x * t.y;
  const Fq2 b = t.y.sqr();
  const Fq2 c = t.z.sqr();
  const Fq2 e = mul_by_b2(c.dbl() + c);
  const Fq2 f = e.dbl() + e;
  const Fq2 h = (t.y + t.z).sqr() - (b + c);
  const Fq2 i = e - b;
  const Fq2 j = t.x.sqr();
  const Fq2 e2 = e.sqr();
  const Fq2 e4 = e2.dbl().dbl();
  t.x = (a * (b - f)).dbl();
  t.y = (b + f).sqr() - (e4.dbl() + e4);
  t.z = (b * h).dbl().dbl();
  return {i, j.dbl() + j, -h};
}

// T = T + Q; the chord through T and Q.
inline Line add_step(G2Proj& t, const G2Affine& q) {
  const Fq2 theta = t.y - q.y * t.z;
  const Fq2 lambda = t.x - q.x * t.z;
  const Fq2 c = theta.sqr();
  const Fq2 d = lambda.sqr();
  const Fq2 e = lambda * d;
  const Fq2 f = t.z * c;
  const Fq2 g = t.x * d;
  const Fq2 h = e + f - g.dbl();
  t.x = lambda * h;
  t.y = theta * (g - h) - e * t.y;
  t.z = t.z * e;
  const Fq2 j = theta * q.x - lambda * q.y;
  return {j, -theta, lambda};
}

// (a0 + a1 v + a2 v^2)(b0 + b1 v): 5 Fp2 products (Karatsuba).
inline Fq6 mul_by_01(const Fq6& a, const Fq2& b0, const Fq2& b1) {
  const Fq2 v0 = a.c0 * b0, v1 = a.c1 * b1;
  const Fq2 t0 = TowerCfg::mul_by_xi((a.c1 + a.c2) * b1 - v1) + v0;
  const Fq2 t1 = (a.c0 + a.c1) * (b0 + b1) - v0 - v1;
  const Fq2 t2 = (a.c0 + a.c2) * b0 - v0 + v1;
  return {t0, t1, t2};
}
// (a0 + a1 v + a2 v^2)(b1 v) = xi a2 b1 + a0 b1 v + a1 b1 v^2.
inline Fq6 mul_by_1(const Fq6& a, const Fq2& b1) {
  return {TowerCfg::mul_by_xi(a.c2 * b1), a.c0 * b1, a.c1 * b1};
}
// f * (c0 + c1 v + c4 v w): 13 Fp2 products instead of 18 for a full Fp12 product.
inline Fq12 mul_by_014(const Fq12& f, const Line& l) {
  const Fq6 aa = mul_by_01(f.c0, l.c0, l.c1);
  const Fq6 bb = mul_by_1(f.c1, l.c4);
  const Fq6 s = mul_by_01(f.c0 + f.c1, l.c0, l.c1 + l.c4);
  return {aa + bb.mul_by_v(), s - aa - bb};
}

// The line's coefficients scaled by P's coordinates.
inline Line at(Line l, const G1Affine& p) {
  l.c1 = l.c1.mul_fp(p.x);
  l.c4 = l.c4.mul_fp(p.y);
  return l;
}

// (a0 + a1 v + a2 v^2)(x v + y v^2) = xi (a1 y + a2 x) + (a0 x + xi a2 y) v + (a0 y + a1 x) v^2:
// 5 Fp2 products.
inline Fq6 mul_by_12(const Fq6& a, const Fq2& x, const Fq2& y) {
  const Fq2 a0x = a.c0 * x, a0y = a.c0 * y, a1x = a.c1 * x, a2y = a.c2 * y;
  const Fq2 m = (a.c1 + a.c2) * (x + y) - a1x - a2y;  // a1 y + a2 x
  return {TowerCfg::mul_by_xi(m), a0x + TowerCfg::mul_by_xi(a2y), a0y + a1x};
}

// f * l * m for two lines: the product of the lines first (6 Fp2 products; its w-part has no
// constant term), then f times it (17), instead of 13 + 13 for one line at a time.
//   l m = (c0 d0 + xi c4 d4) + (c0 d1 + c1 d0) v + c1 d1 v^2 + ((c0 d4 + c4 d0) v + (c1 d4 + c4 d1) v^2) w
struct TwoLines {
  Fq6 a;     // the constant part
  Fq2 x, y;  // the w part, x v + y v^2
};
inline TwoLines line_product(const Line& l, const Line& m) {
  const Fq2 c0d0 = l.c0 * m.c0, c1d1 = l.c1 * m.c1, c4d4 = l.c4 * m.c4;
  return {{c0d0 + TowerCfg::mul_by_xi(c4d4), (l.c0 + l.c1) * (m.c0 + m.c1) - c0d0 - c1d1, c1d1},
          (l.c0 + l.c4) * (m.c0 + m.c4) - c0d0 - c4d4,
          (l.c1 + l.c4) * (m.c1 + m.c4) - c1d1 - c4d4};
}
inline Fq12 two_lines(const Line& l, const Line& m) {
  const TwoLines p = line_product(l, m);
  return {p.a, {Fq2::zero(), p.x, p.y}};
}
inline Fq12 mul_by_two_lines(const Fq12& f, const Line& l, const Line& m) {
  const TwoLines p = line_product(l, m);
  const Fq6& a = p.a;
  const Fq2 &x = p.x, &y = p.y;
  // (F0 + F1 w)(A + B w), B = x v + y v^2: F0 A + F1 B v + ((F0 + F1)(A + B) - F0 A - F1 B) w
  const Fq6 v0 = f.c0 * a;
  const Fq6 v1 = mul_by_12(f.c1, x, y);
  const Fq6 v2 = (f.c0 + f.c1) * Fq6{a.c0, a.c1 + x, a.c2 + y};
  return {v0 + v1.mul_by_v(), v2 - v0 - v1};
}

// f times the n lines, two at a time.
inline Fq12 mul_by_lines(Fq12 f, const Line* l, size_t n) {
  size_t i = 0;
  for (; i + 1 < n; i += 2) f = mul_by_two_lines(f, l[i], l[i + 1]);
  if (i < n) f = mul_by_014(f, l[i]);
  return f;
}

// The Miller loop of up to kChunk pairs, none at infinity, sharing the squarings of f.
constexpr size_t kChunk = 8;
Fq12 miller_chunk(const G1Affine* p, const G2Affine* q, size_t n) {
  G2Proj t[kChunk];
  Line l[kChunk];
  for (size_t i = 0; i < n; ++i) t[i] = {q[i].x, q[i].y, Fq2::one()};
  Fq12 f = Fq12::one();
  for (int b = 62; b >= 0; --b) {
    for (size_t i = 0; i < n; ++i) l[i] = at(dbl_step(t[i]), p[i]);
    if (b != 62) {
      f = mul_by_lines(f.sqr(), l, n);
    } else {  // f = 1: the first line (or two) is f
      const size_t k = n < 2 ? n : 2;
      f = k == 2 ? two_lines(l[0], l[1]) : Fq12{{l[0].c0, l[0].c1, Fq2::zero()}, {Fq2::zero(), l[0].c4, Fq2::zero()}};
      f = mul_by_lines(f, l + k, n - k);
    }
    if ((kX >> b) & 1) {
      for (size_t i = 0; i < n; ++i) l[i] = at(add_step(t[i], q[i]), p[i]);
      f = mul_by_lines(f, l, n);
    }
  }
  return f;
}

// ---- the final exponentiation ------------------------------------------------------------------

// Squaring in the cyclotomic subgroup (Granger and Scott, eprint 2009/565): Fp12 seen as three
// Fp4 = Fp2[w^3]-coefficients, each squared with 2 Fp2 products.
Fq12 cyclotomic_sqr(const Fq12& a) {
  const Fq2& r0 = a.c0.c0;
  const Fq2& r4 = a.c0.c1;
  const Fq2& r3 = a.c0.c2;
  const Fq2& r2 = a.c1.c0;
  const Fq2& r1 = a.c1.c1;
  const Fq2& r5 = a.c1.c2;
  auto nr = TowerCfg::mul_by_xi;
  Fq2 tmp = r0 * r1;
  const Fq2 t0 = (r0 + r1) * (nr(r1) + r0) - tmp - nr(tmp);
  const Fq2 t1 = tmp.dbl();
  tmp = r2 * r3;
  const Fq2 t2 = (r2 + r3) * (nr(r3) + r2) - tmp - nr(tmp);
  const Fq2 t3 = tmp.dbl();
  tmp = r4 * r5;
  const Fq2 t4 = (r4 + r5) * (nr(r5) + r4) - tmp - nr(tmp);
  const Fq2 t5 = tmp.dbl();
  Fq12 z{};
  z.c0.c0 = (t0 - r0).dbl() + t0;  // 3 t0 - 2 z0
  z.c1.c1 = (t1 + r1).dbl() + t1;  // 3 t1 + 2 z1
  tmp = nr(t5);
  z.c1.c0 = (r2 + tmp).dbl() + tmp;  // 3 xi t5 + 2 z2
  z.c0.c2 = (t4 - r3).dbl() + t4;    // 3 t4 - 2 z3
  z.c0.c1 = (t2 - r4).dbl() + t2;    // 3 t2 - 2 z4
  z.c1.c2 = (r5 + t3).dbl() + t3;    // 3 t3 + 2 z5
  return z;
}

// f^|x| by square-and-multiply with the squaring above.
Fq12 exp_by_abs_x_gs(const Fq12& f) {
  Fq12 r = f;
  for (int i = 62; i >= 0; --i) {
    r = cyclotomic_sqr(r);
    if ((kX >> i) & 1) r = r * f;
  }
  return r;
}

// Karabina's compressed squaring (eprint 2010/542) in the cyclotomic subgroup: an element is
// determined by four of its six Fp2 coefficients (r2..r5 in the naming of cyclotomic_sqr), and
// their squares depend on those four only: two of the three Fp4 squarings above, 4 Fp2 products
// instead of 6.
struct Compressed {
  Fq2 r2, r3, r4, r5;
};
inline void compressed_sqr(Compressed& g) {
  auto nr = TowerCfg::mul_by_xi;
  Fq2 tmp = g.r4 * g.r5;
  const Fq2 t4 = (g.r4 + g.r5) * (nr(g.r5) + g.r4) - tmp - nr(tmp);  // r4^2 + xi r5^2
  const Fq2 t5 = nr(tmp.dbl());                                      // 2 xi r4 r5
  tmp = g.r2 * g.r3;
  const Fq2 t2 = (g.r2 + g.r3) * (nr(g.r3) + g.r2) - tmp - nr(tmp);  // r2^2 + xi r3^2
  const Fq2 t3 = tmp.dbl();                                          // 2 r2 r3
  g.r2 = (g.r2 + t5).dbl() + t5;  // 3 xi t5 + 2 r2
  g.r3 = (t4 - g.r3).dbl() + t4;  // 3 t4 - 2 r3
  g.r4 = (t2 - g.r4).dbl() + t2;  // 3 t2 - 2 r4
  g.r5 = (g.r5 + t3).dbl() + t3;  // 3 t3 + 2 r5
}

// The six coefficients back from four, for n compressed elements with one shared inversion:
//   r1 = (xi r5^2 + 3 r4^2 - 2 r3) / (4 r2),   r0 = xi (2 r1^2 + r2 r5 - 3 r3 r4) + 1.
// false when some r2 is 0 (then r1 needs another formula; the caller takes the uncompressed path).
constexpr size_t kMaxDecompress = 8;
bool decompress_batch(const Compressed* g, size_t n, Fq12* out) {
  auto nr = TowerCfg::mul_by_xi;
  Fq2 prefix[kMaxDecompress];
  Fq2 acc = Fq2::one();
  for (size_t i = 0; i < n; ++i) {
    if (g[i].r2.is_zero()) return false;
    prefix[i] = acc;
    acc = acc * g[i].r2;
  }
  Fq2 inv = fq2_inverse_var(acc.dbl().dbl());  // 1 / prod(4 r2)
  for (size_t i = n; i-- > 0;) {
    const Compressed& c = g[i];
    const Fq2 den_inv = inv * prefix[i];  // 1 / (4 r2_i) times the earlier factors' inverse
    inv = inv * c.r2;
    const Fq2 r4s = c.r4.sqr();
    const Fq2 r1 = (nr(c.r5.sqr()) + r4s.dbl() + r4s - c.r3.dbl()) * den_inv;
    const Fq2 t = c.r3 * c.r4;
    const Fq2 r0 = nr(r1.sqr().dbl() + c.r2 * c.r5 - (t.dbl() + t)) + Fq2::one();
    out[i].c0 = {r0, c.r4, c.r3};
    out[i].c1 = {c.r2, r1, c.r5};
  }
  return true;
}

// f^x for f in the cyclotomic subgroup (x negative: the inverse is the conjugate).  |x| has six
// bits set: f^(2^i) for each set bit i from one chain of compressed squarings, decompressed
// together, and their product.
Fq12 exp_by_x(const Fq12& f) {
  constexpr size_t kBits = __builtin_popcountll(kX);
  static_assert(kBits <= kMaxDecompress && (kX & 1) == 0);
  Compressed c{f.c1.c0, f.c0.c2, f.c0.c1, f.c1.c2};
  Compressed saved[kBits];
  size_t k = 0;
  for (int i = 1; i < 64; ++i) {
    compressed_sqr(c);
    if ((kX >> i) & 1) saved[k++] = c;
  }
  Fq12 v[kBits];
  if (!decompress_batch(saved, kBits, v)) return exp_by_abs_x_gs(f).conj();
  Fq12 r = v[0];
  for (size_t i = 1; i < kBits; ++i) r = r * v[i];
  return r.conj();
}

// x^p.
Fq6 frobenius6(const Fq6& a) {
  const Fq2 b1 = a.c1.conj(), b2 = a.c2.conj();
  return {a.c0.conj(), {-(b1.c1 * kFrobV2), b1.c0 * kFrobV2}, b2.mul_fp(kFrobV4)};
}
Fq12 frobenius(const Fq12& a) { return {frobenius6(a.c0), frobenius6(a.c1).mul_f2(kFrobW)}; }

// ---- helpers for the byte API ------------------------------------------------------------------

bool all_zero(const uint8_t* b, size_t n) {
  uint8_t acc = 0;
  for (size_t i = 0; i < n; ++i) acc |= b[i];
  return acc == 0;
}

bool fq2_lex_largest(const Fq2& a) {
  return a.c1.is_zero() ? a.c0.lexicographically_largest() : a.c1.lexicographically_largest();
}

}  // namespace

// ---- typed API ---------------------------------------------------------------------------------

G1Affine g1_generator() { return kG1; }
G2Affine g2_generator() { return kG2; }
G2Affine kzg_tau_g2() { return kTauG2; }

G1Affine g1_phi(const G1Affine& p) { return {p.x * kBeta, p.y, p.infinity}; }

G2Affine g2_psi(const G2Affine& q) {
  return {q.x.frobenius() * kPsiX, q.y.frobenius() * kPsiY, q.infinity};
}

bool g1_in_subgroup_var(const G1Affine& p) {
  if (p.infinity) return true;
  if (!p.on_curve()) return false;
  const G1 x2p = mul_by_x_abs(mul_by_x_abs(p));
  return G1::from_affine(g1_phi(p)) == x2p.neg();
}

bool g2_in_subgroup_var(const G2Affine& q) {
  if (q.infinity) return true;
  if (!q.on_curve()) return false;
  return G2::from_affine(g2_psi(q)) == mul_by_x_abs(q).neg();
}

bool g1_in_subgroup_slow_var(const G1Affine& p) {
  return p.on_curve() && mul_var(G1::from_affine(p), kR).is_identity();
}
bool g2_in_subgroup_slow_var(const G2Affine& q) {
  return q.on_curve() && mul_var(G2::from_affine(q), kR).is_identity();
}

G1 g1_mul_var(const G1Affine& p, const Int4& k) {
  G1Slot s[2];
  G1 jac[8];
  G1Affine aff[8];
  Fq f[8];
  glv_slots(&p, &k, 1, s, {jac, aff, f});
  return straus(s, 2);
}

G1 g1_mul2_var(const G1Affine& p, const Int4& k, const G1Affine& q, const Int4& l) {
  const G1Affine ps[2] = {p, q};
  const Int4 ks[2] = {k, l};
  G1Slot s[4];
  G1 jac[16];
  G1Affine aff[16];
  Fq f[16];
  glv_slots(ps, ks, 2, s, {jac, aff, f});
  return straus(s, 4);
}

G2 g2_mul_var(const G2Affine& q, const Int4& k) {
  G2Slot s[4];
  G2 jac[4];
  G2Affine aff[4];
  Fq2 f[4];
  gls_slots(&q, &k, 1, s, {jac, aff, f});
  return straus(s, 4);
}

bool g1_msm_var(const G1Affine* p, const BigInt<4>* k, size_t n, G1& out) {
  return pippenger_var(p, k, n, out);
}
#if defined(__x86_64__)
bool g1_msm_portable_var(const G1Affine* p, const BigInt<4>* k, size_t n, G1& out) {
  return pippenger_var(p, k, n, out, false);
}
#endif
bool g2_msm_var(const G2Affine* q, const BigInt<4>* k, size_t n, G2& out) {
  return pippenger_var(q, k, n, out);
}

Fq12 miller_loop_var(const G1Affine* p, const G2Affine* q, size_t k) {
  Fq12 acc = Fq12::one();
  G1Affine cp[kChunk];
  G2Affine cq[kChunk];
  size_t n = 0;
  for (size_t i = 0; i <= k; ++i) {
    if (n == kChunk || (i == k && n > 0)) {
      acc = acc * miller_chunk(cp, cq, n);
      n = 0;
    }
    if (i == k) break;
    if (p[i].infinity || q[i].infinity) continue;
    cp[n] = p[i];
    cq[n] = q[i];
    ++n;
  }
  return acc.conj();  // x < 0: f_{x,Q} = 1 / f_{|x|,Q}, and 1/f is conj(f) after the easy part
}

Fq12 final_exponentiation_var(const Fq12& f) {
  // Easy part: f^((p^6 - 1)(p^2 + 1)), after which f is in the cyclotomic subgroup.
  Fq12 r = f.conj() * fq12_inverse_var(f);
  r = frobenius(frobenius(r)) * r;
  // Hard part (eprint 2020/875, as in gnark and arkworks): 3 (p^4 - p^2 + 1)/r.
  Fq12 y0 = cyclotomic_sqr(r);
  Fq12 y1 = exp_by_x(r);
  Fq12 y2 = r.conj();
  y1 = y1 * y2;
  y2 = exp_by_x(y1);
  y1 = y1.conj();
  y1 = y1 * y2;
  y2 = exp_by_x(y1);
  y1 = frobenius(y1);
  y1 = y1 * y2;
  r = r * y0;
  y0 = exp_by_x(y1);
  y2 = exp_by_x(y0);
  y0 = frobenius(frobenius(y1));
  y1 = y1.conj();
  y1 = y1 * y2;
  y1 = y1 * y0;
  return r * y1;
}

Fq12 pairing_var(const G1Affine& p, const G2Affine& q) {
  return final_exponentiation_var(miller_loop_var(&p, &q, 1));
}

bool pairing_check_var(const G1Affine* p, const G2Affine* q, size_t k) {
  return final_exponentiation_var(miller_loop_var(p, q, k)).is_one();
}

// ---- encodings ---------------------------------------------------------------------------------

int decode_fp(const uint8_t in[64], Fq* out) {
  if (!all_zero(in, 16)) return kInvalidField;
  return Fq::from_be(in + 16, 48, *out) ? kOk : kInvalidField;
}

int decode_fp2(const uint8_t in[128], Fq2* out) {
  Fq2 r{};
  if (int e = decode_fp(in, &r.c0)) return e;
  if (int e = decode_fp(in + 64, &r.c1)) return e;
  *out = r;
  return kOk;
}

void encode_fp(const Fq& a, uint8_t out[64]) {
  memset(out, 0, 16);
  a.to_be(out + 16, 48);
}

void encode_fp2(const Fq2& a, uint8_t out[128]) {
  encode_fp(a.c0, out);
  encode_fp(a.c1, out + 64);
}

int decode_g1(const uint8_t in[128], G1Affine* out, bool subgroup_check) {
  G1Affine p{};
  if (int e = decode_fp(in, &p.x)) return e;
  if (int e = decode_fp(in + 64, &p.y)) return e;
  p.infinity = p.x.is_zero() && p.y.is_zero();
  if (!p.on_curve()) return kNotOnCurve;
  if (subgroup_check && !g1_in_subgroup_var(p)) return kNotInSubgroup;
  *out = p;
  return kOk;
}

int decode_g2(const uint8_t in[256], G2Affine* out, bool subgroup_check) {
  G2Affine q{};
  if (int e = decode_fp2(in, &q.x)) return e;
  if (int e = decode_fp2(in + 128, &q.y)) return e;
  q.infinity = q.x.is_zero() && q.y.is_zero();
  if (!q.on_curve()) return kNotOnCurve;
  if (subgroup_check && !g2_in_subgroup_var(q)) return kNotInSubgroup;
  *out = q;
  return kOk;
}

int decode_g1_batch(const uint8_t* in, size_t stride, size_t k, G1Affine* out, size_t* bad) {
  size_t i = 0;
  int err = kOk;
#if defined(__x86_64__)
  if (k >= kIfmaCheckMin && ifma_available()) {
    for (; i < k; ++i)
      if ((err = decode_g1(in + i * stride, &out[i], false))) break;
    const size_t s = g1_subgroup_check_ifma_var(out, i);  // the points before the first bad one
    if (s < i) return *bad = s, kNotInSubgroup;
    if (err) *bad = i;
    return err;
  }
#endif
  for (; i < k; ++i)
    if ((err = decode_g1(in + i * stride, &out[i], true))) return *bad = i, err;
  return kOk;
}

int decode_g2_batch(const uint8_t* in, size_t stride, size_t k, G2Affine* out, size_t* bad) {
  for (size_t i = 0; i < k; ++i)
    if (int err = decode_g2(in + i * stride, &out[i], true)) return *bad = i, err;
  return kOk;
}

void encode_g1(const G1Affine& p, uint8_t out[128]) {
  if (p.infinity) {
    memset(out, 0, 128);
    return;
  }
  encode_fp(p.x, out);
  encode_fp(p.y, out + 64);
}

void encode_g2(const G2Affine& q, uint8_t out[256]) {
  if (q.infinity) {
    memset(out, 0, 256);
    return;
  }
  encode_fp2(q.x, out);
  encode_fp2(q.y, out + 128);
}

int decode_g1_compressed(const uint8_t in[48], G1Affine* out, bool subgroup_check) {
  const uint8_t flags = in[0] & 0xe0;
  if (!(flags & 0x80)) return kInvalidEncoding;
  if (flags & 0x40) {  // infinity: no sign, x all zero
    if (flags & 0x20 || (in[0] & 0x1f) || !all_zero(in + 1, 47)) return kInvalidEncoding;
    *out = G1Affine::identity();
    return kOk;
  }
  uint8_t xb[48];
  memcpy(xb, in, 48);
  xb[0] &= 0x1f;
  G1Affine p{};
  if (!Fq::from_be(xb, 48, p.x)) return kInvalidField;
  const Fq y2 = p.x.sqr() * p.x + G1Curve::b();
  if (!y2.sqrt_var(p.y)) return kNotOnCurve;
  if (p.y.lexicographically_largest() != bool(flags & 0x20)) p.y = -p.y;
  p.infinity = false;
  if (subgroup_check && !g1_in_subgroup_var(p)) return kNotInSubgroup;
  *out = p;
  return kOk;
}

int decode_g2_compressed(const uint8_t in[96], G2Affine* out, bool subgroup_check) {
  const uint8_t flags = in[0] & 0xe0;
  if (!(flags & 0x80)) return kInvalidEncoding;
  if (flags & 0x40) {
    if (flags & 0x20 || (in[0] & 0x1f) || !all_zero(in + 1, 95)) return kInvalidEncoding;
    *out = G2Affine::identity();
    return kOk;
  }
  uint8_t xb[48];
  memcpy(xb, in, 48);
  xb[0] &= 0x1f;
  G2Affine q{};
  if (!Fq::from_be(xb, 48, q.x.c1) || !Fq::from_be(in + 48, 48, q.x.c0)) return kInvalidField;
  const Fq2 y2 = q.x.sqr() * q.x + G2Curve::b();
  if (!y2.sqrt_var(q.y)) return kNotOnCurve;
  if (fq2_lex_largest(q.y) != bool(flags & 0x20)) q.y = -q.y;
  q.infinity = false;
  if (subgroup_check && !g2_in_subgroup_var(q)) return kNotInSubgroup;
  *out = q;
  return kOk;
}

void encode_g1_compressed(const G1Affine& p, uint8_t out[48]) {
  memset(out, 0, 48);
  if (p.infinity) {
    out[0] = 0xc0;
    return;
  }
  p.x.to_be(out, 48);
  out[0] |= 0x80;
  if (p.y.lexicographically_largest()) out[0] |= 0x20;
}

void encode_g2_compressed(const G2Affine& q, uint8_t out[96]) {
  memset(out, 0, 96);
  if (q.infinity) {
    out[0] = 0xc0;
    return;
  }
  q.x.c1.to_be(out, 48);
  q.x.c0.to_be(out + 48, 48);
  out[0] |= 0x80;
  if (fq2_lex_largest(q.y)) out[0] |= 0x20;
}

// ---- byte API (EIP-2537) -----------------------------------------------------------------------

int g1_add(const uint8_t in[256], uint8_t out[128]) {
  G1Affine a{}, b{};
  if (int e = decode_g1(in, &a, false)) return e;
  if (int e = decode_g1(in + 128, &b, false)) return e;
  encode_g1(to_affine(G1::from_affine(a).add_mixed(b)), out);
  return kOk;
}

int g2_add(const uint8_t in[512], uint8_t out[256]) {
  G2Affine a{}, b{};
  if (int e = decode_g2(in, &a, false)) return e;
  if (int e = decode_g2(in + 256, &b, false)) return e;
  encode_g2(to_affine(G2::from_affine(a).add_mixed(b)), out);
  return kOk;
}

namespace {

// Decodes k (point || scalar) records, dropping those that contribute nothing (infinity or a zero
// scalar), and runs Pippenger over the rest.
template <class C, size_t kPointBytes, class DecodeAll, class Mul>
int msm_bytes(const uint8_t* in, size_t k, Jacobian<C>& result, DecodeAll decode_all, Mul mul1) {
  constexpr size_t kRec = kPointBytes + 32;
  auto* pts = static_cast<Affine<C>*>(malloc((k ? k : 1) * sizeof(Affine<C>)));
  auto* sc = static_cast<Int4*>(malloc((k ? k : 1) * sizeof(Int4)));
  int err = kOk;
  size_t n = 0, bad = 0;
  if (!pts || !sc) err = kNoMemory;
  if (err == kOk) err = decode_all(in, kRec, k, pts, &bad);
  for (size_t i = 0; i < k && err == kOk; ++i) {
    Int4 s{};
    s.from_be(in + i * kRec + kPointBytes, 32);
    if (!pts[i].infinity && !s.is_zero()) pts[n] = pts[i], sc[n++] = s;
  }
  if (err == kOk && n == 1) result = mul1(pts[0], sc[0]);
  else if (err == kOk && !pippenger_var(pts, sc, n, result)) err = kNoMemory;
  free(pts);
  free(sc);
  return err;
}

}  // namespace

int g1_msm(const uint8_t* in, size_t k, uint8_t out[128]) {
  G1 r{};
  if (int e = msm_bytes<G1Curve, 128>(in, k, r, decode_g1_batch, g1_mul_var)) return e;
  encode_g1(to_affine(r), out);
  return kOk;
}

int g2_msm(const uint8_t* in, size_t k, uint8_t out[256]) {
  G2 r{};
  if (int e = msm_bytes<G2Curve, 256>(in, k, r, decode_g2_batch, g2_mul_var)) return e;
  encode_g2(to_affine(r), out);
  return kOk;
}

int pairing_check(const uint8_t* in, size_t k, bool* ok) {
  auto* ps = static_cast<G1Affine*>(malloc((k ? k : 1) * sizeof(G1Affine)));
  auto* qs = static_cast<G2Affine*>(malloc((k ? k : 1) * sizeof(G2Affine)));
  int err = (ps && qs) ? kOk : kNoMemory;
  for (size_t i = 0; i < k && err == kOk; ++i) {
    const uint8_t* rec = in + i * 384;
    err = decode_g1(rec, &ps[i], true);
    if (err == kOk) err = decode_g2(rec + 128, &qs[i], true);
  }
  if (err == kOk) *ok = pairing_check_var(ps, qs, k);
  free(ps);
  free(qs);
  return err;
}

// ---- KZG ---------------------------------------------------------------------------------------

int kzg_verify_proof(const uint8_t commitment[48], const uint8_t z[32], const uint8_t y[32],
                     const uint8_t proof[48], bool* ok) {
  Int4 zi{}, yi{};
  zi.from_be(z, 32);
  yi.from_be(y, 32);
  if (zi.cmp(kR) >= 0 || yi.cmp(kR) >= 0) return kInvalidField;
  G1Affine c{}, pi{};
  if (int e = decode_g1_compressed(commitment, &c, true)) return e;
  if (int e = decode_g1_compressed(proof, &pi, true)) return e;
  // e(C - [y]G1, G2) == e(proof, [tau - z]G2) is e(C - [y]G1 + [z]proof, -G2) e(proof, [tau]G2)
  // == 1: all the scalar work in G1 (one joint multiplication), none in G2.
  Int4 ny = kR;  // -y mod r
  ny.sub_in_place(yi);
  const G1 lhs = g1_mul2_var(pi, zi, kG1, ny).add_mixed(c);
  const G1Affine ps[2] = {to_affine(lhs), pi};
  const G2Affine qs[2] = {kG2.neg(), kTauG2};
  *ok = pairing_check_var(ps, qs, 2);
  return kOk;
}

}  // namespace tandem::coproc::ec::bls12_381
