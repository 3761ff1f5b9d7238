// tests/coproc/curve_precompile_test.cpp: Ethereum's curve precompiles (0x06-0x08, 0x0a-0x11)
// through the Ethereum profile and through the SDK's portable code, and the curve and NTT
// families' bus operations through CoprocArgs:
//  - every go-ethereum case of bn256Add, bn256ScalarMul, bn256Pairing, blsG1Add, blsG1MultiExp,
//    blsG2Mul, blsPairing, blsMapG1 and pointEvaluation: output and gas; every fail-bls* case
//    fails (skipped, saying so, when ../shared is absent);
//  - the project's own cases (always run): gas formulas, length rules, the EIP-2537 discounts;
//  - the operations: argument checks, resident tables and plans (handles, kinds, the memory
//    limit, release), EBADMSG for checks that do not hold.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <random>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "coproc/ec/bls12_381.h"
#include "coproc/ec/bls12_381_map.h"
#include "coproc/ec/bn254.h"
#include "coproc/ec/ec.h"
#include "coproc/ntt/ntt.h"
#include "coproc/ntt/ops.h"
#include "tandem/coprocessor.h"
#include "tandem/ethereum.h"
#include "tandem/guest.h"
#include "vectors.h"

namespace {

using namespace tandem::test;
using json = nlohmann::json;
namespace eth = tandem::eth;
namespace err = tandem::coproc_error;
using tandem::CoprocArgs;
using tandem::CoprocessorOp;

#define LOAD_JSON_OR_SKIP(var, rel) \
  LOAD_OR_SKIP(var##_text, rel);    \
  const json var = json::parse(var##_text)

// The portable code (sdk/src/soft/eth_precompile.c over ec.cpp) on one input.
struct Soft {
  int rc;
  Bytes out;
};
Soft soft(uint32_t address, const Bytes& in) {
  Bytes out(512, 0);
  size_t n = 0;
  const int rc = tandem_soft_eth_precompile(address, in.data(), in.size(), out.data(), out.size(), &n);
  out.resize(rc == 0 ? n : 0);
  return {rc, out};
}

// Inputs above this size are checked through the profile only: the portable code is the same
// arithmetic, and the largest MSM cases take seconds in a sanitizer build.
constexpr size_t kSoftLimit = 4096;
// Under AddressSanitizer the largest MSM cases (up to 780 KB of input) are left to the dev build,
// which runs every case: the sanitizer build is there for memory errors, not for the arithmetic.
#if defined(__SANITIZE_ADDRESS__)
constexpr size_t kProfileLimit = 64 * 1024;
#else
constexpr size_t kProfileLimit = ~size_t(0);
#endif

void run_cases(const json& cases, uint32_t address) {
  ASSERT_FALSE(cases.empty());
  size_t left = 0;
  for (const json& c : cases) {
    const Bytes in = unhex(c["Input"].get<std::string>());
    const std::string name = c["Name"].get<std::string>();
    if (in.size() > kProfileLimit) {
      ++left;
      continue;
    }
    auto r = eth::run_precompile(address, in);
    ASSERT_TRUE(r.has_value()) << name;
    ASSERT_TRUE(r->ok) << name << ": " << r->error;
    EXPECT_EQ(hex(r->output), c["Expected"].get<std::string>()) << name;
    EXPECT_EQ(r->gas, c["Gas"].get<uint64_t>()) << name;
    EXPECT_EQ(*eth::precompile_gas(address, in), r->gas) << name;
    if (in.size() <= kSoftLimit) {
      const Soft s = soft(address, in);
      EXPECT_EQ(s.rc, 0) << name;
      EXPECT_EQ(hex(s.out), c["Expected"].get<std::string>()) << name;
      uint64_t g = 0;
      EXPECT_EQ(tandem_soft_eth_precompile_gas(address, in.data(), in.size(), &g), 0);
      EXPECT_EQ(g, r->gas) << name;
    }
  }
  if (left) std::printf("[ note     ] %zu cases above %zu bytes left to the unsanitized build\n", left, kProfileLimit);
}

void run_failures(const json& cases, uint32_t address) {
  ASSERT_FALSE(cases.empty());
  for (const json& c : cases) {
    const Bytes in = unhex(c["Input"].get<std::string>());
    const std::string name = c["Name"].get<std::string>();
    auto r = eth::run_precompile(address, in);
    ASSERT_TRUE(r.has_value()) << name;
    EXPECT_FALSE(r->ok) << name << " should fail (" << c["ExpectedError"].get<std::string>() << ")";
    EXPECT_FALSE(r->error.empty()) << name;
    EXPECT_EQ(soft(address, in).rc, -TANDEM_EBADMSG) << name;
  }
}

TEST(GethCurveVectors, Bn256Add) {
  LOAD_JSON_OR_SKIP(v, "go-ethereum/bn256Add.json");
  run_cases(v, 0x06);
}
TEST(GethCurveVectors, Bn256ScalarMul) {
  LOAD_JSON_OR_SKIP(v, "go-ethereum/bn256ScalarMul.json");
  run_cases(v, 0x07);
}
TEST(GethCurveVectors, Bn256Pairing) {
  LOAD_JSON_OR_SKIP(v, "go-ethereum/bn256Pairing.json");
  run_cases(v, 0x08);
}
TEST(GethCurveVectors, PointEvaluation) {
  LOAD_JSON_OR_SKIP(v, "go-ethereum/pointEvaluation.json");
  run_cases(v, 0x0a);
  // The same input with any byte of the proof, the commitment or y changed fails.
  const Bytes good = unhex(v[0]["Input"].get<std::string>());
  for (size_t at : {size_t(0), size_t(40), size_t(70), size_t(100), size_t(150), size_t(191)}) {
    Bytes in = good;
    in[at] ^= 1;
    auto r = eth::run_precompile(0x0a, in);
    EXPECT_FALSE(r->ok) << at;
    EXPECT_EQ(r->gas, 50000u);
    EXPECT_EQ(soft(0x0a, in).rc, -TANDEM_EBADMSG) << at;
  }
}
TEST(GethCurveVectors, BlsG1Add) {
  LOAD_JSON_OR_SKIP(v, "go-ethereum/blsG1Add.json");
  run_cases(v, 0x0b);
}
TEST(GethCurveVectors, BlsG1MultiExp) {
  LOAD_JSON_OR_SKIP(v, "go-ethereum/blsG1MultiExp.json");
  run_cases(v, 0x0c);
}
TEST(GethCurveVectors, BlsG2Mul) {  // G2MSM with one pair
  LOAD_JSON_OR_SKIP(v, "go-ethereum/blsG2Mul.json");
  run_cases(v, 0x0e);
}
TEST(GethCurveVectors, BlsPairing) {
  LOAD_JSON_OR_SKIP(v, "go-ethereum/blsPairing.json");
  run_cases(v, 0x0f);
}
TEST(GethCurveVectors, BlsMapG1) {
  LOAD_JSON_OR_SKIP(v, "go-ethereum/blsMapG1.json");
  run_cases(v, 0x10);
}
TEST(GethCurveVectors, BlsFailures) {
  const std::pair<const char*, uint32_t> files[] = {
      {"go-ethereum/fail-blsG1Add.json", 0x0b},      {"go-ethereum/fail-blsG1Mul.json", 0x0c},
      {"go-ethereum/fail-blsG1MultiExp.json", 0x0c}, {"go-ethereum/fail-blsG2Add.json", 0x0d},
      {"go-ethereum/fail-blsG2Mul.json", 0x0e},      {"go-ethereum/fail-blsG2MultiExp.json", 0x0e},
      {"go-ethereum/fail-blsMapG1.json", 0x10},      {"go-ethereum/fail-blsMapG2.json", 0x11}};
  for (const auto& [file, address] : files) {
    LOAD_JSON_OR_SKIP(v, file);
    SCOPED_TRACE(file);
    run_failures(v, address);
  }
}

// ---- the project's own cases ----

TEST(CurvePrecompiles, GasAndLengthRules) {
  auto gas = [](uint32_t a, size_t n) { return *eth::precompile_gas(a, Bytes(n, 0)); };
  EXPECT_EQ(gas(0x06, 0), 150u);
  EXPECT_EQ(gas(0x07, 7), 6000u);
  EXPECT_EQ(gas(0x08, 0), 45000u);
  EXPECT_EQ(gas(0x08, 192 * 3), 45000u + 3 * 34000u);
  EXPECT_EQ(gas(0x0a, 192), 50000u);
  EXPECT_EQ(gas(0x0b, 256), 375u);
  EXPECT_EQ(gas(0x0d, 512), 600u);
  EXPECT_EQ(gas(0x0c, 0), 0u);
  EXPECT_EQ(gas(0x0c, 160), 12000u);
  EXPECT_EQ(gas(0x0c, 160 * 2), 2 * 12000u * 949 / 1000);
  EXPECT_EQ(gas(0x0c, 160 * 200), 200 * 12000u * 519 / 1000);  // past the table: its last entry
  EXPECT_EQ(gas(0x0e, 288 * 2), 2 * 22500u);                      // G2's second entry is 1000 too
  EXPECT_EQ(gas(0x0e, 288 * 128), 128 * 22500u * 524 / 1000);
  EXPECT_EQ(gas(0x0f, 384 * 2), 37700u + 2 * 32600u);
  EXPECT_EQ(gas(0x10, 64), 5500u);
  EXPECT_EQ(gas(0x11, 128), 23800u);

  // Short ECADD/ECMUL inputs are zero-padded: all zeros is infinity + infinity.
  auto r = eth::run_precompile(0x06, Bytes{});
  ASSERT_TRUE(r->ok);
  EXPECT_EQ(r->output, Bytes(64, 0));
  r = eth::run_precompile(0x07, Bytes(200, 0));  // and long ones truncated
  ASSERT_TRUE(r->ok);
  EXPECT_EQ(r->output, Bytes(64, 0));
  // An empty pairing input is true; a length that is not a multiple fails.
  r = eth::run_precompile(0x08, Bytes{});
  ASSERT_TRUE(r->ok);
  EXPECT_EQ(r->output.back(), 1);
  EXPECT_FALSE(eth::run_precompile(0x08, Bytes(191, 0))->ok);
  // BLS12-381: exact lengths, and an empty MSM or pairing fails.
  for (auto [a, n] : {std::pair{0x0bu, 255}, {0x0bu, 257}, {0x0cu, 0}, {0x0cu, 161}, {0x0du, 511},
                      {0x0eu, 0}, {0x0fu, 0}, {0x0fu, 383}, {0x10u, 63}, {0x11u, 129}, {0x0au, 191}}) {
    auto f = eth::run_precompile(a, Bytes(size_t(n), 0));
    EXPECT_FALSE(f->ok) << a << " " << n;
    EXPECT_EQ(soft(a, Bytes(size_t(n), 0)).rc, -TANDEM_EBADMSG) << a << " " << n;
  }
  // All-zero BLS inputs are points at infinity: valid.
  r = eth::run_precompile(0x0b, Bytes(256, 0));
  ASSERT_TRUE(r->ok);
  EXPECT_EQ(r->output, Bytes(128, 0));
  r = eth::run_precompile(0x0f, Bytes(384, 0));
  ASSERT_TRUE(r->ok);
  EXPECT_EQ(r->output.back(), 1);
  // The names.
  EXPECT_STREQ(eth::precompile_name(0x0a), "point_evaluation");
  EXPECT_STREQ(eth::precompile_name(0x11), "bls12_map_fp2_to_g2");
  EXPECT_FALSE(eth::is_precompile(0x12));
}

// ---- the operations ----

const CoprocessorOp& op(const std::vector<CoprocessorOp>& ops, uint32_t number) {
  for (const auto& o : ops)
    if (o.number == number) return o;
  static CoprocessorOp none;
  ADD_FAILURE() << "no operation " << number;
  return none;
}

// BN254's generator, and k * generator through the byte API.
Bytes bn_point(uint8_t k) {
  uint8_t g[64] = {0}, s[32] = {0}, out[64];
  g[31] = 1, g[63] = 2, s[31] = k;
  EXPECT_EQ(tandem::coproc::ec::bn254::g1_mul(g, s, out), 0);
  return Bytes(out, out + 64);
}

TEST(CurveOps, Bn254ArgumentsAndPairing) {
  const auto ops = tandem::coproc::ec::ops();
  const CoprocessorOp& add = op(ops, tandem::coproc::ec::kOpBn254Add);
  const Bytes p1 = bn_point(1), p2 = bn_point(2), p3 = bn_point(3);
  Bytes out(64, 0);
  CoprocArgs a;
  a.in[0] = p1, a.in[1] = p2, a.out[2] = out;
  uint64_t gas = 0, value = 0;
  ASSERT_EQ(add.analyze(a, gas), 0);
  EXPECT_EQ(gas, tandem::coproc::ec::bn254_add_gas());
  ASSERT_EQ(add.execute(a, value), 0);
  EXPECT_EQ(out, p3);
  Bytes short_out(63, 0);
  a.out[2] = short_out;
  EXPECT_EQ(add.analyze(a, gas), err::invalid);
  Bytes off = p1;
  off[63] ^= 1;  // not on the curve
  a.in[0] = off, a.out[2] = out;
  ASSERT_EQ(add.analyze(a, gas), 0);
  EXPECT_EQ(add.execute(a, value), err::invalid);

  const CoprocessorOp& msm = op(ops, tandem::coproc::ec::kOpBn254Msm);
  Bytes pairs;
  for (uint8_t k : {5, 7}) {
    const Bytes p = bn_point(1);
    pairs.insert(pairs.end(), p.begin(), p.end());
    Bytes s(32, 0);
    s[31] = k;
    pairs.insert(pairs.end(), s.begin(), s.end());
  }
  CoprocArgs m;
  m.in[0] = pairs, m.out[1] = out;
  ASSERT_EQ(msm.analyze(m, gas), 0);
  ASSERT_EQ(msm.execute(m, value), 0);
  EXPECT_EQ(out, bn_point(12));
  Bytes ragged(pairs.begin(), pairs.end() - 1);
  m.in[0] = ragged;
  EXPECT_EQ(msm.analyze(m, gas), err::invalid);
  m.in[0] = {};
  EXPECT_EQ(msm.analyze(m, gas), err::invalid);

  // A pairing check that holds is 0; one that does not is EBADMSG.
  const CoprocessorOp& pairing = op(ops, tandem::coproc::ec::kOpBn254PairingCheck);
  Bytes inf_pairs(192 * 2, 0);
  CoprocArgs pc;
  pc.in[0] = inf_pairs;
  ASSERT_EQ(pairing.analyze(pc, gas), 0);
  EXPECT_EQ(gas, tandem::coproc::ec::bn254_pairing_gas(2));
  EXPECT_EQ(pairing.execute(pc, value), 0);
}

TEST(CurveOps, ResidentTables) {
  const auto ops = tandem::coproc::ec::ops();
  const CoprocessorOp& make = op(ops, tandem::coproc::ec::kOpBn254Table);
  const CoprocessorOp& msm = op(ops, tandem::coproc::ec::kOpBn254MsmTable);
  tandem::ResidentStore store(1 << 20);
  Bytes points;
  for (uint8_t k : {1, 2, 3}) {
    const Bytes p = bn_point(k);
    points.insert(points.end(), p.begin(), p.end());
  }
  CoprocArgs a;
  a.resident = &store;
  a.in[0] = points;
  uint64_t gas = 0, handle = 0, value = 0;
  ASSERT_EQ(make.analyze(a, gas), 0);
  ASSERT_EQ(make.execute(a, handle), 0);
  EXPECT_EQ(handle, 1u);
  EXPECT_EQ(store.count(), 1u);
  EXPECT_GT(store.used(), 3 * 64u);

  // 2*P1 + 1*P2 + 1*P3 = 7G over the first three points; 4*P1 over the first one.
  Bytes scalars(96, 0), out(64, 0);
  scalars[31] = 2, scalars[63] = 1, scalars[95] = 1;
  CoprocArgs m;
  m.resident = &store;
  m.value[0][0] = handle, m.in[1] = scalars, m.out[2] = out;
  ASSERT_EQ(msm.analyze(m, gas), 0);
  ASSERT_EQ(msm.execute(m, value), 0);
  EXPECT_EQ(out, bn_point(7));
  Bytes one(32, 0);
  one[31] = 4;
  m.in[1] = one;
  ASSERT_EQ(msm.analyze(m, gas), 0);
  ASSERT_EQ(msm.execute(m, value), 0);
  EXPECT_EQ(out, bn_point(4));
  // More scalars than points, a wrong handle, another kind's handle: EINVAL.
  Bytes four(128, 0);
  m.in[1] = four;
  EXPECT_EQ(msm.analyze(m, gas), err::invalid);
  m.in[1] = scalars, m.value[0][0] = 2;
  EXPECT_EQ(msm.analyze(m, gas), err::invalid);
  const auto nops = tandem::coproc::ntt::ops();
  CoprocArgs p;
  p.resident = &store;
  p.value[0][0] = 0, p.value[0][1] = 4;  // Goldilocks, 16 points
  ASSERT_EQ(op(nops, tandem::coproc::ntt::kOpPlan).analyze(p, gas), 0);
  uint64_t plan = 0;
  ASSERT_EQ(op(nops, tandem::coproc::ntt::kOpPlan).execute(p, plan), 0);
  EXPECT_EQ(plan, 2u);
  m.value[0][0] = plan;
  EXPECT_EQ(msm.analyze(m, gas), err::invalid);  // a plan is not a table
  // Off-curve points are refused and nothing is kept.
  Bytes bad = points;
  bad[5] ^= 1;
  a.in[0] = bad;
  EXPECT_EQ(make.execute(a, handle), err::invalid);
  EXPECT_EQ(store.count(), 2u);
  // Release: the lowest free handle is reused.
  EXPECT_TRUE(store.release(1));
  EXPECT_FALSE(store.release(1));
  a.in[0] = points;
  ASSERT_EQ(make.execute(a, handle), 0);
  EXPECT_EQ(handle, 1u);
  // Over the limit: ENOMEM.
  tandem::ResidentStore tiny(64);
  a.resident = &tiny;
  EXPECT_EQ(make.execute(a, handle), err::no_memory);
  EXPECT_EQ(tiny.count(), 0u);
  // No store (a host calling execute directly): EINVAL, not a crash.
  a.resident = nullptr;
  EXPECT_EQ(make.execute(a, handle), err::invalid);
}

// An MSM split over threads gives the bytes one thread gives, and the same first error.
TEST(CurveOps, ThreadsGiveTheSameResult) {
  const auto ops = tandem::coproc::ec::ops();
  std::mt19937_64 rng(11);
  auto scalar = [&] {
    Bytes s(32);
    for (auto& b : s) b = uint8_t(rng());
    return s;
  };
  const size_t k = 100;
  Bytes bn, bls1, bls2;
  for (size_t i = 0; i < k; ++i) {
    const Bytes p = bn_point(uint8_t(i + 1)), s = scalar();
    bn.insert(bn.end(), p.begin(), p.end());
    bn.insert(bn.end(), s.begin(), s.end());
  }
  // BLS12-381 points from the map (in the subgroup).
  for (size_t i = 0; i < k; ++i) {
    Bytes u(128, 0);
    u[63] = uint8_t(i + 1), u[127] = uint8_t(i + 7);
    uint8_t g1[128], g2[256];
    ASSERT_EQ(tandem::coproc::ec::bls12_381::map_fp_to_g1(u.data(), g1), 0);
    ASSERT_EQ(tandem::coproc::ec::bls12_381::map_fp2_to_g2(u.data(), g2), 0);
    const Bytes s = scalar();
    bls1.insert(bls1.end(), g1, g1 + 128), bls1.insert(bls1.end(), s.begin(), s.end());
    bls2.insert(bls2.end(), g2, g2 + 256), bls2.insert(bls2.end(), s.begin(), s.end());
  }
  struct Case {
    uint32_t op;
    Bytes* in;
    size_t rec, out;
  } cases[] = {{tandem::coproc::ec::kOpBn254Msm, &bn, 96, 64},
               {tandem::coproc::ec::kOpBlsG1Msm, &bls1, 160, 128},
               {tandem::coproc::ec::kOpBlsG2Msm, &bls2, 288, 256}};
  for (const Case& c : cases) {
    const CoprocessorOp& m = op(ops, c.op);
    Bytes one(c.out), two(c.out);
    CoprocArgs a;
    a.in[0] = *c.in, a.out[1] = one;
    uint64_t gas1 = 0, gas2 = 0, value = 0;
    ASSERT_EQ(m.analyze(a, gas1), 0);
    ASSERT_EQ(m.execute(a, value), 0) << m.name;
    a.threads = 2, a.out[1] = two;
    ASSERT_EQ(m.analyze(a, gas2), 0);
    EXPECT_EQ(gas1, gas2);
    ASSERT_EQ(m.execute(a, value), 0) << m.name;
    EXPECT_EQ(one, two) << m.name;
    a.threads = 3;
    ASSERT_EQ(m.execute(a, value), 0) << m.name;
    EXPECT_EQ(one, two) << m.name;
    // A point off the curve in the second thread's half fails the call.
    Bytes bad = *c.in;
    bad[70 * c.rec + 10] ^= 1;
    a.in[0] = bad, a.threads = 2;
    EXPECT_EQ(m.execute(a, value), err::invalid) << m.name;
    a.threads = 1;
    EXPECT_EQ(m.execute(a, value), err::invalid) << m.name;
  }
}

TEST(NttOps, TransformAndPlan) {
  const auto ops = tandem::coproc::ntt::ops();
  const CoprocessorOp& t = op(ops, tandem::coproc::ntt::kOpTransform);
  std::vector<uint64_t> data(2 * 8), orig;
  for (size_t i = 0; i < data.size(); ++i) data[i] = i * 0x9e3779b97f4a7c15ull % 0xffffffff00000001ull;
  orig = data;
  std::span<uint8_t> bytes(reinterpret_cast<uint8_t*>(data.data()), data.size() * 8);
  CoprocArgs a;
  a.value[0][0] = 0, a.value[0][1] = 3, a.value[2][0] = tandem::coproc::ntt::kForward;
  a.in[1] = bytes, a.out[1] = bytes;
  uint64_t gas = 0, value = 0;
  ASSERT_EQ(t.analyze(a, gas), 0);
  EXPECT_GE(gas, tandem::coproc::ntt::ntt_gas(tandem::coproc::ntt::Field::kGoldilocks, 3, 2));
  ASSERT_EQ(t.execute(a, value), 0);
  std::vector<uint64_t> want = orig;
  ASSERT_TRUE(tandem::coproc::ntt::forward(tandem::coproc::ntt::Field::kGoldilocks, 3, want.data(), 2));
  EXPECT_EQ(data, want);
  a.value[2][0] = tandem::coproc::ntt::kInverse;
  ASSERT_EQ(t.execute(a, value), 0);
  EXPECT_EQ(data, orig);
  // Refused: unknown field or kind, log_n out of range, a length that is not whole polynomials.
  for (auto [f, log_n, kind] : {std::tuple{3, 3, 0}, {0, 25, 0}, {0, 3, 4}, {0, 5, 0}}) {
    a.value[0][0] = uint64_t(f), a.value[0][1] = uint64_t(log_n), a.value[2][0] = uint64_t(kind);
    EXPECT_EQ(t.analyze(a, gas), err::invalid) << f << " " << log_n << " " << kind;
  }
  // A non-canonical element: EINVAL, data unchanged.
  a.value[0][0] = 0, a.value[0][1] = 3, a.value[2][0] = 0;
  data[3] = 0xffffffff00000001ull;
  const auto before = data;
  ASSERT_EQ(t.analyze(a, gas), 0);
  EXPECT_EQ(t.execute(a, value), err::invalid);
  EXPECT_EQ(data, before);
}

}  // namespace
