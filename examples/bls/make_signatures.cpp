// examples/bls/make_signatures.cpp: writes the input of bls_verify: COUNT BLS signatures
// (Ethereum's BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_ ciphersuite) over pseudo-random
// messages, made with pseudo-random secret keys: pk = sk * G1, sig = sk * H(m).  Every tenth
// signature is made invalid (it signs a different message), so the verifier has both outcomes to
// report.  Deterministic for a given seed.
//
//   make_signatures COUNT [SEED] > signatures.bin
//
// It hashes with the same glue code as the verifier (bls_hash.h), compiled for the host against
// the SDK's portable code, and signs with EIP-2537's G1/G2 multi-scalar multiplication.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

extern "C" {
#include "bls_hash.h"
}

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: make_signatures COUNT [SEED] > signatures.bin\n");
    return 2;
  }
  const long count = std::strtol(argv[1], nullptr, 10);
  if (count < 0 || count > 1000000) {
    std::fprintf(stderr, "make_signatures: COUNT must be 0..1000000\n");
    return 2;
  }
  std::mt19937_64 rng(argc == 3 ? std::strtoull(argv[2], nullptr, 10) : 1);
  static const char dst[] = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";
  std::vector<uint8_t> out(4);
  for (int i = 0; i < 4; ++i) out[size_t(i)] = uint8_t(uint32_t(count) >> (8 * i));
  uint8_t g1[128];
  bls_generator(g1, 0);
  for (long i = 0; i < count; ++i) {
    uint8_t sk[32];
    for (auto& b : sk) b = uint8_t(rng());
    sk[0] &= 0x3f;  // below r
    std::string msg = "slot " + std::to_string(i) + " block " + std::to_string(rng() % 100000);
    uint8_t rec[160], pk[128], h[256], srec[288], sig[256];
    std::memcpy(rec, g1, 128), std::memcpy(rec + 128, sk, 32);
    if (tandem_bls12_381_g1_msm(rec, 1, pk) != 0) return 1;
    const std::string signed_msg = i % 10 == 9 ? msg + "!" : msg;
    if (bls_hash_to_g2(reinterpret_cast<const uint8_t*>(signed_msg.data()), signed_msg.size(), dst, h) != 0)
      return 1;
    std::memcpy(srec, h, 256), std::memcpy(srec + 256, sk, 32);
    if (tandem_bls12_381_g2_msm(srec, 1, sig) != 0) return 1;
    out.insert(out.end(), pk, pk + 128);
    out.insert(out.end(), sig, sig + 256);
    out.push_back(uint8_t(msg.size())), out.push_back(uint8_t(msg.size() >> 8));
    out.insert(out.end(), msg.begin(), msg.end());
  }
  return std::fwrite(out.data(), 1, out.size(), stdout) == out.size() ? 0 : 1;
}
