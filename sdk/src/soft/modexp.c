/* sdk/src/soft/modexp.c: base^exp mod m for numbers of any length, in portable C, with EIP-198's
 * conventions (a zero modulus gives zero; 0^0 = 1).  Hand-written for the SDK: the "soft" build of
 * a guest runs it inside the VM instead of calling the big-integer coprocessor, and the native
 * build calls it directly, so it must not depend on a bignum library.
 *
 * Numbers are little-endian arrays of limbs: 64-bit limbs with unsigned __int128 products where
 * the compiler has them (rv64, x86-64), else 32-bit limbs with uint64_t products (rv32);
 * -DTANDEM_SOFT_NO_INT128 forces the 32-bit path so it can be tested on a 64-bit host.  No
 * double-limb division is used (rv64 would need a libgcc helper for it): quotient digits come
 * from a two-by-one division built on single-limb divides.
 *
 * An odd modulus uses Montgomery arithmetic (product, or a dedicated square, then word-by-word
 * reduction); an even one uses the same products reduced by long division (Knuth, TAOCP vol. 2,
 * 4.3.1, algorithm D).  The exponent is scanned left to right in fixed windows of 1, 4 or 5 bits
 * depending on its length.  Variable-time: the inputs are public.  One allocation per call, freed
 * before returning; no global mutable state. */
#include <stdlib.h>
#include <string.h>

#include "tandem/guest.h"

#if defined(__SIZEOF_INT128__) && !defined(TANDEM_SOFT_NO_INT128)
typedef uint64_t limb;
__extension__ typedef unsigned __int128 dlimb;
#define LIMB_BITS 64
#else
typedef uint32_t limb;
typedef uint64_t dlimb;
#define LIMB_BITS 32
#endif
#define LIMB_BYTES (LIMB_BITS / 8)
#define HALF_BITS (LIMB_BITS / 2)
#define LIMB_MAX ((limb)~(limb)0)

/* The modulus and the scratch space shared by every modular product of one call. */
typedef struct {
  size_t n;        /* limbs in m; m[n-1] != 0 */
  const limb *m;   /* the modulus */
  const limb *mn;  /* m shifted left so its top bit is set (long division only) */
  unsigned shift;  /* that shift, 0..LIMB_BITS-1 */
  int mont;        /* 1: Montgomery (m odd); 0: long division */
  limb minv;       /* -m^-1 mod 2^LIMB_BITS (Montgomery only) */
  limb *t;         /* 2n + 2 limbs of scratch */
} mctx;

/* Reads the big-endian bytes b[0..len) into r[0..n), zero-extended; len <= n * LIMB_BYTES. */
static void from_be(limb *r, size_t n, const uint8_t *b, size_t len) {
  memset(r, 0, n * sizeof(limb));
  for (size_t k = 0; k < len; k++) r[k / LIMB_BYTES] |= (limb)b[len - 1 - k] << (8 * (k % LIMB_BYTES));
}

/* (hi:lo) / d for d with its top bit set and hi < d; the quotient fits one limb.  Returns it and
 * stores the remainder in *rem.  Works in half limbs so every divide is a single-limb one. */
static limb div_2by1(limb hi, limb lo, limb d, limb *rem) {
  const limb b = (limb)1 << HALF_BITS, lowmask = b - 1;
  const limb d1 = d >> HALF_BITS, d0 = d & lowmask;
  const limb l1 = lo >> HALF_BITS, l0 = lo & lowmask;
  /* First half digit: (hi:l1) / d; the estimate hi / d1 is at most two too large. */
  limb q1 = hi / d1, r = hi - q1 * d1;
  while (q1 >= b || q1 * d0 > ((r << HALF_BITS) | l1)) {
    q1--;
    r += d1;
    if (r >= b) break;
  }
  const limb mid = (hi << HALF_BITS) + l1 - q1 * d; /* < d, exact modulo 2^LIMB_BITS */
  limb q0 = mid / d1;
  r = mid - q0 * d1;
  while (q0 >= b || q0 * d0 > ((r << HALF_BITS) | l0)) {
    q0--;
    r += d1;
    if (r >= b) break;
  }
  *rem = (mid << HALF_BITS) + l0 - q0 * d;
  return (q1 << HALF_BITS) | q0;
}

