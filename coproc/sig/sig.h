// coproc/sig/sig.h: the signature coprocessor family: secp256k1 public-key recovery (Ethereum's
// ecrecover) and ECDSA verification, NIST P-256 ECDSA verification (EIP-7951's rules) and Ed25519
// verification (RFC 8032), and the table that offers them to guests.
//
// Self-contained: knows nothing of the VM or the bus; operations see only checked byte spans.
// Where each algorithm comes from:
//  - secp256k1: libsecp256k1 (Debian's libsecp256k1-dev, with its recovery module), the library
//    Bitcoin Core and Ethereum clients use; its static context, so no mutable state is shared.
//  - P-256: OpenSSL 3's EC_POINT arithmetic (its P-256 code is the constant-time nistz256
//    assembly with a precomputed generator table), with the ECDSA equation written out here, so
//    that the rules of EIP-7951 (r, s in [1, n-1], key on the curve, x(R) mod n == r) are visible
//    and no key object has to be built per call.
//  - Ed25519: OpenSSL 3 (EVP_DigestVerify on a raw public key).
// All inputs are public (signatures are verified, never made), so none of this needs to be
// constant-time; none of it is written to be.
//
// Integers are big-endian; sig = r || s (32 bytes each); a public key is x || y (32 bytes each,
// no 0x04 prefix), except Ed25519's 32-byte encoding.
//
// Thread-safety: every function is safe to call from many threads at once.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "tandem/coprocessor.h"

namespace tandem::coproc::sig {

// Recovers the key that signed hash (r, s in [1, n-1], high s accepted; recid 0..3).  Returns
// false when no key recovers (or recid is out of range); pub is written only on success.
bool secp256k1_recover(const uint8_t hash[32], const uint8_t sig[64], int recid,
                       uint8_t pub[64]) noexcept;

// ECDSA over secp256k1; low and high s both accepted.  False for an invalid signature or a key
// that is not a point of the curve.
bool secp256k1_verify(const uint8_t hash[32], const uint8_t sig[64], const uint8_t pub[64]) noexcept;

// ECDSA over P-256 with EIP-7951's checks.  False for an invalid signature or key.
bool p256_verify(const uint8_t hash[32], const uint8_t sig[64], const uint8_t pub[64]) noexcept;

// Ed25519 (OpenSSL's rules: S < L, canonical encodings, cofactorless equation).
bool ed25519_verify(const uint8_t* msg, size_t len, const uint8_t sig[64],
                    const uint8_t pub[32]) noexcept;

// Operation numbers (stable; docs/coprocessors.md and sdk/include/tandem/abi_numbers.h).
inline constexpr uint32_t kOpSecp256k1Recover = 0x2200;
inline constexpr uint32_t kOpSecp256k1Verify = 0x2201;
inline constexpr uint32_t kOpP256Verify = 0x2202;
inline constexpr uint32_t kOpEd25519Verify = 0x2203;

// Gas of each operation (docs/coprocessors.md has the measurements behind them).
inline constexpr uint64_t kSecp256k1RecoverGas = 44000;
inline constexpr uint64_t kSecp256k1VerifyGas = 38000;
inline constexpr uint64_t kP256VerifyGas = 66000;
uint64_t ed25519_verify_gas(uint64_t len) noexcept;

std::vector<CoprocessorOp> ops();
void register_ops(CoprocessorSet& set);

}  // namespace tandem::coproc::sig
