// bus/bus.h: the coprocessor bus.  Turns an ecall in the coprocessor range into a checked call of
// one operation of a CoprocessorSet: decodes the argument pairs, validates every guest range
// (inside the arena, readable or writable as declared, no overflow), isolates inputs that overlap
// outputs, runs analyze, charges its gas before execute, runs execute, writes the status and value
// back, and counts everything per operation.  Operations never see a guest address.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "tandem/coprocessor.h"
#include "vm/cpu.h"

namespace tandem::bus {

class Bus {
 public:
  Bus() = default;
  void configure(std::shared_ptr<const CoprocessorSet> set, bool timing, uint64_t resident_limit,
                 unsigned threads = 1);

  // The machine's resident objects (CoprocArgs::resident), freed with the bus.
  ResidentStore& resident() noexcept { return resident_; }

  // Handles the ecall whose number is in a7.  Leaves a0/a1 set, or the cpu stopped (out of gas).
  // Returns false, touching nothing, when the set has no operation with that number.
  bool call(vm::Cpu& cpu);

  // Counters of the operations that were called at least once, with time converted from ticks
  // (see ticks()) to nanoseconds.
  std::vector<CoprocessorStats> stats(double ns_per_tick) const;

  // A cheap monotonic counter (the TSC on x86-64, nanoseconds elsewhere), and the rate that
  // converts it, measured over a span of the caller's choosing (the whole run).
  static uint64_t ticks() noexcept;
  static double ns_per_tick(uint64_t ticks0, uint64_t ticks1, uint64_t ns) noexcept;

 private:
  static int64_t run(const CoprocessorOp& op, const CoprocArgs& args, uint64_t& value) noexcept;
  std::shared_ptr<const CoprocessorSet> set_;
  std::vector<CoprocessorStats> stats_;  // one per op of the set
  struct Shape {
    bool memory = false;   // any in/out/inout pair
    bool overlap = false;  // both an in pair and an out/inout pair: overlap must be checked
  };
  std::vector<Shape> shapes_;            // one per op of the set
  std::vector<uint8_t> scratch_[3];      // copies of inputs that overlap an output
  CoprocArgs args_;                      // the argument block of the call in progress
  bool timing_ = true;
  ResidentStore resident_;
};

}  // namespace tandem::bus
