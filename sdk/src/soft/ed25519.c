/* sdk/src/soft/ed25519.c: Ed25519 signature verification (RFC 8032, section 5.1.7) in portable
 * C.  The soft build of a guest runs it inside the VM instead of calling the signature
 * coprocessor, and the native build calls it directly; it must accept exactly the signatures
 * OpenSSL 3 accepts (EVP_PKEY_ED25519, EVP_DigestVerify), so it follows OpenSSL's rules rather
 * than RFC 8032's strictest reading.  Hand-written so the SDK needs no crypto library.
 *
 * The rules (checked against OpenSSL 3.0 by tests/coproc/soft_sig_test.cpp on crafted inputs):
 *  - S (the signature's second half, little-endian) must be below the group order L.
 *  - A (pub) is decoded leniently: bit 255 is x's sign, the other 255 bits are y and may be a
 *    non-canonical value p <= y < 2^255 (taken mod p).  A is rejected only when no x satisfies
 *    the curve equation.  x = 0 with the sign bit set is accepted (as x = 0).  Small-order and
 *    mixed-order A are accepted.
 *  - R (the signature's first half) is never decoded: [S]B - [k]A is computed, encoded
 *    canonically, and compared byte for byte with R.  So a non-canonical R (y >= p, or x = 0
 *    with the sign bit set) never verifies, and a small-order R can verify.
 *  - k = SHA-512(R || A || M) mod L, over the bytes of R and A as given (not re-encoded).
 *  - The equation is cofactorless: [S]B = R + [k]A exactly, not [8][S]B = [8]R + [8][k]A.
 *
 * Field arithmetic mod 2^255 - 19 and scalar arithmetic mod L use the generic Montgomery code of
 * soft_int.h.  Points are in extended twisted Edwards coordinates (X:Y:Z:T), x = X/Z, y = Y/Z,
 * xy = T/Z, with the complete addition formulas for a = -1 (Hisil, Wong, Carter, Dawson 2008).
 * [S]B + [k](-A) runs one doubling chain over both scalars' width-5 NAFs.  Variable-time (_var
 * functions): only public data is handled.  No allocation, no global mutable state,
 * endian-neutral.  Returns 0 when the signature verifies, else -TANDEM_EBADMSG. */
#include <string.h>

#include "soft_int.h"
#include "tandem/guest.h"

static const si_mod ed_p = {
    {{SI_W(0xffffffff, 0xffffffed), SI_W(0xffffffff, 0xffffffff), SI_W(0xffffffff, 0xffffffff),
      SI_W(0x7fffffff, 0xffffffff)}},
    SI_MINV(0x86bca1af, 0x286bca1b),
    {{SI_W(0x00000000, 0x000005a4), SI_W(0x00000000, 0x00000000), SI_W(0x00000000, 0x00000000),
      SI_W(0x00000000, 0x00000000)}},
    {{SI_W(0x00000000, 0x00000026), SI_W(0x00000000, 0x00000000), SI_W(0x00000000, 0x00000000),
      SI_W(0x00000000, 0x00000000)}}};

static const si_mod ed_l = {
    {{SI_W(0x5812631a, 0x5cf5d3ed), SI_W(0x14def9de, 0xa2f79cd6), SI_W(0x00000000, 0x00000000),
      SI_W(0x10000000, 0x00000000)}},
    SI_MINV(0xd2b51da3, 0x12547e1b),
    {{SI_W(0xa40611e3, 0x449c0f01), SI_W(0xd00e1ba7, 0x68859347), SI_W(0xceec73d2, 0x17f5be65),
      SI_W(0x0399411b, 0x7c309a3d)}},
    {{SI_W(0xd6ec3174, 0x8d98951d), SI_W(0xc6ef5bf4, 0x737dcf70), SI_W(0xffffffff, 0xfffffffe),
      SI_W(0x0fffffff, 0xffffffff)}}};

/* 2^768 mod L, to reduce the high half of a 512-bit hash. */
static const si_num ed_l_r3 = {{SI_W(0x2a9e4968, 0x7b83a2db), SI_W(0x278324e6, 0xaef7f3ec),
                                SI_W(0x8065dc6c, 0x04ec5b65), SI_W(0x0e530b77, 0x3599cec7)}};

/* Montgomery-form constants mod p: d = -121665/121666, 2d, sqrt(-1), and the base point B. */
static const si_num ed_d = {{SI_W(0x80ed8bfe, 0xdf47e9fa), SI_W(0x10a18777, 0xafc62973),
                             SI_W(0xe5939207, 0xbc188690), SI_W(0x2c822b5a, 0x729fc526)}};
static const si_num ed_d2 = {{SI_W(0x01db17fd, 0xbe8fd3f4), SI_W(0x21430eef, 0x5f8c52e7),
                              SI_W(0xcb27240f, 0x78310d20), SI_W(0x590456b4, 0xe53f8a4d)}};