/* u := u mod m by long division, for u of un >= n limbs stored in un + 1 limbs (u[un] is scratch).
 * The remainder is left in u[0..n); u[n..un] become zero. */
static void mod_long(limb *u, size_t un, const mctx *c) {
  const size_t n = c->n;
  const limb *v = c->mn;
  const unsigned s = c->shift;
  /* Normalize: shift the dividend by the divisor's shift, into un + 1 limbs. */
  if (s) {
    u[un] = u[un - 1] >> (LIMB_BITS - s);
    for (size_t i = un - 1; i > 0; i--) u[i] = (u[i] << s) | (u[i - 1] >> (LIMB_BITS - s));
    u[0] <<= s;
  } else {
    u[un] = 0;
  }
  const limb vtop = v[n - 1], vnext = n >= 2 ? v[n - 2] : 0;
  for (size_t j = un - n + 1; j-- > 0;) {
    limb *uj = u + j;
    limb qhat, rhat;
    int refine = 1;
    if (uj[n] >= vtop) { /* == vtop: the digit is at most LIMB_MAX */
      qhat = LIMB_MAX;
      rhat = uj[n - 1] + vtop;
      refine = rhat >= vtop; /* rhat did not wrap past 2^LIMB_BITS */
    } else {
      qhat = div_2by1(uj[n], uj[n - 1], vtop, &rhat);
    }
    if (n >= 2) {
      while (refine && (dlimb)qhat * vnext > (((dlimb)rhat << LIMB_BITS) | uj[n - 2])) {
        qhat--;
        limb old = rhat;
        rhat += vtop;
        refine = rhat >= old;
      }
    }
    if (qhat == 0) continue;
    /* uj[0..n] -= qhat * v */
    limb mulc = 0, borrow = 0;
    for (size_t i = 0; i < n; i++) {
      dlimb p = (dlimb)qhat * v[i] + mulc;
      mulc = (limb)(p >> LIMB_BITS);
      limb pl = (limb)p, x = uj[i];
      limb y = x - pl;
      limb b1 = x < pl;
      uj[i] = y - borrow;
      borrow = b1 | (y < borrow);
    }
    limb top = uj[n], y = top - mulc;
    const limb negative = (top < mulc) | (y < borrow);
    uj[n] = y - borrow;
    if (negative) { /* qhat was one too large: add v back */
      limb carry = 0;
      for (size_t i = 0; i < n; i++) {
        dlimb sum = (dlimb)uj[i] + v[i] + carry;
        uj[i] = (limb)sum;
        carry = (limb)(sum >> LIMB_BITS);
      }
      uj[n] += carry;
    }
  }
  if (s) {
    for (size_t i = 0; i + 1 < n; i++) u[i] = (u[i] >> s) | (u[i + 1] << (LIMB_BITS - s));
    u[n - 1] >>= s;
  }
}

/* t[0..2n) = a * b. */
static void mul_full(limb *t, const limb *a, const limb *b, size_t n) {
  memset(t, 0, n * sizeof(limb));
  for (size_t i = 0; i < n; i++) {
    const limb ai = a[i];
    limb carry = 0;
    if (ai) {
      limb *ti = t + i;
      for (size_t j = 0; j < n; j++) {
        dlimb p = (dlimb)ai * b[j] + ti[j] + carry;
        ti[j] = (limb)p;
        carry = (limb)(p >> LIMB_BITS);
      }
    }
    t[i + n] = carry;
  }
}

/* t[0..2n) = a * a: each cross product once, doubled, plus the squares of the limbs. */
static void sqr_full(limb *t, const limb *a, size_t n) {
  t[0] = 0;
  t[2 * n - 1] = 0;
  for (size_t i = 0; i + 1 < n; i++) t[i + 1] = 0;
  for (size_t i = 0; i + 1 < n; i++) {
    const limb ai = a[i];
    limb carry = 0;
    if (ai) {
      limb *ti = t + i;
      for (size_t j = i + 1; j < n; j++) {
        dlimb p = (dlimb)ai * a[j] + ti[j] + carry;
        ti[j] = (limb)p;
        carry = (limb)(p >> LIMB_BITS);
      }
    }
    t[i + n] = carry;
  }
  limb hibit = 0;
  for (size_t i = 0; i < 2 * n; i++) {
    limb x = t[i];
    t[i] = (x << 1) | hibit;
    hibit = x >> (LIMB_BITS - 1);
  }
  limb carry = 0;
  for (size_t i = 0; i < n; i++) {
    dlimb p = (dlimb)a[i] * a[i];
    dlimb lo = (dlimb)t[2 * i] + (limb)p + carry;
    t[2 * i] = (limb)lo;
    dlimb hi = (dlimb)t[2 * i + 1] + (limb)(p >> LIMB_BITS) + (limb)(lo >> LIMB_BITS);
    t[2 * i + 1] = (limb)hi;
    carry = (limb)(hi >> LIMB_BITS);
  }
}

