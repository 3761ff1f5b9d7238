// tests/coproc/soft_sig_test.cpp: the SDK's portable signature code (sdk/src/soft/sha512.c,
// ecdsa.c, ed25519.c), which the soft build of a guest runs instead of the signature coprocessor
// and which must give the coprocessor's answers byte for byte: libsecp256k1 for secp256k1
// recovery and verification, OpenSSL 3 for P-256 and Ed25519 verification and SHA-512.
//
// Kinds of test:
//  - seeded random cross-checks against those libraries (seed printed; TANDEM_SEED and
//    TANDEM_ITERATIONS override): signatures made by the library, then corrupted ones;
//  - Wycheproof vectors from ../shared/vectors/wycheproof ("valid" must verify, "invalid" must
//    not, "acceptable" must match the library); skipped, saying so, when the directory is absent;
//  - FIPS 180-4 known answers for SHA-512;
//  - edge cases: scalars 0, 1, n - 1, n, recovery ids 2 and 3, keys off the curve, hashes 0 and
//    >= n; for Ed25519, small-order, mixed-order and non-canonical encodings of A and R, S near L.
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/sha.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "tandem/abi_numbers.h"
#include "tandem/guest.h"

#include "vectors.h"

using namespace tandem::test;
using B32 = std::array<uint8_t, 32>;
using B64 = std::array<uint8_t, 64>;

