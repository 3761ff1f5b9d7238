/* tests/coproc/guests/sig_mix.c: signatures, modexp and the Ethereum precompiles of tandem/guest.h
 * on pseudo-random inputs, printing every status and output.  Built as "glue" (the coprocessors)
 * and "soft" (the SDK's portable C); the two runs must print the same bytes.  The seed is argv[1].
 * Valid signatures are made without a signer: a secp256k1 key recovered from a random (r, s)
 * signs that (r, s); for P-256 the key G with r = x(G), s = e + r signs e (k = d = 1); Ed25519
 * uses RFC 8032's first test vector.  The glue build also checks calls the bus must refuse; those
 * checks print nothing, so both builds' output stays comparable. */
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

static const uint8_t p256_gx[32] = {
    0x6b, 0x17, 0xd1, 0xf2, 0xe1, 0x2c, 0x42, 0x47, 0xf8, 0xbc, 0xe6, 0xe5, 0x63, 0xa4, 0x40, 0xf2,
    0x77, 0x03, 0x7d, 0x81, 0x2d, 0xeb, 0x33, 0xa0, 0xf4, 0xa1, 0x39, 0x45, 0xd8, 0x98, 0xc2, 0x96};
static const uint8_t p256_gy[32] = {
    0x4f, 0xe3, 0x42, 0xe2, 0xfe, 0x1a, 0x7f, 0x9b, 0x8e, 0xe7, 0xeb, 0x4a, 0x7c, 0x0f, 0x9e, 0x16,
    0x2b, 0xce, 0x33, 0x57, 0x6b, 0x31, 0x5e, 0xce, 0xcb, 0xb6, 0x40, 0x68, 0x37, 0xbf, 0x51, 0xf5};
/* RFC 8032 section 7.1, test 1: the empty message. */
static const uint8_t ed_pub[32] = {
    0xd7, 0x5a, 0x98, 0x01, 0x82, 0xb1, 0x0a, 0xb7, 0xd5, 0x4b, 0xfe, 0xd3, 0xc9, 0x64, 0x07, 0x3a,
    0x0e, 0xe1, 0x72, 0xf3, 0xda, 0xa6, 0x23, 0x25, 0xaf, 0x02, 0x1a, 0x68, 0xf7, 0x07, 0x51, 0x1a};
static const uint8_t ed_sig[64] = {
    0xe5, 0x56, 0x43, 0x00, 0xc3, 0x60, 0xac, 0x72, 0x90, 0x86, 0xe2, 0xcc, 0x80, 0x6e, 0x82, 0x8a,
    0x84, 0x87, 0x7f, 0x1e, 0xb8, 0xe5, 0xd9, 0x74, 0xd8, 0x73, 0xe0, 0x65, 0x22, 0x49, 0x01, 0x55,
    0x5f, 0xb8, 0x82, 0x15, 0x90, 0xa3, 0x3b, 0xac, 0xc6, 0x1e, 0x39, 0x70, 0x1c, 0xf9, 0xb4, 0x6b,
    0xd2, 0x5b, 0xf5, 0xf0, 0x59, 0x5b, 0xbe, 0x24, 0x65, 0x51, 0x41, 0x43, 0x8e, 0x7a, 0x10, 0x0b};

static uint8_t buf[600], out[600];

static int bad; /* a glue-only check failed */
static void expect(int got, int want) {
  if (got != want) bad = 1;
}

