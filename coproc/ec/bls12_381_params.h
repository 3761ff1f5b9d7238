// coproc/ec/bls12_381_params.h: the BLS12-381 curve's fields, tower and groups as types.
//   x = -0xd201000000010000, p = (x-1)^2 (x^4 - x^2 + 1)/3 + x, r = x^4 - x^2 + 1
//   G1: y^2 = x^3 + 4 over Fp; G2: y^2 = x^3 + 4(1+u) over Fp2 (an M-type sextic twist)
//   Fp2 = Fp[u]/(u^2+1), Fp6 = Fp2[v]/(v^3 - (1+u)), Fp12 = Fp6[w]/(w^2 - v)
// Freestanding (see field.h).
#pragma once
#include "coproc/ec/curve.h"
#include "coproc/ec/tower.h"

namespace tandem::coproc::ec::bls12_381 {

struct FpParams {
  static constexpr size_t N = 6;
  static constexpr uint64_t modulus[6] = {0xb9feffffffffaaabull, 0x1eabfffeb153ffffull,
                                          0x6730d2a0f6b0f624ull, 0x64774b84f38512bfull,
                                          0x4b1ba7b6434bacd7ull, 0x1a0111ea397fe69aull};
};
struct FrParams {
  static constexpr size_t N = 4;
  static constexpr uint64_t modulus[4] = {0xffffffff00000001ull, 0x53bda402fffe5bfeull,
                                          0x3339d80809a1d805ull, 0x73eda753299d7d48ull};
};
using Fq = Fp<FpParams>;
using Fr = Fp<FrParams>;
using Fq2 = Fp2<Fq>;

struct TowerCfg {
  using F2 = Fq2;
  static constexpr F2 xi() { return {Fq::one(), Fq::one()}; }
  // (a + bu)(1 + u) = (a - b) + (a + b)u
  static constexpr F2 mul_by_xi(const F2& x) { return {x.c0 - x.c1, x.c0 + x.c1}; }
};
using Fq6 = Fp6<TowerCfg>;
using Fq12 = Fp12<TowerCfg>;

struct G1Curve {
  using F = Fq;
  static constexpr F b() { return Fq::from_u64(4); }
};
struct G2Curve {
  using F = Fq2;
  static constexpr F b() { return Fq2{Fq::from_u64(4), Fq::from_u64(4)}; }
};
using G1 = Jacobian<G1Curve>;
using G1Affine = Affine<G1Curve>;
using G2 = Jacobian<G2Curve>;
using G2Affine = Affine<G2Curve>;

// |x|, the BLS parameter's absolute value (x itself is negative).
inline constexpr uint64_t kX = 0xd201000000010000ull;

}  // namespace tandem::coproc::ec::bls12_381