static const si_num ed_sqrtm1 = {{SI_W(0x3b5807d4, 0xfe2bdb04), SI_W(0x03f590fd, 0xb51be9ed),
                                  SI_W(0x6d6e16bf, 0x336202d1), SI_W(0x75776b0b, 0xd6c71ba8)}};
static const si_num ed_bx = {{SI_W(0xe2cabc55, 0x3f9da287), SI_W(0x9ca59856, 0x2396e489),
                              SI_W(0x9879936b, 0xade4b5b7), SI_W(0x759e2370, 0x7e6077d0)}};
static const si_num ed_by = {{SI_W(0x33333333, 0x3333334a), SI_W(0x33333333, 0x33333333),
                              SI_W(0x33333333, 0x33333333), SI_W(0x33333333, 0x33333333)}};
static const si_num ed_bt = {{SI_W(0x4f0896aa, 0x994ae86c), SI_W(0xe3b7ad11, 0xb612506e),
                              SI_W(0x46c7a922, 0xf183c492), SI_W(0x5e181c59, 0xfeb3930d)}};
/* (p - 5) / 8, the exponent of the square-root candidate (a plain number). */
static const si_num ed_pm5d8 = {{SI_W(0xffffffff, 0xfffffffd), SI_W(0xffffffff, 0xffffffff),
                                 SI_W(0xffffffff, 0xffffffff), SI_W(0x0fffffff, 0xffffffff)}};

typedef struct {
  si_num x, y, z, t;
} ed_pt;

#define ED_WINDOW 5
#define ED_TABLE (1 << (ED_WINDOW - 2))

#define FMUL(r, a, b) si_mont_mul(r, a, b, &ed_p)
#define FSQR(r, a) si_mont_mul(r, a, a, &ed_p)
#define FADD(r, a, b) si_mod_add(r, a, b, &ed_p)
#define FSUB(r, a, b) si_mod_sub(r, a, b, &ed_p)

/* r = a + b (complete: any a, b, including equal points and the identity). */
static void ed_add(ed_pt *r, const ed_pt *a, const ed_pt *b) {
  si_num pa, pb, c, d, e, f, g, h, t;
  FSUB(&pa, &a->y, &a->x);
  FSUB(&t, &b->y, &b->x);
  FMUL(&pa, &pa, &t);      /* A = (Y1 - X1)(Y2 - X2) */
  FADD(&pb, &a->y, &a->x);
  FADD(&t, &b->y, &b->x);
  FMUL(&pb, &pb, &t);      /* B = (Y1 + X1)(Y2 + X2) */
  FMUL(&c, &a->t, &b->t);
  FMUL(&c, &c, &ed_d2);    /* C = 2d T1 T2 */
  FMUL(&d, &a->z, &b->z);
  FADD(&d, &d, &d);        /* D = 2 Z1 Z2 */
  FSUB(&e, &pb, &pa);
  FSUB(&f, &d, &c);
  FADD(&g, &d, &c);
  FADD(&h, &pb, &pa);
  FMUL(&r->x, &e, &f);
  FMUL(&r->y, &g, &h);
  FMUL(&r->t, &e, &h);
  FMUL(&r->z, &f, &g);
}

static void ed_double(ed_pt *r, const ed_pt *a) {
  si_num pa, pb, c, e, f, g, h;
  FSQR(&pa, &a->x);        /* A = X^2 */
  FSQR(&pb, &a->y);        /* B = Y^2 */
  FSQR(&c, &a->z);
  FADD(&c, &c, &c);        /* C = 2 Z^2 */
  FADD(&e, &a->x, &a->y);
  FSQR(&e, &e);
  FSUB(&e, &e, &pa);
  FSUB(&e, &e, &pb);       /* E = (X + Y)^2 - A - B */
  FSUB(&g, &pb, &pa);      /* G = B - A (= aA + B with a = -1) */
  FSUB(&f, &g, &c);        /* F = G - C */
  FADD(&h, &pa, &pb);
  si_mod_neg(&h, &h, &ed_p); /* H = -A - B */
  FMUL(&r->x, &e, &f);
  FMUL(&r->y, &g, &h);
  FMUL(&r->t, &e, &h);
  FMUL(&r->z, &f, &g);
}

static void ed_neg(ed_pt *r, const ed_pt *a) {
  si_mod_neg(&r->x, &a->x, &ed_p);
  r->y = a->y;
  r->z = a->z;
  si_mod_neg(&r->t, &a->t, &ed_p);
}

