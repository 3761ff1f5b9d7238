// examples/ledger/make_transfers.cpp: writes the input of examples/ledger: COUNT signed
// transfers between 16 fixed keys, with a few bad nonces, overdrafts and corrupted signatures so
// that every rule of the ledger is exercised.  Deterministic for a given count and seed.
//   make_transfers COUNT [SEED] > transfers.bin
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "tandem/guest.h"  // tandem_soft_keccak256: the SDK's portable Keccak, linked natively

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: make_transfers COUNT [SEED] > transfers.bin\n");
    return 2;
  }
  const uint32_t count = uint32_t(std::strtoul(argv[1], nullptr, 10));
  std::mt19937_64 rng(argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1);
  secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
  constexpr int kKeys = 16;
  uint8_t sk[kKeys][32], addr[kKeys][20];
  uint64_t nonce[kKeys] = {};
  for (int k = 0; k < kKeys; ++k) {
    for (int i = 0; i < 32; ++i) sk[k][i] = uint8_t(rng());
    secp256k1_pubkey pk;
    if (!secp256k1_ec_pubkey_create(ctx, &pk, sk[k])) return 1;
    uint8_t ser[65], h[32];
    size_t n = sizeof ser;
    secp256k1_ec_pubkey_serialize(ctx, ser, &n, &pk, SECP256K1_EC_UNCOMPRESSED);
    tandem_soft_keccak256(ser + 1, 64, h);
    for (int i = 0; i < 20; ++i) addr[k][i] = h[12 + i];
  }
  std::vector<uint8_t> out = {uint8_t(count), uint8_t(count >> 8), uint8_t(count >> 16), uint8_t(count >> 24)};
  for (uint32_t t = 0; t < count; ++t) {
    const int from = int(rng() % kKeys), to = int(rng() % kKeys);
    uint8_t rec[101];
    for (int i = 0; i < 20; ++i) rec[i] = addr[to][i];
    // Mostly good transfers; some overdrafts, bad nonces and corrupted signatures, which the
    // ledger rejects without using up the sender's nonce.
    const bool overdraft = rng() % 50 == 0, corrupt = rng() % 50 == 0, stale = rng() % 40 == 0;
    const uint64_t amount = overdraft ? 5000000 : rng() % 20000;
    uint64_t n = nonce[from];
    if (stale) n += 1 + rng() % 3;
    else if (!overdraft && !corrupt) nonce[from]++;
    for (int i = 0; i < 8; ++i) rec[20 + i] = uint8_t(amount >> (8 * i)), rec[28 + i] = uint8_t(n >> (8 * i));
    uint8_t digest[32];
    tandem_soft_keccak256(rec, 36, digest);
    secp256k1_ecdsa_recoverable_signature sig;
    if (!secp256k1_ecdsa_sign_recoverable(ctx, &sig, digest, sk[from], nullptr, nullptr)) return 1;
    int recid = 0;
    secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, rec + 36, &recid, &sig);
    rec[100] = uint8_t(recid);
    if (corrupt) rec[36 + rng() % 64] ^= 0x01;
    out.insert(out.end(), rec, rec + sizeof rec);
  }
  secp256k1_context_destroy(ctx);
  return std::fwrite(out.data(), 1, out.size(), stdout) == out.size() ? 0 : 1;
}
