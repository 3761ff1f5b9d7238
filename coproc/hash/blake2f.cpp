// coproc/hash/blake2f.cpp: the BLAKE2b compression function F with a caller-chosen number of
// rounds, as EIP-152 defines it (RFC 7693 section 3.2; round i uses permutation SIGMA[i mod 10]).
//
// Why by hand: libraries (OpenSSL, libsodium, libb2) expose BLAKE2b as a hash, never the bare F
// with an arbitrary round count, which is what the EVM precompile and tandem's operation need.
// Ten rounds are unrolled as one group (one pass over SIGMA) so the message schedule is constant;
// rounds beyond a multiple of ten run one at a time.
#include <bit>

#include "coproc/hash/hash.h"

namespace tandem::coproc::hash {
namespace {

constexpr uint64_t kIv[8] = {0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL,
                             0xa54ff53a5f1d36f1ULL, 0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL,
                             0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};

constexpr uint8_t kSigma[10][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
    {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
    {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
    {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
    {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0}};

[[gnu::always_inline]] inline void g(uint64_t& a, uint64_t& b, uint64_t& c, uint64_t& d,
                                     uint64_t x, uint64_t y) noexcept {
  a = a + b + x;
  d = std::rotr(d ^ a, 32);
  c = c + d;
  b = std::rotr(b ^ c, 24);
  a = a + b + y;
  d = std::rotr(d ^ a, 16);
  c = c + d;
  b = std::rotr(b ^ c, 63);
}

[[gnu::always_inline]] inline void round(uint64_t* v, const uint64_t* m, const uint8_t* s) noexcept {
  g(v[0], v[4], v[8], v[12], m[s[0]], m[s[1]]);
  g(v[1], v[5], v[9], v[13], m[s[2]], m[s[3]]);
  g(v[2], v[6], v[10], v[14], m[s[4]], m[s[5]]);
  g(v[3], v[7], v[11], v[15], m[s[6]], m[s[7]]);
  g(v[0], v[5], v[10], v[15], m[s[8]], m[s[9]]);
  g(v[1], v[6], v[11], v[12], m[s[10]], m[s[11]]);
  g(v[2], v[7], v[8], v[13], m[s[12]], m[s[13]]);
  g(v[3], v[4], v[9], v[14], m[s[14]], m[s[15]]);
}

}  // namespace

void blake2b_f(uint32_t rounds, uint64_t h[8], const uint64_t m[16], const uint64_t t[2],
               bool final_block) noexcept {
  uint64_t v[16];
  for (int i = 0; i < 8; ++i) v[i] = h[i], v[i + 8] = kIv[i];
  v[12] ^= t[0];
  v[13] ^= t[1];
  if (final_block) v[14] = ~v[14];
  uint32_t r = rounds;
  for (; r >= 10; r -= 10) {
    round(v, m, kSigma[0]);
    round(v, m, kSigma[1]);
    round(v, m, kSigma[2]);
    round(v, m, kSigma[3]);
    round(v, m, kSigma[4]);
    round(v, m, kSigma[5]);
    round(v, m, kSigma[6]);
    round(v, m, kSigma[7]);
    round(v, m, kSigma[8]);
    round(v, m, kSigma[9]);
  }
  for (uint32_t i = 0; i < r; ++i) round(v, m, kSigma[i]);
  for (int i = 0; i < 8; ++i) h[i] ^= v[i] ^ v[i + 8];
}

}  // namespace tandem::coproc::hash
