/* tandem/guest.h: what a guest program calls to talk to the tandem host (docs/abi.md).
 *
 * Header-only: every function is a static inline wrapper around one `ecall`, so a guest needs no
 * extra library to use them (except the hash functions' soft and native builds, which run the
 * portable C code in sdk/src/soft/; see below).  The Linux-numbered calls (read, write, exit,
 * brk) are normally used through the C library, which the SDK's syscalls.c wires to them; this
 * header covers tandem's own calls, which have no libc counterpart.
 *
 * Under qemu-user every tandem call returns -ENOSYS (-38); the functions below pass that on, so a
 * program can detect it and fall back (see tandem_present()).  Compiled for a host that is not
 * RISC-V (the "native" build of a workload), the same functions behave as under qemu, except the
 * hash functions, which then compute their result with the portable C code. */
#ifndef TANDEM_GUEST_H
#define TANDEM_GUEST_H

#include <stddef.h>
#include <stdint.h>

#include "tandem/abi_numbers.h"

#if !defined(__riscv)
#include <stdlib.h> /* _Exit */
#endif

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__riscv)

/* Raw call: a7 = number, a0..a2 = arguments.  Returns a0; *value receives a1 (tandem calls put
 * their result there), and on rv32 *value_hi receives a2 (where a 64-bit result's high half would
 * be; see tandem_gas_left). */
static inline long tandem__ecall(long number, long arg0, long arg1, long arg2, long *value,
                                 long *value_hi) {
  register long a0 __asm__("a0") = arg0;
  register long a1 __asm__("a1") = arg1;
  register long a2 __asm__("a2") = arg2;
  register long a7 __asm__("a7") = number;
  __asm__ volatile("ecall" : "+r"(a0), "+r"(a1), "+r"(a2) : "r"(a7) : "memory");
  if (value) *value = a1;
  if (value_hi) *value_hi = a2;
  return a0;
}

/* Raw coprocessor call: a7 = number, a0..a5 = three argument pairs.  Returns a0 (0 or a negative
 * error); *value (when not NULL) receives a1, the operation's value. */
static inline long tandem__ecall6v(long number, long arg0, long arg1, long arg2, long arg3,
                                   long arg4, long arg5, long *value) {
  register long a0 __asm__("a0") = arg0;
  register long a1 __asm__("a1") = arg1;
  register long a2 __asm__("a2") = arg2;
  register long a3 __asm__("a3") = arg3;
  register long a4 __asm__("a4") = arg4;
  register long a5 __asm__("a5") = arg5;
  register long a7 __asm__("a7") = number;
  __asm__ volatile("ecall"
                   : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5)
                   : "r"(a7)
                   : "memory");
  if (value) *value = a1;
  return a0;
}

static inline long tandem__ecall6(long number, long arg0, long arg1, long arg2, long arg3,
                                  long arg4, long arg5) {
  return tandem__ecall6v(number, arg0, arg1, arg2, arg3, arg4, arg5, 0);
}

/* Ends the run at once with exit code `code`: no atexit handlers, no stdio flush (like _exit).
 * Use exit() from <stdlib.h> to flush buffered output first.
 * Args: code: the guest's exit code (the host sees it as the run's exit code).
 * Returns: never. */
__attribute__((noreturn)) static inline void tandem_exit(int code) {
  for (;;) tandem__ecall(TANDEM_SYS_EXIT_GROUP, code, 0, 0, 0, 0);
}

/* Returns: the size in bytes of the run's input, or 0 when there is none or the host does not
 * implement the call (qemu). */
static inline size_t tandem_input_size(void) {
  long value = 0;
  long status = tandem__ecall(TANDEM_SYS_INPUT_SIZE, 0, 0, 0, &value, 0);
  return status == 0 ? (size_t)value : 0;
}

/* Copies up to `len` bytes of the run's input, starting `offset` bytes in, to `dst`.  Random
 * access: it does not move the position that read(0, ...) / stdin use.
 * Args: dst: where to copy; len: at most this many bytes; offset: position in the input.
 * Returns: bytes copied (0 at or past the end), or a negative error: -TANDEM_EFAULT when dst is
 * not writable guest memory, -TANDEM_ENOSYS when the host does not implement the call. */
static inline long tandem_input_read(void *dst, size_t len, size_t offset) {
  long value = 0;
  long status = tandem__ecall(TANDEM_SYS_INPUT_READ, (long)(uintptr_t)dst, (long)len,
                              (long)offset, &value, 0);
  return status == 0 ? value : status;
}

/* Appends `len` bytes at `p` to the run's output (Result::output on the host side), a channel
 * separate from stdout.
 * Args: p: the bytes; len: how many.
 * Returns: 0, or a negative error: -TANDEM_EFAULT when [p, p+len) is not readable guest memory,
 * -TANDEM_ENOSYS when the host does not implement the call. */
static inline int tandem_output(const void *p, size_t len) {
  return (int)tandem__ecall(TANDEM_SYS_OUTPUT, (long)(uintptr_t)p, (long)len, 0, 0, 0);
}

