// coproc/ec/ec.h: the curve coprocessor family on the bus: BN254 and BLS12-381 (add, MSM,
// pairing check, map-to-curve), KZG point evaluation, and resident point tables for repeated
// MSMs over the same points.  The arithmetic lives in bn254.h, bls12_381.h, bls12_381_map.h
// (freestanding: the SDK compiles the same code as the guests' soft implementation); this header
// is the table that offers it to guests, with its gas.
//
// Encodings are Ethereum's, so a guest can hand precompile inputs over unchanged: BN254 points as
// EIP-196/197 (32-byte big-endian coordinates; G2 with the imaginary part first), BLS12-381 as
// EIP-2537 (64-byte padded coordinates, G2 as c0 then c1; scalars 32 bytes big-endian).
//
// Thread-safety: every operation is safe from many machines on many threads at once.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "tandem/coprocessor.h"

namespace tandem::coproc::ec {

inline constexpr uint32_t kOpBn254Add = 0x2500;
inline constexpr uint32_t kOpBn254Mul = 0x2501;
inline constexpr uint32_t kOpBn254Msm = 0x2502;
inline constexpr uint32_t kOpBn254PairingCheck = 0x2503;
inline constexpr uint32_t kOpBn254Table = 0x2504;
inline constexpr uint32_t kOpBn254MsmTable = 0x2505;
inline constexpr uint32_t kOpBlsG1Add = 0x2510;
inline constexpr uint32_t kOpBlsG2Add = 0x2511;
inline constexpr uint32_t kOpBlsG1Msm = 0x2512;
inline constexpr uint32_t kOpBlsG2Msm = 0x2513;
inline constexpr uint32_t kOpBlsPairingCheck = 0x2514;
inline constexpr uint32_t kOpBlsMapG1 = 0x2515;
inline constexpr uint32_t kOpBlsMapG2 = 0x2516;
inline constexpr uint32_t kOpBlsG1Table = 0x2517;
inline constexpr uint32_t kOpBlsG1MsmTable = 0x2518;
inline constexpr uint32_t kOpKzgVerify = 0x2520;

// Resident kinds (tandem/coprocessor.h): which table a handle holds.
inline constexpr uint32_t kResidentBn254Table = 0x2504;
inline constexpr uint32_t kResidentBlsG1Table = 0x2517;

// Largest number of points one call or one table takes: bounds the host memory a call can use
// (a BLS12-381 G2 MSM of this size holds about 60 MiB of points and buckets).
inline constexpr size_t kMaxMsmPoints = size_t(1) << 18;

// tandem gas (1 gas is about 1.3 ns on the reference machine; docs/coprocessors.md), from the
// measured cost of each operation (bench/bn254_bench.cpp, bench/bls12_381_bench.cpp).
uint64_t bn254_add_gas() noexcept;
uint64_t bn254_mul_gas() noexcept;
uint64_t bn254_msm_gas(uint64_t k) noexcept;
uint64_t bn254_pairing_gas(uint64_t k) noexcept;
uint64_t bls_g1_add_gas() noexcept;
uint64_t bls_g2_add_gas() noexcept;
uint64_t bls_g1_msm_gas(uint64_t k) noexcept;
uint64_t bls_g2_msm_gas(uint64_t k) noexcept;
uint64_t bls_pairing_gas(uint64_t k) noexcept;
uint64_t bls_map_g1_gas() noexcept;
uint64_t bls_map_g2_gas() noexcept;
uint64_t kzg_verify_gas() noexcept;
// MSM over a resident table: the points are decoded and checked once, when the table is made.
uint64_t bn254_table_gas(uint64_t k) noexcept;
uint64_t bls_g1_table_gas(uint64_t k) noexcept;
uint64_t bn254_msm_table_gas(uint64_t k) noexcept;
uint64_t bls_g1_msm_table_gas(uint64_t k) noexcept;

std::vector<CoprocessorOp> ops();
void register_ops(CoprocessorSet& set);

}  // namespace tandem::coproc::ec
