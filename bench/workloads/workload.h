/* bench/workloads/workload.h: what every benchmark workload shares: how many iterations to run
 * (argv[1], else the run's input under tandem, else the workload's default), a deterministic
 * data generator, and the one-line report.  The same source builds natively (the baseline) and as
 * a guest, and must print the same checksum in both: all arithmetic here is on fixed-width
 * types, never on long or size_t. */
#ifndef TANDEM_WORKLOAD_H
#define TANDEM_WORKLOAD_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "tandem/guest.h"

static inline uint64_t workload_parse(const char *s) {
  uint64_t v = 0;
  int digits = 0;
  while (*s == ' ' || *s == '\t') s++;
  for (; *s >= '0' && *s <= '9' && digits < 18; s++, digits++) v = v * 10 + (uint64_t)(*s - '0');
  return digits ? v : 0;
}

/* The iteration count: argv[1] if given, else a number at the start of the run's input (tandem
 * only; qemu has no such call and stdin is left alone so a terminal never blocks), else
 * `default_iterations`.  Zero or garbage also means the default. */
static inline uint64_t workload_iterations(int argc, char **argv, uint64_t default_iterations) {
  uint64_t n = 0;
  if (argc > 1) {
    n = workload_parse(argv[1]);
  } else if (tandem_input_size() > 0) {
    char buf[24] = {0};
    long got = tandem_input_read(buf, sizeof buf - 1, 0);
    if (got > 0) n = workload_parse(buf);
  }
  return n ? n : default_iterations;
}

/* xorshift64*: the data every workload chews on, identical on every build. */
static uint64_t workload_rng_state = 0x9e3779b97f4a7c15ULL;
static inline uint64_t workload_rand(void) {
  uint64_t x = workload_rng_state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  workload_rng_state = x;
  return x * 0x2545f4914f6cdd1dULL;
}
static inline void workload_fill(uint8_t *p, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) p[i] = (uint8_t)(workload_rand() >> 56);
}

static inline void *workload_alloc(uint32_t n) {
  void *p = malloc(n);
  if (!p) {
    printf("out of memory allocating %u bytes\n", (unsigned)n);
    exit(2);
  }
  return p;
}

/* One line, the same format for every workload, so a harness can compare builds. */
static inline void workload_report(const char *name, uint64_t iterations, const char *checksum) {
  printf("%s iterations=%llu checksum=%s\n", name, (unsigned long long)iterations, checksum);
}

static inline void workload_hex(char *out, const uint8_t *bytes, int n) {
  static const char digits[] = "0123456789abcdef";
  for (int i = 0; i < n; i++) {
    out[2 * i] = digits[bytes[i] >> 4];
    out[2 * i + 1] = digits[bytes[i] & 15];
  }
  out[2 * n] = 0;
}

#endif /* TANDEM_WORKLOAD_H */