/* Returns: the gas left after this call, or UINT64_MAX when the host does not meter (qemu).
 * On rv32 the value is read from a1 (low half) and a2 (high half); a2 is zeroed before the call
 * so a host that only sets a1 still gives the right answer below 2^32. */
static inline uint64_t tandem_gas_left(void) {
  long value = 0, value_hi = 0;
  long status = tandem__ecall(TANDEM_SYS_GAS_LEFT, 0, 0, 0, &value, &value_hi);
  if (status != 0) return UINT64_MAX;
#if __riscv_xlen == 32
  return ((uint64_t)(uint32_t)value_hi << 32) | (uint32_t)value;
#else
  return (uint64_t)value;
#endif
}

#else /* !__riscv: the native build of a guest source; behaves as under qemu. */

__attribute__((noreturn)) static inline void tandem_exit(int code) { _Exit(code); }
static inline size_t tandem_input_size(void) { return 0; }
static inline long tandem_input_read(void *dst, size_t len, size_t offset) {
  (void)dst, (void)len, (void)offset;
  return -TANDEM_ENOSYS;
}
static inline int tandem_output(const void *p, size_t len) {
  (void)p, (void)len;
  return -TANDEM_ENOSYS;
}
static inline uint64_t tandem_gas_left(void) { return UINT64_MAX; }

#endif /* __riscv */

/* Returns: 1 when running under tandem (its own calls are answered), 0 otherwise (qemu, native). */
static inline int tandem_present(void) { return tandem_output("", 0) == 0; }

/* ---- Hash coprocessor (docs/coprocessors.md) ----
 *
 * Each function returns 0, or a negative error: -TANDEM_EFAULT when a buffer is not guest memory
 * the call may use, -TANDEM_EINVAL for arguments the operation refuses, -TANDEM_ENOSYS when the
 * host has no hash coprocessor (qemu).  Gas is charged before the work (docs/coprocessors.md).
 *
 * Three builds of one source: on RISC-V the calls go to the coprocessor through `ecall` (the
 * "glue" build); compiled with -DTANDEM_SOFT=1 (tandem_add_guest(... SOFT)) they run the SDK's
 * portable C code in sdk/src/soft/ inside the VM instead (the "soft" build); compiled for a host
 * that is not RISC-V they run that same C code natively (the "native" build).  The soft and
 * native builds must link sdk/src/soft/{keccak,sha256,ripemd160,blake2f}.c.  All three give the
 * same bytes. */

/* The portable implementations, callable directly in any build that links them. */
void tandem_soft_keccak256(const void *data, size_t len, uint8_t out[32]);
void tandem_soft_keccakf1600(uint64_t st[25]);
void tandem_soft_sha256(const void *data, size_t len, uint8_t out[32]);
void tandem_soft_ripemd160(const void *data, size_t len, uint8_t out[20]);
void tandem_soft_blake2f(uint32_t rounds, uint64_t h[8], const uint64_t m[16],
                         const uint64_t t[2], int final);
/* The batches (below); 0 or -TANDEM_EINVAL / -TANDEM_ENOMEM, as the coprocessor answers. */
/* Whether count messages of len bytes and their count digests fit a size_t (the batches' rule). */
static inline int tandem__many_fits(size_t len, size_t count) {
  return !count || (len <= SIZE_MAX / count && count <= SIZE_MAX / 32);
}
int tandem_soft_keccak256_many(const void *data, size_t len, size_t count, uint8_t *out);
int tandem_soft_sha256_many(const void *data, size_t len, size_t count, uint8_t *out);

#if defined(__riscv) && !(defined(TANDEM_SOFT) && TANDEM_SOFT)

/* Keccak-256 as Ethereum uses it (padding 0x01, not SHA3-256's 0x06).
 * Out: out: the 32-byte digest.  In: data, len: the message. */
static inline int tandem_keccak256(const void *data, size_t len, uint8_t out[32]) {
  return (int)tandem__ecall6(TANDEM_COPROC_KECCAK256, (long)(uintptr_t)data, (long)len,
                             (long)(uintptr_t)out, 32, 0, 0);
}

/* The Keccak-f[1600] permutation, 24 rounds, in place.  In/Out: st: 25 lanes, lane (x, y) at
 * st[x + 5y]. */
static inline int tandem_keccakf1600(uint64_t st[25]) {
  return (int)tandem__ecall6(TANDEM_COPROC_KECCAKF1600, (long)(uintptr_t)st, 200, 0, 0, 0, 0);
}

/* SHA-256.  Out: out: the 32-byte digest.  In: data, len: the message. */
static inline int tandem_sha256(const void *data, size_t len, uint8_t out[32]) {
  return (int)tandem__ecall6(TANDEM_COPROC_SHA256, (long)(uintptr_t)data, (long)len,
                             (long)(uintptr_t)out, 32, 0, 0);
}

