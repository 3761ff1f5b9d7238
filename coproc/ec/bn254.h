// coproc/ec/bn254.h: the BN254 (alt_bn128) curve coprocessor: G1/G2 checks, the optimal ate
// pairing and multi-pairing check, and the byte-level operations with Ethereum's encodings
// (EIP-196 ecAdd/ecMul, EIP-197 pairing check) that precompiles 0x06/0x07/0x08 and tandem's own
// bus operations call.
//
// Hand-written on coproc/ec/{field,tower,curve}.h: no Debian library provides fast
// pairing-friendly curves.  Freestanding (only <stdint.h>, <stddef.h>, <string.h>, <stdlib.h>; no
// std::, exceptions, RTTI or runtime-initialised statics), so the same source is also compiled for
// RISC-V guests as the portable "soft" implementation.
//
// Everything is variable-time (`_var` on the typed functions): all inputs are public (precompile
// calls, proofs).  Thread-safe: there is no mutable state; every table is constexpr (field.h's
// x86-64 kernels read the CPU's features once, during static initialisation).
//
// Methods: Miller loop over the NAF of 6u+2 with G2 in homogeneous projective coordinates and
// sparse line multiplication (D-type twist), Fuentes-Castaneda final exponentiation with
// cyclotomic squaring; G2 subgroup check by Scott's endomorphism test; G1 multiplication by GLV;
// G1 MSM by signed-digit Pippenger with batched-affine buckets.
//
// Byte encodings (big-endian, 32 bytes per Fq coordinate), exactly as go-ethereum:
//   G1: x || y; (0, 0) is the point at infinity.
//   G2: x.c1 || x.c0 || y.c1 || y.c0 (imaginary part first); 128 zero bytes is infinity.
//   Scalars: any 256-bit big-endian value, not reduced.
// Checks, in this order per point, and the error each gives:
//   a coordinate (any Fq component) >= p   -> kInvalidField
//   not (0,0)/all-zero and not on the curve -> kNotOnCurve   (G1 has cofactor 1: nothing more)
//   G2 point on the twist but not of order r -> kNotInSubgroup
// Allocation (multi-point operations) failing -> kNoMemory.  Outputs are written only on success.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "coproc/ec/bn254_params.h"

namespace tandem::coproc::ec::bn254 {

enum Error : int {
  kOk = 0,
  kInvalidField = -1,   // a coordinate is >= p
  kNotOnCurve = -2,     // not the encoding of infinity and not on the curve (or twist)
  kNotInSubgroup = -3,  // G2: on the twist, but r*Q != O
  kNoMemory = -4,       // scratch space for k points could not be allocated
};

// ---- typed API -------------------------------------------------------------------------------

// On the twist and of order r (infinity included), by an endomorphism test (see bn254.cpp).
bool g2_in_subgroup_var(const G2Affine& q);
// The slow, obviously correct test r*Q == O (kept for tests and cross-checks).
bool g2_in_subgroup_slow_var(const G2Affine& q);
// 1/a (0 for 0) by a binary extended Euclid where 128-bit products exist (Fermat elsewhere).
Fq fq_inv_var(const Fq& a);
// k*P for any 256-bit k (not reduced), by the GLV endomorphism with width-5 NAF digits.
G1 g1_mul_var(const G1Affine& p, const BigInt<4>& k);

// sum k_i P_i (k_i any 256-bit values): signed-digit Pippenger with batched affine bucket
// additions.  false only when scratch memory cannot be allocated.
bool g1_msm_var(const G1Affine* p, const BigInt<4>* k, size_t n, G1& out);

// psi = twist^-1 o Frobenius o twist on G2 (an endomorphism acting as multiplication by p).
G2Affine g2_psi(const G2Affine& q);

// The product of the Miller loops of k pairs (infinity pairs contribute 1), before the final
// exponentiation.  false only when scratch memory for k > 4 pairs cannot be allocated.
bool miller_loop_var(const G1Affine* p, const G2Affine* q, size_t k, Fq12& out);
// f^((p^12 - 1)/r) up to a fixed exponent coprime to r (Fuentes-Castaneda et al.'s hard part
// computes the power 2u(6u^2 + 3u + 1) of the reduced pairing): bilinear and non-degenerate.
Fq12 final_exponentiation_var(const Fq12& f);
// The pairing of one pair, for tests (points must be valid; not checked).
Fq12 pairing_var(const G1Affine& p, const G2Affine& q);
// prod e(p_i, q_i) == 1 (points must be valid; not checked).  k = 0 is true.  A failed
// allocation (k > 4) gives false; callers that must distinguish use pairing_check().
bool pairing_check_var(const G1Affine* p, const G2Affine* q, size_t k);

// Decoding with the checks above.  Return 0 or an Error.
int g1_decode(const uint8_t in[64], G1Affine& out);
int g2_decode(const uint8_t in[128], G2Affine& out);
void g1_encode(const G1Affine& p, uint8_t out[64]);
void g2_encode(const G2Affine& q, uint8_t out[128]);

// ---- byte API (Ethereum encodings) -------------------------------------------------------------

int g1_add(const uint8_t a[64], const uint8_t b[64], uint8_t out[64]);         // EIP-196 ecAdd
int g1_mul(const uint8_t p[64], const uint8_t scalar[32], uint8_t out[64]);    // EIP-196 ecMul
// sum of k (point 64 || scalar 32) records; k = 0 gives infinity.  Pippenger.
int g1_msm(const uint8_t* pairs, size_t k, uint8_t out[64]);
// EIP-197: k (G1 64 || G2 128) records; *ok = (product of pairings == 1); k = 0 -> true.
int pairing_check(const uint8_t* pairs, size_t k, bool* ok);

}  // namespace tandem::coproc::ec::bn254
