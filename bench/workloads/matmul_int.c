/* bench/workloads/matmul_int.c: 200x200 integer matrix multiplication, the kind of dense inner
 * loop (load, multiply, add, with strided access to one operand) a linear-algebra coprocessor
 * would take over.  Each iteration multiplies A by B into C and feeds part of C back into B, so
 * iterations cannot be skipped; the checksum is a position-weighted sum of every C. */
#include <stdint.h>
#include <stdio.h>

#include "workload.h"

enum { N = 200 };

static int32_t A[N][N], B[N][N], C[N][N];

static void multiply(void) {
  for (int i = 0; i < N; i++) {
    for (int j = 0; j < N; j++) C[i][j] = 0;
    /* i-k-j order: the inner loop walks rows of B and C contiguously. */
    for (int k = 0; k < N; k++) {
      int32_t a = A[i][k];
      for (int j = 0; j < N; j++) C[i][j] += a * B[k][j];
    }
  }
}

int main(int argc, char **argv) {
  uint64_t iterations = workload_iterations(argc, argv, 80);
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      A[i][j] = (int32_t)(workload_rand() >> 57) - 64; /* -64..63 */
      B[i][j] = (int32_t)(workload_rand() >> 57) - 64;
    }
  uint64_t checksum = 0;
  for (uint64_t it = 0; it < iterations; it++) {
    multiply();
    for (int i = 0; i < N; i++)
      for (int j = 0; j < N; j++) {
        checksum = checksum * 31 + (uint32_t)C[i][j];
        B[i][j] = (C[i][j] & 127) - 64;
      }
  }
  char hex[17];
  uint8_t bytes[8];
  for (int i = 0; i < 8; i++) bytes[i] = (uint8_t)(checksum >> (56 - 8 * i));
  workload_hex(hex, bytes, 8);
  workload_report("matmul_int", iterations, hex);
  return 0;
}
