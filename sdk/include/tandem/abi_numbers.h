/* tandem/abi_numbers.h: the guest ABI's ecall numbers and error values, in one place.
 * docs/abi.md is the contract; a test checks these values against its tables, so change both
 * together (and never renumber a published call).  Plain #defines so that C, C++ and assembly
 * can all include this file. */
#ifndef TANDEM_ABI_NUMBERS_H
#define TANDEM_ABI_NUMBERS_H

/* Linux subset: numbers from the Linux RISC-V ABI (the same on rv32 and rv64), so a guest that
 * uses only these also runs under qemu-riscv64 / qemu-riscv32. */
#define TANDEM_SYS_READ 63
#define TANDEM_SYS_WRITE 64
#define TANDEM_SYS_EXIT 93
#define TANDEM_SYS_EXIT_GROUP 94
#define TANDEM_SYS_BRK 214

/* tandem's own calls: status in a0, value in a1. */
#define TANDEM_SYS_INPUT_SIZE 0x1000
#define TANDEM_SYS_INPUT_READ 0x1001
#define TANDEM_SYS_OUTPUT 0x1002
#define TANDEM_SYS_GAS_LEFT 0x1003

/* Coprocessor calls occupy this range. */
#define TANDEM_SYS_COPROC_FIRST 0x2000
#define TANDEM_SYS_COPROC_LAST 0x2fff

/* Coprocessor operations (docs/coprocessors.md).  The hash family, 0x2100..0x21ff: */
#define TANDEM_COPROC_KECCAK256 0x2100   /* in data, out 32 bytes */
#define TANDEM_COPROC_KECCAKF1600 0x2101 /* inout 200 bytes: 25 little-endian lanes */
#define TANDEM_COPROC_SHA256 0x2102      /* in data, out 32 bytes */
#define TANDEM_COPROC_RIPEMD160 0x2103   /* in data, out 20 bytes */
#define TANDEM_COPROC_BLAKE2F 0x2104     /* value (rounds, final), inout h 64, in m+t 144 */

/* The signature family, 0x2200..0x22ff: */
#define TANDEM_COPROC_SECP256K1_RECOVER 0x2200 /* in hash 32 + sig 64, value (recid), out pub 64 */
#define TANDEM_COPROC_SECP256K1_VERIFY 0x2201  /* in hash 32, in sig 64, in pub 64 */
#define TANDEM_COPROC_P256_VERIFY 0x2202       /* in hash 32, in sig 64, in pub 64 */
#define TANDEM_COPROC_ED25519_VERIFY 0x2203    /* in message, in sig 64, in pub 32 */

/* The big-integer family, 0x2300..0x23ff: */
#define TANDEM_COPROC_MODEXP 0x2300 /* in base, in exp, inout mod -> result (same length) */

/* The Ethereum precompile profile, 0x2400..0x24ff: */
#define TANDEM_COPROC_ETH_PRECOMPILE 0x2400     /* value (address), in input, out output; a1 = length */
#define TANDEM_COPROC_ETH_PRECOMPILE_GAS 0x2401 /* value (address), in input, out 8 bytes: gas (LE) */

/* Error values, returned negated. */
#define TANDEM_EBADF 9
#define TANDEM_EFAULT 14
#define TANDEM_EINVAL 22
#define TANDEM_ENOSYS 38
#define TANDEM_EBADMSG 74

#endif /* TANDEM_ABI_NUMBERS_H */
