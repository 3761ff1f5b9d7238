// bus/bus.cpp: see bus.h.  The hot path (a call with small arguments) is a table lookup, a few
// range checks and two indirect calls; timing is optional because a clock read costs more than
// the rest of the round trip.
#include "bus/bus.h"

#include <chrono>
#include <cstring>
#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace tandem::bus {

void Bus::configure(std::shared_ptr<const CoprocessorSet> set, bool timing, uint64_t resident_limit,
                    unsigned threads) {
  set_ = std::move(set);
  timing_ = timing;
  resident_.clear();
  resident_.set_limit(resident_limit);
  args_.resident = &resident_;
  args_.threads = threads ? threads : 1;
  slots_.clear();
  ops_ = nullptr;
  if (!set_) return;
  ops_ = set_->ops().data();
  slots_.resize(set_->ops().size());
  for (size_t i = 0; i < slots_.size(); ++i) {
    Slot& s = slots_[i];
    for (unsigned k = 0; k < 3; ++k) {
      s.args[k] = ops_[i].args[k];
      s.memory |= s.args[k] != Arg::none && s.args[k] != Arg::value;
    }
    for (unsigned o = 0; o < 3; ++o)
      for (unsigned k = 0; k < 3; ++k)
        if (k != o && s.args[k] == Arg::in && (s.args[o] == Arg::out || s.args[o] == Arg::inout))
          s.check[s.checks++] = uint8_t(k | o << 2);
  }
}

uint64_t Bus::ticks() noexcept {
#if defined(__x86_64__)
  return __rdtsc();  // a tenth of the cost of a clock read; converted with the run's own rate
#else
  return uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count());
#endif
}

double Bus::ns_per_tick(uint64_t ticks0, uint64_t ticks1, uint64_t ns) noexcept {
#if defined(__x86_64__)
  return ticks1 > ticks0 ? double(ns) / double(ticks1 - ticks0) : 0.0;
#else
  (void)ticks0, (void)ticks1, (void)ns;
  return 1.0;
#endif
}

namespace {
bool overlaps(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  if (a.empty() || b.empty()) return false;
  return a.data() < b.data() + b.size() && b.data() < a.data() + a.size();
}
}  // namespace

// The guest sets up its arguments right before the ecall, so a0..a5 were just stored one by one
// by the interpreter.  A 16-byte load spanning two of those stores cannot be forwarded from them
// and waits until both reach the cache (measured: the two-span round trip of
// bench/api_bench.cpp took 11.5-12 ns with such loads, 8.8-9.8 ns without).  GCC's
// straight-line vectorizer merges the register reads and the argument-block writes into such
// loads, so it is off for this function.
#if defined(__GNUC__) && !defined(__clang__)
#define TANDEM_SCALAR_ACCESS __attribute__((optimize("no-tree-slp-vectorize")))
#else
#define TANDEM_SCALAR_ACCESS
#endif

TANDEM_SCALAR_ACCESS bool Bus::call(vm::Cpu& cpu) {
  const int index = set_ ? set_->find(cpu.x[17]) : -1;
  if (index < 0) return false;
  const CoprocessorOp& op = ops_[index];
  Slot& slot = slots_[size_t(index)];

  // The argument block lives in the Bus and is overwritten field by field: building a fresh,
  // zeroed one per call cost more than the rest of a small call (wide zeroing stores that later
  // narrow loads could not forward from).
  CoprocArgs& args = args_;
  uint64_t bytes_in = 0, bytes_out = 0;
  // The registers are read and the argument block written one 8-byte access each (see
  // TANDEM_SCALAR_ACCESS above).
  const uint64_t reg[6] = {cpu.arg(0), cpu.arg(1), cpu.arg(2), cpu.arg(3), cpu.arg(4), cpu.arg(5)};
  for (unsigned i = 0; i < 3; ++i) args.value[i][0] = reg[2 * i], args.value[i][1] = reg[2 * i + 1];
  if (!slot.memory) {
    // Spans stay empty from one call to the next unless a call with memory pairs set them.
    if (spans_set_) {
      for (unsigned i = 0; i < 3; ++i) args.in[i] = {}, args.out[i] = {};
      spans_set_ = false;
    }
  } else {
    spans_set_ = true;
    // Each pair writes its input and output span exactly once.
    for (unsigned i = 0; i < 3; ++i) {
      const uint64_t p = reg[2 * i], n = reg[2 * i + 1];
      const Arg kind = slot.args[i];
      if (kind == Arg::in) {
        auto s = cpu.readable(p, n);
        if (!s) return ++slot.refused, cpu.set_result(coproc_error::fault, 0), true;
        args.in[i] = *s, args.out[i] = {};
        bytes_in += n;
      } else if (kind == Arg::out || kind == Arg::inout) {
        auto s = cpu.writable(p, n);
        if (!s) return ++slot.refused, cpu.set_result(coproc_error::fault, 0), true;
        args.out[i] = *s;
        if (kind == Arg::inout) args.in[i] = *s, bytes_in += n;
        else args.in[i] = {};
        bytes_out += n;
      } else {
        args.in[i] = {}, args.out[i] = {};
      }
    }
    // Inputs are read as they were before the call, even where an output overlaps them.
    for (unsigned k = 0; k < slot.checks; ++k) {
      const unsigned i = slot.check[k] & 3, o = slot.check[k] >> 2;
      if (!overlaps(args.in[i], args.out[o])) continue;
      scratch_[i].assign(args.in[i].begin(), args.in[i].end());
      args.in[i] = scratch_[i];
    }
  }

  // Exceptions out of analyze or execute become statuses (analyze_checked, execute_checked): the
  // host never unwinds through the interpreter.
  uint64_t gas = 0;
  const int64_t verdict = analyze_checked(op, args, gas);
  if (verdict < 0) return ++slot.refused, cpu.set_result(verdict, 0), true;
  if (!cpu.charge(gas)) return true;  // out of gas: the operation never runs
  ++slot.calls;
  slot.gas += gas;
  slot.bytes_in += bytes_in;
  slot.bytes_out += bytes_out;
  uint64_t value = 0;
  int64_t status;
  if (timing_) {
    const uint64_t t0 = ticks();
    status = execute_checked(op, args, value);
    slot.ticks += ticks() - t0;
  } else {
    status = execute_checked(op, args, value);
  }
  if (status < 0) ++slot.failures;
  cpu.set_result(status < 0 ? status : 0, value);
  return true;
}

std::vector<CoprocessorStats> Bus::stats(double ns_per_tick) const {
  std::vector<CoprocessorStats> out;
  for (size_t i = 0; i < slots_.size(); ++i) {
    const Slot& s = slots_[i];
    if (!s.calls && !s.refused) continue;
    CoprocessorStats st;
    st.number = ops_[i].number;
    st.name = ops_[i].name;
    st.calls = s.calls, st.failures = s.failures, st.refused = s.refused;
    st.bytes_in = s.bytes_in, st.bytes_out = s.bytes_out, st.gas = s.gas;
    st.nanoseconds = uint64_t(double(s.ticks) * ns_per_tick + 0.5);
    out.push_back(std::move(st));
  }
  return out;
}

}  // namespace tandem::bus
