/* tests/coproc/guests/ec_mix.c: the curve, KZG and NTT functions of tandem/guest.h on
 * pseudo-random inputs, printing every status and output.  Built as "glue" (the coprocessors)
 * and "soft" (the SDK's portable code); the two runs must print the same bytes.  The seed is
 * argv[1].
 *
 * Valid points come from the operations themselves: BN254 multiples of the generator (1, 2) and of
 * the published G2 generator, BLS12-381 points from map_fp_to_g1 / map_fp2_to_g2 (always in the
 * subgroup).  Each check that must hold is also asserted, so a broken operation fails the run
 * even where both builds agree.  A KZG proof is built for a constant polynomial f = c: the
 * commitment is [c]G1 (compressed here), the proof is the point at infinity, and f(z) = c for
 * every z.  The glue build also checks calls the bus must refuse (printing nothing). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tandem/guest.h"

static uint64_t state;
static uint64_t next(void) {
  state ^= state << 13, state ^= state >> 7, state ^= state << 17;
  return state;
}
static void fill(uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++) p[i] = (uint8_t)next();
}
static void hex(const char *tag, int status, const uint8_t *p, size_t n) {
  printf("%s %d ", tag, status);
  for (size_t i = 0; i < n; i++) printf("%02x", p[i]);
  printf("\n");
}
static int bad;
static void expect(int got, int want, const char *what) {
  if (got != want) {
    printf("FAILED %s: %d, expected %d\n", what, got, want);
    bad = 1;
  }
}

/* BN254's G2 generator (EIP-197 encoding: x.c1, x.c0, y.c1, y.c0). */
static const uint8_t bn_g2[128] = {
    0x19, 0x8e, 0x93, 0x93, 0x92, 0x0d, 0x48, 0x3a, 0x72, 0x60, 0xbf, 0xb7, 0x31, 0xfb, 0x5d, 0x25,
    0xf1, 0xaa, 0x49, 0x33, 0x35, 0xa9, 0xe7, 0x12, 0x97, 0xe4, 0x85, 0xb7, 0xae, 0xf3, 0x12, 0xc2,
    0x18, 0x00, 0xde, 0xef, 0x12, 0x1f, 0x1e, 0x76, 0x42, 0x6a, 0x00, 0x66, 0x5e, 0x5c, 0x44, 0x79,
    0x67, 0x43, 0x22, 0xd4, 0xf7, 0x5e, 0xda, 0xdd, 0x46, 0xde, 0xbd, 0x5c, 0xd9, 0x92, 0xf6, 0xed,
    0x09, 0x06, 0x89, 0xd0, 0x58, 0x5f, 0xf0, 0x75, 0xec, 0x9e, 0x99, 0xad, 0x69, 0x0c, 0x33, 0x95,
    0xbc, 0x4b, 0x31, 0x33, 0x70, 0xb3, 0x8e, 0xf3, 0x55, 0xac, 0xda, 0xdc, 0xd1, 0x22, 0x97, 0x5b,
    0x12, 0xc8, 0x5e, 0xa5, 0xdb, 0x8c, 0x6d, 0xeb, 0x4a, 0xab, 0x71, 0x80, 0x8d, 0xcb, 0x40, 0x8f,
    0xe3, 0xd1, 0xe7, 0x69, 0x0c, 0x43, 0xd3, 0x7b, 0x4c, 0xe6, 0xcc, 0x01, 0x66, 0xfa, 0x7d, 0xaa};

/* BN254's base field modulus, big-endian (to negate a G1 point: y -> p - y). */
static const uint8_t bn_p[32] = {
    0x30, 0x64, 0x4e, 0x72, 0xe1, 0x31, 0xa0, 0x29, 0xb8, 0x50, 0x45, 0xb6, 0x81, 0x81, 0x58, 0x5d,
    0x97, 0x81, 0x6a, 0x91, 0x68, 0x71, 0xca, 0x8d, 0x3c, 0x20, 0x8c, 0x16, 0xd8, 0x7c, 0xfd, 0x47};
/* BLS12-381's base field modulus, big-endian. */
static const uint8_t bls_p[48] = {
    0x1a, 0x01, 0x11, 0xea, 0x39, 0x7f, 0xe6, 0x9a, 0x4b, 0x1b, 0xa7, 0xb6, 0x43, 0x4b, 0xac, 0xd7,
    0x64, 0x77, 0x4b, 0x84, 0xf3, 0x85, 0x12, 0xbf, 0x67, 0x30, 0xd2, 0xa0, 0xf6, 0xb0, 0xf6, 0x24,
    0x1e, 0xab, 0xff, 0xfe, 0xb1, 0x53, 0xff, 0xff, 0xb9, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xaa, 0xab};

