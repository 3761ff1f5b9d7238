/* tests/coproc/guests/hash_mix.c: hashes pseudo-random messages of many lengths with every hash
 * function of tandem/guest.h and prints the digests.  Built twice, as "glue" (the coprocessors)
 * and "soft" (the SDK's portable C); the two runs must print the same bytes.  The seed is argv[1]. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "tandem/guest.h"

static uint64_t state;
static uint64_t next(void) {
  state ^= state << 13, state ^= state >> 7, state ^= state << 17;
  return state;
}

static void hex(const char *tag, const uint8_t *p, size_t n) {
  printf("%s ", tag);
  for (size_t i = 0; i < n; i++) printf("%02x", p[i]);
  printf("\n");
}

static uint8_t msg[4096];

int main(int argc, char **argv) {
  state = argc > 1 ? strtoull(argv[1], 0, 10) | 1 : 88172645463325252ull;
  int bad = 0;
  for (int round = 0; round < 40; round++) {
    size_t len = (size_t)(next() % (round < 20 ? 300 : sizeof msg));
    for (size_t i = 0; i < len; i++) msg[i] = (uint8_t)next();
    uint8_t out[32];
    printf("len %zu\n", len);
    bad |= tandem_keccak256(msg, len, out);
    hex("keccak256", out, 32);
    bad |= tandem_sha256(msg, len, out);
    hex("sha256", out, 32);
    bad |= tandem_ripemd160(msg, len, out);
    hex("ripemd160", out, 20);
    /* The batches: into a separate buffer, then in place over the messages (len >= 32). */
    static uint8_t batch[8 * 100], digests[8 * 32];
    size_t blen = (size_t)(next() % 100), bcount = 1 + (size_t)(next() % 8);
    for (size_t i = 0; i < blen * bcount; i++) batch[i] = (uint8_t)next();
    bad |= tandem_keccak256_many(batch, blen, bcount, digests);
    hex("keccak256_many", digests, 32 * bcount);
    bad |= tandem_sha256_many(batch, blen, bcount, digests);
    hex("sha256_many", digests, 32 * bcount);
    if (blen >= 32) {
      bad |= tandem_sha256_many(batch, blen, bcount, batch);
      hex("sha256_many in place", batch, 32 * bcount);
    }
    uint64_t st[25];
    for (int i = 0; i < 25; i++) st[i] = next();
    bad |= tandem_keccakf1600(st);
    hex("keccakf", (const uint8_t *)st, 200);
    uint64_t h[8], m[16], t[2];
    for (int i = 0; i < 8; i++) h[i] = next();
    for (int i = 0; i < 16; i++) m[i] = next();
    t[0] = next(), t[1] = next();
    bad |= tandem_blake2f((uint32_t)(next() % 40), h, m, t, (int)(next() & 1));
    hex("blake2f", (const uint8_t *)h, 64);
  }
  return bad ? 1 : 0;
}
