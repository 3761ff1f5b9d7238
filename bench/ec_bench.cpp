// bench/ec_bench.cpp: the gas calibration of the curve and NTT operations.  Each benchmark runs
// one bus operation's execute() on a representative input (valid points, made once outside the
// timed loop) and reports its analyze() gas and `s_per_gas`: the time one gas stands for, which
// should be about 1.3 ns (docs/coprocessors.md) and never much more.
//
//   tandem_ec_bench --benchmark_min_time=0.3
#include <benchmark/benchmark.h>

#include <cstring>
#include <random>
#include <vector>

#include "coproc/ec/bls12_381.h"
#include "coproc/ec/bls12_381_map.h"
#include "coproc/ec/bn254.h"
#include "coproc/ec/ec.h"
#include "coproc/ntt/ntt.h"
#include "coproc/ntt/ops.h"
#include "tandem/coprocessor.h"

namespace {

namespace ec = tandem::coproc::ec;
namespace bn = tandem::coproc::ec::bn254;
namespace bls = tandem::coproc::ec::bls12_381;
using Bytes = std::vector<uint8_t>;
using tandem::CoprocArgs;
using tandem::CoprocessorOp;

std::mt19937_64 rng(7);

Bytes random_bytes(size_t n) {
  Bytes b(n);
  for (auto& x : b) x = uint8_t(rng());
  return b;
}
Bytes scalar() {
  Bytes s = random_bytes(32);
  s[0] &= 0x1f;
  return s;
}
Bytes bn_g1() {
  uint8_t g[64] = {0}, out[64];
  g[31] = 1, g[63] = 2;
  const Bytes k = scalar();
  bn::g1_mul(g, k.data(), out);
  return Bytes(out, out + 64);
}
// BN254's G2 generator in EIP-197 order (x.c1, x.c0, y.c1, y.c0).
Bytes bn_g2() {
  static const char* hex =
      "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
      "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed"
      "090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b"
      "12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa";
  Bytes b(128);
  for (size_t i = 0; i < 128; ++i) b[i] = uint8_t(std::stoi(std::string(hex + 2 * i, 2), nullptr, 16));
  return b;
}
Bytes bls_fp() {
  Bytes u(64, 0);
  const Bytes r = random_bytes(48);
  std::memcpy(u.data() + 16, r.data(), 48);
  u[16] &= 0x0f;
  return u;
}
Bytes bls_g1() {
  uint8_t out[128];
  bls::map_fp_to_g1(bls_fp().data(), out);
  return Bytes(out, out + 128);
}
Bytes bls_g2() {
  Bytes u = bls_fp(), v = bls_fp();
  u.insert(u.end(), v.begin(), v.end());
  uint8_t out[256];
  bls::map_fp2_to_g2(u.data(), out);
  return Bytes(out, out + 256);
}
Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes r;
  for (const auto& p : parts) r.insert(r.end(), p.begin(), p.end());
  return r;
}

const CoprocessorOp& find(uint32_t number) {
  static const auto ops = [] {
    auto v = ec::ops();
    for (auto& o : tandem::coproc::ntt::ops()) v.push_back(std::move(o));
    return v;
  }();
  for (const auto& o : ops)
    if (o.number == number) return o;
  std::abort();
}

// Runs op on args; reports gas and the time per gas.  With `made`, each call's result is a handle
// in that store, released after the call (so making a table is timed without filling the store).
void run(benchmark::State& state, uint32_t number, CoprocArgs& a,
         tandem::ResidentStore* made = nullptr) {
  const CoprocessorOp& op = find(number);
  uint64_t gas = 0, value = 0;
  if (op.analyze(a, gas) != 0) {
    state.SkipWithError("analyze refused the input");
    return;
  }
  for (auto _ : state) {
    const int64_t st = op.execute(a, value);
    benchmark::DoNotOptimize(st);
    if (made) made->release(value);
  }
  state.counters["gas"] = double(gas);
  state.counters["s_per_gas"] = benchmark::Counter(double(state.iterations()) * double(gas),
                                                    benchmark::Counter::kIsRate | benchmark::Counter::kInvert,
                                                    benchmark::Counter::OneK::kIs1000);
}

