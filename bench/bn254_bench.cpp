// bench/bn254_bench.cpp: the BN254 coprocessor called directly: a 2-pair pairing check (the
// EIP-197 shape of most verifiers), the final exponentiation alone, G1 and G2 scalar
// multiplication, the G2 subgroup check, and G1 MSM at 2^10 and 2^16 points.  Inputs are made once,
// outside the timed loops.  Time per operation is the figure.
//
//   build/release/bench/tandem_bn254_bench --benchmark_repetitions=3
//   (add --benchmark_report_aggregates_only=true for medians only)
//
// References on AMD Zen 4, one thread, best libraries: 2-pair check ~605 us, G1 mul ~40 us,
// MSM 2^16 ~390 ms.  PairingCheck2 includes decoding and both G2 subgroup checks, as the
// precompile does; PairingCheck2Typed is the pairing alone.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "coproc/ec/bn254.h"

namespace ec = tandem::coproc::ec;
namespace bn = tandem::coproc::ec::bn254;

namespace {

using Int = ec::BigInt<4>;

Int scalar(std::mt19937_64& rng) {
  Int v;
  for (auto& l : v.l) l = rng();
  v.l[3] &= 0x0fffffffffffffffull;  // below r
  return v;
}
bn::G1Affine g1(std::mt19937_64& rng) {
  const bn::G1Affine g{bn::Fq::from_u64(1), bn::Fq::from_u64(2), false};
  return ec::mul_var(bn::G1::from_affine(g), scalar(rng)).to_affine();
}
const uint8_t kG2Gen[128] = {
    0x19, 0x8e, 0x93, 0x93, 0x92, 0x0d, 0x48, 0x3a, 0x72, 0x60, 0xbf, 0xb7, 0x31, 0xfb, 0x5d, 0x25,
    0xf1, 0xaa, 0x49, 0x33, 0x35, 0xa9, 0xe7, 0x12, 0x97, 0xe4, 0x85, 0xb7, 0xae, 0xf3, 0x12, 0xc2,
    0x18, 0x00, 0xde, 0xef, 0x12, 0x1f, 0x1e, 0x76, 0x42, 0x6a, 0x00, 0x66, 0x5e, 0x5c, 0x44, 0x79,
    0x67, 0x43, 0x22, 0xd4, 0xf7, 0x5e, 0xda, 0xdd, 0x46, 0xde, 0xbd, 0x5c, 0xd9, 0x92, 0xf6, 0xed,
    0x09, 0x06, 0x89, 0xd0, 0x58, 0x5f, 0xf0, 0x75, 0xec, 0x9e, 0x99, 0xad, 0x69, 0x0c, 0x33, 0x95,
    0xbc, 0x4b, 0x31, 0x33, 0x70, 0xb3, 0x8e, 0xf3, 0x55, 0xac, 0xda, 0xdc, 0xd1, 0x22, 0x97, 0x5b,
    0x12, 0xc8, 0x5e, 0xa5, 0xdb, 0x8c, 0x6d, 0xeb, 0x4a, 0xab, 0x71, 0x80, 0x8d, 0xcb, 0x40, 0x8f,
    0xe3, 0xd1, 0xe7, 0x69, 0x0c, 0x43, 0xd3, 0x7b, 0x4c, 0xe6, 0xcc, 0x01, 0x66, 0xfa, 0x7d, 0xaa,
};
bn::G2Affine g2(std::mt19937_64& rng) {
  bn::G2Affine g;
  bn::g2_decode(kG2Gen, g);
  return ec::mul_var(bn::G2::from_affine(g), scalar(rng)).to_affine();
}

// e(aP, Q) e(-P, aQ) == 1, as bytes.
std::vector<uint8_t> pairing_input() {
  std::mt19937_64 rng(1);
  const Int a = scalar(rng);
  const bn::G1Affine p = g1(rng);
  const bn::G2Affine q = g2(rng);
  std::vector<uint8_t> in(384);
  bn::g1_encode(ec::mul_var(bn::G1::from_affine(p), a).to_affine(), in.data());
  bn::g2_encode(q, in.data() + 64);
  bn::g1_encode(p.neg(), in.data() + 192);
  bn::g2_encode(ec::mul_var(bn::G2::from_affine(q), a).to_affine(), in.data() + 256);
  return in;
}

void PairingCheck2(benchmark::State& state) {
  const std::vector<uint8_t> in = pairing_input();
  bool ok = false;
  for (auto _ : state) {
    const int rc = bn::pairing_check(in.data(), 2, &ok);
    benchmark::DoNotOptimize(rc);
  }
  if (!ok) state.SkipWithError("pairing check failed");
}
BENCHMARK(PairingCheck2)->Unit(benchmark::kMicrosecond);

// The typed check without decoding (no G2 subgroup checks): the pairing itself.
void PairingCheck2Typed(benchmark::State& state) {
  std::mt19937_64 rng(2);
  const Int a = scalar(rng);
  const bn::G1Affine p = g1(rng);
  const bn::G2Affine q = g2(rng);
  const bn::G1Affine ps[2] = {ec::mul_var(bn::G1::from_affine(p), a).to_affine(), p.neg()};
  const bn::G2Affine qs[2] = {q, ec::mul_var(bn::G2::from_affine(q), a).to_affine()};
  for (auto _ : state) benchmark::DoNotOptimize(bn::pairing_check_var(ps, qs, 2));
}
BENCHMARK(PairingCheck2Typed)->Unit(benchmark::kMicrosecond);

void MillerLoop1(benchmark::State& state) {
  std::mt19937_64 rng(3);
  const bn::G1Affine p = g1(rng);
  const bn::G2Affine q = g2(rng);
  bn::Fq12 f;
  for (auto _ : state) {
    bn::miller_loop_var(&p, &q, 1, f);
    benchmark::DoNotOptimize(f);
  }
}
BENCHMARK(MillerLoop1)->Unit(benchmark::kMicrosecond);

void FinalExp(benchmark::State& state) {
  std::mt19937_64 rng(4);
  const bn::G1Affine p = g1(rng);
  const bn::G2Affine q = g2(rng);
  bn::Fq12 f;
  bn::miller_loop_var(&p, &q, 1, f);
  for (auto _ : state) benchmark::DoNotOptimize(bn::final_exponentiation_var(f));
}
BENCHMARK(FinalExp)->Unit(benchmark::kMicrosecond);

void G2SubgroupCheck(benchmark::State& state) {
  std::mt19937_64 rng(5);
  const bn::G2Affine q = g2(rng);
  for (auto _ : state) benchmark::DoNotOptimize(bn::g2_in_subgroup_var(q));
}
BENCHMARK(G2SubgroupCheck)->Unit(benchmark::kMicrosecond);

void G1Mul(benchmark::State& state) {
  std::mt19937_64 rng(6);
  uint8_t in[96], out[64];
  bn::g1_encode(g1(rng), in);
  for (int i = 0; i < 32; ++i) in[64 + i] = uint8_t(rng());
  for (auto _ : state) {
    const int rc = bn::g1_mul(in, in + 64, out);
    benchmark::DoNotOptimize(rc);
  }
}
BENCHMARK(G1Mul)->Unit(benchmark::kMicrosecond);

void G1Add(benchmark::State& state) {
  std::mt19937_64 rng(7);
  uint8_t in[128], out[64];
  bn::g1_encode(g1(rng), in);
  bn::g1_encode(g1(rng), in + 64);
  for (auto _ : state) {
    const int rc = bn::g1_add(in, in + 64, out);
    benchmark::DoNotOptimize(rc);
  }
}
BENCHMARK(G1Add)->Unit(benchmark::kMicrosecond);

void G2Mul(benchmark::State& state) {
  std::mt19937_64 rng(8);
  const bn::G2 q = bn::G2::from_affine(g2(rng));
  const Int k = scalar(rng);
  for (auto _ : state) benchmark::DoNotOptimize(ec::mul_var(q, k));
}
BENCHMARK(G2Mul)->Unit(benchmark::kMicrosecond);

void G1Msm(benchmark::State& state) {
  const size_t n = size_t(state.range(0));
  std::mt19937_64 rng(9);
  std::vector<uint8_t> in(96 * n);
  // distinct points cheaply: a random start and repeated additions of a random step
  bn::G1 acc = bn::G1::from_affine(g1(rng));
  const bn::G1Affine step = g1(rng);
  for (size_t i = 0; i < n; ++i) {
    bn::g1_encode(acc.to_affine(), in.data() + 96 * i);
    acc = acc.add_mixed(step);
    for (int b = 0; b < 32; ++b) in[96 * i + 64 + b] = uint8_t(rng());
  }
  uint8_t out[64];
  for (auto _ : state) {
    const int rc = bn::g1_msm(in.data(), n, out);
    benchmark::DoNotOptimize(rc);
  }
}
BENCHMARK(G1Msm)->Arg(1 << 10)->Arg(1 << 16)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
