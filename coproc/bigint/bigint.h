// coproc/bigint/bigint.h: the big-integer coprocessor family: modular exponentiation of
// arbitrary-length unsigned integers (EIP-198 semantics), and the table that offers it to guests.
//
// Self-contained: knows nothing of the VM or the bus.  The arithmetic is GMP's (Debian's
// libgmp-dev): its mpz_powm picks windowed Montgomery exponentiation for odd moduli and a
// division-based one for even moduli, with assembly multiplication; nothing written here would
// beat it.  Not constant-time (mpz_powm_sec would be): inputs are public.
//
// Thread-safety: safe from many threads at once (GMP's mpz functions keep no shared state).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "tandem/coprocessor.h"

namespace tandem::coproc::bigint {

// base^exp mod mod, big-endian, written to out[0, mlen) left-padded with zeros.  A zero modulus
// (or mlen = 0) gives zero; 0^0 = 1.  out may be mod itself (every input is read first).
void modexp(const uint8_t* base, size_t blen, const uint8_t* exp, size_t elen, const uint8_t* mod,
            size_t mlen, uint8_t* out);

// The largest operand the coprocessor operation takes (bytes, each of base, exp, mod).  Far above
// anything a gas schedule lets through; it bounds the memory a call can make GMP allocate.
inline constexpr size_t kMaxModexpLen = 64 * 1024;

// Gas of a modexp call (saturating), from the operand lengths in bytes and the exponent's bit
// length (bit_length below).
uint64_t modexp_gas(uint64_t blen, uint64_t exp_bits, uint64_t mlen) noexcept;

// Bit length of an n-byte big-endian integer (0 for zero).
uint64_t bit_length(const uint8_t* p, size_t n) noexcept;

inline constexpr uint32_t kOpModexp = 0x2300;

std::vector<CoprocessorOp> ops();
void register_ops(CoprocessorSet& set);

}  // namespace tandem::coproc::bigint
