/* sdk/src/soft/eth_precompile.c: the Ethereum precompiled contracts 0x01 (ecrecover), 0x02
 * (sha256), 0x03 (ripemd160), 0x04 (identity), 0x05 (modexp), 0x06-0x08 (BN254), 0x09
 * (blake2f), 0x0a (KZG point evaluation), 0x0b-0x11 (BLS12-381, EIP-2537) and 0x100
 * (P256VERIFY) under the Osaka rules, with their gas, in portable C (the curves through the SDK's
 * curve functions, sdk/src/soft/ec.cpp).  Written from the Yellow
 * Paper (appendix E), EIP-198, EIP-152, EIP-7823, EIP-7883 and EIP-7951, and matching
 * go-ethereum byte for byte (its test vectors are the reference).  The "soft" build of a guest
 * runs this inside the VM instead of calling the coprocessor, and the native build calls it
 * directly; the coprocessor implements the same rules.  The cryptography itself is the SDK's
 * other portable files (keccak, sha256, ripemd160, blake2f, modexp, ecdsa).
 *
 * Return values: 0 with the output in out[0..*out_len); -TANDEM_EBADMSG when Ethereum's
 * precompile fails (the call reverts); -TANDEM_EINVAL for an unsupported address, or when out_cap
 * is below the address's largest output (checked after the failure cases).  Allocation only for
 * a modexp input whose operands run past its end (the zero padding); no global mutable state. */
#include <stdlib.h>
#include <string.h>

#include "tandem/guest.h"

#define MODEXP_MAX_LEN 1024 /* EIP-7823 */
#define BLAKE2F_INPUT_LEN 213

/* The secp256k1 group order, big-endian. */
static const uint8_t secp256k1_n[32] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
    0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41};

/* ---- saturating 64-bit arithmetic (no division, so rv32 needs no libgcc helper) ---- */

static uint64_t sat_add(uint64_t a, uint64_t b) { return a + b < a ? UINT64_MAX : a + b; }

static uint64_t sat_mul(uint64_t a, uint64_t b) {
  const uint64_t ah = a >> 32, al = a & 0xffffffffu, bh = b >> 32, bl = b & 0xffffffffu;
  if (ah && bh) return UINT64_MAX;
  const uint64_t cross = ah * bl + al * bh; /* one of the two terms is zero */
  if (cross >> 32) return UINT64_MAX;
  return sat_add(al * bl, cross << 32);
}

/* Number of 32-byte words in len bytes, rounded up. */
static uint64_t words32(size_t len) { return (uint64_t)(len / 32) + (len % 32 != 0); }

/* ---- reading the input as if right-padded with zeros ---- */

static uint8_t byte_at(const uint8_t *in, size_t in_len, uint64_t off) {
  return off < in_len ? in[off] : 0;
}

/* The 32-byte big-endian field at off, or UINT64_MAX when it does not fit in 64 bits. */
static uint64_t field_u64(const uint8_t *in, size_t in_len, uint64_t off) {
  uint64_t v = 0;
  for (unsigned i = 0; i < 24; i++)
    if (byte_at(in, in_len, sat_add(off, i))) return UINT64_MAX;
  for (unsigned i = 24; i < 32; i++) v = v << 8 | byte_at(in, in_len, off + i);
  return v;
}

static void copy_padded(uint8_t *dst, const uint8_t *in, size_t in_len, uint64_t off, size_t len) {
  for (size_t i = 0; i < len; i++) dst[i] = byte_at(in, in_len, off + i);
}

/* ---- modexp (0x05) ---- */

typedef struct {
  uint64_t blen, elen, mlen; /* saturated at UINT64_MAX */
} modexp_lens;

static modexp_lens modexp_read_lens(const uint8_t *in, size_t in_len) {
  modexp_lens l;
  l.blen = field_u64(in, in_len, 0);
  l.elen = field_u64(in, in_len, 32);
  l.mlen = field_u64(in, in_len, 64);
  return l;
}

