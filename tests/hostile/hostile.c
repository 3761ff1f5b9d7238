/* tests/hostile/hostile.c: a guest that misbehaves on purpose, one way per mode (argv[1]).
 * tests/hostile/hostile_test.cpp runs each mode and checks the documented outcome; the host must
 * stay intact whatever the guest does.  Built for rv64 and rv32. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tandem/abi_numbers.h"
#include "tandem/guest.h"

static long raw_syscall(long n, long a0, long a1, long a2) {
  register long r0 __asm__("a0") = a0;
  register long r1 __asm__("a1") = a1;
  register long r2 __asm__("a2") = a2;
  register long r7 __asm__("a7") = n;
  __asm__ volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r7) : "memory");
  return r0;
}

static volatile uintptr_t sink;

__attribute__((noinline)) static unsigned recurse(unsigned n) {
  volatile char pad[256];
  pad[0] = (char)n;
  return recurse(n + 1) + pad[0];
}

static uint32_t data_word = 0x00000013; /* an addi x0,x0,0 (nop) sitting in writable data */

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  const char *m = argv[1];
  if (!strcmp(m, "loop")) {
    for (;;) sink++;
  } else if (!strcmp(m, "recursion")) {
    return (int)recurse(0);
  } else if (!strcmp(m, "heap_bomb")) {
    /* Allocate until malloc says no, then exit cleanly: the heap stops at the guard. */
    size_t total = 0;
    for (;;) {
      void *p = malloc(1 << 20);
      if (!p) break;
      memset(p, 0xab, 1 << 20);
      sink = (uintptr_t)p; /* escapes, so the compiler cannot elide the allocation */
      total += 1 << 20;
    }
    printf("heap exhausted after %zu MiB\n", total >> 20);
    return 0;
  } else if (!strcmp(m, "brk_past_end")) {
    /* Write just past the program break. */
    uintptr_t end = (uintptr_t)raw_syscall(TANDEM_SYS_BRK, 0, 0, 0);
    *(volatile char *)end = 1;
  } else if (!strcmp(m, "null_read")) {
    sink = *(volatile uintptr_t *)0;
  } else if (!strcmp(m, "null_write")) {
    *(volatile uintptr_t *)0 = 1;
  } else if (!strcmp(m, "wild_read")) {
    sink = *(volatile uint32_t *)(uintptr_t)(sizeof(void *) == 8 ? 0x7fffdead0000ull : 0xfffffff0u);
  } else if (!strcmp(m, "wild_write")) {
    *(volatile uint32_t *)(uintptr_t)(sizeof(void *) == 8 ? 0x7fffdead0000ull : 0xfffffff0u) = 1;
  } else if (!strcmp(m, "code_write")) {
    *(volatile uint32_t *)(uintptr_t)&main = 0;
  } else if (!strcmp(m, "jump_data")) {
    ((void (*)(void))(uintptr_t)&data_word)();
  } else if (!strcmp(m, "jump_mid")) {
    /* The upper half of `lui x0, 0` (0x00000037) is 0x0000, an illegal compressed encoding. */
    __asm__ volatile(
        "la t0, 1f\n"
        "addi t0, t0, 2\n"
        "jr t0\n"
        ".option push\n.option norvc\n"
        "1: .word 0x00000037\n"
        ".option pop\n" ::: "t0");
  } else if (!strcmp(m, "bad_write_ptr")) {
    /* A write(2) from a buffer outside the sandbox is refused with -EFAULT; the guest goes on. */
    long r1 = raw_syscall(TANDEM_SYS_WRITE, 1, 0x10, 8);
    long r2 = raw_syscall(TANDEM_SYS_WRITE, 1, (long)"ok", -1L);
    long r3 = raw_syscall(TANDEM_SYS_READ, 0, (long)(uintptr_t)&main, 4);
    printf("%ld %ld %ld\n", r1, r2, r3);
    return (r1 == -TANDEM_EFAULT && r2 == -TANDEM_EFAULT) ? 0 : 1;
  } else if (!strcmp(m, "huge_lengths")) {
    /* Lengths near 2^XLEN with pointers that would wrap past the end. */
    char buf[8];
    long r1 = raw_syscall(TANDEM_SYS_WRITE, 1, (long)buf, (long)(~0UL - 2));
    long r2 = raw_syscall(TANDEM_SYS_INPUT_READ, (long)buf, (long)~0UL, 0);
    long r3 = raw_syscall(TANDEM_SYS_OUTPUT, (long)(~0UL - 3), 8, 0);
    printf("%ld %ld %ld\n", r1, r2, r3);
    return (r1 == -TANDEM_EFAULT && r2 == 0 && r3 == -TANDEM_EFAULT) ? 0 : 1;
  } else if (!strcmp(m, "misaligned_args")) {
    /* Unaligned buffers are fine for system calls. */
    static char text[] = "xhello\n";
    long r = raw_syscall(TANDEM_SYS_WRITE, 1, (long)(text + 1), 6);
    return r == 6 ? 0 : 1;
  } else if (!strcmp(m, "unknown_syscall")) {
    long r = raw_syscall(999, 0, 0, 0);
    return r == -TANDEM_ENOSYS ? 0 : 1;
  } else if (!strcmp(m, "gas_in_syscall")) {
    /* One write large enough that the gas left cannot pay for it. */
    static char big[1 << 20];
    raw_syscall(TANDEM_SYS_WRITE, 1, (long)big, sizeof big);
    return 0;
  } else if (!strcmp(m, "rv64_only")) {
    /* `ld a0, 0(sp)`: legal on rv64, illegal on rv32. */
    __asm__ volatile(".option push\n.option norvc\n.word 0x00013503\n.option pop\n" ::: "a0");
    return 0;
  } else if (!strcmp(m, "ebreak")) {
    __asm__ volatile("ebreak");
  } else if (!strcmp(m, "misaligned_atomic")) {
    static uint32_t w[2];
    uintptr_t p = (uintptr_t)w + 1;
    __asm__ volatile("amoadd.w zero, zero, (%0)" ::"r"(p) : "memory");
  }
  return 3;
}