/* RIPEMD-160.  Out: out: the 20-byte digest.  In: data, len: the message. */
static inline int tandem_ripemd160(const void *data, size_t len, uint8_t out[20]) {
  return (int)tandem__ecall6(TANDEM_COPROC_RIPEMD160, (long)(uintptr_t)data, (long)len,
                             (long)(uintptr_t)out, 20, 0, 0);
}

/* Batches of one length: `count` messages of `len` bytes each, back to back from data; the
 * digest of message i goes to out + 32 i.  One call instead of `count` saves the round trip per
 * message, which is most of the cost of a short one: a level of a Merkle tree (len 64) in one
 * call.  out may overlap data (even in place: out == data); the messages are read as they were
 * before the call.  -TANDEM_EINVAL when len * count or 32 * count does not fit a size_t.
 * Gas: what the count single calls would pay, less their ecalls. */
static inline int tandem__hash_many(long number, const void *data, size_t len, size_t count,
                                    uint8_t *out) {
  if (!tandem__many_fits(len, count)) return -TANDEM_EINVAL;
  return (int)tandem__ecall6(number, (long)(uintptr_t)data, (long)(len * count),
                             (long)(uintptr_t)out, (long)(32 * count), (long)count, 0);
}
static inline int tandem_keccak256_many(const void *data, size_t len, size_t count, uint8_t *out) {
  return tandem__hash_many(TANDEM_COPROC_KECCAK256_MANY, data, len, count, out);
}
static inline int tandem_sha256_many(const void *data, size_t len, size_t count, uint8_t *out) {
  return tandem__hash_many(TANDEM_COPROC_SHA256_MANY, data, len, count, out);
}

/* The BLAKE2b compression function F (EIP-152).  In/Out: h: the 8-word state.  In: rounds;
 * m: the 16-word message block; t: the 2-word offset counter; final: 1 for the last block, else 0
 * (anything else is -TANDEM_EINVAL).  m and t go to the coprocessor as one 144-byte block. */
static inline int tandem_blake2f(uint32_t rounds, uint64_t h[8], const uint64_t m[16],
                                 const uint64_t t[2], int final) {
  uint64_t mt[18];
  for (int i = 0; i < 16; i++) mt[i] = m[i];
  mt[16] = t[0];
  mt[17] = t[1];
  return (int)tandem__ecall6(TANDEM_COPROC_BLAKE2F, (long)rounds, (long)final, (long)(uintptr_t)h,
                             64, (long)(uintptr_t)mt, 144);
}

#else /* the soft or native build: the portable C code */

static inline int tandem_keccak256(const void *data, size_t len, uint8_t out[32]) {
  tandem_soft_keccak256(data, len, out);
  return 0;
}
static inline int tandem_keccakf1600(uint64_t st[25]) {
  tandem_soft_keccakf1600(st);
  return 0;
}
static inline int tandem_sha256(const void *data, size_t len, uint8_t out[32]) {
  tandem_soft_sha256(data, len, out);
  return 0;
}
static inline int tandem_ripemd160(const void *data, size_t len, uint8_t out[20]) {
  tandem_soft_ripemd160(data, len, out);
  return 0;
}
static inline int tandem_keccak256_many(const void *data, size_t len, size_t count, uint8_t *out) {
  return tandem_soft_keccak256_many(data, len, count, out);
}
static inline int tandem_sha256_many(const void *data, size_t len, size_t count, uint8_t *out) {
  return tandem_soft_sha256_many(data, len, count, out);
}
static inline int tandem_blake2f(uint32_t rounds, uint64_t h[8], const uint64_t m[16],
                                 const uint64_t t[2], int final) {
  if (final != 0 && final != 1) return -TANDEM_EINVAL;
  tandem_soft_blake2f(rounds, h, m, t, final);
  return 0;
}

#endif /* hash coprocessor */

/* ---- Signatures, big integers and the Ethereum precompiles (docs/coprocessors.md) ----
 *
 * Same conventions and the same three builds as the hash functions.  All integers are big-endian;
 * sig = r (32 bytes) || s (32 bytes); an uncompressed public key is x (32) || y (32), without the
 * 0x04 prefix.  The soft and native builds must also link sdk/src/soft/{sha512,ecdsa,ed25519,
 * modexp,eth_precompile}.c. */

void tandem_soft_sha512(const void *data, size_t len, uint8_t out[64]);
int tandem_soft_secp256k1_recover(const uint8_t hash[32], const uint8_t sig[64], int recid,
                                  uint8_t pub[64]);
int tandem_soft_secp256k1_verify(const uint8_t hash[32], const uint8_t sig[64],
                                 const uint8_t pub[64]);
int tandem_soft_p256_verify(const uint8_t hash[32], const uint8_t sig[64], const uint8_t pub[64]);
int tandem_soft_ed25519_verify(const void *msg, size_t len, const uint8_t sig[64],
                               const uint8_t pub[32]);
int tandem_soft_modexp(const uint8_t *base, size_t blen, const uint8_t *exp, size_t elen,
                       const uint8_t *mod, size_t mlen, uint8_t *out);
