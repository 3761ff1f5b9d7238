/* sdk/src/soft/soft_int.h: private helpers shared by the SDK's portable signature code (ecdsa.c,
 * ed25519.c, sha512.c); not installed, not part of the guest ABI.
 *
 * 256-bit numbers as little-endian arrays of limbs, and Montgomery arithmetic modulo any odd
 * modulus below 2^256 (the secp256k1 and P-256 primes and group orders, 2^255 - 19 and the
 * Ed25519 group order all use the same code, each described by an si_mod of constants).  Limbs
 * are 64 bits wide with unsigned __int128 products where the compiler has them (rv64, x86-64),
 * else 32 bits wide with uint64_t products (rv32); -DTANDEM_SOFT_NO_INT128 forces the 32-bit path
 * so it can be tested on a 64-bit host.  Constants are written with SI_W(hi32, lo32), which gives
 * one 64-bit limb or two 32-bit limbs, so one table serves both widths.
 *
 * Everything here is variable-time (the signature code only handles public data); functions
 * whose running time depends on their operands' values carry a _var suffix.  All functions are
 * static inline: no allocation, no global mutable state. */
#ifndef TANDEM_SOFT_INT_H
#define TANDEM_SOFT_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__SIZEOF_INT128__) && !defined(TANDEM_SOFT_NO_INT128)
typedef uint64_t si_limb;
typedef unsigned __int128 si_dlimb;
#define SI_LIMB_BITS 64
#define SI_W(hi, lo) ((((uint64_t)(hi)) << 32) | (uint64_t)(lo))
#define SI_MINV(hi, lo) SI_W(hi, lo)
#else
typedef uint32_t si_limb;
typedef uint64_t si_dlimb;
#define SI_LIMB_BITS 32
#define SI_W(hi, lo) (uint32_t)(lo), (uint32_t)(hi)
#define SI_MINV(hi, lo) ((uint32_t)(lo))
#endif
#define SI_N (256 / SI_LIMB_BITS)

/* A 256-bit number, limb 0 least significant. */
typedef struct {
  si_limb v[SI_N];
} si_num;

/* An odd modulus m < 2^256 and its Montgomery constants (R = 2^256). */
typedef struct {
  si_num m;
  si_limb minv; /* -m^-1 mod 2^SI_LIMB_BITS */
  si_num r2;    /* R^2 mod m: to_mont(a) = a * r2 / R */
  si_num one;   /* R mod m: 1 in Montgomery form */
} si_mod;

static inline void si_from_be(si_num *r, const uint8_t b[32]) {
  for (int i = 0; i < SI_N; i++) {
    si_limb v = 0;
    for (int j = 0; j < SI_LIMB_BITS / 8; j++) v = v << 8 | b[31 - i * (SI_LIMB_BITS / 8) - (SI_LIMB_BITS / 8 - 1) + j];
    r->v[i] = v;
  }
}

static inline void si_to_be(uint8_t b[32], const si_num *a) {
  for (int i = 0; i < 32; i++) b[31 - i] = (uint8_t)(a->v[i / (SI_LIMB_BITS / 8)] >> (8 * (i % (SI_LIMB_BITS / 8))));
}

static inline void si_from_le(si_num *r, const uint8_t b[32]) {
  for (int i = 0; i < SI_N; i++) {
    si_limb v = 0;
    for (int j = SI_LIMB_BITS / 8 - 1; j >= 0; j--) v = v << 8 | b[i * (SI_LIMB_BITS / 8) + j];
    r->v[i] = v;
  }
}

static inline void si_to_le(uint8_t b[32], const si_num *a) {
  for (int i = 0; i < 32; i++) b[i] = (uint8_t)(a->v[i / (SI_LIMB_BITS / 8)] >> (8 * (i % (SI_LIMB_BITS / 8))));
}

static inline void si_set_small(si_num *r, si_limb x) {
  memset(r, 0, sizeof *r);
  r->v[0] = x;
}

