/* sdk/src/crt0.S: guest entry point for rv32 and rv64 (selected by __riscv_xlen).
 *
 * The host (tandem or qemu-user) starts us with every register zero except sp, and sp pointing
 * at the Linux initial stack: argc, argv[], NULL, envp[], NULL, auxv.  The loader has already
 * copied .data/.tdata and zeroed .bss/.tbss, so there is nothing to copy here.
 *
 * TLS: picolibc keeps errno (and a few other things) in thread-local storage addressed from tp.
 * A guest has a single thread, so its TLS block is the linker's own .tdata/.tbss image, which
 * tandem.ld lays out in place at the start of the writable segment (with room reserved for
 * .tbss); pointing tp at __tls_base is all the set-up needed. */

#if __riscv_xlen == 64
#define LOAD_REG ld
#define STORE_REG sd
#define REG_BYTES 8
#define REG_SHIFT 3
#else
#define LOAD_REG lw
#define STORE_REG sw
#define REG_BYTES 4
#define REG_SHIFT 2
#endif

  /* Its own section so the linker script can put it first, at the start of the text segment. */
  .section .text._start, "ax", @progbits
  .globl _start
  .type _start, @function
_start:
  /* gp must be set without relaxation: a relaxing linker would otherwise turn this very load into
   * a gp-relative one, using the register it is about to set. */
  .option push
  .option norelax
  la gp, __global_pointer$
  .option pop
  la tp, __tls_base

  /* s1 = argc, s2 = argv, s3 = envp: callee-saved, so they survive the constructors. */
  LOAD_REG s1, 0(sp)
  addi s2, sp, REG_BYTES
  slli t0, s1, REG_SHIFT
  add s3, s2, t0
  addi s3, s3, REG_BYTES

  /* getenv() reads picolibc's `environ` (one pointer; always linked, so no weak tricks). */
  la t0, environ
  STORE_REG s3, 0(t0)
  /* The ABI asks for 16-byte alignment at calls; the host already gives it, this keeps a
   * hand-built stack honest too. */
  andi sp, sp, -16

  call __libc_init_array

  mv a0, s1
  mv a1, s2
  mv a2, s3
  call main
  /* exit() runs atexit handlers and destructors (one of which flushes stdout, see syscalls.c)
   * and then _exit. */
  call exit
  /* exit does not return; if it somehow did, fault rather than run into whatever follows. */
2:
  unimp
  j 2b
  .size _start, . - _start
