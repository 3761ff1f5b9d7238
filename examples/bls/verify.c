/* examples/bls/verify.c: verifies BLS signatures the way Ethereum's consensus layer signs them
 * (BLS12-381, public keys in G1, signatures in G2, ciphersuite
 * BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_): for each (public key, message, signature), hash
 * the message to G2 and check e(pk, H(m)) * e(-G1, sig) == 1.  The business logic is small
 * (parse, loop, count); the expensive work is SHA-256, modular reduction, two maps to G2 and a
 * two-pair pairing check per signature.
 *
 * Input on stdin (make_signatures writes it): a 4-byte little-endian count, then per record:
 * public key (128 bytes, EIP-2537 G1), signature (256 bytes, EIP-2537 G2), message length (2
 * bytes little-endian) and the message.
 *
 * One source, three builds (examples/CMakeLists.txt): bls_verify.elf sends the work to the
 * coprocessors ("glue"), bls_verify_soft.elf runs the SDK's portable code for it inside the VM
 * ("soft"), and bls_verify_native is the same C compiled for the host ("native").  All three
 * print the same lines.  The run starts with RFC 9380's own test vector for this hash, so a wrong
 * hash fails loudly instead of verifying signatures made with the same mistake. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bls_hash.h"
#include "tandem/guest.h"

static const char kDst[] = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";

/* RFC 9380 J.10.1 (BLS12381G2_XMD:SHA-256_SSWU_RO_), msg = "": P.x, c0 then c1. */
static const char kRfcDst[] = "QUUX-V01-CS02-with-BLS12381G2_XMD:SHA-256_SSWU_RO_";
static const uint8_t kRfcPx[96] = {
    0x01, 0x41, 0xeb, 0xfb, 0xdc, 0xa4, 0x0e, 0xb8, 0x5b, 0x87, 0x14, 0x2e, 0x13, 0x0a, 0xb6, 0x89,
    0xc6, 0x73, 0xcf, 0x60, 0xf1, 0xa3, 0xe9, 0x8d, 0x69, 0x33, 0x52, 0x66, 0xf3, 0x0d, 0x9b, 0x8d,
    0x4a, 0xc4, 0x4c, 0x10, 0x38, 0xe9, 0xdc, 0xdd, 0x53, 0x93, 0xfa, 0xf5, 0xc4, 0x1f, 0xb7, 0x8a,
    0x05, 0xcb, 0x84, 0x37, 0x53, 0x5e, 0x20, 0xec, 0xff, 0xae, 0xf7, 0x75, 0x2b, 0xad, 0xdf, 0x98,
    0x03, 0x41, 0x39, 0xc3, 0x84, 0x52, 0x45, 0x8b, 0xae, 0xef, 0xab, 0x37, 0x9b, 0xa1, 0x3d, 0xff,
    0x5b, 0xf5, 0xdd, 0x71, 0xb7, 0x24, 0x18, 0x71, 0x70, 0x47, 0xf5, 0xb0, 0xf3, 0x7d, 0xa0, 0x3d};

static uint8_t *read_all(size_t *n) {
  size_t cap = 1 << 16, len = 0;
  uint8_t *buf = malloc(cap);
  for (;;) {
    if (!buf) return 0;
    const size_t got = fread(buf + len, 1, cap - len, stdin);
    len += got;
    if (got == 0) break;
    if (len == cap) buf = realloc(buf, cap *= 2);
  }
  *n = len;
  return buf;
}

int main(void) {
  uint8_t h[256];
  if (bls_hash_to_g2((const uint8_t *)"", 0, kRfcDst, h) != 0 || memcmp(h + 16, kRfcPx, 48) != 0 ||
      memcmp(h + 64 + 16, kRfcPx + 48, 48) != 0) {
    fprintf(stderr, "bls_verify: hash_to_curve does not match RFC 9380's test vector\n");
    return 3;
  }
  size_t n = 0;
  uint8_t *in = read_all(&n);
  if (!in || n < 4) {
    fprintf(stderr, "bls_verify: no input (pipe in a file made by make_signatures)\n");
    return 2;
  }
  const uint32_t count = (uint32_t)in[0] | (uint32_t)in[1] << 8 | (uint32_t)in[2] << 16 |
                         (uint32_t)in[3] << 24;
  unsigned valid = 0, invalid = 0, malformed = 0;
  uint32_t first_invalid = UINT32_MAX;
  uint8_t pairs[2 * 384];
  bls_generator(pairs + 384, 1); /* -G1, paired with the signature */
  size_t at = 4;
  for (uint32_t i = 0; i < count; i++) {
    if (n - at < 128 + 256 + 2) {
      fprintf(stderr, "bls_verify: input ends at record %u of %u\n", (unsigned)i, (unsigned)count);
      return 2;
    }
    const uint8_t *pk = in + at, *sig = in + at + 128;
    const size_t mlen = (size_t)in[at + 384] | (size_t)in[at + 385] << 8;
    at += 386;
    if (n - at < mlen) {
      fprintf(stderr, "bls_verify: message %u runs past the input\n", (unsigned)i);
      return 2;
    }
    const uint8_t *msg = in + at;
    at += mlen;
    memcpy(pairs, pk, 128);
    memcpy(pairs + 384 + 128, sig, 256);
    int st = bls_hash_to_g2(msg, mlen, kDst, pairs + 128);
    if (st == 0) st = tandem_bls12_381_pairing_check(pairs, 2);
    if (st == 0) {
      valid++;
    } else if (st == -TANDEM_EBADMSG) {
      invalid++;
      if (first_invalid == UINT32_MAX) first_invalid = i;
    } else {
      malformed++; /* a key or signature that is not a point of its group */
    }
  }
  printf("signatures %u: valid %u, invalid %u, malformed %u", (unsigned)count, valid, invalid,
         malformed);
  if (first_invalid != UINT32_MAX) printf(", first invalid #%u", (unsigned)first_invalid);
  printf("\n");
  free(in);
  return 0;
}
