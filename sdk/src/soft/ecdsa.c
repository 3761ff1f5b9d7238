/* sdk/src/soft/ecdsa.c: ECDSA public-key recovery and verification on secp256k1 and NIST P-256
 * in portable C, written from SEC 1 v2 (sections 4.1.4 and 4.1.6) and FIPS 186-4.  The soft
 * build of a guest runs it inside the VM instead of calling the signature coprocessor, and the
 * native build calls it directly; it must give the same answers as the coprocessor (libsecp256k1
 * for secp256k1, OpenSSL for P-256).  Hand-written so the SDK needs no crypto library.
 *
 * One short-Weierstrass implementation serves both curves (y^2 = x^3 + a x + b with a = 0 or
 * a = -3), on the generic Montgomery arithmetic of soft_int.h.  Points are in Jacobian
 * coordinates; u1 G + u2 Q is computed with one shared doubling chain over both scalars'
 * width-5 NAFs (Shamir's trick), with tables of odd multiples built per call.  The code is
 * variable-time (_var functions): it only ever handles public keys, signatures and hashes.
 * No allocation, no global mutable state, endian-neutral.
 *
 * Semantics (all integers big-endian; sig = r || s, pub = x || y without the 0x04 prefix):
 *  - r and s must be in [1, n-1]; high s is accepted (libsecp256k1 callers normalize it).
 *  - e = hash mod n.
 *  - verify: pub's coordinates must be below p and on the curve; valid iff
 *    R = (e/s) G + (r/s) Q is not infinity and R.x mod n == r.
 *  - recover (secp256k1): recid bit 0 is R.y's parity, bit 1 says R.x = r + n (which must be
 *    below p); R.x must be on the curve; Q = (s R - e G) / r must not be infinity.
 * Returns 0, -TANDEM_EBADMSG on any failure, -TANDEM_EINVAL for recid outside 0..3. */
#include <string.h>

#include "soft_int.h"
#include "tandem/guest.h"

typedef struct {
  si_mod p, n;
  si_num b;      /* the curve's b, Montgomery form mod p */
  int a_minus3;  /* 1: a = -3 (P-256), 0: a = 0 (secp256k1) */
  si_num gx, gy; /* the generator, Montgomery form mod p */
} ec_curve;

static const ec_curve secp256k1_curve = {
    {{{SI_W(0xfffffffe, 0xfffffc2f), SI_W(0xffffffff, 0xffffffff), SI_W(0xffffffff, 0xffffffff),
       SI_W(0xffffffff, 0xffffffff)}},
     SI_MINV(0xd838091d, 0xd2253531),
     {{SI_W(0x000007a2, 0x000e90a1), SI_W(0x00000000, 0x00000001), SI_W(0x00000000, 0x00000000),
       SI_W(0x00000000, 0x00000000)}},
     {{SI_W(0x00000001, 0x000003d1), SI_W(0x00000000, 0x00000000), SI_W(0x00000000, 0x00000000),
       SI_W(0x00000000, 0x00000000)}}},
    {{{SI_W(0xbfd25e8c, 0xd0364141), SI_W(0xbaaedce6, 0xaf48a03b), SI_W(0xffffffff, 0xfffffffe),
       SI_W(0xffffffff, 0xffffffff)}},
     SI_MINV(0x4b0dff66, 0x5588b13f),
     {{SI_W(0x896cf214, 0x67d7d140), SI_W(0x741496c2, 0x0e7cf878), SI_W(0xe697f5e4, 0x5bcd07c6),
       SI_W(0x9d671cd5, 0x81c69bc5)}},
     {{SI_W(0x402da173, 0x2fc9bebf), SI_W(0x45512319, 0x50b75fc4), SI_W(0x00000000, 0x00000001),
       SI_W(0x00000000, 0x00000000)}}},
    {{SI_W(0x00000007, 0x00001ab7), SI_W(0x00000000, 0x00000000), SI_W(0x00000000, 0x00000000),
      SI_W(0x00000000, 0x00000000)}},
    0,
    {{SI_W(0xd7362e5a, 0x487e2097), SI_W(0x231e2953, 0x29bc66db), SI_W(0x979f48c0, 0x33fd129c),
      SI_W(0x9981e643, 0xe9089f48)}},
    {{SI_W(0xb15ea6d2, 0xd3dbabe2), SI_W(0x8dfc5d5d, 0x1f1dc64d), SI_W(0x70b6b59a, 0xac19c136),
      SI_W(0xcf3f851f, 0xd4a582d6)}},
};