namespace {

constexpr int kBad = -TANDEM_EBADMSG;

// ---- helpers ----

template <size_t N>
std::array<uint8_t, N> unhex_n(std::string_view s) {
  Bytes b = unhex(s);
  std::array<uint8_t, N> a{};
  EXPECT_EQ(b.size(), N) << s;
  std::memcpy(a.data(), b.data(), std::min(N, b.size()));
  return a;
}


template <size_t N>
std::array<uint8_t, N> random_bytes(std::mt19937_64& rng) {
  std::array<uint8_t, N> a;
  for (auto& b : a) b = uint8_t(rng());
  return a;
}
Bytes random_bytes(std::mt19937_64& rng, size_t n) {
  Bytes b(n);
  for (auto& x : b) x = uint8_t(rng());
  return b;
}

// Big-endian 256-bit values by hex, and small arithmetic on them.
B32 be(std::string_view h) { return unhex_n<32>(h); }
B32 be_add_small(B32 a, int k) {  // a + k, k may be negative; wraps mod 2^256
  int carry = k;
  for (int i = 31; i >= 0 && carry != 0; --i) {
    int v = a[i] + carry;
    a[i] = uint8_t(v & 0xff);
    carry = v >> 8;  // arithmetic shift: -1 for borrow
  }
  return a;
}

const B32 kK1N = be("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
const B32 kK1P = be("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f");
const B32 kP256N = be("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
const B32 kP256P = be("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");

B64 cat(const B32& a, const B32& b) {
  B64 r;
  std::memcpy(r.data(), a.data(), 32);
  std::memcpy(r.data() + 32, b.data(), 32);
  return r;
}

// ---- the native references ----

secp256k1_context* k1ctx() {
  static secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
  return ctx;
}

int ref_k1_recover(const B32& hash, const B64& sig, int recid, B64& pub) {
  if (recid < 0 || recid > 3) return -TANDEM_EINVAL;
  secp256k1_ecdsa_recoverable_signature rs;
  if (!secp256k1_ecdsa_recoverable_signature_parse_compact(k1ctx(), &rs, sig.data(), recid))
    return kBad;
  secp256k1_pubkey pk;
  if (!secp256k1_ecdsa_recover(k1ctx(), &pk, &rs, hash.data())) return kBad;
  uint8_t out[65];
  size_t len = 65;
  secp256k1_ec_pubkey_serialize(k1ctx(), out, &len, &pk, SECP256K1_EC_UNCOMPRESSED);
  std::memcpy(pub.data(), out + 1, 64);
  return 0;
}

int ref_k1_verify(const B32& hash, const B64& sig, const B64& pub) {
  uint8_t in[65];
  in[0] = 4;
  std::memcpy(in + 1, pub.data(), 64);
  secp256k1_pubkey pk;
  if (!secp256k1_ec_pubkey_parse(k1ctx(), &pk, in, 65)) return kBad;
  secp256k1_ecdsa_signature s;
  if (!secp256k1_ecdsa_signature_parse_compact(k1ctx(), &s, sig.data())) return kBad;
  secp256k1_ecdsa_signature_normalize(k1ctx(), &s, &s);
  return secp256k1_ecdsa_verify(k1ctx(), &s, hash.data(), &pk) ? 0 : kBad;
}

bool k1_sign(std::mt19937_64& rng, const B32& hash, B64& sig, int& recid, B64& pub) {
  B32 sk = random_bytes<32>(rng);
  if (!secp256k1_ec_seckey_verify(k1ctx(), sk.data())) return false;
  secp256k1_ecdsa_recoverable_signature rs;
  if (!secp256k1_ecdsa_sign_recoverable(k1ctx(), &rs, hash.data(), sk.data(), nullptr, nullptr))
    return false;
  secp256k1_ecdsa_recoverable_signature_serialize_compact(k1ctx(), sig.data(), &recid, &rs);
  secp256k1_pubkey pk;
  if (!secp256k1_ec_pubkey_create(k1ctx(), &pk, sk.data())) return false;
  uint8_t out[65];
  size_t len = 65;
  secp256k1_ec_pubkey_serialize(k1ctx(), out, &len, &pk, SECP256K1_EC_UNCOMPRESSED);
  std::memcpy(pub.data(), out + 1, 64);
  return true;
}

const EC_GROUP* p256_group() {
  static EC_GROUP* g = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
  return g;
}

// OpenSSL's ECDSA_do_verify, after the EIP-7951 range checks on the key's coordinates (OpenSSL
// itself would reduce coordinates >= p).
int ref_p256_verify(const B32& hash, const B64& sig, const B64& pub) {
  if (std::memcmp(pub.data(), kP256P.data(), 32) >= 0 ||
      std::memcmp(pub.data() + 32, kP256P.data(), 32) >= 0)
    return kBad;
  int result = kBad;
  BIGNUM* x = BN_bin2bn(pub.data(), 32, nullptr);
  BIGNUM* y = BN_bin2bn(pub.data() + 32, 32, nullptr);
  EC_POINT* q = EC_POINT_new(p256_group());
  EC_KEY* key = EC_KEY_new_by_curve_name(NID_X9_62_prime256v1);
  ECDSA_SIG* s = ECDSA_SIG_new();
  if (EC_POINT_set_affine_coordinates(p256_group(), q, x, y, nullptr) == 1 &&
      EC_KEY_set_public_key(key, q) == 1) {
    ECDSA_SIG_set0(s, BN_bin2bn(sig.data(), 32, nullptr), BN_bin2bn(sig.data() + 32, 32, nullptr));
    if (ECDSA_do_verify(hash.data(), 32, s, key) == 1) result = 0;
  }
  ECDSA_SIG_free(s);
  EC_KEY_free(key);
  EC_POINT_free(q);
  BN_free(x);
  BN_free(y);
  return result;
}

struct P256Key {
  EC_KEY* key = nullptr;
  B64 pub{};
  P256Key() {
    key = EC_KEY_new_by_curve_name(NID_X9_62_prime256v1);
    EC_KEY_generate_key(key);
    BIGNUM* x = BN_new();
    BIGNUM* y = BN_new();
    EC_POINT_get_affine_coordinates(p256_group(), EC_KEY_get0_public_key(key), x, y, nullptr);
    BN_bn2binpad(x, pub.data(), 32);
    BN_bn2binpad(y, pub.data() + 32, 32);
    BN_free(x);
    BN_free(y);
  }
  ~P256Key() { EC_KEY_free(key); }
  B64 sign(const B32& hash) const {
    ECDSA_SIG* s = ECDSA_do_sign(hash.data(), 32, key);
    B64 out{};
    BN_bn2binpad(ECDSA_SIG_get0_r(s), out.data(), 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(s), out.data() + 32, 32);
    ECDSA_SIG_free(s);
    return out;
  }
};

int ref_ed25519_verify(const uint8_t* msg, size_t len, const B64& sig, const B32& pub) {
  EVP_PKEY* pk = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, pub.data(), 32);
  if (!pk) return kBad;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  int result = kBad;
  if (EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, pk) == 1 &&
      EVP_DigestVerify(ctx, sig.data(), 64, msg, len) == 1)
    result = 0;
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(pk);
  return result;
}

struct Ed25519Key {
  EVP_PKEY* key = nullptr;
  B32 pub{};
  Ed25519Key() {
    EVP_PKEY_CTX* kctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr);
    EVP_PKEY_keygen_init(kctx);
    EVP_PKEY_keygen(kctx, &key);
    EVP_PKEY_CTX_free(kctx);
    size_t len = 32;
    EVP_PKEY_get_raw_public_key(key, pub.data(), &len);
  }
  ~Ed25519Key() { EVP_PKEY_free(key); }
  B64 sign(const Bytes& msg) const {
    B64 sig{};
    size_t len = 64;
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, key);
    EVP_DigestSign(ctx, sig.data(), &len, msg.data(), msg.size());
    EVP_MD_CTX_free(ctx);
    return sig;
  }
};

