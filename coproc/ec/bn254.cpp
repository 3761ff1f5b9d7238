// coproc/ec/bn254.cpp: BN254 subgroup checks, optimal ate (multi-)pairing and the EIP-196/197
// byte operations.  Freestanding (see bn254.h): no std::, no runtime-initialised statics.
#include "coproc/ec/bn254.h"

#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#include "coproc/ec/msm_ifma.h"  // host builds: the AVX-512 IFMA bucket additions
#endif

namespace tandem::coproc::ec::bn254 {

namespace {

// ---- constants (all evaluated at compile time) ------------------------------------------------

constexpr uint64_t kU = 4965661367192848881ull;  // the BN parameter u (positive for BN254)

// 2-limb products and sums for the loop constants (no __int128 on 32-bit guests).
constexpr BigInt<2> mul_u64(uint64_t a, uint64_t b) {
  BigInt<2> r{};
  uint64_t hi = 0;
  r.l[0] = mulw(a, b, hi);
  r.l[1] = hi;
  return r;
}

// Signed digits, least significant first, non-adjacent form.
struct Naf {
  int8_t d[136];
  size_t n;
};
constexpr Naf naf(BigInt<2> v) {
  Naf r{};
  BigInt<2> one{};
  one.l[0] = 1;
  while (!v.is_zero()) {
    int8_t digit = 0;
    if (v.l[0] & 1) {
      digit = (v.l[0] & 3) == 1 ? 1 : -1;
      if (digit == 1) v.sub_in_place(one);
      else v.add_in_place(one);
    }
    r.d[r.n++] = digit;
    v.shr1();
  }
  return r;
}

constexpr BigInt<2> ate_count() {  // 6u + 2
  BigInt<2> r = mul_u64(kU, 6);
  BigInt<2> two{};
  two.l[0] = 2;
  r.add_in_place(two);
  return r;
}

constexpr Naf kAteNaf = naf(ate_count());
// Width-4 NAF of u (digits 0, +-1, +-3, +-5, +-7): 14 non-zero digits against 24 in plain NAF.
constexpr Naf wnaf4_u() {
  Naf r{};
  uint64_t v = kU;
  while (v) {
    int8_t digit = 0;
    if (v & 1) {
      digit = int8_t(v & 15);
      if (digit >= 8) digit = int8_t(digit - 16);
      v = digit > 0 ? v - uint64_t(digit) : v + uint64_t(-digit);
    }
    r.d[r.n++] = digit;
    v >>= 1;
  }
  return r;
}
constexpr Naf kUWnaf = wnaf4_u();
static_assert(kUWnaf.d[kUWnaf.n - 1] == 1);

// Field constants are written out rather than derived (as tower.h does): deriving them needs
// ~250-bit exponentiations, which exceed clang's constexpr step limit on 32-bit targets (no
// __int128).  Where 128-bit products exist they are checked against the derivation below.
constexpr Fq fq(uint64_t a, uint64_t b, uint64_t c, uint64_t d) {
  Fq r{};
  Fq::from_int(BigInt<4>{{a, b, c, d}}, r);
  return r;
}
constexpr Fq2 fq2(const uint64_t (&a)[4], const uint64_t (&b)[4]) {
  return {fq(a[0], a[1], a[2], a[3]), fq(b[0], b[1], b[2], b[3])};
}
// G2: y^2 = x^3 + 3/(9+u)
constexpr Fq2 kB2 = fq2({0x3267e6dc24a138e5ull, 0xb5b4c5e559dbefa3ull, 0x81be18991be06ac3ull,
                         0x2b149d40ceb8aaaeull},
                        {0xe4a2bd0685c315d2ull, 0xa74fa084e52d1852ull, 0xcd2cafadeed8fdf4ull,
                         0x009713b03af0fed4ull});
constexpr Fq2 kB2x3 = kB2 + kB2 + kB2;
constexpr Fq kB1 = Fq::from_u64(3);

// kFrob[k-1][i] = xi^(i (p^k - 1)/6): (a w^i)^(p^k) = a^(p^k) w^i kFrob[k-1][i].
constexpr Fq2 kFrob[3][6] = {
    {
        fq2({1, 0, 0, 0}, {0, 0, 0, 0}),
        fq2({0xd60b35dadcc9e470, 0x5c521e08292f2176, 0xe8b99fdd76e68b60, 0x1284b71c2865a7df},
            {0xca5cf05f80f362ac, 0x747992778eeec7e5, 0xa6327cfe12150b8e, 0x246996f3b4fae7e6}),
        fq2({0x99e39557176f553d, 0xb78cc310c2c3330c, 0x4c0bec3cf559b143, 0x2fb347984f7911f7},
            {0x1665d51c640fcba2, 0x32ae2a1d0b7c9dce, 0x4ba4cc8bd75a0794, 0x16c9e55061ebae20}),
        fq2({0xdc54014671a0135a, 0xdbaae0eda9c95998, 0xdc5ec698b6e2f9b9, 0x063cf305489af5dc},
            {0x82d37f632623b0e3, 0x21807dc98fa25bd2, 0x0704b5a7ec796f2b, 0x07c03cbcac41049a}),
        fq2({0x848a1f55921ea762, 0xd33365f7be94ec72, 0x80f3c0b75a181e84, 0x05b54f5e64eea801},
            {0xc13b4711cd2b8126, 0x3685d2ea1bdec763, 0x9f3a80b03b0b1c92, 0x2c145edbe7fd8aee}),
        fq2({0x2ea2c810eab7692f, 0x425c459b55aa1bd3, 0xe93a3661a4353ff4, 0x0183c1e74f798649},
            {0x24c6b8ee6e0c2c4b, 0xb080cb99678e2ac0, 0xa27fb246c7729f7d, 0x12acf2ca76fd0675}),
    },
    {
        fq2({1, 0, 0, 0}, {0, 0, 0, 0}),
        fq2({0xe4bd44e5607cfd49, 0xc28f069fbb966e3d, 0x5e6dd9e7e0acccb0, 0x30644e72e131a029},
            {0, 0, 0, 0}),
        fq2({0xe4bd44e5607cfd48, 0xc28f069fbb966e3d, 0x5e6dd9e7e0acccb0, 0x30644e72e131a029},
            {0, 0, 0, 0}),
        fq2({0x3c208c16d87cfd46, 0x97816a916871ca8d, 0xb85045b68181585d, 0x30644e72e131a029},
            {0, 0, 0, 0}),
        fq2({0x5763473177fffffeull, 0xd4f263f1acdb5c4full, 0x59e26bcea0d48bacull, 0}, {0, 0, 0, 0}),
        fq2({0x5763473177ffffffull, 0xd4f263f1acdb5c4full, 0x59e26bcea0d48bacull, 0}, {0, 0, 0, 0}),
    },
    {
        fq2({1, 0, 0, 0}, {0, 0, 0, 0}),
        fq2({0xe86f7d391ed4a67f, 0x894cb38dbe55d24a, 0xefe9608cd0acaa90, 0x19dc81cfcc82e4bb},
            {0x7694aa2bf4c0c101, 0x7f03a5e397d439ec, 0x06cbeee33576139d, 0x00abf8b60be77d73}),
        fq2({0x7b746ee87bdcfb6d, 0x805ffd3d5d6942d3, 0xbaff1c77959f25ac, 0x0856e078b755ef0a},
            {0x380cab2baaa586de, 0x0fdf31bf98ff2631, 0xa9f30e6dec26094f, 0x04f1de41b3d1766f}),
        fq2({0x5fcc8ad066dce9ed, 0xbbd689a3bea870f4, 0xdbf17f1dca9e5ea3, 0x2a275b6d9896aa4c},
            {0xb94d0cb3b2594c64, 0x7600ecc7d8cf6eba, 0xb14b900e9507e932, 0x28a411b634f09b8f}),
        fq2({0x0e1a92bc3ccbf066, 0xe633094575b06bcb, 0x19bee0f7b5b2444e, 0x0bc58c6611c08dab},
            {0x5fe3ed9d730c239f, 0xa44a9e08737f96e5, 0xfeb0f6ef0cd21d04, 0x23d5e999e1910a12}),
        fq2({0xebde847076261b43, 0x2ed68098967c84a5, 0x711699fa3b4d3f69, 0x13c49044952c0905},
            {0x1f25041384282499, 0x3e2ddaea20028021, 0x9fb1b2282a48633d, 0x16db366a59b1dd0b}),
    },
};
// psi(x, y) = (conj(x) g^2, conj(y) g^3), g = xi^((p-1)/6): untwisting multiplies x by w^2 and
// y by w^3, and w^p = g w.
constexpr Fq2 kPsiX = kFrob[0][2];
constexpr Fq2 kPsiY = kFrob[0][3];

#if defined(__SIZEOF_INT128__)
static_assert(kFrob[0][1] == detail::frobenius_gamma<TowerCfg>());
static_assert(kFrob[1][1] == kFrob[0][1] * kFrob[0][1].conj());
static_assert(kFrob[2][1] == kFrob[1][1] * kFrob[0][1]);
static_assert(kFrob[0][5] == kFrob[0][2] * kFrob[0][3]);
static_assert(kB2 == G2Curve::b());
#endif

static_assert(kAteNaf.n > 60 && kAteNaf.n < 70 && kAteNaf.d[kAteNaf.n - 1] == 1);

// ---- Fq inversion ------------------------------------------------------------------------------
#if defined(__SIZEOF_INT128__)
// R^3 mod p: a Montgomery product with it turns (aR)^-1 into a^-1 R.
constexpr Fq r_cubed() {
  Fq r2{};
  for (size_t i = 0; i < 4; ++i) r2.l[i] = Fq::R2.l[i];
  return r2 * r2;
}
constexpr Fq kR3 = r_cubed();
#endif

}  // namespace

// The binary GCD of field.h on the Montgomery representation aR (variable time; several times
// faster than Fermat's a^(p-2)): (aR)^-1, then one product with R^3 gives a^-1 R.
Fq fq_inv_var(const Fq& a) {
#if defined(__SIZEOF_INT128__)
  if (a.is_zero()) return a;
  Fq y;
  if (detail::BinGcd<4>::inverse(a.l, Fq::P, y.l)) return y * kR3;
#endif
  return a.inv_var();  // targets without 128-bit products (and the unreachable failure above)
}

namespace {

// G1 to affine with the fast inversion.
G1Affine g1_affine(const G1& p) {
  if (p.is_identity()) return G1Affine::identity();
  const Fq zi = fq_inv_var(p.z), zi2 = zi.sqr();
  return {p.x * zi2, p.y * zi2 * zi, false};
}

// The tower's inverses (tower.h's formulas) on top of the fast Fq inversion.
Fq2 fq2_inv(const Fq2& a) {
  const Fq t = fq_inv_var(a.norm());
  return {a.c0 * t, -(a.c1 * t)};
}
Fq6 fq6_inv(const Fq6& a) {
  const Fq2 t0 = a.c0.sqr() - TowerCfg::mul_by_xi(a.c1 * a.c2);
  const Fq2 t1 = TowerCfg::mul_by_xi(a.c2.sqr()) - a.c0 * a.c1;
  const Fq2 t2 = a.c1.sqr() - a.c0 * a.c2;
  const Fq2 d = a.c0 * t0 + TowerCfg::mul_by_xi(a.c2 * t1 + a.c1 * t2);
  const Fq2 di = fq2_inv(d);
  return {t0 * di, t1 * di, t2 * di};
}
Fq12 fq12_inv(const Fq12& a) {
  const Fq6 d = fq6_inv(a.c0.sqr() - a.c1.sqr().mul_by_v());
  return {a.c0 * d, -(a.c1 * d)};
}

// ---- Fq12 pieces specific to pairings ---------------------------------------------------------

// (a0 + a1 v + a2 v^2)(b0 + b1 v)
inline Fq6 mul_by_01(const Fq6& a, const Fq2& b0, const Fq2& b1) {
  const Fq2 v0 = a.c0 * b0, v1 = a.c1 * b1;
  const Fq2 c0 = TowerCfg::mul_by_xi(a.c2 * b1) + v0;
  const Fq2 c1 = (a.c0 + a.c1) * (b0 + b1) - v0 - v1;
  const Fq2 c2 = a.c2 * b0 + v1;
  return {c0, c1, c2};
}

// f * (d0 + (d3 + d4 v) w): a line value of the D-type twist has only these three coefficients.
inline Fq12 mul_by_034(const Fq12& f, const Fq2& d0, const Fq2& d3, const Fq2& d4) {
  const Fq6 a = f.c0.mul_f2(d0);
  const Fq6 b = mul_by_01(f.c1, d3, d4);
  const Fq6 e = mul_by_01(f.c0 + f.c1, d0 + d3, d4);
  return {a + b.mul_by_v(), e - a - b};
}

// Granger-Scott squaring, valid only in the cyclotomic subgroup (after the easy part): the six
// Fp2 coefficients pair up into three Fp4 squarings.
inline Fq12 cyclotomic_sqr(const Fq12& f) {
  const Fq2 &r0 = f.c0.c0, &r4 = f.c0.c1, &r3 = f.c0.c2, &r2 = f.c1.c0, &r1 = f.c1.c1,
            &r5 = f.c1.c2;
  auto fp4_sqr = [](const Fq2& a, const Fq2& b, Fq2& t0, Fq2& t1) {
    const Fq2 ab = a * b;
    t0 = (a + b) * (TowerCfg::mul_by_xi(b) + a) - ab - TowerCfg::mul_by_xi(ab);
    t1 = ab.dbl();
  };
  Fq2 t0, t1, t2, t3, t4, t5;
  fp4_sqr(r0, r1, t0, t1);
  fp4_sqr(r2, r3, t2, t3);
  fp4_sqr(r4, r5, t4, t5);
  Fq12 o;
  o.c0.c0 = (t0 - r0).dbl() + t0;  // 3 t0 - 2 r0
  o.c1.c1 = (t1 + r1).dbl() + t1;  // 3 t1 + 2 r1
  const Fq2 xt5 = TowerCfg::mul_by_xi(t5);
  o.c1.c0 = (r2 + xt5).dbl() + xt5;
  o.c0.c2 = (t4 - r3).dbl() + t4;
  o.c0.c1 = (t2 - r4).dbl() + t2;
  o.c1.c2 = (r5 + t3).dbl() + t3;
  return o;
}

// f^u for f in the cyclotomic subgroup (inverse = conjugate, so NAF digits cost the same).
inline Fq12 cyclotomic_exp_u(const Fq12& f) {
  Fq12 odd[4], odd_inv[4];  // f, f^3, f^5, f^7 and their inverses (conjugates)
  const Fq12 f2 = cyclotomic_sqr(f);
  odd[0] = f;
  for (int i = 1; i < 4; ++i) odd[i] = odd[i - 1] * f2;
  for (int i = 0; i < 4; ++i) odd_inv[i] = odd[i].conj();
  Fq12 r = f;  // the top digit is 1
  for (size_t i = kUWnaf.n - 1; i-- > 0;) {
    r = cyclotomic_sqr(r);
    const int d = kUWnaf.d[i];
    if (d > 0) r = r * odd[d / 2];
    else if (d < 0) r = r * odd_inv[-d / 2];
  }
  return r;
}
inline Fq12 exp_by_neg_u(const Fq12& f) { return cyclotomic_exp_u(f).conj(); }

// f^(p^k), k = 1, 2, 3, with the coefficients above (tower.h's frobenius() derives its own).
inline Fq12 frob(const Fq12& f, int k) {
  const Fq2* g = kFrob[k - 1];
  if (k == 2) {  // the coefficients are in Fq and Fq2's p^2-Frobenius is the identity
    return {{f.c0.c0, f.c0.c1.mul_fp(g[2].c0), f.c0.c2.mul_fp(g[4].c0)},
            {f.c1.c0.mul_fp(g[1].c0), f.c1.c1.mul_fp(g[3].c0), f.c1.c2.mul_fp(g[5].c0)}};
  }
  return {{f.c0.c0.conj(), f.c0.c1.conj() * g[2], f.c0.c2.conj() * g[4]},
          {f.c1.c0.conj() * g[1], f.c1.c1.conj() * g[3], f.c1.c2.conj() * g[5]}};
}

// ---- Miller loop ------------------------------------------------------------------------------

struct G2Proj {  // homogeneous projective (X/Z, Y/Z)
  Fq2 x, y, z;
};
struct Line {  // value at P: c0*yP + c1*xP w + c2 v w
  Fq2 c0, c1, c2;
};

// Doubling step of Costello-Lange-Naehrig (homogeneous coordinates), with the tangent's
// coefficients.  The published formulas halve XY and B + F; the point is scaled by 4 instead
// (the same projective point), which saves the two multiplications by 1/2.
inline Line dbl_step(G2Proj& r) {
  const Fq2 a = (r.x * r.y).dbl();  // 4 * XY/2
  const Fq2 b = r.y.sqr();
  const Fq2 c = r.z.sqr();
  const Fq2 e = kB2x3 * c;
  const Fq2 f = e.dbl() + e;
  const Fq2 g = b + f;  // 2 * (B + F)/2
  const Fq2 h = (r.y + r.z).sqr() - (b + c);
  const Fq2 i = e - b;
  const Fq2 j = r.x.sqr();
  const Fq2 e2 = e.sqr();
  r.x = a * (b - f);
  r.y = g.sqr() - (e2.dbl() + e2).dbl().dbl();
  r.z = (b * h).dbl().dbl();
  return {-h, j.dbl() + j, i};
}

// Mixed addition step r += q, with the chord's coefficients.
inline Line add_step(G2Proj& r, const G2Affine& q) {
  const Fq2 theta = r.y - q.y * r.z;
  const Fq2 lambda = r.x - q.x * r.z;
  const Fq2 c = theta.sqr();
  const Fq2 d = lambda.sqr();
  const Fq2 e = lambda * d;
  const Fq2 f = r.z * c;
  const Fq2 g = r.x * d;
  const Fq2 h = e + f - g.dbl();
  r.x = lambda * h;
  r.y = theta * (g - h) - e * r.y;
  r.z = r.z * e;
  const Fq2 j = theta * q.x - lambda * q.y;
  return {lambda, -theta, j};
}

inline Fq12 ell(const Fq12& f, const Line& l, const G1Affine& p) {
  return mul_by_034(f, l.c0.mul_fp(p.y), l.c1.mul_fp(p.x), l.c2);
}

// The loop over pairs without infinity.  r, qn are scratch arrays of n entries.
Fq12 miller_core(const G1Affine* p, const G2Affine* q, size_t n, G2Proj* r, G2Affine* qn) {
  for (size_t j = 0; j < n; ++j) {
    r[j] = {q[j].x, q[j].y, Fq2::one()};
    qn[j] = q[j].neg();
  }
  Fq12 f = Fq12::one();
  for (size_t i = kAteNaf.n - 1; i > 0; --i) {
    if (i != kAteNaf.n - 1) f = f.sqr();
    for (size_t j = 0; j < n; ++j) f = ell(f, dbl_step(r[j]), p[j]);
    const int d = kAteNaf.d[i - 1];
    if (d == 0) continue;
    for (size_t j = 0; j < n; ++j) f = ell(f, add_step(r[j], d > 0 ? q[j] : qn[j]), p[j]);
  }
  // The two extra lines of the optimal ate pairing: through pi(Q) and -pi^2(Q).
  for (size_t j = 0; j < n; ++j) {
    const G2Affine q1 = g2_psi(q[j]);
    const G2Affine q2 = g2_psi(q1).neg();
    f = ell(f, add_step(r[j], q1), p[j]);
    f = ell(f, add_step(r[j], q2), p[j]);
  }
  return f;
}

// Scratch for k pairs: on the stack for small k, else malloc.
constexpr size_t kStackPairs = 4;

template <class T>
T* scratch(T* local, size_t n) {
  if (n <= kStackPairs) return local;
  return static_cast<T*>(malloc(n * sizeof(T)));
}
template <class T>
void release(T* ptr, T* local) {
  if (ptr != local) free(ptr);
}

int miller_loop_int(const G1Affine* p, const G2Affine* q, size_t k, Fq12& out) {
  G1Affine lp[kStackPairs];
  G2Affine lq[kStackPairs], lqn[kStackPairs];
  G2Proj lr[kStackPairs];
  G1Affine* ps = scratch(lp, k);
  G2Affine* qs = scratch(lq, k);
  G2Affine* qn = scratch(lqn, k);
  G2Proj* rs = scratch(lr, k);
  int rc = kOk;
  if (!ps || !qs || !qn || !rs) {
    rc = kNoMemory;
  } else {
    size_t n = 0;
    for (size_t i = 0; i < k; ++i) {
      if (p[i].infinity || q[i].infinity) continue;
      ps[n] = p[i];
      qs[n] = q[i];
      ++n;
    }
    out = n ? miller_core(ps, qs, n, rs, qn) : Fq12::one();
  }
  if (ps) release(ps, lp);
  if (qs) release(qs, lq);
  if (qn) release(qn, lqn);
  if (rs) release(rs, lr);
  return rc;
}

int pairing_check_int(const G1Affine* p, const G2Affine* q, size_t k, bool* ok) {
  Fq12 f;
  const int rc = miller_loop_int(p, q, k, f);
  if (rc) return rc;
  *ok = final_exponentiation_var(f).is_one();
  return kOk;
}

bool g2_on_curve(const G2Affine& q) {
  return q.infinity || q.y.sqr() == q.x.sqr() * q.x + kB2;
}

// ---- G1 scalar multiplication: GLV ------------------------------------------------------------
// phi(x, y) = (beta x, y) acts on G1 as multiplication by lambda (lambda^2 + lambda + 1 = 0 mod r).
// k = k1 + k2 lambda with |k1|, |k2| < 2^127 by Babai rounding against the lattice basis
// (6u^2 + 2u, -(2u + 1)), (2u + 1, 6u^2 + 4u + 1); gi = floor(2^256 bi / r) replace the divisions.
constexpr Fq kBeta = fq(0xe4bd44e5607cfd48, 0xc28f069fbb966e3d, 0x5e6dd9e7e0acccb0,
                        0x30644e72e131a029);
constexpr BigInt<4> kGlvG1 = {{0x5398fd0300ff6565ull, 0x4ccef014a773d2d2ull, 2, 0}};
constexpr BigInt<4> kGlvG2 = {{0xd91d232ec7e0b3d7ull, 2, 0, 0}};
constexpr BigInt<4> kGlvA1 = {{0x8211bbeb7d4f1128ull, 0x6f4d8248eeb859fcull, 0, 0}};  // 6u^2+2u
constexpr BigInt<4> kGlvB2 = {{0x0be4e1541221250bull, 0x6f4d8248eeb859fdull, 0, 0}};  // +4u+1
constexpr uint64_t kGlvA2 = 0x89d3256894d213e3ull;                                       // 2u+1

// (a * b) mod 2^256, and (a * b) >> 256
inline BigInt<4> mul_lo(const BigInt<4>& a, const BigInt<4>& b) {
  BigInt<4> r{};
  for (size_t i = 0; i < 4; ++i) {
    uint64_t c = 0;
    for (size_t j = 0; i + j < 4; ++j) r.l[i + j] = mac(r.l[i + j], a.l[j], b.l[i], c);
  }
  return r;
}
inline BigInt<4> mul_hi(const BigInt<4>& a, const BigInt<4>& b) {
  uint64_t t[8] = {};
  for (size_t i = 0; i < 4; ++i) {
    uint64_t c = 0;
    for (size_t j = 0; j < 4; ++j) t[i + j] = mac(t[i + j], a.l[j], b.l[i], c);
    t[i + 4] = c;
  }
  return {{t[4], t[5], t[6], t[7]}};
}
// Two's complement magnitude: true when v was negative.
inline bool abs_in_place(BigInt<4>& v) {
  if (!(v.l[3] >> 63)) return false;
  BigInt<4> z{};
  z.sub_in_place(v);
  v = z;
  return true;
}

// Width-w NAF of k (< 2^255), least significant digit first; digits odd in (-2^(w-1), 2^(w-1)).
struct Wnaf {
  int8_t d[258];
  size_t n;
};
void wnaf(BigInt<4> k, unsigned w, Wnaf& out) {
  out.n = 0;
  const uint64_t mask = (uint64_t(1) << w) - 1;
  while (!k.is_zero()) {
    int digit = 0;
    if (k.l[0] & 1) {
      digit = int(k.l[0] & mask);
      if (digit >= (1 << (w - 1))) digit -= 1 << w;
      BigInt<4> dd{};
      dd.l[0] = uint64_t(digit < 0 ? -digit : digit);
      if (digit > 0) k.sub_in_place(dd);
      else k.add_in_place(dd);
    }
    out.d[out.n++] = int8_t(digit);
    k.shr1();
  }
}

// k*P with width-w NAF digits: about bits/(w+1) additions instead of bits/4 for fixed windows.
template <class C>
Jacobian<C> mul_wnaf(const Jacobian<C>& p, const BigInt<4>& k) {
  constexpr unsigned kW = 4;
  Jacobian<C> table[1 << (kW - 2)];  // P, 3P, 5P, 7P
  const Jacobian<C> twice = p.dbl();
  table[0] = p;
  for (size_t i = 1; i < (1 << (kW - 2)); ++i) table[i] = table[i - 1] + twice;
  Wnaf w;
  wnaf(k, kW, w);
  Jacobian<C> acc = Jacobian<C>::identity();
  for (size_t i = w.n; i-- > 0;) {
    acc = acc.dbl();
    if (w.d[i] > 0) acc = acc + table[w.d[i] / 2];
    else if (w.d[i] < 0) acc = acc - table[-w.d[i] / 2];
  }
  return acc;
}

G1 g1_mul_glv(const G1Affine& p, const BigInt<4>& scalar) {
  if (p.infinity) return G1::identity();
  BigInt<4> k = scalar;  // any 256-bit value: reduce mod r (r P = O on G1)
  while (k.cmp(Fr::P) >= 0) k.sub_in_place(Fr::P);
  const BigInt<4> c1 = mul_hi(k, kGlvG1), c2 = mul_hi(k, kGlvG2);
  const BigInt<4> a2{{kGlvA2, 0, 0, 0}};
  BigInt<4> k1 = k, k2 = mul_lo(c1, a2);
  k1.sub_in_place(mul_lo(c1, kGlvA1));
  k1.sub_in_place(mul_lo(c2, a2));
  k2.sub_in_place(mul_lo(c2, kGlvB2));
  const bool n1 = abs_in_place(k1), n2 = abs_in_place(k2);

  constexpr unsigned kW = 5;
  constexpr size_t kTable = size_t(1) << (kW - 2);  // odd multiples 1, 3, ..., 2^(w-1) - 1
  G1 t1[kTable], t2[kTable];
  const G1 base = G1::from_affine(n1 ? p.neg() : p);
  const G1 twice = base.dbl();
  t1[0] = base;
  for (size_t i = 1; i < kTable; ++i) t1[i] = t1[i - 1] + twice;
  for (size_t i = 0; i < kTable; ++i) {  // phi(X, Y, Z) = (beta X, Y, Z), sign of k2
    t2[i] = {t1[i].x * kBeta, n1 != n2 ? -t1[i].y : t1[i].y, t1[i].z};
  }
  Wnaf w1, w2;
  wnaf(k1, kW, w1);
  wnaf(k2, kW, w2);
  G1 acc = G1::identity();
  for (size_t i = w1.n > w2.n ? w1.n : w2.n; i-- > 0;) {
    acc = acc.dbl();
    const int d1 = i < w1.n ? w1.d[i] : 0, d2 = i < w2.n ? w2.d[i] : 0;
    if (d1 > 0) acc = acc + t1[d1 / 2];
    else if (d1 < 0) acc = acc + t1[-d1 / 2].neg();
    if (d2 > 0) acc = acc + t2[d2 / 2];
    else if (d2 < 0) acc = acc + t2[-d2 / 2].neg();
  }
  return acc;
}

}  // namespace

G1 g1_mul_var(const G1Affine& p, const BigInt<4>& k) { return g1_mul_glv(p, k); }

// ---- G1 MSM: signed-digit Pippenger, buckets in affine coordinates with batched inversion ------
// A bucket addition in affine coordinates costs ~6 multiplications once the inversions of a batch
// are shared (Montgomery's trick), against 11 for a mixed Jacobian addition; two additions to the
// same bucket cannot be in one batch, so such a point waits for the next one.  Small inputs
// (where the inversions do not amortise) use Jacobian buckets.  Digits are signed, halving the
// buckets.

namespace {

struct MsmItem {
  uint32_t idx;
  int32_t digit;
};
struct MsmPend {
  uint32_t bucket, idx;
  bool neg;
};

struct MsmPlan {
  unsigned c;
  bool affine;
  size_t batch;
};

// Window and bucket kind by a cost model in multiplications (x2, integers only: no floating point
// on guests).
MsmPlan msm_plan(size_t n) {
  MsmPlan best{4, false, 1};
  uint64_t best_cost = ~uint64_t(0);
  for (unsigned c = 2; c <= 16; ++c) {
    // size_t divisions: no 64-bit division helper on 32-bit guests
    const uint64_t w = (255u + c - 1) / c, nb = uint64_t(1) << (c - 1);
    const uint64_t reduce = nb * 54;
    const uint64_t jac = w * (uint64_t(n) * 22 + reduce);
    const size_t batch = nb / 2 < 1024 ? (nb / 2 ? size_t(nb / 2) : 1) : 1024;
    const uint64_t aff = w * (uint64_t(n) * 13 + uint64_t(n / batch + 1) * 800 + reduce);
    if (jac < best_cost) best_cost = jac, best = {c, false, 1};
    if (aff < best_cost) best_cost = aff, best = {c, true, batch};
  }
  if (uint64_t(n) > 0xffffffffu) best.affine = false;  // point indices are 32-bit in the queue
  return best;
}

// Adds m pending points into their (distinct) buckets.
void msm_flush(const G1Affine* pts, G1Affine* bk, const MsmPend* bt, size_t m, Fq* den,
               Fq* pref) {
  if (m == 0) return;
  Fq acc = Fq::one();
  for (size_t j = 0; j < m; ++j) {
    const G1Affine& a = bk[bt[j].bucket];
    const G1Affine& p = pts[bt[j].idx];
    const Fq py = bt[j].neg ? -p.y : p.y;
    if (a.x != p.x) den[j] = p.x - a.x;
    else if (a.y == py) den[j] = py.dbl();  // doubling
    else den[j] = Fq::one();                // P + (-P): the bucket empties, no inversion needed
    pref[j] = acc;
    acc = acc * den[j];
  }
  Fq inv = fq_inv_var(acc);
  for (size_t j = m; j-- > 0;) {
    const Fq dinv = inv * pref[j];
    inv = inv * den[j];
    G1Affine& a = bk[bt[j].bucket];
    const G1Affine& p = pts[bt[j].idx];
    const Fq py = bt[j].neg ? -p.y : p.y;
    Fq lambda;
    if (a.x != p.x) {
      lambda = (py - a.y) * dinv;
    } else if (a.y == py) {
      const Fq x2 = a.x.sqr();
      lambda = (x2.dbl() + x2) * dinv;
    } else {
      a = G1Affine::identity();
      continue;
    }
    const Fq x3 = lambda.sqr() - a.x - p.x;
    a.y = lambda * (a.x - x3) - a.y;
    a.x = x3;
  }
}


}  // namespace

bool g1_msm_var(const G1Affine* pts, const BigInt<4>* scalars, size_t n, G1& out) {
  out = G1::identity();
  if (n == 0) return true;
  if (n == 1) {
    out = g1_mul_glv(pts[0], scalars[0]);
    return true;
  }
#if defined(__x86_64__)
  // from about 2000 points the IFMA bucket additions win (measured: 1000 points even, 2^16 1.35x)
  if (n >= 2048 && ifma_available()) return g1_pippenger_ifma_var(pts, scalars, n, out, 256);
#endif
  const MsmPlan plan = msm_plan(n);
  const unsigned c = plan.c;
  const size_t nb = size_t(1) << (c - 1), windows = (255 + c - 1) / c;
  const size_t batch = plan.batch;
  auto* ks = static_cast<BigInt<4>*>(malloc(n * sizeof(BigInt<4>)));
  auto* carry = static_cast<uint8_t*>(calloc(n, 1));
  auto* sums = static_cast<G1*>(malloc(windows * sizeof(G1)));
  G1* jb = nullptr;
  G1Affine* bk = nullptr;
  uint32_t* stamp = nullptr;
  MsmItem* items = nullptr;
  MsmPend* bt = nullptr;
  Fq *den = nullptr, *pref = nullptr;
  bool ok = ks && carry && sums;
  if (ok && plan.affine) {
    bk = static_cast<G1Affine*>(malloc(nb * sizeof(G1Affine)));
    stamp = static_cast<uint32_t*>(calloc(nb, sizeof(uint32_t)));
    items = static_cast<MsmItem*>(malloc(batch * sizeof(MsmItem)));
    bt = static_cast<MsmPend*>(malloc(batch * sizeof(MsmPend)));
    den = static_cast<Fq*>(malloc(batch * sizeof(Fq)));
    pref = static_cast<Fq*>(malloc(batch * sizeof(Fq)));
    ok = bk && stamp && items && bt && den && pref;
  }
  if (ok) {
    jb = static_cast<G1*>(malloc(nb * sizeof(G1)));
    ok = jb != nullptr;
  }
  if (ok) {
    for (size_t i = 0; i < n; ++i) {  // r P = O on G1: reduce (the scalars are < 2^256 < 6r)
      ks[i] = scalars[i];
      while (ks[i].cmp(Fr::P) >= 0) ks[i].sub_in_place(Fr::P);
    }
    uint32_t epoch = 0;
    for (size_t w = 0; w < windows; ++w) {
      size_t top = 0;  // buckets above the highest used one need no reduction
      if (plan.affine) {
        for (size_t b = 0; b < nb; ++b) bk[b] = G1Affine::identity(), jb[b] = G1::identity();
        // A point whose bucket is busy in the current batch waits in `queue` and is retried after
        // the flush; when the queue is full (digits concentrated in few buckets, as in the top
        // window) it goes to the bucket's Jacobian accumulator instead.
        size_t m = 0, queued = 0;
        ++epoch;
        auto schedule = [&](uint32_t idx, int32_t d) -> bool {  // false: bucket busy
          const bool neg = d < 0;
          const uint32_t b = uint32_t(neg ? -d : d) - 1;
          if (stamp[b] == epoch) return false;
          if (bk[b].infinity) {
            bk[b] = neg ? pts[idx].neg() : pts[idx];
            return true;
          }
          stamp[b] = epoch;
          bt[m++] = {b, idx, neg};
          return true;
        };
        auto flush = [&]() {
          msm_flush(pts, bk, bt, m, den, pref);
          m = 0;
          ++epoch;
        };
        for (size_t i = 0; i < n; ++i) {
          const int32_t d = signed_digit(ks[i], w * c, c, carry[i]);
          if (d == 0 || pts[i].infinity) continue;
          const size_t b = size_t(d < 0 ? -d : d) - 1;
          if (b + 1 > top) top = b + 1;
          if (!schedule(uint32_t(i), d)) {
            if (queued < batch) {
              items[queued++] = {uint32_t(i), d};
            } else {
              jb[b] = jb[b].add_mixed(d < 0 ? pts[i].neg() : pts[i]);
            }
          }
          if (m == batch) {
            flush();
            size_t keep = 0;
            for (size_t t = 0; t < queued; ++t) {
              if (!schedule(items[t].idx, items[t].digit)) items[keep++] = items[t];
              if (m == batch) flush();
            }
            queued = keep;
          }
        }
        flush();
        for (size_t t = 0; t < queued; ++t) {
          const int32_t d = items[t].digit;
          const size_t b = size_t(d < 0 ? -d : d) - 1;
          jb[b] = jb[b].add_mixed(d < 0 ? pts[items[t].idx].neg() : pts[items[t].idx]);
        }
      } else {
        for (size_t b = 0; b < nb; ++b) jb[b] = G1::identity();
        for (size_t i = 0; i < n; ++i) {
          const int32_t d = signed_digit(ks[i], w * c, c, carry[i]);
          if (d == 0) continue;
          const size_t b = size_t(d < 0 ? -d : d) - 1;
          if (b + 1 > top) top = b + 1;
          jb[b] = jb[b].add_mixed(d < 0 ? pts[i].neg() : pts[i]);
        }
      }
      G1 running = G1::identity(), sum = G1::identity();
      for (size_t b = top; b-- > 0;) {
        if (plan.affine) running = running.add_mixed(bk[b]);
        if (!jb[b].is_identity()) running = running + jb[b];
        sum = sum + running;
      }
      sums[w] = sum;
    }
    for (size_t w = windows; w-- > 0;) {
      for (unsigned i = 0; i < c; ++i) out = out.dbl();
      out = out + sums[w];
    }
  }
  free(ks);
  free(carry);
  free(sums);
  free(jb);
  free(bk);
  free(stamp);
  free(items);
  free(bt);
  free(den);
  free(pref);
  return ok;
}

// ---- G2 subgroup --------------------------------------------------------------------------------

G2Affine g2_psi(const G2Affine& q) {
  if (q.infinity) return q;
  return {q.x.conj() * kPsiX, q.y.conj() * kPsiY, false};
}

bool g2_in_subgroup_slow_var(const G2Affine& q) {
  if (!g2_on_curve(q)) return false;
  const BigInt<4> r = Fr::P;
  return mul_var(G2::from_affine(q), r).is_identity();
}

namespace {
// psi on Jacobian coordinates: x = X/Z^2 and y = Y/Z^3 map to conj(X) g^2 / conj(Z)^2 etc.
G2 psi_jac(const G2& q) { return {q.x.conj() * kPsiX, q.y.conj() * kPsiY, q.z.conj()}; }
}  // namespace

// Scott (ePrint 2022/348), as in gnark-crypto: on BN254's twist, r*Q = O exactly when
//   [u+1]Q + psi([u]Q) + psi^2([u]Q) = psi^3([2u]Q),
// which costs one 63-bit multiplication instead of a 254-bit one.
bool g2_in_subgroup_var(const G2Affine& q) {
  if (!g2_on_curve(q)) return false;
  if (q.infinity) return true;
  const G2 qj = G2::from_affine(q);
  G2 a = mul_wnaf(qj, BigInt<4>{{kU, 0, 0, 0}});
  const G2 b = psi_jac(a);
  a = a + qj;
  G2 res = psi_jac(b);
  const G2 c = res + b + a;
  res = psi_jac(res).dbl();
  return res == c;
}

// ---- pairing ----------------------------------------------------------------------------------

bool miller_loop_var(const G1Affine* p, const G2Affine* q, size_t k, Fq12& out) {
  return miller_loop_int(p, q, k, out) == kOk;
}

// Easy part f^((p^6 - 1)(p^2 + 1)), then the hard part (p^4 - p^2 + 1)/r by Fuentes-Castaneda,
// Knapp and Rodriguez-Henriquez's chain (three exponentiations by u), times 2u(6u^2 + 3u + 1).
Fq12 final_exponentiation_var(const Fq12& f) {
  Fq12 r = f.conj() * fq12_inv(f);
  r = frob(r, 2) * r;
  const Fq12 y0 = exp_by_neg_u(r);
  const Fq12 y1 = cyclotomic_sqr(y0);
  const Fq12 y2 = cyclotomic_sqr(y1);
  Fq12 y3 = y2 * y1;
  const Fq12 y4 = exp_by_neg_u(y3);
  const Fq12 y5 = cyclotomic_sqr(y4);
  Fq12 y6 = exp_by_neg_u(y5);
  y3 = y3.conj();
  y6 = y6.conj();
  const Fq12 y7 = y6 * y4;
  Fq12 y8 = y7 * y3;
  const Fq12 y9 = y8 * y1;
  const Fq12 y10 = y8 * y4;
  const Fq12 y11 = y10 * r;
  const Fq12 y12 = frob(y9, 1);
  const Fq12 y13 = y12 * y11;
  y8 = frob(y8, 2);
  const Fq12 y14 = y8 * y13;
  const Fq12 y15 = frob(r.conj() * y9, 3);
  return y15 * y14;
}

Fq12 pairing_var(const G1Affine& p, const G2Affine& q) {
  Fq12 f = Fq12::one();
  miller_loop_int(&p, &q, 1, f);  // k = 1 never allocates
  return final_exponentiation_var(f);
}

bool pairing_check_var(const G1Affine* p, const G2Affine* q, size_t k) {
  bool ok = false;
  return pairing_check_int(p, q, k, &ok) == kOk && ok;
}

// ---- encodings --------------------------------------------------------------------------------

int g1_decode(const uint8_t in[64], G1Affine& out) {
  Fq x, y;
  if (!Fq::from_be(in, 32, x) || !Fq::from_be(in + 32, 32, y)) return kInvalidField;
  if (x.is_zero() && y.is_zero()) {
    out = G1Affine::identity();
    return kOk;
  }
  const G1Affine p{x, y, false};
  if (y.sqr() != x.sqr() * x + kB1) return kNotOnCurve;
  out = p;
  return kOk;
}

int g2_decode(const uint8_t in[128], G2Affine& out) {
  Fq2 x, y;
  if (!Fq::from_be(in, 32, x.c1) || !Fq::from_be(in + 32, 32, x.c0) ||
      !Fq::from_be(in + 64, 32, y.c1) || !Fq::from_be(in + 96, 32, y.c0))
    return kInvalidField;
  if (x.is_zero() && y.is_zero()) {
    out = G2Affine::identity();
    return kOk;
  }
  const G2Affine q{x, y, false};
  if (!g2_on_curve(q)) return kNotOnCurve;
  if (!g2_in_subgroup_var(q)) return kNotInSubgroup;
  out = q;
  return kOk;
}

void g1_encode(const G1Affine& p, uint8_t out[64]) {
  if (p.infinity) {
    memset(out, 0, 64);
    return;
  }
  p.x.to_be(out, 32);
  p.y.to_be(out + 32, 32);
}

void g2_encode(const G2Affine& q, uint8_t out[128]) {
  if (q.infinity) {
    memset(out, 0, 128);
    return;
  }
  q.x.c1.to_be(out, 32);
  q.x.c0.to_be(out + 32, 32);
  q.y.c1.to_be(out + 64, 32);
  q.y.c0.to_be(out + 96, 32);
}

// ---- byte API ---------------------------------------------------------------------------------

int g1_add(const uint8_t a[64], const uint8_t b[64], uint8_t out[64]) {
  G1Affine p, q;
  int rc = g1_decode(a, p);
  if (rc) return rc;
  if ((rc = g1_decode(b, q))) return rc;
  g1_encode(g1_affine(G1::from_affine(p).add_mixed(q)), out);
  return kOk;
}

int g1_mul(const uint8_t p[64], const uint8_t scalar[32], uint8_t out[64]) {
  G1Affine a;
  const int rc = g1_decode(p, a);
  if (rc) return rc;
  BigInt<4> k;
  k.from_be(scalar, 32);
  g1_encode(g1_affine(g1_mul_glv(a, k)), out);
  return kOk;
}

int g1_msm(const uint8_t* pairs, size_t k, uint8_t out[64]) {
  if (k == 0) {
    memset(out, 0, 64);
    return kOk;
  }
  auto* pts = static_cast<G1Affine*>(malloc(k * sizeof(G1Affine)));
  auto* sc = static_cast<BigInt<4>*>(malloc(k * sizeof(BigInt<4>)));
  int rc = (pts && sc) ? kOk : kNoMemory;
  for (size_t i = 0; i < k && rc == kOk; ++i) {
    rc = g1_decode(pairs + 96 * i, pts[i]);
    sc[i].from_be(pairs + 96 * i + 64, 32);
  }
  G1 r;
  if (rc == kOk && !g1_msm_var(pts, sc, k, r)) rc = kNoMemory;
  if (rc == kOk) g1_encode(g1_affine(r), out);
  free(pts);
  free(sc);
  return rc;
}

int pairing_check(const uint8_t* pairs, size_t k, bool* ok) {
  G1Affine lp[kStackPairs];
  G2Affine lq[kStackPairs];
  G1Affine* ps = scratch(lp, k);
  G2Affine* qs = scratch(lq, k);
  int rc = (ps && qs) ? kOk : kNoMemory;
  for (size_t i = 0; i < k && rc == kOk; ++i) {
    rc = g1_decode(pairs + 192 * i, ps[i]);
    if (rc == kOk) rc = g2_decode(pairs + 192 * i + 64, qs[i]);
  }
  if (rc == kOk) rc = pairing_check_int(ps, qs, k, ok);
  if (ps) release(ps, lp);
  if (qs) release(qs, lq);
  return rc;
}

}  // namespace tandem::coproc::ec::bn254