int tandem_soft_eth_precompile(uint32_t address, const void *in, size_t in_len, void *out,
                               size_t out_cap, size_t *out_len);
int tandem_soft_eth_precompile_gas(uint32_t address, const void *in, size_t in_len,
                                   uint64_t *gas);

#if defined(__riscv) && !(defined(TANDEM_SOFT) && TANDEM_SOFT)

/* Recovers the secp256k1 public key that signed `hash` (Ethereum's ecrecover, without the
 * address step): r, s in [1, n-1], high s accepted.
 * Out: pub: the key (written only on success).  In: hash; sig: r || s; recid: 0..3 (bit 0: R.y
 * is odd; bit 1: R.x = r + n).
 * Returns: 0; -TANDEM_EBADMSG when no key recovers; -TANDEM_EINVAL when recid is not 0..3. */
static inline int tandem_secp256k1_recover(const uint8_t hash[32], const uint8_t sig[64],
                                           int recid, uint8_t pub[64]) {
  uint8_t hs[96];
  for (int i = 0; i < 32; i++) hs[i] = hash[i];
  for (int i = 0; i < 64; i++) hs[32 + i] = sig[i];
  return (int)tandem__ecall6(TANDEM_COPROC_SECP256K1_RECOVER, (long)(uintptr_t)hs, 96,
                             (long)recid, 0, (long)(uintptr_t)pub, 64);
}

/* ECDSA verification over secp256k1 (low and high s both accepted).
 * In: hash; sig: r || s; pub: the key.
 * Returns: 0 when the signature is valid; -TANDEM_EBADMSG when it is not, or when pub is not a
 * point of the curve. */
static inline int tandem_secp256k1_verify(const uint8_t hash[32], const uint8_t sig[64],
                                          const uint8_t pub[64]) {
  return (int)tandem__ecall6(TANDEM_COPROC_SECP256K1_VERIFY, (long)(uintptr_t)hash, 32,
                             (long)(uintptr_t)sig, 64, (long)(uintptr_t)pub, 64);
}

/* ECDSA verification over NIST P-256 (EIP-7951's rules).  Arguments and returns as
 * tandem_secp256k1_verify. */
static inline int tandem_p256_verify(const uint8_t hash[32], const uint8_t sig[64],
                                     const uint8_t pub[64]) {
  return (int)tandem__ecall6(TANDEM_COPROC_P256_VERIFY, (long)(uintptr_t)hash, 32,
                             (long)(uintptr_t)sig, 64, (long)(uintptr_t)pub, 64);
}

/* Ed25519 verification (RFC 8032, as OpenSSL 3 decides it).
 * In: msg, len: the message; sig: R || S; pub: the 32-byte key.
 * Returns: 0 when valid; -TANDEM_EBADMSG when not. */
static inline int tandem_ed25519_verify(const void *msg, size_t len, const uint8_t sig[64],
                                        const uint8_t pub[32]) {
  return (int)tandem__ecall6(TANDEM_COPROC_ED25519_VERIFY, (long)(uintptr_t)msg, (long)len,
                             (long)(uintptr_t)sig, 64, (long)(uintptr_t)pub, 32);
}

/* base^exp mod mod, any lengths (EIP-198 semantics: a zero modulus gives zero).
 * Out: out: mlen bytes, the result left-padded with zeros (out may be mod itself).
 * In: base, blen; exp, elen; mod, mlen.
 * Returns: 0, or a negative error.  The modulus is copied to out first and handed to the
 * coprocessor in place, which overwrites it with the result. */
static inline int tandem_modexp(const uint8_t *base, size_t blen, const uint8_t *exp, size_t elen,
                                const uint8_t *mod, size_t mlen, uint8_t *out) {
  if (out != mod)
    for (size_t i = 0; i < mlen; i++) out[i] = mod[i];
  return (int)tandem__ecall6(TANDEM_COPROC_MODEXP, (long)(uintptr_t)base, (long)blen,
                             (long)(uintptr_t)exp, (long)elen, (long)(uintptr_t)out, (long)mlen);
}

/* Runs the Ethereum precompile at `address` (0x01..0x05, 0x09, 0x100; Osaka rules) on an input,
 * with Ethereum's exact encoding.
 * Out: out, out_cap: where the output goes; *out_len: its length (0 for ecrecover or P256VERIFY
 * on a bad signature), set only on success.  In: address; in, in_len: the input.
 * Returns: 0; -TANDEM_EBADMSG when the precompile fails (Ethereum: the call reverts);
 * -TANDEM_EINVAL for an unsupported address or when out_cap is below the address's largest
 * output (32 bytes; in_len for identity; Mlen for modexp; 64 for blake2f). */
static inline int tandem_eth_precompile(uint32_t address, const void *in, size_t in_len, void *out,
                                        size_t out_cap, size_t *out_len) {
  long n = 0;
  int status = (int)tandem__ecall6v(TANDEM_COPROC_ETH_PRECOMPILE, (long)address, 0,
                                    (long)(uintptr_t)in, (long)in_len, (long)(uintptr_t)out,
                                    (long)out_cap, &n);
  if (status == 0 && out_len) *out_len = (size_t)n;
  return status;
}

