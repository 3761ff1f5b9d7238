// coproc/ec/msm_ifma.h: BLS12-381 and BN254 G1 multi-scalar multiplication with the bucket
// additions done eight at a time in AVX-512 IFMA (52-bit multiply-accumulate) arithmetic, and
// BLS12-381 G1 subgroup checks the same way.  Host-only (x86-64, chosen at run time); the
// portable code in bls12_381.cpp and bn254.cpp is the fallback and the reference.
//
// Why: a batched affine bucket addition is about six field products, and one 6-limb Montgomery
// product with mulx/adcx/adox takes about 130 cycles here, while IFMA does eight products in
// radix 2^52 (8 limbs, 416 bits) in about 270: three to four times the throughput on the part of
// an MSM that dominates it (BN254: 5 limbs against a 4-limb product of about 66 cycles).
// Everything else (digits, bucket sums, the windows' combination) stays scalar.
//
// Variable-time, public data only (the `_var` convention of this family).
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "coproc/ec/bls12_381_params.h"
#include "coproc/ec/bn254_params.h"

namespace tandem::coproc::ec {

// True when the kernels are compiled in (x86-64 hosts) and this CPU and OS run AVX-512F and
// AVX-512 IFMA.  Read once.
bool ifma_available();

namespace bls12_381 {

using ec::ifma_available;

// sum k_i P_i over n affine points of G1 (infinity allowed) with scalars of at most `bits` bits
// (bits <= 255): signed-digit Pippenger, buckets in affine coordinates, each batch of bucket
// additions sharing one inversion and computed in eight IFMA lanes.  Requires ifma_available().
// false when the scratch memory (about 130 bytes per point plus the buckets) cannot be allocated.
bool g1_pippenger_ifma_var(const G1Affine* p, const BigInt<4>* k, size_t n, G1& out, size_t bits);

// The index of the first of n points of E(Fp) (on the curve, or infinity) that is not in G1, or n
// when all are: g1_in_subgroup_var's test, eight points at a time.  Requires ifma_available().
size_t g1_subgroup_check_ifma_var(const G1Affine* p, size_t n);

// g1_msm_var without the IFMA path (the portable code), for cross-checks and comparisons.
bool g1_msm_portable_var(const G1Affine* p, const BigInt<4>* k, size_t n, G1& out);

}  // namespace bls12_381

namespace bn254 {

// The same Pippenger for BN254's G1 (five 52-bit limbs per element; bits <= 256), which
// bn254::g1_msm_var takes for large n.  Requires ifma_available().
bool g1_pippenger_ifma_var(const G1Affine* p, const BigInt<4>* k, size_t n, G1& out, size_t bits);

}  // namespace bn254
}  // namespace tandem::coproc::ec