int main(int argc, char **argv) {
  state = argc > 1 ? strtoull(argv[1], 0, 10) | 1 : 88172645463325252ull;
  const int rounds = argc > 2 ? atoi(argv[2]) : 16;
  for (int round = 0; round < rounds; round++) {
    uint8_t hash[32], sig[64], pub[64];
    fill(hash, 32), fill(sig, 64);
    int recid = (int)(next() % 4);
    int st = tandem_secp256k1_recover(hash, sig, recid, pub);
    hex("recover", st, st == 0 ? pub : sig, 64);
    if (st == 0) {
      printf("verify %d", tandem_secp256k1_verify(hash, sig, pub));
      hash[next() % 32] ^= 1;
      printf(" %d\n", tandem_secp256k1_verify(hash, sig, pub));
    }
    printf("recid9 %d\n", tandem_secp256k1_recover(hash, sig, 9, pub));

    /* P-256: e small, so s = e + x(G) needs no reduction mod n. */
    uint8_t e[32] = {0}, ps[64], pp[64];
    e[31] = (uint8_t)(next() | 1);
    memcpy(ps, p256_gx, 32), memcpy(ps + 32, p256_gx, 32);
    unsigned carry = e[31];
    for (int i = 63; i >= 32 && carry; i--) {
      unsigned v = ps[i] + carry;
      ps[i] = (uint8_t)v, carry = v >> 8;
    }
    memcpy(pp, p256_gx, 32), memcpy(pp + 32, p256_gy, 32);
    printf("p256 %d", tandem_p256_verify(e, ps, pp));
    ps[next() % 64] ^= (uint8_t)(1u << (next() % 8));
    printf(" %d", tandem_p256_verify(e, ps, pp));
    fill(pp, 64);
    printf(" %d\n", tandem_p256_verify(e, ps, pp));

    uint8_t es[64];
    memcpy(es, ed_sig, 64);
    printf("ed25519 %d", tandem_ed25519_verify("", 0, es, ed_pub));
    es[next() % 64] ^= (uint8_t)(1u << (next() % 8));
    fill(buf, 100);
    printf(" %d %d\n", tandem_ed25519_verify("", 0, es, ed_pub),
           tandem_ed25519_verify(buf, 100, ed_sig, ed_pub));

    size_t blen = (size_t)(next() % 70), elen = (size_t)(next() % 40), mlen = (size_t)(next() % 70);
    fill(buf, blen + elen + mlen);
    if (mlen && next() % 2) buf[blen + elen + mlen - 1] |= 1;
    st = tandem_modexp(buf, blen, buf + blen, elen, buf + blen + elen, mlen, out);
    hex("modexp", st, out, mlen);
    /* In place: the result overwrites the modulus. */
    st = tandem_modexp(buf, blen, buf + blen, elen, buf + blen + elen, mlen, buf + blen + elen);
    expect(memcmp(out, buf + blen + elen, mlen), 0);

    static const uint32_t addresses[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x09, 0x100};
    for (int k = 0; k < 7; k++) {
      const uint32_t address = addresses[k];
      size_t len = (size_t)(next() % 260);
      fill(buf, len);
      if (address == 0x01 && len >= 64) memset(buf + 32, 0, 31), buf[63] = (uint8_t)(27 + next() % 2);
      if (address == 0x05) {
        len = 96 + (size_t)(next() % 100);
        memset(buf, 0, 96);
        buf[31] = (uint8_t)(next() % 40), buf[63] = (uint8_t)(next() % 40), buf[95] = (uint8_t)(next() % 40);
      }
      if (address == 0x09 && next() % 4) len = 213, buf[0] = buf[1] = buf[2] = 0, buf[212] = (uint8_t)(next() % 3);
      if (address == 0x100 && next() % 2) len = 160;
      size_t out_len = 12345;
      uint64_t gas = 0;
      st = tandem_eth_precompile(address, buf, len, out, sizeof out, &out_len);
      int gs = tandem_eth_precompile_gas(address, buf, len, &gas);
      printf("eth 0x%x gas %d %llu ", (unsigned)address, gs, (unsigned long long)gas);
      hex("out", st, out, st == 0 ? out_len : 0);
    }
    size_t out_len = 0;
    printf("eth-unknown %d\n", tandem_eth_precompile(0x12, buf, 10, out, sizeof out, &out_len));
    printf("eth-small %d\n", tandem_eth_precompile(0x02, buf, 10, out, 31, &out_len));
  }

#if defined(__riscv) && !(defined(TANDEM_SOFT) && TANDEM_SOFT)
  /* Calls the bus refuses before any coprocessor runs. */
  uint8_t hash[32] = {0}, sig[64] = {0}, pub[64] = {0};
  uint8_t *code = (uint8_t *)(uintptr_t)&main;
  expect(tandem_secp256k1_recover(hash, sig, 0, code), -TANDEM_EFAULT);        /* output into code */
  expect(tandem_secp256k1_verify(hash, sig, (const uint8_t *)(uintptr_t)0x10), -TANDEM_EFAULT);
  expect(tandem_ed25519_verify((const void *)(uintptr_t)8, (size_t)-1, sig, pub), -TANDEM_EFAULT);
  expect(tandem_modexp(hash, 32, hash, 32, code, 32, code), -TANDEM_EFAULT);
  expect((int)tandem__ecall6(TANDEM_COPROC_MODEXP, (long)(uintptr_t)hash, 32, (long)(uintptr_t)hash,
                             (long)0x7fffffff, (long)(uintptr_t)pub, 64), -TANDEM_EFAULT);
  size_t out_len = 0;
  expect(tandem_eth_precompile(0x04, buf, 64, code, 64, &out_len), -TANDEM_EFAULT);
  expect(tandem_eth_precompile(0x04, buf, 64, out, 63, &out_len), -TANDEM_EINVAL);
  expect((int)tandem__ecall6(TANDEM_COPROC_SECP256K1_RECOVER, (long)(uintptr_t)buf, 95, 0, 0,
                             (long)(uintptr_t)pub, 64), -TANDEM_EINVAL);   /* short hash || sig */
  uint64_t gas = 0;
  expect(tandem_eth_precompile_gas(0x12, buf, 0, &gas), -TANDEM_EINVAL);
#endif
  if (bad) printf("a refused call was not refused as documented\n");
  return bad;
}