/* Decodes a point the way OpenSSL does (see the header); returns 0 when there is no such x. */
static int ed_decode_var(ed_pt *r, const uint8_t enc[32]) {
  uint8_t b[32];
  si_num y, u, v, v3, x, vxx, t;
  memcpy(b, enc, 32);
  const unsigned sign = b[31] >> 7;
  b[31] &= 0x7f;
  si_from_le(&y, b);
  if (si_cmp_var(&y, &ed_p.m) >= 0) si_sub(&y, &y, &ed_p.m);
  si_to_mont(&y, &y, &ed_p);
  FSQR(&u, &y);
  FMUL(&v, &u, &ed_d);
  FSUB(&u, &u, &ed_p.one); /* u = y^2 - 1 */
  FADD(&v, &v, &ed_p.one); /* v = d y^2 + 1 */
  /* x = u v^3 (u v^7)^((p - 5) / 8) */
  FSQR(&v3, &v);
  FMUL(&v3, &v3, &v);
  FSQR(&t, &v3);
  FMUL(&t, &t, &v);
  FMUL(&t, &t, &u);
  si_mont_pow_var(&t, &t, &ed_pm5d8, &ed_p);
  FMUL(&x, &u, &v3);
  FMUL(&x, &x, &t);
  FSQR(&vxx, &x);
  FMUL(&vxx, &vxx, &v);
  if (!si_eq(&vxx, &u)) {
    si_mod_neg(&t, &u, &ed_p);
    if (!si_eq(&vxx, &t)) return 0;
    FMUL(&x, &x, &ed_sqrtm1);
  }
  si_from_mont(&t, &x, &ed_p);
  if ((unsigned)(t.v[0] & 1) != sign) si_mod_neg(&x, &x, &ed_p);
  r->x = x;
  r->y = y;
  r->z = ed_p.one;
  FMUL(&r->t, &x, &y);
  return 1;
}

static void ed_encode_var(uint8_t out[32], const ed_pt *a) {
  si_num zi, x, y;
  si_mont_inv_var(&zi, &a->z, &ed_p);
  FMUL(&x, &a->x, &zi);
  FMUL(&y, &a->y, &zi);
  si_from_mont(&x, &x, &ed_p);
  si_from_mont(&y, &y, &ed_p);
  si_to_le(out, &y);
  out[31] |= (uint8_t)((x.v[0] & 1) << 7);
}

static void ed_table(ed_pt tab[ED_TABLE], const ed_pt *a) {
  ed_pt twice;
  tab[0] = *a;
  ed_double(&twice, a);
  for (int i = 1; i < ED_TABLE; i++) ed_add(&tab[i], &tab[i - 1], &twice);
}

static void ed_add_digit_var(ed_pt *acc, const ed_pt tab[ED_TABLE], int digit) {
  if (digit > 0) {
    ed_add(acc, acc, &tab[digit / 2]);
  } else {
    ed_pt neg;
    ed_neg(&neg, &tab[(-digit) / 2]);
    ed_add(acc, acc, &neg);
  }
}

/* r = [u1]B + [u2]Q. */
static void ed_mul2_var(ed_pt *r, const si_num *u1, const si_num *u2, const ed_pt *q) {
  int8_t w1[257], w2[257];
  ed_pt tb[ED_TABLE], tq[ED_TABLE], b;
  const int n1 = si_wnaf_var(w1, u1, ED_WINDOW), n2 = si_wnaf_var(w2, u2, ED_WINDOW);
  const int top = n1 > n2 ? n1 : n2;
  b.x = ed_bx, b.y = ed_by, b.z = ed_p.one, b.t = ed_bt;
  if (n1) ed_table(tb, &b);
  if (n2) ed_table(tq, q);
  memset(&r->x, 0, sizeof r->x);
  r->y = ed_p.one;
  r->z = ed_p.one;
  memset(&r->t, 0, sizeof r->t);
  for (int i = top - 1; i >= 0; i--) {
    ed_double(r, r);
    if (w1[i]) ed_add_digit_var(r, tb, w1[i]);
    if (w2[i]) ed_add_digit_var(r, tq, w2[i]);
  }
}

int tandem_soft_ed25519_verify(const void *msg, size_t len, const uint8_t sig[64],
                               const uint8_t pub[32]) {
  si_num s, k, lo, hi;
  ed_pt a, nega, chk;
  uint8_t h[64], enc[32];
  si_from_le(&s, sig + 32);
  if (si_cmp_var(&s, &ed_l.m) >= 0) return -TANDEM_EBADMSG;
  if (!ed_decode_var(&a, pub)) return -TANDEM_EBADMSG;
  tandem_soft__sha512_ctx c;
  tandem_soft__sha512_init(&c);
  tandem_soft__sha512_update(&c, sig, 32);
  tandem_soft__sha512_update(&c, pub, 32);
  tandem_soft__sha512_update(&c, msg, len);
  tandem_soft__sha512_final(&c, h);
  /* k = (lo + hi 2^256) mod L: lo R + hi R^2 in Montgomery form, then out of it. */
  si_from_le(&lo, h);
  si_from_le(&hi, h + 32);
  si_mont_mul(&lo, &lo, &ed_l.r2, &ed_l);
  si_mont_mul(&hi, &hi, &ed_l_r3, &ed_l);
  si_mod_add(&k, &lo, &hi, &ed_l);
  si_from_mont(&k, &k, &ed_l);
  ed_neg(&nega, &a);
  ed_mul2_var(&chk, &s, &k, &nega);
  ed_encode_var(enc, &chk);
  return memcmp(enc, sig, 32) == 0 ? 0 : -TANDEM_EBADMSG;
}
