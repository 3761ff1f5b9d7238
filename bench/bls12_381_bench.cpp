// bench/bls12_381_bench.cpp: the BLS12-381 coprocessor called directly: a 2-pair pairing check
// (bytes, with the subgroup checks EIP-2537 asks for, and typed), the Miller loop and final
// exponentiation alone, G1 and G2 scalar multiplication, the subgroup checks, G1 MSM at 2^10 and
// 2^16 points (typed, and 2^10 as EIP-2537 bytes with its subgroup checks), and the KZG check.
// Inputs are made once, outside the timed loops.  Time per operation is the figure.
//
//   bls12_381_bench --benchmark_filter=. --benchmark_min_time=0.5
//
// References on AMD Zen 4, one thread, best libraries: 2-pair check 768 us (mcl) / 805 us (blst),
// G1 mul 67 us, G1 MSM 2^16 435 ms.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "coproc/ec/bls12_381.h"
#include "coproc/ec/msm_ifma.h"

namespace ec = tandem::coproc::ec;
namespace bls = tandem::coproc::ec::bls12_381;

namespace {

using Int = ec::BigInt<4>;

Int scalar(std::mt19937_64& rng) {
  Int v;
  for (auto& l : v.l) l = rng();
  v.l[3] &= 0x3fffffffffffffffull;  // below r
  return v;
}
bls::G1Affine g1(std::mt19937_64& rng) {
  return ec::mul_var(bls::G1::from_affine(bls::g1_generator()), scalar(rng)).to_affine();
}
bls::G2Affine g2(std::mt19937_64& rng) {
  return ec::mul_var(bls::G2::from_affine(bls::g2_generator()), scalar(rng)).to_affine();
}

// e(aP, Q) e(-P, aQ) == 1.
struct PairingInput {
  bls::G1Affine p[2];
  bls::G2Affine q[2];
  std::vector<uint8_t> bytes;
};
const PairingInput& pairing_input() {
  static const PairingInput in = [] {
    std::mt19937_64 rng(1);
    PairingInput r;
    const Int a = scalar(rng);
    const bls::G1Affine p = g1(rng);
    const bls::G2Affine q = g2(rng);
    r.p[0] = ec::mul_var(bls::G1::from_affine(p), a).to_affine();
    r.q[0] = q;
    r.p[1] = p.neg();
    r.q[1] = ec::mul_var(bls::G2::from_affine(q), a).to_affine();
    r.bytes.resize(768);
    for (int i = 0; i < 2; ++i) {
      bls::encode_g1(r.p[i], r.bytes.data() + 384 * i);
      bls::encode_g2(r.q[i], r.bytes.data() + 384 * i + 128);
    }
    return r;
  }();
  return in;
}

void PairingCheck2(benchmark::State& state) {
  const auto& in = pairing_input();
  bool ok = false;
  for (auto _ : state) {
    const int rc = bls::pairing_check(in.bytes.data(), 2, &ok);
    benchmark::DoNotOptimize(rc);
  }
  if (!ok) state.SkipWithError("pairing check failed");
}
BENCHMARK(PairingCheck2)->Unit(benchmark::kMicrosecond);

// Without decoding and subgroup checks: the pairing itself.
void PairingCheck2Typed(benchmark::State& state) {
  const auto& in = pairing_input();
  bool ok = false;
  for (auto _ : state) {
    ok = bls::pairing_check_var(in.p, in.q, 2);
    benchmark::DoNotOptimize(ok);
  }
  if (!ok) state.SkipWithError("pairing check failed");
}
BENCHMARK(PairingCheck2Typed)->Unit(benchmark::kMicrosecond);

void MillerLoop2(benchmark::State& state) {
  const auto& in = pairing_input();
  for (auto _ : state) {
    const bls::Fq12 f = bls::miller_loop_var(in.p, in.q, 2);
    benchmark::DoNotOptimize(f);
  }
}
BENCHMARK(MillerLoop2)->Unit(benchmark::kMicrosecond);

void FinalExponentiation(benchmark::State& state) {
  const auto& in = pairing_input();
  const bls::Fq12 f = bls::miller_loop_var(in.p, in.q, 1);
  for (auto _ : state) {
    const bls::Fq12 r = bls::final_exponentiation_var(f);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(FinalExponentiation)->Unit(benchmark::kMicrosecond);

// EIP-2537 G1ADD and G2ADD: decoding, on-curve checks, one addition, one inversion.
void G1Add(benchmark::State& state) {
  std::mt19937_64 rng(9);
  uint8_t in[256], out[128];
  bls::encode_g1(g1(rng), in);
  bls::encode_g1(g1(rng), in + 128);
  for (auto _ : state) benchmark::DoNotOptimize(bls::g1_add(in, out));
}
BENCHMARK(G1Add)->Unit(benchmark::kMicrosecond);

void G2Add(benchmark::State& state) {
  std::mt19937_64 rng(10);
  uint8_t in[512], out[256];
  bls::encode_g2(g2(rng), in);
  bls::encode_g2(g2(rng), in + 256);
  for (auto _ : state) benchmark::DoNotOptimize(bls::g2_add(in, out));
}
BENCHMARK(G2Add)->Unit(benchmark::kMicrosecond);

void FqInverse(benchmark::State& state) {
  std::mt19937_64 rng(11);
  const bls::Fq a = g1(rng).x;
  for (auto _ : state) benchmark::DoNotOptimize(bls::fq_inverse_var(a));
}
BENCHMARK(FqInverse)->Unit(benchmark::kMicrosecond);

void FqInverseFermat(benchmark::State& state) {
  std::mt19937_64 rng(11);
  const bls::Fq a = g1(rng).x;
  for (auto _ : state) benchmark::DoNotOptimize(a.inv_var());
}
BENCHMARK(FqInverseFermat)->Unit(benchmark::kMicrosecond);

// With the endomorphisms (GLV / GLS), as G1MSM and G2MSM of one point use them.
void G1Mul(benchmark::State& state) {
  std::mt19937_64 rng(3);
  const bls::G1Affine p = g1(rng);
  const Int k = scalar(rng);
  for (auto _ : state) {
    const bls::G1 r = bls::g1_mul_var(p, k);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(G1Mul)->Unit(benchmark::kMicrosecond);

void G2Mul(benchmark::State& state) {
  std::mt19937_64 rng(4);
  const bls::G2Affine q = g2(rng);
  const Int k = scalar(rng);
  for (auto _ : state) {
    const bls::G2 r = bls::g2_mul_var(q, k);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(G2Mul)->Unit(benchmark::kMicrosecond);

// curve.h's generic fixed-window multiplication, for comparison.
void G1MulGeneric(benchmark::State& state) {
  std::mt19937_64 rng(3);
  const bls::G1 p = bls::G1::from_affine(g1(rng));
  const Int k = scalar(rng);
  for (auto _ : state) {
    const bls::G1 r = ec::mul_var(p, k);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(G1MulGeneric)->Unit(benchmark::kMicrosecond);

void G1SubgroupCheck(benchmark::State& state) {
  std::mt19937_64 rng(5);
  const bls::G1Affine p = g1(rng);
  for (auto _ : state) benchmark::DoNotOptimize(bls::g1_in_subgroup_var(p));
}
BENCHMARK(G1SubgroupCheck)->Unit(benchmark::kMicrosecond);

void G2SubgroupCheck(benchmark::State& state) {
  std::mt19937_64 rng(6);
  const bls::G2Affine q = g2(rng);
  for (auto _ : state) benchmark::DoNotOptimize(bls::g2_in_subgroup_var(q));
}
BENCHMARK(G2SubgroupCheck)->Unit(benchmark::kMicrosecond);

// n points: consecutive multiples of a random point (cheap to make), random scalars.
struct MsmInput {
  std::vector<bls::G1Affine> points;
  std::vector<Int> scalars;
};
MsmInput msm_input(size_t n) {
  std::mt19937_64 rng(7);
  MsmInput in;
  const bls::G1Affine base = g1(rng);
  std::vector<bls::G1> jac(n);
  bls::G1 acc = bls::G1::from_affine(base);
  for (size_t i = 0; i < n; ++i) {
    jac[i] = acc;
    acc = acc.add_mixed(base);
  }
  in.points.resize(n);
  std::vector<bls::Fq> scratch(n);
  ec::batch_to_affine(jac.data(), in.points.data(), n, scratch.data());
  in.scalars.resize(n);
  for (auto& s : in.scalars) s = scalar(rng);
  return in;
}

void G1Msm(benchmark::State& state) {
  const MsmInput in = msm_input(size_t(state.range(0)));
  for (auto _ : state) {
    bls::G1 r;
    const bool ok = bls::g1_msm_var(in.points.data(), in.scalars.data(), in.points.size(), r);
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(G1Msm)->Arg(1 << 10)->Arg(1 << 16)->Unit(benchmark::kMillisecond);

// The same without the AVX-512 IFMA bucket additions (what CPUs without IFMA run), in the same
// run: G1Msm's time over this one is the vector code's gain.
void G1MsmPortable(benchmark::State& state) {
  const MsmInput in = msm_input(size_t(state.range(0)));
  for (auto _ : state) {
    bls::G1 r;
    const bool ok = bls::g1_msm_portable_var(in.points.data(), in.scalars.data(), in.points.size(), r);
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(r);
  }
  state.SetLabel(bls::ifma_available() ? "G1Msm uses IFMA here" : "no IFMA: G1Msm is this code");
}
BENCHMARK(G1MsmPortable)->Arg(1 << 10)->Arg(1 << 16)->Unit(benchmark::kMillisecond);

// curve.h's generic Pippenger (unsigned digits, Jacobian buckets), for comparison.
void G1MsmGeneric(benchmark::State& state) {
  const MsmInput in = msm_input(size_t(state.range(0)));
  for (auto _ : state) {
    bls::G1 r;
    const bool ok = ec::msm_var(in.points.data(), in.scalars.data(), in.points.size(), r);
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(G1MsmGeneric)->Arg(1 << 10)->Arg(1 << 16)->Unit(benchmark::kMillisecond);

// EIP-2537 G1MSM and G2MSM at the sizes their gas tables are priced at: decoding, the subgroup
// check of every point, then the MSM (k = 1: one GLV/GLS multiplication).
void G1MsmBytes(benchmark::State& state) {
  const MsmInput in = msm_input(size_t(state.range(0)));
  std::vector<uint8_t> bytes(in.points.size() * 160);
  for (size_t i = 0; i < in.points.size(); ++i) {
    bls::encode_g1(in.points[i], &bytes[160 * i]);
    in.scalars[i].to_be(&bytes[160 * i + 128], 32);
  }
  uint8_t out[128];
  for (auto _ : state) {
    const int rc = bls::g1_msm(bytes.data(), in.points.size(), out);
    benchmark::DoNotOptimize(rc);
  }
}
BENCHMARK(G1MsmBytes)->Arg(1)->Arg(16)->Arg(128)->Arg(1 << 10)->Unit(benchmark::kMicrosecond);

void G2MsmBytes(benchmark::State& state) {
  const size_t n = size_t(state.range(0));
  std::mt19937_64 rng(12);
  const bls::G2Affine base = g2(rng);
  std::vector<uint8_t> bytes(n * 288);
  bls::G2 acc = bls::G2::from_affine(base);
  for (size_t i = 0; i < n; ++i, acc = acc.add_mixed(base)) {
    bls::encode_g2(acc.to_affine(), &bytes[288 * i]);
    scalar(rng).to_be(&bytes[288 * i + 256], 32);
  }
  uint8_t out[256];
  for (auto _ : state) {
    const int rc = bls::g2_msm(bytes.data(), n, out);
    benchmark::DoNotOptimize(rc);
  }
}
BENCHMARK(G2MsmBytes)->Arg(1)->Arg(16)->Arg(128)->Unit(benchmark::kMicrosecond);

// EIP-2537 PAIRING_CHECK of k pairs (decoding and both subgroup checks included).
void PairingCheckBytes(benchmark::State& state) {
  const size_t k = size_t(state.range(0));
  const auto& two = pairing_input();
  std::vector<uint8_t> in(384 * k);
  for (size_t i = 0; i < k; ++i) memcpy(&in[384 * i], &two.bytes[384 * (i % 2)], 384);
  bool ok = false;
  for (auto _ : state) {
    const int rc = bls::pairing_check(in.data(), k, &ok);
    benchmark::DoNotOptimize(rc);
  }
}
BENCHMARK(PairingCheckBytes)->Arg(1)->Arg(4)->Arg(8)->Unit(benchmark::kMicrosecond);

// Well-formed points and scalars that do not satisfy the equation: the check costs the same
// either way (no proof can be made here without the ceremony's secret).
void KzgVerify(benchmark::State& state) {
  std::mt19937_64 rng(8);
  uint8_t c[48], pi[48], z[32], y[32];
  bls::encode_g1_compressed(g1(rng), c);
  bls::encode_g1_compressed(g1(rng), pi);
  scalar(rng).to_be(z, 32);
  scalar(rng).to_be(y, 32);
  bool ok = true;
  for (auto _ : state) {
    const int rc = bls::kzg_verify_proof(c, z, y, pi, &ok);
    benchmark::DoNotOptimize(rc);
  }
}
BENCHMARK(KzgVerify)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