/* dst = m - src, n bytes big-endian (src <= m; 0 stays 0). */
static void neg_mod(uint8_t *dst, const uint8_t *src, const uint8_t *m, size_t n) {
  int zero = 1;
  for (size_t i = 0; i < n; i++) zero &= src[i] == 0;
  if (zero) {
    memset(dst, 0, n);
    return;
  }
  int borrow = 0;
  for (size_t i = n; i-- > 0;) {
    int d = m[i] - src[i] - borrow;
    borrow = d < 0;
    dst[i] = (uint8_t)(d + (borrow ? 256 : 0));
  }
}

/* A random BLS12-381 field element in EIP-2537's 64-byte encoding (below p: top byte < 0x1a). */
static void bls_fp(uint8_t out[64]) {
  memset(out, 0, 16);
  fill(out + 16, 48);
  out[16] &= 0x0f;
}

/* y > (p-1)/2, for a 48-byte big-endian y: compare 2y with p. */
static int lexicographically_largest(const uint8_t y[48]) {
  uint8_t twice[49];
  unsigned carry = 0;
  for (int i = 47; i >= 0; i--) {
    unsigned v = 2u * y[i] + carry;
    twice[i + 1] = (uint8_t)v, carry = v >> 8;
  }
  twice[0] = (uint8_t)carry;
  if (twice[0]) return 1;
  return memcmp(twice + 1, bls_p, 48) > 0;
}

static void bn254(void) {
  uint8_t g1[64] = {0}, k[32], a[64], b[64], c[64], pairs[3 * 96];
  g1[31] = 1, g1[63] = 2;
  for (int i = 0; i < 3; i++) {
    fill(k, 32);
    int st = tandem_bn254_mul(g1, k, pairs + 96 * i);
    hex("bn254_mul", st, pairs + 96 * i, 64);
    fill(pairs + 96 * i + 64, 32);
  }
  int st = tandem_bn254_add(pairs, pairs + 96, a);
  hex("bn254_add", st, a, 64);
  st = tandem_bn254_msm(pairs, 3, b);
  hex("bn254_msm", st, b, 64);
  /* MSM = the sum of the single multiplications. */
  uint8_t t0[64], t1[64];
  tandem_bn254_mul(pairs, pairs + 64, t0);
  tandem_bn254_mul(pairs + 96, pairs + 96 + 64, t1);
  tandem_bn254_add(t0, t1, c);
  tandem_bn254_mul(pairs + 192, pairs + 192 + 64, t0);
  tandem_bn254_add(c, t0, c);
  expect(memcmp(b, c, 64), 0, "bn254 msm == sum of muls");
  /* A table of the same points gives the same MSM. */
  uint8_t pts[3 * 64], sc[3 * 32];
  for (int i = 0; i < 3; i++) memcpy(pts + 64 * i, pairs + 96 * i, 64), memcpy(sc + 32 * i, pairs + 96 * i + 64, 32);
  long h = tandem_bn254_table(pts, 3);
  printf("bn254_table %d\n", h > 0);
  st = tandem_bn254_msm_table(h, sc, 3, c);
  hex("bn254_msm_table", st, c, 64);
  expect(memcmp(b, c, 64), 0, "bn254 table msm == msm");
  expect(tandem_release(h), 0, "release");
  expect(tandem_bn254_msm_table(h, sc, 3, c), -TANDEM_EINVAL, "released table");
  /* e(P, Q) * e(-P, Q) == 1; e(P, Q) * e(P, Q) != 1. */
  uint8_t pq[2 * 192];
  memcpy(pq, pairs, 64), memcpy(pq + 64, bn_g2, 128);
  memcpy(pq + 192, pairs, 32), neg_mod(pq + 192 + 32, pairs + 32, bn_p, 32);
  memcpy(pq + 192 + 64, bn_g2, 128);
  st = tandem_bn254_pairing_check(pq, 2);
  printf("bn254_pairing %d", st);
  expect(st, 0, "bn254 e(P,Q) e(-P,Q) == 1");
  memcpy(pq + 192, pairs, 64);
  st = tandem_bn254_pairing_check(pq, 2);
  printf(" %d\n", st);
  expect(st, -TANDEM_EBADMSG, "bn254 e(P,Q)^2 != 1");
  /* Not on the curve. */
  memcpy(a, g1, 64);
  a[63] = 3;
  printf("bn254_bad %d %d\n", tandem_bn254_add(a, g1, c), tandem_bn254_mul(a, k, c));
}