static const ec_curve p256_curve = {
    {{{SI_W(0xffffffff, 0xffffffff), SI_W(0x00000000, 0xffffffff), SI_W(0x00000000, 0x00000000),
       SI_W(0xffffffff, 0x00000001)}},
     SI_MINV(0x00000000, 0x00000001),
     {{SI_W(0x00000000, 0x00000003), SI_W(0xfffffffb, 0xffffffff), SI_W(0xffffffff, 0xfffffffe),
       SI_W(0x00000004, 0xfffffffd)}},
     {{SI_W(0x00000000, 0x00000001), SI_W(0xffffffff, 0x00000000), SI_W(0xffffffff, 0xffffffff),
       SI_W(0x00000000, 0xfffffffe)}}},
    {{{SI_W(0xf3b9cac2, 0xfc632551), SI_W(0xbce6faad, 0xa7179e84), SI_W(0xffffffff, 0xffffffff),
       SI_W(0xffffffff, 0x00000000)}},
     SI_MINV(0xccd1c8aa, 0xee00bc4f),
     {{SI_W(0x83244c95, 0xbe79eea2), SI_W(0x4699799c, 0x49bd6fa6), SI_W(0x2845b239, 0x2b6bec59),
       SI_W(0x66e12d94, 0xf3d95620)}},
     {{SI_W(0x0c46353d, 0x039cdaaf), SI_W(0x43190552, 0x58e8617b), SI_W(0x00000000, 0x00000000),
       SI_W(0x00000000, 0xffffffff)}}},
    {{SI_W(0xd89cdf62, 0x29c4bddf), SI_W(0xacf005cd, 0x78843090), SI_W(0xe5a220ab, 0xf7212ed6),
      SI_W(0xdc30061d, 0x04874834)}},
    1,
    {{SI_W(0x79e730d4, 0x18a9143c), SI_W(0x75ba95fc, 0x5fedb601), SI_W(0x79fb732b, 0x77622510),
      SI_W(0x18905f76, 0xa53755c6)}},
    {{SI_W(0xddf25357, 0xce95560a), SI_W(0x8b4ab8e4, 0xba19e45c), SI_W(0xd2e88688, 0xdd21f325),
      SI_W(0x8571ff18, 0x25885d85)}},
};

/* A point in Jacobian coordinates (x = X/Z^2, y = Y/Z^3), Montgomery form; Z = 0 is infinity. */
typedef struct {
  si_num x, y, z;
} ec_jac;

#define EC_WINDOW 5
#define EC_TABLE (1 << (EC_WINDOW - 2)) /* odd multiples 1P, 3P, ..., 15P */

