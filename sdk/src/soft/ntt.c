/* sdk/src/soft/ntt.c: number-theoretic transforms over the Goldilocks, BabyBear and BN254 scalar
 * fields in portable C, with exactly the semantics of the NTT coprocessor (coproc/ntt/ntt.h in
 * the tandem tree): for n = 2^log_n, 0 <= log_n <= 24, omega_n = g^((p - 1) / n),
 *   forward        y_i = sum_j x_j * omega_n^(i*j)
 *   inverse        x_j = n^-1 * sum_i y_i * omega_n^(-i*j)
 *   coset_forward  y_i = sum_j x_j * (g * omega_n^i)^j
 *   coset_inverse  x_j = g^-j * n^-1 * sum_i y_i * omega_n^(-i*j)
 * with generators g = 7, 31, 5, natural order in and out, `count` polynomials back to back,
 * transformed in place.  The "soft" build of a guest runs this inside the VM instead of calling
 * the coprocessor, and the native build calls it directly.
 *
 * One iterative radix-2 transform (bit reversal, then decimation in time with a table of n/2
 * twiddles) serves all four kinds: the inverse is the forward transform read backwards
 * (sum_i y_i omega^(-ij) is entry -j mod n of the forward one), and the coset kinds multiply by
 * running powers of g, so a plan holds only the twiddles.  The clear version rather than the
 * fast one: this is the interpreted reference, and it must agree with the host bit for bit.
 *
 * Arithmetic, as on the host, keeps data in canonical standard form and constants (twiddles,
 * powers of g, n^-1) in each field's "multiplier form", which is what mul's second operand is:
 *   Goldilocks  the value; 64x64->128 products (unsigned __int128 where the compiler has it,
 *               32-bit pieces otherwise) reduced with 2^64 = 2^32 - 1 mod p.
 *   BabyBear    Montgomery form c * 2^32 mod p; mul(a, c~) = a * c~ * 2^-32 = a * c.
 *   BN254 Fr    Montgomery form c * 2^256 mod r (soft_int.h: 4x64-bit limbs, or 8x32 without
 *               __int128); mul(a, c~) = a * c.
 * The product of two multiplier forms is again one, so running powers never leave that form and
 * no data element is converted.  -DTANDEM_SOFT_NO_INT128 forces the 32-bit paths.  No double-word
 * division anywhere (rv64 and rv32 would need a libgcc helper for it).
 *
 * Elements are read in place when the buffer is aligned for them (little-endian hosts only, as
 * every tandem target is); an unaligned buffer goes through an aligned copy, one polynomial at a
 * time.  Every element is checked before anything is written.  Plans are malloc'd and live in the
 * handle table of resident.c (the only global state, see there); a one-shot call builds a plan,
 * uses it and frees it.  Variable-time: the data is public. */
#include <stdlib.h>
#include <string.h>

#include "resident.h"
#include "soft_int.h"
#include "tandem/guest.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "ntt.c reads elements in place and needs a little-endian target"
#endif

#if defined(__SIZEOF_INT128__) && !defined(TANDEM_SOFT_NO_INT128)
#define NTT_INT128 1
__extension__ typedef unsigned __int128 ntt_u128;
#else
#define NTT_INT128 0
#endif

#define NTT_MAX_LOG_N 24u
/* The handle table's kind for plans (any value no other owner uses). */
#define NTT_PLAN_KIND 0x4e54

/* ---- Goldilocks: p = 2^64 - 2^32 + 1 --------------------------------------------------------- */

#define GL_P 0xffffffff00000001ull
#define GL_EPS 0xffffffffull /* 2^64 mod p */
#define GL_G 7u

/* (hi * 2^64 + lo) mod p.  With hi = hh * 2^32 + hl, 2^64 = 2^32 - 1 and 2^96 = -1 give
 * lo - hh + hl * (2^32 - 1); each wrap of 2^64 is corrected by epsilon = 2^64 mod p. */
static inline uint64_t gl_reduce(uint64_t hi, uint64_t lo) {
  const uint64_t hh = hi >> 32, hl = hi & 0xffffffffu;
  uint64_t t0 = lo - hh;
  /* A borrow is -2^64 = -epsilon; the wrapped t0 >= 2^64 - 2^32, so this cannot wrap again. */
  if (lo < hh) t0 -= GL_EPS;
  const uint64_t t1 = (hl << 32) - hl;
  uint64_t r = t0 + t1;
  /* A carry is +2^64 = +epsilon; the wrapped r < t1 <= 2^64 - 2^33 + 1, so this cannot wrap. */
  if (r < t1) r += GL_EPS;
  return r >= GL_P ? r - GL_P : r;
}

