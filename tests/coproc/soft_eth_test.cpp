// tests/coproc/soft_eth_test.cpp: the SDK's portable modexp (sdk/src/soft/modexp.c) and Ethereum
// precompiles (sdk/src/soft/eth_precompile.c), which must match go-ethereum byte for byte.
//
// Kinds of test, as in the rest of the suite:
//  - known answers from ../shared/vectors/go-ethereum (modexp with EIP-7883 gas, modexp with
//    EIP-198 gas: outputs only, ecrecover, P256VERIFY, blake2f); skipped, saying so, when the
//    directory is absent;
//  - seeded random cross-checks of modexp against GMP's mpz_powm, directly and through the
//    precompile's encoding, and of the modexp gas against a reference written here from EIP-7883
//    with 128-bit arithmetic (seed printed; TANDEM_SEED and TANDEM_ITERATIONS override);
//  - the project's own cases: sha256, ripemd160 and identity against OpenSSL, gas edge cases,
//    the out_cap check, unsupported addresses, blake2f refusals.
#include <gmp.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>

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

#include "tandem/abi_numbers.h"
#include "tandem/guest.h"

#include "vectors.h"

using namespace tandem::test;
using nlohmann::json;

namespace {

// ---- helpers ----


struct Outcome {
  int rc = 0;
  Bytes out;
};

// Runs a precompile with an output buffer of exactly `cap` bytes (default: generous).
Outcome run(uint32_t address, const Bytes& in, size_t cap = 4096) {
  Outcome r;
  Bytes out(cap + 1, 0xee);  // one canary byte past the capacity
  size_t len = 0xdead;
  r.rc = tandem_soft_eth_precompile(address, in.data(), in.size(), out.data(), cap, &len);
  EXPECT_EQ(out[cap], 0xee) << "wrote past out_cap";
  if (r.rc == 0) {
    EXPECT_LE(len, cap);
    r.out.assign(out.begin(), out.begin() + std::min(len, cap));
  } else {
    EXPECT_EQ(len, 0xdeadu) << "*out_len set on failure";
  }
  return r;
}

uint64_t gas(uint32_t address, const Bytes& in) {
  uint64_t g = 0xdeadbeef;
  EXPECT_EQ(tandem_soft_eth_precompile_gas(address, in.data(), in.size(), &g), 0);
  return g;
}

Bytes be32(uint64_t v) {  // a 32-byte big-endian length field
  Bytes b(32, 0);
  for (int i = 0; i < 8; ++i) b[31 - i] = uint8_t(v >> (8 * i));
  return b;
}

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// The go-ethereum vector files: [{Input, Expected, Gas, Name}, ...].
struct Vector {
  std::string name;
  Bytes input, expected;
  uint64_t gas;
};
std::vector<Vector> parse_vectors(const std::string& text) {
  std::vector<Vector> v;
  for (const auto& j : json::parse(text))
    v.push_back({j.at("Name").get<std::string>(), unhex(j.at("Input").get<std::string>()),
                 unhex(j.at("Expected").get<std::string>()), j.at("Gas").get<uint64_t>()});
  return v;
}

// Checks every vector of a file at `address`; returns how many passed.
size_t check_vectors(uint32_t address, const std::vector<Vector>& vs, bool check_gas) {
  size_t passed = 0;
  for (const auto& v : vs) {
    Outcome r = run(address, v.input);
    bool ok = r.rc == 0 && r.out == v.expected;
    EXPECT_EQ(r.rc, 0) << v.name;
    EXPECT_EQ(hex(r.out), hex(v.expected)) << v.name;
    if (check_gas) {
      EXPECT_EQ(gas(address, v.input), v.gas) << v.name;
      ok = ok && gas(address, v.input) == v.gas;
    }
    passed += ok;
  }
  std::printf("[ vectors  ] 0x%x: %zu of %zu passed\n", address, passed, vs.size());
  return passed;
}

// ---- GMP reference ----

Bytes gmp_modexp(const Bytes& b, const Bytes& e, const Bytes& m) {
  Bytes out(m.size(), 0);
  mpz_t B, E, M, R;
  mpz_inits(B, E, M, R, nullptr);
  mpz_import(B, b.size(), 1, 1, 1, 0, b.data());
  mpz_import(E, e.size(), 1, 1, 1, 0, e.data());
  mpz_import(M, m.size(), 1, 1, 1, 0, m.data());
  if (mpz_sgn(M) != 0) {
    mpz_powm(R, B, E, M);
    mpz_mod(R, R, M);
    size_t count = 0;
    Bytes tmp((mpz_sizeinbase(R, 2) + 7) / 8 + 1);
    mpz_export(tmp.data(), &count, 1, 1, 1, 0, R);
    std::copy(tmp.begin(), tmp.begin() + count, out.end() - count);
  }
  mpz_clears(B, E, M, R, nullptr);
  return out;
}

Bytes soft_modexp(const Bytes& b, const Bytes& e, const Bytes& m) {
  Bytes out(m.size() + 1, 0xee);
  EXPECT_EQ(tandem_soft_modexp(b.data(), b.size(), e.data(), e.size(), m.data(), m.size(),
                               out.data()),
            0);
  EXPECT_EQ(out.back(), 0xee);
  out.pop_back();
  return out;
}

// Random bytes of length len, shaped by `kind`: 0 random, 1 zero, 2 leading zero bytes,
// 3 all 0xff, 4 the value 1 (left-padded), 5 sparse.
Bytes random_number(std::mt19937_64& rng, size_t len, int kind) {
  Bytes b(len);
  for (auto& x : b) x = uint8_t(rng());
  switch (kind) {
    case 1: std::fill(b.begin(), b.end(), 0); break;
    case 2: std::fill(b.begin(), b.begin() + rng() % (len + 1), 0); break;
    case 3: std::fill(b.begin(), b.end(), 0xff); break;
    case 4: std::fill(b.begin(), b.end(), 0); if (len) b.back() = 1; break;
    case 5: for (auto& x : b) if (rng() % 8) x = 0; break;
    default: break;
  }
  return b;
}

size_t random_len(std::mt19937_64& rng, size_t max) {
  switch (rng() % 4) {
    case 0: return rng() % 9;                 // tiny
    case 1: return rng() % 65;                // up to two 256-bit words
    default: return rng() % (max + 1);
  }
}

// ---- EIP-7883 gas, written again here with 128-bit arithmetic and clamping ----

using u128 = unsigned __int128;
uint64_t clamp(u128 v) { return v > UINT64_MAX ? UINT64_MAX : uint64_t(v); }

uint64_t ref_modexp_gas(uint64_t blen, uint64_t elen, uint64_t mlen, const Bytes& exp_head32) {
  // exp_head32: the first 32 bytes of the exponent (zero-padded); only min(elen, 32) count.
  size_t head = elen < 32 ? size_t(elen) : 32;
  int bitlen = 0;
  for (size_t i = 0; i < head; ++i)
    if (exp_head32[i]) {
      bitlen = int((head - i) * 8) - __builtin_clz(exp_head32[i]) + 24;
      break;
    }
  u128 iter = bitlen > 0 ? u128(bitlen - 1) : 0;
  if (elen > 32) iter += u128(16) * (elen - 32);
  if (iter < 1) iter = 1;
  u128 max_len = std::max(blen, mlen);
  u128 complexity = 16;
  if (max_len > 32) {
    u128 words = (max_len + 7) / 8;
    complexity = 2 * words * words;  // < 2^127
  }
  // complexity * iter may exceed 128 bits only when one of them is already past 2^64.
  uint64_t c = clamp(complexity), it = clamp(iter);
  u128 g = u128(c) * it;
  uint64_t gas = clamp(g);
  return std::max<uint64_t>(gas, 500);
}

// ---- known answers ----

TEST(SoftEthVectors, ModexpEip7883) {
  LOAD_OR_SKIP(text, "go-ethereum/modexp_eip7883.json");
  auto vs = parse_vectors(text);
  ASSERT_FALSE(vs.empty());
  EXPECT_EQ(check_vectors(0x05, vs, true), vs.size());
}

TEST(SoftEthVectors, ModexpByzantiumOutputs) {  // EIP-198 gas: outputs only
  LOAD_OR_SKIP(text, "go-ethereum/modexp.json");
  auto vs = parse_vectors(text);
  ASSERT_FALSE(vs.empty());
  EXPECT_EQ(check_vectors(0x05, vs, false), vs.size());
}

TEST(SoftEthVectors, EcRecover) {
  LOAD_OR_SKIP(text, "go-ethereum/ecRecover.json");
  auto vs = parse_vectors(text);
  ASSERT_FALSE(vs.empty());
  EXPECT_EQ(check_vectors(0x01, vs, true), vs.size());
}

TEST(SoftEthVectors, P256Verify) {
  LOAD_OR_SKIP(text, "go-ethereum/p256Verify.json");
  auto vs = parse_vectors(text);
  ASSERT_FALSE(vs.empty());
  EXPECT_EQ(check_vectors(0x100, vs, true), vs.size());
}

TEST(SoftEthVectors, Blake2f) {
  LOAD_OR_SKIP(text, "go-ethereum/blake2F.json");
  auto vs = parse_vectors(text);
  ASSERT_FALSE(vs.empty());
  EXPECT_EQ(check_vectors(0x09, vs, true), vs.size());
}

// ---- modexp against GMP ----

TEST(SoftModexp, RandomAgainstGmp) {
  auto rng = seeded_rng("SoftModexp.RandomAgainstGmp");
  const uint64_t iterations = env_u64("TANDEM_ITERATIONS", 3000);
  for (uint64_t it = 0; it < iterations; ++it) {
    Bytes b = random_number(rng, random_len(rng, 300), int(rng() % 6));
    Bytes e = random_number(rng, random_len(rng, it % 8 == 0 ? 300 : 40), int(rng() % 6));
    Bytes m = random_number(rng, random_len(rng, 300), int(rng() % 6));
    if (!m.empty()) {  // force the parity half the time
      if (rng() & 1) m.back() |= 1;
      else m.back() &= 0xfe;
    }
    Bytes want = gmp_modexp(b, e, m);
    Bytes got = soft_modexp(b, e, m);
    ASSERT_EQ(hex(got), hex(want)) << "iteration " << it << " base=" << hex(b) << " exp=" << hex(e)
                                   << " mod=" << hex(m);
  }
}

TEST(SoftModexp, EdgeCases) {
  const Bytes none;
  // Zero modulus (empty or all zeros): zeros of its length; null pointers with zero lengths.
  EXPECT_EQ(tandem_soft_modexp(nullptr, 0, nullptr, 0, nullptr, 0, nullptr), 0);
  EXPECT_EQ(hex(soft_modexp({2}, {3}, none)), "");
  EXPECT_EQ(hex(soft_modexp({2}, {3}, {0, 0, 0})), "000000");
  // 0^0 = 1, x^0 = 1, modulo 1 everything is 0.
  EXPECT_EQ(hex(soft_modexp(none, none, {0, 7})), "0001");
  EXPECT_EQ(hex(soft_modexp({0}, {0, 0}, {9})), "01");
  EXPECT_EQ(hex(soft_modexp({5}, none, {0, 1})), "0000");
  EXPECT_EQ(hex(soft_modexp({5}, {9}, {0, 0, 1})), "000000");
  // 0^e = 0 for e > 0; 1^e = 1.
  EXPECT_EQ(hex(soft_modexp(none, {1}, {7})), "00");
  EXPECT_EQ(hex(soft_modexp({0, 1}, {0xff, 0xff}, {0, 0x10})), "0001");
  // A base much longer than the modulus, even and odd moduli.
  Bytes big(300, 0xab);
  EXPECT_EQ(soft_modexp(big, {1}, {0x65}), gmp_modexp(big, {1}, {0x65}));
  EXPECT_EQ(soft_modexp(big, {3}, {0x64}), gmp_modexp(big, {3}, {0x64}));
  // Output may be the modulus itself.
  Bytes m = {0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3b};
  Bytes want = gmp_modexp({3}, {0x40, 0x01}, m);
  Bytes inplace = m;
  ASSERT_EQ(tandem_soft_modexp((const uint8_t*)"\x03", 1, (const uint8_t*)"\x40\x01", 2,
                               inplace.data(), inplace.size(), inplace.data()),
            0);
  EXPECT_EQ(hex(inplace), hex(want));
  // Powers of two as moduli, and 2^k - 1.
  for (size_t k : {1, 7, 8, 9, 31, 32, 33, 63, 64, 65, 127, 128, 129, 1000}) {
    Bytes p2((k + 8) / 8, 0), p2m1((k + 7) / 8, 0xff);
    p2[0] = uint8_t(1u << (k % 8));
    if (k % 8) p2m1[0] = uint8_t((1u << (k % 8)) - 1);
    Bytes base(40, 0x5a), e = {0x01, 0x23, 0x45};
    EXPECT_EQ(hex(soft_modexp(base, e, p2)), hex(gmp_modexp(base, e, p2))) << k;
    EXPECT_EQ(hex(soft_modexp(base, e, p2m1)), hex(gmp_modexp(base, e, p2m1))) << k;
  }
  // A modulus of 1024 bytes and an exponent of 1024 bits, odd and even.
  std::mt19937_64 rng(7);
  Bytes m1024 = random_number(rng, 1024, 0), b1024 = random_number(rng, 1024, 0);
  Bytes e128 = random_number(rng, 128, 0);
  m1024.back() |= 1;
  EXPECT_EQ(soft_modexp(b1024, e128, m1024), gmp_modexp(b1024, e128, m1024));
  m1024.back() &= 0xfe;
  EXPECT_EQ(soft_modexp(b1024, e128, m1024), gmp_modexp(b1024, e128, m1024));
}

// The precompile's encoding, with inputs cut short (the rest reads as zeros).
TEST(SoftModexp, PrecompileRandomAgainstGmp) {
  auto rng = seeded_rng("SoftModexp.PrecompileRandomAgainstGmp");
  const uint64_t iterations = env_u64("TANDEM_ITERATIONS", 3000) / 3 + 1;
  for (uint64_t it = 0; it < iterations; ++it) {
    Bytes b = random_number(rng, random_len(rng, 200), int(rng() % 6));
    Bytes e = random_number(rng, random_len(rng, 24), int(rng() % 6));
    Bytes m = random_number(rng, random_len(rng, 200), int(rng() % 6));
    Bytes in = cat({be32(b.size()), be32(e.size()), be32(m.size()), b, e, m});
    size_t cut = rng() % 3 == 0 ? rng() % (in.size() + 1) : in.size();
    Bytes shortin(in.begin(), in.begin() + cut);
    // What the cut leaves: the same operands with the missing bytes zero.
    Bytes padded = in;
    std::fill(padded.begin() + cut, padded.end(), 0);
    size_t lb = 96 + b.size(), le = lb + e.size();
    Bytes pb(padded.begin() + 96, padded.begin() + lb), pe(padded.begin() + lb, padded.begin() + le),
        pm(padded.begin() + le, padded.end());
    if (cut < 96) {  // the lengths themselves were cut
      Bytes l(96, 0);
      std::copy(shortin.begin(), shortin.end(), l.begin());
      auto field = [&](int i) {
        uint64_t v = 0;
        for (int k = 24; k < 32; ++k) v = v << 8 | l[32 * i + k];
        return v;
      };
      pb.assign(field(0), 0), pe.assign(field(1), 0), pm.assign(field(2), 0);
    }
    Outcome r = run(0x05, shortin, 1024);
    ASSERT_EQ(r.rc, 0) << it;
    ASSERT_EQ(hex(r.out), hex(gmp_modexp(pb, pe, pm))) << "iteration " << it << " input " << hex(shortin);
    // Output capacity below Mlen is refused (after the length check).
    if (!pm.empty()) {
      EXPECT_EQ(run(0x05, shortin, pm.size() - 1).rc, -TANDEM_EINVAL);
    }
  }
}

// ---- modexp gas ----

Bytes modexp_input(uint64_t blen, uint64_t elen, uint64_t mlen, const Bytes& rest = {}) {
  return cat({be32(blen), be32(elen), be32(mlen), rest});
}

TEST(SoftModexpGas, EdgeCases) {
  EXPECT_EQ(gas(0x05, {}), 500u);  // all lengths zero: 16 * 1, at least 500
  EXPECT_EQ(gas(0x05, Bytes(96, 0)), 500u);
  EXPECT_EQ(gas(0x05, Bytes(50, 0)), 500u);
  // 32-byte operands: complexity 16; exponent of 256 bits: 255 iterations.
  const Bytes ff32(32, 0xff);
  EXPECT_EQ(gas(0x05, modexp_input(32, 32, 32, cat({Bytes(32, 1), ff32}))), 16u * 255);
  // 33 bytes: 5 words, complexity 2 * 25.
  EXPECT_EQ(gas(0x05, modexp_input(33, 32, 1, cat({Bytes(33, 1), ff32}))), 50u * 255);
  EXPECT_EQ(gas(0x05, modexp_input(1, 32, 33, cat({Bytes(1, 1), ff32}))), 50u * 255);
  // Elen > 32: 16 per byte past 32, plus the head's bit length - 1.
  Bytes head(32, 0);
  head[0] = 1;  // bit length 249
  EXPECT_EQ(gas(0x05, modexp_input(64, 40, 64, cat({Bytes(64, 3), head}))), 128u * (16 * 8 + 248));
  EXPECT_EQ(gas(0x05, modexp_input(0, 40, 0)), 16u * 16 * 8);     // zero head
  EXPECT_EQ(gas(0x05, modexp_input(0, 33, 0)), 500u);             // 16 * 16 = 256
  EXPECT_EQ(gas(0x05, modexp_input(0, 2, 0, {0x00, 0x01})), 500u);  // exponent 1: 1 iteration
  // The head is read at 96 + Blen, zero past the input.
  EXPECT_EQ(gas(0x05, modexp_input(64, 1, 64, Bytes(64, 0xff))), 500u);  // 128 * 1
  EXPECT_EQ(gas(0x05, modexp_input(64, 1, 64, cat({Bytes(64, 0), {0x80}}))), 128u * 7);
  // Lengths exactly 1024: allowed.
  const uint64_t g1024 = 2ull * 128 * 128 * (16 * (1024 - 32));
  EXPECT_EQ(gas(0x05, modexp_input(1024, 1024, 1024)), g1024);
  Outcome r = run(0x05, modexp_input(1024, 1024, 1024), 1024);
  EXPECT_EQ(r.rc, 0);
  EXPECT_EQ(r.out, Bytes(1024, 0));  // zero modulus
  EXPECT_EQ(run(0x05, modexp_input(1024, 1024, 1024), 1023).rc, -TANDEM_EINVAL);
  // 1025: the call fails (before the output-capacity check), the gas is still computed.
  EXPECT_EQ(gas(0x05, modexp_input(1025, 0, 0)), 2u * 129 * 129);
  EXPECT_EQ(gas(0x05, modexp_input(0, 1025, 0)), 16u * 16 * (1025 - 32));
  EXPECT_EQ(gas(0x05, modexp_input(0, 0, 1025)), 2u * 129 * 129);
  for (int which = 0; which < 3; ++which) {
    uint64_t l[3] = {1, 1, 1};
    l[which] = 1025;
    EXPECT_EQ(run(0x05, modexp_input(l[0], l[1], l[2])).rc, -TANDEM_EBADMSG) << which;
    EXPECT_EQ(run(0x05, modexp_input(l[0], l[1], l[2]), 0).rc, -TANDEM_EBADMSG) << which;
  }
  // Lengths past 64 bits and huge products saturate.
  Bytes huge = modexp_input(0, 0, 0);
  huge[0] = 0x80;  // Blen = 2^255
  EXPECT_EQ(gas(0x05, huge), UINT64_MAX);
  EXPECT_EQ(run(0x05, huge).rc, -TANDEM_EBADMSG);
  huge = modexp_input(0, 0, 0);
  huge[32 + 7] = 1;  // Elen = 2^192
  EXPECT_EQ(gas(0x05, huge), UINT64_MAX);
  EXPECT_EQ(gas(0x05, modexp_input(0, UINT64_MAX, 0)), UINT64_MAX);
  EXPECT_EQ(gas(0x05, modexp_input(1ull << 32, 0, 0)), 1ull << 59);
  EXPECT_EQ(gas(0x05, modexp_input(0, 0, 1ull << 33)), 1ull << 61);
  EXPECT_EQ(gas(0x05, modexp_input(1ull << 35, 0, 0)), UINT64_MAX);
  EXPECT_EQ(gas(0x05, modexp_input(UINT64_MAX, 0, 0)), UINT64_MAX);
  EXPECT_EQ(gas(0x05, modexp_input(UINT64_MAX, 40, 0)), UINT64_MAX);
  // Blen and Mlen both zero: empty output; Mlen zero: empty output.
  r = run(0x05, modexp_input(0, 1, 0, {5}), 0);
  EXPECT_EQ(r.rc, 0);
  EXPECT_TRUE(r.out.empty());
  r = run(0x05, modexp_input(1, 1, 0, {5, 5}), 0);
  EXPECT_EQ(r.rc, 0);
  EXPECT_TRUE(r.out.empty());
}

TEST(SoftModexpGas, RandomAgainstReference) {
  auto rng = seeded_rng("SoftModexpGas.RandomAgainstReference");
  const uint64_t iterations = env_u64("TANDEM_ITERATIONS", 3000);
  auto pick_len = [&]() -> uint64_t {
    switch (rng() % 6) {
      case 0: return rng() % 40;
      case 1: return 1020 + rng() % 10;
      case 2: return rng() % 2000;
      case 3: return rng() >> (rng() % 64);
      case 4: return 0;
      default: return 28 + rng() % 10;
    }
  };
  for (uint64_t it = 0; it < iterations; ++it) {
    uint64_t bl = pick_len(), el = pick_len(), ml = pick_len();
    size_t avail = rng() % 300;  // bytes present after the 96-byte header
    Bytes rest = random_number(rng, avail, int(rng() % 6));
    Bytes in = modexp_input(bl, el, ml, rest);
    if (rng() % 8 == 0) in.resize(rng() % 97);  // header cut short
    // The reference's view: lengths and the exponent head read from the zero-padded input.
    Bytes padded = in;
    padded.resize(96, 0);
    auto field = [&](int i) {
      for (int k = 0; k < 24; ++k)
        if (padded[32 * i + k]) return UINT64_MAX;
      uint64_t v = 0;
      for (int k = 24; k < 32; ++k) v = v << 8 | padded[32 * i + k];
      return v;
    };
    Bytes head(32, 0);
    for (size_t k = 0; k < 32; ++k) {
      u128 off = u128(96) + field(0) + k;
      if (off < in.size()) head[k] = in[size_t(off)];
    }
    ASSERT_EQ(gas(0x05, in), ref_modexp_gas(field(0), field(1), field(2), head))
        << "iteration " << it << " input " << hex(in);
  }
}

// ---- the other precompiles ----

Bytes openssl_digest(const EVP_MD* md, const Bytes& in) {
  Bytes out(EVP_MAX_MD_SIZE);
  unsigned len = 0;
  if (!md || EVP_Digest(in.data(), in.size(), out.data(), &len, md, nullptr) != 1) return {};
  out.resize(len);
  return out;
}

TEST(SoftEth, HashesAndIdentityAgainstOpenSsl) {
  auto rng = seeded_rng("SoftEth.HashesAndIdentityAgainstOpenSsl");
  EVP_MD* rmd = EVP_MD_fetch(nullptr, "RIPEMD160", nullptr);
  if (!rmd) GTEST_SKIP() << "OpenSSL has no RIPEMD160 in its default provider";
  for (size_t len = 0; len < 300; ++len) {
    Bytes in = random_number(rng, len, 0);
    Outcome r = run(0x02, in, 32);
    ASSERT_EQ(r.rc, 0);
    EXPECT_EQ(hex(r.out), hex(openssl_digest(EVP_sha256(), in))) << len;
    r = run(0x03, in, 32);
    ASSERT_EQ(r.rc, 0);
    EXPECT_EQ(hex(r.out), std::string(24, '0') + hex(openssl_digest(rmd, in))) << len;
    r = run(0x04, in, len);
    ASSERT_EQ(r.rc, 0);
    EXPECT_EQ(r.out, in);
    const uint64_t words = (len + 31) / 32;
    EXPECT_EQ(gas(0x02, in), 60 + 12 * words);
    EXPECT_EQ(gas(0x03, in), 600 + 120 * words);
    EXPECT_EQ(gas(0x04, in), 15 + 3 * words);
  }
  EVP_MD_free(rmd);
  // Identity in place.
  Bytes buf = {1, 2, 3, 4, 5};
  size_t len = 0;
  ASSERT_EQ(tandem_soft_eth_precompile(0x04, buf.data(), buf.size(), buf.data(), buf.size(), &len), 0);
  EXPECT_EQ(len, 5u);
  EXPECT_EQ(buf, (Bytes{1, 2, 3, 4, 5}));
  // Empty inputs (and a null pointer with length 0).
  EXPECT_EQ(gas(0x02, {}), 60u);
  EXPECT_EQ(gas(0x03, {}), 600u);
  EXPECT_EQ(gas(0x04, {}), 15u);
  uint8_t out[32];
  ASSERT_EQ(tandem_soft_eth_precompile(0x04, nullptr, 0, out, 0, &len), 0);
  EXPECT_EQ(len, 0u);
  ASSERT_EQ(tandem_soft_eth_precompile(0x02, nullptr, 0, out, 32, &len), 0);
  EXPECT_EQ(hex(out, 32), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  ASSERT_EQ(tandem_soft_eth_precompile(0x01, nullptr, 0, out, 32, &len), 0);
  EXPECT_EQ(len, 0u);
}

TEST(SoftEth, OutputCapacity) {
  const Bytes in(40, 0x11);
  for (uint32_t a : {0x01u, 0x02u, 0x03u, 0x100u}) {
    EXPECT_EQ(run(a, in, 31).rc, -TANDEM_EINVAL) << a;
    EXPECT_EQ(run(a, in, 0).rc, -TANDEM_EINVAL) << a;
    EXPECT_EQ(run(a, in, 32).rc, 0) << a;
  }
  EXPECT_EQ(run(0x100, Bytes(160, 0), 31).rc, -TANDEM_EINVAL);
  EXPECT_EQ(run(0x04, in, 39).rc, -TANDEM_EINVAL);
  EXPECT_EQ(run(0x04, in, 40).rc, 0);
  Bytes b2(213, 0);
  EXPECT_EQ(run(0x09, b2, 63).rc, -TANDEM_EINVAL);
  EXPECT_EQ(run(0x09, b2, 64).rc, 0);
  EXPECT_EQ(run(0x05, modexp_input(1, 1, 2, {2, 3, 0, 5}), 1).rc, -TANDEM_EINVAL);
  Outcome r = run(0x05, modexp_input(1, 1, 2, {2, 3, 0, 5}), 2);
  EXPECT_EQ(r.rc, 0);
  EXPECT_EQ(hex(r.out), "0003");  // 8 mod 5
}

TEST(SoftEth, UnsupportedAddresses) {
  const Bytes in(213, 0);
  for (uint32_t a : {0x00u, 0x12u, 0x13u, 0x20u, 0xffu, 0x101u, 0x1000u, 0xffffffffu}) {
    EXPECT_EQ(run(a, in).rc, -TANDEM_EINVAL) << a;
    uint64_t g = 1234;
    EXPECT_EQ(tandem_soft_eth_precompile_gas(a, in.data(), in.size(), &g), -TANDEM_EINVAL) << a;
    EXPECT_EQ(g, 1234u);
  }
}

TEST(SoftEth, Blake2fRefusals) {
  Bytes in(213, 0);
  in[3] = 12;  // 12 rounds
  for (size_t len : {0, 1, 4, 212, 214, 300}) {
    Bytes b = in;
    b.resize(len);
    EXPECT_EQ(run(0x09, b).rc, -TANDEM_EBADMSG) << len;
    EXPECT_EQ(run(0x09, b, 0).rc, -TANDEM_EBADMSG) << len;  // before the capacity check
    EXPECT_EQ(gas(0x09, b), 0u) << len;
  }
  for (int f : {2, 3, 0x80, 0xff}) {
    Bytes b = in;
    b[212] = uint8_t(f);
    EXPECT_EQ(run(0x09, b).rc, -TANDEM_EBADMSG) << f;
    EXPECT_EQ(gas(0x09, b), 12u);
  }
  in[0] = 0xff, in[1] = 0xff, in[2] = 0xff, in[3] = 0xff;
  EXPECT_EQ(gas(0x09, in), 0xffffffffu);
  in[0] = in[1] = in[2] = in[3] = 0;
  for (int f : {0, 1}) {  // zero rounds is a valid call
    in[212] = uint8_t(f);
    Outcome r = run(0x09, in);
    EXPECT_EQ(r.rc, 0);
    EXPECT_EQ(r.out.size(), 64u);
    EXPECT_EQ(gas(0x09, in), 0u);
  }
}

TEST(SoftEth, EcrecoverAndP256Shapes) {
  // Any input to 0x01 succeeds (empty output for a bad signature) and costs 3000.
  Bytes in(128, 0);
  in[63] = 27;
  in[95] = 1, in[127] = 1;  // r = s = 1, hash 0: a valid shape
  for (int v : {0, 1, 26, 29, 255}) {
    Bytes b = in;
    b[63] = uint8_t(v);
    Outcome r = run(0x01, b, 32);
    EXPECT_EQ(r.rc, 0);
    EXPECT_TRUE(r.out.empty()) << v;
  }
  Bytes b = in;
  b[40] = 1;  // v's high bytes not zero
  EXPECT_TRUE(run(0x01, b, 32).out.empty());
  b = in;
  b[95] = 0;  // r = 0
  EXPECT_TRUE(run(0x01, b, 32).out.empty());
  static const char* kN = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
  Bytes n = unhex(kN);
  b = in;
  std::copy(n.begin(), n.end(), b.begin() + 96);  // s = n
  EXPECT_TRUE(run(0x01, b, 32).out.empty());
  b = in;
  std::copy(n.begin(), n.end(), b.begin() + 64);  // r = n
  EXPECT_TRUE(run(0x01, b, 32).out.empty());
  for (size_t len : {0, 1, 127, 128, 129, 500}) EXPECT_EQ(gas(0x01, Bytes(len, 0)), 3000u);
  // 0x100: anything but 160 bytes gives an empty output; always 6900 gas.
  for (size_t len : {0, 159, 161, 320}) {
    Outcome r = run(0x100, Bytes(len, 0), 32);
    EXPECT_EQ(r.rc, 0);
    EXPECT_TRUE(r.out.empty()) << len;
    EXPECT_EQ(gas(0x100, Bytes(len, 0)), 6900u);
  }
}

// ecrecover from the vectors with the input reshaped: trailing bytes ignored, a cut input is
// zero-padded, a wrong v or s gives an empty output.
TEST(SoftEthVectors, EcRecoverReshaped) {
  LOAD_OR_SKIP(text, "go-ethereum/ecRecover.json");
  size_t checked = 0;
  for (const auto& v : parse_vectors(text)) {
    if (v.expected.empty() || v.input.size() != 128) continue;
    Bytes longer = v.input;
    longer.resize(200, 0x77);
    EXPECT_EQ(run(0x01, longer, 32).out, v.expected) << v.name;
    Bytes b = v.input;
    b[63] ^= 0x07;  // 27 <-> 28 ... or out of range
    Outcome r = run(0x01, b, 32);
    EXPECT_EQ(r.rc, 0);
    EXPECT_NE(r.out, v.expected);
    b = v.input;
    b[96] ^= 0x80;  // s changes (maybe above n)
    EXPECT_NE(run(0x01, b, 32).out, v.expected);
    ++checked;
  }
  EXPECT_GT(checked, 0u);
}

}  // namespace
