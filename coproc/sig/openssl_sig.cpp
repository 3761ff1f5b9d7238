// coproc/sig/openssl_sig.cpp: P-256 ECDSA verification and Ed25519 verification on OpenSSL 3.
//
// P-256 uses OpenSSL's group arithmetic only (EC_POINT_mul computes u1·G + u2·Q with its
// precomputed generator table); the ECDSA checks are spelled out below in EIP-7951's order.  The
// group, a BN_CTX and the numbers are kept per thread: building them costs more than a verify's
// bookkeeping, and OpenSSL's objects must not be shared between threads while in use.
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>

#include <memory>

#include "coproc/sig/sig.h"

namespace tandem::coproc::sig {
namespace {

struct P256 {
  EC_GROUP* group = nullptr;
  BN_CTX* bn = nullptr;
  BIGNUM *p = nullptr, *n = nullptr, *r = nullptr, *s = nullptr, *e = nullptr, *x = nullptr,
         *y = nullptr, *u1 = nullptr, *u2 = nullptr;
  EC_POINT *q = nullptr, *rp = nullptr;
  bool ok = false;

  P256() {
    group = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
    bn = BN_CTX_new();
    if (!group || !bn) return;
    BIGNUM** all[] = {&p, &n, &r, &s, &e, &x, &y, &u1, &u2};
    for (BIGNUM** b : all)
      if (!(*b = BN_new())) return;
    q = EC_POINT_new(group);
    rp = EC_POINT_new(group);
    ok = q && rp && EC_GROUP_get_curve(group, p, nullptr, nullptr, bn) == 1 &&
         BN_copy(n, EC_GROUP_get0_order(group)) != nullptr;
  }
  ~P256() {
    EC_POINT_free(q);
    EC_POINT_free(rp);
    for (BIGNUM* b : {p, n, r, s, e, x, y, u1, u2}) BN_free(b);
    BN_CTX_free(bn);
    EC_GROUP_free(group);
  }
  P256(const P256&) = delete;
  P256& operator=(const P256&) = delete;

  bool verify(const uint8_t hash[32], const uint8_t sig[64], const uint8_t pub[64]) {
    if (!ok) return false;
    BN_bin2bn(sig, 32, r);
    BN_bin2bn(sig + 32, 32, s);
    // 1 <= r, s < n
    if (BN_is_zero(r) || BN_is_zero(s) || BN_cmp(r, n) >= 0 || BN_cmp(s, n) >= 0) return false;
    // The key: coordinates below p and on the curve (set_affine_coordinates checks the equation;
    // the point at infinity has no affine encoding).
    BN_bin2bn(pub, 32, x);
    BN_bin2bn(pub + 32, 32, y);
    if (BN_cmp(x, p) >= 0 || BN_cmp(y, p) >= 0) return false;
    if (EC_POINT_set_affine_coordinates(group, q, x, y, bn) != 1) return false;
    // e = hash mod n; u1 = e / s, u2 = r / s; R = u1·G + u2·Q.
    BN_bin2bn(hash, 32, e);
    if (!BN_nnmod(e, e, n, bn)) return false;
    if (!BN_mod_inverse(u2, s, n, bn)) return false;
    if (!BN_mod_mul(u1, e, u2, n, bn) || !BN_mod_mul(u2, r, u2, n, bn)) return false;
    if (EC_POINT_mul(group, rp, u1, q, u2, bn) != 1) return false;
    if (EC_POINT_is_at_infinity(group, rp)) return false;
    if (EC_POINT_get_affine_coordinates(group, rp, x, nullptr, bn) != 1) return false;
    if (!BN_nnmod(x, x, n, bn)) return false;
    return BN_cmp(x, r) == 0;
  }
};

}  // namespace

bool p256_verify(const uint8_t hash[32], const uint8_t sig[64], const uint8_t pub[64]) noexcept {
  thread_local P256 state;
  return state.verify(hash, sig, pub);
}

bool ed25519_verify(const uint8_t* msg, size_t len, const uint8_t sig[64],
                    const uint8_t pub[32]) noexcept {
  // One digest context per thread, reset after each use and freed when the thread ends.
  thread_local const std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_MD_CTX* md = ctx.get();
  if (!md) return false;
  EVP_PKEY* key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, pub, 32);
  if (!key) return false;
  bool valid = EVP_DigestVerifyInit(md, nullptr, nullptr, nullptr, key) == 1 &&
               EVP_DigestVerify(md, sig, 64, msg, len) == 1;
  EVP_MD_CTX_reset(md);
  EVP_PKEY_free(key);
  return valid;
}

}  // namespace tandem::coproc::sig
