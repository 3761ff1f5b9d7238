// bench/ntt_bench.cpp: time per NTT call (forward) for 2^16, 2^20 and 2^24 elements in each field,
// one polynomial or a batch, on one or two threads, against the memory-streaming floor for the
// same bytes measured in the same run: one pass that reads and writes every 64-bit word of the
// buffer once.  Target (NTT issue): Goldilocks 2^24 within 2x of that floor.  Counters: floor_ms,
// ratio = call time / floor, ms_per_poly, ns_per_elem_level.  Time is real time; CPU time is the
// whole process's (every thread's), so with threads = 2 it is up to twice the real time.
// Arguments: field (0 Goldilocks, 1 BabyBear, 2 BN254), log_n, impl (0 the fastest the CPU has,
// 1 portable, 2 AVX2 at most), threads (Plan::create's), count (polynomials per call).  Buffers ask
// for transparent huge pages, as the plan's scratch does.
#include <benchmark/benchmark.h>
#include <sys/mman.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <random>

#include "coproc/ntt/ntt.h"

namespace {

using namespace tandem::coproc::ntt;
using Clock = std::chrono::steady_clock;

struct HugeBuffer {
  explicit HugeBuffer(size_t bytes) : size((bytes + (2u << 20) - 1) / (2u << 20) * (2u << 20)) {
    p = static_cast<uint8_t*>(std::aligned_alloc(2u << 20, size));
    madvise(p, size, MADV_HUGEPAGE);
    std::memset(p, 0, size);
  }
  ~HugeBuffer() { std::free(p); }
  uint8_t* p;
  size_t size;
};

// Canonical random elements: the top byte of each element cleared is below every modulus.
void fill(Field f, uint8_t* p, size_t n) {
  std::mt19937_64 rng(1);
  const size_t eb = element_bytes(f);
  for (size_t i = 0; i < n * eb; i += 8) {
    const uint64_t v = rng();
    std::memcpy(p + i, &v, std::min<size_t>(8, n * eb - i));
  }
  for (size_t i = 0; i < n; ++i) p[i * eb + eb - 1] = 0;
  p[eb - 1] = 0;
}

// One read and one write of every 64-bit word; the best of a few runs.
double floor_seconds(uint8_t* p, size_t bytes) {
  double best = 1e9;
  for (int rep = 0; rep < 5; ++rep) {
    auto* w = reinterpret_cast<uint64_t*>(p);
    const auto t0 = Clock::now();
    for (size_t i = 0; i < bytes / 8; ++i) w[i] += 1;
    benchmark::ClobberMemory();
    best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
  }
  return best;
}

void BM_Ntt(benchmark::State& state) {
  const auto f = Field(state.range(0));
  const auto log_n = unsigned(state.range(1));
  const auto impl = Impl(state.range(2));
  const auto threads = unsigned(state.range(3));
  const auto count = size_t(state.range(4));
  const size_t n = size_t(1) << log_n, bytes = count * n * element_bytes(f);
  HugeBuffer buf(bytes);
  fill(f, buf.p, count * n);
  const auto plan = Plan::create(f, log_n, impl, threads);
  plan->forward(buf.p, count);  // allocates the plan's scratch
  fill(f, buf.p, count * n);
  const double floor = floor_seconds(buf.p, bytes);
  fill(f, buf.p, count * n);
  double total = 0;
  for (auto _ : state) {
    const auto t0 = Clock::now();
    plan->forward(buf.p, count);
    benchmark::ClobberMemory();
    total += std::chrono::duration<double>(Clock::now() - t0).count();
  }
  const double per = total / double(state.iterations());
  state.SetBytesProcessed(int64_t(state.iterations() * bytes));
  state.counters["floor_ms"] = floor * 1e3;
  state.counters["ratio"] = per / floor;
  state.counters["vector_bits"] = plan->vector_bits();
  state.counters["ms_per_poly"] = per * 1e3 / double(count);
  state.counters["ns_per_elem_level"] = per * 1e9 / (double(count * n) * log_n);
}

void BM_Floor(benchmark::State& state) {
  const size_t bytes = size_t(state.range(0)) << state.range(1);
  HugeBuffer buf(bytes);
  for (auto _ : state) {
    auto* w = reinterpret_cast<uint64_t*>(buf.p);
    for (size_t i = 0; i < bytes / 8; ++i) w[i] += 1;
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(int64_t(state.iterations() * bytes));
}

void ntt_args(benchmark::internal::Benchmark* b) {
  b->ArgNames({"field", "log_n", "impl", "threads", "count"});
  for (int f : {0, 1, 2}) {
    for (int k : {16, 20, 24}) {
      if (f == 2 && k == 24) continue;  // BN254 2^24: 512 MiB and tens of seconds per call
      for (int impl : {0, 2, 1}) {
        if (f == 2 && impl == 2) continue;  // BN254 has no AVX2 path: kAvx2 is kAuto
        for (int threads : {1, 2}) {
          if (threads == 2 && impl != 0) continue;
          b->Args({f, k, impl, threads, 1});
        }
      }
    }
    // Batches: 256 polynomials of 2^12 (small transforms, shared between threads by polynomial;
    // BN254 16) and 4 of 2^20 (each large one's passes split by columns; not BN254).
    for (int threads : {1, 2}) {
      b->Args({f, 12, 0, threads, f == 2 ? 16 : 256});
      if (f != 2) b->Args({f, 20, 0, threads, 4});
    }
  }
}

}  // namespace

BENCHMARK(BM_Ntt)
    ->Apply(ntt_args)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();
BENCHMARK(BM_Floor)
    ->ArgNames({"elem_bytes", "log_n"})
    ->Args({8, 16})
    ->Args({8, 20})
    ->Args({8, 24})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK_MAIN();
