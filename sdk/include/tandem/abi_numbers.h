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

/* Coprocessor operations (docs/coprocessors.md).  The bus itself, 0x2000..0x20ff: */
#define TANDEM_COPROC_NOOP 0x2000    /* nothing */
#define TANDEM_COPROC_COPY 0x2001    /* in src, out dst; a1 = bytes copied */
#define TANDEM_COPROC_RELEASE 0x2002 /* value (handle): frees a resident object */

/* The hash family, 0x2100..0x21ff: */
#define TANDEM_COPROC_KECCAK256 0x2100   /* in data, out 32 bytes */
#define TANDEM_COPROC_KECCAKF1600 0x2101 /* inout 200 bytes: 25 little-endian lanes */
#define TANDEM_COPROC_SHA256 0x2102      /* in data, out 32 bytes */
#define TANDEM_COPROC_RIPEMD160 0x2103   /* in data, out 20 bytes */
#define TANDEM_COPROC_BLAKE2F 0x2104     /* value (rounds, final), inout h 64, in m+t 144 */
#define TANDEM_COPROC_KECCAK256_MANY 0x2105 /* in count messages, out 32 * count, value (count) */
#define TANDEM_COPROC_SHA256_MANY 0x2106    /* in count messages, out 32 * count, value (count) */

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

/* The curve family, 0x2500..0x25ff (Ethereum's encodings: EIP-196/197 for BN254, EIP-2537 for
 * BLS12-381).  A check that does not hold is -EBADMSG. */
#define TANDEM_COPROC_BN254_ADD 0x2500           /* in a 64, in b 64, out 64 */
#define TANDEM_COPROC_BN254_MUL 0x2501           /* in point 64, in scalar 32, out 64 */
#define TANDEM_COPROC_BN254_MSM 0x2502           /* in k x (point 64, scalar 32), out 64 */
#define TANDEM_COPROC_BN254_PAIRING_CHECK 0x2503 /* in k x (G1 64, G2 128) */
#define TANDEM_COPROC_BN254_TABLE 0x2504         /* in k points x 64; a1 = handle */
#define TANDEM_COPROC_BN254_MSM_TABLE 0x2505     /* value (handle), in k scalars x 32, out 64 */
#define TANDEM_COPROC_BLS12_381_G1_ADD 0x2510    /* in a 128, in b 128, out 128 */
#define TANDEM_COPROC_BLS12_381_G2_ADD 0x2511    /* in a 256, in b 256, out 256 */
#define TANDEM_COPROC_BLS12_381_G1_MSM 0x2512    /* in k x (point 128, scalar 32), out 128 */
#define TANDEM_COPROC_BLS12_381_G2_MSM 0x2513    /* in k x (point 256, scalar 32), out 256 */
#define TANDEM_COPROC_BLS12_381_PAIRING_CHECK 0x2514 /* in k x (G1 128, G2 256) */
#define TANDEM_COPROC_BLS12_381_MAP_G1 0x2515    /* in fp 64, out 128 */
#define TANDEM_COPROC_BLS12_381_MAP_G2 0x2516    /* in fp2 128, out 256 */
#define TANDEM_COPROC_BLS12_381_G1_TABLE 0x2517  /* in k points x 128; a1 = handle */
#define TANDEM_COPROC_BLS12_381_G1_MSM_TABLE 0x2518 /* value (handle), in k scalars x 32, out 128 */
#define TANDEM_COPROC_KZG_VERIFY 0x2520          /* in commitment 48, z 32, y 32, proof 48 */

/* The NTT family, 0x2600..0x26ff: */
#define TANDEM_COPROC_NTT 0x2600                /* value (field, log_n), inout data, value (kind) */
#define TANDEM_COPROC_NTT_PLAN 0x2601           /* value (field, log_n); a1 = handle */
#define TANDEM_COPROC_NTT_PLAN_TRANSFORM 0x2602 /* value (handle, kind), inout data */

/* Error values, returned negated. */
#define TANDEM_EBADF 9
#define TANDEM_ENOMEM 12
#define TANDEM_EFAULT 14
#define TANDEM_EINVAL 22
#define TANDEM_ENOSYS 38
#define TANDEM_EBADMSG 74

#endif /* TANDEM_ABI_NUMBERS_H */
