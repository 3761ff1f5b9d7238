/* examples/bls/bls_hash.h: hashing a message to a BLS12-381 G2 point (RFC 9380
 * hash_to_curve, suite BLS12381G2_XMD:SHA-256_SSWU_RO_), written as glue over tandem's
 * coprocessors: SHA-256 for expand_message_xmd, modexp (with exponent 1) to reduce the 64-byte
 * strings mod p, and EIP-2537's MAP_FP2_TO_G2 (which clears the cofactor) twice plus G2ADD.
 * Clearing each half and adding equals clearing the sum: cofactor clearing is a homomorphism.
 *
 * Shared by verify.c (the guest) and make_signatures.cpp (the host that signs its input); both
 * build it against tandem/guest.h, so the host runs the same code natively. */
#ifndef TANDEM_EXAMPLES_BLS_HASH_H
#define TANDEM_EXAMPLES_BLS_HASH_H
#include <stdint.h>
#include <string.h>

#include "tandem/guest.h"

/* BLS12-381's base field modulus p, big-endian. */
static const uint8_t bls_p[48] = {
    0x1a, 0x01, 0x11, 0xea, 0x39, 0x7f, 0xe6, 0x9a, 0x4b, 0x1b, 0xa7, 0xb6, 0x43, 0x4b, 0xac, 0xd7,
    0x64, 0x77, 0x4b, 0x84, 0xf3, 0x85, 0x12, 0xbf, 0x67, 0x30, 0xd2, 0xa0, 0xf6, 0xb0, 0xf6, 0x24,
    0x1e, 0xab, 0xff, 0xfe, 0xb1, 0x53, 0xff, 0xff, 0xb9, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xaa, 0xab};

/* The G1 generator in EIP-2537's encoding (x, y: 16 zero bytes then 48 bytes big-endian). */
static const uint8_t bls_g1_x[48] = {
    0x17, 0xf1, 0xd3, 0xa7, 0x31, 0x97, 0xd7, 0x94, 0x26, 0x95, 0x63, 0x8c, 0x4f, 0xa9, 0xac, 0x0f,
    0xc3, 0x68, 0x8c, 0x4f, 0x97, 0x74, 0xb9, 0x05, 0xa1, 0x4e, 0x3a, 0x3f, 0x17, 0x1b, 0xac, 0x58,
    0x6c, 0x55, 0xe8, 0x3f, 0xf9, 0x7a, 0x1a, 0xef, 0xfb, 0x3a, 0xf0, 0x0a, 0xdb, 0x22, 0xc6, 0xbb};
static const uint8_t bls_g1_y[48] = {
    0x08, 0xb3, 0xf4, 0x81, 0xe3, 0xaa, 0xa0, 0xf1, 0xa0, 0x9e, 0x30, 0xed, 0x74, 0x1d, 0x8a, 0xe4,
    0xfc, 0xf5, 0xe0, 0x95, 0xd5, 0xd0, 0x0a, 0xf6, 0x00, 0xdb, 0x18, 0xcb, 0x2c, 0x04, 0xb3, 0xed,
    0xd0, 0x3c, 0xc7, 0x44, 0xa2, 0x88, 0x8a, 0xe4, 0x0c, 0xaa, 0x23, 0x29, 0x46, 0xc5, 0xe7, 0xe1};

/* The G1 generator, or its negation, 128 bytes. */
static void bls_generator(uint8_t out[128], int negate) {
  memset(out, 0, 128);
  memcpy(out + 16, bls_g1_x, 48);
  if (!negate) {
    memcpy(out + 80, bls_g1_y, 48);
    return;
  }
  int borrow = 0;
  for (int i = 47; i >= 0; i--) {
    int d = bls_p[i] - bls_g1_y[i] - borrow;
    borrow = d < 0;
    out[80 + i] = (uint8_t)(d + (borrow ? 256 : 0));
  }
}

/* RFC 9380 5.3.1 expand_message_xmd with SHA-256, for len_in_bytes = 256 (two Fp2 elements).
 * Returns 0, or -1 for a DST longer than 255 bytes or a message longer than 4096. */
static int bls_expand_xmd(const uint8_t *msg, size_t len, const char *dst, uint8_t out[256]) {
  static uint8_t buf[64 + 4096 + 3 + 256];
  const size_t dlen = strlen(dst);
  if (dlen > 255 || len > 4096) return -1;
  uint8_t b0[32], bi[32];
  /* b_0 = H(Z_pad || msg || I2OSP(256, 2) || I2OSP(0, 1) || DST || I2OSP(len(DST), 1)) */
  size_t n = 0;
  memset(buf, 0, 64), n = 64;
  memcpy(buf + n, msg, len), n += len;
  buf[n++] = 1, buf[n++] = 0, buf[n++] = 0;
  memcpy(buf + n, dst, dlen), n += dlen;
  buf[n++] = (uint8_t)dlen;
  tandem_sha256(buf, n, b0);
  /* b_i = H(strxor(b_0, b_(i-1)) || I2OSP(i, 1) || DST_prime), b_1 = H(b_0 || 1 || DST_prime) */
  for (int i = 1; i <= 8; i++) {
    for (int j = 0; j < 32; j++) buf[j] = i == 1 ? b0[j] : (uint8_t)(b0[j] ^ bi[j]);
    buf[32] = (uint8_t)i;
    memcpy(buf + 33, dst, dlen);
    buf[33 + dlen] = (uint8_t)dlen;
    tandem_sha256(buf, 34 + dlen, bi);
    memcpy(out + 32 * (i - 1), bi, 32);
  }
  return 0;
}

/* hash_to_curve(msg) in G2, EIP-2537's 256-byte encoding.  Returns 0 or a negative error. */
static int bls_hash_to_g2(const uint8_t *msg, size_t len, const char *dst, uint8_t out[256]) {
  uint8_t uniform[256], u[2][128], q[2][256];
  if (bls_expand_xmd(msg, len, dst, uniform) != 0) return -TANDEM_EINVAL;
  static const uint8_t one[1] = {1};
  for (int i = 0; i < 2; i++)
    for (int j = 0; j < 2; j++) {
      /* e = OS2IP(64 bytes) mod p, into the 64-byte EIP-2537 field encoding */
      uint8_t *e = u[i] + 64 * j;
      memset(e, 0, 16);
      int st = tandem_modexp(uniform + 64 * (2 * i + j), 64, one, 1, bls_p, 48, e + 16);
      if (st != 0) return st;
    }
  for (int i = 0; i < 2; i++) {
    int st = tandem_bls12_381_map_fp2_to_g2(u[i], q[i]);
    if (st != 0) return st;
  }
  return tandem_bls12_381_g2_add(q[0], q[1], out);
}

#endif