/* EIP-7883's gas. */
static uint64_t modexp_gas(const uint8_t *in, size_t in_len) {
  const modexp_lens l = modexp_read_lens(in, in_len);
  /* The exponent's head: its first min(Elen, 32) bytes, as a number; only its bit length
   * matters. */
  const uint64_t eoff = sat_add(96, l.blen);
  const unsigned head = l.elen < 32 ? (unsigned)l.elen : 32;
  unsigned head_bits = 0;
  for (unsigned i = 0; i < head; i++) {
    uint8_t b = byte_at(in, in_len, sat_add(eoff, i));
    if (b) {
      unsigned bits = 8;
      while (!(b >> (bits - 1))) bits--;
      head_bits = (head - i - 1) * 8 + bits;
      break;
    }
  }
  uint64_t iterations = head_bits ? head_bits - 1 : 0;
  if (l.elen > 32) iterations = sat_add(sat_mul(16, l.elen - 32), iterations);
  if (iterations < 1) iterations = 1;
  const uint64_t max_len = l.blen > l.mlen ? l.blen : l.mlen;
  uint64_t complexity = 16;
  if (max_len > 32) {
    const uint64_t words = max_len / 8 + (max_len % 8 != 0);
    complexity = sat_mul(2, sat_mul(words, words));
  }
  const uint64_t gas = sat_mul(complexity, iterations);
  return gas < 500 ? 500 : gas;
}

static int modexp_run(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap,
                      size_t *out_len) {
  const modexp_lens l = modexp_read_lens(in, in_len);
  if (l.blen > MODEXP_MAX_LEN || l.elen > MODEXP_MAX_LEN || l.mlen > MODEXP_MAX_LEN)
    return -TANDEM_EBADMSG;
  const size_t blen = (size_t)l.blen, elen = (size_t)l.elen, mlen = (size_t)l.mlen;
  if (out_cap < mlen) return -TANDEM_EINVAL;
  if (mlen == 0) { /* includes Blen == 0 && Mlen == 0: the output is empty */
    *out_len = 0;
    return 0;
  }
  const size_t total = blen + elen + mlen;
  const uint8_t *ops;
  uint8_t *copy = NULL;
  if (in_len >= 96 && in_len - 96 >= total) {
    ops = in + 96;
  } else { /* some operand bytes lie past the input: they are zeros */
    copy = (uint8_t *)malloc(total);
    if (!copy) return -TANDEM_EBADMSG;
    copy_padded(copy, in, in_len, 96, total);
    ops = copy;
  }
  int rc = tandem_soft_modexp(ops, blen, ops + blen, elen, ops + blen + elen, mlen, out);
  free(copy);
  if (rc != 0) return rc;
  *out_len = mlen;
  return 0;
}

/* ---- ecrecover (0x01) ---- */

/* 1 when the 32-byte big-endian x is in [1, n-1]. */
static int in_scalar_range(const uint8_t x[32]) {
  int nonzero = 0;
  for (int i = 0; i < 32; i++) nonzero |= x[i];
  if (!nonzero) return 0;
  for (int i = 0; i < 32; i++)
    if (x[i] != secp256k1_n[i]) return x[i] < secp256k1_n[i];
  return 0; /* x == n */
}

static size_t ecrecover_run(const uint8_t *in, size_t in_len, uint8_t out[32]) {
  uint8_t buf[128]; /* hash v r s */
  copy_padded(buf, in, in_len, 0, sizeof buf);
  for (int i = 32; i < 63; i++)
    if (buf[i]) return 0;
  if (buf[63] != 27 && buf[63] != 28) return 0;
  if (!in_scalar_range(buf + 64) || !in_scalar_range(buf + 96)) return 0;
  uint8_t pub[64], digest[32];
  if (tandem_soft_secp256k1_recover(buf, buf + 64, buf[63] - 27, pub) != 0) return 0;
  tandem_soft_keccak256(pub, sizeof pub, digest);
  memset(out, 0, 12);
  memcpy(out + 12, digest + 12, 20);
  return 32;
}

