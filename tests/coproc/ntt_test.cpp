// tests/coproc/ntt_test.cpp: the NTT family: field constants checked with GMP, field arithmetic
// against GMP and 128-bit references, every direction against a naive DFT, round trips, batches,
// the AVX2, AVX-512 and BMI2/ADX paths against the portable one, validation, and the one-shot
// functions from two threads.
#include <gmp.h>
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "coproc/ntt/field.h"
#include "coproc/ntt/kernels.h"
#include "coproc/ntt/ntt.h"
#include "vectors.h"

namespace {

using namespace tandem::coproc::ntt;
namespace fd = tandem::coproc::ntt::field;
using u128 = unsigned __int128;

// ---- GMP helpers ------------------------------------------------------------------------------

struct Mpz {
  mpz_t v;
  Mpz() { mpz_init(v); }
  explicit Mpz(const char* dec) { mpz_init_set_str(v, dec, 10); }
  explicit Mpz(unsigned long x) { mpz_init_set_ui(v, x); }
  ~Mpz() { mpz_clear(v); }
  Mpz(const Mpz&) = delete;
  Mpz& operator=(const Mpz&) = delete;
};

void to_mpz(mpz_t out, const fd::Bn254::T& a) { mpz_import(out, 4, -1, 8, 0, 0, a.v); }
void to_mpz(mpz_t out, uint64_t a) { mpz_import(out, 1, -1, 8, 0, 0, &a); }
fd::Bn254::T from_mpz(const mpz_t x) {
  fd::Bn254::T a{};
  size_t count = 0;
  mpz_export(a.v, &count, -1, 8, 0, 0, x);
  return a;
}

template <class F>
void modulus(mpz_t out) {
  if constexpr (std::is_same_v<F, fd::Bn254>) {
    to_mpz(out, F::P);
  } else {
    to_mpz(out, uint64_t(F::P));
  }
}

// g generates the multiplicative group iff g^((p-1)/q) != 1 for every prime q | p-1.  The
// factorisations are checked: their product is p-1 and every factor is a probable prime.
template <class F>
void check_generator(const std::vector<const char*>& primes, unsigned two_adicity) {
  Mpz p, pm1, rest, e, t, g(F::kGenerator);
  modulus<F>(p.v);
  EXPECT_GT(mpz_probab_prime_p(p.v, 40), 0) << "modulus is not prime";
  mpz_sub_ui(pm1.v, p.v, 1);
  mpz_set(rest.v, pm1.v);
  EXPECT_EQ(mpz_scan1(pm1.v, 0), two_adicity) << "two-adicity";
  std::vector<std::string> qs = {"2"};
  mpz_fdiv_q_2exp(rest.v, rest.v, two_adicity);
  for (const char* q : primes) {
    Mpz qq(q);
    ASSERT_GT(mpz_probab_prime_p(qq.v, 40), 0) << q << " is not prime";
    ASSERT_TRUE(mpz_divisible_p(rest.v, qq.v)) << q << " does not divide p-1";
    while (mpz_divisible_p(rest.v, qq.v)) mpz_divexact(rest.v, rest.v, qq.v);
    qs.push_back(q);
  }
  ASSERT_EQ(mpz_cmp_ui(rest.v, 1), 0) << "factorisation of p-1 incomplete";
  for (const auto& q : qs) {
    Mpz qq(q.c_str());
    mpz_divexact(e.v, pm1.v, qq.v);
    mpz_powm(t.v, g.v, e.v, p.v);
    EXPECT_NE(mpz_cmp_ui(t.v, 1), 0) << "generator is a " << q << "-th power";
  }
}

// ---- random elements --------------------------------------------------------------------------

template <class F>
typename F::T random_elem(std::mt19937_64& rng) {
  // A few edge values among the random ones.
  const uint64_t pick = rng() % 16;
  if constexpr (std::is_same_v<F, fd::Bn254>) {
    fd::Bn254::T a;
    if (pick == 0) return fd::Bn254::zero();
    if (pick == 1) return fd::Bn254::sub(fd::Bn254::zero(), fd::Bn254::one());
    for (auto& l : a.v) l = rng();
    a.v[3] %= F::P.v[3];
    return a;
  } else {
    if (pick == 0) return 0;
    if (pick == 1) return typename F::T(F::P - 1);
    return typename F::T(rng() % F::P);
  }
}

template <class F>
std::vector<typename F::T> random_vec(std::mt19937_64& rng, size_t n) {
  std::vector<typename F::T> v(n);
  for (auto& x : v) x = random_elem<F>(rng);
  return v;
}

template <class F>
constexpr Field field_of() {
  if constexpr (std::is_same_v<F, fd::Goldilocks>) return Field::kGoldilocks;
  if constexpr (std::is_same_v<F, fd::BabyBear>) return Field::kBabyBear;
  return Field::kBn254;
}

template <class F>
typename F::T pow_u(typename F::T b, uint64_t e) {
  return fd::pow_std<F>(b, e);
}
template <class F>
typename F::T inv(typename F::T a) {
  Mpz p, x;
  modulus<F>(p.v);
  if constexpr (std::is_same_v<F, fd::Bn254>) {
    to_mpz(x.v, a);
    mpz_invert(x.v, x.v, p.v);
    return from_mpz(x.v);
  } else {
    to_mpz(x.v, uint64_t(a));
    mpz_invert(x.v, x.v, p.v);
    return typename F::T(mpz_get_ui(x.v));
  }
}
// omega_n computed independently of the library: with GMP.
template <class F>
typename F::T omega(unsigned log_n) {
  Mpz p, e, g(F::kGenerator), r;
  modulus<F>(p.v);
  mpz_sub_ui(e.v, p.v, 1);
  mpz_fdiv_q_2exp(e.v, e.v, log_n);
  mpz_powm(r.v, g.v, e.v, p.v);
  if constexpr (std::is_same_v<F, fd::Bn254>) {
    return from_mpz(r.v);
  } else {
    return typename F::T(mpz_get_ui(r.v));
  }
}

enum Op { kFwd, kInv, kCosetFwd, kCosetInv };
const char* kOpName[] = {"forward", "inverse", "coset_forward", "coset_inverse"};

void apply(const Plan& plan, Op op, void* data, size_t count) {
  switch (op) {
    case kFwd: plan.forward(data, count); break;
    case kInv: plan.inverse(data, count); break;
    case kCosetFwd: plan.coset_forward(data, count); break;
    case kCosetInv: plan.coset_inverse(data, count); break;
  }
}

// Output i of the naive transform of x (the header's definitions).
template <class F>
typename F::T naive_at(const std::vector<typename F::T>& x, unsigned log_n, Op op, size_t i) {
  using T = typename F::T;
  const size_t n = x.size();
  const T g = F::from_u64(F::kGenerator);
  T w = omega<F>(log_n);
  if (op == kInv || op == kCosetInv) w = inv<F>(w);
  const T wi = pow_u<F>(w, i);
  T base = wi;  // (g * w^i)^j for coset_forward, w^(+-ij) otherwise
  if (op == kCosetFwd) base = fd::mul_std<F>(g, wi);
  T acc = F::zero(), pw = F::one();
  const T base_m = F::to_mult(base);
  for (size_t j = 0; j < n; ++j) {
    acc = F::add(acc, fd::mul_std<F>(x[j], pw));
    pw = F::mul(pw, base_m);
  }
  if (op == kInv || op == kCosetInv) acc = fd::mul_std<F>(acc, inv<F>(F::from_u64(n)));
  if (op == kCosetInv) acc = fd::mul_std<F>(acc, inv<F>(pow_u<F>(g, i)));
  return acc;
}

template <class F>
class NttTest : public ::testing::Test {};
using Fields = ::testing::Types<fd::Goldilocks, fd::BabyBear, fd::Bn254>;
TYPED_TEST_SUITE(NttTest, Fields);

// ---- constants and arithmetic -----------------------------------------------------------------

TEST(NttConstants, Goldilocks) {
  EXPECT_EQ(fd::Goldilocks::P, (u128(1) << 64) - (u128(1) << 32) + 1);
  check_generator<fd::Goldilocks>({"3", "5", "17", "257", "65537"}, 32);
}
TEST(NttConstants, BabyBear) {
  EXPECT_EQ(fd::BabyBear::P, 15u * (1u << 27) + 1);
  check_generator<fd::BabyBear>({"3", "5"}, 27);
  EXPECT_EQ(uint32_t(fd::BabyBear::P * fd::BabyBear::kNegInv), 0xffffffffu);
}
TEST(NttConstants, Bn254) {
  Mpz r("21888242871839275222246405745257275088548364400416034343698204186575808495617"), p;
  modulus<fd::Bn254>(p.v);
  EXPECT_EQ(mpz_cmp(r.v, p.v), 0);
  check_generator<fd::Bn254>({"3", "13", "29", "983", "11003", "237073", "405928799",
                              "1670836401704629", "13818364434197438864469338081"},
                             28);
  EXPECT_EQ(fd::Bn254::P.v[0] * fd::Bn254::kNegInv, ~uint64_t(0));
  // R^2 mod r.
  Mpz r2, two(2);
  mpz_powm_ui(r2.v, two.v, 512, r.v);
  Mpz got;
  to_mpz(got.v, fd::Bn254::r2());
  EXPECT_EQ(mpz_cmp(got.v, r2.v), 0);
}

// omega_n has order exactly n: omega^(n/2) = -1, for every n the plans use; the library's roots
// (through its transform of a unit vector) agree with GMP's.
TYPED_TEST(NttTest, RootsOfUnity) {
  using F = TypeParam;
  for (unsigned k = 1; k <= max_log_n(field_of<F>()); ++k) {
    const auto w = omega<F>(k);
    EXPECT_EQ(pow_u<F>(w, uint64_t(1) << (k - 1)), F::sub(F::zero(), F::one())) << "k=" << k;
  }
  // forward of e_1 is (omega^i)_i.
  for (unsigned k : {3u, 13u}) {
    const size_t n = size_t(1) << k;
    std::vector<typename F::T> x(n, F::zero());
    x[1] = F::one();
    ASSERT_TRUE(forward(field_of<F>(), k, x.data(), 1));
    const auto w = omega<F>(k);
    EXPECT_EQ(x[1], w);
    EXPECT_EQ(x[n / 2], F::sub(F::zero(), F::one()));
    EXPECT_EQ(x[n - 1], inv<F>(w));
  }
}

TEST(NttArithmetic, Bn254VsGmp) {
  auto rng = tandem::test::seeded_rng("NttArithmetic.Bn254VsGmp");
  using F = fd::Bn254;
  Mpz r, a, b, c, want, got, rinv;
  modulus<F>(r.v);
  mpz_set_ui(rinv.v, 1);
  mpz_mul_2exp(rinv.v, rinv.v, 256);
  mpz_invert(rinv.v, rinv.v, r.v);
  const uint64_t iters = tandem::test::iterations(2000);
  for (uint64_t it = 0; it < iters; ++it) {
    const auto x = random_elem<F>(rng), y = random_elem<F>(rng);
    to_mpz(a.v, x);
    to_mpz(b.v, y);
    mpz_add(want.v, a.v, b.v);
    mpz_mod(want.v, want.v, r.v);
    to_mpz(got.v, F::add(x, y));
    ASSERT_EQ(mpz_cmp(got.v, want.v), 0) << "add";
    mpz_sub(want.v, a.v, b.v);
    mpz_mod(want.v, want.v, r.v);
    to_mpz(got.v, F::sub(x, y));
    ASSERT_EQ(mpz_cmp(got.v, want.v), 0) << "sub";
    mpz_mul(want.v, a.v, b.v);
    mpz_mod(want.v, want.v, r.v);
    to_mpz(got.v, fd::mul_std<F>(x, y));
    ASSERT_EQ(mpz_cmp(got.v, want.v), 0) << "mul";
    mpz_mul(want.v, want.v, rinv.v);
    mpz_mod(want.v, want.v, r.v);
    to_mpz(got.v, F::mul(x, y));
    ASSERT_EQ(mpz_cmp(got.v, want.v), 0) << "montgomery mul";
  }
}

// The mulx/adc BN254 kernels against the portable ones, element by element, on random and edge
// values (r - 1, 0): products, sums and differences of every kernel.
TEST(NttArithmetic, Bn254AdxKernelsVsPortable) {
  if (!__builtin_cpu_supports("bmi2") || !__builtin_cpu_supports("adx")) GTEST_SKIP();
  auto rng = tandem::test::seeded_rng("NttArithmetic.Bn254AdxKernelsVsPortable");
  using F = fd::Bn254;
  namespace dt = tandem::coproc::ntt::detail;
  const auto fast = dt::adx_bn254();
  const auto slow = dt::portable::kernels<F>();
  constexpr size_t n = 64, lanes = 2;
  for (int it = 0; it < 20; ++it) {
    const auto x = random_vec<F>(rng, n * lanes), t = random_vec<F>(rng, n),
               t3 = random_vec<F>(rng, n);
    auto a = x, b = x;
    fast.mul_pointwise(a.data(), t.data(), n, 1);
    slow.mul_pointwise(b.data(), t.data(), n, 1);
    ASSERT_EQ(a, b) << "mul_pointwise";
    for (size_t half : {1, 4, 32}) {
      fast.dif_level(a.data(), n, half, lanes, t.data());
      slow.dif_level(b.data(), n, half, lanes, t.data());
      ASSERT_EQ(a, b) << "dif_level " << half;
    }
    for (size_t q : {1, 4, 16}) {
      fast.dif_radix4(a.data(), n, q, lanes, t.data(), t3.data());
      slow.dif_radix4(b.data(), n, q, lanes, t.data(), t3.data());
      ASSERT_EQ(a, b) << "dif_radix4 " << q;
    }
    fast.mul_outer(a.data(), n / 2, lanes, t.data(), x.data(), lanes);
    slow.mul_outer(b.data(), n / 2, lanes, t.data(), x.data(), lanes);
    ASSERT_EQ(a, b) << "mul_outer";
  }
}

TEST(NttArithmetic, SmallFieldsVs128Bit) {
  auto rng = tandem::test::seeded_rng("NttArithmetic.SmallFieldsVs128Bit");
  const uint64_t iters = tandem::test::iterations(20000);
  for (uint64_t it = 0; it < iters; ++it) {
    {
      using F = fd::Goldilocks;
      const u128 p = F::P;
      const uint64_t a = random_elem<F>(rng), b = random_elem<F>(rng);
      ASSERT_EQ(F::add(a, b), uint64_t((u128(a) + b) % p));
      ASSERT_EQ(F::sub(a, b), uint64_t((u128(a) + p - b) % p));
      ASSERT_EQ(F::mul(a, b), uint64_t(u128(a) * b % p)) << a << " * " << b;
      const u128 any = (u128(rng()) << 64) | rng();
      ASSERT_EQ(F::reduce128(any), uint64_t(any % p));
    }
    {
      using F = fd::BabyBear;
      const uint64_t p = F::P;
      const uint32_t a = random_elem<F>(rng), b = random_elem<F>(rng);
      ASSERT_EQ(F::add(a, b), (uint64_t(a) + b) % p);
      ASSERT_EQ(F::sub(a, b), (uint64_t(a) + p - b) % p);
      ASSERT_EQ(fd::mul_std<F>(a, b), uint64_t(a) * b % p);
    }
  }
  // The extremes of the Goldilocks reduction.
  using G = fd::Goldilocks;
  for (u128 x : {~u128(0), u128(G::P) * G::P, (u128(G::P - 1) * (G::P - 1)), u128(G::P),
                 u128(1) << 96, (u128(1) << 96) - 1, u128(~uint64_t(0))}) {
    EXPECT_EQ(G::reduce128(x), uint64_t(x % G::P));
  }
}

// ---- transforms -------------------------------------------------------------------------------

TYPED_TEST(NttTest, MatchesNaiveDft) {
  using F = TypeParam;
  auto rng = tandem::test::seeded_rng("NttTest.MatchesNaiveDft");
  for (Impl impl : {Impl::kAuto, Impl::kAvx2, Impl::kPortable}) {
    for (unsigned k = 0; k <= 6; ++k) {
      const size_t n = size_t(1) << k;
      const auto plan = Plan::create(field_of<F>(), k, impl);
      ASSERT_TRUE(plan);
      for (Op op : {kFwd, kInv, kCosetFwd, kCosetInv}) {
        const auto x = random_vec<F>(rng, n);
        auto y = x;
        apply(*plan, op, y.data(), 1);
        for (size_t i = 0; i < n; ++i) {
          ASSERT_EQ(y[i], naive_at<F>(x, k, op, i)) << kOpName[op] << " n=" << n << " i=" << i;
        }
      }
    }
  }
}

// The four-step path (n > 2^12), spot-checked against the naive sum at random outputs, for an
// even and an odd split of log n.
TYPED_TEST(NttTest, LargeMatchesNaiveAtSamples) {
  using F = TypeParam;
  auto rng = tandem::test::seeded_rng("NttTest.LargeMatchesNaiveAtSamples");
  // BN254's arithmetic is ~20x the others': one size, and its mulx path (kAuto) only in
  // optimised builds.
  constexpr bool kBn = std::is_same_v<F, fd::Bn254>;
#ifdef __OPTIMIZE__
  constexpr bool kOptimized = true;
#else
  constexpr bool kOptimized = false;
#endif
  for (Impl impl : {Impl::kAuto, Impl::kAvx2, Impl::kPortable}) {
    if (kBn && impl == Impl::kAvx2) continue;
    if (kBn && impl == Impl::kAuto && !kOptimized) continue;
    for (unsigned k : {13u, 14u}) {
      if (kBn && k == 14) continue;
      const size_t n = size_t(1) << k;
      const auto plan = Plan::create(field_of<F>(), k, impl);
      for (Op op : {kFwd, kInv, kCosetFwd, kCosetInv}) {
        const auto x = random_vec<F>(rng, n);
        auto y = x;
        apply(*plan, op, y.data(), 1);
        for (size_t s = 0; s < 3; ++s) {
          const size_t i = s == 0 ? 0 : s == 1 ? n - 1 : rng() % n;
          ASSERT_EQ(y[i], naive_at<F>(x, k, op, i)) << kOpName[op] << " n=" << n << " i=" << i;
        }
      }
    }
  }
}

TYPED_TEST(NttTest, RoundTrips) {
  using F = TypeParam;
  auto rng = tandem::test::seeded_rng("NttTest.RoundTrips");
  // BN254's arithmetic is ~20x the others'; keep the unoptimised sanitizer build quick.
  const unsigned max_k = std::is_same_v<F, fd::Bn254> ? 13 : 16;
  for (unsigned k = 0; k <= max_k; ++k) {
    const size_t n = size_t(1) << k;
    const auto plan = Plan::create(field_of<F>(), k);
    const auto x = random_vec<F>(rng, n);
    auto y = x;
    plan->forward(y.data(), 1);
    plan->inverse(y.data(), 1);
    ASSERT_EQ(y, x) << "inverse(forward(x)) n=" << n;
    plan->coset_forward(y.data(), 1);
    if (n > 1) {
      EXPECT_NE(y, x);
    }
    plan->coset_inverse(y.data(), 1);
    ASSERT_EQ(y, x) << "coset_inverse(coset_forward(x)) n=" << n;
  }
}

// 2^20 in optimised builds; 2^18 unoptimised (-O0 with sanitizers takes over a second for 2^20).
TEST(NttRoundTrip, GoldilocksLarge) {
  auto rng = tandem::test::seeded_rng("NttRoundTrip.GoldilocksLarge");
#ifdef __OPTIMIZE__
  constexpr unsigned k = 20;
#else
  constexpr unsigned k = 18;
#endif
  const auto x = random_vec<fd::Goldilocks>(rng, size_t(1) << k);
  auto y = x;
  const auto plan = Plan::create(Field::kGoldilocks, k);
  plan->forward(y.data(), 1);
  plan->inverse(y.data(), 1);
  ASSERT_EQ(y, x);
}

TYPED_TEST(NttTest, BatchedEqualsOneByOne) {
  using F = TypeParam;
  auto rng = tandem::test::seeded_rng("NttTest.BatchedEqualsOneByOne");
  for (unsigned k : {0u, 5u, 13u}) {
    // The batch loop is the same code for every field; BN254's 2^13 would only cost time.
    if (std::is_same_v<F, fd::Bn254> && k > 5) break;
    const size_t n = size_t(1) << k, count = 3;
    const auto plan = Plan::create(field_of<F>(), k);
    for (Op op : {kFwd, kInv, kCosetFwd, kCosetInv}) {
      const auto x = random_vec<F>(rng, n * count);
      auto batched = x, single = x;
      apply(*plan, op, batched.data(), count);
      for (size_t p = 0; p < count; ++p) apply(*plan, op, single.data() + p * n, 1);
      ASSERT_EQ(batched, single) << kOpName[op] << " n=" << n;
    }
  }
}

TYPED_TEST(NttTest, VectorizedEqualsPortable) {
  using F = TypeParam;
  auto rng = tandem::test::seeded_rng("NttTest.VectorizedEqualsPortable");
  for (unsigned k : {0u, 1u, 2u, 3u, 4u, 5u, 8u, 11u, 12u, 13u, 14u}) {
    // BN254: scalar paths (mulx/adc and portable), ~20x the others' arithmetic.
    if (std::is_same_v<F, fd::Bn254> && k > 8) break;
    const size_t n = size_t(1) << k;
    const auto fast = Plan::create(field_of<F>(), k, Impl::kAuto);
    const auto avx2 = Plan::create(field_of<F>(), k, Impl::kAvx2);
    const auto slow = Plan::create(field_of<F>(), k, Impl::kPortable);
    EXPECT_EQ(slow->vector_bits(), 0u);
    if (!std::is_same_v<F, fd::Bn254> && __builtin_cpu_supports("avx2")) {
      EXPECT_EQ(avx2->vector_bits(), 256u);
      EXPECT_EQ(fast->vector_bits(), __builtin_cpu_supports("avx512f") ? 512u : 256u);
    }
    for (Op op : {kFwd, kInv, kCosetFwd, kCosetInv}) {
      const auto x = random_vec<F>(rng, 2 * n);
      auto a = x, b = x, c = x;
      apply(*fast, op, a.data(), 2);
      apply(*slow, op, b.data(), 2);
      apply(*avx2, op, c.data(), 2);
      ASSERT_EQ(c, b) << "avx2 " << kOpName[op] << " n=" << n;
      ASSERT_EQ(a, b) << kOpName[op] << " n=" << n;
    }
  }
}

// A plan with threads splits a large polynomial's passes, or a batch's polynomials, between
// them: the results are those of one thread, for even and odd splits of log n, uneven shares of
// a batch, and every direction.
TYPED_TEST(NttTest, ThreadsEqualOneThread) {
  using F = TypeParam;
  auto rng = tandem::test::seeded_rng("NttTest.ThreadsEqualOneThread");
  constexpr bool kBn = std::is_same_v<F, fd::Bn254>;
  struct Case {
    unsigned k;
    size_t count;
  };
  const std::vector<Case> cases = kBn ? std::vector<Case>{{14, 1}, {9, 33}}
                                      : std::vector<Case>{{14, 1}, {15, 2}, {12, 3}, {8, 65}};
  for (const auto& [k, count] : cases) {
    const size_t n = size_t(1) << k;
    const auto one = Plan::create(field_of<F>(), k);
    const auto two = Plan::create(field_of<F>(), k, Impl::kAuto, 2);
    EXPECT_EQ(one->threads(), 1u);
    EXPECT_EQ(two->threads(), 2u);
    for (Op op : {kFwd, kInv, kCosetFwd, kCosetInv}) {
      if (kBn && op != kFwd && op != kCosetInv) continue;  // the other two share their code
      const auto x = random_vec<F>(rng, n * count);
      auto a = x, b = x;
      apply(*one, op, a.data(), count);
      apply(*two, op, b.data(), count);
      ASSERT_EQ(a, b) << kOpName[op] << " n=" << n << " count=" << count;
    }
  }
  EXPECT_EQ(Plan::create(field_of<F>(), 4, Impl::kAuto, 0)->threads(), 1u);
  EXPECT_EQ(Plan::create(field_of<F>(), 4, Impl::kAuto, 1000)->threads(), kMaxThreads);
}

TYPED_TEST(NttTest, MisalignedBuffer) {
  using F = TypeParam;
  auto rng = tandem::test::seeded_rng("NttTest.MisalignedBuffer");
  for (unsigned k : {4u, 13u}) {
    const size_t n = size_t(1) << k, bytes = n * sizeof(typename F::T);
    const auto x = random_vec<F>(rng, n);
    auto want = x;
    ASSERT_TRUE(forward(field_of<F>(), k, want.data(), 1));
    std::vector<uint8_t> raw(bytes + 1);
    std::memcpy(raw.data() + 1, x.data(), bytes);
    ASSERT_TRUE(forward(field_of<F>(), k, raw.data() + 1, 1));
    EXPECT_EQ(std::memcmp(raw.data() + 1, want.data(), bytes), 0);
  }
}

TEST(NttValidate, RejectsNonCanonical) {
  const uint64_t g[3] = {0, fd::Goldilocks::P - 1, fd::Goldilocks::P};
  EXPECT_TRUE(validate(Field::kGoldilocks, g, 2));
  EXPECT_FALSE(validate(Field::kGoldilocks, g, 3));
  const uint64_t gmax = ~uint64_t(0);
  EXPECT_FALSE(validate(Field::kGoldilocks, &gmax, 1));
  const uint32_t b[3] = {0, fd::BabyBear::P - 1, fd::BabyBear::P};
  EXPECT_TRUE(validate(Field::kBabyBear, b, 2));
  EXPECT_FALSE(validate(Field::kBabyBear, b, 3));
  const uint32_t bmax = ~uint32_t(0);
  EXPECT_FALSE(validate(Field::kBabyBear, &bmax, 1));
  fd::Bn254::T r[4] = {fd::Bn254::zero(), fd::Bn254::sub(fd::Bn254::zero(), fd::Bn254::one()),
                       fd::Bn254::P, {{0, 0, 0, ~uint64_t(0)}}};
  EXPECT_TRUE(validate(Field::kBn254, r, 2));
  EXPECT_FALSE(validate(Field::kBn254, r + 2, 1));
  EXPECT_FALSE(validate(Field::kBn254, r + 3, 1));
  // Unaligned input is read bytewise.
  uint8_t raw[33] = {};
  std::memcpy(raw + 1, &fd::Bn254::P, 32);
  EXPECT_FALSE(validate(Field::kBn254, raw + 1, 1));
  EXPECT_TRUE(validate(Field::kBn254, raw, 0));
}

TEST(NttPlan, RangeAndMemory) {
  EXPECT_EQ(Plan::create(Field::kGoldilocks, 25), nullptr);
  EXPECT_EQ(Plan::create(Field::kBabyBear, 25), nullptr);
  EXPECT_EQ(Plan::create(Field::kBn254, 25), nullptr);
  uint64_t dummy = 0;
  EXPECT_FALSE(forward(Field::kGoldilocks, 25, &dummy, 0));
  const auto small = Plan::create(Field::kGoldilocks, 10), large = Plan::create(Field::kBabyBear, 16);
  EXPECT_GE(small->memory_bytes(), 8u * 1024);
  EXPECT_EQ(small->scratch_bytes(), 0u);
  EXPECT_EQ(large->scratch_bytes(), 4u << 16);
  EXPECT_GE(large->memory_bytes(), large->scratch_bytes());
  EXPECT_EQ(element_bytes(Field::kBn254), 32u);
  EXPECT_EQ(max_log_n(Field::kBabyBear), 24u);
}

TEST(NttGas, GrowsAndSaturates) {
  for (Field f : {Field::kGoldilocks, Field::kBabyBear, Field::kBn254}) {
    EXPECT_LT(ntt_gas(f, 10, 1), ntt_gas(f, 11, 1));
    EXPECT_LT(ntt_gas(f, 10, 1), ntt_gas(f, 10, 2));
    EXPECT_GT(ntt_gas(f, 0, 1), 0u);
    EXPECT_EQ(ntt_gas(f, 24, ~size_t(0)), UINT64_MAX);
  }
}

// The one-shot functions share a plan cache; run them from two threads on overlapping sizes.
TEST(NttOneShot, TwoThreads) {
  auto rng = tandem::test::seeded_rng("NttOneShot.TwoThreads");
  std::vector<std::vector<uint64_t>> inputs;
  for (unsigned k = 0; k < 14; ++k) inputs.push_back(random_vec<fd::Goldilocks>(rng, size_t(1) << k));
  auto work = [&](bool* ok) {
    for (int rep = 0; rep < 2; ++rep) {
      for (unsigned k = 0; k < 14; ++k) {
        auto y = inputs[k];
        *ok &= forward(Field::kGoldilocks, k, y.data(), 1);
        *ok &= coset_forward(Field::kGoldilocks, k, y.data(), 1);
        *ok &= coset_inverse(Field::kGoldilocks, k, y.data(), 1);
        *ok &= inverse(Field::kGoldilocks, k, y.data(), 1);
        *ok &= y == inputs[k];
      }
    }
  };
  bool ok1 = true, ok2 = true;
  std::thread t1(work, &ok1), t2(work, &ok2);
  t1.join();
  t2.join();
  EXPECT_TRUE(ok1);
  EXPECT_TRUE(ok2);
}

}  // namespace
