/* bench/workloads/sha256.c: SHA-256 over a few MiB, in plain C written from FIPS 180-4.  Heavy on
 * 32-bit rotates, adds and big-endian loads.  Self-checks against the standard's examples, then
 * hashes `iterations` MiB of generated data, each MiB chained to the previous digest, and prints
 * the final digest as the checksum. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "workload.h"

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static inline uint32_t rotr(uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }

struct sha256 {
  uint32_t h[8];
  uint8_t block[64];
  uint32_t used;
  uint64_t length; /* bytes hashed so far */
};

static void compress(uint32_t h[8], const uint8_t *p) {
  uint32_t w[64];
  for (int t = 0; t < 16; t++)
    w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 | (uint32_t)p[4 * t + 2] << 8 |
           p[4 * t + 3];
  for (int t = 16; t < 64; t++) {
    uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
    uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
    w[t] = w[t - 16] + s0 + w[t - 7] + s1;
  }
  uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
  for (int t = 0; t < 64; t++) {
    uint32_t s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
    uint32_t ch = (e & f) ^ (~e & g);
    uint32_t t1 = hh + s1 + ch + K[t] + w[t];
    uint32_t s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
    uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
    uint32_t t2 = s0 + maj;
    hh = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  h[0] += a;
  h[1] += b;
  h[2] += c;
  h[3] += d;
  h[4] += e;
  h[5] += f;
  h[6] += g;
  h[7] += hh;
}

static void sha256_init(struct sha256 *s) {
  static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  memcpy(s->h, iv, sizeof iv);
  s->used = 0;
  s->length = 0;
}

static void sha256_update(struct sha256 *s, const uint8_t *p, uint32_t n) {
  s->length += n;
  if (s->used) {
    uint32_t take = 64 - s->used < n ? 64 - s->used : n;
    memcpy(s->block + s->used, p, take);
    s->used += take;
    p += take;
    n -= take;
    if (s->used < 64) return;
    compress(s->h, s->block);
    s->used = 0;
  }
  for (; n >= 64; p += 64, n -= 64) compress(s->h, p);
  memcpy(s->block, p, n);
  s->used = n;
}

static void sha256_final(struct sha256 *s, uint8_t out[32]) {
  uint64_t bits = s->length * 8;
  uint8_t pad = 0x80;
  uint32_t used = s->used;
  sha256_update(s, &pad, 1);
  uint8_t zero = 0;
  /* Zeros until 8 bytes remain in the block for the length. */
  for (uint32_t n = (used + 1) % 64; n != 56; n = (n + 1) % 64) sha256_update(s, &zero, 1);
  uint8_t len[8];
  for (int i = 0; i < 8; i++) len[i] = (uint8_t)(bits >> (56 - 8 * i));
  sha256_update(s, len, 8);
  for (int i = 0; i < 32; i++) out[i] = (uint8_t)(s->h[i / 4] >> (24 - 8 * (i % 4)));
}

static int self_test(void) {
  struct {
    const char *msg;
    const char *want;
  } vectors[] = {
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
  };
  int ok = 1;
  for (unsigned i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
    struct sha256 s;
    uint8_t digest[32];
    char hex[65];
    sha256_init(&s);
    sha256_update(&s, (const uint8_t *)vectors[i].msg, (uint32_t)strlen(vectors[i].msg));
    sha256_final(&s, digest);
    workload_hex(hex, digest, 32);
    if (strcmp(hex, vectors[i].want) != 0) {
      printf("self-test %u failed: got %s want %s\n", i, hex, vectors[i].want);
      ok = 0;
    }
  }
  return ok;
}

int main(int argc, char **argv) {
  uint64_t iterations = workload_iterations(argc, argv, 80);
  if (!self_test()) return 1;
  enum { CHUNK = 1u << 20 };
  uint8_t *data = workload_alloc(CHUNK);
  workload_fill(data, CHUNK);
  uint8_t digest[32] = {0};
  for (uint64_t i = 0; i < iterations; i++) {
    memcpy(data, digest, sizeof digest);
    struct sha256 s;
    sha256_init(&s);
    sha256_update(&s, data, CHUNK);
    sha256_final(&s, digest);
  }
  free(data);
  char hex[65];
  workload_hex(hex, digest, 32);
  workload_report("sha256", iterations, hex);
  return 0;
}