static void ec_double_var(ec_jac *r, const ec_jac *a, const ec_curve *c) {
  const si_mod *p = &c->p;
  si_num t1, t2, t3, t4, t5;
  if (si_is_zero(&a->z)) {
    *r = *a;
    return;
  }
  if (c->a_minus3) {
    /* delta = Z^2, gamma = Y^2, beta = X gamma, alpha = 3 (X - delta)(X + delta) */
    si_mont_sqr(&t1, &a->z, p);                 /* delta */
    si_mont_sqr(&t2, &a->y, p);                 /* gamma */
    si_mont_mul(&t3, &a->x, &t2, p);            /* beta */
    si_mod_sub(&t4, &a->x, &t1, p);
    si_mod_add(&t5, &a->x, &t1, p);
    si_mont_mul(&t4, &t4, &t5, p);
    si_mod_add(&t5, &t4, &t4, p);
    si_mod_add(&t4, &t5, &t4, p);               /* alpha */
    si_mod_add(&t5, &a->y, &a->z, p);
    si_mont_sqr(&t5, &t5, p);
    si_mod_sub(&t5, &t5, &t2, p);
    si_mod_sub(&r->z, &t5, &t1, p);             /* Z3 = (Y + Z)^2 - gamma - delta */
    si_mod_add(&t3, &t3, &t3, p);
    si_mod_add(&t3, &t3, &t3, p);               /* 4 beta */
    si_mont_sqr(&t1, &t4, p);
    si_mod_sub(&t1, &t1, &t3, p);
    si_mod_sub(&r->x, &t1, &t3, p);             /* X3 = alpha^2 - 8 beta */
    si_mod_sub(&t3, &t3, &r->x, p);
    si_mont_mul(&t3, &t3, &t4, p);
    si_mont_sqr(&t2, &t2, p);
    si_mod_add(&t2, &t2, &t2, p);
    si_mod_add(&t2, &t2, &t2, p);
    si_mod_add(&t2, &t2, &t2, p);               /* 8 gamma^2 */
    si_mod_sub(&r->y, &t3, &t2, p);             /* Y3 = alpha (4 beta - X3) - 8 gamma^2 */
  } else {
    /* A = X^2, B = Y^2, C = B^2, D = 2((X + B)^2 - A - C), E = 3A, F = E^2 */
    si_num a2, b2, cc, d, e;
    si_mont_sqr(&a2, &a->x, p);
    si_mont_sqr(&b2, &a->y, p);
    si_mont_sqr(&cc, &b2, p);
    si_mod_add(&t1, &a->x, &b2, p);
    si_mont_sqr(&t1, &t1, p);
    si_mod_sub(&t1, &t1, &a2, p);
    si_mod_sub(&t1, &t1, &cc, p);
    si_mod_add(&d, &t1, &t1, p);
    si_mod_add(&e, &a2, &a2, p);
    si_mod_add(&e, &e, &a2, p);
    si_mont_mul(&t2, &a->y, &a->z, p);
    si_mod_add(&r->z, &t2, &t2, p);             /* Z3 = 2 Y Z */
    si_mont_sqr(&t1, &e, p);
    si_mod_sub(&t1, &t1, &d, p);
    si_mod_sub(&r->x, &t1, &d, p);              /* X3 = F - 2D */
    si_mod_sub(&t1, &d, &r->x, p);
    si_mont_mul(&t1, &t1, &e, p);
    si_mod_add(&cc, &cc, &cc, p);
    si_mod_add(&cc, &cc, &cc, p);
    si_mod_add(&cc, &cc, &cc, p);
    si_mod_sub(&r->y, &t1, &cc, p);             /* Y3 = E (D - X3) - 8C */
  }
}

/* r = a + b for any a, b (doubles when they are equal, infinity when opposite). */
static void ec_add_var(ec_jac *r, const ec_jac *a, const ec_jac *b, const ec_curve *c) {
  const si_mod *p = &c->p;
  if (si_is_zero(&a->z)) {
    *r = *b;
    return;
  }
  if (si_is_zero(&b->z)) {
    *r = *a;
    return;
  }
  si_num z1z1, z2z2, u1, u2, s1, s2, h, rr, hh, hhh, v, t;
  si_mont_sqr(&z1z1, &a->z, p);
  si_mont_sqr(&z2z2, &b->z, p);
  si_mont_mul(&u1, &a->x, &z2z2, p);
  si_mont_mul(&u2, &b->x, &z1z1, p);
  si_mont_mul(&s1, &a->y, &b->z, p);
  si_mont_mul(&s1, &s1, &z2z2, p);
  si_mont_mul(&s2, &b->y, &a->z, p);
  si_mont_mul(&s2, &s2, &z1z1, p);
  si_mod_sub(&h, &u2, &u1, p);
  si_mod_sub(&rr, &s2, &s1, p);
  if (si_is_zero(&h)) {
    if (si_is_zero(&rr)) {
      ec_double_var(r, a, c);
    } else {
      memset(r, 0, sizeof *r);
    }
    return;
  }
  si_mont_sqr(&hh, &h, p);
  si_mont_mul(&hhh, &hh, &h, p);
  si_mont_mul(&v, &u1, &hh, p);
  si_num z3;
  si_mont_mul(&z3, &a->z, &b->z, p);
  si_mont_mul(&r->z, &z3, &h, p);             /* Z3 = Z1 Z2 H */
  si_mont_sqr(&t, &rr, p);
  si_mod_sub(&t, &t, &hhh, p);
  si_mod_sub(&t, &t, &v, p);
  si_mod_sub(&t, &t, &v, p);                  /* X3 = R^2 - H^3 - 2 U1 H^2 */
  si_mod_sub(&v, &v, &t, p);
  si_mont_mul(&v, &v, &rr, p);
  si_mont_mul(&s1, &s1, &hhh, p);
  si_mod_sub(&r->y, &v, &s1, p);              /* Y3 = R (U1 H^2 - X3) - S1 H^3 */
  r->x = t;
}

static void ec_table_var(ec_jac tab[EC_TABLE], const ec_jac *a, const ec_curve *c) {
  ec_jac twice;
  tab[0] = *a;
  ec_double_var(&twice, a, c);
  for (int i = 1; i < EC_TABLE; i++) ec_add_var(&tab[i], &tab[i - 1], &twice, c);
}

