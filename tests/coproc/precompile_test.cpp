// tests/coproc/precompile_test.cpp: the native signature (coproc/sig), big-integer
// (coproc/bigint) and Ethereum (coproc/eth, include/tandem/ethereum.h) code.
//
//  - external vectors from ../shared/vectors, skipped (saying so) when absent: go-ethereum's
//    precompile cases (output and gas; modexp.json under EIP-198 pricing, modexp_eip7883.json
//    under Osaka's), Wycheproof ECDSA secp256k1 / P-256 (P1363) and Ed25519;
//  - the project's own vectors, always run (values from python3's pow() and from keys whose
//    addresses are well known);
//  - each operation through CoprocArgs: refusals, gas, results;
//  - agreement with the SDK's portable C code (the soft build) on seeded random inputs, through
//    every precompile address (seed printed; TANDEM_SEED and TANDEM_ITERATIONS override).
#include <gmp.h>
#include <gtest/gtest.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "coproc/bigint/bigint.h"
#include "coproc/eth/eth.h"
#include "coproc/hash/hash.h"
#include "coproc/sig/sig.h"
#include "tandem/ethereum.h"
#include "tandem/guest.h"
#include "vectors.h"

namespace sig = tandem::coproc::sig;
namespace bigint = tandem::coproc::bigint;
namespace ceth = tandem::coproc::eth;
namespace eth = tandem::eth;
using tandem::Arg;
using tandem::CoprocArgs;
using tandem::CoprocessorOp;
namespace err = tandem::coproc_error;
using json = nlohmann::json;
using namespace tandem::test;