static void bls(void) {
  uint8_t u[128], p1[128], p2[128], q1[256], q2[256], r[256];
  bls_fp(u);
  int st = tandem_bls12_381_map_fp_to_g1(u, p1);
  hex("bls_map_g1", st, p1, 128);
  bls_fp(u);
  st = tandem_bls12_381_map_fp_to_g1(u, p2);
  bls_fp(u), bls_fp(u + 64);
  st = tandem_bls12_381_map_fp2_to_g2(u, q1);
  hex("bls_map_g2", st, q1, 256);
  bls_fp(u), bls_fp(u + 64);
  tandem_bls12_381_map_fp2_to_g2(u, q2);
  st = tandem_bls12_381_g1_add(p1, p2, r);
  hex("bls_g1_add", st, r, 128);
  st = tandem_bls12_381_g2_add(q1, q2, r);
  hex("bls_g2_add", st, r, 256);

  /* MSMs: 2 G1 points, 2 G2 points, and a table over the G1 points. */
  uint8_t m1[2 * 160], m2[2 * 288], s[2 * 32];
  fill(s, 64);
  memcpy(m1, p1, 128), memcpy(m1 + 128, s, 32), memcpy(m1 + 160, p2, 128), memcpy(m1 + 288, s + 32, 32);
  memcpy(m2, q1, 256), memcpy(m2 + 256, s, 32), memcpy(m2 + 288, q2, 256), memcpy(m2 + 544, s + 32, 32);
  uint8_t g1m[128], g2m[256], g1t[128];
  st = tandem_bls12_381_g1_msm(m1, 2, g1m);
  hex("bls_g1_msm", st, g1m, 128);
  st = tandem_bls12_381_g2_msm(m2, 2, g2m);
  hex("bls_g2_msm", st, g2m, 256);
  uint8_t pts[256];
  memcpy(pts, p1, 128), memcpy(pts + 128, p2, 128);
  long h = tandem_bls12_381_g1_table(pts, 2);
  st = tandem_bls12_381_g1_msm_table(h, s, 2, g1t);
  hex("bls_g1_msm_table", st, g1t, 128);
  expect(memcmp(g1m, g1t, 128), 0, "bls table msm == msm");
  tandem_release(h);

  /* e(aP, Q) * e(-P, aQ) == 1, with a = s[0..32). */
  uint8_t ap[128], aq[256], pq[2 * 384];
  memcpy(m1 + 128, s, 32);
  tandem_bls12_381_g1_msm(m1, 1, ap);
  memcpy(m2 + 256, s, 32);
  tandem_bls12_381_g2_msm(m2, 1, aq);
  memcpy(pq, ap, 128), memcpy(pq + 128, q1, 256);
  memcpy(pq + 384, p1, 64), memset(pq + 384 + 64, 0, 16);
  neg_mod(pq + 384 + 80, p1 + 80, bls_p, 48);
  memcpy(pq + 384 + 128, aq, 256);
  st = tandem_bls12_381_pairing_check(pq, 2);
  printf("bls_pairing %d", st);
  expect(st, 0, "bls e(aP,Q) e(-P,aQ) == 1");
  memcpy(pq + 384, p1, 128);
  st = tandem_bls12_381_pairing_check(pq, 2);
  printf(" %d\n", st);
  expect(st, -TANDEM_EBADMSG, "bls e(aP,Q) e(P,aQ) != 1");

  /* KZG for the constant polynomial c: commitment [c]G1, proof infinity, y = c at any z. */
  uint8_t cg[160], com[48], proof[48] = {0xc0}, z[32], y[32];
  memcpy(cg, p1, 128);
  fill(y, 32);
  y[0] &= 0x3f; /* below r */
  memcpy(cg + 128, y, 32);
  tandem_bls12_381_g1_msm(cg, 1, ap);
  memcpy(com, ap + 16, 48);
  com[0] |= 0x80;
  if (lexicographically_largest(ap + 80)) com[0] |= 0x20;
  fill(z, 32);
  z[0] &= 0x3f;
  /* The "setup" here is p1 instead of the generator: a proof is only valid against [c]G1 with
   * the real generator, so this checks that the verifier rejects it unless c = 0. */
  st = tandem_kzg_verify(com, z, y, proof);
  printf("kzg %d", st);
  expect(st, -TANDEM_EBADMSG, "kzg: [c]P is not a commitment to c");
  memset(y, 0, 32);
  uint8_t inf[48] = {0xc0};
  st = tandem_kzg_verify(inf, z, y, inf);
  printf(" %d", st);
  expect(st, 0, "kzg: the zero polynomial is zero everywhere");
  y[31] = 1;
  st = tandem_kzg_verify(inf, z, y, inf);
  printf(" %d\n", st);
  expect(st, -TANDEM_EBADMSG, "kzg: the zero polynomial is not 1");
  /* Field element >= p. */
  memset(u, 0, 64);
  memcpy(u + 16, bls_p, 48);
  printf("bls_bad %d\n", tandem_bls12_381_map_fp_to_g1(u, p1));
}

