// coproc/ec/bls12_381.h: the BLS12-381 curve coprocessor: G1/G2 subgroup checks, the optimal ate
// pairing and multi-pairing check, the byte-level operations of EIP-2537 (precompiles 0x0b G1ADD,
// 0x0c G1MSM, 0x0d G2ADD, 0x0e G2MSM, 0x0f PAIRING_CHECK), the ZCash compressed point encoding
// and the EIP-4844 KZG point-evaluation check (precompile 0x0a, without its hashing).
//
// Hand-written on coproc/ec/{field,tower,curve}.h: no Debian library provides fast
// pairing-friendly curves.  Freestanding (only <stdint.h>, <stddef.h>, <string.h>, <stdlib.h>; no
// std::, exceptions, RTTI or runtime-initialised statics), so the same source is also compiled for
// RISC-V guests as the portable "soft" implementation.
//
// Everything is variable-time (`_var` on the typed functions): all inputs are public (precompile
// calls, proofs).  Thread-safe: there is no mutable state; every table is constexpr.
//
// EIP-2537 encodings (big-endian):
//   Fp: 64 bytes, the top 16 zero, value < p.   Fp2: c0 || c1 (128 bytes).
//   G1: x || y (128 bytes); G2: x.c0 || x.c1 || y.c0 || y.c1 (256 bytes); all zero is infinity.
//   Scalars: 32 bytes, any value (not reduced mod r).
// Checks, in this order per point, and the error each gives:
//   top 16 bytes of a coordinate not zero, or a coordinate >= p -> kInvalidField
//   not all-zero and not on the curve                           -> kNotOnCurve
//   on the curve but not of order r (MSM, pairing, KZG only)    -> kNotInSubgroup
// ADD takes any on-curve point (EIP-2537 does not ask for the subgroup there).
// Compressed points (ZCash serialisation, 48 / 96 bytes, flag bits 7/6/5 of the first byte =
// compressed / infinity / sign of y): compression bit clear, or an infinity encoding with any other
// bit set -> kInvalidEncoding; x >= p -> kInvalidField; x^3 + b not a square -> kNotOnCurve; then
// the subgroup check -> kNotInSubgroup.  KZG z or y >= r -> kInvalidField.
// Allocation (multi-point operations) failing -> kNoMemory.  Outputs are written only on success.
// Input lengths are the caller's: every function reads exactly the sizes its signature states.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "coproc/ec/bls12_381_params.h"