/* The Ethereum gas (Osaka) of that call, without running it.
 * Out: *gas.  In: address; in, in_len: the input.
 * Returns: 0, or -TANDEM_EINVAL for an unsupported address. */
static inline int tandem_eth_precompile_gas(uint32_t address, const void *in, size_t in_len,
                                            uint64_t *gas) {
  uint8_t le[8] = {0};
  int status = (int)tandem__ecall6(TANDEM_COPROC_ETH_PRECOMPILE_GAS, (long)address, 0,
                                   (long)(uintptr_t)in, (long)in_len, (long)(uintptr_t)le, 8);
  if (status == 0) {
    uint64_t g = 0;
    for (int i = 7; i >= 0; i--) g = (g << 8) | le[i];
    *gas = g;
  }
  return status;
}

#else /* the soft or native build: the portable C code */

static inline int tandem_secp256k1_recover(const uint8_t hash[32], const uint8_t sig[64],
                                           int recid, uint8_t pub[64]) {
  return tandem_soft_secp256k1_recover(hash, sig, recid, pub);
}
static inline int tandem_secp256k1_verify(const uint8_t hash[32], const uint8_t sig[64],
                                          const uint8_t pub[64]) {
  return tandem_soft_secp256k1_verify(hash, sig, pub);
}
static inline int tandem_p256_verify(const uint8_t hash[32], const uint8_t sig[64],
                                     const uint8_t pub[64]) {
  return tandem_soft_p256_verify(hash, sig, pub);
}
static inline int tandem_ed25519_verify(const void *msg, size_t len, const uint8_t sig[64],
                                        const uint8_t pub[32]) {
  return tandem_soft_ed25519_verify(msg, len, sig, pub);
}
static inline int tandem_modexp(const uint8_t *base, size_t blen, const uint8_t *exp, size_t elen,
                                const uint8_t *mod, size_t mlen, uint8_t *out) {
  return tandem_soft_modexp(base, blen, exp, elen, mod, mlen, out);
}
static inline int tandem_eth_precompile(uint32_t address, const void *in, size_t in_len, void *out,
                                        size_t out_cap, size_t *out_len) {
  return tandem_soft_eth_precompile(address, in, in_len, out, out_cap, out_len);
}
static inline int tandem_eth_precompile_gas(uint32_t address, const void *in, size_t in_len,
                                            uint64_t *gas) {
  return tandem_soft_eth_precompile_gas(address, in, in_len, gas);
}

#endif /* signatures, big integers, Ethereum */

/* ---- Curves, KZG and NTTs (docs/coprocessors.md) ----
 *
 * Same conventions and the same three builds as above.  Encodings are Ethereum's, so precompile
 * inputs pass through unchanged:
 *  - BN254 (EIP-196/197): Fp elements 32 bytes big-endian; G1 = x || y (64 bytes, all zero is the
 *    point at infinity); G2 = x.c1 || x.c0 || y.c1 || y.c0 (128 bytes, imaginary parts first).
 *  - BLS12-381 (EIP-2537): Fp elements 64 bytes big-endian whose first 16 bytes are zero; G1 =
 *    x || y (128 bytes); G2 = x.c0 || x.c1 || y.c0 || y.c1 (256 bytes); all zero is infinity.
 *  - Scalars: 32 bytes big-endian, any value.  MSM input: k records of point || scalar.
 * Points must be on the curve (-TANDEM_EINVAL otherwise); MSM, pairing and table inputs must
 * also be in the prime-order subgroup.  A pairing check or a KZG proof that does not hold is
 * -TANDEM_EBADMSG.  Tables keep decoded, checked points on the host behind a handle, for many
 * MSMs over the same points (a KZG setup, a fixed basis): only the scalars cross per call; free
 * them with tandem_release (they are freed with the machine anyway).  The soft and native
 * builds must also link sdk/src/soft/{ec.cpp,ntt.c} and the curve sources they name. */

/* NTT fields (ntt.h in the tandem tree has the formulas): elements are canonical, little-endian:
 * Goldilocks 2^64 - 2^32 + 1 as uint64_t, BabyBear 15 * 2^27 + 1 as uint32_t, the BN254 scalar
 * field as 32 bytes (4 little-endian 64-bit limbs).  log_n <= 24. */
#define TANDEM_NTT_GOLDILOCKS 0
#define TANDEM_NTT_BABYBEAR 1
#define TANDEM_NTT_BN254 2
#define TANDEM_NTT_FORWARD 0
#define TANDEM_NTT_INVERSE 1
#define TANDEM_NTT_COSET_FORWARD 2
#define TANDEM_NTT_COSET_INVERSE 3

