// bench/api_bench.cpp: cost of embedding: loading a program, creating a machine, running a
// trivial guest.  Target (issue: glue VM): create + run of a trivial guest <= 50 us.
#include <benchmark/benchmark.h>

#include "elf_builder.h"
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

}  // namespace

BENCHMARK_MAIN();