namespace {

std::optional<json> load(const std::string& rel) {
  const auto text = read_text(kVectors + "/" + rel);
  if (!text) return std::nullopt;
  return json::parse(*text);
}

#define LOAD_JSON_OR_SKIP(var, rel)                                                         \
  const auto var##_opt = load(rel);                                                         \
  if (!var##_opt) GTEST_SKIP() << "shared vectors not found: " << kVectors << "/" << (rel); \
  const json& var = *var##_opt

// A seeded generator (tandem::test::seeded_rng) with the draws these tests need.
struct Rng {
  std::mt19937_64 g;
  explicit Rng(const char* test) : g(seeded_rng(test)) {}
  uint64_t next() { return g(); }
  uint64_t below(uint64_t n) { return n ? g() % n : 0; }
  Bytes bytes(size_t n) {
    Bytes b(n);
    for (auto& x : b) x = uint8_t(g());
    return b;
  }
};

// ---- go-ethereum precompile vectors ----

void run_geth(const json& cases, uint32_t address, eth::ModexpPricing pricing, bool check_gas) {
  ASSERT_FALSE(cases.empty());
  eth::PrecompileOptions options;
  options.modexp = pricing;
  for (const json& c : cases) {
    const Bytes in = unhex(c["Input"].get<std::string>());
    auto r = eth::run_precompile(address, in, options);
    ASSERT_TRUE(r.has_value());
    const std::string name = c["Name"].get<std::string>();
    ASSERT_TRUE(r->ok) << name << ": " << r->error;
    EXPECT_EQ(hex(r->output), c["Expected"].get<std::string>()) << name;
    if (check_gas) {
      EXPECT_EQ(r->gas, c["Gas"].get<uint64_t>()) << name;
      EXPECT_EQ(*eth::precompile_gas(address, in, options), r->gas) << name;
    }
  }
}

TEST(GethVectors, Ecrecover) {
  LOAD_JSON_OR_SKIP(v, "go-ethereum/ecRecover.json");
  run_geth(v, 0x01, eth::ModexpPricing::eip7883, true);
}
TEST(GethVectors, ModexpEip198Outputs) {
  LOAD_JSON_OR_SKIP(v, "go-ethereum/modexp.json");
  run_geth(v, 0x05, eth::ModexpPricing::eip198, true);
}
TEST(GethVectors, ModexpEip7883) {
  LOAD_JSON_OR_SKIP(v, "go-ethereum/modexp_eip7883.json");
  run_geth(v, 0x05, eth::ModexpPricing::eip7883, true);
}
TEST(GethVectors, P256Verify) {
  LOAD_JSON_OR_SKIP(v, "go-ethereum/p256Verify.json");
  run_geth(v, 0x100, eth::ModexpPricing::eip7883, true);
}
TEST(GethVectors, Blake2f) {
  LOAD_JSON_OR_SKIP(v, "go-ethereum/blake2F.json");
  run_geth(v, 0x09, eth::ModexpPricing::eip7883, true);
}

// ---- Wycheproof ----

Bytes sha256(const Bytes& m) {
  Bytes d(32);
  EXPECT_TRUE(tandem::coproc::hash::sha256(m.data(), m.size(), d.data()));
  return d;
}

void wycheproof_ecdsa(const json& file, bool (*verify)(const uint8_t*, const uint8_t*, const uint8_t*) noexcept,
                      int (*soft)(const uint8_t*, const uint8_t*, const uint8_t*)) {
  size_t n = 0;
  for (const json& g : file["testGroups"]) {
    const Bytes key = unhex(g["publicKey"]["uncompressed"].get<std::string>());
    ASSERT_EQ(key.size(), 65u);
    for (const json& t : g["tests"]) {
      const Bytes s = unhex(t["sig"].get<std::string>());
      const std::string result = t["result"].get<std::string>();
      if (s.size() != 64) {  // a P1363 signature of another length: not expressible here
        EXPECT_NE(result, "valid");
        continue;
      }
      const Bytes h = sha256(unhex(t["msg"].get<std::string>()));
      const bool ok = verify(h.data(), s.data(), key.data() + 1);
      if (result == "valid") {
        EXPECT_TRUE(ok) << "tcId " << t["tcId"];
      } else if (result == "invalid") {
        EXPECT_FALSE(ok) << "tcId " << t["tcId"];
      }
      EXPECT_EQ(ok, soft(h.data(), s.data(), key.data() + 1) == 0) << "tcId " << t["tcId"];
      ++n;
    }
  }
  EXPECT_GT(n, 200u);
}

TEST(Wycheproof, Secp256k1) {
  LOAD_JSON_OR_SKIP(v, "wycheproof/ecdsa_secp256k1_sha256_p1363_test.json");
  wycheproof_ecdsa(v, sig::secp256k1_verify, tandem_soft_secp256k1_verify);
}
TEST(Wycheproof, P256) {
  LOAD_JSON_OR_SKIP(v, "wycheproof/ecdsa_secp256r1_sha256_p1363_test.json");
  wycheproof_ecdsa(v, sig::p256_verify, tandem_soft_p256_verify);
}
TEST(Wycheproof, Ed25519) {
  LOAD_JSON_OR_SKIP(v, "wycheproof/ed25519_test.json");
  size_t n = 0;
  for (const json& g : v["testGroups"]) {
    const Bytes key = unhex(g["publicKey"]["pk"].get<std::string>());
    ASSERT_EQ(key.size(), 32u);
    for (const json& t : g["tests"]) {
      const Bytes s = unhex(t["sig"].get<std::string>()), m = unhex(t["msg"].get<std::string>());
      const std::string result = t["result"].get<std::string>();
      if (s.size() != 64) {
        EXPECT_EQ(result, "invalid");
        continue;
      }
      const bool ok = sig::ed25519_verify(m.data(), m.size(), s.data(), key.data());
      EXPECT_EQ(ok, result == "valid") << "tcId " << t["tcId"];
      EXPECT_EQ(ok, tandem_soft_ed25519_verify(m.data(), m.size(), s.data(), key.data()) == 0);
      ++n;
    }
  }
  EXPECT_GT(n, 100u);
}

// ---- the project's own vectors ----

eth::PrecompileResult run(uint32_t address, const Bytes& in,
                          eth::ModexpPricing pricing = eth::ModexpPricing::eip7883) {
  eth::PrecompileOptions o;
  o.modexp = pricing;
  auto r = eth::run_precompile(address, in, o);
  EXPECT_TRUE(r.has_value());
  return r.has_value() ? *r : eth::PrecompileResult{};
}

Bytes modexp_input(const Bytes& b, const Bytes& e, const Bytes& m) {
  Bytes in(96, 0);
  in[31] = uint8_t(b.size()), in[30] = uint8_t(b.size() >> 8);
  in[63] = uint8_t(e.size()), in[62] = uint8_t(e.size() >> 8);
  in[95] = uint8_t(m.size()), in[94] = uint8_t(m.size() >> 8);
  for (const Bytes* part : {&b, &e, &m})  // one at a time: gcc 12 misreads empty inserts
    for (uint8_t x : *part) in.push_back(x);
  return in;
}

TEST(OwnVectors, Modexp) {
  // python3: pow(3, 200, 1000) == 1; pow(0xdeadbeef, 0x10001, 2**127 - 1) ==
  // 16994494082865358930723280510082512921 (0x0cc9...); 2^1000 mod (10^30 + 57).
  uint8_t out[32];
  const uint8_t three = 3, two = 2;
  const uint8_t e200 = 200, m1000[2] = {0x03, 0xe8};
  bigint::modexp(&three, 1, &e200, 1, m1000, 2, out);
  EXPECT_EQ(out[0], 0);
  EXPECT_EQ(out[1], 1);
  mpz_t want;
  mpz_init_set_str(want, "141502251827270929530186206576", 10);
  mpz_t m;
  mpz_init_set_str(m, "1000000000000000000000000000057", 10);
  uint8_t mb[16] = {0}, wb[16] = {0};
  mpz_export(mb + 16 - (mpz_sizeinbase(m, 256)), nullptr, 1, 1, 1, 0, m);
  mpz_export(wb + 16 - (mpz_sizeinbase(want, 256)), nullptr, 1, 1, 1, 0, want);
  const uint8_t e1000[2] = {0x03, 0xe8};
  bigint::modexp(&two, 1, e1000, 2, mb, 16, out);
  EXPECT_EQ(0, std::memcmp(out, wb, 16));
  mpz_clears(want, m, nullptr);
  // Zero modulus gives zero; 0^0 mod 7 is 1; modulus 1 gives 0.
  const uint8_t zero = 0, seven = 7, one = 1;
  out[0] = 9;
  bigint::modexp(&three, 1, &two, 1, &zero, 1, out);
  EXPECT_EQ(out[0], 0);
  bigint::modexp(&zero, 1, &zero, 0, &seven, 1, out);
  EXPECT_EQ(out[0], 1);
  bigint::modexp(&three, 1, &two, 1, &one, 1, out);
  EXPECT_EQ(out[0], 0);
  // Through the precompile: Blen = Mlen = 0 gives empty output; gas is at least 500.
  auto r = run(0x05, modexp_input({}, {5}, {}));
  EXPECT_TRUE(r.ok);
  EXPECT_TRUE(r.output.empty());
  EXPECT_EQ(r.gas, 500u);
  r = run(0x05, modexp_input({3}, {200}, {0x03, 0xe8}));
  EXPECT_EQ(hex(r.output), "0001");
}

TEST(OwnVectors, ModexpLimitsAndPricing) {
  Bytes in(96, 0);
  in[30] = 0x04, in[31] = 0x01;  // Blen = 1025
  auto r = run(0x05, in);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("EIP-7823"), std::string::npos);
  // Without the limit the same input runs: Mlen = 0, so the output is empty.
  r = run(0x05, in, eth::ModexpPricing::eip2565);
  EXPECT_TRUE(r.ok);
  EXPECT_TRUE(r.output.empty());
  // EIP-2565: words = ceil(1025/8) = 129; 129^2 * 1 / 3 = 5547.
  EXPECT_EQ(r.gas, 5547u);
  // A length that does not fit in 64 bits: gas saturates.
  Bytes huge(96, 0);
  huge[0] = 1;
  EXPECT_EQ(run(0x05, huge, eth::ModexpPricing::eip198).gas, ~uint64_t(0));
  EXPECT_FALSE(run(0x05, huge, eth::ModexpPricing::eip198).ok);
  // EIP-7883 with a long exponent: Elen = 40, head = 1 -> iterations 16 * 8 = 128; 16 * 128.
  Bytes e(40, 0);
  e[31] = 1;
  EXPECT_EQ(run(0x05, modexp_input({2}, e, {7})).gas, 16u * 128u);
}

TEST(OwnVectors, HashesAndIdentity) {
  const Bytes abc = {'a', 'b', 'c'};
  auto r = run(0x02, abc);
  EXPECT_EQ(hex(r.output), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(r.gas, 72u);
  r = run(0x03, abc);
  EXPECT_EQ(hex(r.output), "0000000000000000000000008eb208f7e05d987a9b044a8e98c6b087f15a0bfc");
  EXPECT_EQ(r.gas, 720u);
  Bytes big(33, 0x5a);
  r = run(0x04, big);
  EXPECT_EQ(r.output, big);
  EXPECT_EQ(r.gas, 15u + 3u * 2u);
  r = run(0x04, {});
  EXPECT_TRUE(r.ok && r.output.empty());
  EXPECT_EQ(r.gas, 15u);
}

TEST(OwnVectors, EcrecoverWellKnownKey) {
  // Private key 1: its address is 0x7e5f4552091a69125d5dfcb7b8c2659029395bdf.
  secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
  uint8_t sk[32] = {0};
  sk[31] = 1;
  const Bytes h = sha256({'t', 'a', 'n', 'd', 'e', 'm'});
  secp256k1_ecdsa_recoverable_signature rs;
  ASSERT_TRUE(secp256k1_ecdsa_sign_recoverable(ctx, &rs, h.data(), sk, nullptr, nullptr));
  uint8_t compact[64];
  int recid = 0;
  secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, compact, &recid, &rs);
  secp256k1_context_destroy(ctx);
  Bytes in(128, 0);
  std::memcpy(in.data(), h.data(), 32);
  in[63] = uint8_t(27 + recid);
  std::memcpy(in.data() + 64, compact, 64);
  auto r = run(0x01, in);
  EXPECT_EQ(hex(r.output), "0000000000000000000000007e5f4552091a69125d5dfcb7b8c2659029395bdf");
  EXPECT_EQ(r.gas, 3000u);
  // A wrong v, a bit of v's high bytes set, a zero r: empty output, still 3000 gas.
  for (int k = 0; k < 3; ++k) {
    Bytes bad = in;
    if (k == 0) bad[63] = 29;
    if (k == 1) bad[40] = 1;
    if (k == 2) std::memset(bad.data() + 64, 0, 32);
    r = run(0x01, bad);
    EXPECT_TRUE(r.ok);
    EXPECT_TRUE(r.output.empty()) << k;
  }
  // Short input is padded with zeros: v = 0 -> empty output.
  r = run(0x01, Bytes(h.begin(), h.end()));
  EXPECT_TRUE(r.ok && r.output.empty());
}

TEST(OwnVectors, Blake2fAndP256Failures) {
  auto r = run(0x09, Bytes(212, 0));
  EXPECT_FALSE(r.ok);
  Bytes in(213, 0);
  in[212] = 2;
  EXPECT_FALSE(run(0x09, in).ok);
  in[212] = 1;
  EXPECT_TRUE(run(0x09, in).ok);
  r = run(0x100, Bytes(159, 0));
  EXPECT_TRUE(r.ok && r.output.empty());
  EXPECT_EQ(r.gas, 6900u);
  EXPECT_FALSE(eth::run_precompile(0x12, {}).has_value());
  EXPECT_FALSE(eth::precompile_gas(0x101, {}).has_value());
  EXPECT_STREQ(eth::precompile_name(0x100), "p256verify");
}

// ---- operations through CoprocArgs ----

const CoprocessorOp& find(const std::vector<CoprocessorOp>& ops, uint32_t number) {
  for (const auto& op : ops)
    if (op.number == number) return op;
  throw std::runtime_error("no such op");
}

TEST(Ops, SignatureRefusalsAndGas) {
  const auto ops = sig::ops();
  Bytes hs(96, 1), pub(64, 0), h(32, 0), s(64, 0);
  CoprocArgs a;
  a.in[0] = hs;
  a.out[2] = pub;
  a.value[1][0] = 4;
  uint64_t gas = 0, value = 0;
  const auto& rec = find(ops, sig::kOpSecp256k1Recover);
  EXPECT_EQ(rec.analyze(a, gas), err::invalid);  // recid 4
  a.value[1][0] = 1;
  ASSERT_EQ(rec.analyze(a, gas), 0);
  EXPECT_EQ(gas, sig::kSecp256k1RecoverGas);
  std::memset(hs.data() + 32, 0, 32);  // r = 0: no key recovers
  EXPECT_EQ(rec.execute(a, value), err::failed);
  a.in[0] = std::span<const uint8_t>(hs).first(95);
  EXPECT_EQ(rec.analyze(a, gas), err::invalid);
  for (uint32_t n : {sig::kOpSecp256k1Verify, sig::kOpP256Verify}) {
    CoprocArgs v;
    v.in[0] = h, v.in[1] = s, v.in[2] = pub;
    ASSERT_EQ(find(ops, n).analyze(v, gas), 0);
    EXPECT_EQ(find(ops, n).execute(v, value), err::failed);  // zero r, s and key
    v.in[2] = std::span<const uint8_t>(pub).first(63);
    EXPECT_EQ(find(ops, n).analyze(v, gas), err::invalid);
  }
  CoprocArgs e;
  e.in[1] = s, e.in[2] = std::span<const uint8_t>(pub).first(32);
  const auto& ed = find(ops, sig::kOpEd25519Verify);
  ASSERT_EQ(ed.analyze(e, gas), 0);
  EXPECT_EQ(gas, sig::ed25519_verify_gas(0));
  EXPECT_GT(sig::ed25519_verify_gas(1 << 20), gas);
  EXPECT_GE(sig::ed25519_verify_gas(~uint64_t(0)), ~uint64_t(0) / 128 * 5);  // no wrap-around
  e.in[1] = std::span<const uint8_t>(s).first(63);
  EXPECT_EQ(ed.analyze(e, gas), err::invalid);
}

TEST(Ops, ModexpInPlace) {
  const auto ops = bigint::ops();
  const auto& op = ops.at(0);
  Bytes base = {3}, exp = {200}, mod = {0x03, 0xe8};
  CoprocArgs a;
  a.in[0] = base, a.in[1] = exp, a.in[2] = mod, a.out[2] = mod;
  uint64_t gas = 0, value = 0;
  ASSERT_EQ(op.analyze(a, gas), 0);
  EXPECT_GT(gas, 0u);
  ASSERT_EQ(op.execute(a, value), 0);
  EXPECT_EQ(hex(mod), "0001");
  // Gas grows with the exponent's bit length and the modulus size, and saturates.
  EXPECT_EQ(bigint::bit_length(exp.data(), 1), 8u);  // 200
  const Bytes e2 = {0, 1, 0};
  EXPECT_EQ(bigint::bit_length(e2.data(), 3), 9u);
  EXPECT_EQ(bigint::bit_length(e2.data(), 1), 0u);
  EXPECT_LT(bigint::modexp_gas(32, 8, 32), bigint::modexp_gas(32, 8, 64));
  EXPECT_LT(bigint::modexp_gas(32, 8, 32), bigint::modexp_gas(32, 9, 32));
  EXPECT_EQ(bigint::modexp_gas(0, 0, 0), bigint::modexp_gas(0, 1, 0));  // at least one bit
  EXPECT_EQ(bigint::modexp_gas(8, ~uint64_t(0), 8), ~uint64_t(0));  // saturates, never wraps
  EXPECT_EQ(bigint::modexp_gas(8, 1, ~uint64_t(0)), ~uint64_t(0));
  Bytes big(bigint::kMaxModexpLen + 1, 0);
  a.in[0] = big;
  EXPECT_EQ(op.analyze(a, gas), err::invalid);
}

TEST(Ops, EthPrecompile) {
  const auto ops = ceth::ops();
  const auto& pc = find(ops, ceth::kOpPrecompile);
  const auto& pg = find(ops, ceth::kOpPrecompileGas);
  const Bytes abc = {'a', 'b', 'c'};
  Bytes out(32, 0), small(31, 0), g8(8, 0);
  CoprocArgs a;
  a.value[0][0] = 0x02;
  a.in[1] = abc;
  a.out[2] = out;
  uint64_t gas = 0, value = 0;
  ASSERT_EQ(pc.analyze(a, gas), 0);
  EXPECT_EQ(gas, tandem::coproc::hash::sha256_gas(3) + 50);
  ASSERT_EQ(pc.execute(a, value), 0);
  EXPECT_EQ(value, 32u);
  EXPECT_EQ(out, sha256(abc));
  a.out[2] = small;
  EXPECT_EQ(pc.analyze(a, gas), err::invalid);  // out_cap below 32
  a.value[0][0] = 0x12;
  EXPECT_EQ(pc.analyze(a, gas), err::invalid);  // not a precompile here
  a.value[0][0] = (uint64_t(1) << 32) | 2;
  EXPECT_EQ(pc.analyze(a, gas), err::invalid);
  // A failing precompile is charged a little and fails in execute, whatever the buffer.
  Bytes bad(10, 0);
  a.value[0][0] = 0x09, a.in[1] = bad, a.out[2] = {};
  ASSERT_EQ(pc.analyze(a, gas), 0);
  EXPECT_EQ(pc.execute(a, value), err::failed);
  // Gas query.
  CoprocArgs q;
  q.value[0][0] = 0x03, q.in[1] = abc, q.out[2] = g8;
  ASSERT_EQ(pg.analyze(q, gas), 0);
  ASSERT_EQ(pg.execute(q, value), 0);
  uint64_t g = 0;
  for (int i = 7; i >= 0; --i) g = (g << 8) | g8[size_t(i)];
  EXPECT_EQ(g, 720u);
  q.out[2] = std::span<uint8_t>(g8).first(7);
  EXPECT_EQ(pg.analyze(q, gas), err::invalid);
  q.out[2] = g8, q.value[0][0] = 0x12;
  EXPECT_EQ(pg.analyze(q, gas), err::invalid);
}

// ---- native vs the portable C code ----

TEST(NativeVsSoft, Secp256k1) {
  Rng rng("NativeVsSoft.Secp256k1");
  secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
  size_t valid = 0;
  for (size_t i = 0; i < iterations(300); ++i) {
    Bytes sk = rng.bytes(32), h = rng.bytes(32);
    secp256k1_ecdsa_recoverable_signature rs;
    if (!secp256k1_ecdsa_sign_recoverable(ctx, &rs, h.data(), sk.data(), nullptr, nullptr)) continue;
    uint8_t sig64[64];
    int recid = 0;
    secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, sig64, &recid, &rs);
    const int mutate = int(rng.below(4));  // 0: as signed; 1: a flipped bit; 2: high s; 3: other recid
    if (mutate == 1) sig64[rng.below(64)] ^= uint8_t(1u << rng.below(8));
    if (mutate == 3) recid ^= int(1 + rng.below(3));
    uint8_t pn[64] = {0}, ps[64] = {0};
    const bool n_ok = sig::secp256k1_recover(h.data(), sig64, recid, pn);
    const bool s_ok = tandem_soft_secp256k1_recover(h.data(), sig64, recid, ps) == 0;
    ASSERT_EQ(n_ok, s_ok) << "iteration " << i;
    if (n_ok) {
      ASSERT_EQ(0, std::memcmp(pn, ps, 64)) << "iteration " << i;
      const bool vn = sig::secp256k1_verify(h.data(), sig64, pn);
      ASSERT_EQ(vn, tandem_soft_secp256k1_verify(h.data(), sig64, pn) == 0);
      ASSERT_TRUE(vn);  // a recovered key verifies its signature, low or high s
      valid += vn;
    }
  }
  secp256k1_context_destroy(ctx);
  EXPECT_GT(valid, 100u);
}

