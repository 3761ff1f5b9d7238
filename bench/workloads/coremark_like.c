/* bench/workloads/coremark_like.c: a CoreMark-style mix of everyday integer work, written for
 * tandem (not derived from CoreMark's code): pointer chasing and sorting on a linked list, small
 * 16/32-bit matrix kernels, a character-driven state machine, and CRC-16 to tie the results
 * together.  Branchy, load-heavy code: the opposite of the hash and matmul workloads.  Each
 * iteration varies its inputs with the running CRC, so no iteration can be skipped; the checksum
 * is the final CRC followed by a hash of every iteration's CRC. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "workload.h"

static uint16_t crc16_byte(uint16_t crc, uint8_t byte) {
  /* CRC-16/CCITT, bitwise: the loop-and-branch version, on purpose. */
  crc ^= (uint16_t)byte << 8;
  for (int i = 0; i < 8; i++) crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
  return crc;
}
static uint16_t crc16_u32(uint16_t crc, uint32_t v) {
  for (int i = 0; i < 4; i++) crc = crc16_byte(crc, (uint8_t)(v >> (8 * i)));
  return crc;
}

/* ---- linked list ---------------------------------------------------------------------------- */

struct node {
  struct node *next;
  int16_t value;
  uint16_t id;
};

enum { LIST_NODES = 600 };
static struct node pool[LIST_NODES];

static struct node *list_build(uint16_t seed) {
  struct node *head = NULL;
  for (int i = LIST_NODES - 1; i >= 0; i--) {
    pool[i].id = (uint16_t)i;
    pool[i].value = (int16_t)((i * 37 + seed) % 2001 - 1000);
    pool[i].next = head;
    head = &pool[i];
  }
  return head;
}

static struct node *list_reverse(struct node *head) {
  struct node *prev = NULL;
  while (head) {
    struct node *next = head->next;
    head->next = prev;
    prev = head;
    head = next;
  }
  return prev;
}

static struct node *list_find(struct node *head, int16_t value) {
  for (; head; head = head->next)
    if (head->value == value) return head;
  return NULL;
}

static int by_value(const struct node *a, const struct node *b) {
  if (a->value != b->value) return a->value < b->value ? -1 : 1;
  return a->id < b->id ? -1 : (a->id > b->id);
}
static int by_id(const struct node *a, const struct node *b) { return a->id < b->id ? -1 : (a->id > b->id); }

/* Bottom-up merge sort on the list itself: no recursion, no extra memory. */
static struct node *list_sort(struct node *head, int (*cmp)(const struct node *, const struct node *)) {
  for (int width = 1;; width *= 2) {
    struct node *p = head, *tail = NULL;
    int merges = 0;
    head = NULL;
    while (p) {
      merges++;
      struct node *q = p;
      int psize = 0;
      for (int i = 0; i < width && q; i++) {
        psize++;
        q = q->next;
      }
      int qsize = width;
      while (psize > 0 || (qsize > 0 && q)) {
        struct node *e;
        if (psize == 0) {
          e = q, q = q->next, qsize--;
        } else if (qsize == 0 || !q || cmp(p, q) <= 0) {
          e = p, p = p->next, psize--;
        } else {
          e = q, q = q->next, qsize--;
        }
        if (tail) tail->next = e;
        else head = e;
        tail = e;
      }
      p = q;
    }
    if (tail) tail->next = NULL;
    if (merges <= 1) return head;
  }
}

static uint16_t list_work(uint16_t crc) {
  struct node *head = list_build(crc);
  int32_t found = 0, missing = 0;
  for (int i = 0; i < 40; i++) {
    int16_t want = (int16_t)((crc + i * 97) % 2001 - 1000);
    struct node *n = list_find(head, want);
    if (n) found += n->id;
    else missing++;
  }
  head = list_reverse(head);
  head = list_sort(head, by_value);
  int32_t weighted = 0, k = 0;
  for (struct node *n = head; n; n = n->next, k++) weighted += n->value * (k % 7 + 1);
  /* Unlink every third node, then restore id order. */
  k = 0;
  for (struct node *n = head; n && n->next; n = n->next)
    if (++k % 3 == 0) n->next = n->next->next;
  head = list_sort(head, by_id);
  int32_t count = 0;
  for (struct node *n = head; n; n = n->next) count++;
  crc = crc16_u32(crc, (uint32_t)found);
  crc = crc16_u32(crc, (uint32_t)missing);
  crc = crc16_u32(crc, (uint32_t)weighted);
  crc = crc16_u32(crc, (uint32_t)count);
  return crc16_u32(crc, head->id);
}

/* ---- matrices --------------------------------------------------------------------------------- */

enum { M = 32 };
static int16_t ma[M][M], mb[M][M];
static int32_t mc[M][M];

