// tests/coproc/bls12_381_test.cpp: BLS12-381 against go-ethereum's EIP-2537 and EIP-4844 vectors,
// the field arithmetic against GMP, and seeded properties: bilinearity, multi-pairing, MSM against
// the naive sum, subgroup checks (fast against r*P == O) and point compression.
#include "coproc/ec/bls12_381.h"
#include "coproc/ec/msm_ifma.h"

#include <gmp.h>
#include <gtest/gtest.h>
#include <openssl/sha.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "tests/support/vectors.h"

namespace bls = tandem::coproc::ec::bls12_381;
using tandem::coproc::ec::BigInt;
using tandem::test::Bytes;
using tandem::test::hex;
using tandem::test::unhex;
using bls::Fq;
using bls::Fq2;
using bls::Fq12;
using bls::Fr;
using bls::G1;
using bls::G1Affine;
using bls::G2;
using bls::G2Affine;

namespace {

using Op = std::function<int(const Bytes& in, Bytes& out)>;

// The precompiles as byte functions; a length that is not the exact size (or a multiple) fails
// the way the caller (the precompile front end) would fail it.
constexpr int kBadLength = -100;

int op_g1_add(const Bytes& in, Bytes& out) {
  if (in.size() != 256) return kBadLength;
  out.resize(128);
  return bls::g1_add(in.data(), out.data());
}
int op_g2_add(const Bytes& in, Bytes& out) {
  if (in.size() != 512) return kBadLength;
  out.resize(256);
  return bls::g2_add(in.data(), out.data());
}
int op_g1_msm(const Bytes& in, Bytes& out) {
  if (in.empty() || in.size() % 160) return kBadLength;
  out.resize(128);
  return bls::g1_msm(in.data(), in.size() / 160, out.data());
}
int op_g1_mul(const Bytes& in, Bytes& out) {
  if (in.size() != 160) return kBadLength;
  return op_g1_msm(in, out);
}
int op_g2_msm(const Bytes& in, Bytes& out) {
  if (in.empty() || in.size() % 288) return kBadLength;
  out.resize(256);
  return bls::g2_msm(in.data(), in.size() / 288, out.data());
}
int op_g2_mul(const Bytes& in, Bytes& out) {
  if (in.size() != 288) return kBadLength;
  return op_g2_msm(in, out);
}
int op_pairing(const Bytes& in, Bytes& out) {
  if (in.empty() || in.size() % 384) return kBadLength;
  bool ok = false;
  if (int e = bls::pairing_check(in.data(), in.size() / 384, &ok)) return e;
  out.assign(32, 0);
  out[31] = ok;
  return 0;
}
// EIP-4844 point evaluation with the versioned-hash check the caller does.
int op_point_evaluation(const Bytes& in, Bytes& out) {
  if (in.size() != 192) return kBadLength;
  uint8_t h[32];
  SHA256(in.data() + 96, 48, h);
  h[0] = 0x01;
  if (std::memcmp(h, in.data(), 32) != 0) return -101;
  bool ok = false;
  if (int e = bls::kzg_verify_proof(in.data() + 96, in.data() + 32, in.data() + 64,
                                    in.data() + 144, &ok))
    return e;
  if (!ok) return -102;
  out = unhex(
      "0000000000000000000000000000000000000000000000000000000000001000"
      "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001");
  return 0;
}

// Optimised builds check every vector.  Unoptimised (sanitizer) builds, where one field product
// costs microseconds, check every case in file order until `budget` records (points or pairs) have
// been worked through, and say how many they left out.
#if defined(__OPTIMIZE__)
constexpr size_t kBudget = SIZE_MAX;
#else
constexpr size_t kBudget = 100;
#endif

void run_vectors(const std::string& text, const Op& op, size_t record, size_t* count) {
  const auto cases = nlohmann::json::parse(text);
  size_t used = 0, skipped = 0;
  for (const auto& c : cases) {
    const Bytes in = unhex(c["Input"].get<std::string>());
    const size_t records = in.size() / record;
    if (used + records > kBudget && c.contains("Expected")) {
      ++skipped;
      continue;
    }
    used += records;
    Bytes out;
    const int rc = op(in, out);
    const std::string name = c["Name"].get<std::string>();
    if (c.contains("Expected")) {
      ASSERT_EQ(rc, 0) << name;
      EXPECT_EQ(hex(out), c["Expected"].get<std::string>()) << name;
    } else {
      EXPECT_NE(rc, 0) << name << " should fail: " << c["ExpectedError"].get<std::string>();
    }
    ++*count;
  }
  if (skipped) std::printf("[ budget   ] %zu large cases left out (unoptimised build)\n", skipped);
}

#define VECTOR_TEST(test_name, file, op, record)                          \
  TEST(Bls12381Vectors, test_name) {                                      \
    LOAD_OR_SKIP(text, std::string("go-ethereum/") + (file));             \
    size_t n = 0;                                                         \
    run_vectors(text, op, record, &n);                                    \
    EXPECT_GT(n, 0u);                                                     \
  }

VECTOR_TEST(G1Add, "blsG1Add.json", op_g1_add, 128)
VECTOR_TEST(G1MultiExp, "blsG1MultiExp.json", op_g1_msm, 160)
VECTOR_TEST(G2Mul, "blsG2Mul.json", op_g2_mul, 288)
VECTOR_TEST(Pairing, "blsPairing.json", op_pairing, 384)
VECTOR_TEST(FailG1Add, "fail-blsG1Add.json", op_g1_add, 128)
VECTOR_TEST(FailG1Mul, "fail-blsG1Mul.json", op_g1_mul, 160)
VECTOR_TEST(FailG1MultiExp, "fail-blsG1MultiExp.json", op_g1_msm, 160)
VECTOR_TEST(FailG2Add, "fail-blsG2Add.json", op_g2_add, 256)
VECTOR_TEST(FailG2Mul, "fail-blsG2Mul.json", op_g2_mul, 288)
VECTOR_TEST(FailG2MultiExp, "fail-blsG2MultiExp.json", op_g2_msm, 288)
VECTOR_TEST(PointEvaluation, "pointEvaluation.json", op_point_evaluation, 192)

// ---- helpers for the property tests ------------------------------------------------------------

BigInt<4> random_scalar(std::mt19937_64& rng) {
  BigInt<4> k{};
  for (auto& l : k.l) l = rng();
  k.l[3] &= 0x3fffffffffffffffull;  // < r (r > 2^254)
  return k;
}
Fr fr_of(const BigInt<4>& k) {
  Fr r{};
  EXPECT_TRUE(Fr::from_int(k, r));
  return r;
}
Fq random_fq(std::mt19937_64& rng) {
  for (;;) {
    BigInt<6> v{};
    for (auto& l : v.l) l = rng();
    v.l[5] &= 0x1fffffffffffffffull;
    Fq r{};
    if (Fq::from_int(v, r)) return r;
  }
}
G1Affine g1_times(const BigInt<4>& k) {
  return tandem::coproc::ec::mul_var(G1::from_affine(bls::g1_generator()), k).to_affine();
}
G2Affine g2_times(const BigInt<4>& k) {
  return tandem::coproc::ec::mul_var(G2::from_affine(bls::g2_generator()), k).to_affine();
}
// On the curve, almost surely outside G1 (the cofactor is about 2^126): a random x, no cofactor
// clearing.
G1Affine random_g1_off_subgroup(std::mt19937_64& rng) {
  for (;;) {
    G1Affine p{random_fq(rng), Fq::zero(), false};
    if ((p.x.sqr() * p.x + Fq::from_u64(4)).sqrt_var(p.y)) return p;
  }
}
G2Affine random_g2_off_subgroup(std::mt19937_64& rng) {
  for (;;) {
    G2Affine q{{random_fq(rng), random_fq(rng)}, Fq2::zero(), false};
    if ((q.x.sqr() * q.x + bls::G2Curve::b()).sqrt_var(q.y)) return q;
  }
}

// ---- GMP cross-check of the fields -------------------------------------------------------------

template <class F>
void to_mpz(mpz_t out, const F& a) {
  const auto v = a.to_int();
  mpz_import(out, F::N, -1, 8, 0, 0, v.l);
}

template <class F>
void field_against_gmp(std::mt19937_64& rng, uint64_t n) {
  mpz_t p, a, b, r, t;
  mpz_inits(p, a, b, r, t, nullptr);
  mpz_import(p, F::N, -1, 8, 0, 0, F::P.l);
  for (uint64_t it = 0; it < n; ++it) {
    typename F::Int ia{}, ib{};
    for (auto& l : ia.l) l = rng();
    for (auto& l : ib.l) l = rng();
    if (it % 7 == 0) ia = F::P, ia.l[0] -= 1 + (it % 3);  // near p
    mpz_import(a, F::N, -1, 8, 0, 0, ia.l);
    mpz_import(b, F::N, -1, 8, 0, 0, ib.l);
    mpz_mod(a, a, p);
    mpz_mod(b, b, p);
    typename F::Int ca{}, cb{};
    mpz_export(ca.l, nullptr, -1, 8, 0, 0, a);
    mpz_export(cb.l, nullptr, -1, 8, 0, 0, b);
    F fa{}, fb{};
    ASSERT_TRUE(F::from_int(ca, fa));
    ASSERT_TRUE(F::from_int(cb, fb));
    to_mpz(t, fa * fb);
    mpz_mul(r, a, b);
    mpz_mod(r, r, p);
    ASSERT_EQ(mpz_cmp(t, r), 0);
    to_mpz(t, fa + fb);
    mpz_add(r, a, b);
    mpz_mod(r, r, p);
    ASSERT_EQ(mpz_cmp(t, r), 0);
    to_mpz(t, fa - fb);
    mpz_sub(r, a, b);
    mpz_mod(r, r, p);
    ASSERT_EQ(mpz_cmp(t, r), 0);
    to_mpz(t, fa.sqr());
    mpz_mul(r, a, a);
    mpz_mod(r, r, p);
    ASSERT_EQ(mpz_cmp(t, r), 0);
    if (it % 8 == 0 && mpz_sgn(a)) {
      to_mpz(t, fa.inv_var());
      mpz_invert(r, a, p);
      ASSERT_EQ(mpz_cmp(t, r), 0);
      ASSERT_EQ(fa.legendre_var(), mpz_legendre(a, p));
    }
  }
  mpz_clears(p, a, b, r, t, nullptr);
}

TEST(Bls12381Field, FqAgainstGmp) {
  auto rng = tandem::test::seeded_rng("FqAgainstGmp");
  field_against_gmp<Fq>(rng, tandem::test::iterations(2000));
}
TEST(Bls12381Field, FrAgainstGmp) {
  auto rng = tandem::test::seeded_rng("FrAgainstGmp");
  field_against_gmp<Fr>(rng, tandem::test::iterations(2000));
}

// The x86 kernels (add, subtract, product, square, Fq2 product with lazy reduction) against the
// portable code, on random values and every combination of the edge values 0, 1, 2, p-1 and the
// Montgomery -1.  Where the kernels are not compiled in, both sides are the portable code.
TEST(Bls12381Field, KernelsAgainstPortable) {
  namespace ec = tandem::coproc::ec;
  auto rng = tandem::test::seeded_rng("KernelsAgainstPortable");
  auto portable_mul2 = [](const Fq2& a, const Fq2& b) {
    Fq v0 = Fq::mul_ct(a.c0, b.c0), v1 = Fq::mul_ct(a.c1, b.c1), s = Fq::zero(), t = Fq::zero();
    ec::detail::add_mod<6>(s.l, a.c0.l, a.c1.l, Fq::P.l);
    ec::detail::add_mod<6>(t.l, b.c0.l, b.c1.l, Fq::P.l);
    Fq2 r{};
    ec::detail::sub_mod<6>(r.c0.l, v0.l, v1.l, Fq::P.l);
    Fq m = Fq::mul_ct(s, t);
    ec::detail::sub_mod<6>(m.l, m.l, v0.l, Fq::P.l);
    ec::detail::sub_mod<6>(r.c1.l, m.l, v1.l, Fq::P.l);
    return r;
  };
  Fq edge[5] = {Fq::zero(), Fq::one(), Fq::from_u64(2), -Fq::one(), Fq::zero()};
  for (size_t i = 0; i < 6; ++i) edge[4].l[i] = Fq::P.l[i];  // the canonical integer p - 1
  edge[4].l[0] -= 1;
  auto check = [&](const Fq2& a, const Fq2& b) {
    Fq s{}, d{};
    ec::detail::add_mod<6>(s.l, a.c0.l, b.c0.l, Fq::P.l);
    ec::detail::sub_mod<6>(d.l, a.c0.l, b.c1.l, Fq::P.l);
    ASSERT_TRUE(a.c0 + b.c0 == s);
    ASSERT_TRUE(a.c0 - b.c1 == d);
    ASSERT_TRUE(a.c1 * b.c0 == Fq::mul_ct(a.c1, b.c0));
    ASSERT_TRUE(a.c1.sqr() == Fq::mul_ct(a.c1, a.c1));
    ASSERT_TRUE(a * b == portable_mul2(a, b));
    ASSERT_TRUE(a.sqr() == portable_mul2(a, a));
  };
  for (size_t i = 0; i < 625; ++i)
    check({edge[i % 5], edge[i / 5 % 5]}, {edge[i / 25 % 5], edge[i / 125]});
  for (uint64_t i = 0; i < tandem::test::iterations(20000); ++i) {
    const Fq2 a{random_fq(rng), random_fq(rng)}, b{random_fq(rng), random_fq(rng)};
    check(a, b);
    check(a, {edge[i % 5], b.c1});
  }
}

TEST(Bls12381Field, BinaryInversion) {
  auto rng = tandem::test::seeded_rng("BinaryInversion");
  EXPECT_TRUE(bls::fq_inverse_var(Fq::zero()).is_zero());
  EXPECT_TRUE(bls::fq_inverse_var(Fq::one()) == Fq::one());
  EXPECT_TRUE(bls::fq_inverse_var(-Fq::one()) == -Fq::one());
  for (uint64_t i = 0; i < tandem::test::iterations(200); ++i) {
    const Fq a = random_fq(rng);
    EXPECT_TRUE(bls::fq_inverse_var(a) == a.inv_var());
  }
}

// ---- groups ------------------------------------------------------------------------------------

TEST(Bls12381Groups, Generators) {
  const G1Affine g1 = bls::g1_generator();
  const G2Affine g2 = bls::g2_generator();
  EXPECT_TRUE(g1.on_curve());
  EXPECT_TRUE(g2.on_curve());
  EXPECT_TRUE(bls::g1_in_subgroup_slow_var(g1));
  EXPECT_TRUE(bls::g2_in_subgroup_slow_var(g2));
  EXPECT_TRUE(bls::g1_in_subgroup_var(g1));
  EXPECT_TRUE(bls::g2_in_subgroup_var(g2));
  // phi acts as -x^2 (the choice of beta), psi as x.
  BigInt<2> x2{};
  x2.l[0] = bls::kX * bls::kX;  // |x|^2 as 128 bits
  x2.l[1] = uint64_t((unsigned __int128)bls::kX * bls::kX >> 64);
  const G1 x2g = tandem::coproc::ec::mul_var(G1::from_affine(g1), x2);
  EXPECT_TRUE(G1::from_affine(bls::g1_phi(g1)) == x2g.neg());
  BigInt<1> x{};
  x.l[0] = bls::kX;
  const G2 xg = tandem::coproc::ec::mul_var(G2::from_affine(g2), x);
  EXPECT_TRUE(G2::from_affine(bls::g2_psi(g2)) == xg.neg());
}

TEST(Bls12381Groups, SubgroupChecks) {
  auto rng = tandem::test::seeded_rng("SubgroupChecks");
  const uint64_t n = tandem::test::iterations(8);
  for (uint64_t i = 0; i < n; ++i) {
    const BigInt<4> k = random_scalar(rng);
    const G1Affine p = g1_times(k);
    const G2Affine q = g2_times(k);
    EXPECT_TRUE(bls::g1_in_subgroup_var(p));
    EXPECT_TRUE(bls::g2_in_subgroup_var(q));
    const G1Affine po = random_g1_off_subgroup(rng);
    const G2Affine qo = random_g2_off_subgroup(rng);
    ASSERT_TRUE(po.on_curve());
    ASSERT_TRUE(qo.on_curve());
    EXPECT_FALSE(bls::g1_in_subgroup_slow_var(po));
    EXPECT_FALSE(bls::g2_in_subgroup_slow_var(qo));
    EXPECT_FALSE(bls::g1_in_subgroup_var(po));
    EXPECT_FALSE(bls::g2_in_subgroup_var(qo));
    // decoding: ADD takes it, MSM rejects it
    uint8_t buf[288] = {};
    bls::encode_g1(po, buf);
    G1Affine d{};
    EXPECT_EQ(bls::decode_g1(buf, &d, false), bls::kOk);
    EXPECT_TRUE(d == po);
    EXPECT_EQ(bls::decode_g1(buf, &d, true), bls::kNotInSubgroup);
    buf[159] = 1;  // scalar 1
    uint8_t out[256];
    EXPECT_EQ(bls::g1_msm(buf, 1, out), bls::kNotInSubgroup);
    bls::encode_g2(qo, buf);
    buf[287] = 1;
    G2Affine e{};
    EXPECT_EQ(bls::decode_g2(buf, &e, false), bls::kOk);
    EXPECT_TRUE(e == qo);
    EXPECT_EQ(bls::decode_g2(buf, &e, true), bls::kNotInSubgroup);
    EXPECT_EQ(bls::g2_msm(buf, 1, out), bls::kNotInSubgroup);
  }
}

// Points of small order (powers of the primes 3, 11 dividing h1 and 13, 23 dividing h2), alone
// and added to a subgroup point: the endomorphism checks must reject what r*P == O rejects.
template <size_t M>
BigInt<M> big_of(const mpz_t v) {
  BigInt<M> r{};
  size_t count = 0;
  mpz_export(r.l, &count, -1, 8, 0, 0, v);
  EXPECT_LE(count, M);
  return r;
}

TEST(Bls12381Groups, CofactorTorsionRejected) {
  auto rng = tandem::test::seeded_rng("CofactorTorsionRejected");
  mpz_t x, r, h1, h2, t, s;
  mpz_inits(x, r, h1, h2, t, s, nullptr);
  mpz_set_ui(x, bls::kX);
  mpz_neg(x, x);
  // r = x^4 - x^2 + 1, h1 = (x - 1)^2 / 3,
  // h2 = (x^8 - 4x^7 + 5x^6 - 4x^4 + 6x^3 - 4x^2 - 4x + 13) / 9
  const long c2[9] = {13, -4, -4, 6, -4, 0, 5, -4, 1};
  mpz_set_si(h2, 0);
  for (int i = 8; i >= 0; --i) {
    mpz_mul(h2, h2, x);
    if (c2[i] >= 0) mpz_add_ui(h2, h2, c2[i]);
    else mpz_sub_ui(h2, h2, -c2[i]);
  }
  mpz_divexact_ui(h2, h2, 9);
  mpz_pow_ui(r, x, 4);
  mpz_pow_ui(t, x, 2);
  mpz_sub(r, r, t);
  mpz_add_ui(r, r, 1);
  mpz_sub_ui(h1, x, 1);
  mpz_mul(h1, h1, h1);
  mpz_divexact_ui(h1, h1, 3);
  for (unsigned ell : {3u, 11u}) {
    ASSERT_TRUE(mpz_divisible_ui_p(h1, ell));
    mpz_mul(s, h1, r);
    uint64_t ellv = 1;  // the ell-part of the group order: E(Fp) may hold all of E[3]
    while (mpz_divisible_ui_p(s, ell)) mpz_divexact_ui(s, s, ell), ellv *= ell;
    const auto k = big_of<16>(s);
    G1 tp = G1::identity();
    for (int tries = 0; tries < 20 && tp.is_identity(); ++tries)
      tp = tandem::coproc::ec::mul_var(G1::from_affine(random_g1_off_subgroup(rng)), k);
    ASSERT_FALSE(tp.is_identity());
    BigInt<1> l{};
    l.l[0] = ellv;
    EXPECT_TRUE(tandem::coproc::ec::mul_var(tp, l).is_identity());
    for (const G1& cand : {tp, tp + G1::from_affine(g1_times(random_scalar(rng)))}) {
      const G1Affine a = cand.to_affine();
      EXPECT_FALSE(bls::g1_in_subgroup_var(a)) << ell;
      EXPECT_FALSE(bls::g1_in_subgroup_slow_var(a)) << ell;
    }
  }
  for (unsigned ell : {13u, 23u}) {
    ASSERT_TRUE(mpz_divisible_ui_p(h2, ell));
    mpz_mul(s, h2, r);
    uint64_t ellv = 1;  // the ell-part of the group order: E(Fp) may hold all of E[3]
    while (mpz_divisible_ui_p(s, ell)) mpz_divexact_ui(s, s, ell), ellv *= ell;
    const auto k = big_of<16>(s);
    G2 tq = G2::identity();
    for (int tries = 0; tries < 20 && tq.is_identity(); ++tries)
      tq = tandem::coproc::ec::mul_var(G2::from_affine(random_g2_off_subgroup(rng)), k);
    ASSERT_FALSE(tq.is_identity());
    BigInt<1> l{};
    l.l[0] = ellv;
    EXPECT_TRUE(tandem::coproc::ec::mul_var(tq, l).is_identity());
    for (const G2& cand : {tq, tq + G2::from_affine(g2_times(random_scalar(rng)))}) {
      const G2Affine a = cand.to_affine();
      EXPECT_FALSE(bls::g2_in_subgroup_var(a)) << ell;
      EXPECT_FALSE(bls::g2_in_subgroup_slow_var(a)) << ell;
    }
  }
  mpz_clears(x, r, h1, h2, t, s, nullptr);
}

TEST(Bls12381Groups, EndomorphismMultiplication) {
  auto rng = tandem::test::seeded_rng("EndomorphismMultiplication");
  BigInt<4> r{};
  for (int i = 0; i < 4; ++i) r.l[i] = bls::FrParams::modulus[i];
  std::vector<BigInt<4>> ks = {BigInt<4>::zero(), r};
  BigInt<4> one{};
  one.l[0] = 1;
  BigInt<4> rm1 = r, rp1 = r, max{};
  rm1.sub_in_place(one);
  rp1.add_in_place(one);
  for (auto& l : max.l) l = ~0ull;
  ks.insert(ks.end(), {one, rm1, rp1, max});
  for (uint64_t i = 0; i < tandem::test::iterations(6); ++i) {
    BigInt<4> k{};
    for (auto& l : k.l) l = rng();
    ks.push_back(k);
  }
  const G1Affine p = g1_times(random_scalar(rng));
  const G2Affine q = g2_times(random_scalar(rng));
  for (const auto& k : ks) {
    EXPECT_TRUE(bls::g1_mul_var(p, k) == tandem::coproc::ec::mul_var(G1::from_affine(p), k));
    EXPECT_TRUE(bls::g2_mul_var(q, k) == tandem::coproc::ec::mul_var(G2::from_affine(q), k));
    const G1Affine p2 = bls::g1_phi(p);
    EXPECT_TRUE(bls::g1_mul2_var(p, k, p2, ks[2]) ==
                tandem::coproc::ec::mul_var(G1::from_affine(p), k) +
                    tandem::coproc::ec::mul_var(G1::from_affine(p2), ks[2]));
  }
}

TEST(Bls12381Groups, EncodingErrors) {
  uint8_t b[128] = {};
  G1Affine p{};
  EXPECT_EQ(bls::decode_g1(b, &p, true), bls::kOk);
  EXPECT_TRUE(p.infinity);
  b[15] = 1;  // top bytes
  EXPECT_EQ(bls::decode_g1(b, &p, true), bls::kInvalidField);
  b[15] = 0;
  Fq::P.to_be(b + 16, 48);  // x = p
  EXPECT_EQ(bls::decode_g1(b, &p, true), bls::kInvalidField);
  memset(b, 0, sizeof b);
  b[63] = 1;  // (1, 0)
  EXPECT_EQ(bls::decode_g1(b, &p, true), bls::kNotOnCurve);
  memset(b, 0, sizeof b);
  b[127] = 2;  // (0, 2): on the curve (4 = 0 + 4)! and of order 3, not r
  EXPECT_EQ(bls::decode_g1(b, &p, false), bls::kOk);
  EXPECT_EQ(bls::decode_g1(b, &p, true), bls::kNotInSubgroup);
}

TEST(Bls12381Groups, Compression) {
  auto rng = tandem::test::seeded_rng("Compression");
  for (int i = 0; i < 4; ++i) {
    const BigInt<4> k = random_scalar(rng);
    const G1Affine p = i == 0 ? G1Affine::identity() : g1_times(k);
    const G2Affine q = i == 0 ? G2Affine::identity() : g2_times(k);
    uint8_t c1[48], c2[96];
    bls::encode_g1_compressed(p, c1);
    bls::encode_g2_compressed(q, c2);
    G1Affine pd{};
    G2Affine qd{};
    ASSERT_EQ(bls::decode_g1_compressed(c1, &pd, true), bls::kOk);
    ASSERT_EQ(bls::decode_g2_compressed(c2, &qd, true), bls::kOk);
    EXPECT_TRUE(pd == p);
    EXPECT_TRUE(qd == q);
    const G1Affine pn = p.neg();
    bls::encode_g1_compressed(pn, c1);
    ASSERT_EQ(bls::decode_g1_compressed(c1, &pd, true), bls::kOk);
    EXPECT_TRUE(pd == pn);
  }
  // The generator's well-known compressed form.
  uint8_t c[48];
  bls::encode_g1_compressed(bls::g1_generator(), c);
  EXPECT_EQ(hex(c, 48),
            "97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af0"
            "0adb22c6bb");
  // The ceremony's [tau]G2 constant is its published compressed point.
  const Bytes tau = unhex(
      "b5bfd7dd8cdeb128843bc287230af38926187075cbfbefa81009a2ce615ac53d2914e5870cb452d2afaaab24f3"
      "499f72185cbfee53492714734429b7b38608e23926c911cceceac9a36851477ba4c60b087041de621000edc98e"
      "dada20c1def2");
  G2Affine t{};
  ASSERT_EQ(bls::decode_g2_compressed(tau.data(), &t, true), bls::kOk);
  EXPECT_TRUE(t == bls::kzg_tau_g2());
  // Flag errors.
  G1Affine d{};
  uint8_t bad[48] = {};
  EXPECT_EQ(bls::decode_g1_compressed(bad, &d, true), bls::kInvalidEncoding);  // not compressed
  bad[0] = 0xc0;
  EXPECT_EQ(bls::decode_g1_compressed(bad, &d, true), bls::kOk);
  EXPECT_TRUE(d.infinity);
  bad[0] = 0xe0;  // infinity with sign
  EXPECT_EQ(bls::decode_g1_compressed(bad, &d, true), bls::kInvalidEncoding);
  bad[0] = 0xc0;
  bad[47] = 1;  // infinity with x != 0
  EXPECT_EQ(bls::decode_g1_compressed(bad, &d, true), bls::kInvalidEncoding);
  Fq::P.to_be(bad, 48);
  bad[0] |= 0x80;  // x = p
  EXPECT_EQ(bls::decode_g1_compressed(bad, &d, true), bls::kInvalidField);
}

// Malformed inputs of every kind give an error code, never a crash (the sanitizer build watches
// the reads): random bytes, random field elements (almost never on the curve), and valid points
// with one byte changed.
TEST(Bls12381Groups, MalformedInputs) {
  auto rng = tandem::test::seeded_rng("MalformedInputs");
  const uint64_t n = tandem::test::iterations(40);
  uint8_t a[512], b[512], c[768], out[256];
  bool ok = false;
  for (uint64_t it = 0; it < n; ++it) {
    for (uint8_t* buf : {a, b, c})
      for (size_t i = 0; i < 512; ++i) buf[i] = uint8_t(rng());
    const int mode = int(it % 3);
    if (mode == 1)  // canonical-looking coordinates: zero top bytes, a value below p
      for (uint8_t* buf : {a, b, c})
        for (size_t off = 0; off < 512; off += 64) memset(buf + off, 0, 17);
    if (mode == 2) {  // valid points, the first with one byte changed
      bls::encode_g1(g1_times(random_scalar(rng)), a);
      bls::encode_g1(g1_times(random_scalar(rng)), a + 128);
      a[rng() % 128] ^= uint8_t(1 + rng() % 255);
      bls::encode_g2(g2_times(random_scalar(rng)), b);
      bls::encode_g2(g2_times(random_scalar(rng)), b + 256);
      b[rng() % 256] ^= uint8_t(1 + rng() % 255);
      memcpy(c, a, 128);
      bls::encode_g2(g2_times(random_scalar(rng)), c + 128);
    }
    EXPECT_NE(bls::g1_add(a, out), 0);
    EXPECT_NE(bls::g1_msm(a, 1, out), 0);
    EXPECT_NE(bls::g2_add(b, out), 0);
    EXPECT_NE(bls::g2_msm(b, 1, out), 0);
    EXPECT_NE(bls::pairing_check(c, 1, &ok), 0);
    G1Affine p{};
    G2Affine q{};
    a[0] |= 0x80;  // compressed flag set, the rest random: any outcome, no crash
    (void)bls::decode_g1_compressed(a, &p, true);
    (void)bls::decode_g2_compressed(a, &q, true);
  }
}

// ---- pairing -----------------------------------------------------------------------------------

TEST(Bls12381Pairing, Bilinearity) {
  auto rng = tandem::test::seeded_rng("Bilinearity");
  const G1Affine g1 = bls::g1_generator();
  const G2Affine g2 = bls::g2_generator();
  const Fq12 e = bls::pairing_var(g1, g2);
  EXPECT_FALSE(e.is_one());
  BigInt<4> r{};
  for (int i = 0; i < 4; ++i) r.l[i] = bls::FrParams::modulus[i];
  EXPECT_TRUE(e.pow_var(r).is_one());
  const uint64_t n = tandem::test::iterations(2);
  for (uint64_t i = 0; i < n; ++i) {
    const BigInt<4> a = random_scalar(rng), b = random_scalar(rng);
    const BigInt<4> ab = (fr_of(a) * fr_of(b)).to_int();
    const Fq12 lhs = bls::pairing_var(g1_times(a), g2_times(b));
    EXPECT_TRUE(lhs == e.pow_var(ab));
    EXPECT_TRUE(lhs == bls::pairing_var(g1_times(ab), g2));
  }
}

// The final exponentiation (compressed squarings, batched decompression) against the plain power
// f^(3 (p^12 - 1) / r) (the hard part of eprint 2020/875 computes the cube of the usual result),
// on random elements and on 1, where the compressed form cannot be decompressed and the
// uncompressed path is taken.
TEST(Bls12381Pairing, FinalExponentiationIsThePower) {
  auto rng = tandem::test::seeded_rng("FinalExponentiationIsThePower");
  mpz_t p, r, e;
  mpz_inits(p, r, e, nullptr);
  mpz_import(p, 6, -1, 8, 0, 0, bls::FpParams::modulus);
  mpz_import(r, 4, -1, 8, 0, 0, bls::FrParams::modulus);
  mpz_pow_ui(e, p, 12);
  mpz_sub_ui(e, e, 1);
  ASSERT_TRUE(mpz_divisible_p(e, r));
  mpz_divexact(e, e, r);
  mpz_mul_ui(e, e, 3);
  BigInt<72> big{};
  size_t words = 0;
  ASSERT_LE(mpz_sizeinbase(e, 2), 72u * 64);
  mpz_export(big.l, &words, -1, 8, 0, 0, e);
  mpz_clears(p, r, e, nullptr);
  auto fq = [&] { return Fq::from_u64(rng()) * Fq::from_u64(rng()) + Fq::from_u64(rng()); };
  auto fq2 = [&] { return Fq2{fq(), fq()}; };
  const uint64_t n = tandem::test::iterations(2);
  for (uint64_t i = 0; i < n; ++i) {
    const Fq12 f{{fq2(), fq2(), fq2()}, {fq2(), fq2(), fq2()}};
    EXPECT_TRUE(bls::final_exponentiation_var(f) == f.pow_var(big));
  }
  EXPECT_TRUE(bls::final_exponentiation_var(Fq12::one()).is_one());
}

TEST(Bls12381Pairing, MultiPairing) {
  auto rng = tandem::test::seeded_rng("MultiPairing");
  const G1Affine g1 = bls::g1_generator();
  const G2Affine g2 = bls::g2_generator();
  {
    const G1Affine ps[2] = {g1, g1.neg()};
    const G2Affine qs[2] = {g2, g2};
    EXPECT_TRUE(bls::pairing_check_var(ps, qs, 2));
    const G1Affine ps2[2] = {g1, g1};
    EXPECT_FALSE(bls::pairing_check_var(ps2, qs, 2));
  }
  // 11 pairs (more than one chunk of the Miller loop), two with an infinity point, the last
  // chosen so that the sum of a_i b_i over the others is zero.
  const size_t n = 11;
  std::vector<G1Affine> ps(n);
  std::vector<G2Affine> qs(n);
  Fr sum = Fr::zero();
  std::vector<Fr> as(n), bs(n);
  for (size_t i = 0; i + 1 < n; ++i) {
    const BigInt<4> a = random_scalar(rng), b = random_scalar(rng);
    as[i] = fr_of(a);
    bs[i] = fr_of(b);
    ps[i] = g1_times(a);
    qs[i] = g2_times(b);
    if (i != 3) sum = sum + as[i] * bs[i];
  }
  ps[3] = G1Affine::identity();
  qs[5] = G2Affine::identity();
  sum = sum - as[5] * bs[5];
  ps[n - 1] = g1_times((-sum).to_int());
  qs[n - 1] = g2;
  EXPECT_TRUE(bls::pairing_check_var(ps.data(), qs.data(), n));
  ps[n - 1] = g1_times(((-sum) + Fr::one()).to_int());
  EXPECT_FALSE(bls::pairing_check_var(ps.data(), qs.data(), n));
  EXPECT_TRUE(bls::pairing_check_var(ps.data(), qs.data(), 0));
}

// ---- MSM ---------------------------------------------------------------------------------------

TEST(Bls12381Msm, AgainstNaiveSum) {
  auto rng = tandem::test::seeded_rng("AgainstNaiveSum");
#if defined(__OPTIMIZE__)
  const std::vector<size_t> sizes = {1, 2, 3, 9, 40, 64, 300};
#else
  const std::vector<size_t> sizes = {1, 2, 3, 9};
#endif
  for (size_t n : sizes) {
    Bytes in1(n * 160), in2(n * 288);
    G1 s1 = G1::identity();
    G2 s2 = G2::identity();
    for (size_t i = 0; i < n; ++i) {
      const BigInt<4> k = random_scalar(rng);
      BigInt<4> sc{};
      for (auto& l : sc.l) l = rng();  // any 256-bit scalar, not reduced
      if (i == 1) sc = BigInt<4>::zero();
      const G1Affine p = i == 2 ? G1Affine::identity() : g1_times(k);
      const G2Affine q = i == 2 ? G2Affine::identity() : g2_times(k);
      bls::encode_g1(p, &in1[i * 160]);
      sc.to_be(&in1[i * 160 + 128], 32);
      bls::encode_g2(q, &in2[i * 288]);
      sc.to_be(&in2[i * 288 + 256], 32);
      s1 = s1 + tandem::coproc::ec::mul_var(G1::from_affine(p), sc);
      s2 = s2 + tandem::coproc::ec::mul_var(G2::from_affine(q), sc);
    }
    uint8_t o1[128], o2[256], e1[128], e2[256];
    ASSERT_EQ(bls::g1_msm(in1.data(), n, o1), 0);
    ASSERT_EQ(bls::g2_msm(in2.data(), n, o2), 0);
    bls::encode_g1(s1.to_affine(), e1);
    bls::encode_g2(s2.to_affine(), e2);
    EXPECT_EQ(hex(o1, 128), hex(e1, 128)) << n;
    EXPECT_EQ(hex(o2, 256), hex(e2, 256)) << n;
  }
}

// The AVX-512 IFMA bucket additions against the portable Pippenger: distinct points, points
// repeated and negated (the doubling and cancellation cases go to the Jacobian overflow), infinity,
// zero and unreduced scalars, short scalars (few buckets: most points wait for their bucket), and
// g1_msm_var itself above the size where it takes the IFMA path.
TEST(Bls12381Msm, IfmaMatchesPortable) {
  if (!bls::ifma_available()) GTEST_SKIP() << "this CPU has no AVX-512 IFMA";
  auto rng = tandem::test::seeded_rng("IfmaMatchesPortable");
  const G1Affine g = g1_times(random_scalar(rng));
  const size_t kMax = 2500;
  std::vector<G1Affine> ps(kMax);
  G1 acc = G1::from_affine(g);
  for (size_t i = 0; i < kMax; ++i) {  // multiples of g, some doubled: distinct, cheap to make
    ps[i] = acc.to_affine();
    acc = i % 5 == 1 ? acc.dbl() : acc.add_mixed(g);
  }
  auto scalars = [&](size_t n, unsigned bits) {
    std::vector<BigInt<4>> ks(n);
    for (auto& k : ks) {
      for (auto& l : k.l) l = rng();
      for (unsigned b = bits; b < 256; ++b) k.l[b / 64] &= ~(uint64_t(1) << (b % 64));
    }
    return ks;
  };
  for (size_t n : {size_t(1), size_t(9), size_t(100), size_t(700), kMax}) {
    for (unsigned bits : {256u, 128u, 12u}) {
      std::vector<G1Affine> p(ps.begin(), ps.begin() + long(n));
      std::vector<BigInt<4>> k = scalars(n, bits);
      if (n > 50) {
        p[3] = p[2];          // the same point twice: a doubling in a shared bucket
        k[3] = k[2];
        p[5] = p[4].neg();    // P and -P with one scalar: a cancellation
        k[5] = k[4];
        p[7] = G1Affine::identity();
        k[8] = BigInt<4>::zero();
        for (size_t i = 20; i < 40; ++i) p[i] = p[10], k[i] = k[10 + i % 3];  // repeats
      }
      G1 want, got;
      ASSERT_TRUE(bls::g1_msm_portable_var(p.data(), k.data(), n, want));
      ASSERT_TRUE(bls::g1_pippenger_ifma_var(p.data(), k.data(), n, got, bits));
      EXPECT_TRUE(got == want) << "n " << n << " bits " << bits;
      if (bits == 256) {
        ASSERT_TRUE(bls::g1_msm_var(p.data(), k.data(), n, got));
        EXPECT_TRUE(got == want) << "g1_msm_var, n " << n;
      }
    }
  }
}

// decode_g1_batch (eight-lane subgroup checks where the CPU has IFMA) gives what decoding one point
// at a time gives: the error of the lowest failing record, whatever mix of failures follows it.
TEST(Bls12381Msm, DecodeBatchMatchesOnePointAtATime) {
  auto rng = tandem::test::seeded_rng("DecodeBatchMatchesOnePointAtATime");
  const size_t n = 37;  // four full groups of eight and a partial one
  std::vector<G1Affine> good(n);
  for (auto& p : good) p = g1_times(random_scalar(rng));
  good[6] = G1Affine::identity();
  for (int trial = 0; trial < 12; ++trial) {
    Bytes in(n * 160);
    for (size_t i = 0; i < n; ++i) bls::encode_g1(good[i], &in[i * 160]);
    // up to three bad records of random kinds at random places
    for (int b = trial % 4; b > 0; --b) {
      const size_t at = rng() % n;
      switch (rng() % 3) {
        case 0: bls::encode_g1(random_g1_off_subgroup(rng), &in[at * 160]); break;
        case 1: in[at * 160 + 127] ^= 1; break;  // off the curve
        default: in[at * 160] = 1; break;        // a coordinate's top bytes not zero
      }
    }
    int want = 0;
    size_t want_at = 0;
    for (size_t i = 0; i < n && want == 0; ++i) {
      G1Affine p;
      want = bls::decode_g1(&in[i * 160], &p, true);
      want_at = i;
    }
    std::vector<G1Affine> out(n);
    size_t bad = n;
    const int got = bls::decode_g1_batch(in.data(), 160, n, out.data(), &bad);
    EXPECT_EQ(got, want) << "trial " << trial;
    if (want != 0) {
      EXPECT_EQ(bad, want_at) << "trial " << trial;
    } else {
      for (size_t i = 0; i < n; ++i) EXPECT_TRUE(out[i] == good[i]) << i;
    }
  }
  // the eight-lane check itself against the one-point test, with points off the subgroup
  if (bls::ifma_available()) {
    std::vector<G1Affine> pts(good);
    for (int trial = 0; trial < 20; ++trial) {
      const size_t at = rng() % n;
      const G1Affine save = pts[at];
      pts[at] = random_g1_off_subgroup(rng);
      EXPECT_EQ(bls::g1_subgroup_check_ifma_var(pts.data(), n), at);
      pts[at] = save;
    }
    EXPECT_EQ(bls::g1_subgroup_check_ifma_var(pts.data(), n), n);
    const G1Affine order3{Fq::zero(), Fq::from_u64(2), false};  // (0, 2): 3 P = O
    ASSERT_TRUE(order3.on_curve());
    pts[9] = order3;
    EXPECT_EQ(bls::g1_subgroup_check_ifma_var(pts.data(), n), 9u);
  }
}

// Pippenger's batched affine additions meet doublings (the same point twice in a bucket) and
// cancellations (P and -P): many copies of few points make both frequent.
TEST(Bls12381Msm, PippengerSpecialCases) {
  auto rng = tandem::test::seeded_rng("PippengerSpecialCases");
#if defined(__OPTIMIZE__)
  const size_t n = 3000;
#else
  const size_t n = 70;
#endif
  const G1Affine base[3] = {g1_times(random_scalar(rng)), g1_times(random_scalar(rng)),
                            G1Affine::identity()};
  const G2Affine base2[2] = {g2_times(random_scalar(rng)), g2_times(random_scalar(rng))};
  std::vector<G1Affine> ps(n);
  std::vector<G2Affine> qs(n);
  std::vector<BigInt<4>> ks(n);
  Fr c1[3] = {Fr::zero(), Fr::zero(), Fr::zero()}, c2[2] = {Fr::zero(), Fr::zero()};
  for (size_t i = 0; i < n; ++i) {
    const size_t j = rng() % 3;
    const bool neg = rng() & 1;
    ps[i] = neg ? base[j].neg() : base[j];
    qs[i] = neg ? base2[j % 2].neg() : base2[j % 2];
    BigInt<4> k{};
    k.l[0] = rng() % 5;  // small scalars: many points share each bucket
    if (i % 7 == 0)
      for (auto& l : k.l) l = rng();
    ks[i] = k;
    // the scalar mod r as a field element: k = sum l_i 2^(64 i)
    Fr kf = Fr::zero(), w = Fr::one();
    const Fr two64 = Fr::from_u64(1ull << 32) * Fr::from_u64(1ull << 32);
    for (int l = 0; l < 4; ++l, w = w * two64) kf = kf + Fr::from_u64(k.l[l] >> 1).dbl() * w +
                                                   Fr::from_u64(k.l[l] & 1) * w;
    c1[j] = neg ? c1[j] - kf : c1[j] + kf;
    c2[j % 2] = neg ? c2[j % 2] - kf : c2[j % 2] + kf;
  }
  G1 r1;
  G2 r2;
  ASSERT_TRUE(bls::g1_msm_var(ps.data(), ks.data(), n, r1));
  ASSERT_TRUE(bls::g2_msm_var(qs.data(), ks.data(), n, r2));
  const G1 e1 = tandem::coproc::ec::mul_var(G1::from_affine(base[0]), c1[0].to_int()) +
                tandem::coproc::ec::mul_var(G1::from_affine(base[1]), c1[1].to_int());
  const G2 e2 = tandem::coproc::ec::mul_var(G2::from_affine(base2[0]), c2[0].to_int()) +
                tandem::coproc::ec::mul_var(G2::from_affine(base2[1]), c2[1].to_int());
  EXPECT_TRUE(r1 == e1);
  EXPECT_TRUE(r2 == e2);
}

// ---- KZG ---------------------------------------------------------------------------------------

TEST(Bls12381Kzg, Errors) {
  LOAD_OR_SKIP(text, "go-ethereum/pointEvaluation.json");
  const auto cases = nlohmann::json::parse(text);
  const Bytes in = unhex(cases[0]["Input"].get<std::string>());
  bool ok = false;
  Bytes z(in.begin() + 32, in.begin() + 64), y(in.begin() + 64, in.begin() + 96);
  const uint8_t* c = in.data() + 96;
  const uint8_t* pr = in.data() + 144;
  ASSERT_EQ(bls::kzg_verify_proof(c, z.data(), y.data(), pr, &ok), 0);
  EXPECT_TRUE(ok);
  y[31] ^= 1;  // a different value
  ASSERT_EQ(bls::kzg_verify_proof(c, z.data(), y.data(), pr, &ok), 0);
  EXPECT_FALSE(ok);
  y[31] ^= 1;
  Bytes r = unhex("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001");
  EXPECT_EQ(bls::kzg_verify_proof(c, r.data(), y.data(), pr, &ok), bls::kInvalidField);
  EXPECT_EQ(bls::kzg_verify_proof(c, z.data(), r.data(), pr, &ok), bls::kInvalidField);
  Bytes cb(c, c + 48);
  cb[0] &= 0x7f;
  EXPECT_EQ(bls::kzg_verify_proof(cb.data(), z.data(), y.data(), pr, &ok), bls::kInvalidEncoding);
  // Infinity commitment and proof: valid points; C = O, y = 0 and proof = O verify.
  uint8_t inf[48] = {0xc0};
  Bytes zero(32, 0);
  ASSERT_EQ(bls::kzg_verify_proof(inf, z.data(), zero.data(), inf, &ok), 0);
  EXPECT_TRUE(ok);
}

}  // namespace
