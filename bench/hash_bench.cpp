// bench/hash_bench.cpp: the hash coprocessor family called directly (no bus): Keccak-256 against
// OpenSSL 3's SHA3-256 (the same permutation and rate, so bytes per second compare directly),
// Keccak-f[1600], SHA-256, RIPEMD-160 and BLAKE2b F.  The figures calibrate the gas formulas in
// coproc/hash/ops.cpp (docs/coprocessors.md says how).
//
//   tandem_hash_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
//
// Keccak256VsOpenSSL times both in the same iteration, alternating, in thread CPU time, so load
// from other processes hits both alike; its counter `ratio` is OpenSSL's time over ours (above 1:
// ours is faster).  Reading that clock is a system call, so at 64 bytes its MB/s counters are
// mostly clock reads: compare the Keccak256 and OpenSSL_SHA3_256 rows for short messages.
#include <benchmark/benchmark.h>
#include <openssl/evp.h>

#include <chrono>
#include <ctime>
#include <cstdint>
#include <vector>

#include "coproc/hash/hash.h"

namespace hash = tandem::coproc::hash;

namespace {

std::vector<uint8_t> data(size_t n) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = uint8_t(i * 131 + 7);
  return v;
}

const EVP_MD* sha3_256() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA3-256", nullptr);
  return md;
}

void openssl_sha3(EVP_MD_CTX* ctx, const std::vector<uint8_t>& in, uint8_t* out) {
  unsigned int len = 0;
  EVP_DigestInit_ex2(ctx, sha3_256(), nullptr);
  EVP_DigestUpdate(ctx, in.data(), in.size());
  EVP_DigestFinal_ex(ctx, out, &len);
}

void Keccak256(benchmark::State& state) {
  const auto in = data(size_t(state.range(0)));
  uint8_t out[32];
  for (auto _ : state) {
    hash::keccak256(in.data(), in.size(), out);
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * state.range(0));
}

void OpenSSL_SHA3_256(benchmark::State& state) {
  const auto in = data(size_t(state.range(0)));
  uint8_t out[32];
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  for (auto _ : state) {
    openssl_sha3(ctx, in, out);
    benchmark::DoNotOptimize(out);
  }
  EVP_MD_CTX_free(ctx);
  state.SetBytesProcessed(int64_t(state.iterations()) * state.range(0));
}

// Thread CPU time: other processes on the machine do not count.
struct cpu_clock {
  using duration = std::chrono::nanoseconds;
  using time_point = std::chrono::time_point<cpu_clock>;
  static time_point now() noexcept {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return time_point(duration(int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec));
  }
};

void Keccak256VsOpenSSL(benchmark::State& state) {
  using clock = cpu_clock;
  const auto in = data(size_t(state.range(0)));
  uint8_t out[32];
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  clock::duration ours{}, theirs{};
  for (auto _ : state) {
    auto t0 = clock::now();
    hash::keccak256(in.data(), in.size(), out);
    benchmark::DoNotOptimize(out);
    auto t1 = clock::now();
    openssl_sha3(ctx, in, out);
    benchmark::DoNotOptimize(out);
    auto t2 = clock::now();
    ours += t1 - t0;
    theirs += t2 - t1;
  }
  EVP_MD_CTX_free(ctx);
  state.counters["ratio"] = double(theirs.count()) / double(ours.count());
  state.counters["ours_MBps"] =
      double(state.iterations()) * double(state.range(0)) / std::chrono::duration<double>(ours).count() / 1e6;
  state.counters["openssl_MBps"] =
      double(state.iterations()) * double(state.range(0)) / std::chrono::duration<double>(theirs).count() / 1e6;
}

void KeccakF1600(benchmark::State& state) {
  uint64_t st[25] = {};
  for (auto _ : state) {
    hash::keccakf1600(st);
    benchmark::DoNotOptimize(st);
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * 200);
}

void Sha256(benchmark::State& state) {
  const auto in = data(size_t(state.range(0)));
  uint8_t out[32];
  for (auto _ : state) {
    if (!hash::sha256(in.data(), in.size(), out)) state.SkipWithError("sha256 failed");
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * state.range(0));
}

void Ripemd160(benchmark::State& state) {
  const auto in = data(size_t(state.range(0)));
  uint8_t out[20];
  for (auto _ : state) {
    if (!hash::ripemd160(in.data(), in.size(), out)) state.SkipWithError("ripemd160 failed");
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * state.range(0));
}

void Blake2f(benchmark::State& state) {
  uint64_t h[8] = {1, 2, 3, 4, 5, 6, 7, 8}, m[16] = {}, t[2] = {128, 0};
  const uint32_t rounds = uint32_t(state.range(0));
  for (auto _ : state) {
    hash::blake2b_f(rounds, h, m, t, true);
    benchmark::DoNotOptimize(h);
  }
  state.counters["rounds"] = rounds;
}

}  // namespace

BENCHMARK(Keccak256)->Arg(0)->Arg(64)->Arg(136)->Arg(1 << 20);
BENCHMARK(OpenSSL_SHA3_256)->Arg(0)->Arg(64)->Arg(136)->Arg(1 << 20);
BENCHMARK(Keccak256VsOpenSSL)->Arg(64)->Arg(1 << 20);
BENCHMARK(KeccakF1600);
BENCHMARK(Sha256)->Arg(0)->Arg(64)->Arg(1 << 20);
BENCHMARK(Ripemd160)->Arg(0)->Arg(64)->Arg(1 << 20);
BENCHMARK(Blake2f)->Arg(0)->Arg(12)->Arg(1000);

BENCHMARK_MAIN();
