/* tests/diff/programs/bits.c: bit manipulation, compared between tandem and qemu.  Written so
 * that clang, given -march=..._zba_zbb, compiles it to Zbb (cpop, clz, ctz, rol/ror, rev8,
 * min/max, andn/orn/xnor, sext.b/h, zext.h) and Zba (sh1add/sh2add/sh3add, add.uw) instructions;
 * without those extensions the same source exercises the base-ISA sequences and libgcc. */
#include <stdint.h>
#include <stdio.h>

static volatile uint64_t seeds[] = {0, 1, 0x80, 0xff, 0x8000, 0xffff, 0x12345678, 0x80000000,
                                    0xffffffff, 0x100000000ULL, 0x0123456789abcdefULL,
                                    0x8000000000000000ULL, 0xffffffffffffffffULL,
                                    0xf0f0f0f00f0f0f0fULL, 0x5555aaaa3333ccccULL};
#define NSEEDS (sizeof seeds / sizeof seeds[0])

static uint64_t mix;
static void fold(uint64_t x) { mix = (mix ^ x) * 0x100000001b3ULL + 1; }

static unsigned long rotl(unsigned long x, unsigned s) {
  s &= sizeof x * 8 - 1;
  return (x << s) | (x >> ((-s) & (sizeof x * 8 - 1)));
}
static uint32_t rotr32(uint32_t x, unsigned s) {
  s &= 31;
  return (x >> s) | (x << ((-s) & 31));
}

static void counts(void) {
  printf("-- popcount/clz/ctz\n");
  for (unsigned i = 0; i < NSEEDS; i++) {
    uint64_t x = seeds[i];
    /* Reloaded through memory so that the register holding it has a clean upper half: given
     * 0x8000000000000000, clang applies ctzw to the whole register, which is correct, but
     * qemu 7.2 (Debian 12) answers 63 instead of 32 when the low word is zero and the high word
     * is not, and qemu is the reference here. */
    volatile uint32_t lo_copy = (uint32_t)x;
    uint32_t lo = lo_copy;
    int pc = __builtin_popcountll(x), pc32 = __builtin_popcount(lo);
    int lz = x ? __builtin_clzll(x) : 64, tz = x ? __builtin_ctzll(x) : 64;
    int lz32 = lo ? __builtin_clz(lo) : 32, tz32 = lo ? __builtin_ctz(lo) : 32;
    int parity = __builtin_parityll(x);
    printf("%016llx: pop %d/%d clz %d/%d ctz %d/%d parity %d\n", (unsigned long long)x, pc, pc32,
           lz, lz32, tz, tz32, parity);
    fold((uint64_t)(pc + 3 * pc32 + 5 * lz + 7 * tz + 11 * lz32 + 13 * tz32 + parity));
  }
}

static void rotates_and_swaps(void) {
  printf("-- rotates, byte swaps\n");
  for (unsigned i = 0; i < NSEEDS; i++) {
    unsigned long x = (unsigned long)seeds[i];
    uint32_t lo = (uint32_t)seeds[i];
    for (unsigned s = 0; s < 70; s += 13) {
      unsigned long r = rotl(x, s);
      uint32_t r32 = rotr32(lo, s);
      printf("rot %lx %u: %lx %x\n", x, s, r, r32);
      fold(r ^ r32);
    }
    uint64_t bs = __builtin_bswap64(seeds[i]);
    uint32_t bs32 = __builtin_bswap32(lo);
    uint16_t bs16 = __builtin_bswap16((uint16_t)lo);
    printf("bswap %016llx %08x %04x\n", (unsigned long long)bs, bs32, bs16);
    fold(bs ^ bs32 ^ bs16);
  }
}

static void logic(void) {
  printf("-- andn/orn/xnor, min/max, extensions\n");
  for (unsigned i = 0; i < NSEEDS; i++) {
    for (unsigned j = 0; j < NSEEDS; j += 3) {
      unsigned long a = (unsigned long)seeds[i], b = (unsigned long)seeds[j];
      unsigned long andn = a & ~b, orn = a | ~b, xnor = ~(a ^ b);
      long sa = (long)a, sb = (long)b;
      long mn = sa < sb ? sa : sb, mx = sa > sb ? sa : sb;
      unsigned long mnu = a < b ? a : b, mxu = a > b ? a : b;
      printf("%lx %lx: %lx %lx %lx | %ld %ld %lu %lu\n", a, b, andn, orn, xnor, mn, mx, mnu, mxu);
      fold(andn ^ orn ^ xnor ^ (unsigned long)mn ^ (unsigned long)mx ^ mnu ^ mxu);
    }
    long sb8 = (int8_t)seeds[i], sh16 = (int16_t)seeds[i];
    unsigned long zh16 = (uint16_t)seeds[i];
    uint64_t zw = (uint32_t)seeds[i];
    printf("sext.b %ld sext.h %ld zext.h %lu zext.w %llu\n", sb8, sh16, zh16, (unsigned long long)zw);
    fold((unsigned long)sb8 ^ (unsigned long)sh16 ^ zh16 ^ zw);
  }
}

/* Shifted-index address arithmetic: what Zba's shNadd and add.uw are for. */
static void addressing(void) {
  printf("-- scaled indexing\n");
  static uint64_t table64[257];
  static uint32_t table32[257];
  static uint16_t table16[257];
  for (int i = 0; i < 257; i++) {
    table64[i] = (uint64_t)i * 0x9e3779b97f4a7c15ULL;
    table32[i] = (uint32_t)(i * 2654435761u);
    table16[i] = (uint16_t)(i * 40503u);
  }
  uint64_t acc = 0;
  uint32_t idx = 1;
  for (int step = 0; step < 2000; step++) {
    idx = idx * 1664525u + 1013904223u;
    uint32_t k = idx % 257;
    acc += table64[k] + table32[(k * 3) % 257] + table16[(k * 5) % 257];
    acc ^= (uint64_t)k << 7;
    if (step % 250 == 0) printf("step %d idx %u acc %016llx\n", step, k, (unsigned long long)acc);
  }
  fold(acc);
}

/* Classic tricks: they compile to mixes of the instructions above. */
static void tricks(void) {
  printf("-- tricks\n");
  for (unsigned i = 0; i < NSEEDS; i++) {
    uint64_t x = seeds[i];
    uint64_t lowest = x & -x;
    uint64_t cleared = x & (x - 1);
    uint64_t next_pow2 = x <= 1 ? 1 : (x > (1ULL << 63) ? 0 : 1ULL << (64 - __builtin_clzll(x - 1)));
    uint64_t rev = 0;
    for (int b = 0; b < 64; b++) rev |= ((x >> b) & 1) << (63 - b);
    int log2 = x ? 63 - __builtin_clzll(x) : -1;
    uint64_t gray = x ^ (x >> 1);
    printf("%016llx: lowest %llx cleared %llx pow2 %llx rev %016llx log2 %d gray %llx\n",
           (unsigned long long)x, (unsigned long long)lowest, (unsigned long long)cleared,
           (unsigned long long)next_pow2, (unsigned long long)rev, log2, (unsigned long long)gray);
    fold(lowest ^ cleared ^ next_pow2 ^ rev ^ (uint64_t)log2 ^ gray);
  }
}

int main(void) {
  counts();
  rotates_and_swaps();
  logic();
  addressing();
  tricks();
  printf("mix %016llx\n", (unsigned long long)mix);
  return (int)(mix & 0x3f);
}