static inline uint64_t gl_add(uint64_t a, uint64_t b) {
  const uint64_t s = a + b;
  /* On a carry the true sum is s + 2^64 < 2p, and s - p wraps to exactly s + 2^64 - p. */
  return (s < a || s >= GL_P) ? s - GL_P : s;
}

static inline uint64_t gl_sub(uint64_t a, uint64_t b) { return a >= b ? a - b : a - b + GL_P; }

static inline uint64_t gl_mul(uint64_t a, uint64_t b) {
#if NTT_INT128
  const ntt_u128 t = (ntt_u128)a * b;
  return gl_reduce((uint64_t)(t >> 64), (uint64_t)t);
#else
  const uint64_t a0 = (uint32_t)a, a1 = a >> 32, b0 = (uint32_t)b, b1 = b >> 32;
  const uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const uint64_t mid = (p00 >> 32) + (uint32_t)p01 + (uint32_t)p10; /* < 3 * 2^32 */
  return gl_reduce(p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32), (mid << 32) | (uint32_t)p00);
#endif
}

static uint64_t gl_pow(uint64_t b, uint64_t e) {
  uint64_t r = 1;
  for (; e; e >>= 1, b = gl_mul(b, b))
    if (e & 1) r = gl_mul(r, b);
  return r;
}

/* ---- BabyBear: p = 15 * 2^27 + 1 ------------------------------------------------------------- */

#define BB_P 2013265921u
#define BB_NINV 0x77ffffffu /* -p^-1 mod 2^32 */
#define BB_R2 0x45dddde3u   /* 2^64 mod p */
#define BB_G 31u

static inline uint32_t bb_add(uint32_t a, uint32_t b) {
  const uint32_t s = a + b; /* < 2p < 2^32 */
  return s >= BB_P ? s - BB_P : s;
}

static inline uint32_t bb_sub(uint32_t a, uint32_t b) { return a >= b ? a - b : a - b + BB_P; }

/* a * b * 2^-32 mod p for a, b < p: t + m * p < 2^62 + 2^63 fits, and the quotient is < 2p. */
static inline uint32_t bb_mul(uint32_t a, uint32_t b) {
  const uint64_t t = (uint64_t)a * b;
  const uint32_t m = (uint32_t)t * BB_NINV;
  const uint32_t u = (uint32_t)((t + (uint64_t)m * BB_P) >> 32);
  return u >= BB_P ? u - BB_P : u;
}

/* Multiplier (Montgomery) form of a: a * 2^64 * 2^-32, so no 64-bit division is needed. */
static uint32_t bb_to_mult(uint32_t a) { return bb_mul(a % BB_P, BB_R2); }

/* b~^e in Montgomery form, for b~ in Montgomery form. */
static uint32_t bb_pow(uint32_t b, uint32_t e) {
  uint32_t r = bb_to_mult(1);
  for (; e; e >>= 1, b = bb_mul(b, b))
    if (e & 1) r = bb_mul(r, b);
  return r;
}

/* ---- BN254 scalar field r -------------------------------------------------------------------- */

#define FR_G 5u

static const si_mod FR = {
    {{SI_W(0x43e1f593, 0xf0000001), SI_W(0x2833e848, 0x79b97091), SI_W(0xb85045b6, 0x8181585d),
      SI_W(0x30644e72, 0xe131a029)}},
    SI_MINV(0xc2e1f593, 0xefffffff),
    /* R^2 mod r */
    {{SI_W(0x1bb8e645, 0xae216da7), SI_W(0x53fe3ab1, 0xe35c59e3), SI_W(0x8c49833d, 0x53bb8085),
      SI_W(0x0216d0b1, 0x7f4e44a5)}},
    /* R mod r */
    {{SI_W(0xac96341c, 0x4ffffffb), SI_W(0x36fc7695, 0x9f60cd29), SI_W(0x666ea36f, 0x7879462e),
      SI_W(0x0e0a77c1, 0x9a07df2f)}},
};