/* r = t / R mod m (Montgomery reduction of t[0..2n), t < m * R); r may alias nothing in t. */
static void redc(limb *r, limb *t, const mctx *c) {
  const size_t n = c->n;
  const limb *m = c->m;
  limb extra = 0; /* the carry above t[i + n] */
  for (size_t i = 0; i < n; i++) {
    const limb q = t[i] * c->minv;
    limb *ti = t + i, carry = 0;
    for (size_t j = 0; j < n; j++) {
      dlimb p = (dlimb)q * m[j] + ti[j] + carry;
      ti[j] = (limb)p;
      carry = (limb)(p >> LIMB_BITS);
    }
    dlimb s = (dlimb)ti[n] + carry + extra;
    ti[n] = (limb)s;
    extra = (limb)(s >> LIMB_BITS);
  }
  /* The value extra:t[n..2n) is below 2m; subtract m once if it is not below m. */
  const limb *h = t + n;
  int ge = extra != 0;
  if (!ge) {
    ge = 1; /* equal counts as not below */
    for (size_t i = n; i-- > 0;) {
      if (h[i] != m[i]) {
        ge = h[i] > m[i];
        break;
      }
    }
  }
  if (ge) {
    limb borrow = 0;
    for (size_t i = 0; i < n; i++) {
      limb x = h[i], y = x - m[i];
      limb b1 = x < m[i];
      r[i] = y - borrow;
      borrow = b1 | (y < borrow);
    }
  } else {
    memcpy(r, h, n * sizeof(limb));
  }
}

/* r = a * b mod m (times R^-1 in Montgomery form); r may alias a or b. */
static void mod_mul(const mctx *c, limb *r, const limb *a, const limb *b) {
  if (a == b)
    sqr_full(c->t, a, c->n);
  else
    mul_full(c->t, a, b, c->n);
  if (c->mont) {
    redc(r, c->t, c);
  } else {
    mod_long(c->t, 2 * c->n, c);
    memcpy(r, c->t, c->n * sizeof(limb));
  }
}

/* Bits [k, k + w) of the big-endian exponent e[0..elen) (bit 0 least significant), as a number. */
static unsigned exp_bits(const uint8_t *e, size_t elen, size_t k, unsigned w) {
  unsigned v = 0;
  for (unsigned i = w; i-- > 0;) {
    size_t bit = k + i;
    v = v << 1 | ((e[elen - 1 - bit / 8] >> (bit % 8)) & 1u);
  }
  return v;
}

