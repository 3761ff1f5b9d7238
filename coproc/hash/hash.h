// coproc/hash/hash.h: the hash coprocessor family: Keccak-256 and Keccak-f[1600], SHA-256,
// RIPEMD-160 and the BLAKE2b compression function F, and the table that offers them to guests.
//
// Self-contained: this module knows nothing of the VM or the bus.  Operations see only checked
// byte spans (CoprocArgs); the functions below see only host memory.
//
// Where each algorithm comes from (details in each .cpp):
//  - Keccak-f[1600] and Keccak-256 (Ethereum's: original Keccak padding 0x01, not FIPS 202's
//    0x06): written by hand, rounds unrolled with the 25 lanes in locals, because it is the family's
//    hottest path and OpenSSL 3.0 offers no Keccak-256 with 0x01 padding through EVP.
//  - SHA-256 and RIPEMD-160: OpenSSL 3 through EVP (its assembly SHA-256 uses SHA-NI where the CPU
//    has it).  RIPEMD-160 is fetched from the default provider: OpenSSL moved it there in 3.0.7,
//    and Debian 12 ships 3.0.x later than that, so no legacy provider has to be loaded (which
//    would change process-wide state behind the embedding application's back).
//  - BLAKE2b F with any round count (EIP-152): by hand; no library exposes the bare compression
//    function with a caller-chosen number of rounds.
//
// Thread-safety: every function is safe to call from many threads at once.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "tandem/coprocessor.h"

namespace tandem::coproc::hash {

// Keccak-f[1600] on 25 lanes, lane (x, y) at index x + 5*y, 24 rounds, in place.
void keccakf1600(uint64_t st[25]) noexcept;

// Keccak-256 as Ethereum uses it (rate 136 bytes, padding 0x01 ... 0x80).
void keccak256(const uint8_t* data, size_t len, uint8_t out[32]) noexcept;

// SHA-256 (FIPS 180-4).  Returns false only if OpenSSL fails (out of memory).
bool sha256(const uint8_t* data, size_t len, uint8_t out[32]) noexcept;

// RIPEMD-160.  Returns false only if OpenSSL fails (out of memory, or a build without RIPEMD-160).
bool ripemd160(const uint8_t* data, size_t len, uint8_t out[20]) noexcept;

// Batches: `count` messages of `len` bytes each, back to back from `data`; the digest of message
// i goes to out + 32 * i.  One call hashes a whole level of a Merkle tree (len 64: pairs of
// nodes).  `out` must not overlap `data` (the bus hands operations separate copies when a guest's
// do overlap).
void keccak256_many(const uint8_t* data, size_t len, size_t count, uint8_t* out) noexcept;
bool sha256_many(const uint8_t* data, size_t len, size_t count, uint8_t* out) noexcept;

// BLAKE2b compression function F (RFC 7693 section 3.2) with `rounds` rounds, as EIP-152 defines
// it: h is updated in place from message block m, offset counter t and the final-block flag.
void blake2b_f(uint32_t rounds, uint64_t h[8], const uint64_t m[16], const uint64_t t[2],
               bool final_block) noexcept;

// Operation numbers (stable; docs/coprocessors.md and sdk/include/tandem/abi_numbers.h).
inline constexpr uint32_t kOpKeccak256 = 0x2100;
inline constexpr uint32_t kOpKeccakF1600 = 0x2101;
inline constexpr uint32_t kOpSha256 = 0x2102;
inline constexpr uint32_t kOpRipemd160 = 0x2103;
inline constexpr uint32_t kOpBlake2f = 0x2104;
inline constexpr uint32_t kOpKeccak256Many = 0x2105;
inline constexpr uint32_t kOpSha256Many = 0x2106;

// Gas of each operation for its argument sizes (saturating; docs/coprocessors.md).
uint64_t keccak256_gas(uint64_t len) noexcept;
uint64_t sha256_gas(uint64_t len) noexcept;
uint64_t ripemd160_gas(uint64_t len) noexcept;
uint64_t blake2f_gas(uint64_t rounds) noexcept;
// A batch pays for each message what a call for it alone would (saturating).
uint64_t keccak256_many_gas(uint64_t len, uint64_t count) noexcept;
uint64_t sha256_many_gas(uint64_t len, uint64_t count) noexcept;

// Loads now what the first SHA-256 or RIPEMD-160 call of the process would otherwise pay for:
// OpenSSL's default provider and the two digests' fetch (0.86 ms measured, once per process; a
// thread's first call then only creates its reusable context, about 17 us).  Safe to call any
// number of times from any thread.
void prepare() noexcept;

// The family's operations with their analyze (gas) and execute functions.  Calls prepare(), so
// that no guest's metered call pays for OpenSSL's set-up.
std::vector<CoprocessorOp> ops();

// Adds ops() to `set`.  An operation the set refuses (its number or name already taken) is left
// out; check with set.find(number) when the set was not empty.
void register_ops(CoprocessorSet& set);

}  // namespace tandem::coproc::hash