/* a >> s for s < SI_LIMB_BITS. */
static void fr_shr(si_num *r, const si_num *a, unsigned s) {
  if (s == 0) {
    *r = *a;
    return;
  }
  for (int i = 0; i < SI_N; i++) {
    const si_limb next = i + 1 < SI_N ? a->v[i + 1] : 0;
    r->v[i] = (a->v[i] >> s) | (next << (SI_LIMB_BITS - s));
  }
}

/* Multiplier (Montgomery) form of a small value. */
static si_num fr_to_mult(uint32_t a) {
  si_num x, r;
  si_set_small(&x, a);
  si_to_mont(&r, &x, &FR);
  return r;
}

/* ---- the transform, once per field ----------------------------------------------------------- */

/* A field's constants in multiplier form; each field uses its own member (named like its
 * functions' prefix). */
typedef union {
  uint64_t gl;
  uint32_t bb;
  si_num fr;
} felem;

typedef struct {
  int field;
  unsigned log_n;
  felem one;  /* 1 */
  felem g;    /* the generator */
  felem ginv; /* its inverse */
  felem ninv; /* n^-1 */
  void *tw;   /* omega_n^k for k < n/2 (one slot when n = 1) */
} ntt_plan;

/* The pointer-style operations the shared kernel uses; MUL's last operand is in multiplier form
 * and every one may write its first operand over another. */
#define GL_ADD(r, a, b) (*(r) = gl_add(*(a), *(b)))
#define GL_SUB(r, a, b) (*(r) = gl_sub(*(a), *(b)))
#define GL_MUL(r, a, b) (*(r) = gl_mul(*(a), *(b)))
#define BB_ADD(r, a, b) (*(r) = bb_add(*(a), *(b)))
#define BB_SUB(r, a, b) (*(r) = bb_sub(*(a), *(b)))
#define BB_MUL(r, a, b) (*(r) = bb_mul(*(a), *(b)))
#define FR_ADD(r, a, b) si_mod_add((r), (a), (b), &FR)
#define FR_SUB(r, a, b) si_mod_sub((r), (a), (b), &FR)
#define FR_MUL(r, a, b) si_mont_mul((r), (a), (b), &FR)

/* Defines, for the field with prefix F and element type T:
 *   F##_powers(out, m, w)   out[k] = w^k for k < m (multiplier form)
 *   F##_run(plan, kind, a)  one polynomial of the plan's size, in place.
 * A macro rather than one function over element size and function pointers, because an indirect
 * call per butterfly would cost an interpreted guest as much as the BabyBear arithmetic itself. */
#define NTT_DEFINE_FIELD(F, T, ADD, SUB, MUL)                                                   \
  static void F##_powers(T *out, size_t m, const T *one, const T *w) {                         \
    if (m) out[0] = *one;                                                                      \
    for (size_t k = 1; k < m; k++) MUL(&out[k], &out[k - 1], w);                               \
  }                                                                                            \
                                                                                               \
  /* a[i] *= c * r^i for i < n; r NULL stands for 1 (saves the running product). */           \
  static void F##_scale(T *a, size_t n, const T *c0, const T *r) {                             \
    T c = *c0;                                                                                 \
    for (size_t i = 0; i < n; i++) {                                                           \
      MUL(&a[i], &a[i], &c);                                                                   \
      if (r) MUL(&c, &c, r);                                                                   \
    }                                                                                          \
  }                                                                                            \
                                                                                               \
  static void F##_run(const ntt_plan *p, int kind, T *a) {                                     \
    const size_t n = (size_t)1 << p->log_n;                                                    \
    const T *tw = (const T *)p->tw;                                                            \
    T t;                                                                                       \
    if (kind == TANDEM_NTT_COSET_FORWARD) F##_scale(a, n, &p->one.F, &p->g.F);                 \
    /* Bit-reversal permutation: j runs through the bit reverses of i. */                      \
    for (size_t i = 1, j = 0; i < n; i++) {                                                    \
      size_t bit = n >> 1;                                                                     \
      for (; j & bit; bit >>= 1) j ^= bit;                                                     \
      j ^= bit;                                                                                \
      if (i < j) t = a[i], a[i] = a[j], a[j] = t;                                              \
    }                                                                                          \
    /* Stage s merges transforms of size h = 2^(s-1); omega_2h^k = omega_n^(k * n / 2h). */    \
    for (unsigned s = 1; s <= p->log_n; s++) {                                                 \
      const size_t h = (size_t)1 << (s - 1), step = n >> s;                                    \
      for (size_t b = 0; b < n; b += 2 * h)                                                    \
        for (size_t k = 0; k < h; k++) {                                                       \
          T *x = &a[b + k], *y = x + h;                                                        \
          MUL(&t, y, &tw[k * step]);                                                           \
          SUB(y, x, &t);                                                                       \
          ADD(x, x, &t);                                                                       \
        }                                                                                      \
    }                                                                                          \
    if (kind == TANDEM_NTT_INVERSE || kind == TANDEM_NTT_COSET_INVERSE) {                      \
      /* Entry j of the inverse is entry -j mod n of the forward transform. */                 \
      for (size_t i = 1; i < n - i; i++) t = a[i], a[i] = a[n - i], a[n - i] = t;              \
      F##_scale(a, n, &p->ninv.F, kind == TANDEM_NTT_COSET_INVERSE ? &p->ginv.F : NULL);       \
    }                                                                                          \
  }