// ---- the code under test, with the outputs compared ----

void check_k1_recover(const B32& hash, const B64& sig, int recid, const char* what) {
  B64 want{}, got{};
  got.fill(0xa5);
  const int w = ref_k1_recover(hash, sig, recid, want);
  const int g = tandem_soft_secp256k1_recover(hash.data(), sig.data(), recid, got.data());
  ASSERT_EQ(g, w) << what << " hash=" << hex(hash) << " sig=" << hex(sig) << " recid=" << recid;
  if (w == 0) {
    ASSERT_EQ(hex(got), hex(want)) << what << " hash=" << hex(hash) << " sig=" << hex(sig);
  } else {
    B64 untouched;
    untouched.fill(0xa5);
    ASSERT_EQ(hex(got), hex(untouched)) << "pub written on failure";
  }
}

void check_k1_verify(const B32& hash, const B64& sig, const B64& pub, const char* what) {
  const int w = ref_k1_verify(hash, sig, pub);
  const int g = tandem_soft_secp256k1_verify(hash.data(), sig.data(), pub.data());
  ASSERT_EQ(g, w) << what << " hash=" << hex(hash) << " sig=" << hex(sig) << " pub=" << hex(pub);
}

void check_p256_verify(const B32& hash, const B64& sig, const B64& pub, const char* what) {
  const int w = ref_p256_verify(hash, sig, pub);
  const int g = tandem_soft_p256_verify(hash.data(), sig.data(), pub.data());
  ASSERT_EQ(g, w) << what << " hash=" << hex(hash) << " sig=" << hex(sig) << " pub=" << hex(pub);
}

void check_ed25519(const Bytes& msg, const B64& sig, const B32& pub, const char* what) {
  const int w = ref_ed25519_verify(msg.data(), msg.size(), sig, pub);
  const int g = tandem_soft_ed25519_verify(msg.data(), msg.size(), sig.data(), pub.data());
  ASSERT_EQ(g, w) << what << " msg=" << hex(msg) << " sig=" << hex(sig) << " pub=" << hex(pub);
}

template <size_t N>
void flip_bit(std::array<uint8_t, N>& a, std::mt19937_64& rng) {
  a[rng() % N] ^= uint8_t(1u << (rng() % 8));
}

// ---- SHA-512 ----

