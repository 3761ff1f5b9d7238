// coproc/ec/bls12_381_map.h: BLS12-381 map-to-curve, the EIP-2537 precompiles MAP_FP_TO_G1 (0x10)
// and MAP_FP2_TO_G2 (0x11).
//
// What it computes is RFC 9380's map_to_curve followed by clear_cofactor for the suites
// BLS12381G1_XMD:SHA-256_SSWU_RO_ and BLS12381G2_XMD:SHA-256_SSWU_RO_: simplified SWU onto the
// curve E' isogenous to E, the 11-isogeny (G1) or 3-isogeny (G2) to E, then cofactor clearing
// (h_eff = 1 - x for G1; Budroni-Pintore's psi method, equal to RFC 9380's h_eff, for G2).  It is
// not hash_to_curve: the input is one field element, no expand_message, no second element, which
// is exactly what EIP-2537 specifies.
//
// Hand-written because no Debian library exposes EIP-2537's map (blst and mcl are not packaged
// with it), and because the same source must also build freestanding for RISC-V guests as the
// portable "soft" implementation: only <stdint.h>, <stddef.h>, <string.h>, <stdlib.h>; no std::,
// exceptions, RTTI or static locals.
//
// Variable-time (every input is public).  Thread-safe: all constants are constexpr and nothing is
// mutable.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "coproc/ec/bls12_381_params.h"

namespace tandem::coproc::ec::bls12_381 {

// Errors of the byte-level functions (0 is success).  kMapInvalidField has the value
// bls12_381.h's kInvalidField has: a 64-byte field element whose top 16 bytes are not zero or
// whose value is not below p.
inline constexpr int kMapInvalidField = -1;
// An internal consistency check failed; cannot happen for a valid input.
inline constexpr int kMapInternal = -2;

// ---- EIP-2537 -----------------------------------------------------------------------------------

// u (an element of Fp) to a point of G1.  false only on an internal failure that cannot happen
// for valid inputs.
bool map_fp_to_g1_var(const Fq& u, G1Affine* out);
// u (an element of Fp2) to a point of G2.
bool map_fp2_to_g2_var(const Fq2& u, G2Affine* out);

// EIP-2537 encodings.  in: one Fp (64 bytes big-endian, top 16 zero) or Fp2 (c0 || c1).  out: the
// point x || y (G2: x.c0 || x.c1 || y.c0 || y.c1), each Fp as 64 bytes; infinity is all zeros.
// Returns 0, kMapInvalidField or kMapInternal; out is untouched on error.
int map_fp_to_g1(const uint8_t in[64], uint8_t out[128]);
int map_fp2_to_g2(const uint8_t in[128], uint8_t out[256]);

// ---- the steps (for tests, and for a later hash_to_curve) ---------------------------------------

// Simplified SWU: u to an affine point of E' (y^2 = x^3 + A'x + B').
bool sswu_g1_var(const Fq& u, Fq* x, Fq* y);
bool sswu_g2_var(const Fq2& u, Fq2* x, Fq2* y);
// The isogeny E' -> E for an affine point of E' (the identity when it is in the kernel).
G1 iso_map_g1(const Fq& x, const Fq& y);
G2 iso_map_g2(const Fq2& x, const Fq2& y);
// RFC 9380 map_to_curve: SSWU then the isogeny, before cofactor clearing.
bool map_to_curve_g1_var(const Fq& u, G1* out);
bool map_to_curve_g2_var(const Fq2& u, G2* out);
// clear_cofactor: h_eff * P.
G1 clear_cofactor_g1(const G1& p);
G2 clear_cofactor_g2(const G2& p);
// The endomorphism psi of E (G2) and psi^2, as used by the cofactor clearing.
G2 psi_g2(const G2& p);
G2 psi2_g2(const G2& p);

}  // namespace tandem::coproc::ec::bls12_381
