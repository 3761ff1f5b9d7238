// coproc/ec/bn254_params.h: the BN254 (alt_bn128) curve's fields, tower and groups as types.
//   p = 36u^4 + 36u^3 + 24u^2 + 6u + 1, r = 36u^4 + 36u^3 + 18u^2 + 6u + 1, u = 4965661367192848881
//   G1: y^2 = x^3 + 3 over Fp; G2: y^2 = x^3 + 3/(9+u) over Fp2 (a D-type sextic twist)
//   Fp2 = Fp[u]/(u^2+1), Fp6 = Fp2[v]/(v^3 - (9+u)), Fp12 = Fp6[w]/(w^2 - v)
// Freestanding (see field.h).
#pragma once
#include "coproc/ec/curve.h"
#include "coproc/ec/tower.h"

namespace tandem::coproc::ec::bn254 {

struct FpParams {
  static constexpr size_t N = 4;
  static constexpr uint64_t modulus[4] = {0x3c208c16d87cfd47ull, 0x97816a916871ca8dull,
                                          0xb85045b68181585dull, 0x30644e72e131a029ull};
};
struct FrParams {
  static constexpr size_t N = 4;
  static constexpr uint64_t modulus[4] = {0x43e1f593f0000001ull, 0x2833e84879b97091ull,
                                          0xb85045b68181585dull, 0x30644e72e131a029ull};
};
using Fq = Fp<FpParams>;
using Fr = Fp<FrParams>;
using Fq2 = Fp2<Fq>;

struct TowerCfg {
  using F2 = Fq2;
  static constexpr F2 xi() { return {Fq::from_u64(9), Fq::one()}; }
  // (a + bu)(9 + u) = (9a - b) + (a + 9b)u
  static constexpr F2 mul_by_xi(const F2& x) {
    const Fq a8 = x.c0.dbl().dbl().dbl(), b8 = x.c1.dbl().dbl().dbl();
    return {a8 + x.c0 - x.c1, b8 + x.c1 + x.c0};
  }
};
using Fq6 = Fp6<TowerCfg>;
using Fq12 = Fp12<TowerCfg>;

struct G1Curve {
  using F = Fq;
  static constexpr F b() { return Fq::from_u64(3); }
};
struct G2Curve {
  using F = Fq2;
  // 3 / (9 + u)
  static constexpr F b() { return Fq2{Fq::from_u64(3), Fq::zero()} * TowerCfg::xi().inv_var(); }
};
using G1 = Jacobian<G1Curve>;
using G1Affine = Affine<G1Curve>;
using G2 = Jacobian<G2Curve>;
using G2Affine = Affine<G2Curve>;

}  // namespace tandem::coproc::ec::bn254
