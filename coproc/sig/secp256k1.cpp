// coproc/sig/secp256k1.cpp: secp256k1 recovery and verification through libsecp256k1.
//
// libsecp256k1's own rules, which are Ethereum's for ecrecover: a compact signature whose r or s
// is >= n does not parse; r or s = 0 parses but recovers or verifies nothing.  Its verify accepts
// only low s (s <= n/2), a rule of Bitcoin's; plain ECDSA accepts both halves, so the signature is
// normalised first and the operation is the textbook one.
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include "coproc/sig/sig.h"

namespace tandem::coproc::sig {
namespace {

// The static context needs no allocation and holds no mutable state: verification and recovery
// are all it is used for.
const secp256k1_context* ctx() noexcept { return secp256k1_context_static; }

bool parse_pub(const uint8_t pub[64], secp256k1_pubkey& key) noexcept {
  uint8_t ser[65];
  ser[0] = 0x04;
  for (int i = 0; i < 64; ++i) ser[1 + i] = pub[i];
  return secp256k1_ec_pubkey_parse(ctx(), &key, ser, sizeof ser) == 1;
}

}  // namespace

bool secp256k1_recover(const uint8_t hash[32], const uint8_t sig[64], int recid,
                       uint8_t pub[64]) noexcept {
  if (recid < 0 || recid > 3) return false;
  secp256k1_ecdsa_recoverable_signature rs;
  if (!secp256k1_ecdsa_recoverable_signature_parse_compact(ctx(), &rs, sig, recid)) return false;
  secp256k1_pubkey key;
  if (!secp256k1_ecdsa_recover(ctx(), &key, &rs, hash)) return false;
  uint8_t ser[65];
  size_t n = sizeof ser;
  secp256k1_ec_pubkey_serialize(ctx(), ser, &n, &key, SECP256K1_EC_UNCOMPRESSED);
  for (int i = 0; i < 64; ++i) pub[i] = ser[1 + i];
  return true;
}

bool secp256k1_verify(const uint8_t hash[32], const uint8_t sig[64], const uint8_t pub[64]) noexcept {
  secp256k1_ecdsa_signature s;
  if (!secp256k1_ecdsa_signature_parse_compact(ctx(), &s, sig)) return false;
  secp256k1_ecdsa_signature_normalize(ctx(), &s, &s);
  secp256k1_pubkey key;
  if (!parse_pub(pub, key)) return false;
  return secp256k1_ecdsa_verify(ctx(), &s, hash, &key) == 1;
}

}  // namespace tandem::coproc::sig