void Bn254Add(benchmark::State& state) {
  const Bytes p = bn_g1(), q = bn_g1();
  Bytes out(64);
  CoprocArgs a;
  a.in[0] = p, a.in[1] = q, a.out[2] = out;
  run(state, ec::kOpBn254Add, a);
}
void Bn254Mul(benchmark::State& state) {
  const Bytes p = bn_g1(), k = random_bytes(32);
  Bytes out(64);
  CoprocArgs a;
  a.in[0] = p, a.in[1] = k, a.out[2] = out;
  run(state, ec::kOpBn254Mul, a);
}
void Bn254Msm(benchmark::State& state) {
  Bytes in;
  for (int64_t i = 0; i < state.range(0); ++i) in = cat({in, bn_g1(), random_bytes(32)});
  Bytes out(64);
  CoprocArgs a;
  a.in[0] = in, a.out[1] = out;
  a.threads = state.range(1) ? unsigned(state.range(1)) : 1;  // MachineOptions::coprocessor_threads
  run(state, ec::kOpBn254Msm, a);
}
void Bn254Pairing(benchmark::State& state) {
  Bytes in;
  for (int64_t i = 0; i < state.range(0); ++i) in = cat({in, bn_g1(), bn_g2()});
  CoprocArgs a;
  a.in[0] = in;
  run(state, ec::kOpBn254PairingCheck, a);
}
void Bn254MsmTable(benchmark::State& state) {
  Bytes pts, sc;
  for (int64_t i = 0; i < state.range(0); ++i) pts = cat({pts, bn_g1()}), sc = cat({sc, random_bytes(32)});
  tandem::ResidentStore store(1ull << 30);
  CoprocArgs t;
  t.resident = &store, t.in[0] = pts;
  uint64_t gas = 0, h = 0;
  find(ec::kOpBn254Table).analyze(t, gas);
  find(ec::kOpBn254Table).execute(t, h);
  Bytes out(64);
  CoprocArgs a;
  a.resident = &store, a.value[0][0] = h, a.in[1] = sc, a.out[2] = out;
  run(state, ec::kOpBn254MsmTable, a);
}
void Bn254Table(benchmark::State& state) {
  Bytes pts;
  for (int64_t i = 0; i < state.range(0); ++i) pts = cat({pts, bn_g1()});
  tandem::ResidentStore store(1ull << 40);
  CoprocArgs a;
  a.resident = &store, a.in[0] = pts;
  run(state, ec::kOpBn254Table, a, &store);
}

void BlsG1Add(benchmark::State& state) {
  const Bytes p = bls_g1(), q = bls_g1();
  Bytes out(128);
  CoprocArgs a;
  a.in[0] = p, a.in[1] = q, a.out[2] = out;
  run(state, ec::kOpBlsG1Add, a);
}
void BlsG2Add(benchmark::State& state) {
  const Bytes p = bls_g2(), q = bls_g2();
  Bytes out(256);
  CoprocArgs a;
  a.in[0] = p, a.in[1] = q, a.out[2] = out;
  run(state, ec::kOpBlsG2Add, a);
}
void BlsG1Msm(benchmark::State& state) {
  Bytes in;
  for (int64_t i = 0; i < state.range(0); ++i) in = cat({in, bls_g1(), random_bytes(32)});
  Bytes out(128);
  CoprocArgs a;
  a.in[0] = in, a.out[1] = out;
  a.threads = state.range(1) ? unsigned(state.range(1)) : 1;
  run(state, ec::kOpBlsG1Msm, a);
}
void BlsG2Msm(benchmark::State& state) {
  Bytes in;
  for (int64_t i = 0; i < state.range(0); ++i) in = cat({in, bls_g2(), random_bytes(32)});
  Bytes out(256);
  CoprocArgs a;
  a.in[0] = in, a.out[1] = out;
  run(state, ec::kOpBlsG2Msm, a);
}
void BlsPairing(benchmark::State& state) {
  Bytes in;
  for (int64_t i = 0; i < state.range(0); ++i) in = cat({in, bls_g1(), bls_g2()});
  CoprocArgs a;
  a.in[0] = in;
  run(state, ec::kOpBlsPairingCheck, a);
}
void BlsMapG1(benchmark::State& state) {
  const Bytes u = bls_fp();
  Bytes out(128);
  CoprocArgs a;
  a.in[0] = u, a.out[1] = out;
  run(state, ec::kOpBlsMapG1, a);
}
void BlsMapG2(benchmark::State& state) {
  const Bytes u = cat({bls_fp(), bls_fp()});
  Bytes out(256);
  CoprocArgs a;
  a.in[0] = u, a.out[1] = out;
  run(state, ec::kOpBlsMapG2, a);
}
void BlsG1MsmTable(benchmark::State& state) {
  Bytes pts, sc;
  for (int64_t i = 0; i < state.range(0); ++i) pts = cat({pts, bls_g1()}), sc = cat({sc, random_bytes(32)});
  tandem::ResidentStore store(1ull << 30);
  CoprocArgs t;
  t.resident = &store, t.in[0] = pts;
  uint64_t gas = 0, h = 0;
  find(ec::kOpBlsG1Table).analyze(t, gas);
  find(ec::kOpBlsG1Table).execute(t, h);
  Bytes out(128);
  CoprocArgs a;
  a.resident = &store, a.value[0][0] = h, a.in[1] = sc, a.out[2] = out;
  run(state, ec::kOpBlsG1MsmTable, a);
}
void BlsG1Table(benchmark::State& state) {
  Bytes pts;
  for (int64_t i = 0; i < state.range(0); ++i) pts = cat({pts, bls_g1()});
  tandem::ResidentStore store(1ull << 40);
  CoprocArgs a;
  a.resident = &store, a.in[0] = pts;
  run(state, ec::kOpBlsG1Table, a, &store);
}
void KzgVerify(benchmark::State& state) {
  // The zero polynomial: commitment and proof at infinity, y = 0 at a random z (a full check).
  Bytes in(160, 0);
  in[0] = 0xc0, in[112] = 0xc0;
  const Bytes z = scalar();
  std::memcpy(in.data() + 48, z.data(), 32);
  CoprocArgs a;
  a.in[0] = in;
  run(state, ec::kOpKzgVerify, a);
}