TEST(SoftSha512, FipsKnownAnswers) {
  uint8_t out[64];
  tandem_soft_sha512("abc", 3, out);
  EXPECT_EQ(hex(out, 64),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  tandem_soft_sha512("", 0, out);
  EXPECT_EQ(hex(out, 64),
            "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
            "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e");
  const char* two_block =
      "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
  tandem_soft_sha512(two_block, std::strlen(two_block), out);
  EXPECT_EQ(hex(out, 64),
            "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
            "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909");
  std::string million(1000000, 'a');
  tandem_soft_sha512(million.data(), million.size(), out);
  EXPECT_EQ(hex(out, 64),
            "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
            "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b");
}

TEST(SoftSha512, MatchesOpenSslOnRandomLengths) {
  auto rng = seeded_rng("SoftSha512.MatchesOpenSslOnRandomLengths");
  const uint64_t n = iterations(400);
  for (uint64_t it = 0; it < n; ++it) {
    const size_t len = it <= 300 ? it : rng() % 1001;
    Bytes msg = random_bytes(rng, len);
    uint8_t want[64], got[64];
    SHA512(msg.data(), msg.size(), want);
    tandem_soft_sha512(msg.data(), msg.size(), got);
    ASSERT_EQ(hex(got, 64), hex(want, 64)) << "len=" << len;
  }
}

// ---- secp256k1 ----

TEST(SoftSecp256k1, RandomSignaturesMatchLibsecp256k1) {
  auto rng = seeded_rng("SoftSecp256k1.RandomSignaturesMatchLibsecp256k1");
  const uint64_t n = iterations(400);
  int verified = 0;
  for (uint64_t it = 0; it < n; ++it) {
    B32 hash = random_bytes<32>(rng);
    B64 sig, pub;
    int recid;
    if (!k1_sign(rng, hash, sig, recid, pub)) continue;
    ASSERT_EQ(tandem_soft_secp256k1_verify(hash.data(), sig.data(), pub.data()), 0) << hex(sig);
    ++verified;
    check_k1_recover(hash, sig, recid, "valid");
    check_k1_verify(hash, sig, pub, "valid");
    // High s: the same signature with s replaced by n - s verifies, and recovers with the other
    // parity.
    {
      B64 hs = sig;
      B32 s;
      std::memcpy(s.data(), sig.data() + 32, 32);
      int borrow = 0;
      for (int i = 31; i >= 0; --i) {
        int v = kK1N[i] - s[i] - borrow;
        borrow = v < 0;
        hs[32 + i] = uint8_t(v & 0xff);
      }
      check_k1_verify(hash, hs, pub, "high s");
      check_k1_recover(hash, hs, recid ^ 1, "high s");
    }
    // Wrong recovery ids, corrupted hash / signature / key.
    check_k1_recover(hash, sig, int(rng() % 4), "random recid");
    B32 h2 = hash;
    flip_bit(h2, rng);
    check_k1_verify(h2, sig, pub, "hash bit");
    check_k1_recover(h2, sig, recid, "hash bit");
    B64 s2 = sig;
    flip_bit(s2, rng);
    check_k1_verify(hash, s2, pub, "sig bit");
    check_k1_recover(hash, s2, recid, "sig bit");
    B64 p2 = pub;
    flip_bit(p2, rng);
    check_k1_verify(hash, sig, p2, "pub bit");
    // Entirely random signature and key.
    B64 rs = random_bytes<64>(rng);
    check_k1_recover(hash, rs, int(rng() % 4), "random sig");
    check_k1_verify(hash, rs, pub, "random sig");
  }
  EXPECT_GT(verified, int(n / 2));
}

TEST(SoftSecp256k1, EdgeCases) {
  auto rng = seeded_rng("SoftSecp256k1.EdgeCases");
  const B32 zero{};
  B32 one{};
  one[31] = 1;
  const B32 scalars[] = {zero, one, be_add_small(kK1N, -1), kK1N, be_add_small(kK1N, 1),
                         be_add_small(kK1N, -2), B32{}};
  B32 ff;
  ff.fill(0xff);
  const B32 hashes[] = {zero, one, be_add_small(kK1N, -1), kK1N, be_add_small(kK1N, 1), ff};
  for (int trial = 0; trial < 40; ++trial) {
    B32 hash = random_bytes<32>(rng);
    B64 sig, pub;
    int recid;
    if (!k1_sign(rng, hash, sig, recid, pub)) continue;
    B32 r, s;
    std::memcpy(r.data(), sig.data(), 32);
    std::memcpy(s.data(), sig.data() + 32, 32);
    for (const B32& x : scalars) {
      for (int id = -1; id <= 4; ++id) {
        check_k1_recover(hash, cat(x, s), id, "edge r");
        check_k1_recover(hash, cat(r, x), id, "edge s");
      }
      check_k1_verify(hash, cat(x, s), pub, "edge r");
      check_k1_verify(hash, cat(r, x), pub, "edge s");
    }
    for (const B32& h : hashes) {
      check_k1_recover(h, sig, recid, "edge hash");
      check_k1_verify(h, sig, pub, "edge hash");
    }
    // Key coordinates at or above p, off the curve, the point at infinity's usual encodings.
    B32 px, py;
    std::memcpy(px.data(), pub.data(), 32);
    std::memcpy(py.data(), pub.data() + 32, 32);
    check_k1_verify(hash, sig, cat(kK1P, py), "x = p");
    check_k1_verify(hash, sig, cat(px, kK1P), "y = p");
    check_k1_verify(hash, sig, cat(px, be_add_small(py, 1)), "off curve");
    check_k1_verify(hash, sig, cat(zero, zero), "zero key");
    check_k1_verify(hash, sig, cat(px, be_add_small(kK1P, 0)), "y = p");
  }
  // recid 2 and 3 need r + n < p: r below p - n (about 2^128), found by trying small r.
  int recovered_high = 0;
  for (int trial = 0; trial < 200; ++trial) {
    B32 r{};
    for (int i = 16; i < 32; ++i) r[i] = uint8_t(rng());
    if (trial < 8) r = be_add_small(B32{}, trial + 1);
    B32 s = random_bytes<32>(rng);
    B32 hash = random_bytes<32>(rng);
    for (int id = 0; id < 4; ++id) {
      check_k1_recover(hash, cat(r, s), id, "small r");
      B64 out;
      if (id >= 2 && tandem_soft_secp256k1_recover(hash.data(), cat(r, s).data(), id, out.data()) == 0)
        ++recovered_high;
    }
    // r with r + n just below and at or above p.
    B32 pm = be_add_small(B32{}, 0);
    int borrow = 0;
    for (int i = 31; i >= 0; --i) {  // pm = p - n
      int v = kK1P[i] - kK1N[i] - borrow;
      borrow = v < 0;
      pm[i] = uint8_t(v & 0xff);
    }
    for (int k = -3; k <= 2; ++k) check_k1_recover(hash, cat(be_add_small(pm, k), s), 2 + (trial & 1), "r near p - n");
  }
  EXPECT_GT(recovered_high, 0);
}

// ---- P-256 ----

TEST(SoftP256, RandomSignaturesMatchOpenSsl) {
  auto rng = seeded_rng("SoftP256.RandomSignaturesMatchOpenSsl");
  const uint64_t n = iterations(400);
  std::vector<std::unique_ptr<P256Key>> keys;
  for (int i = 0; i < 32; ++i) keys.push_back(std::make_unique<P256Key>());
  for (uint64_t it = 0; it < n; ++it) {
    const P256Key& k = *keys[it % keys.size()];
    B32 hash = random_bytes<32>(rng);
    if (it % 7 == 0) std::memcpy(hash.data(), kP256N.data(), 32), hash = be_add_small(hash, int(rng() % 5));
    B64 sig = k.sign(hash);
    ASSERT_EQ(tandem_soft_p256_verify(hash.data(), sig.data(), k.pub.data()), 0) << hex(sig);
    check_p256_verify(hash, sig, k.pub, "valid");
    B32 h2 = hash;
    flip_bit(h2, rng);
    check_p256_verify(h2, sig, k.pub, "hash bit");
    B64 s2 = sig;
    flip_bit(s2, rng);
    check_p256_verify(hash, s2, k.pub, "sig bit");
    B64 p2 = k.pub;
    flip_bit(p2, rng);
    check_p256_verify(hash, sig, p2, "pub bit");
    check_p256_verify(hash, random_bytes<64>(rng), k.pub, "random sig");
    check_p256_verify(hash, sig, keys[(it + 1) % keys.size()]->pub, "other key");
  }
}

TEST(SoftP256, EdgeCases) {
  auto rng = seeded_rng("SoftP256.EdgeCases");
  P256Key k;
  const B32 zero{};
  B32 one{};
  one[31] = 1;
  B32 ff;
  ff.fill(0xff);
  const B32 scalars[] = {zero, one, be_add_small(kP256N, -1), kP256N, be_add_small(kP256N, 1), ff};
  const B32 hashes[] = {zero, one, be_add_small(kP256N, -1), kP256N, be_add_small(kP256N, 1), ff};
  for (int trial = 0; trial < 20; ++trial) {
    B32 hash = random_bytes<32>(rng);
    B64 sig = k.sign(hash);
    B32 r, s, px, py;
    std::memcpy(r.data(), sig.data(), 32);
    std::memcpy(s.data(), sig.data() + 32, 32);
    std::memcpy(px.data(), k.pub.data(), 32);
    std::memcpy(py.data(), k.pub.data() + 32, 32);
    for (const B32& x : scalars) {
      check_p256_verify(hash, cat(x, s), k.pub, "edge r");
      check_p256_verify(hash, cat(r, x), k.pub, "edge s");
    }
    for (const B32& h : hashes) {
      B64 hs = k.sign(h);
      check_p256_verify(h, hs, k.pub, "edge hash");
      check_p256_verify(h, sig, k.pub, "edge hash, other sig");
    }
    check_p256_verify(hash, sig, cat(kP256P, py), "x = p");
    check_p256_verify(hash, sig, cat(px, kP256P), "y = p");
    check_p256_verify(hash, sig, cat(px, be_add_small(py, 1)), "off curve");
    check_p256_verify(hash, sig, cat(zero, zero), "zero key");
  }
}

// ---- Wycheproof ----

void run_ecdsa_wycheproof(const std::string& text, bool k1) {
  const auto doc = nlohmann::json::parse(text);
  int checked = 0;
  for (const auto& group : doc["testGroups"]) {
    Bytes key = unhex(group["publicKey"]["uncompressed"].get<std::string>());
    ASSERT_EQ(key.size(), 65u);
    B64 pub;
    std::memcpy(pub.data(), key.data() + 1, 64);
    for (const auto& t : group["tests"]) {
      const Bytes msg = unhex(t["msg"].get<std::string>());
      const Bytes sigb = unhex(t["sig"].get<std::string>());
      const std::string result = t["result"];
      const int id = t["tcId"];
      if (sigb.size() != 64) {
        EXPECT_NE(result, "valid") << "tcId " << id;
        continue;
      }
      B32 hash;
      SHA256(msg.data(), msg.size(), hash.data());
      B64 sig;
      std::memcpy(sig.data(), sigb.data(), 64);
      const int g = k1 ? tandem_soft_secp256k1_verify(hash.data(), sig.data(), pub.data())
                       : tandem_soft_p256_verify(hash.data(), sig.data(), pub.data());
      const int w = k1 ? ref_k1_verify(hash, sig, pub) : ref_p256_verify(hash, sig, pub);
      if (result == "valid") {
        EXPECT_EQ(g, 0) << "tcId " << id << " " << t["comment"];
      }
      if (result == "invalid") {
        EXPECT_EQ(g, kBad) << "tcId " << id << " " << t["comment"];
      }
      EXPECT_EQ(g, w) << "tcId " << id << " " << t["comment"];
      if (k1) {
        for (int recid = 0; recid < 4; ++recid) check_k1_recover(hash, sig, recid, "wycheproof");
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 100);
}

TEST(SoftSecp256k1, Wycheproof) {
  LOAD_OR_SKIP(text, "wycheproof/ecdsa_secp256k1_sha256_p1363_test.json");
  run_ecdsa_wycheproof(text, true);
}

TEST(SoftP256, Wycheproof) {
  LOAD_OR_SKIP(text, "wycheproof/ecdsa_secp256r1_sha256_p1363_test.json");
  run_ecdsa_wycheproof(text, false);
}

TEST(SoftEd25519, Wycheproof) {
  LOAD_OR_SKIP(text, "wycheproof/ed25519_test.json");
  const auto doc = nlohmann::json::parse(text);
  int checked = 0;
  for (const auto& group : doc["testGroups"]) {
    const B32 pub = unhex_n<32>(group["publicKey"]["pk"].get<std::string>());
    for (const auto& t : group["tests"]) {
      const Bytes msg = unhex(t["msg"].get<std::string>());
      const Bytes sigb = unhex(t["sig"].get<std::string>());
      const std::string result = t["result"];
      const int id = t["tcId"];
      if (sigb.size() != 64) {
        EXPECT_NE(result, "valid") << "tcId " << id;
        continue;
      }
      B64 sig;
      std::memcpy(sig.data(), sigb.data(), 64);
      const int g = tandem_soft_ed25519_verify(msg.data(), msg.size(), sig.data(), pub.data());
      if (result == "valid") {
        EXPECT_EQ(g, 0) << "tcId " << id << " " << t["comment"];
      }
      if (result == "invalid") {
        EXPECT_EQ(g, kBad) << "tcId " << id << " " << t["comment"];
      }
      EXPECT_EQ(g, ref_ed25519_verify(msg.data(), msg.size(), sig, pub))
          << "tcId " << id << " " << t["comment"];
      ++checked;
    }
  }
  EXPECT_GT(checked, 100);
}

// ---- Ed25519 ----

TEST(SoftEd25519, RandomSignaturesMatchOpenSsl) {
  auto rng = seeded_rng("SoftEd25519.RandomSignaturesMatchOpenSsl");
  const uint64_t n = iterations(400);
  std::vector<std::unique_ptr<Ed25519Key>> keys;
  for (int i = 0; i < 32; ++i) keys.push_back(std::make_unique<Ed25519Key>());
  for (uint64_t it = 0; it < n; ++it) {
    const Ed25519Key& k = *keys[it % keys.size()];
    Bytes msg = random_bytes(rng, rng() % 300);
    B64 sig = k.sign(msg);
    ASSERT_EQ(tandem_soft_ed25519_verify(msg.data(), msg.size(), sig.data(), k.pub.data()), 0)
        << hex(sig);
    check_ed25519(msg, sig, k.pub, "valid");
    Bytes m2 = msg;
    if (!m2.empty()) m2[rng() % m2.size()] ^= uint8_t(1u << (rng() % 8));
    else m2.push_back(0);
    check_ed25519(m2, sig, k.pub, "msg bit");
    B64 s2 = sig;
    flip_bit(s2, rng);
    check_ed25519(msg, s2, k.pub, "sig bit");
    B32 p2 = k.pub;
    flip_bit(p2, rng);
    check_ed25519(msg, sig, p2, "pub bit");
    check_ed25519(msg, random_bytes<64>(rng), k.pub, "random sig");
    check_ed25519(msg, sig, random_bytes<32>(rng), "random pub");
  }
}

// Little-endian encodings with y = p + k (k may be negative) and the given sign bit.
B32 ed_y(int k, int sign) {
  // p = 2^255 - 19 in little-endian: ed ff ... ff 7f
  B32 y;
  y.fill(0xff);
  y[31] = 0x7f;
  y[0] = 0xed;
  int carry = k;
  for (int i = 0; i < 32 && carry != 0; ++i) {
    int v = y[i] + carry;
    y[i] = uint8_t(v & 0xff);
    carry = v >> 8;
  }
  y[31] = uint8_t((y[31] & 0x7f) | (sign << 7));
  return y;
}

// Encodings of A and R that stress the decoder: the eight small-order points, their
// non-canonical twins (y >= p), x = 0 with the sign bit set, y values with no x.
std::vector<B32> ed_edge_points() {
  std::vector<B32> v;
  const B32 p = ed_y(0, 0);
  for (int sign = 0; sign < 2; ++sign) {
    B32 zero{}, one{};
    one[0] = 1;
    zero[31] = uint8_t(sign << 7);
    one[31] = uint8_t(sign << 7);
    v.push_back(zero);                   // y = 0: (+-sqrt(-1), 0), order 4
    v.push_back(one);                    // y = 1: the identity (x = 0)
    v.push_back(ed_y(-1, sign));         // y = -1: order 2 (x = 0)
    for (int k = 0; k <= 18; ++k) v.push_back(ed_y(k, sign));  // y = p .. 2^255 - 1
    for (const char* h : {"c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
                          "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"}) {
      B32 e = unhex_n<32>(h);
      e[31] = uint8_t((e[31] & 0x7f) | (sign << 7));
      v.push_back(e);  // order 8
    }
    B32 two{};
    two[0] = 2;
    two[31] = uint8_t(sign << 7);
    v.push_back(two);  // y = 2: not on the curve
  }
  (void)p;
  return v;
}

TEST(SoftEd25519, EdgeEncodingsMatchOpenSsl) {
  auto rng = seeded_rng("SoftEd25519.EdgeEncodingsMatchOpenSsl");
  const auto pts = ed_edge_points();
  const Ed25519Key k;
  // S values: 0, 1, L - 1, L, L + 1, 2^253 - 1, random below L.
  const B32 l = unhex_n<32>("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
  auto l_plus = [&](int d) {
    B32 r = l;
    int carry = d;
    for (int i = 0; i < 32 && carry != 0; ++i) {
      int v = r[i] + carry;
      r[i] = uint8_t(v & 0xff);
      carry = v >> 8;
    }
    return r;
  };
  B32 top{};
  top.fill(0xff);
  top[31] = 0x1f;
  std::vector<B32> ss = {B32{}, l_plus(-1), l, l_plus(1), top, l_plus(-l[0] + 1)};
  ss[0][0] = 0;
  B32 s1{};
  s1[0] = 1;
  ss.push_back(s1);
  int accepted = 0;
  for (const B32& a : pts) {
    for (const B32& r : pts) {
      for (const B32& s : ss) {
        Bytes msg = random_bytes(rng, rng() % 8);
        B64 sig = cat(r, s);
        check_ed25519(msg, sig, a, "edge A/R/S");
        accepted += tandem_soft_ed25519_verify(msg.data(), msg.size(), sig.data(), a.data()) == 0;
      }
    }
    // A real signature checked against a small-order or non-canonical key.
    Bytes msg = random_bytes(rng, 16);
    check_ed25519(msg, k.sign(msg), a, "edge A, real sig");
  }
  std::printf("[ info     ] %d edge combinations verified\n", accepted);
  EXPECT_GT(accepted, 0);
  // A real key with a non-canonical R: R's y + p (only possible when y < 19, so build it from
  // scratch: the identity R = (0, 1) with S = k * a is not constructible; instead check that
  // the canonical R verifies and every re-encoding with the sign bit flipped does not).
  for (int i = 0; i < 50; ++i) {
    Bytes msg = random_bytes(rng, 32);
    B64 sig = k.sign(msg);
    sig[31] ^= 0x80;
    check_ed25519(msg, sig, k.pub, "R sign flipped");
    sig[31] ^= 0x80;
    B64 big = sig;
    for (int j = 32; j < 64; ++j) big[j] = l[j - 32];
    check_ed25519(msg, big, k.pub, "S = L");
  }
}

// A mixed-order key A = aB + T (T of order 8), signed honestly with a: [S]B - [k]A = R - [k]T,
// which is R only when 8 divides k.  So the signature with k = 0 mod 8 verifies under both the
// cofactorless and the cofactored equation, the one with k = 3 mod 8 only under the cofactored
// one; OpenSSL (and the portable code) use the cofactorless equation.  Made with a few lines of
// Python (affine Edwards arithmetic) from RFC 8032's definitions.
TEST(SoftEd25519, MixedOrderKeyIsCofactorless) {
  const B32 pub = unhex_n<32>("f3a7b7a0a1d53f969ab30d5fb8b56cf18dbbb2c8dc568d8ab047ca38c9f88e9b");
  const Bytes m0 = unhex("0200"), m3 = unhex("0001");
  const B64 s0 = unhex_n<64>(
      "7d6c23f8e7ade4a9b07afeda562074367df53acb7ae9ac48dfebb27ad359c869"
      "f1aa8c8feaabc14be258a4715321b3d3aab247f59448af0d303810060ef7340a");
  const B64 s3 = unhex_n<64>(
      "11f4510078ad540e962d0095dc0adcf85664140106076e6d7045149f02ddb898"
      "9334c20cb53bf5c5a7f44d253cca6f3de760a697576aa458a6c9a7c622662f04");
  EXPECT_EQ(ref_ed25519_verify(m0.data(), m0.size(), s0, pub), 0);
  EXPECT_EQ(ref_ed25519_verify(m3.data(), m3.size(), s3, pub), kBad);
  EXPECT_EQ(tandem_soft_ed25519_verify(m0.data(), m0.size(), s0.data(), pub.data()), 0);
  EXPECT_EQ(tandem_soft_ed25519_verify(m3.data(), m3.size(), s3.data(), pub.data()), kBad);
}

}  // namespace
