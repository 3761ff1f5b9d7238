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
  // What a call of one operation reads and updates besides the operation itself, in one cache
  // line: its argument kinds, the overlap checks they need, and its counters (stats() takes
  // names and numbers from the set).  Everything a call needs is worked out here at configure().
  struct alignas(64) Slot {
    Arg args[3] = {Arg::none, Arg::none, Arg::none};
    bool memory = false;   // any in/out/inout pair
    // The (input i, output o) pairs to check for overlap, as i | o << 2: each in pair against
    // each out or inout pair, so at most two (three pairs in all).
    uint8_t checks = 0;
    uint8_t check[2] = {};
    uint64_t calls = 0, failures = 0, refused = 0, bytes_in = 0, bytes_out = 0, gas = 0;
    uint64_t ticks = 0;    // time in execute, in ticks until stats() converts
  };
  static_assert(sizeof(Slot) == 64);
  CoprocArgs args_;                      // the argument block of the call in progress
  std::shared_ptr<const CoprocessorSet> set_;
  const CoprocessorOp* ops_ = nullptr;   // set_->ops().data()
  std::vector<Slot> slots_;              // one per op of the set
  bool timing_ = true;
  bool spans_set_ = false;               // args_ holds spans from the last call
  std::vector<uint8_t> scratch_[3];      // copies of inputs that overlap an output
  ResidentStore resident_;
};

}  // namespace tandem::bus