NTT_DEFINE_FIELD(gl, uint64_t, GL_ADD, GL_SUB, GL_MUL)
NTT_DEFINE_FIELD(bb, uint32_t, BB_ADD, BB_SUB, BB_MUL)
NTT_DEFINE_FIELD(fr, si_num, FR_ADD, FR_SUB, FR_MUL)

/* ---- plans ----------------------------------------------------------------------------------- */

static size_t elem_bytes(int field) {
  return field == TANDEM_NTT_GOLDILOCKS ? 8 : field == TANDEM_NTT_BABYBEAR ? 4 : 32;
}

static size_t elem_align(int field) {
  return field == TANDEM_NTT_GOLDILOCKS ? _Alignof(uint64_t)
         : field == TANDEM_NTT_BABYBEAR ? _Alignof(uint32_t)
                                        : _Alignof(si_num);
}

static int field_ok(int field) {
  return field >= TANDEM_NTT_GOLDILOCKS && field <= TANDEM_NTT_BN254;
}
static int kind_ok(int kind) {
  return kind >= TANDEM_NTT_FORWARD && kind <= TANDEM_NTT_COSET_INVERSE;
}

static void plan_free(void *object) {
  ntt_plan *p = (ntt_plan *)object;
  if (!p) return;
  free(p->tw);
  free(p);
}

/* A plan for a valid (field, log_n), or NULL when malloc fails. */
static ntt_plan *plan_new(int field, unsigned log_n) {
  const size_t half = ((size_t)1 << log_n) / 2, slots = half ? half : 1;
  ntt_plan *p = (ntt_plan *)malloc(sizeof *p);
  if (!p) return NULL;
  memset(p, 0, sizeof *p);
  p->field = field;
  p->log_n = log_n;
  p->tw = malloc(slots * elem_bytes(field));
  if (!p->tw) {
    free(p);
    return NULL;
  }
  /* n divides p - 1, so n * ((p - 1) / n) = -1 and n^-1 = p - (p - 1) / n. */
  if (field == TANDEM_NTT_GOLDILOCKS) {
    const uint64_t e = (GL_P - 1) >> log_n;
    const uint64_t w = gl_pow(GL_G, e);
    p->one.gl = 1;
    p->g.gl = GL_G;
    p->ginv.gl = gl_pow(GL_G, GL_P - 2);
    p->ninv.gl = GL_P - e;
    gl_powers((uint64_t *)p->tw, half, &p->one.gl, &w);
  } else if (field == TANDEM_NTT_BABYBEAR) {
    const uint32_t e = (BB_P - 1) >> log_n;
    p->one.bb = bb_to_mult(1);
    p->g.bb = bb_to_mult(BB_G);
    p->ginv.bb = bb_pow(p->g.bb, BB_P - 2);
    p->ninv.bb = bb_to_mult(BB_P - e);
    const uint32_t w = bb_pow(p->g.bb, e);
    bb_powers((uint32_t *)p->tw, half, &p->one.bb, &w);
  } else {
    si_num one, e, w, n_inv;
    si_set_small(&one, 1);
    si_sub(&e, &FR.m, &one);
    fr_shr(&e, &e, log_n);
    si_sub(&n_inv, &FR.m, &e);
    p->one.fr = FR.one;
    p->g.fr = fr_to_mult(FR_G);
    si_mont_inv_var(&p->ginv.fr, &p->g.fr, &FR);
    si_to_mont(&p->ninv.fr, &n_inv, &FR);
    si_mont_pow_var(&w, &p->g.fr, &e, &FR);
    fr_powers((si_num *)p->tw, half, &p->one.fr, &w);
  }
  return p;
}