/* ---- blake2f (0x09) ---- */

static uint64_t le64(const uint8_t *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--) v = v << 8 | p[i];
  return v;
}

static uint32_t be32(const uint8_t *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int blake2f_run(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap,
                       size_t *out_len) {
  if (in_len != BLAKE2F_INPUT_LEN) return -TANDEM_EBADMSG;
  const uint8_t final = in[212];
  if (final > 1) return -TANDEM_EBADMSG;
  if (out_cap < 64) return -TANDEM_EINVAL;
  uint64_t h[8], m[16], t[2];
  for (int i = 0; i < 8; i++) h[i] = le64(in + 4 + 8 * i);
  for (int i = 0; i < 16; i++) m[i] = le64(in + 68 + 8 * i);
  for (int i = 0; i < 2; i++) t[i] = le64(in + 196 + 8 * i);
  tandem_soft_blake2f(be32(in), h, m, t, final);
  for (int i = 0; i < 64; i++) out[i] = (uint8_t)(h[i / 8] >> (8 * (i % 8)));
  *out_len = 64;
  return 0;
}

/* ---- the curve precompiles (0x06-0x08, 0x0a-0x11), on the SDK's curve functions ---- */

/* EIP-2537's MSM discount tables (thousandths, k = 1..128; the last for larger k). */
static const uint16_t g1_discount[128] = {
    1000, 949, 848, 797, 764, 750, 738, 728, 719, 712, 705, 698, 692, 687, 682, 677, 673, 669, 665,
    661,  658, 654, 651, 648, 645, 642, 640, 637, 635, 632, 630, 627, 625, 623, 621, 619, 617, 615,
    613,  611, 609, 608, 606, 604, 603, 601, 599, 598, 596, 595, 593, 592, 591, 589, 588, 586, 585,
    584,  582, 581, 580, 579, 577, 576, 575, 574, 573, 572, 570, 569, 568, 567, 566, 565, 564, 563,
    562,  561, 560, 559, 558, 557, 556, 555, 554, 553, 552, 551, 550, 549, 548, 547, 547, 546, 545,
    544,  543, 542, 541, 540, 540, 539, 538, 537, 536, 536, 535, 534, 533, 532, 532, 531, 530, 529,
    528,  528, 527, 526, 525, 525, 524, 523, 522, 522, 521, 520, 520, 519};
static const uint16_t g2_discount[128] = {
    1000, 1000, 923, 884, 855, 832, 812, 796, 782, 770, 759, 749, 740, 732, 724, 717, 711, 704, 699,
    693,  688,  683, 679, 674, 670, 666, 663, 659, 655, 652, 649, 646, 643, 640, 637, 634, 632, 629,
    627,  624,  622, 620, 618, 615, 613, 611, 609, 607, 606, 604, 602, 600, 598, 597, 595, 593, 592,
    590,  589,  587, 586, 584, 583, 582, 580, 579, 578, 576, 575, 574, 573, 571, 570, 569, 568, 567,
    566,  565,  563, 562, 561, 560, 559, 558, 557, 556, 555, 554, 553, 552, 552, 551, 550, 549, 548,
    547,  546,  545, 545, 544, 543, 542, 541, 541, 540, 539, 538, 537, 537, 536, 535, 535, 534, 533,
    532,  532,  531, 530, 530, 529, 528, 528, 527, 526, 526, 525, 524, 524};

static uint64_t msm_gas(size_t k, uint64_t mul_gas, const uint16_t *table) {
  if (k == 0) return 0;
  const uint64_t d = table[(k < 128 ? k : 128) - 1];
  /* k * mul_gas * d / 1000 without overflow: k < 2^58 for any input a guest can hold */
  return sat_mul(sat_mul((uint64_t)k, mul_gas), d) / 1000;
}

/* The largest output of a curve address, or 0 for another address. */
static size_t curve_max_output(uint32_t address) {
  switch (address) {
    case 0x06: case 0x07: case 0x0a: return 64;
    case 0x08: case 0x0f: return 32;
    case 0x0b: case 0x0c: case 0x10: return 128;
    case 0x0d: case 0x0e: case 0x11: return 256;
  }
  return 0;
}

/* Whether the input's length alone makes Ethereum fail the call. */
static int curve_length_fails(uint32_t address, size_t n) {
  switch (address) {
    case 0x08: return n % 192 != 0;
    case 0x0a: return n != 192;
    case 0x0b: return n != 256;
    case 0x0c: return n == 0 || n % 160 != 0;
    case 0x0d: return n != 512;
    case 0x0e: return n == 0 || n % 288 != 0;
    case 0x0f: return n == 0 || n % 384 != 0;
    case 0x10: return n != 64;
    case 0x11: return n != 128;
  }
  return 0;
}

static int curve_run(uint32_t address, const uint8_t *in, size_t n, uint8_t *out,
                     size_t out_cap, size_t *out_len) {
  if (curve_length_fails(address, n)) return -TANDEM_EBADMSG;
  const size_t max = curve_max_output(address);
  if (out_cap < max) return -TANDEM_EINVAL;
  int e = 0;
  switch (address) {
    case 0x06: {
      uint8_t buf[128] = {0};
      if (n) memcpy(buf, in, n < 128 ? n : 128); /* in may be NULL when n = 0 */
      e = tandem_soft_bn254_add(buf, buf + 64, out);
      break;
    }
    case 0x07: {
      uint8_t buf[96] = {0};
      if (n) memcpy(buf, in, n < 96 ? n : 96);
      e = tandem_soft_bn254_mul(buf, buf + 64, out);
      break;
    }
    case 0x08:
    case 0x0f:
      e = n == 0 ? 0
          : address == 0x08 ? tandem_soft_bn254_pairing_check(in, n / 192)
                            : tandem_soft_bls12_381_pairing_check(in, n / 384);
      if (e == 0 || e == -TANDEM_EBADMSG) {
        memset(out, 0, 32);
        out[31] = e == 0;
        e = 0;
      }
      break;
    case 0x0a: {
      /* versioned_hash 32 || z 32 || y 32 || commitment 48 || proof 48 */
      uint8_t h[32];
      tandem_soft_sha256(in + 96, 48, h);
      h[0] = 0x01;
      if (memcmp(h, in, 32) != 0) return -TANDEM_EBADMSG;
      e = tandem_soft_kzg_verify(in + 96, in + 32, in + 64, in + 144);
      if (e == 0) {
        static const uint8_t modulus[32] = {
            0x73, 0xed, 0xa7, 0x53, 0x29, 0x9d, 0x7d, 0x48, 0x33, 0x39, 0xd8, 0x08, 0x09, 0xa1, 0xd8, 0x05,
            0x53, 0xbd, 0xa4, 0x02, 0xff, 0xfe, 0x5b, 0xfe, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01};
        memset(out, 0, 32);
        out[30] = 0x10; /* FIELD_ELEMENTS_PER_BLOB = 4096 */
        memcpy(out + 32, modulus, 32);
      }
      break;
    }
    case 0x0b: e = tandem_soft_bls12_381_g1_add(in, in + 128, out); break;
    case 0x0c: e = tandem_soft_bls12_381_g1_msm(in, n / 160, out); break;
    case 0x0d: e = tandem_soft_bls12_381_g2_add(in, in + 256, out); break;
    case 0x0e: e = tandem_soft_bls12_381_g2_msm(in, n / 288, out); break;
    case 0x10: e = tandem_soft_bls12_381_map_fp_to_g1(in, out); break;
    case 0x11: e = tandem_soft_bls12_381_map_fp2_to_g2(in, out); break;
  }
  if (e == -TANDEM_ENOMEM) return e;
  if (e != 0) return -TANDEM_EBADMSG;
  *out_len = max;
  return 0;
}

static int curve_gas(uint32_t address, size_t n, uint64_t *gas) {
  switch (address) {
    case 0x06: *gas = 150; return 1;
    case 0x07: *gas = 6000; return 1;
    case 0x08: *gas = sat_add(45000, sat_mul(34000, n / 192)); return 1;
    case 0x0a: *gas = 50000; return 1;
    case 0x0b: *gas = 375; return 1;
    case 0x0c: *gas = msm_gas(n / 160, 12000, g1_discount); return 1;
    case 0x0d: *gas = 600; return 1;
    case 0x0e: *gas = msm_gas(n / 288, 22500, g2_discount); return 1;
    case 0x0f: *gas = sat_add(37700, sat_mul(32600, n / 384)); return 1;
    case 0x10: *gas = 5500; return 1;
    case 0x11: *gas = 23800; return 1;
  }
  return 0;
}

/* ---- dispatch ---- */

int tandem_soft_eth_precompile(uint32_t address, const void *in_v, size_t in_len, void *out_v,
                               size_t out_cap, size_t *out_len) {
  const uint8_t *in = (const uint8_t *)in_v;
  uint8_t *out = (uint8_t *)out_v;
  size_t len = 0, dummy;
  if (!out_len) out_len = &dummy;
  switch (address) {
    case 0x01: {
      if (out_cap < 32) return -TANDEM_EINVAL;
      uint8_t r[32];
      len = ecrecover_run(in, in_len, r);
      memcpy(out, r, len);
      break;
    }
    case 0x02: {
      if (out_cap < 32) return -TANDEM_EINVAL;
      uint8_t d[32];
      tandem_soft_sha256(in, in_len, d);
      memcpy(out, d, 32);
      len = 32;
      break;
    }
    case 0x03: {
      if (out_cap < 32) return -TANDEM_EINVAL;
      uint8_t d[20];
      tandem_soft_ripemd160(in, in_len, d);
      memset(out, 0, 12);
      memcpy(out + 12, d, 20);
      len = 32;
      break;
    }
    case 0x04:
      if (out_cap < in_len) return -TANDEM_EINVAL;
      if (in_len) memmove(out, in, in_len);
      len = in_len;
      break;
    case 0x05:
      return modexp_run(in, in_len, out, out_cap, out_len);
    case 0x09:
      return blake2f_run(in, in_len, out, out_cap, out_len);
    case 0x100: {
      if (out_cap < 32) return -TANDEM_EINVAL;
      if (in_len == 160 && tandem_soft_p256_verify(in, in + 32, in + 96) == 0) {
        memset(out, 0, 31);
        out[31] = 1;
        len = 32;
      }
      break;
    }
    default:
      if (curve_max_output(address)) return curve_run(address, in, in_len, out, out_cap, out_len);
      return -TANDEM_EINVAL;
  }
  *out_len = len;
  return 0;
}

int tandem_soft_eth_precompile_gas(uint32_t address, const void *in_v, size_t in_len,
                                   uint64_t *gas) {
  const uint8_t *in = (const uint8_t *)in_v;
  uint64_t g;
  switch (address) {
    case 0x01: g = 3000; break;
    case 0x02: g = sat_add(60, sat_mul(12, words32(in_len))); break;
    case 0x03: g = sat_add(600, sat_mul(120, words32(in_len))); break;
    case 0x04: g = sat_add(15, sat_mul(3, words32(in_len))); break;
    case 0x05: g = modexp_gas(in, in_len); break;
    case 0x09: g = in_len == BLAKE2F_INPUT_LEN ? be32(in) : 0; break;
    case 0x100: g = 6900; break;
    default:
      if (!curve_gas(address, in_len, &g)) return -TANDEM_EINVAL;
  }
  *gas = g;
  return 0;
}
