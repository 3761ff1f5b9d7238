/* tests/diff/programs/strings.c: the C library's string, memory, conversion and sorting
 * routines, compared between tandem and qemu.  Exercises byte and word loads/stores at every
 * alignment (memcpy/memmove/memset in picolibc copy word-wise once aligned). */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned fnv(const void *p, size_t n) {
  const unsigned char *b = p;
  unsigned h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 16777619u;
  return h;
}

static void memory_ops(void) {
  printf("-- memcpy/memmove/memset/memcmp at all alignments\n");
  static unsigned char src[300], dst[300];
  for (int i = 0; i < 300; i++) src[i] = (unsigned char)(i * 37 + 11);
  for (int so = 0; so < 8; so++) {
    for (int dof = 0; dof < 8; dof++) {
      for (int len = 0; len < 70; len += 13) {
        memset(dst, 0xee, sizeof dst);
        memcpy(dst + dof, src + so, (size_t)len);
        printf("%x", fnv(dst, 100) & 0xf);
      }
    }
    printf("\n");
  }
  for (int shift = -9; shift <= 9; shift += 3) {
    unsigned char buf[128];
    for (int i = 0; i < 128; i++) buf[i] = (unsigned char)i;
    memmove(buf + 40 + shift, buf + 40, 50);
    printf("memmove %d: %08x\n", shift, fnv(buf, sizeof buf));
  }
  unsigned char a[40], b[40];
  memset(a, 'x', sizeof a);
  memset(b, 'x', sizeof b);
  b[33] = 'y';
  printf("memcmp %d %d %d\n", memcmp(a, b, 33) == 0, memcmp(a, b, 34) < 0, memcmp(b, a, 40) > 0);
  printf("memchr %td\n", (unsigned char *)memchr(b, 'y', 40) - b);
}

static void string_ops(void) {
  printf("-- str*\n");
  char buf[128];
  strcpy(buf, "The quick brown fox");
  strcat(buf, " jumps over the lazy dog");
  printf("%s (%zu)\n", buf, strlen(buf));
  printf("strchr %s | strrchr %s | strstr %s\n", strchr(buf, 'q'), strrchr(buf, 'o'),
         strstr(buf, "lazy"));
  printf("strcmp %d %d %d strncmp %d\n", strcmp("abc", "abd") < 0, strcmp("b", "a") > 0,
         strcmp("same", "same"), strncmp("prefix-one", "prefix-two", 7));
  printf("strspn %zu strcspn %zu\n", strspn("aaabbbccc", "ab"), strcspn("hello, world", ",!"));
  char copy[16];
  strncpy(copy, "abcdefghijklmnopqrstuvwxyz", sizeof copy - 1);
  copy[sizeof copy - 1] = 0;
  printf("strncpy %s\n", copy);
  char tok[] = "alpha,beta;;gamma delta,,epsilon";
  int count = 0;
  for (char *t = strtok(tok, ",; "); t; t = strtok(NULL, ",; ")) printf("token %d: %s\n", count++, t);
  for (char *p = buf; *p; p++) *p = (char)(islower((unsigned char)*p) ? toupper((unsigned char)*p) : tolower((unsigned char)*p));
  printf("swapped case: %s\n", buf);
  char *dup = strdup("duplicated");
  printf("strdup %s %zu\n", dup, strlen(dup));
  free(dup);
}

static void conversions(void) {
  printf("-- conversions\n");
  const char *nums[] = {"0", "42", "-17", "  +99xyz", "0x1F", "0777", "2147483647", "-2147483648",
                        "9223372036854775807", "99999999999999999999", "junk", "1e5"};
  for (unsigned i = 0; i < sizeof nums / sizeof nums[0]; i++) {
    char *end;
    long v10 = strtol(nums[i], &end, 10);
    long long v0 = strtoll(nums[i], NULL, 0);
    unsigned long u16 = strtoul(nums[i], NULL, 16);
    double d = strtod(nums[i], NULL);
    printf("'%s': strtol %ld (rest '%s') strtoll0 %lld strtoul16 %lu atoi %d strtod %g\n", nums[i],
           v10, end, v0, u16, atoi(nums[i]), d);
  }
  const char *floats[] = {"3.25", "-0.001", "1e-5", "6.02e23", "inf", "nan", ".5", "123456789.125"};
  for (unsigned i = 0; i < sizeof floats / sizeof floats[0]; i++)
    printf("strtod('%s') = %.17g\n", floats[i], strtod(floats[i], NULL));
}

static int cmp_int(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}
static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}
struct rec {
  int key;
  char name[12];
};
static int cmp_rec(const void *a, const void *b) {
  const struct rec *x = a, *y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  return strcmp(x->name, y->name);
}

static void sorting(void) {
  printf("-- qsort/bsearch\n");
  enum { N = 2000 };
  static int values[N];
  uint32_t s = 7;
  for (int i = 0; i < N; i++) {
    s = s * 1103515245u + 12345u;
    values[i] = (int)(s >> 8) % 5000 - 2500;
  }
  qsort(values, N, sizeof values[0], cmp_int);
  int sorted = 1;
  for (int i = 1; i < N; i++) sorted &= values[i - 1] <= values[i];
  printf("sorted %d first %d last %d median %d hash %08x\n", sorted, values[0], values[N - 1],
         values[N / 2], fnv(values, sizeof values));
  for (int key = -2500; key < 2500; key += 611) {
    int *hit = bsearch(&key, values, N, sizeof values[0], cmp_int);
    printf("bsearch %d: %s\n", key, hit ? "found" : "absent");
  }
  const char *names[] = {"pear", "apple", "fig", "banana", "kiwi", "cherry", "date", "apricot"};
  qsort(names, 8, sizeof names[0], cmp_str);
  for (int i = 0; i < 8; i++) printf("%s%s", names[i], i < 7 ? " " : "\n");
  struct rec recs[10];
  for (int i = 0; i < 10; i++) {
    recs[i].key = (i * 7) % 4;
    snprintf(recs[i].name, sizeof recs[i].name, "r%d", 9 - i);
  }
  qsort(recs, 10, sizeof recs[0], cmp_rec);
  for (int i = 0; i < 10; i++) printf("(%d,%s)", recs[i].key, recs[i].name);
  printf("\n");
}

int main(void) {
  memory_ops();
  string_ops();
  conversions();
  sorting();
  return 3;
}