static void ntt(void) {
  static uint64_t gl[3 * 64], gl0[3 * 64];
  static uint32_t bb[2 * 256];
  for (int i = 0; i < 3 * 64; i++) gl[i] = next() % 0xffffffff00000001ull;
  for (int i = 0; i < 2 * 256; i++) bb[i] = (uint32_t)(next() % 2013265921u);
  memcpy(gl0, gl, sizeof gl);
  int st = tandem_ntt(TANDEM_NTT_GOLDILOCKS, 6, gl, 3, TANDEM_NTT_FORWARD);
  hex("ntt_gl", st, (const uint8_t *)gl, 64);
  st = tandem_ntt(TANDEM_NTT_GOLDILOCKS, 6, gl, 3, TANDEM_NTT_INVERSE);
  expect(memcmp(gl, gl0, sizeof gl), 0, "goldilocks inverse(forward(x)) == x");
  st = tandem_ntt(TANDEM_NTT_BABYBEAR, 8, bb, 2, TANDEM_NTT_COSET_FORWARD);
  hex("ntt_bb", st, (const uint8_t *)bb, 64);
  long plan = tandem_ntt_plan(TANDEM_NTT_BABYBEAR, 8);
  st = tandem_ntt_plan_transform(plan, TANDEM_NTT_COSET_INVERSE, bb, sizeof bb);
  hex("ntt_bb_plan", st, (const uint8_t *)bb, 64);
  tandem_release(plan);
  static uint8_t fr[16 * 32];
  for (int i = 0; i < 16; i++) {
    fill(fr + 32 * i, 32);
    fr[32 * i + 31] &= 0x0f; /* little-endian: the top byte, so the value is below r */
  }
  st = tandem_ntt(TANDEM_NTT_BN254, 4, fr, 1, TANDEM_NTT_FORWARD);
  hex("ntt_bn", st, fr, 64);
  gl[5] = 0xffffffff00000001ull; /* p itself: not canonical */
  printf("ntt_bad %d %d\n", tandem_ntt(TANDEM_NTT_GOLDILOCKS, 6, gl, 3, TANDEM_NTT_FORWARD),
         tandem_ntt(TANDEM_NTT_GOLDILOCKS, 25, gl, 0, TANDEM_NTT_FORWARD));
}

int main(int argc, char **argv) {
  state = 0x9e3779b97f4a7c15ull ^ (uint64_t)(argc > 1 ? atoi(argv[1]) : 1);
  for (int i = 0; i < 8; i++) next();
  bn254();
  bls();
  ntt();
  /* Enough small calls for the glue run to count as a coprocessor workload. */
  uint8_t g1[64] = {0}, acc[64];
  g1[31] = 1, g1[63] = 2;
  memcpy(acc, g1, 64);
  for (int i = 0; i < 200; i++) tandem_bn254_add(acc, g1, acc);
  hex("bn254_201g", 0, acc, 64);

#if defined(__riscv) && !(defined(TANDEM_SOFT) && TANDEM_SOFT)
  /* Calls the bus refuses before any coprocessor runs. */
  uint8_t *code = (uint8_t *)(uintptr_t)&main;
  expect(tandem_bn254_add(g1, g1, code), -TANDEM_EFAULT, "output into code");
  expect(tandem_bn254_msm(g1, 0, acc), -TANDEM_EINVAL, "empty msm");
  expect((int)tandem__ecall6(TANDEM_COPROC_BN254_MSM, (long)(uintptr_t)g1, 95, (long)(uintptr_t)acc,
                             64, 0, 0), -TANDEM_EINVAL, "msm length not a multiple");
  expect(tandem_bls12_381_pairing_check(g1, 0), -TANDEM_EINVAL, "empty pairing");
  expect(tandem_bn254_msm_table(12345, g1, 1, acc), -TANDEM_EINVAL, "no such table");
  long plan = tandem_ntt_plan(TANDEM_NTT_GOLDILOCKS, 4);
  expect(tandem_bn254_msm_table(plan, g1, 1, acc), -TANDEM_EINVAL, "a plan is not a table");
  expect(tandem_release(plan), 0, "release plan");
  expect(tandem_release(plan), -TANDEM_EINVAL, "release twice");
  static uint64_t poly[16];
  expect(tandem_ntt(TANDEM_NTT_GOLDILOCKS, 4, poly, 1, 7), -TANDEM_EINVAL, "ntt kind");
#endif
  if (bad) printf("a check failed\n");
  return bad;
}