static void ec_add_digit_var(ec_jac *acc, const ec_jac tab[EC_TABLE], int digit,
                             const ec_curve *c) {
  if (digit > 0) {
    ec_add_var(acc, acc, &tab[digit / 2], c);
  } else {
    ec_jac neg = tab[(-digit) / 2];
    si_mod_neg(&neg.y, &neg.y, &c->p);
    ec_add_var(acc, acc, &neg, c);
  }
}

/* r = u1 G + u2 Q (u1, u2 plain numbers, any value below 2^256). */
static void ec_mul2_var(ec_jac *r, const si_num *u1, const si_num *u2, const ec_jac *q,
                        const ec_curve *c) {
  int8_t w1[257], w2[257];
  ec_jac tg[EC_TABLE], tq[EC_TABLE], g;
  int n1 = si_wnaf_var(w1, u1, EC_WINDOW), n2 = si_wnaf_var(w2, u2, EC_WINDOW);
  int top = n1 > n2 ? n1 : n2;
  g.x = c->gx, g.y = c->gy, g.z = c->p.one;
  if (n1) ec_table_var(tg, &g, c);
  if (n2) ec_table_var(tq, q, c);
  memset(r, 0, sizeof *r);
  for (int i = top - 1; i >= 0; i--) {
    ec_double_var(r, r, c);
    if (w1[i]) ec_add_digit_var(r, tg, w1[i], c);
    if (w2[i]) ec_add_digit_var(r, tq, w2[i], c);
  }
}

/* Affine x and y (Montgomery form) of a finite point. */
static void ec_affine_var(si_num *x, si_num *y, const ec_jac *a, const ec_curve *c) {
  si_num zi, zi2;
  si_mont_inv_var(&zi, &a->z, &c->p);
  si_mont_sqr(&zi2, &zi, &c->p);
  si_mont_mul(x, &a->x, &zi2, &c->p);
  si_mont_mul(&zi2, &zi2, &zi, &c->p);
  si_mont_mul(y, &a->y, &zi2, &c->p);
}

/* x^3 + a x + b for x in Montgomery form. */
static void ec_rhs(si_num *r, const si_num *x, const ec_curve *c) {
  si_num t;
  si_mont_sqr(&t, x, &c->p);
  si_mont_mul(&t, &t, x, &c->p);
  if (c->a_minus3) {
    si_num x3;
    si_mod_add(&x3, x, x, &c->p);
    si_mod_add(&x3, &x3, x, &c->p);
    si_mod_sub(&t, &t, &x3, &c->p);
  }
  si_mod_add(r, &t, &c->b, &c->p);
}

/* Parses a scalar in [1, n-1]; returns 0 when out of range. */
static int ec_scalar_var(si_num *r, const uint8_t b[32], const ec_curve *c) {
  si_from_be(r, b);
  return !si_is_zero(r) && si_cmp_var(r, &c->n.m) < 0;
}

/* hash mod n (n > 2^255 for both curves, so one subtraction suffices). */
static void ec_hash_scalar(si_num *e, const uint8_t hash[32], const ec_curve *c) {
  si_from_be(e, hash);
  if (si_cmp_var(e, &c->n.m) >= 0) si_sub(e, e, &c->n.m);
}

