// bench/bus_bench.cpp: each hash coprocessor called by a guest through the bus against the same
// implementation called directly from native code, at 64 bytes and 1 MiB, in the same run.
// Target (coprocessor-bus issue): through the bus >= 0.95x the direct throughput.  Then the
// batch operations against the same batch called directly and against single direct calls.
// The counter `ratio` = direct time per call / bus time per call (1.0 = no overhead).
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstring>

#include "coproc/hash/hash.h"
#include "rv_asm.h"
#include "tandem/tandem.h"

namespace {

using namespace tandem::test::rv;
using Clock = std::chrono::steady_clock;

enum Which : int { kKeccak, kSha256, kRipemd };
namespace hash = tandem::coproc::hash;
constexpr uint32_t kNumber[] = {hash::kOpKeccak256, hash::kOpSha256, hash::kOpRipemd160};
constexpr uint32_t kOutLen[] = {32, 32, 20};
constexpr const char* kName[] = {"keccak256", "sha256", "ripemd160"};

void direct(Which w, const uint8_t* p, size_t n, uint8_t* out) {
  switch (w) {
    case kKeccak: hash::keccak256(p, n, out); break;
    case kSha256: hash::sha256(p, n, out); break;
    case kRipemd: hash::ripemd160(p, n, out); break;
  }
}

// A guest that calls operation `number` `calls` times: input of `in_len` bytes at data offset
// `in_at`, output of `out_len` bytes at the start of its data segment, and a4 = `count`, a5 = 0
// for a batch (count > 0; a single-message call sets neither).
std::vector<uint8_t> call_loop(uint32_t number, uint64_t in_at, uint64_t in_len, uint64_t out_len,
                               uint64_t count, uint64_t calls) {
  Guest g(64);
  g.data_memsz = std::max<uint64_t>(in_at + in_len, kDataSize);
  g.a.li(s0, 0).li(s1, calls);
  Label loop = g.a.here_label();
  g.a.li(a0, kDataBase + in_at).li(a1, in_len).li(a2, kDataBase).li(a3, out_len);
  if (count) g.a.li(a4, count).li(a5, 0);
  g.a.li(a7, number);
  g.a.emit(ecall());
  g.a.emit(addi(s0, s0, 1));
  g.a.bne(s0, s1, loop);
  g.exit(0);
  return g.elf();
}

// Seconds one run of `prog` takes, or a negative value with the reason in `error` when the
// guest does not exit.  Creating and freeing the machine (an mmap, page faults, an munmap: tens of
// microseconds, bench/api_bench.cpp) is no part of a call, so it stays outside the timed span.
double timed_run(const tandem::Program& prog, const tandem::MachineOptions& o, std::string& error) {
  auto m = tandem::Machine::create(prog, o);
  if (!m) return error = m.error(), -1;
  const auto t0 = Clock::now();
  const auto r = m->run();
  const double s = std::chrono::duration<double>(Clock::now() - t0).count();
  if (r.status != tandem::Status::exited) return error = r.message, -1;
  return s;
}

void BM_HashThroughBusVsDirect(benchmark::State& state) {
  const Which w = Which(state.range(0));
  const uint64_t len = uint64_t(state.range(1));
  const uint64_t calls = len <= 64 ? 200000 : 40;
  auto prog = tandem::Program::from_bytes(call_loop(kNumber[w], 4096, len, kOutLen[w], 0, calls));
  if (!prog) return state.SkipWithError(prog.error().c_str());
  tandem::MachineOptions o;
  o.memory = 64ull << 20;
  o.time_coprocessors = false;
  std::vector<uint8_t> buf(len, 0), out(32);
  double bus_s = 0, direct_s = 0;
  std::string error;
  for (auto _ : state) {
    const double bus = timed_run(*prog, o, error);
    if (bus < 0) return state.SkipWithError(error.c_str());
    const auto t1 = Clock::now();
    for (uint64_t i = 0; i < calls; ++i) {
      direct(w, buf.data(), len, out.data());
      benchmark::ClobberMemory();
    }
    bus_s += bus;
    direct_s += std::chrono::duration<double>(Clock::now() - t1).count();
  }
  state.SetLabel(std::string(kName[w]) + " " + std::to_string(len) + " B");
  state.counters["ns_per_call_bus"] = bus_s / double(state.iterations() * calls) * 1e9;
  state.counters["ns_per_call_direct"] = direct_s / double(state.iterations() * calls) * 1e9;
  state.counters["ratio"] = direct_s / bus_s;
}
BENCHMARK(BM_HashThroughBusVsDirect)
    ->ArgsProduct({{kKeccak, kSha256, kRipemd}, {64, 1 << 20}})
    ->Unit(benchmark::kMillisecond);

// The batches (hash.keccak256_many, hash.sha256_many): one call hashes `count` 64-byte messages, a
// level of a Merkle tree.  `ratio` = the same batch called directly / through the bus;
// `ratio_vs_single_calls` = `count` direct single-message calls / the batch through the bus, what
// a guest gains over calling the single operation natively.
constexpr uint32_t kBatchNumber[] = {hash::kOpKeccak256Many, hash::kOpSha256Many};

void BM_HashBatchThroughBusVsDirect(benchmark::State& state) {
  const Which w = Which(state.range(0));
  const uint64_t len = 64, count = uint64_t(state.range(1)), calls = 400000 / count;
  auto prog = tandem::Program::from_bytes(
      call_loop(kBatchNumber[w], 32 * count, len * count, 32 * count, count, calls));
  if (!prog) return state.SkipWithError(prog.error().c_str());
  tandem::MachineOptions o;
  o.memory = 64ull << 20;
  o.time_coprocessors = false;
  std::vector<uint8_t> buf(len * count, 0), out(32 * count);
  double bus_s = 0, batch_s = 0, single_s = 0;
  std::string error;
  for (auto _ : state) {
    const double bus = timed_run(*prog, o, error);
    if (bus < 0) return state.SkipWithError(error.c_str());
    const auto t1 = Clock::now();
    for (uint64_t i = 0; i < calls; ++i) {
      if (w == kKeccak) hash::keccak256_many(buf.data(), len, count, out.data());
      else hash::sha256_many(buf.data(), len, count, out.data());
      benchmark::ClobberMemory();
    }
    const auto t2 = Clock::now();
    for (uint64_t i = 0; i < calls * count; ++i) {
      direct(w, buf.data() + (i % count) * len, len, out.data() + 32 * (i % count));
      benchmark::ClobberMemory();
    }
    bus_s += bus;
    batch_s += std::chrono::duration<double>(t2 - t1).count();
    single_s += std::chrono::duration<double>(Clock::now() - t2).count();
  }
  state.SetLabel(std::string(kName[w]) + "_many " + std::to_string(count) + " x 64 B");
  const double messages = double(state.iterations() * calls * count);
  state.counters["ns_per_message_bus"] = bus_s / messages * 1e9;
  state.counters["ns_per_message_direct"] = batch_s / messages * 1e9;
  state.counters["ratio"] = batch_s / bus_s;
  state.counters["ratio_vs_single_calls"] = single_s / bus_s;
}
BENCHMARK(BM_HashBatchThroughBusVsDirect)
    ->ArgsProduct({{kKeccak, kSha256}, {8, 64}})
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