void Ntt(benchmark::State& state) {
  namespace ntt = tandem::coproc::ntt;
  const auto f = ntt::Field(state.range(0));
  const unsigned log_n = unsigned(state.range(1));
  const size_t n = size_t(1) << log_n, eb = ntt::element_bytes(f);
  Bytes data(n * eb, 0);
  for (size_t i = 0; i < n; ++i) data[i * eb] = uint8_t(rng());  // small values: canonical
  CoprocArgs a;
  a.value[0][0] = uint64_t(f), a.value[0][1] = log_n, a.value[2][0] = ntt::kForward;
  a.in[1] = data, a.out[1] = data;
  run(state, ntt::kOpTransform, a);
}

BENCHMARK(Bn254Add)->Unit(benchmark::kMicrosecond);
BENCHMARK(Bn254Mul)->Unit(benchmark::kMicrosecond);
BENCHMARK(Bn254Msm)->ArgsProduct({{2, 16, 128, 1024}, {0}})->Unit(benchmark::kMicrosecond);
// Threads: the same operation with 1 and 2 host threads, real time.
BENCHMARK(Bn254Msm)->Name("Bn254MsmThreads")->ArgsProduct({{16384}, {1, 2}})
    ->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(Bn254Pairing)->Arg(1)->Arg(2)->Arg(8)->Unit(benchmark::kMicrosecond);
BENCHMARK(Bn254Table)->Arg(128)->Unit(benchmark::kMicrosecond);
BENCHMARK(Bn254MsmTable)->Arg(2)->Arg(128)->Arg(1024)->Unit(benchmark::kMicrosecond);
BENCHMARK(BlsG1Add)->Unit(benchmark::kMicrosecond);
BENCHMARK(BlsG2Add)->Unit(benchmark::kMicrosecond);
BENCHMARK(BlsG1Msm)->ArgsProduct({{1, 2, 16, 128}, {0}})->Unit(benchmark::kMicrosecond);
BENCHMARK(BlsG1Msm)->Name("BlsG1MsmThreads")->ArgsProduct({{4096}, {1, 2}})
    ->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BlsG2Msm)->Arg(1)->Arg(2)->Arg(16)->Arg(128)->Unit(benchmark::kMicrosecond);
BENCHMARK(BlsPairing)->Arg(1)->Arg(2)->Arg(8)->Unit(benchmark::kMicrosecond);
BENCHMARK(BlsMapG1)->Unit(benchmark::kMicrosecond);
BENCHMARK(BlsMapG2)->Unit(benchmark::kMicrosecond);
BENCHMARK(BlsG1Table)->Arg(128)->Unit(benchmark::kMicrosecond);
BENCHMARK(BlsG1MsmTable)->Arg(2)->Arg(128)->Arg(1024)->Unit(benchmark::kMicrosecond);
BENCHMARK(KzgVerify)->Unit(benchmark::kMicrosecond);
BENCHMARK(Ntt)
    ->Args({0, 10})->Args({0, 16})->Args({1, 10})->Args({1, 16})->Args({2, 10})->Args({2, 14})
    ->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