static int ec_verify_var(const uint8_t hash[32], const uint8_t sig[64], const uint8_t pub[64],
                         const ec_curve *c) {
  si_num r, s, e, qx, qy, lhs, rhs;
  if (!ec_scalar_var(&r, sig, c) || !ec_scalar_var(&s, sig + 32, c)) return -TANDEM_EBADMSG;
  si_from_be(&qx, pub);
  si_from_be(&qy, pub + 32);
  if (si_cmp_var(&qx, &c->p.m) >= 0 || si_cmp_var(&qy, &c->p.m) >= 0) return -TANDEM_EBADMSG;
  si_to_mont(&qx, &qx, &c->p);
  si_to_mont(&qy, &qy, &c->p);
  si_mont_sqr(&lhs, &qy, &c->p);
  ec_rhs(&rhs, &qx, c);
  if (!si_eq(&lhs, &rhs)) return -TANDEM_EBADMSG;
  ec_hash_scalar(&e, hash, c);
  /* w = s^-1 (Montgomery form mod n); u1 = e w and u2 = r w come out as plain numbers. */
  si_num w, u1, u2;
  si_to_mont(&w, &s, &c->n);
  si_mont_inv_var(&w, &w, &c->n);
  si_mont_mul(&u1, &e, &w, &c->n);
  si_mont_mul(&u2, &r, &w, &c->n);
  ec_jac q, pt;
  q.x = qx, q.y = qy, q.z = c->p.one;
  ec_mul2_var(&pt, &u1, &u2, &q, c);
  if (si_is_zero(&pt.z)) return -TANDEM_EBADMSG;
  /* R.x mod n == r, without an inversion: R.x = X / Z^2 is below p < 2n, so it is r or r + n
   * (the latter only when r + n < p); compare X with r Z^2 and (r + n) Z^2. */
  si_num zz, rm, t;
  si_mont_sqr(&zz, &pt.z, &c->p);
  si_to_mont(&rm, &r, &c->p);
  si_mont_mul(&t, &rm, &zz, &c->p);
  if (si_eq(&t, &pt.x)) return 0;
  if (si_add(&rm, &r, &c->n.m) || si_cmp_var(&rm, &c->p.m) >= 0) return -TANDEM_EBADMSG;
  si_to_mont(&rm, &rm, &c->p);
  si_mont_mul(&t, &rm, &zz, &c->p);
  return si_eq(&t, &pt.x) ? 0 : -TANDEM_EBADMSG;
}

int tandem_soft_secp256k1_verify(const uint8_t hash[32], const uint8_t sig[64],
                                 const uint8_t pub[64]) {
  return ec_verify_var(hash, sig, pub, &secp256k1_curve);
}

int tandem_soft_p256_verify(const uint8_t hash[32], const uint8_t sig[64], const uint8_t pub[64]) {
  return ec_verify_var(hash, sig, pub, &p256_curve);
}

int tandem_soft_secp256k1_recover(const uint8_t hash[32], const uint8_t sig[64], int recid,
                                  uint8_t pub[64]) {
  const ec_curve *c = &secp256k1_curve;
  if (recid < 0 || recid > 3) return -TANDEM_EINVAL;
  si_num r, s, e, x, y, y2;
  if (!ec_scalar_var(&r, sig, c) || !ec_scalar_var(&s, sig + 32, c)) return -TANDEM_EBADMSG;
  x = r;
  if (recid & 2) {
    if (si_add(&x, &x, &c->n.m) || si_cmp_var(&x, &c->p.m) >= 0) return -TANDEM_EBADMSG;
  }
  /* y = sqrt(x^3 + 7) = (x^3 + 7)^((p + 1) / 4), as p = 3 mod 4. */
  si_to_mont(&x, &x, &c->p);
  ec_rhs(&y2, &x, c);
  si_num exp, one;
  si_set_small(&one, 1);
  si_add(&exp, &c->p.m, &one);
  for (int i = 0; i < SI_N; i++) {
    exp.v[i] = (exp.v[i] >> 2) | (i + 1 < SI_N ? exp.v[i + 1] << (SI_LIMB_BITS - 2) : 0);
  }
  si_mont_pow_var(&y, &y2, &exp, &c->p);
  si_num check;
  si_mont_sqr(&check, &y, &c->p);
  if (!si_eq(&check, &y2)) return -TANDEM_EBADMSG;
  si_num yplain;
  si_from_mont(&yplain, &y, &c->p);
  if ((int)(yplain.v[0] & 1) != (recid & 1)) si_mod_neg(&y, &y, &c->p);
  ec_hash_scalar(&e, hash, c);
  /* w = r^-1 mod n; Q = (-e w) G + (s w) R. */
  si_num w, u1, u2;
  si_to_mont(&w, &r, &c->n);
  si_mont_inv_var(&w, &w, &c->n);
  si_mont_mul(&u1, &e, &w, &c->n);
  si_mod_neg(&u1, &u1, &c->n);
  si_mont_mul(&u2, &s, &w, &c->n);
  ec_jac rp, q;
  rp.x = x, rp.y = y, rp.z = c->p.one;
  ec_mul2_var(&q, &u1, &u2, &rp, c);
  if (si_is_zero(&q.z)) return -TANDEM_EBADMSG;
  si_num qx, qy;
  ec_affine_var(&qx, &qy, &q, c);
  si_from_mont(&qx, &qx, &c->p);
  si_from_mont(&qy, &qy, &c->p);
  si_to_be(pub, &qx);
  si_to_be(pub + 32, &qy);
  return 0;
}