TEST(NativeVsSoft, EveryPrecompileAddress) {
  Rng rng("NativeVsSoft.EveryPrecompileAddress");
  const uint32_t addresses[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x09, 0x100};
  for (size_t i = 0; i < iterations(300); ++i) {
    const uint32_t address = addresses[rng.below(7)];
    Bytes in;
    switch (address) {
      case 0x05: {
        const Bytes b = rng.bytes(rng.below(80)), e = rng.bytes(rng.below(40)), m = rng.bytes(rng.below(80));
        in = modexp_input(b, e, m);
        in.resize(in.size() - rng.below(std::min<size_t>(in.size(), 20)));  // sometimes cut short
        if (!m.empty() && rng.below(4) == 0 && in.size() > 96) in.back() |= 1;
        break;
      }
      case 0x09:
        in = rng.bytes(rng.below(8) == 0 ? rng.below(300) : 213);
        if (in.size() == 213) in[0] = in[1] = in[2] = 0, in[212] = uint8_t(rng.below(3));
        break;
      case 0x01:
        in = rng.bytes(rng.below(4) == 0 ? rng.below(140) : 128);
        if (in.size() >= 64) std::memset(in.data() + 32, 0, 31), in[63] = uint8_t(27 + rng.below(3));
        break;
      default:
        in = rng.bytes(address == 0x100 && rng.below(2) ? 160 : rng.below(300));
    }
    auto r = run(address, in);
    Bytes out(std::max<size_t>(in.size(), 4096));
    size_t out_len = 0;
    const int st = tandem_soft_eth_precompile(address, in.data(), in.size(), out.data(), out.size(), &out_len);
    uint64_t soft_gas = 0;
    ASSERT_EQ(tandem_soft_eth_precompile_gas(address, in.data(), in.size(), &soft_gas), 0);
    ASSERT_EQ(soft_gas, r.gas) << "address " << address << " input " << hex(in);
    if (!r.ok) {
      ASSERT_EQ(st, -TANDEM_EBADMSG) << "address " << address << " input " << hex(in);
      continue;
    }
    ASSERT_EQ(st, 0) << "address " << address << " input " << hex(in);
    out.resize(out_len);
    ASSERT_EQ(hex(out), hex(r.output)) << "address " << address << " input " << hex(in);
  }
}

TEST(NativeVsSoft, Modexp) {
  Rng rng("NativeVsSoft.Modexp");
  for (size_t i = 0; i < iterations(500); ++i) {
    const Bytes b = rng.bytes(rng.below(200)), e = rng.bytes(rng.below(64));
    Bytes m = rng.bytes(rng.below(200));
    if (!m.empty() && rng.below(3) == 0) m[0] = 0;  // a leading zero byte
    Bytes on(m.size()), os(m.size());
    bigint::modexp(b.data(), b.size(), e.data(), e.size(), m.data(), m.size(), on.data());
    ASSERT_EQ(tandem_soft_modexp(b.data(), b.size(), e.data(), e.size(), m.data(), m.size(), os.data()), 0);
    ASSERT_EQ(hex(on), hex(os)) << "iteration " << i;
  }
}

}  // namespace