int tandem_soft_bn254_add(const uint8_t a[64], const uint8_t b[64], uint8_t out[64]);
int tandem_soft_bn254_mul(const uint8_t p[64], const uint8_t k[32], uint8_t out[64]);
int tandem_soft_bn254_msm(const uint8_t *pairs, size_t k, uint8_t out[64]);
int tandem_soft_bn254_pairing_check(const uint8_t *pairs, size_t k);
long tandem_soft_bn254_table(const uint8_t *points, size_t k);
int tandem_soft_bn254_msm_table(long table, const uint8_t *scalars, size_t k, uint8_t out[64]);
int tandem_soft_bls12_381_g1_add(const uint8_t a[128], const uint8_t b[128], uint8_t out[128]);
int tandem_soft_bls12_381_g2_add(const uint8_t a[256], const uint8_t b[256], uint8_t out[256]);
int tandem_soft_bls12_381_g1_msm(const uint8_t *pairs, size_t k, uint8_t out[128]);
int tandem_soft_bls12_381_g2_msm(const uint8_t *pairs, size_t k, uint8_t out[256]);
int tandem_soft_bls12_381_pairing_check(const uint8_t *pairs, size_t k);
int tandem_soft_bls12_381_map_fp_to_g1(const uint8_t fp[64], uint8_t out[128]);
int tandem_soft_bls12_381_map_fp2_to_g2(const uint8_t fp2[128], uint8_t out[256]);
long tandem_soft_bls12_381_g1_table(const uint8_t *points, size_t k);
int tandem_soft_bls12_381_g1_msm_table(long table, const uint8_t *scalars, size_t k,
                                       uint8_t out[128]);
int tandem_soft_kzg_verify(const uint8_t commitment[48], const uint8_t z[32], const uint8_t y[32],
                           const uint8_t proof[48]);
int tandem_soft_release(long handle);
int tandem_soft_ntt(int field, unsigned log_n, void *data, size_t count, int kind);
long tandem_soft_ntt_plan(int field, unsigned log_n);
int tandem_soft_ntt_plan_transform(long plan, int kind, void *data, size_t len);

#if defined(__riscv) && !(defined(TANDEM_SOFT) && TANDEM_SOFT)

#define TANDEM__P(x) ((long)(uintptr_t)(x))

/* BN254 G1 addition (EIP-196 ECADD).  Out: out = a + b.  In: a, b. */
static inline int tandem_bn254_add(const uint8_t a[64], const uint8_t b[64], uint8_t out[64]) {
  return (int)tandem__ecall6(TANDEM_COPROC_BN254_ADD, TANDEM__P(a), 64, TANDEM__P(b), 64,
                             TANDEM__P(out), 64);
}
/* BN254 G1 scalar multiplication (EIP-196 ECMUL).  Out: out = k * p.  In: p; k. */
static inline int tandem_bn254_mul(const uint8_t p[64], const uint8_t k[32], uint8_t out[64]) {
  return (int)tandem__ecall6(TANDEM_COPROC_BN254_MUL, TANDEM__P(p), 64, TANDEM__P(k), 32,
                             TANDEM__P(out), 64);
}
/* BN254 G1 multi-scalar multiplication.  Out: out = sum k_i P_i.  In: pairs: k >= 1 records of
 * point (64) || scalar (32). */
static inline int tandem_bn254_msm(const uint8_t *pairs, size_t k, uint8_t out[64]) {
  return (int)tandem__ecall6(TANDEM_COPROC_BN254_MSM, TANDEM__P(pairs), (long)(96 * k),
                             TANDEM__P(out), 64, 0, 0);
}
/* BN254 pairing check (EIP-197).  In: pairs: k >= 1 records of G1 (64) || G2 (128).
 * Returns: 0 when the product of the pairings is one; -TANDEM_EBADMSG when it is not. */
static inline int tandem_bn254_pairing_check(const uint8_t *pairs, size_t k) {
  return (int)tandem__ecall6(TANDEM_COPROC_BN254_PAIRING_CHECK, TANDEM__P(pairs), (long)(192 * k),
                             0, 0, 0, 0);
}
/* Keeps k BN254 G1 points (64 bytes each) on the host for tandem_bn254_msm_table.
 * Returns: a handle (> 0), or a negative error (-TANDEM_ENOMEM over the resident memory limit). */
static inline long tandem_bn254_table(const uint8_t *points, size_t k) {
  long h = 0;
  long s = tandem__ecall6v(TANDEM_COPROC_BN254_TABLE, TANDEM__P(points), (long)(64 * k), 0, 0, 0,
                           0, &h);
  return s < 0 ? s : h;
}
/* sum k_i P_i over the first k points of a table.  In: table; scalars: k x 32 bytes. */
static inline int tandem_bn254_msm_table(long table, const uint8_t *scalars, size_t k,
                                         uint8_t out[64]) {
  return (int)tandem__ecall6(TANDEM_COPROC_BN254_MSM_TABLE, table, 0, TANDEM__P(scalars),
                             (long)(32 * k), TANDEM__P(out), 64);
}

