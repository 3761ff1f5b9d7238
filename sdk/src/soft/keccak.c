/* sdk/src/soft/keccak.c: Keccak-f[1600] and Keccak-256 (Ethereum's: rate 136 bytes, padding
 * 0x01 ... 0x80) in portable C, written from the Keccak reference (the FIPS 202 step mappings
 * theta, rho, pi, chi, iota).  The "soft" build of a guest runs this inside the VM instead of
 * calling the hash coprocessor, and the native build calls it directly; results are identical.
 * No allocation (but for one rare shape of batch, hash_many.h), no global state, endian-neutral. */
#include <string.h>

#include "tandem/guest.h"
#include "hash_many.h"

static const uint64_t keccak_rc[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL};

/* rho and pi together: lane keccak_pi[i] receives the previous one rotated by keccak_rho[i]
 * (walking the cycle of pi from lane 1). */
static const unsigned char keccak_rho[24] = {1,  3,  6,  10, 15, 21, 28, 36, 45, 55, 2,  14,
                                             27, 41, 56, 8,  25, 43, 62, 18, 39, 61, 20, 44};
static const unsigned char keccak_pi[24] = {10, 7,  11, 17, 18, 3, 5,  16, 8,  21, 24, 4,
                                            15, 23, 19, 13, 12, 2, 20, 14, 22, 9,  6,  1};

static inline uint64_t rotl64(uint64_t x, unsigned n) { return (x << n) | (x >> (64 - n)); }

void tandem_soft_keccakf1600(uint64_t st[25]) {
  for (int round = 0; round < 24; round++) {
    uint64_t c[5], t;
    for (int x = 0; x < 5; x++) c[x] = st[x] ^ st[x + 5] ^ st[x + 10] ^ st[x + 15] ^ st[x + 20];
    for (int x = 0; x < 5; x++) {
      t = c[(x + 4) % 5] ^ rotl64(c[(x + 1) % 5], 1);
      for (int y = 0; y < 25; y += 5) st[y + x] ^= t;
    }
    t = st[1];
    for (int i = 0; i < 24; i++) {
      int j = keccak_pi[i];
      uint64_t next = st[j];
      st[j] = rotl64(t, keccak_rho[i]);
      t = next;
    }
    for (int y = 0; y < 25; y += 5) {
      for (int x = 0; x < 5; x++) c[x] = st[y + x];
      for (int x = 0; x < 5; x++) st[y + x] = c[x] ^ (~c[(x + 1) % 5] & c[(x + 2) % 5]);
    }
    st[0] ^= keccak_rc[round];
  }
}

static void keccak_absorb(uint64_t st[25], const uint8_t *p) {
  for (int i = 0; i < 17; i++) {
    uint64_t lane = 0;
    for (int k = 7; k >= 0; k--) lane = (lane << 8) | p[8 * i + k];
    st[i] ^= lane;
  }
  tandem_soft_keccakf1600(st);
}

void tandem_soft_keccak256(const void *data, size_t len, uint8_t out[32]) {
  const uint8_t *p = (const uint8_t *)data;
  uint64_t st[25];
  uint8_t last[136];
  memset(st, 0, sizeof st);
  for (; len >= 136; p += 136, len -= 136) keccak_absorb(st, p);
  memset(last, 0, sizeof last);
  if (len) memcpy(last, p, len);
  last[len] ^= 0x01;
  last[135] ^= 0x80;
  keccak_absorb(st, last);
  for (int i = 0; i < 32; i++) out[i] = (uint8_t)(st[i / 8] >> (8 * (i % 8)));
}

int tandem_soft_keccak256_many(const void *data, size_t len, size_t count, uint8_t *out) {
  return tandem__soft_hash_many(tandem_soft_keccak256, data, len, count, out);
}
