/* sdk/src/soft/blake2f.c: the BLAKE2b compression function F with any number of rounds, in
 * portable C, written from RFC 7693 section 3.2 with EIP-152's round count (round i uses message
 * permutation SIGMA[i mod 10]).  The "soft" build of a guest runs this inside the VM instead of
 * calling the hash coprocessor, and the native build calls it directly. */
#include "tandem/guest.h"

static const uint64_t blake2b_iv[8] = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
    0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};

static const unsigned char blake2b_sigma[10][16] = {
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

static inline uint64_t rotr64(uint64_t x, unsigned n) { return (x >> n) | (x << (64 - n)); }

#define BLAKE2B_G(a, b, c, d, x, y)  \
  do {                               \
    v[a] = v[a] + v[b] + (x);        \
    v[d] = rotr64(v[d] ^ v[a], 32);  \
    v[c] = v[c] + v[d];              \
    v[b] = rotr64(v[b] ^ v[c], 24);  \
    v[a] = v[a] + v[b] + (y);        \
    v[d] = rotr64(v[d] ^ v[a], 16);  \
    v[c] = v[c] + v[d];              \
    v[b] = rotr64(v[b] ^ v[c], 63);  \
  } while (0)

void tandem_soft_blake2f(uint32_t rounds, uint64_t h[8], const uint64_t m[16],
                         const uint64_t t[2], int final) {
  uint64_t v[16];
  for (int i = 0; i < 8; i++) v[i] = h[i], v[i + 8] = blake2b_iv[i];
  v[12] ^= t[0];
  v[13] ^= t[1];
  if (final) v[14] = ~v[14];
  unsigned s = 0;
  for (uint32_t r = 0; r < rounds; r++) {
    const unsigned char *sg = blake2b_sigma[s];
    BLAKE2B_G(0, 4, 8, 12, m[sg[0]], m[sg[1]]);
    BLAKE2B_G(1, 5, 9, 13, m[sg[2]], m[sg[3]]);
    BLAKE2B_G(2, 6, 10, 14, m[sg[4]], m[sg[5]]);
    BLAKE2B_G(3, 7, 11, 15, m[sg[6]], m[sg[7]]);
    BLAKE2B_G(0, 5, 10, 15, m[sg[8]], m[sg[9]]);
    BLAKE2B_G(1, 6, 11, 12, m[sg[10]], m[sg[11]]);
    BLAKE2B_G(2, 7, 8, 13, m[sg[12]], m[sg[13]]);
    BLAKE2B_G(3, 4, 9, 14, m[sg[14]], m[sg[15]]);
    s = s == 9 ? 0 : s + 1;
  }
  for (int i = 0; i < 8; i++) h[i] ^= v[i] ^ v[i + 8];
}