/* BLS12-381 G1 and G2 addition (EIP-2537 G1ADD, G2ADD; no subgroup check, as there). */
static inline int tandem_bls12_381_g1_add(const uint8_t a[128], const uint8_t b[128],
                                          uint8_t out[128]) {
  return (int)tandem__ecall6(TANDEM_COPROC_BLS12_381_G1_ADD, TANDEM__P(a), 128, TANDEM__P(b), 128,
                             TANDEM__P(out), 128);
}
static inline int tandem_bls12_381_g2_add(const uint8_t a[256], const uint8_t b[256],
                                          uint8_t out[256]) {
  return (int)tandem__ecall6(TANDEM_COPROC_BLS12_381_G2_ADD, TANDEM__P(a), 256, TANDEM__P(b), 256,
                             TANDEM__P(out), 256);
}
/* BLS12-381 multi-scalar multiplication (EIP-2537 G1MSM, G2MSM): k >= 1 records of point ||
 * scalar (160 or 288 bytes). */
static inline int tandem_bls12_381_g1_msm(const uint8_t *pairs, size_t k, uint8_t out[128]) {
  return (int)tandem__ecall6(TANDEM_COPROC_BLS12_381_G1_MSM, TANDEM__P(pairs), (long)(160 * k),
                             TANDEM__P(out), 128, 0, 0);
}
static inline int tandem_bls12_381_g2_msm(const uint8_t *pairs, size_t k, uint8_t out[256]) {
  return (int)tandem__ecall6(TANDEM_COPROC_BLS12_381_G2_MSM, TANDEM__P(pairs), (long)(288 * k),
                             TANDEM__P(out), 256, 0, 0);
}
/* BLS12-381 pairing check (EIP-2537 PAIRING_CHECK): k >= 1 records of G1 (128) || G2 (256).
 * Returns: 0 when the product is one; -TANDEM_EBADMSG when it is not. */
static inline int tandem_bls12_381_pairing_check(const uint8_t *pairs, size_t k) {
  return (int)tandem__ecall6(TANDEM_COPROC_BLS12_381_PAIRING_CHECK, TANDEM__P(pairs),
                             (long)(384 * k), 0, 0, 0, 0);
}
/* EIP-2537 MAP_FP_TO_G1 and MAP_FP2_TO_G2 (RFC 9380's SSWU map and cofactor clearing). */
static inline int tandem_bls12_381_map_fp_to_g1(const uint8_t fp[64], uint8_t out[128]) {
  return (int)tandem__ecall6(TANDEM_COPROC_BLS12_381_MAP_G1, TANDEM__P(fp), 64, TANDEM__P(out),
                             128, 0, 0);
}
static inline int tandem_bls12_381_map_fp2_to_g2(const uint8_t fp2[128], uint8_t out[256]) {
  return (int)tandem__ecall6(TANDEM_COPROC_BLS12_381_MAP_G2, TANDEM__P(fp2), 128, TANDEM__P(out),
                             256, 0, 0);
}
/* A table of k BLS12-381 G1 points (128 bytes each, subgroup-checked once), as for BN254. */
static inline long tandem_bls12_381_g1_table(const uint8_t *points, size_t k) {
  long h = 0;
  long s = tandem__ecall6v(TANDEM_COPROC_BLS12_381_G1_TABLE, TANDEM__P(points), (long)(128 * k),
                           0, 0, 0, 0, &h);
  return s < 0 ? s : h;
}
static inline int tandem_bls12_381_g1_msm_table(long table, const uint8_t *scalars, size_t k,
                                                uint8_t out[128]) {
  return (int)tandem__ecall6(TANDEM_COPROC_BLS12_381_G1_MSM_TABLE, table, 0, TANDEM__P(scalars),
                             (long)(32 * k), TANDEM__P(out), 128);
}
/* KZG proof verification over BLS12-381 with Ethereum's trusted setup (EIP-4844's
 * verify_kzg_proof; commitment and proof are 48-byte compressed G1 points, z and y canonical
 * 32-byte big-endian scalars).  Returns: 0 when the proof holds; -TANDEM_EBADMSG when not. */
static inline int tandem_kzg_verify(const uint8_t commitment[48], const uint8_t z[32],
                                    const uint8_t y[32], const uint8_t proof[48]) {
  uint8_t in[160];
  for (int i = 0; i < 48; i++) in[i] = commitment[i], in[112 + i] = proof[i];
  for (int i = 0; i < 32; i++) in[48 + i] = z[i], in[80 + i] = y[i];
  return (int)tandem__ecall6(TANDEM_COPROC_KZG_VERIFY, TANDEM__P(in), 160, 0, 0, 0, 0);
}
/* Frees a resident object (a table or an NTT plan).  Returns 0, or -TANDEM_EINVAL. */
static inline int tandem_release(long handle) {
  return (int)tandem__ecall6(TANDEM_COPROC_RELEASE, handle, 0, 0, 0, 0, 0);
}

/* Transforms `count` polynomials of 2^log_n elements at data in place (kind: TANDEM_NTT_*).
 * Returns: 0, or -TANDEM_EINVAL (a field, size or kind out of range, or an element >= p: the
 * data is then unchanged). */