static inline int si_is_zero(const si_num *a) {
  si_limb acc = 0;
  for (int i = 0; i < SI_N; i++) acc |= a->v[i];
  return acc == 0;
}

static inline int si_eq(const si_num *a, const si_num *b) {
  si_limb acc = 0;
  for (int i = 0; i < SI_N; i++) acc |= a->v[i] ^ b->v[i];
  return acc == 0;
}

/* -1, 0 or 1 as a <, ==, > b. */
static inline int si_cmp_var(const si_num *a, const si_num *b) {
  for (int i = SI_N - 1; i >= 0; i--)
    if (a->v[i] != b->v[i]) return a->v[i] < b->v[i] ? -1 : 1;
  return 0;
}

/* r = a + b; returns the carry out (0 or 1).  r may alias a or b. */
static inline si_limb si_add(si_num *r, const si_num *a, const si_num *b) {
  si_dlimb c = 0;
  for (int i = 0; i < SI_N; i++) {
    c += (si_dlimb)a->v[i] + b->v[i];
    r->v[i] = (si_limb)c;
    c >>= SI_LIMB_BITS;
  }
  return (si_limb)c;
}

/* r = a - b; returns the borrow out (0 or 1).  r may alias a or b. */
static inline si_limb si_sub(si_num *r, const si_num *a, const si_num *b) {
  si_limb borrow = 0;
  for (int i = 0; i < SI_N; i++) {
    si_limb x = a->v[i], y = b->v[i];
    si_limb d = x - y - borrow;
    borrow = (x < y) | ((x == y) & borrow);
    r->v[i] = d;
  }
  return borrow;
}

/* Bit i (0 = least significant) of a. */
static inline unsigned si_bit(const si_num *a, unsigned i) {
  return (unsigned)(a->v[i / SI_LIMB_BITS] >> (i % SI_LIMB_BITS)) & 1u;
}

/* Modular operations: inputs and outputs reduced (< m). */
static inline void si_mod_add(si_num *r, const si_num *a, const si_num *b, const si_mod *M) {
  si_num t, u;
  si_limb carry = si_add(&t, a, b);
  si_limb borrow = si_sub(&u, &t, &M->m);
  *r = (carry || !borrow) ? u : t;
}

static inline void si_mod_sub(si_num *r, const si_num *a, const si_num *b, const si_mod *M) {
  si_num t;
  if (si_sub(&t, a, b)) si_add(&t, &t, &M->m);
  *r = t;
}

static inline void si_mod_neg(si_num *r, const si_num *a, const si_mod *M) {
  if (si_is_zero(a)) {
    si_set_small(r, 0);
  } else {
    si_sub(r, &M->m, a);
  }
}

/* r = a * b / R mod m (CIOS Montgomery multiplication).  Needs a < R and b < m; the result is
 * fully reduced.  r may alias a or b. */
static inline void si_mont_mul(si_num *r, const si_num *a, const si_num *b, const si_mod *M) {
  si_limb t[SI_N + 2];
  memset(t, 0, sizeof t);
  for (int i = 0; i < SI_N; i++) {
    si_dlimb c = 0;
    const si_limb ai = a->v[i];
    for (int j = 0; j < SI_N; j++) {
      c += (si_dlimb)ai * b->v[j] + t[j];
      t[j] = (si_limb)c;
      c >>= SI_LIMB_BITS;
    }
    c += t[SI_N];
    t[SI_N] = (si_limb)c;
    t[SI_N + 1] = (si_limb)(c >> SI_LIMB_BITS);
    const si_limb q = t[0] * M->minv;
    c = (si_dlimb)q * M->m.v[0] + t[0];
    c >>= SI_LIMB_BITS;
    for (int j = 1; j < SI_N; j++) {
      c += (si_dlimb)q * M->m.v[j] + t[j];
      t[j - 1] = (si_limb)c;
      c >>= SI_LIMB_BITS;
    }
    c += t[SI_N];
    t[SI_N - 1] = (si_limb)c;
    t[SI_N] = t[SI_N + 1] + (si_limb)(c >> SI_LIMB_BITS);
  }
  si_num lo, d;
  memcpy(lo.v, t, sizeof lo.v);
  si_limb borrow = si_sub(&d, &lo, &M->m);
  *r = (t[SI_N] || !borrow) ? d : lo;
}

