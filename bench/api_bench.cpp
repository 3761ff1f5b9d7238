// bench/api_bench.cpp: cost of embedding: loading a program, creating a machine, running a
// trivial guest.  Target (issue: glue VM): create + run of a trivial guest <= 50 us.
#include <benchmark/benchmark.h>

#include <chrono>

#include "elf_builder.h"
#include "rv_asm.h"
#include "tandem/tandem.h"

namespace {

// li a0, 0; li a7, 93; ecall
std::vector<uint8_t> trivial_elf() {
  tandem::test::ElfSpec s;
  s.entry = 0x10000;
  s.segs.push_back({0x10000, tandem::test::words({0x00000513, 0x05d00893, 0x00000073}), 0, 5});
  s.segs.push_back({0x20000, std::vector<uint8_t>(64, 0), 4096, 6});
  return tandem::test::build_elf(s);
}

void BM_LoadProgram(benchmark::State& state) {
  const auto elf = trivial_elf();
  for (auto _ : state) {
    auto p = tandem::Program::from_bytes(elf);
    benchmark::DoNotOptimize(p);
  }
}
BENCHMARK(BM_LoadProgram);

void BM_CreateAndRun(benchmark::State& state) {
  auto p = tandem::Program::from_bytes(trivial_elf());
  if (!p) {
    state.SkipWithError(p.error().c_str());
    return;
  }
  for (auto _ : state) {
    auto m = tandem::Machine::create(*p);
    auto r = m->run();
    if (r.status != tandem::Status::exited) state.SkipWithError("trivial guest did not exit");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_CreateAndRun)->Unit(benchmark::kMicrosecond);

void BM_LoadCreateAndRun(benchmark::State& state) {
  const auto elf = trivial_elf();
  for (auto _ : state) {
    auto p = tandem::Program::from_bytes(elf);
    auto m = tandem::Machine::create(*p);
    auto r = m->run();
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_LoadCreateAndRun)->Unit(benchmark::kMicrosecond);

// A guest loop of `iters` iterations, with or without a bus.noop call in its body.
std::vector<uint8_t> loop_elf(uint64_t iters, bool with_call, uint32_t number = 0x2000) {
  using namespace tandem::test::rv;
  Guest g(64);
  g.a.li(s0, 0).li(s1, iters).li(a7, number);
  Label loop = g.a.here_label();
  if (with_call) g.a.emit(ecall());
  g.a.emit(addi(s0, s0, 1));
  g.a.bne(s0, s1, loop);
  g.exit(0);
  return g.elf();
}

// Runs a guest loop with and without the call in its body, alternately, and reports the time
// per call net of the loop (ns_per_call) and the loop's own time per iteration.
void net_call_time(benchmark::State& state, const std::vector<uint8_t>& with_elf,
                   const std::vector<uint8_t>& without_elf, uint64_t iters,
                   const tandem::MachineOptions& o) {
  auto with = tandem::Program::from_bytes(with_elf);
  auto without = tandem::Program::from_bytes(without_elf);
  if (!with || !without) return state.SkipWithError("could not load the guest");
  double call_s = 0, base_s = 0;
  for (auto _ : state) {
    auto t0 = std::chrono::steady_clock::now();
    auto r1 = tandem::Machine::create(*with, o)->run();
    auto t1 = std::chrono::steady_clock::now();
    auto r2 = tandem::Machine::create(*without, o)->run();
    auto t2 = std::chrono::steady_clock::now();
    if (r1.status != tandem::Status::exited || r2.status != tandem::Status::exited) state.SkipWithError("guest failed");
    call_s += std::chrono::duration<double>(t1 - t0).count();
    base_s += std::chrono::duration<double>(t2 - t1).count();
  }
  state.counters["ns_per_call"] = (call_s - base_s) / double(state.iterations()) / double(iters) * 1e9;
  state.counters["ns_per_iteration_without_call"] = base_s / double(state.iterations()) / double(iters) * 1e9;
}

// Round trip guest -> bus -> no-op coprocessor -> guest, net of the loop around it.  Target
// (coprocessor-bus issue): <= 10 ns.  Reported as the counter ns_per_call; arg 0/1 = timing off/on.
void BM_NoopCoprocessorRoundTrip(benchmark::State& state) {
  constexpr uint64_t kIters = 1'000'000;
  tandem::MachineOptions o;
  o.time_coprocessors = state.range(0) != 0;
  net_call_time(state, loop_elf(kIters, true), loop_elf(kIters, false), kIters, o);
}
BENCHMARK(BM_NoopCoprocessorRoundTrip)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// The same for a plain system call (gas_left), to separate the VM's ecall cost from the bus's.
void BM_SystemCallRoundTrip(benchmark::State& state) {
  constexpr uint64_t kIters = 1'000'000;
  net_call_time(state, loop_elf(kIters, true, 0x1003), loop_elf(kIters, false, 0x1003), kIters, {});
}
BENCHMARK(BM_SystemCallRoundTrip)->Unit(benchmark::kMillisecond);

// A call with an input and an output span, the shape of a hash call, to an operation that does no
// work: what the bus adds to such a call beyond the bare round trip (range checks, the argument
// block, analyze, counters).  The guest sets a0..a3 before each ecall as compiled code does, and
// the loop without the call sets them too, so the counter is net of the guest's own instructions.
std::vector<uint8_t> span_loop_elf(uint64_t iters, bool with_call) {
  using namespace tandem::test::rv;
  Guest g(64);
  g.a.li(s0, 0).li(s1, iters);
  Label loop = g.a.here_label();
  g.a.li(a0, kDataBase + 4096).li(a1, 64).li(a2, kDataBase).li(a3, 32).li(a7, 0x2ff0);
  if (with_call) g.a.emit(ecall());
  g.a.emit(addi(s0, s0, 1));
  g.a.bne(s0, s1, loop);
  g.exit(0);
  return g.elf();
}

void BM_SpanCoprocessorRoundTrip(benchmark::State& state) {
  constexpr uint64_t kIters = 1'000'000;
  auto set = std::make_shared<tandem::CoprocessorSet>(*tandem::CoprocessorSet::builtin());
  tandem::CoprocessorOp op;
  op.number = 0x2ff0;
  op.name = "bench.span_noop";
  op.args[0] = tandem::Arg::in;
  op.args[1] = tandem::Arg::out;
  op.analyze = [](const tandem::CoprocArgs& a, uint64_t& gas) -> int64_t {
    gas = 1 + a.in[0].size() / 64;
    return a.out[1].size() == 32 ? 0 : -1;
  };
  op.execute = [](const tandem::CoprocArgs& a, uint64_t&) -> int64_t {
    benchmark::DoNotOptimize(a.in[0].data());
    return 0;
  };
  if (!set->add(std::move(op))) return state.SkipWithError("could not register the operation");
  tandem::MachineOptions o;
  o.time_coprocessors = false;
  o.coprocessors = set;
  net_call_time(state, span_loop_elf(kIters, true), span_loop_elf(kIters, false), kIters, o);
}
BENCHMARK(BM_SpanCoprocessorRoundTrip)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