static inline int tandem_ntt(int field, unsigned log_n, void *data, size_t count, int kind) {
  const size_t elem = field == TANDEM_NTT_GOLDILOCKS ? 8 : field == TANDEM_NTT_BABYBEAR ? 4 : 32;
  return (int)tandem__ecall6(TANDEM_COPROC_NTT, field, (long)log_n, TANDEM__P(data),
                             (long)((elem << log_n) * count), kind, 0);
}
/* A plan (twiddle tables) kept on the host for many transforms of one field and size.
 * Returns: a handle (> 0), or a negative error. */
static inline long tandem_ntt_plan(int field, unsigned log_n) {
  long h = 0;
  long s = tandem__ecall6v(TANDEM_COPROC_NTT_PLAN, field, (long)log_n, 0, 0, 0, 0, &h);
  return s < 0 ? s : h;
}
/* Transforms with a plan: data, len: a positive whole number of polynomials of the plan's size
 * (len in bytes). */
static inline int tandem_ntt_plan_transform(long plan, int kind, void *data, size_t len) {
  return (int)tandem__ecall6(TANDEM_COPROC_NTT_PLAN_TRANSFORM, plan, kind, TANDEM__P(data),
                             (long)len, 0, 0);
}

#undef TANDEM__P

#else /* the soft or native build */

static inline int tandem_bn254_add(const uint8_t a[64], const uint8_t b[64], uint8_t out[64]) {
  return tandem_soft_bn254_add(a, b, out);
}
static inline int tandem_bn254_mul(const uint8_t p[64], const uint8_t k[32], uint8_t out[64]) {
  return tandem_soft_bn254_mul(p, k, out);
}
static inline int tandem_bn254_msm(const uint8_t *pairs, size_t k, uint8_t out[64]) {
  return tandem_soft_bn254_msm(pairs, k, out);
}
static inline int tandem_bn254_pairing_check(const uint8_t *pairs, size_t k) {
  return tandem_soft_bn254_pairing_check(pairs, k);
}
static inline long tandem_bn254_table(const uint8_t *points, size_t k) {
  return tandem_soft_bn254_table(points, k);
}
static inline int tandem_bn254_msm_table(long table, const uint8_t *scalars, size_t k,
                                         uint8_t out[64]) {
  return tandem_soft_bn254_msm_table(table, scalars, k, out);
}
static inline int tandem_bls12_381_g1_add(const uint8_t a[128], const uint8_t b[128],
                                          uint8_t out[128]) {
  return tandem_soft_bls12_381_g1_add(a, b, out);
}
static inline int tandem_bls12_381_g2_add(const uint8_t a[256], const uint8_t b[256],
                                          uint8_t out[256]) {
  return tandem_soft_bls12_381_g2_add(a, b, out);
}
static inline int tandem_bls12_381_g1_msm(const uint8_t *pairs, size_t k, uint8_t out[128]) {
  return tandem_soft_bls12_381_g1_msm(pairs, k, out);
}
static inline int tandem_bls12_381_g2_msm(const uint8_t *pairs, size_t k, uint8_t out[256]) {
  return tandem_soft_bls12_381_g2_msm(pairs, k, out);
}
static inline int tandem_bls12_381_pairing_check(const uint8_t *pairs, size_t k) {
  return tandem_soft_bls12_381_pairing_check(pairs, k);
}
static inline int tandem_bls12_381_map_fp_to_g1(const uint8_t fp[64], uint8_t out[128]) {
  return tandem_soft_bls12_381_map_fp_to_g1(fp, out);
}
static inline int tandem_bls12_381_map_fp2_to_g2(const uint8_t fp2[128], uint8_t out[256]) {
  return tandem_soft_bls12_381_map_fp2_to_g2(fp2, out);
}
static inline long tandem_bls12_381_g1_table(const uint8_t *points, size_t k) {
  return tandem_soft_bls12_381_g1_table(points, k);
}
static inline int tandem_bls12_381_g1_msm_table(long table, const uint8_t *scalars, size_t k,
                                                uint8_t out[128]) {
  return tandem_soft_bls12_381_g1_msm_table(table, scalars, k, out);
}
static inline int tandem_kzg_verify(const uint8_t commitment[48], const uint8_t z[32],
                                    const uint8_t y[32], const uint8_t proof[48]) {
  return tandem_soft_kzg_verify(commitment, z, y, proof);
}
static inline int tandem_release(long handle) { return tandem_soft_release(handle); }
static inline int tandem_ntt(int field, unsigned log_n, void *data, size_t count, int kind) {
  return tandem_soft_ntt(field, log_n, data, count, kind);
}
static inline long tandem_ntt_plan(int field, unsigned log_n) {
  return tandem_soft_ntt_plan(field, log_n);
}
static inline int tandem_ntt_plan_transform(long plan, int kind, void *data, size_t len) {
  return tandem_soft_ntt_plan_transform(plan, kind, data, len);
}

#endif /* curves, KZG, NTT */

#ifdef __cplusplus
}
#endif

#endif /* TANDEM_GUEST_H */
