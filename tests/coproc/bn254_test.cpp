// tests/coproc/bn254_test.cpp: the BN254 coprocessor (coproc/ec/bn254.h): go-ethereum's
// bn256Add/ScalarMul/Pairing vectors through the byte API, the field arithmetic against GMP,
// pairing properties (bilinearity, non-degeneracy, multi-pairing), MSM against a naive sum, and
// the input checks (coordinates >= p, off-curve points, twist points outside G2).
// Random tests are seeded (seed printed; TANDEM_SEED and TANDEM_ITERATIONS override).
#include <gmp.h>
#include <gtest/gtest.h>

#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "coproc/ec/bn254.h"
#include "coproc/ec/msm_ifma.h"
#include "vectors.h"

using namespace tandem::test;
namespace ec = tandem::coproc::ec;
namespace bn = tandem::coproc::ec::bn254;
using bn::Fq;
using bn::Fq12;
using bn::Fq2;
using bn::Fr;
using bn::G1;
using bn::G1Affine;
using bn::G2;
using bn::G2Affine;
using Int = ec::BigInt<4>;

namespace {

const char* kG2Gen =
    "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
    "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed"
    "090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b"
    "12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa";
const char* kP =  // the base field modulus, big-endian
    "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47";

G1Affine g1_gen() { return {Fq::from_u64(1), Fq::from_u64(2), false}; }
G2Affine g2_gen() {
  G2Affine q;
  EXPECT_EQ(bn::g2_decode(unhex(kG2Gen).data(), q), 0);
  return q;
}

Int random_int(std::mt19937_64& rng) {
  Int v;
  for (auto& l : v.l) l = rng();
  return v;
}
// Uniform enough in [0, r): clear the top bits, retry above r.
Fr random_fr(std::mt19937_64& rng) {
  for (;;) {
    Int v = random_int(rng);
    v.l[3] &= 0x3fffffffffffffffull;
    Fr r;
    if (Fr::from_int(v, r)) return r;
  }
}
G1Affine g1_times(const Fr& k) {
  return ec::mul_var(G1::from_affine(g1_gen()), k.to_int()).to_affine();
}
G2Affine g2_times(const Fr& k) {
  return ec::mul_var(G2::from_affine(g2_gen()), k.to_int()).to_affine();
}

std::vector<nlohmann::json> cases(const std::string& text) {
  std::vector<nlohmann::json> v;
  for (const auto& c : nlohmann::json::parse(text)) v.push_back(c);
  return v;
}
// Ethereum zero-pads short input and ignores input beyond the fixed size.
Bytes fixed(const Bytes& in, size_t n) {
  Bytes b(n, 0);
  if (!in.empty()) std::memcpy(b.data(), in.data(), std::min(n, in.size()));
  return b;
}

// ---- known answers (go-ethereum) ----

TEST(Bn254Vectors, Add) {
  LOAD_OR_SKIP(text, "go-ethereum/bn256Add.json");
  size_t n = 0;
  for (const auto& c : cases(text)) {
    const Bytes in = fixed(unhex(c["Input"].get<std::string>()), 128);
    uint8_t out[64];
    ASSERT_EQ(bn::g1_add(in.data(), in.data() + 64, out), 0) << c["Name"];
    EXPECT_EQ(hex(out, 64), c["Expected"].get<std::string>()) << c["Name"];
    ++n;
  }
  EXPECT_EQ(n, 16u);
}

TEST(Bn254Vectors, ScalarMul) {
  LOAD_OR_SKIP(text, "go-ethereum/bn256ScalarMul.json");
  size_t n = 0;
  for (const auto& c : cases(text)) {
    const Bytes in = fixed(unhex(c["Input"].get<std::string>()), 96);
    uint8_t out[64];
    ASSERT_EQ(bn::g1_mul(in.data(), in.data() + 64, out), 0) << c["Name"];
    EXPECT_EQ(hex(out, 64), c["Expected"].get<std::string>()) << c["Name"];
    // the same through a one-point MSM
    uint8_t out2[64];
    ASSERT_EQ(bn::g1_msm(in.data(), 1, out2), 0) << c["Name"];
    EXPECT_EQ(hex(out2, 64), c["Expected"].get<std::string>()) << c["Name"];
    ++n;
  }
  EXPECT_EQ(n, 19u);
}

TEST(Bn254Vectors, Pairing) {
  LOAD_OR_SKIP(text, "go-ethereum/bn256Pairing.json");
  size_t n = 0;
  for (const auto& c : cases(text)) {
    const Bytes in = unhex(c["Input"].get<std::string>());
    ASSERT_EQ(in.size() % 192, 0u) << c["Name"];
    bool ok = false;
    ASSERT_EQ(bn::pairing_check(in.data(), in.size() / 192, &ok), 0) << c["Name"];
    uint8_t out[32] = {};
    out[31] = ok;
    EXPECT_EQ(hex(out, 32), c["Expected"].get<std::string>()) << c["Name"];
    ++n;
  }
  EXPECT_EQ(n, 14u);
}

// ---- fields against GMP ----

template <class F>
void field_vs_gmp(const char* name) {
  auto rng = seeded_rng(name);
  mpz_t p, a, b, t, u;
  mpz_inits(p, a, b, t, u, nullptr);
  mpz_import(p, 4, -1, 8, 0, 0, F::P.l);
  auto to_mpz = [](mpz_t dst, const Int& v) { mpz_import(dst, 4, -1, 8, 0, 0, v.l); };
  auto from_mpz = [](const mpz_t src) {
    Int v = Int::zero();
    size_t count = 0;
    mpz_export(v.l, &count, -1, 8, 0, 0, src);
    return v;
  };
  const uint64_t iters = iterations(2000);
  for (uint64_t i = 0; i < iters; ++i) {
    Int ai = random_int(rng), bi = random_int(rng);
    to_mpz(a, ai);
    to_mpz(b, bi);
    mpz_mod(a, a, p);
    mpz_mod(b, b, p);
    if (i == 0) mpz_sub_ui(a, p, 1);  // an edge: p - 1
    if (i == 1) mpz_set_ui(b, 0);
    F fa, fb;
    ASSERT_TRUE(F::from_int(from_mpz(a), fa));
    ASSERT_TRUE(F::from_int(from_mpz(b), fb));
    ASSERT_EQ(fa.to_int(), from_mpz(a));
    mpz_mul(t, a, b);
    mpz_mod(t, t, p);
    ASSERT_EQ((fa * fb).to_int(), from_mpz(t)) << i;
    mpz_add(t, a, b);
    mpz_mod(t, t, p);
    ASSERT_EQ((fa + fb).to_int(), from_mpz(t)) << i;
    mpz_sub(t, a, b);
    mpz_mod(t, t, p);
    ASSERT_EQ((fa - fb).to_int(), from_mpz(t)) << i;
    mpz_mul(t, a, a);
    mpz_mod(t, t, p);
    ASSERT_EQ(fa.sqr().to_int(), from_mpz(t)) << i;
    if (i < 50 && mpz_sgn(a)) {
      ASSERT_NE(mpz_invert(u, a, p), 0);
      ASSERT_EQ(fa.inv_var().to_int(), from_mpz(u)) << i;
    }
  }
  // p itself is not a field element
  Int pi = F::P;
  F x;
  EXPECT_FALSE(F::from_int(pi, x));
  mpz_clears(p, a, b, t, u, nullptr);
}

TEST(Bn254Field, FqMatchesGmp) { field_vs_gmp<Fq>("FqMatchesGmp"); }
TEST(Bn254Field, FrMatchesGmp) { field_vs_gmp<Fr>("FrMatchesGmp"); }

// The x86 kernels (Montgomery product, Fq2 product with lazy reduction) against the portable code,
// on random values and every combination of the edge values 0, 1, 2, p-1 and the Montgomery -1.
// Without the kernels both sides are portable code.
TEST(Bn254Field, KernelsAgainstPortable) {
  auto rng = seeded_rng("KernelsAgainstPortable");
  auto portable_mul2 = [](const Fq2& a, const Fq2& b) {
    Fq v0 = Fq::mul_ct(a.c0, b.c0), v1 = Fq::mul_ct(a.c1, b.c1), s = Fq::zero(), t = Fq::zero();
    ec::detail::add_mod<4>(s.l, a.c0.l, a.c1.l, Fq::P.l);
    ec::detail::add_mod<4>(t.l, b.c0.l, b.c1.l, Fq::P.l);
    Fq2 r{};
    ec::detail::sub_mod<4>(r.c0.l, v0.l, v1.l, Fq::P.l);
    Fq m = Fq::mul_ct(s, t);
    ec::detail::sub_mod<4>(m.l, m.l, v0.l, Fq::P.l);
    ec::detail::sub_mod<4>(r.c1.l, m.l, v1.l, Fq::P.l);
    return r;
  };
  auto random_fq = [&] {
    Fq x;
    do {
      Int v = random_int(rng);
      v.l[3] &= 0x3fffffffffffffffull;
      if (Fq::from_int(v, x)) break;
    } while (true);
    return x;
  };
  Fq edge[5] = {Fq::zero(), Fq::one(), Fq::from_u64(2), -Fq::one(), Fq::zero()};
  for (size_t i = 0; i < 4; ++i) edge[4].l[i] = Fq::P.l[i];  // the canonical integer p - 1
  edge[4].l[0] -= 1;
  auto check = [&](const Fq2& a, const Fq2& b) {
    ASSERT_EQ(a.c1 * b.c0, Fq::mul_ct(a.c1, b.c0));
    ASSERT_EQ(a * b, portable_mul2(a, b));
    ASSERT_EQ(a.sqr(), portable_mul2(a, a));
    const Fr x{{a.c0.l[0], a.c0.l[1], a.c0.l[2], a.c0.l[3] & 0x0fffffffffffffffull}};
    const Fr y{{b.c1.l[0], b.c1.l[1], b.c1.l[2], b.c1.l[3] & 0x0fffffffffffffffull}};
    ASSERT_EQ(x * y, Fr::mul_ct(x, y));
  };
  for (size_t i = 0; i < 625; ++i)
    check({edge[i % 5], edge[i / 5 % 5]}, {edge[i / 25 % 5], edge[i / 125]});
  for (uint64_t i = 0; i < iterations(20000); ++i) {
    const Fq2 a{random_fq(), random_fq()}, b{random_fq(), random_fq()};
    check(a, b);
    check(a, {edge[i % 5], b.c1});
  }
}

TEST(Bn254Field, FastInverse) {
  auto rng = seeded_rng("FastInverse");
  EXPECT_TRUE(bn::fq_inv_var(Fq::zero()).is_zero());
  EXPECT_TRUE(bn::fq_inv_var(Fq::one()).is_one());
  EXPECT_EQ(bn::fq_inv_var(-Fq::one()), -Fq::one());
  for (int i = 0; i < 254; ++i) {  // representations with long runs of zero bits
    Fq x = Fq::zero();
    x.l[i / 64] = uint64_t(1) << (i % 64);
    ASSERT_TRUE((x * bn::fq_inv_var(x)).is_one()) << i;
  }
  const uint64_t iters = iterations(300);
  for (uint64_t i = 0; i < iters; ++i) {
    Int v = random_int(rng);
    v.l[3] &= 0x3fffffffffffffffull;
    Fq x;
    if (!Fq::from_int(v, x)) continue;
    const Fq y = bn::fq_inv_var(x);
    ASSERT_EQ(y, x.inv_var()) << i;
    ASSERT_TRUE((x * y).is_one()) << i;
  }
}

// ---- pairing properties ----

// The AVX-512 IFMA bucket additions (five 52-bit limbs) against the portable MSM below the size
// where g1_msm_var switches, and g1_msm_var above it against the sum of two portable halves:
// distinct points, a repeated point, P and -P, infinity, zero and unreduced 256-bit scalars.
TEST(Bn254Msm, IfmaMatchesPortable) {
  if (!ec::ifma_available()) GTEST_SKIP() << "this CPU has no AVX-512 IFMA";
  auto rng = seeded_rng("Bn254IfmaMatchesPortable");
  const size_t kMax = 3000;
  std::vector<G1Affine> ps(kMax);
  const G1Affine g = g1_times(random_fr(rng));
  G1 acc = G1::from_affine(g);
  for (size_t i = 0; i < kMax; ++i) {  // multiples of g, some doubled: distinct, cheap to make
    ps[i] = acc.to_affine();
    acc = i % 5 == 1 ? acc.dbl() : acc.add_mixed(g);
  }
  std::vector<Int> ks(kMax);
  for (auto& k : ks)
    for (auto& l : k.l) l = rng();
  ps[3] = ps[2], ks[3] = ks[2];
  ps[5] = ps[4].neg(), ks[5] = ks[4];
  ps[7] = G1Affine::identity();
  ks[8] = Int::zero();
  for (size_t i = 20; i < 40; ++i) ps[i] = ps[10], ks[i] = ks[10 + i % 3];
  for (size_t n : {size_t(1), size_t(9), size_t(100), size_t(1500)}) {
    G1 want, got;
    ASSERT_TRUE(bn::g1_msm_var(ps.data(), ks.data(), n, want));  // portable below 2048 points
    ASSERT_TRUE(bn::g1_pippenger_ifma_var(ps.data(), ks.data(), n, got, 256));
    EXPECT_TRUE(got == want) << "n " << n;
  }
  G1 lo, hi, all;
  ASSERT_TRUE(bn::g1_msm_var(ps.data(), ks.data(), kMax / 2, lo));
  ASSERT_TRUE(bn::g1_msm_var(ps.data() + kMax / 2, ks.data() + kMax / 2, kMax - kMax / 2, hi));
  ASSERT_TRUE(bn::g1_msm_var(ps.data(), ks.data(), kMax, all));  // the IFMA path
  EXPECT_TRUE(all == lo + hi);
}

TEST(Bn254Pairing, NonDegenerateAndInfinity) {
  const Fq12 e = bn::pairing_var(g1_gen(), g2_gen());
  EXPECT_FALSE(e.is_one());
  // order r: e^r == 1
  EXPECT_TRUE(e.pow_var(Fr::P).is_one());
  EXPECT_TRUE(bn::pairing_var(G1Affine::identity(), g2_gen()).is_one());
  EXPECT_TRUE(bn::pairing_var(g1_gen(), G2Affine::identity()).is_one());
  EXPECT_TRUE(bn::pairing_check_var(nullptr, nullptr, 0));
  bool ok = false;
  EXPECT_EQ(bn::pairing_check(nullptr, 0, &ok), 0);
  EXPECT_TRUE(ok);
}

TEST(Bn254Pairing, Bilinear) {
  auto rng = seeded_rng("Bilinear");
  const uint64_t iters = iterations(2);
  const Fq12 e = bn::pairing_var(g1_gen(), g2_gen());
  for (uint64_t i = 0; i < iters; ++i) {
    const Fr a = random_fr(rng), b = random_fr(rng);
    const G1Affine pa = g1_times(a);
    const G2Affine qb = g2_times(b);
    EXPECT_EQ(bn::pairing_var(pa, qb), e.pow_var((a * b).to_int())) << i;
    // e(aP, Q) == e(P, aQ)
    EXPECT_EQ(bn::pairing_var(pa, g2_gen()), bn::pairing_var(g1_gen(), g2_times(a))) << i;
  }
}

TEST(Bn254Pairing, CheckProducts) {
  auto rng = seeded_rng("CheckProducts");
  const uint64_t iters = iterations(2);
  for (uint64_t i = 0; i < iters; ++i) {
    const Fr a = random_fr(rng), b = random_fr(rng);
    const G1Affine p = g1_times(a);
    const G2Affine q = g2_times(b);
    G1Affine ps[2] = {p, p.neg()};
    G2Affine qs[2] = {q, q};
    EXPECT_TRUE(bn::pairing_check_var(ps, qs, 2));
    // e(aP, bQ) e(-abP, Q) == 1, with infinity pairs mixed in
    G1Affine ps3[4] = {p, G1Affine::identity(), g1_times(a * b).neg(), g1_gen()};
    G2Affine qs3[4] = {q, g2_gen(), g2_gen(), G2Affine::identity()};
    EXPECT_TRUE(bn::pairing_check_var(ps3, qs3, 4));
    // random pairs: not 1
    G1Affine pr[2] = {p, g1_times(random_fr(rng))};
    G2Affine qr[2] = {q, g2_times(random_fr(rng))};
    EXPECT_FALSE(bn::pairing_check_var(pr, qr, 2));
    EXPECT_FALSE(bn::pairing_check_var(pr, qr, 1));
    // six pairs (the allocating path): sum of a_i b_i = 0
    G1Affine p6[6];
    G2Affine q6[6];
    Fr acc = Fr::zero();
    for (int j = 0; j < 5; ++j) {
      const Fr x = random_fr(rng), y = random_fr(rng);
      p6[j] = g1_times(x);
      q6[j] = g2_times(y);
      acc += x * y;
    }
    p6[5] = g1_times(-acc);
    q6[5] = g2_gen();
    EXPECT_TRUE(bn::pairing_check_var(p6, q6, 6));
    q6[5] = g2_times(Fr::from_u64(2));
    EXPECT_FALSE(bn::pairing_check_var(p6, q6, 6));
  }
}

// ---- G2 subgroup ----

// A point on the twist with a random x: the twist's order is r(2p - r), so it is almost surely not
// in G2.
G2Affine twist_point(std::mt19937_64& rng) {
  const Fq2 b = bn::G2Curve::b();
  for (;;) {
    Fq2 x;
    Int v = random_int(rng);
    v.l[3] &= 0x0fffffffffffffffull;
    if (!Fq::from_int(v, x.c0)) continue;
    v = random_int(rng);
    v.l[3] &= 0x0fffffffffffffffull;
    if (!Fq::from_int(v, x.c1)) continue;
    Fq2 y;
    if ((x.sqr() * x + b).sqrt_var(y)) return {x, y, false};
  }
}

TEST(Bn254G2, SubgroupCheck) {
  auto rng = seeded_rng("SubgroupCheck");
  const uint64_t iters = iterations(3);
  // psi acts on G2 as multiplication by p (mod r)
  const G2Affine g = g2_gen();
  Int pm = Fq::P;
  Int r = Fr::P;
  pm.sub_in_place(r);  // p - r < r
  EXPECT_EQ(G2::from_affine(bn::g2_psi(g)), ec::mul_var(G2::from_affine(g), pm));
  EXPECT_TRUE(bn::g2_in_subgroup_var(G2Affine::identity()));
  for (uint64_t i = 0; i < iters; ++i) {
    const G2Affine q = g2_times(random_fr(rng));
    EXPECT_TRUE(bn::g2_in_subgroup_var(q));
    EXPECT_TRUE(bn::g2_in_subgroup_slow_var(q));
    const G2Affine t = twist_point(rng);
    EXPECT_FALSE(bn::g2_in_subgroup_var(t));
    EXPECT_FALSE(bn::g2_in_subgroup_slow_var(t));
    // clearing the cofactor 2p - r brings it into G2
    Int c = Fq::P;
    c.add_in_place(Fq::P);
    c.sub_in_place(r);
    const G2Affine tc = ec::mul_var(G2::from_affine(t), c).to_affine();
    EXPECT_TRUE(bn::g2_in_subgroup_var(tc));
    EXPECT_TRUE(bn::g2_in_subgroup_slow_var(tc));
    // and clearing r leaves a point of the cofactor's torsion: not in G2 either
    const G2Affine tr = ec::mul_var(G2::from_affine(t), r).to_affine();
    ASSERT_FALSE(tr.infinity);
    EXPECT_TRUE(ec::mul_var(G2::from_affine(tr), c).is_identity());
    EXPECT_FALSE(bn::g2_in_subgroup_var(tr));
    EXPECT_FALSE(bn::g2_in_subgroup_slow_var(tr));
    // on the twist but off the subgroup by a G2 point: t + Q
    const G2Affine tq = (G2::from_affine(tr) + G2::from_affine(q)).to_affine();
    EXPECT_FALSE(bn::g2_in_subgroup_var(tq));

    // through the byte API: on the curve, outside the subgroup
    Bytes in(192, 0);
    bn::g1_encode(g1_gen(), in.data());
    bn::g2_encode(t, in.data() + 64);
    bool ok = true;
    EXPECT_EQ(bn::pairing_check(in.data(), 1, &ok), bn::kNotInSubgroup);
    bn::g2_encode(tc, in.data() + 64);
    EXPECT_EQ(bn::pairing_check(in.data(), 1, &ok), 0);
    EXPECT_FALSE(ok);
  }
}

// ---- input checks ----

TEST(Bn254Bytes, Rejects) {
  const Bytes p = unhex(kP);
  // G1: x or y >= p
  Bytes g(64, 0);
  g[31] = 1, g[63] = 2;
  uint8_t out[64];
  ASSERT_EQ(bn::g1_add(g.data(), g.data(), out), 0);
  Bytes bad = g;
  std::memcpy(bad.data(), p.data(), 32);  // x = p (= 0 mod p, still invalid)
  EXPECT_EQ(bn::g1_add(bad.data(), g.data(), out), bn::kInvalidField);
  EXPECT_EQ(bn::g1_add(g.data(), bad.data(), out), bn::kInvalidField);
  bad = g;
  std::memcpy(bad.data() + 32, p.data(), 32);
  bad[63] += 2;  // y = p + 2
  EXPECT_EQ(bn::g1_mul(bad.data(), g.data(), out), bn::kInvalidField);
  bad = g;
  std::memset(bad.data(), 0xff, 32);
  EXPECT_EQ(bn::g1_add(bad.data(), g.data(), out), bn::kInvalidField);
  // off the curve: (1, 3), and (0, y != 0)
  bad = g;
  bad[63] = 3;
  EXPECT_EQ(bn::g1_add(g.data(), bad.data(), out), bn::kNotOnCurve);
  EXPECT_EQ(bn::g1_mul(bad.data(), g.data(), out), bn::kNotOnCurve);
  bad = Bytes(64, 0);
  bad[63] = 1;
  EXPECT_EQ(bn::g1_add(bad.data(), g.data(), out), bn::kNotOnCurve);

  // G2 and pairing input
  Bytes pin(192, 0);
  std::memcpy(pin.data(), g.data(), 64);
  const Bytes q = unhex(kG2Gen);
  std::memcpy(pin.data() + 64, q.data(), 128);
  bool ok = true;
  ASSERT_EQ(bn::pairing_check(pin.data(), 1, &ok), 0);
  EXPECT_FALSE(ok);
  for (int c = 0; c < 4; ++c) {  // each Fq component of the G2 point set to p
    Bytes b2 = pin;
    std::memcpy(b2.data() + 64 + 32 * c, p.data(), 32);
    EXPECT_EQ(bn::pairing_check(b2.data(), 1, &ok), bn::kInvalidField) << c;
    b2 = pin;
    b2[64 + 32 * c + 31] ^= 1;  // a flipped bit: off the twist
    EXPECT_EQ(bn::pairing_check(b2.data(), 1, &ok), bn::kNotOnCurve) << c;
  }
  Bytes b2 = pin;
  std::memcpy(b2.data() + 32, p.data(), 32);  // the G1 y
  EXPECT_EQ(bn::pairing_check(b2.data(), 1, &ok), bn::kInvalidField);
  // infinity (all zero G2) with a valid G1, and G1 infinity with a valid G2: product 1
  b2 = pin;
  std::memset(b2.data() + 64, 0, 128);
  ASSERT_EQ(bn::pairing_check(b2.data(), 1, &ok), 0);
  EXPECT_TRUE(ok);
  b2 = pin;
  std::memset(b2.data(), 0, 64);
  ASSERT_EQ(bn::pairing_check(b2.data(), 1, &ok), 0);
  EXPECT_TRUE(ok);
  // MSM: an invalid point anywhere fails the call
  Bytes m(96 * 3, 0);
  for (int i = 0; i < 3; ++i) std::memcpy(m.data() + 96 * i, g.data(), 64), m[96 * i + 95] = 1;
  ASSERT_EQ(bn::g1_msm(m.data(), 3, out), 0);
  m[96 * 2 + 63] = 5;
  EXPECT_EQ(bn::g1_msm(m.data(), 3, out), bn::kNotOnCurve);
}

TEST(Bn254Bytes, AddEdges) {
  const G1Affine p = g1_times(Fr::from_u64(12345));
  uint8_t a[64], b[64], out[64], want[64];
  bn::g1_encode(p, a);
  bn::g1_encode(p.neg(), b);
  ASSERT_EQ(bn::g1_add(a, b, out), 0);
  EXPECT_EQ(hex(out, 64), std::string(128, '0'));
  ASSERT_EQ(bn::g1_add(a, a, out), 0);
  bn::g1_encode(g1_times(Fr::from_u64(24690)), want);
  EXPECT_EQ(hex(out, 64), hex(want, 64));
  uint8_t zero[64] = {};
  ASSERT_EQ(bn::g1_add(zero, a, out), 0);
  EXPECT_EQ(hex(out, 64), hex(a, 64));
  ASSERT_EQ(bn::g1_add(a, zero, out), 0);
  EXPECT_EQ(hex(out, 64), hex(a, 64));
  // scalar r: infinity; scalar 2^256-1 is not reduced first but is the same point as its residue
  uint8_t s[32];
  Int r = Fr::P;
  r.to_be(s, 32);
  ASSERT_EQ(bn::g1_mul(a, s, out), 0);
  EXPECT_EQ(hex(out, 64), std::string(128, '0'));
  std::memset(s, 0xff, 32);
  ASSERT_EQ(bn::g1_mul(a, s, out), 0);
  Int m;
  m.from_be(s, 32);
  bn::g1_encode(ec::mul_var(G1::from_affine(p), m).to_affine(), want);
  EXPECT_EQ(hex(out, 64), hex(want, 64));
}

// ---- G1 multiplication (GLV) against the plain windowed method ----

TEST(Bn254G1, GlvMatchesWindowed) {
  auto rng = seeded_rng("GlvMatchesWindowed");
  const uint64_t iters = iterations(40);
  const G1Affine p = g1_times(random_fr(rng));
  std::vector<Int> ks;
  Int r = Fr::P, t{};
  ks.push_back(Int::zero());
  ks.push_back(Int{{1, 0, 0, 0}});
  ks.push_back(r);
  t = r;
  t.sub_in_place(Int{{1, 0, 0, 0}});
  ks.push_back(t);  // r - 1
  t = r;
  t.add_in_place(r);
  ks.push_back(t);  // 2r
  ks.push_back(Int{{~0ull, ~0ull, ~0ull, ~0ull}});
  ks.push_back(Int{{0, 0, 1, 0}});
  ks.push_back(Int{{~0ull, ~0ull, 0, 0}});
  for (uint64_t i = 0; i < iters; ++i) ks.push_back(random_int(rng));
  for (uint64_t i = 0; i < iters; ++i) ks.push_back(random_fr(rng).to_int());
  for (const Int& k : ks) {
    ASSERT_EQ(bn::g1_mul_var(p, k), ec::mul_var(G1::from_affine(p), k)) << k.l[3] << " " << k.l[0];
  }
  EXPECT_TRUE(bn::g1_mul_var(G1Affine::identity(), ks.back()).is_identity());
}

// ---- MSM ----

TEST(Bn254Msm, MatchesNaiveSum) {
  auto rng = seeded_rng("MsmMatchesNaiveSum");
  const uint64_t iters = iterations(3);
  for (uint64_t it = 0; it < iters; ++it) {
    for (size_t k : {2u, 7u, 33u}) {
      Bytes in(96 * k);
      G1 want = G1::identity();
      for (size_t i = 0; i < k; ++i) {
        const G1Affine p = (i == 3) ? G1Affine::identity() : g1_times(random_fr(rng));
        Int s = random_int(rng);  // full 256-bit scalars, not reduced
        if (i == 1) s = Int::zero();
        bn::g1_encode(p, in.data() + 96 * i);
        s.to_be(in.data() + 96 * i + 64, 32);
        want += ec::mul_var(G1::from_affine(p), s);
      }
      uint8_t out[64], w[64];
      ASSERT_EQ(bn::g1_msm(in.data(), k, out), 0);
      bn::g1_encode(want.to_affine(), w);
      EXPECT_EQ(hex(out, 64), hex(w, 64)) << k;
    }
  }
}

// Large MSMs (both bucket kinds) against one multiplication: points a_i G from a small set, so
// buckets see repeated points, doublings, P + (-P) and infinity; sum k_i P_i = (sum k_i a_i) G.
TEST(Bn254Msm, LargeMatchesScalarSum) {
  auto rng = seeded_rng("MsmLargeMatchesScalarSum");
  std::vector<G1Affine> small;
  std::vector<Fr> small_a;
  for (uint64_t a : {0ull, 1ull, 2ull, 3ull, 5ull, 7ull}) {
    small.push_back(g1_times(Fr::from_u64(a)));
    small_a.push_back(Fr::from_u64(a));
  }
  small.push_back(g1_gen().neg());
  small_a.push_back(-Fr::one());
  for (int i = 0; i < 5; ++i) {
    small_a.push_back(random_fr(rng));
    small.push_back(g1_times(small_a.back()));
  }
  for (size_t n : {900u, 2100u}) {
    std::vector<G1Affine> pts(n);
    std::vector<Int> ks(n);
    Fr want = Fr::zero();
    for (size_t i = 0; i < n; ++i) {
      const size_t j = rng() % small.size();
      pts[i] = small[j];
      ks[i] = (i % 5 == 0) ? Int{{rng() & 7, 0, 0, 0}} : random_int(rng);
      Int red = ks[i];
      while (red.cmp(Fr::P) >= 0) red.sub_in_place(Fr::P);
      Fr k;
      ASSERT_TRUE(Fr::from_int(red, k));
      want += k * small_a[j];
    }
    G1 got;
    ASSERT_TRUE(bn::g1_msm_var(pts.data(), ks.data(), n, got));
    EXPECT_EQ(got, G1::from_affine(g1_times(want))) << n;
  }
}

}  // namespace
