/* tests/diff/programs/compute.c: a longer-running integer workload (a few hundred million
 * instructions would be too slow for a test; this is a few tens of millions), compared between
 * tandem and qemu: prime sieve, table-driven CRC-32, Collatz lengths, and 64-bit modular
 * exponentiation.  The exit code is the number of primes below 1000 modulo 256 (168). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint8_t composite[200001];

static unsigned sieve(unsigned limit) {
  memset(composite, 0, limit + 1);
  unsigned count = 0;
  for (unsigned i = 2; i <= limit; i++) {
    if (composite[i]) continue;
    count++;
    for (unsigned long j = (unsigned long)i * i; j <= limit; j += i) composite[j] = 1;
  }
  return count;
}

static uint32_t crc_table[256];
static void crc_init(void) {
  for (uint32_t n = 0; n < 256; n++) {
    uint32_t c = n;
    for (int k = 0; k < 8; k++) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
    crc_table[n] = c;
  }
}
static uint32_t crc32(const uint8_t *p, size_t n, uint32_t crc) {
  crc = ~crc;
  while (n--) crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
  return ~crc;
}

static unsigned collatz_len(uint64_t n) {
  unsigned len = 1;
  while (n != 1) {
    n = (n & 1) ? 3 * n + 1 : n / 2;
    len++;
  }
  return len;
}

static uint64_t mulmod(uint64_t a, uint64_t b, uint64_t m) {
  uint64_t r = 0;
  a %= m;
  while (b) {
    if (b & 1) r = (r + a) % m;
    a = (a * 2) % m;
    b >>= 1;
  }
  return r;
}
static uint64_t powmod(uint64_t b, uint64_t e, uint64_t m) {
  uint64_t r = 1 % m;
  b %= m;
  while (e) {
    if (e & 1) r = mulmod(r, b, m);
    b = mulmod(b, b, m);
    e >>= 1;
  }
  return r;
}

int main(void) {
  unsigned small = 0;
  for (unsigned limit = 10; limit <= 200000; limit *= 10) {
    unsigned c = sieve(limit);
    printf("primes <= %u: %u\n", limit, c);
    if (limit == 1000) small = c;
  }
  crc_init();
  printf("crc32(\"123456789\") = %08x\n", crc32((const uint8_t *)"123456789", 9, 0));
  uint32_t crc = 0;
  for (int round = 0; round < 20; round++) {
    crc = crc32(composite, sizeof composite, crc);
    composite[round * 977] ^= 1;
  }
  printf("crc of sieve rounds = %08x\n", crc);
  unsigned best = 0;
  uint64_t best_n = 0;
  for (uint64_t n = 1; n < 30000; n++) {
    unsigned l = collatz_len(n);
    if (l > best) {
      best = l;
      best_n = n;
      printf("collatz record: %llu takes %u steps\n", (unsigned long long)n, l);
    }
  }
  printf("longest collatz below 30000: %llu (%u)\n", (unsigned long long)best_n, best);
  const uint64_t m = 1000000007ULL;
  for (uint64_t b = 2; b < 40; b += 7)
    printf("%llu^(m-1) mod m = %llu, %llu^12345678901 mod m = %llu\n", (unsigned long long)b,
           (unsigned long long)powmod(b, m - 1, m), (unsigned long long)b,
           (unsigned long long)powmod(b, 12345678901ULL, m));
  return (int)(small % 256);
}