/* 1 when each of the n elements at data is canonical (< p). */
static int all_canonical(int field, const void *data, size_t n) {
  const uint8_t *b = (const uint8_t *)data;
  for (size_t i = 0; i < n; i++) {
    if (field == TANDEM_NTT_GOLDILOCKS) {
      uint64_t v;
      memcpy(&v, b + 8 * i, 8);
      if (v >= GL_P) return 0;
    } else if (field == TANDEM_NTT_BABYBEAR) {
      uint32_t v;
      memcpy(&v, b + 4 * i, 4);
      if (v >= BB_P) return 0;
    } else {
      si_num v;
      memcpy(&v, b + 32 * i, 32);
      if (si_cmp_var(&v, &FR.m) >= 0) return 0;
    }
  }
  return 1;
}

static void run_one(const ntt_plan *p, int kind, void *a) {
  if (p->field == TANDEM_NTT_GOLDILOCKS) {
    gl_run(p, kind, (uint64_t *)a);
  } else if (p->field == TANDEM_NTT_BABYBEAR) {
    bb_run(p, kind, (uint32_t *)a);
  } else {
    fr_run(p, kind, (si_num *)a);
  }
}

/* Transforms `count` polynomials of canonical elements at data (count >= 1, the total size
 * fits).  Returns 0, or -TANDEM_ENOMEM with data unchanged. */
static int run_plan(const ntt_plan *p, int kind, void *data, size_t count) {
  const size_t poly = elem_bytes(p->field) << p->log_n;
  uint8_t *d = (uint8_t *)data;
  if ((uintptr_t)data % elem_align(p->field) == 0) {
    for (size_t c = 0; c < count; c++) run_one(p, kind, d + c * poly);
    return 0;
  }
  /* Unaligned: malloc's memory is aligned for every element type. */
  void *tmp = malloc(poly);
  if (!tmp) return -TANDEM_ENOMEM;
  for (size_t c = 0; c < count; c++) {
    memcpy(tmp, d + c * poly, poly);
    run_one(p, kind, tmp);
    memcpy(d + c * poly, tmp, poly);
  }
  free(tmp);
  return 0;
}

/* ---- the guest.h functions ------------------------------------------------------------------- */

int tandem_soft_ntt(int field, unsigned log_n, void *data, size_t count, int kind) {
  if (!field_ok(field) || !kind_ok(kind) || log_n > NTT_MAX_LOG_N || count == 0 || !data)
    return -TANDEM_EINVAL;
  if (count > (size_t)-1 / (elem_bytes(field) << log_n)) return -TANDEM_EINVAL;
  const size_t n = (size_t)1 << log_n;
  /* Check before building the plan, so bad data costs no tables. */
  if (!all_canonical(field, data, n * count)) return -TANDEM_EINVAL;
  ntt_plan *p = plan_new(field, log_n);
  if (!p) return -TANDEM_ENOMEM;
  const int r = run_plan(p, kind, data, count);
  plan_free(p);
  return r;
}

long tandem_soft_ntt_plan(int field, unsigned log_n) {
  if (!field_ok(field) || log_n > NTT_MAX_LOG_N) return -TANDEM_EINVAL;
  ntt_plan *p = plan_new(field, log_n);
  if (!p) return -TANDEM_ENOMEM;
  const long h = tandem__soft_handle_add(p, plan_free, NTT_PLAN_KIND);
  if (h < 0) plan_free(p);
  return h;
}

int tandem_soft_ntt_plan_transform(long plan, int kind, void *data, size_t len) {
  const ntt_plan *p = (const ntt_plan *)tandem__soft_handle_get(plan, NTT_PLAN_KIND);
  if (!p || !kind_ok(kind) || !data) return -TANDEM_EINVAL;
  const size_t poly = elem_bytes(p->field) << p->log_n;
  if (len == 0 || len % poly != 0) return -TANDEM_EINVAL;
  if (!all_canonical(p->field, data, len / elem_bytes(p->field))) return -TANDEM_EINVAL;
  return run_plan(p, kind, data, len / poly);
}
