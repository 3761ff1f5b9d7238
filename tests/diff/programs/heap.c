/* tests/diff/programs/heap.c: malloc/calloc/realloc/free stress, compared between tandem and
 * qemu.  The heap grows through brk (sdk/src/syscalls.c); the sizes below make it grow by many
 * pages and release blocks in an irregular order, and every block's contents are checked. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t rng_state = 12345;
static uint32_t rng(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 17;
  rng_state ^= rng_state << 5;
  return rng_state;
}

struct block {
  unsigned char *p;
  size_t size;
  unsigned char tag;
};

#define SLOTS 512
static struct block slots[SLOTS];
static unsigned errors;

static void fill(struct block *b) {
  for (size_t i = 0; i < b->size; i++) b->p[i] = (unsigned char)(b->tag + i * 7);
}

static void check(const struct block *b, size_t upto) {
  for (size_t i = 0; i < upto; i++) {
    if (b->p[i] != (unsigned char)(b->tag + i * 7)) {
      errors++;
      printf("corrupt block tag %u at %zu\n", b->tag, i);
      return;
    }
  }
}

static size_t pick_size(void) {
  uint32_t r = rng();
  switch (r % 8) {
    case 0: return r % 16;            /* tiny, including 0 */
    case 1: case 2: return 16 + r % 256;
    case 3: case 4: return 256 + r % 4096;
    case 5: return 4096 + r % 65536;
    case 6: return (r % 3 == 0) ? 300000 + r % 200000 : 64 + r % 64;  /* rare big blocks */
    default: return 1 + r % 1024;
  }
}

int main(void) {
  unsigned long long allocated = 0, freed = 0, reallocs = 0;
  size_t peak_live = 0, live = 0;
  for (int round = 0; round < 6000; round++) {
    struct block *b = &slots[rng() % SLOTS];
    uint32_t action = rng() % 10;
    if (b->p == NULL) {
      b->size = pick_size();
      b->tag = (unsigned char)rng();
      b->p = (action < 3) ? calloc(1, b->size ? b->size : 1) : malloc(b->size ? b->size : 1);
      if (!b->p) {
        printf("allocation of %zu failed in round %d\n", b->size, round);
        return 2;
      }
      if (action < 3) {
        for (size_t i = 0; i < b->size; i++)
          if (b->p[i] != 0) {
            errors++;
            break;
          }
      }
      fill(b);
      allocated += b->size;
      live += b->size;
    } else if (action < 4) {
      size_t new_size = pick_size();
      unsigned char *q = realloc(b->p, new_size ? new_size : 1);
      if (!q) {
        printf("realloc to %zu failed in round %d\n", new_size, round);
        return 3;
      }
      b->p = q;
      check(b, b->size < new_size ? b->size : new_size);
      live = live - b->size + new_size;
      b->size = new_size;
      fill(b);
      reallocs++;
    } else {
      check(b, b->size);
      free(b->p);
      b->p = NULL;
      freed += b->size;
      live -= b->size;
    }
    if (live > peak_live) peak_live = live;
    if (round % 500 == 0)
      printf("round %d: live %zu allocated %llu freed %llu reallocs %llu\n", round, live,
             allocated, freed, reallocs);
  }
  unsigned long long sum = 0;
  for (int i = 0; i < SLOTS; i++) {
    if (slots[i].p) {
      check(&slots[i], slots[i].size);
      for (size_t k = 0; k < slots[i].size; k += 97) sum = sum * 31 + slots[i].p[k];
      free(slots[i].p);
    }
  }
  /* One large allocation after the churn: the heap must still be able to grow. */
  size_t big = 8u << 20;
  char *p = malloc(big);
  if (p) {
    memset(p, 0xa5, big);
    sum += (unsigned char)p[big - 1];
    free(p);
  }
  printf("peak live %zu, checksum %llu, big block %s, errors %u\n", peak_live, sum,
         p ? "ok" : "failed", errors);
  return errors ? 1 : 0;
}
