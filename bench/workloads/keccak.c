/* bench/workloads/keccak.c: Keccak-256 (the Ethereum hash: Keccak-f[1600], rate 136 bytes,
 * padding 0x01...0x80) over a few MiB, in plain C written from the specification (FIPS 202 /
 * the Keccak reference).  Heavy on 64-bit rotates and xors: on rv32 every lane operation is two.
 * Self-checks against published digests, then hashes `iterations` MiB of generated data, each
 * MiB chained to the previous digest, and prints the final digest as the checksum. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "workload.h"

static const uint64_t round_constants[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL};

/* Rotation offsets r[x][y], indexed [x + 5y]. */
static const unsigned rho[25] = {0,  1,  62, 28, 27, 36, 44, 6,  55, 20, 3,  10, 43,
                                 25, 39, 41, 45, 15, 21, 8,  18, 2,  61, 56, 14};

static inline uint64_t rotl64(uint64_t x, unsigned n) {
  return n ? (x << n) | (x >> (64 - n)) : x;
}

static void keccak_f1600(uint64_t a[25]) {
  for (int round = 0; round < 24; round++) {
    uint64_t c[5], d[5], b[25];
    for (int x = 0; x < 5; x++) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
    for (int x = 0; x < 5; x++) d[x] = c[(x + 4) % 5] ^ rotl64(c[(x + 1) % 5], 1);
    for (int i = 0; i < 25; i++) a[i] ^= d[i % 5];
    /* rho and pi: B[y][2x+3y] = rot(A[x][y], r[x][y]) */
    for (int x = 0; x < 5; x++)
      for (int y = 0; y < 5; y++) b[y + 5 * ((2 * x + 3 * y) % 5)] = rotl64(a[x + 5 * y], rho[x + 5 * y]);
    /* chi */
    for (int y = 0; y < 5; y++)
      for (int x = 0; x < 5; x++)
        a[x + 5 * y] = b[x + 5 * y] ^ (~b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y]);
    /* iota */
    a[0] ^= round_constants[round];
  }
}

enum { RATE = 136 };

struct sponge {
  uint64_t state[25];
  uint8_t block[RATE];
  uint32_t used;
};

static void absorb_block(struct sponge *s, const uint8_t *p) {
  for (int i = 0; i < RATE / 8; i++) {
    uint64_t lane = 0;
    for (int k = 7; k >= 0; k--) lane = (lane << 8) | p[8 * i + k]; /* little-endian lanes */
    s->state[i] ^= lane;
  }
  keccak_f1600(s->state);
}

static void sponge_init(struct sponge *s) { memset(s, 0, sizeof *s); }

static void sponge_update(struct sponge *s, const uint8_t *p, uint32_t n) {
  if (s->used) {
    uint32_t take = RATE - s->used < n ? RATE - s->used : n;
    memcpy(s->block + s->used, p, take);
    s->used += take;
    p += take;
    n -= take;
    if (s->used < RATE) return;
    absorb_block(s, s->block);
    s->used = 0;
  }
  for (; n >= RATE; p += RATE, n -= RATE) absorb_block(s, p);
  memcpy(s->block, p, n);
  s->used = n;
}

/* pad: 0x01 for Keccak-256 as Ethereum uses it, 0x06 for SHA3-256 (FIPS 202). */
static void sponge_final(struct sponge *s, uint8_t pad, uint8_t out[32]) {
  memset(s->block + s->used, 0, RATE - s->used);
  s->block[s->used] ^= pad;
  s->block[RATE - 1] ^= 0x80;
  absorb_block(s, s->block);
  for (int i = 0; i < 32; i++) out[i] = (uint8_t)(s->state[i / 8] >> (8 * (i % 8)));
}

static void hash(const void *p, uint32_t n, uint8_t pad, char hex[65]) {
  struct sponge s;
  uint8_t digest[32];
  sponge_init(&s);
  sponge_update(&s, p, n);
  sponge_final(&s, pad, digest);
  workload_hex(hex, digest, 32);
}

static int self_test(void) {
  struct {
    const char *msg;
    uint8_t pad;
    const char *want;
  } vectors[] = {
      {"", 0x01, "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"},
      {"", 0x06, "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a"},
      {"abc", 0x06, "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"},
  };
  int ok = 1;
  for (unsigned i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
    char hex[65];
    hash(vectors[i].msg, (uint32_t)strlen(vectors[i].msg), vectors[i].pad, hex);
    if (strcmp(hex, vectors[i].want) != 0) {
      printf("self-test %u failed: got %s want %s\n", i, hex, vectors[i].want);
      ok = 0;
    }
  }
  return ok;
}

int main(int argc, char **argv) {
  uint64_t iterations = workload_iterations(argc, argv, 48);
  if (!self_test()) return 1;
  enum { CHUNK = 1u << 20 };
  uint8_t *data = workload_alloc(CHUNK);
  workload_fill(data, CHUNK);
  uint8_t digest[32] = {0};
  for (uint64_t i = 0; i < iterations; i++) {
    /* Chaining makes each MiB depend on the last, so no iteration can be skipped. */
    memcpy(data, digest, sizeof digest);
    struct sponge s;
    sponge_init(&s);
    sponge_update(&s, data, CHUNK);
    sponge_final(&s, 0x01, digest);
  }
  free(data);
  char hex[65];
  workload_hex(hex, digest, 32);
  workload_report("keccak", iterations, hex);
  return 0;
}