static inline void si_mont_sqr(si_num *r, const si_num *a, const si_mod *M) {
  si_mont_mul(r, a, a, M);
}

/* Montgomery form and back.  to_mont accepts any a < 2^256 (the result is reduced mod m). */
static inline void si_to_mont(si_num *r, const si_num *a, const si_mod *M) {
  si_mont_mul(r, a, &M->r2, M);
}

static inline void si_from_mont(si_num *r, const si_num *a, const si_mod *M) {
  si_num one;
  si_set_small(&one, 1);
  si_mont_mul(r, a, &one, M);
}

/* r = a^e in Montgomery form (a in Montgomery form, e a plain number), 4-bit fixed window. */
static inline void si_mont_pow_var(si_num *r, const si_num *a, const si_num *e, const si_mod *M) {
  si_num tab[16], acc;
  tab[0] = M->one;
  tab[1] = *a;
  for (int i = 2; i < 16; i++) si_mont_mul(&tab[i], &tab[i - 1], a, M);
  acc = M->one;
  int started = 0;
  for (int i = 256 / 4 - 1; i >= 0; i--) {
    unsigned nib = (unsigned)(e->v[(4 * i) / SI_LIMB_BITS] >> ((4 * i) % SI_LIMB_BITS)) & 15u;
    if (started) {
      for (int k = 0; k < 4; k++) si_mont_sqr(&acc, &acc, M);
    }
    if (nib) {
      if (started) {
        si_mont_mul(&acc, &acc, &tab[nib], M);
      } else {
        acc = tab[nib];
        started = 1;
      }
    }
  }
  *r = acc;
}

/* r = a^-1 in Montgomery form by Fermat (m prime); a must be nonzero mod m. */
static inline void si_mont_inv_var(si_num *r, const si_num *a, const si_mod *M) {
  si_num e, two;
  si_set_small(&two, 2);
  si_sub(&e, &M->m, &two);
  si_mont_pow_var(r, a, &e, M);
}

/* Width-w NAF of a (a < 2^256): out[0..256] receive digits that are 0 or odd with
 * |digit| < 2^(w-1), a = sum out[i] * 2^i.  Returns the number of digits used (highest nonzero
 * index + 1, 0 for a = 0).  2 <= w <= 8. */
static inline int si_wnaf_var(int8_t out[257], const si_num *a, int w) {
  memset(out, 0, 257);
  int bit = 0, carry = 0, used = 0;
  while (bit < 256) {
    if ((int)si_bit(a, (unsigned)bit) == carry) {
      bit++;
      continue;
    }
    int now = w;
    if (now > 256 - bit) now = 256 - bit;
    int word = carry;
    for (int k = 0; k < now; k++) word += (int)si_bit(a, (unsigned)(bit + k)) << k;
    carry = (word >> (w - 1)) & 1;
    word -= carry << w;
    out[bit] = (int8_t)word;
    used = bit + 1;
    bit += now;
  }
  if (carry) {
    out[256] = 1;
    used = 257;
  }
  return used;
}

/* Incremental SHA-512 (sha512.c). */
typedef struct {
  uint64_t h[8];
  uint64_t total;
  size_t fill;
  uint8_t buf[128];
} tandem_soft__sha512_ctx;

void tandem_soft__sha512_init(tandem_soft__sha512_ctx *c);
void tandem_soft__sha512_update(tandem_soft__sha512_ctx *c, const void *data, size_t len);
void tandem_soft__sha512_final(tandem_soft__sha512_ctx *c, uint8_t out[64]);

#endif /* TANDEM_SOFT_INT_H */