int tandem_soft_modexp(const uint8_t *base, size_t blen, const uint8_t *exp, size_t elen,
                       const uint8_t *mod, size_t mlen, uint8_t *out) {
  /* Drop leading zero bytes; lengths from here on are significant lengths. */
  size_t moff = 0;
  while (moff < mlen && mod[moff] == 0) moff++;
  const size_t msig = mlen - moff;
  if (msig == 0) { /* modulus zero: result zero */
    if (mlen) memset(out, 0, mlen);
    return 0;
  }
  const uint8_t *mb = mod + moff;
  while (blen && *base == 0) base++, blen--;
  while (elen && *exp == 0) exp++, elen--;
  if (elen == 0) { /* x^0 = 1, which is 0 modulo 1 */
    const int one = !(msig == 1 && mb[0] == 1);
    memset(out, 0, mlen);
    out[mlen - 1] = (uint8_t)one;
    return 0;
  }
  if (blen == 0) { /* 0^e = 0 for e > 0 */
    memset(out, 0, mlen);
    return 0;
  }

  const size_t n = (msig + LIMB_BYTES - 1) / LIMB_BYTES;
  const size_t bn = (blen + LIMB_BYTES - 1) / LIMB_BYTES;
  /* Exponent length in bits and the window width. */
  unsigned topbits = 8;
  while (!((exp[0] >> (topbits - 1)) & 1u)) topbits--;
  const size_t ebits = (elen - 1) * 8 + topbits;
  const unsigned w = ebits <= 64 ? 1 : ebits <= 640 ? 4 : 5;
  const size_t tabn = (size_t)1 << w;
  /* Scratch for reducing the base or computing R^2 mod m: the larger of bn and 2n + 1 limbs,
   * plus one. */
  const size_t un = bn > 2 * n + 1 ? bn : 2 * n + 1;
  const size_t total = n /* m */ + n /* mn */ + (2 * n + 2) /* t */ + n /* acc */ + n /* b */ +
                       tabn * n + (un + 1);
  limb *mem = (limb *)malloc(total * sizeof(limb));
  if (!mem) return -TANDEM_EBADMSG;
  limb *m = mem, *mn = m + n, *t = mn + n, *acc = t + 2 * n + 2, *b = acc + n, *tab = b + n;
  limb *u = tab + tabn * n;

  from_be(m, n, mb, msig);
  mctx c;
  c.n = n;
  c.m = m;
  c.mn = mn;
  c.t = t;
  c.mont = (int)(m[0] & 1);
  c.shift = 0;
  {
    limb top = m[n - 1];
    while (!(top >> (LIMB_BITS - 1))) top <<= 1, c.shift++;
    const unsigned s = c.shift;
    for (size_t i = n; i-- > 0;) mn[i] = (m[i] << s) | (s && i ? m[i - 1] >> (LIMB_BITS - s) : 0);
  }
  c.minv = 0;
  if (c.mont) { /* Newton's iteration: each step doubles the correct low bits (3 to start) */
    limb inv = m[0];
    for (int i = 0; i < 5; i++) inv *= 2 - m[0] * inv;
    c.minv = (limb)0 - inv;
  }

  /* b = base mod m */
  if (bn < n) {
    from_be(b, n, base, blen);
  } else {
    from_be(u, bn, base, blen);
    mod_long(u, bn, &c);
    memcpy(b, u, n * sizeof(limb));
  }

  limb *one = tab; /* table entry 0: 1 in the working form */
  if (c.mont) {
    /* R^2 mod m, then to Montgomery form: b * R^2 / R = b R. */
    memset(u, 0, (2 * n + 1) * sizeof(limb));
    u[2 * n] = 1;
    mod_long(u, 2 * n + 1, &c);
    mod_mul(&c, tab + n, b, u);
    /* R mod m = R^2 / R */
    memcpy(t, u, n * sizeof(limb));
    memset(t + n, 0, n * sizeof(limb));
    redc(one, t, &c);
  } else {
    memcpy(tab + n, b, n * sizeof(limb));
    memset(one, 0, n * sizeof(limb));
    one[0] = 1; /* m is even, so m >= 2 */
  }
  for (size_t i = 2; i < tabn; i++) mod_mul(&c, tab + i * n, tab + (i - 1) * n, tab + n);

  /* Left to right: the top window (ebits mod w bits, or w) seeds the accumulator. */
  size_t k = ebits % w ? ebits - ebits % w : ebits - w;
  memcpy(acc, tab + exp_bits(exp, elen, k, (unsigned)(ebits - k)) * n, n * sizeof(limb));
  while (k > 0) {
    k -= w;
    for (unsigned i = 0; i < w; i++) mod_mul(&c, acc, acc, acc);
    unsigned v = exp_bits(exp, elen, k, w);
    if (v) mod_mul(&c, acc, acc, tab + v * n);
  }

  if (c.mont) { /* out of Montgomery form: acc / R */
    memcpy(t, acc, n * sizeof(limb));
    memset(t + n, 0, n * sizeof(limb));
    redc(acc, t, &c);
  }
  memset(out, 0, mlen);
  for (size_t i = 0; i < msig; i++) out[mlen - 1 - i] = (uint8_t)(acc[i / LIMB_BYTES] >> (8 * (i % LIMB_BYTES)));
  free(mem);
  return 0;
}