static uint16_t matrix_work(uint16_t crc) {
  for (int i = 0; i < M; i++)
    for (int j = 0; j < M; j++) {
      ma[i][j] = (int16_t)(((i * M + j) * 13 + crc) % 255 - 127);
      mb[i][j] = (int16_t)(((j * M + i) * 7 + (crc >> 3)) % 63 - 31);
    }
  int16_t add = (int16_t)(crc & 15);
  for (int i = 0; i < M; i++)
    for (int j = 0; j < M; j++) ma[i][j] = (int16_t)(ma[i][j] + add);
  int32_t vec[M];
  for (int i = 0; i < M; i++) {
    int32_t s = 0;
    for (int j = 0; j < M; j++) s += ma[i][j] * mb[j][0];
    vec[i] = s;
  }
  for (int i = 0; i < M; i++)
    for (int j = 0; j < M; j++) {
      int32_t s = 0;
      for (int k = 0; k < M; k++) s += ma[i][k] * mb[k][j];
      mc[i][j] = s;
    }
  /* Bit-field extraction, as CoreMark-style kernels do. */
  uint32_t bits = 0;
  for (int i = 0; i < M; i++)
    for (int j = 0; j < M; j++) bits += ((uint32_t)mc[i][j] >> 2) & 0xf;
  int32_t trace = 0, maxv = mc[0][0];
  for (int i = 0; i < M; i++) {
    trace += mc[i][i];
    for (int j = 0; j < M; j++)
      if (mc[i][j] > maxv) maxv = mc[i][j];
  }
  crc = crc16_u32(crc, bits);
  crc = crc16_u32(crc, (uint32_t)trace);
  crc = crc16_u32(crc, (uint32_t)maxv);
  return crc16_u32(crc, (uint32_t)(vec[0] ^ vec[M - 1]));
}

/* ---- state machine ---------------------------------------------------------------------------- */

enum state { START, SIGN, INT, POINT, FRAC, EXP, EXP_SIGN, EXP_INT, HEX_PREFIX, HEX, BAD, NSTATES };

static enum state step(enum state s, char c) {
  int digit = c >= '0' && c <= '9';
  switch (s) {
    case START:
      if (c == '+' || c == '-') return SIGN;
      if (c == '0') return HEX_PREFIX;
      if (digit) return INT;
      if (c == '.') return POINT;
      return BAD;
    case SIGN:
      if (digit) return INT;
      if (c == '.') return POINT;
      return BAD;
    case HEX_PREFIX:
      if (c == 'x' || c == 'X') return HEX;
      /* fall through */
    case INT:
      if (digit) return INT;
      if (c == '.') return POINT;
      if (c == 'e' || c == 'E') return EXP;
      return BAD;
    case POINT:
    case FRAC:
      if (digit) return FRAC;
      if (c == 'e' || c == 'E') return EXP;
      return BAD;
    case EXP:
      if (c == '+' || c == '-') return EXP_SIGN;
      /* fall through */
    case EXP_SIGN:
    case EXP_INT:
      return digit ? EXP_INT : BAD;
    case HEX:
      return (digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) ? HEX : BAD;
    default:
      return BAD;
  }
}

enum { TEXT_BYTES = 1024 };
static char text[TEXT_BYTES];

static uint16_t state_work(uint16_t crc) {
  static const char *const pieces[] = {"42", "-17", "3.25", "+.5", "1e9", "6.02E+23", "0x1f", "0XdeadBEEF",
                                       "12a", "--3", "7.", "0x", "1e", ".e1", "999999", "-0.0e-0"};
  /* Comma-separated tokens, chosen by the running CRC. */
  uint32_t pos = 0, pick = crc;
  while (pos + 16 < TEXT_BYTES) {
    pick = pick * 1103515245u + 12345u;
    const char *p = pieces[(pick >> 16) % 16];
    while (*p) text[pos++] = *p++;
    text[pos++] = ',';
  }
  text[pos] = 0;
  uint32_t final_counts[NSTATES] = {0}, transitions = 0;
  enum state s = START;
  for (uint32_t i = 0; i <= pos; i++) {
    char c = text[i];
    if (c == ',' || c == 0) {
      final_counts[s]++;
      s = START;
      continue;
    }
    enum state next = step(s, c);
    transitions += next != s;
    s = next;
  }
  for (int i = 0; i < NSTATES; i++) crc = crc16_u32(crc, final_counts[i]);
  return crc16_u32(crc, transitions);
}

int main(int argc, char **argv) {
  uint64_t iterations = workload_iterations(argc, argv, 6000);
  uint16_t crc = 0xffff;
  /* 16 bits of CRC alone would miss one difference in 65536; the history of CRCs does not. */
  uint64_t history = 0;
  for (uint64_t i = 0; i < iterations; i++) {
    crc = list_work(crc);
    crc = matrix_work(crc);
    crc = state_work(crc);
    history = history * 0x100000001b3ULL + crc;
  }
  char hex[21];
  uint8_t bytes[10] = {(uint8_t)(crc >> 8), (uint8_t)crc};
  for (int i = 0; i < 8; i++) bytes[2 + i] = (uint8_t)(history >> (56 - 8 * i));
  workload_hex(hex, bytes, 10);
  workload_report("coremark_like", iterations, hex);
  return 0;
}