namespace tandem::coproc::ec::bls12_381 {

enum Error : int {
  kOk = 0,
  kInvalidField = -1,     // a coordinate's top 16 bytes are not zero, or it is >= p (KZG: >= r)
  kNotOnCurve = -2,       // not infinity and not on the curve (or twist)
  kNotInSubgroup = -3,    // on the curve, but r*P != O
  kNoMemory = -4,         // scratch space for k points could not be allocated
  kInvalidEncoding = -5,  // compressed point: inconsistent flag bits
};

// ---- typed API -------------------------------------------------------------------------------

// 1/a (0 for 0) by the binary extended Euclidean algorithm: about three times faster than
// Fermat's exponentiation (Fq::inv_var), which the affine conversions here avoid.
Fq fq_inverse_var(const Fq& a);

// The standard generators (ZCash / IETF pairing-friendly-curves draft).
G1Affine g1_generator();
G2Affine g2_generator();

// phi(x, y) = (beta x, y), beta a cube root of unity chosen so that phi acts on G1 as -x^2.
G1Affine g1_phi(const G1Affine& p);
// psi = twist^-1 o Frobenius o twist on E'(Fp2): acts on G2 as multiplication by p = x mod r.
G2Affine g2_psi(const G2Affine& q);
// On the curve and of order r (infinity included); the endomorphism tests of Scott 2021
// (eprint 2021/1130, proved in 2022/352): G1 phi(P) == -x^2 P, G2 psi(Q) == x Q.
bool g1_in_subgroup_var(const G1Affine& p);
bool g2_in_subgroup_var(const G2Affine& q);
// The slow, obviously correct tests r*P == O, kept for tests and cross-checks.
bool g1_in_subgroup_slow_var(const G1Affine& p);
bool g2_in_subgroup_slow_var(const G2Affine& q);

// k P and k Q for P in G1, Q in G2 (the endomorphisms act as multiplication by -x^2 and x only
// there: other points give wrong results), any 256-bit k.  GLV on G1 (two 128-bit halves, base
// x^2), GLS on G2 (four 64-bit digits, base x), each a joint wNAF multiplication.
G1 g1_mul_var(const G1Affine& p, const BigInt<4>& k);
G2 g2_mul_var(const G2Affine& q, const BigInt<4>& k);
// k P + l Q for P, Q in G1, sharing the doublings.
G1 g1_mul2_var(const G1Affine& p, const BigInt<4>& k, const G1Affine& q, const BigInt<4>& l);

// sum k_i P_i for points in G1 (Q_i in G2) and any 256-bit k_i: up to 64 points one joint
// GLV/GLS Straus multiplication; beyond that Pippenger (signed digits, batched affine bucket
// additions) over 2n points with 128-bit scalars (G1) or 4n with 64-bit ones (G2), which holds
// about 250 (G1; 530 on the AVX-512 IFMA path) / 900 (G2) bytes of scratch per point.  false
// only when that cannot be allocated.
bool g1_msm_var(const G1Affine* p, const BigInt<4>* k, size_t n, G1& out);
bool g2_msm_var(const G2Affine* q, const BigInt<4>* k, size_t n, G2& out);

// The product of the Miller loops of k pairs (pairs with an infinity point contribute 1), before
// the final exponentiation.  No allocation: pairs are processed in fixed-size chunks.
Fq12 miller_loop_var(const G1Affine* p, const G2Affine* q, size_t k);
// f^(3 (p^12 - 1)/r) (the hard part of eprint 2020/875 computes 3x the hard exponent): bilinear
// and non-degenerate, and 1 exactly when f^((p^12-1)/r) is 1.
Fq12 final_exponentiation_var(const Fq12& f);
// The pairing of one pair, for tests (points must be valid; not checked).
Fq12 pairing_var(const G1Affine& p, const G2Affine& q);
// prod e(p_i, q_i) == 1 (points must be in their groups; not checked).  k = 0 is true.
bool pairing_check_var(const G1Affine* p, const G2Affine* q, size_t k);

// ---- encodings -------------------------------------------------------------------------------

int decode_fp(const uint8_t in[64], Fq* out);
int decode_fp2(const uint8_t in[128], Fq2* out);
void encode_fp(const Fq& a, uint8_t out[64]);
void encode_fp2(const Fq2& a, uint8_t out[128]);
// With the checks above; the subgroup check only when `subgroup_check`.
int decode_g1(const uint8_t in[128], G1Affine* out, bool subgroup_check);
int decode_g2(const uint8_t in[256], G2Affine* out, bool subgroup_check);
// k points `stride` bytes apart, each checked as decode_g1/decode_g2 with the subgroup check: 0,
// or the error of the lowest-index point that fails, with *bad set to that index.  The G1
// subgroup checks run eight at a time where the CPU has AVX-512 IFMA (about 4x faster per point).
int decode_g1_batch(const uint8_t* in, size_t stride, size_t k, G1Affine* out, size_t* bad);
int decode_g2_batch(const uint8_t* in, size_t stride, size_t k, G2Affine* out, size_t* bad);
void encode_g1(const G1Affine& p, uint8_t out[128]);
void encode_g2(const G2Affine& q, uint8_t out[256]);
// ZCash compressed encodings (48 bytes: x with flags; 96 bytes: x.c1 || x.c0 with flags).
int decode_g1_compressed(const uint8_t in[48], G1Affine* out, bool subgroup_check);
int decode_g2_compressed(const uint8_t in[96], G2Affine* out, bool subgroup_check);
void encode_g1_compressed(const G1Affine& p, uint8_t out[48]);
void encode_g2_compressed(const G2Affine& q, uint8_t out[96]);

// ---- byte API (EIP-2537) -----------------------------------------------------------------------

int g1_add(const uint8_t in[256], uint8_t out[128]);        // 0x0b: two G1 points
int g2_add(const uint8_t in[512], uint8_t out[256]);        // 0x0d: two G2 points
int g1_msm(const uint8_t* in, size_t k, uint8_t out[128]);  // 0x0c: k >= 1 (G1 128 || scalar 32)
int g2_msm(const uint8_t* in, size_t k, uint8_t out[256]);  // 0x0e: k >= 1 (G2 256 || scalar 32)
// 0x0f: k >= 1 (G1 128 || G2 256) records; *ok = (product of pairings == 1).
int pairing_check(const uint8_t* in, size_t k, bool* ok);

// ---- KZG (EIP-4844 point evaluation, precompile 0x0a, without the versioned hash) -----------

// The Ethereum KZG ceremony's [tau]G2 (g2_monomial_1 of its trusted setup).
G2Affine kzg_tau_g2();
// *ok = (e(C - [y]G1, G2) == e(proof, [tau]G2 - [z]G2)): the polynomial committed to by C takes
// the value y at z.  z, y: canonical (< r) big-endian; commitment, proof: compressed G1 points.
int kzg_verify_proof(const uint8_t commitment[48], const uint8_t z[32], const uint8_t y[32],
                     const uint8_t proof[48], bool* ok);

}  // namespace tandem::coproc::ec::bls12_381
